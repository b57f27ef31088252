package dev.gitflags.promote;

import dev.gitflags.load.LoadLimits;
import dev.gitflags.load.YamlDialect;
import dev.gitflags.model.FlagField;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The surgical edit of one environment file: a pure function from the file's bytes and a list of
 * {@link FieldEdit}s to the new bytes. SnakeYAML node marks locate the lines of each touched override field;
 * only those lines are replaced, inserted or removed, so comments, key order, blank lines and quoting elsewhere
 * stay byte-identical. New lines follow the file's own indentation and newline style.
 *
 * <p>An {@code overrides:} block (or one flag's override) written in flow style, or empty, is rewritten whole
 * in block style, since a flow collection has no lines of its own to edit.
 *
 * <p>The file is read, and new lines are written, with the loader's {@link YamlDialect}: what the loader accepted
 * can be edited, and a scalar is quoted in a new line exactly when the loader would otherwise misread it.
 */
public final class OverrideEditor {

    private static final String OVERRIDES = "overrides";

    private OverrideEditor() {
    }

    /** Thrown when the file is not a YAML mapping that can be edited; the caller refuses the promotion. */
    public static final class UneditableFileException extends Exception {
        public UneditableFileException(String message) {
            super(message);
        }
    }

    /**
     * Applies {@code edits} (later edits of the same field win) and returns the new file; returns the same
     * bytes when no edit changes anything. {@code limits} are the loader's, which accepted the file.
     */
    public static byte[] apply(byte[] file, List<FieldEdit> edits, LoadLimits limits) throws UneditableFileException {
        String text = new String(file, StandardCharsets.UTF_8);
        Node root;
        try {
            root = YamlDialect.compose(text, limits);
        } catch (YAMLException e) {
            throw new UneditableFileException("not valid YAML: " + e.getMessage());
        }
        if (root != null && !(root instanceof MappingNode)) {
            throw new UneditableFileException("the file is not a YAML mapping");
        }
        Map<String, Map<FlagField, FieldEdit>> byFlag = new LinkedHashMap<>();
        for (FieldEdit edit : edits) {
            byFlag.computeIfAbsent(edit.flagKey(), key -> new LinkedHashMap<>()).put(edit.field(), edit);
        }
        Document document = new Document(text, (MappingNode) root);
        List<Splice> splices = document.plan(byFlag);
        if (splices.isEmpty()) {
            return file;
        }
        return document.splice(splices).getBytes(StandardCharsets.UTF_8);
    }

    /** Replace lines [start, end) by {@code lines}; an insertion has start == end. */
    private record Splice(int start, int end, List<String> lines) {
        boolean inserts() {
            return start == end;
        }
    }

    /** One line of the original file, its text and its line terminator ("" for a last line without one). */
    private record Line(String content, String terminator) {
    }

    /** The parsed file with its lines and the layout conventions it uses. */
    private static final class Document {
        private final List<Line> lines;
        private final MappingNode root;
        private final String newline;
        private final Layout layout;

        Document(String text, MappingNode root) {
            this.lines = split(text);
            this.root = root;
            this.newline = text.contains("\r\n") ? "\r\n" : "\n";
            this.layout = Layout.of(root);
        }

        List<Splice> plan(Map<String, Map<FlagField, FieldEdit>> byFlag) throws UneditableFileException {
            NodeTuple overrides = root == null ? null : find(root, OVERRIDES);
            if (overrides == null) {
                MappingNode added = mapping();
                byFlag.forEach((flagKey, fields) -> putIfAny(added, flagKey, apply(mapping(), fields.values())));
                if (added.getValue().isEmpty()) {
                    return List.of();
                }
                int column = root == null || root.getValue().isEmpty() ? 0 : keyColumn(root.getValue().get(0));
                return List.of(new Splice(lines.size(), lines.size(), emit(single(OVERRIDES, added), column)));
            }
            Node value = overrides.getValueNode();
            if (!isBlockMapping(value)) {
                return rewriteWhole(overrides, byFlag);
            }
            return editBlock(overrides, (MappingNode) value, byFlag);
        }

        /** {@code overrides:} empty, null or in flow style: rebuild it in block style with the edits applied. */
        private List<Splice> rewriteWhole(NodeTuple overrides, Map<String, Map<FlagField, FieldEdit>> byFlag)
                throws UneditableFileException {
            Node value = overrides.getValueNode();
            MappingNode merged = mapping();
            if (value instanceof MappingNode existing) {
                existing.getValue().forEach(tuple -> merged.getValue().add(blockTuple(tuple)));
            } else if (!isNull(value)) {
                throw new UneditableFileException("'overrides' is not a mapping");
            }
            boolean changed = false;
            for (Map.Entry<String, Map<FlagField, FieldEdit>> entry : byFlag.entrySet()) {
                NodeTuple flag = find(merged, entry.getKey());
                MappingNode fields = flag != null && flag.getValueNode() instanceof MappingNode m ? m : mapping();
                changed |= changes(fields, entry.getValue().values());
                setFlag(merged, entry.getKey(), apply(fields, entry.getValue().values()));
            }
            if (!changed) {
                return List.of();
            }
            List<String> emitted = merged.getValue().isEmpty()
                    ? List.of(" ".repeat(keyColumn(overrides)) + OVERRIDES + ": {}")
                    : emit(single(OVERRIDES, merged), keyColumn(overrides));
            return List.of(new Splice(keyLine(overrides), lastLine(overrides) + 1, emitted));
        }

        private List<Splice> editBlock(NodeTuple overrides, MappingNode block,
                                       Map<String, Map<FlagField, FieldEdit>> byFlag) {
            List<Splice> splices = new ArrayList<>();
            int entryColumn = keyColumn(block.getValue().get(0));
            int removedFlags = 0;
            MappingNode added = mapping();
            for (Map.Entry<String, Map<FlagField, FieldEdit>> entry : byFlag.entrySet()) {
                NodeTuple flag = find(block, entry.getKey());
                if (flag == null) {
                    putIfAny(added, entry.getKey(), apply(mapping(), entry.getValue().values()));
                } else if (isBlockMapping(flag.getValueNode())) {
                    removedFlags += editFields(flag, entry.getValue(), splices) ? 1 : 0;
                } else {
                    // `key:` with no fields, or fields in flow style: rewrite this one entry in block style.
                    MappingNode fields = flag.getValueNode() instanceof MappingNode m
                            ? (MappingNode) copyBlock(m) : mapping();
                    if (!changes(fields, entry.getValue().values())) {
                        continue;
                    }
                    MappingNode after = apply(fields, entry.getValue().values());
                    List<String> emitted = after.getValue().isEmpty() ? List.of()
                            : emit(single(entry.getKey(), after), entryColumn);
                    removedFlags += after.getValue().isEmpty() ? 1 : 0;
                    splices.add(new Splice(keyLine(flag), lastLine(flag) + 1, emitted));
                }
            }
            if (!added.getValue().isEmpty()) {
                int after = lastLine(block.getValue().get(block.getValue().size() - 1)) + 1;
                splices.add(new Splice(after, after, emit(added, entryColumn)));
            } else if (removedFlags == block.getValue().size()) {
                // every override removed: keep an explicit empty block rather than a dangling `overrides:`.
                return List.of(new Splice(keyLine(overrides), lastLine(overrides) + 1,
                        List.of(" ".repeat(keyColumn(overrides)) + OVERRIDES + ": {}")));
            }
            return splices;
        }

        /** Edits the fields of one block-style override; returns true when the whole entry was removed. */
        private boolean editFields(NodeTuple flag, Map<FlagField, FieldEdit> edits, List<Splice> splices) {
            MappingNode fields = (MappingNode) flag.getValueNode();
            int fieldColumn = keyColumn(fields.getValue().get(0));
            int remaining = fields.getValue().size();
            List<Splice> own = new ArrayList<>();
            List<String> inserted = new ArrayList<>();
            for (FieldEdit edit : edits.values()) {
                String name = edit.field().yamlName();
                NodeTuple existing = find(fields, name);
                if (existing != null) {
                    List<String> replacement = edit.removes() ? List.of()
                            : emit(single(name, copyBlock(edit.value())), fieldColumn);
                    remaining -= edit.removes() ? 1 : 0;
                    own.add(new Splice(keyLine(existing), lastLine(existing) + 1, replacement));
                } else if (!edit.removes()) {
                    inserted.addAll(emit(single(name, copyBlock(edit.value())), fieldColumn));
                    remaining++;
                }
            }
            if (remaining == 0) {
                splices.add(new Splice(keyLine(flag), lastLine(flag) + 1, List.of()));
                return true;
            }
            splices.addAll(own);
            if (!inserted.isEmpty()) {
                int after = lastLine(flag) + 1;
                splices.add(new Splice(after, after, inserted));
            }
            return false;
        }

        /** The original text with the splices applied, in line order. */
        String splice(List<Splice> splices) {
            List<Splice> ordered = new ArrayList<>(splices);
            // at one position, insertions go first: they continue the content that ends just before it.
            ordered.sort(Comparator.comparingInt(Splice::start).thenComparing(splice -> !splice.inserts()));
            StringBuilder out = new StringBuilder();
            int cursor = 0;
            for (Splice splice : ordered) {
                if (splice.start() < cursor) {
                    throw new IllegalStateException("overlapping edits at line " + (splice.start() + 1));
                }
                copy(out, cursor, splice.start());
                for (String line : splice.lines()) {
                    terminate(out);
                    out.append(line).append(newline);
                }
                cursor = Math.max(cursor, splice.end());
            }
            copy(out, cursor, lines.size());
            return out.toString();
        }

        private void copy(StringBuilder out, int from, int to) {
            for (int i = from; i < to; i++) {
                terminate(out);
                out.append(lines.get(i).content()).append(lines.get(i).terminator());
            }
        }

        /** A last line without a newline gets one before anything is written after it. */
        private void terminate(StringBuilder out) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append(newline);
            }
        }

        private List<String> emit(MappingNode node, int column) {
            StringWriter writer = new StringWriter();
            YamlDialect.writer(layout.dumperOptions()).serialize(node, writer);
            String indent = " ".repeat(column);
            List<String> emitted = new ArrayList<>();
            for (String line : writer.toString().split("\n", -1)) {
                emitted.add(line.isEmpty() ? line : indent + line);
            }
            while (!emitted.isEmpty() && emitted.get(emitted.size() - 1).isEmpty()) {
                emitted.remove(emitted.size() - 1);
            }
            return emitted;
        }

        private int keyLine(NodeTuple tuple) {
            return tuple.getKeyNode().getStartMark().getLine();
        }

        /** The last line (0-based) that holds content of this entry: its value's last scalar or bracket. */
        private int lastLine(NodeTuple tuple) {
            return Math.max(keyLine(tuple), lastLine(tuple.getValueNode()));
        }

        private int lastLine(Node node) {
            if (node instanceof MappingNode mapping && isBlockMapping(mapping)) {
                return lastLine(mapping.getValue().get(mapping.getValue().size() - 1));
            }
            if (node instanceof SequenceNode sequence && sequence.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
                    && !sequence.getValue().isEmpty()) {
                return lastLine(sequence.getValue().get(sequence.getValue().size() - 1));
            }
            int start = node.getStartMark().getLine();
            Mark end = node.getEndMark();
            int line = Math.min(end.getLine(), lines.size() - 1);
            // a block scalar's end mark lies past its trailing line breaks, inside the next line's indentation.
            if (line > start && (end.getLine() >= lines.size()
                    || lines.get(line).content().substring(0, Math.min(end.getColumn(),
                    lines.get(line).content().length())).isBlank())) {
                line--;
            }
            while (line > start && lines.get(line).content().isBlank()) {
                line--;
            }
            return line;
        }

    }

    /** How the file indents: the step between nesting levels, and where a sequence's dash sits under its key. */
    private record Layout(int indent, int sequenceOffset) {

        static Layout of(MappingNode root) {
            int[] found = {-1, -1};
            if (root != null) {
                NodeTuple overrides = find(root, OVERRIDES);
                if (overrides != null) {
                    scan(overrides, found);
                }
                for (NodeTuple tuple : root.getValue()) {
                    scan(tuple, found);
                }
            }
            int indent = found[0] > 0 && found[0] <= 10 ? found[0] : 2;
            // a file without block sequences gets dashes indented under their key, the common hand-written style.
            return new Layout(indent, found[1] >= 0 ? found[1] : indent);
        }

        private static void scan(NodeTuple tuple, int[] found) {
            Node value = tuple.getValueNode();
            int keyColumn = keyColumn(tuple);
            if (value instanceof MappingNode mapping && isBlockMapping(mapping)) {
                if (found[0] < 0) {
                    int step = keyColumn(mapping.getValue().get(0)) - keyColumn;
                    found[0] = step > 0 ? step : -1;
                }
                mapping.getValue().forEach(child -> scan(child, found));
            } else if (value instanceof SequenceNode sequence && sequence.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
                    && !sequence.getValue().isEmpty()) {
                if (found[1] < 0) {
                    found[1] = Math.max(0, sequence.getStartMark().getColumn() - keyColumn);
                }
                for (Node item : sequence.getValue()) {
                    if (item instanceof MappingNode mapping && isBlockMapping(mapping)) {
                        mapping.getValue().forEach(child -> scan(child, found));
                    }
                }
            }
        }

        DumperOptions dumperOptions() {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setIndent(indent);
            options.setIndicatorIndent(sequenceOffset);
            options.setIndentWithIndicator(sequenceOffset > 0);
            options.setWidth(4096);
            options.setSplitLines(false);
            options.setLineBreak(DumperOptions.LineBreak.UNIX);
            return options;
        }
    }

    /** {@code fields} with the edits applied: a set replaces the field in place or appends it; a removal drops it. */
    private static MappingNode apply(MappingNode fields, Iterable<FieldEdit> edits) {
        for (FieldEdit edit : edits) {
            String name = edit.field().yamlName();
            if (edit.removes()) {
                fields.getValue().removeIf(tuple -> name.equals(scalar(tuple.getKeyNode())));
            } else {
                replace(fields, name, copyBlock(edit.value()));
            }
        }
        return fields;
    }

    /** True when applying {@code edits} to {@code fields} changes anything: a set, or removing a present field. */
    private static boolean changes(MappingNode fields, Iterable<FieldEdit> edits) {
        for (FieldEdit edit : edits) {
            if (!edit.removes() || find(fields, edit.field().yamlName()) != null) {
                return true;
            }
        }
        return false;
    }

    /** Sets {@code key} to {@code value} in place, or appends it. */
    private static void replace(MappingNode mapping, String key, Node value) {
        List<NodeTuple> tuples = mapping.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (key.equals(scalar(tuples.get(i).getKeyNode()))) {
                tuples.set(i, new NodeTuple(key(key), value));
                return;
            }
        }
        tuples.add(new NodeTuple(key(key), value));
    }

    /** Sets one flag's override fields; an override left with no field is dropped. */
    private static void setFlag(MappingNode overrides, String flagKey, MappingNode fields) {
        if (fields.getValue().isEmpty()) {
            overrides.getValue().removeIf(tuple -> flagKey.equals(scalar(tuple.getKeyNode())));
        } else {
            replace(overrides, flagKey, fields);
        }
    }

    private static void putIfAny(MappingNode mapping, String key, MappingNode value) {
        if (!value.getValue().isEmpty()) {
            mapping.getValue().add(new NodeTuple(key(key), value));
        }
    }

    private static NodeTuple find(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (key.equals(scalar(tuple.getKeyNode()))) {
                return tuple;
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static boolean isBlockMapping(Node node) {
        return node instanceof MappingNode mapping && mapping.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
                && !mapping.getValue().isEmpty();
    }

    private static int keyColumn(NodeTuple tuple) {
        return tuple.getKeyNode().getStartMark().getColumn();
    }

    private static MappingNode mapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }

    private static MappingNode single(String key, Node value) {
        MappingNode mapping = mapping();
        mapping.getValue().add(new NodeTuple(key(key), value));
        return mapping;
    }

    private static ScalarNode key(String key) {
        return new ScalarNode(Tag.STR, key, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    private static NodeTuple blockTuple(NodeTuple tuple) {
        return new NodeTuple(copyBlock(tuple.getKeyNode()), copyBlock(tuple.getValueNode()));
    }

    /**
     * A deep copy in block style that keeps each scalar's tag and quoting; copying also unshares aliased nodes,
     * so the emitter writes no anchors.
     */
    static Node copyBlock(Node node) {
        if (node instanceof ScalarNode scalar) {
            return new ScalarNode(scalar.getTag(), scalar.getValue(), null, null, scalar.getScalarStyle());
        }
        if (node instanceof SequenceNode sequence) {
            List<Node> items = new ArrayList<>();
            sequence.getValue().forEach(item -> items.add(copyBlock(item)));
            return new SequenceNode(sequence.getTag(), items, DumperOptions.FlowStyle.BLOCK);
        }
        MappingNode mapping = (MappingNode) node;
        List<NodeTuple> tuples = new ArrayList<>();
        mapping.getValue().forEach(tuple -> tuples.add(blockTuple(tuple)));
        return new MappingNode(mapping.getTag(), tuples, DumperOptions.FlowStyle.BLOCK);
    }

    private static List<Line> split(String text) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                lines.add(new Line(text.substring(start), ""));
                break;
            }
            int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lines.add(new Line(text.substring(start, contentEnd), text.substring(contentEnd, end + 1)));
            start = end + 1;
        }
        return lines;
    }
}
