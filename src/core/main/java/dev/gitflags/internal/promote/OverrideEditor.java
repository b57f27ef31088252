package dev.gitflags.internal.promote;

import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.YamlDialect;
import dev.gitflags.internal.model.FlagField;
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
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The surgical edit of one environment file: a pure function from the file's bytes and a list of
 * {@link FieldEdit}s to the new bytes. SnakeYAML node marks locate the lines of each touched override field;
 * only those lines are replaced, inserted or removed, so comments, key order, blank lines and quoting elsewhere
 * stay byte-identical. The same edit removes whole entries ({@link FieldEdit#removeEntry}) from an environment's
 * {@code overrides:}, a flags file's {@code flags:} ({@link #removeFlags}) or gitflags.yaml's {@code refs.aliases}
 * ({@link #removeAliases}), for a retirement: the entry's lines go,
 * with the comment lines just above it at its indentation (its own) and one blank line after it when a blank line
 * or the block's key precedes it, so the entries around keep their spacing. New lines follow the file's own indentation and newline style. A comment at the end of a
 * replaced line stays at the end of its replacement.
 *
 * <p>A mapping written in flow style ({@code overrides:} or one flag's override) has no lines of its own to
 * edit: it is written again whole, in flow style. An empty one is written in block style.
 *
 * <p>YAML anchors and aliases share one node between places of the file, so the edit must not change what
 * another place reads: an override that is an alias ({@code b: *off}) is written out in full for the edited flag
 * alone; an anchored node that the edit replaces while aliases still use it ({@code a: &off ...}) hands its anchor
 * to its first remaining alias, which is written out under it; what cannot be kept so is refused, naming the
 * anchor.
 *
 * <p>The file is read, and new lines are written, with the loader's {@link YamlDialect}: what the loader accepted
 * can be edited, and a scalar is quoted in a new line exactly when the loader would otherwise misread it.
 */
public final class OverrideEditor {

    private static final String OVERRIDES = "overrides";
    private static final String FLAGS = "flags";
    private static final String REFS = "refs";
    private static final String ALIASES = "aliases";

    /** What may follow the last token of a line: for a key whose value starts below, its colon; then a comment. */
    private static final Pattern TRAILING_COMMENT = Pattern.compile("(?:\\s*:)?(\\s+#.*)");

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
        return edit(file, OVERRIDES, edits, limits);
    }

    /**
     * Removes the definitions of {@code keys} from a flags file's {@code flags:} block, leaving every other line as
     * it was; returns the same bytes when it defines none of them. A block left empty is written {@code flags: {}}.
     */
    public static byte[] removeFlags(byte[] file, Collection<String> keys, LoadLimits limits)
            throws UneditableFileException {
        return edit(file, FLAGS, keys.stream().map(FieldEdit::removeEntry).toList(), limits);
    }

    /**
     * Removes the entries of {@code keys} from gitflags.yaml's {@code refs.aliases}, leaving every other line as it
     * was; returns the same bytes when it names none of them. An {@code aliases:} left empty goes too, with its own
     * comment lines, and so does a {@code refs:} left holding nothing: the file then reads as if neither had been
     * written. A {@code refs:} in flow style, or shared through an anchor, is written again whole without them.
     */
    public static byte[] removeAliases(byte[] file, Collection<String> keys, LoadLimits limits)
            throws UneditableFileException {
        String text = new String(file, StandardCharsets.UTF_8);
        YamlAliases aliases = compose(text, limits);
        MappingNode root = (MappingNode) aliases.root();
        NodeTuple refs = root == null ? null : find(root, REFS);
        if (refs == null) {
            return file;
        }
        YamlAliases.Use alias = aliases.valueAlias(refs);
        if (alias != null) {
            throw new UneditableFileException("'" + REFS + "' is the alias *" + alias.anchor() + " (line "
                    + (alias.line() + 1) + "); write it out in full to edit this file");
        }
        NodeTuple named = refs.getValueNode() instanceof MappingNode block ? find(block, ALIASES) : null;
        if (named == null || !(named.getValueNode() instanceof MappingNode entries)
                || entries.getValue().stream().noneMatch(entry -> keys.contains(scalar(entry.getKeyNode())))) {
            return file;
        }
        if (!isBlockMapping(root)) {
            throw new UneditableFileException("the file is one mapping in flow style; write it in block style to"
                    + " edit it");
        }
        MappingNode block = (MappingNode) refs.getValueNode();
        boolean emptied = entries.getValue().stream().allMatch(entry -> keys.contains(scalar(entry.getKeyNode())));
        Document document;
        List<Splice> splices;
        if (emptied && block.getValue().size() == 1) {
            document = new Document(text, root, aliases, REFS);
            splices = List.of(document.removal(-1, root, refs));
        } else if (!isBlockMapping(block) || aliases.isShared(block)) {
            document = new Document(text, root, aliases, REFS);
            splices = List.of(document.rewriteWithout(refs, keys));
        } else if (!emptied) {
            document = new Document(text, block, aliases, ALIASES);
            splices = document.plan(byKey(keys.stream().map(FieldEdit::removeEntry).toList()));
        } else {
            document = new Document(text, block, aliases, ALIASES);
            splices = List.of(document.removal(Document.keyLine(refs), block, named));
        }
        return document.splice(document.keepingAnchors(splices)).getBytes(StandardCharsets.UTF_8);
    }

    private static YamlAliases compose(String text, LoadLimits limits) throws UneditableFileException {
        YamlAliases aliases;
        try {
            aliases = YamlAliases.compose(text, limits);
        } catch (YAMLException e) {
            throw new UneditableFileException("not valid YAML: " + e.getMessage());
        }
        Node root = aliases.root();
        if (root != null && !(root instanceof MappingNode)) {
            throw new UneditableFileException("the file is not a YAML mapping");
        }
        return aliases;
    }

    private static Map<String, Map<FlagField, FieldEdit>> byKey(List<FieldEdit> edits) {
        Map<String, Map<FlagField, FieldEdit>> byFlag = new LinkedHashMap<>();
        for (FieldEdit edit : edits) {
            byFlag.computeIfAbsent(edit.flagKey(), key -> new LinkedHashMap<>()).put(edit.field(), edit);
        }
        return byFlag;
    }

    private static byte[] edit(byte[] file, String section, List<FieldEdit> edits, LoadLimits limits)
            throws UneditableFileException {
        String text = new String(file, StandardCharsets.UTF_8);
        YamlAliases aliases = compose(text, limits);
        Node root = aliases.root();
        Document document = new Document(text, (MappingNode) root, aliases, section);
        List<Splice> splices = document.plan(byKey(edits));
        if (splices.isEmpty()) {
            return file;
        }
        return document.splice(document.keepingAnchors(splices)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Replace lines [start, end) by {@code lines}; an insertion has start == end. {@code redefines}: the anchored
     * nodes of the replaced lines that {@code lines} write again under the same anchor.
     */
    private record Splice(int start, int end, List<String> lines, Set<Node> redefines) {
        Splice(int start, int end, List<String> lines) {
            this(start, end, lines, Set.of());
        }

        boolean inserts() {
            return start == end;
        }

        /** True when this splice replaces or inserts text within lines [first, last]. */
        boolean touches(int first, int last) {
            return inserts() ? first < start && start <= last : start <= last && first < end;
        }

        /** True when this splice replaces all of lines [first, last]. */
        boolean covers(int first, int last) {
            return start <= first && last < end;
        }
    }

    /** One line of the original file, its text and its line terminator ("" for a last line without one). */
    private record Line(String content, String terminator) {
    }

    /** The parsed file with its lines and the layout conventions it uses. */
    private static final class Document {
        private final List<Line> lines;
        private final MappingNode root;
        private final YamlAliases aliases;
        private final String newline;
        private final Layout layout;
        /** The top-level block edited: {@code overrides} or {@code flags}. */
        private final String section;

        Document(String text, MappingNode root, YamlAliases aliases, String section) {
            this.section = section;
            this.lines = split(text);
            this.root = root;
            this.aliases = aliases;
            this.newline = text.contains("\r\n") ? "\r\n" : "\n";
            this.layout = Layout.of(root, section);
        }

        List<Splice> plan(Map<String, Map<FlagField, FieldEdit>> byFlag) throws UneditableFileException {
            NodeTuple overrides = root == null ? null : find(root, section);
            if (overrides == null) {
                MappingNode added = mapping();
                byFlag.forEach((flagKey, fields) -> putIfAny(added, flagKey, apply(mapping(), fields.values())));
                if (added.getValue().isEmpty()) {
                    return List.of();
                }
                int column = root == null || root.getValue().isEmpty() ? 0 : keyColumn(root.getValue().get(0));
                return List.of(new Splice(lines.size(), lines.size(), emit(single(section, added), column)));
            }
            YamlAliases.Use alias = aliases.valueAlias(overrides);
            if (alias != null) {
                throw new UneditableFileException("'" + section + "' is the alias *" + alias.anchor() + " (line "
                        + (alias.line() + 1) + "); write it out in full to " + (OVERRIDES.equals(section)
                        ? "promote into" : "edit") + " this file");
            }
            Node value = overrides.getValueNode();
            if (!isBlockMapping(value) || aliases.isShared(value)) {
                return rewriteWhole(overrides, byFlag);
            }
            return editBlock(overrides, (MappingNode) value, byFlag);
        }

        /** {@code overrides:} empty, null, in flow style or shared: write it again with the edits applied. */
        private List<Splice> rewriteWhole(NodeTuple overrides, Map<String, Map<FlagField, FieldEdit>> byFlag)
                throws UneditableFileException {
            Node value = overrides.getValueNode();
            int start = keyLine(overrides);
            int end = lastLine(overrides) + 1;
            Copier copier = new Copier(start, end - 1);
            MappingNode merged;
            if (value instanceof MappingNode existing) {
                merged = copier.unshared(existing);
            } else if (isNull(value)) {
                merged = mapping();
            } else {
                throw new UneditableFileException("'" + section + "' is not a mapping");
            }
            boolean changed = false;
            for (Map.Entry<String, Map<FlagField, FieldEdit>> entry : byFlag.entrySet()) {
                NodeTuple flag = value instanceof MappingNode existing ? find(existing, entry.getKey()) : null;
                MappingNode fields = flag != null && flag.getValueNode() instanceof MappingNode m
                        ? copier.unshared(m) : mapping();
                changed |= flag != null && removesEntry(entry.getValue()) || changes(fields, entry.getValue().values());
                setFlag(merged, entry.getKey(), apply(fields, entry.getValue().values()));
            }
            if (!changed) {
                return List.of();
            }
            List<String> emitted = merged.getValue().isEmpty()
                    ? List.of(" ".repeat(keyColumn(overrides)) + section + ": {}")
                    : emit(single(copier.copy(overrides.getKeyNode()), merged), keyColumn(overrides));
            return List.of(new Splice(start, end, commented(emitted, trailingComment(overrides)),
                    copier.keptIn(merged)));
        }

        /**
         * {@code refs:} in flow style or shared, written again whole in its own style without the {@code aliases}
         * entries of {@code keys}, and without {@code aliases} when none is left.
         */
        private Splice rewriteWithout(NodeTuple refs, Collection<String> keys) {
            int start = keyLine(refs);
            int end = lastLine(refs) + 1;
            Copier copier = new Copier(start, end - 1);
            MappingNode merged = copier.unshared((MappingNode) refs.getValueNode());
            for (int i = 0; i < merged.getValue().size(); i++) {
                NodeTuple tuple = merged.getValue().get(i);
                if (ALIASES.equals(scalar(tuple.getKeyNode())) && tuple.getValueNode() instanceof MappingNode named) {
                    MappingNode kept = new MappingNode(named.getTag(), new ArrayList<>(), named.getFlowStyle());
                    named.getValue().stream().filter(entry -> !keys.contains(scalar(entry.getKeyNode())))
                            .forEach(kept.getValue()::add);
                    if (kept.getValue().isEmpty()) {
                        merged.getValue().remove(i);
                    } else {
                        merged.getValue().set(i, new NodeTuple(tuple.getKeyNode(), kept));
                    }
                    break;
                }
            }
            List<String> emitted = emit(single(copier.copy(refs.getKeyNode()), merged), keyColumn(refs));
            return new Splice(start, end, commented(emitted, trailingComment(refs)), copier.keptIn(merged));
        }

        private List<Splice> editBlock(NodeTuple overrides, MappingNode block,
                                       Map<String, Map<FlagField, FieldEdit>> byFlag) {
            List<Splice> splices = new ArrayList<>();
            int entryColumn = keyColumn(block.getValue().get(0));
            int removedFlags = 0;
            List<Splice> removals = new ArrayList<>();
            MappingNode added = mapping();
            for (Map.Entry<String, Map<FlagField, FieldEdit>> entry : byFlag.entrySet()) {
                NodeTuple flag = find(block, entry.getKey());
                if (flag != null && removesEntry(entry.getValue())) {
                    removals.add(removal(overrides, block, flag));
                    removedFlags++;
                } else if (flag == null) {
                    putIfAny(added, entry.getKey(), apply(mapping(), entry.getValue().values()));
                } else if (aliases.valueAlias(flag) == null && isBlockMapping(flag.getValueNode())
                        && !aliases.isShared(flag.getValueNode())) {
                    removedFlags += editFields(flag, entry.getValue(), splices) ? 1 : 0;
                } else {
                    Splice rewritten = rewriteEntry(flag, entry.getValue().values(), entryColumn);
                    if (rewritten != null) {
                        removedFlags += rewritten.lines().isEmpty() ? 1 : 0;
                        splices.add(rewritten);
                    }
                }
            }
            splices.addAll(merged(removals));
            if (!added.getValue().isEmpty()) {
                int after = lastLine(block.getValue().get(block.getValue().size() - 1)) + 1;
                splices.add(new Splice(after, after, emit(added, entryColumn)));
            } else if (removedFlags == block.getValue().size()) {
                // every override removed: keep an explicit empty block rather than a dangling `overrides:`.
                return List.of(new Splice(keyLine(overrides), lastLine(overrides) + 1,
                                List.of(" ".repeat(keyColumn(overrides)) + section + ": {}")));
            }
            return splices;
        }

        /**
         * The removal of one entry of {@code block}: its lines, the comment lines just above it at its column (its
         * own), and one blank line after it when a blank line or the block's key precedes it — or, for the block's
         * last entry, the blank line before it — so the entries around keep their spacing.
         */
        private Splice removal(NodeTuple blockKey, MappingNode block, NodeTuple entry) {
            return removal(keyLine(blockKey), block, entry);
        }

        /** The same, {@code floor} being the line of the block's key (-1 for an entry of the file's root). */
        private Splice removal(int floor, MappingNode block, NodeTuple entry) {
            int start = keyLine(entry);
            int end = lastLine(entry) + 1;
            int column = keyColumn(entry);
            while (start - 1 > floor && isCommentAt(lines.get(start - 1).content(), column)) {
                start--;
            }
            boolean spaced = start - 1 == floor || lines.get(start - 1).content().isBlank();
            if (spaced && end < lines.size() && lines.get(end).content().isBlank()) {
                end++;
            } else if (spaced && start - 1 > floor && entry == block.getValue().get(
                    block.getValue().size() - 1)) {
                start--; // the last entry: the blank line that set it apart goes with it
            }
            return new Splice(start, end, List.of());
        }

        /** Removals with those that overlap or touch joined, so that no two splices overlap. */
        private static List<Splice> merged(List<Splice> removals) {
            List<Splice> ordered = new ArrayList<>(removals);
            ordered.sort(Comparator.comparingInt(Splice::start));
            List<Splice> merged = new ArrayList<>();
            for (Splice removal : ordered) {
                Splice last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && removal.start() <= last.end()) {
                    merged.set(merged.size() - 1, new Splice(last.start(), Math.max(last.end(), removal.end()),
                            List.of()));
                } else {
                    merged.add(removal);
                }
            }
            return merged;
        }

        /** True when {@code line} is a comment whose {@code #} stands at {@code column}. */
        private static boolean isCommentAt(String line, int column) {
            return line.length() > column && line.substring(0, column).isBlank() && line.charAt(column) == '#';
        }

        /**
         * One flag's override that cannot be edited line by line — {@code key:} with no fields, fields in flow
         * style, an alias, or a node an alias shares — written again whole in its own style, with the edits
         * applied; null when the edits change nothing.
         */
        private Splice rewriteEntry(NodeTuple flag, Collection<FieldEdit> edits, int column) {
            int start = keyLine(flag);
            int end = lastLine(flag) + 1;
            Copier copier = new Copier(start, end - 1);
            MappingNode fields = flag.getValueNode() instanceof MappingNode m ? copier.unshared(m) : mapping();
            if (!changes(fields, edits)) {
                return null;
            }
            MappingNode after = apply(fields, edits);
            List<String> emitted = after.getValue().isEmpty() ? List.of()
                    : commented(emit(single(copier.copy(flag.getKeyNode()), after), column), trailingComment(flag));
            return new Splice(start, end, emitted, copier.keptIn(after));
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
                            : commented(emit(single(copyBlock(existing.getKeyNode()), copyBlock(edit.value())),
                            fieldColumn), trailingComment(existing));
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

        /**
         * The splices, plus what keeps every remaining alias reading what it read: an anchored node the splices
         * replace while an alias outside them still uses it is written out, under its anchor, in place of its
         * first such alias — when that alias is a whole entry of a block mapping; otherwise the edit is refused.
         */
        List<Splice> keepingAnchors(List<Splice> splices) throws UneditableFileException {
            List<Splice> kept = new ArrayList<>(splices);
            List<Node> anchored = new ArrayList<>(aliases.anchored());
            anchored.sort(Comparator.comparingInt(node -> node.getStartMark().getIndex()));
            for (Node node : anchored) {
                int first = node.getStartMark().getLine();
                int last = lastLine(node);
                List<YamlAliases.Use> remaining = aliases.usesOf(node).stream()
                        .filter(use -> kept.stream().noneMatch(splice -> splice.touches(use.line(), use.line())))
                        .toList();
                List<Splice> touching = kept.stream().filter(splice -> splice.touches(first, last)).toList();
                if (remaining.isEmpty() || touching.isEmpty() || touching.stream().allMatch(splice ->
                        splice.redefines().contains(node) && splice.covers(first, last))) {
                    continue;
                }
                YamlAliases.Use next = remaining.get(0);
                String anchor = "the anchor &" + node.getAnchor() + " (line " + (first + 1) + "), which line "
                        + (next.line() + 1) + " still uses (*" + next.anchor() + ")";
                if (!touching.stream().allMatch(splice -> splice.covers(first, last))) {
                    throw new UneditableFileException("the edit would change " + anchor
                            + "; write that alias out in full, then promote again");
                }
                Splice move = next.tuple() == null || next.parent().getFlowStyle() != DumperOptions.FlowStyle.BLOCK
                        ? null : handOver(node, next, first, last);
                if (move == null || kept.stream().anyMatch(splice -> splice.touches(move.start(), move.end() - 1))) {
                    throw new UneditableFileException("the edit would remove " + anchor + " and cannot hand the "
                            + "anchor over to it; write that alias out in full, then promote again");
                }
                kept.add(move);
            }
            return kept;
        }

        /** The entry of {@code use} written out in full under the anchor of {@code node}, lines [first, last]. */
        private Splice handOver(Node node, YamlAliases.Use use, int first, int last) {
            Copier copier = new Copier(first, last);
            NodeTuple entry = use.tuple();
            Node copy = copier.copy(node);
            List<String> emitted = emit(single(copyBlock(entry.getKeyNode()), copy), keyColumn(entry));
            return new Splice(keyLine(entry), lastLine(entry) + 1, commented(emitted, trailingComment(entry)),
                    copier.keptIn(copy));
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

        /** {@code emitted} with {@code comment} at the end of its first line. */
        private static List<String> commented(List<String> emitted, String comment) {
            if (comment.isEmpty() || emitted.isEmpty()) {
                return emitted;
            }
            List<String> lines = new ArrayList<>(emitted);
            lines.set(0, lines.get(0) + comment);
            return lines;
        }

        /**
         * The comment at the end of {@code tuple}'s first line, with the blanks before it ("" when none): what
         * follows the value when it ends on that line, or the colon when the value starts below.
         */
        private String trailingComment(NodeTuple tuple) {
            int line = keyLine(tuple);
            YamlAliases.Use alias = aliases.valueAlias(tuple);
            Mark start = alias != null ? alias.start() : tuple.getValueNode().getStartMark();
            Mark end = alias != null ? alias.end() : tuple.getValueNode().getEndMark();
            Mark last;
            if (start.getLine() > line) {
                last = tuple.getKeyNode().getEndMark();
            } else if (end.getLine() == line) {
                last = end;
            } else {
                return ""; // the value goes on over further lines: the comment, if any, is not the entry's
            }
            String content = lines.get(line).content();
            int column = Math.min(last.getColumn(), content.codePointCount(0, content.length()));
            Matcher comment = TRAILING_COMMENT.matcher(content.substring(content.offsetByCodePoints(0, column)));
            return comment.matches() ? comment.group(1) : "";
        }

        private static int keyLine(NodeTuple tuple) {
            return tuple.getKeyNode().getStartMark().getLine();
        }

        /** The last line (0-based) that holds content of this entry: its value's last scalar, bracket or alias. */
        private int lastLine(NodeTuple tuple) {
            YamlAliases.Use alias = aliases.valueAlias(tuple);
            return Math.max(keyLine(tuple), alias != null ? alias.line() : lastLine(tuple.getValueNode()));
        }

        private int lastLine(Node node) {
            if (node instanceof MappingNode mapping && isBlockMapping(mapping)) {
                return lastLine(mapping.getValue().get(mapping.getValue().size() - 1));
            }
            if (node instanceof SequenceNode sequence && sequence.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
                    && !sequence.getValue().isEmpty()) {
                int index = sequence.getValue().size() - 1;
                YamlAliases.Use alias = aliases.itemAlias(sequence, index);
                return alias != null ? alias.line() : lastLine(sequence.getValue().get(index));
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

        /**
         * Copies nodes of DST's own text that is written again (lines [first, last]), keeping each one's style;
         * a node anchored within those lines keeps its anchor and its sharing, one reached through an alias to
         * an anchor elsewhere is written out.
         */
        private static final class Copier {
            private final int first;
            private final int last;
            private final Map<Node, Node> anchored = new IdentityHashMap<>();
            private final Map<Node, Node> inProgress = new IdentityHashMap<>();

            Copier(int first, int last) {
                this.first = first;
                this.last = last;
            }

            Node copy(Node node) {
                boolean keepsAnchor = node.getAnchor() != null && first <= node.getStartMark().getLine()
                        && node.getStartMark().getLine() <= last;
                Node known = keepsAnchor ? anchored.get(node) : inProgress.get(node);
                if (known != null) {
                    return known;
                }
                Node copy;
                if (node instanceof ScalarNode scalar) {
                    copy = new ScalarNode(scalar.getTag(), scalar.getValue(), null, null, scalar.getScalarStyle());
                } else if (node instanceof SequenceNode sequence) {
                    copy = new SequenceNode(sequence.getTag(), new ArrayList<>(), sequence.getFlowStyle());
                } else {
                    copy = new MappingNode(node.getTag(), new ArrayList<>(), ((MappingNode) node).getFlowStyle());
                }
                if (keepsAnchor) {
                    copy.setAnchor(node.getAnchor());
                    anchored.put(node, copy);
                }
                inProgress.put(node, copy);
                if (node instanceof SequenceNode sequence) {
                    sequence.getValue().forEach(item -> ((SequenceNode) copy).getValue().add(copy(item)));
                } else if (node instanceof MappingNode mapping) {
                    mapping.getValue().forEach(tuple -> ((MappingNode) copy).getValue().add(
                            new NodeTuple(copy(tuple.getKeyNode()), copy(tuple.getValueNode()))));
                }
                inProgress.remove(node);
                return copy;
            }

            /** A copy of {@code mapping} to edit: never anchored, never shared; an empty one in block style. */
            MappingNode unshared(MappingNode mapping) {
                MappingNode copy = new MappingNode(mapping.getTag(), new ArrayList<>(), mapping.getValue().isEmpty()
                        ? DumperOptions.FlowStyle.BLOCK : mapping.getFlowStyle());
                mapping.getValue().forEach(tuple -> copy.getValue().add(
                        new NodeTuple(copy(tuple.getKeyNode()), copy(tuple.getValueNode()))));
                return copy;
            }

            /** The anchored nodes whose copies, under their anchors, are part of {@code emitted}. */
            Set<Node> keptIn(Node emitted) {
                Set<Node> reached = Collections.newSetFromMap(new IdentityHashMap<>());
                collect(emitted, reached);
                Set<Node> kept = Collections.newSetFromMap(new IdentityHashMap<>());
                anchored.forEach((original, copy) -> {
                    if (reached.contains(copy)) {
                        kept.add(original);
                    }
                });
                return kept;
            }

            private static void collect(Node node, Set<Node> reached) {
                if (!reached.add(node)) {
                    return;
                }
                if (node instanceof SequenceNode sequence) {
                    sequence.getValue().forEach(item -> collect(item, reached));
                } else if (node instanceof MappingNode mapping) {
                    mapping.getValue().forEach(tuple -> {
                        collect(tuple.getKeyNode(), reached);
                        collect(tuple.getValueNode(), reached);
                    });
                }
            }
        }
    }

    /** How the file indents: the step between nesting levels, and where a sequence's dash sits under its key. */
    private record Layout(int indent, int sequenceOffset) {

        static Layout of(MappingNode root, String section) {
            int[] found = {-1, -1};
            if (root != null) {
                // each node once: an alias repeats its anchor's node, whose columns are the anchor's
                Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
                NodeTuple overrides = find(root, section);
                if (overrides != null) {
                    scan(overrides, found, seen);
                }
                for (NodeTuple tuple : root.getValue()) {
                    scan(tuple, found, seen);
                }
            }
            int indent = found[0] > 0 && found[0] <= 10 ? found[0] : 2;
            // a file without block sequences gets dashes indented under their key, the common hand-written style.
            return new Layout(indent, found[1] >= 0 ? found[1] : indent);
        }

        private static void scan(NodeTuple tuple, int[] found, Set<Node> seen) {
            Node value = tuple.getValueNode();
            if (!seen.add(value)) {
                return;
            }
            int keyColumn = keyColumn(tuple);
            if (value instanceof MappingNode mapping && isBlockMapping(mapping)) {
                if (found[0] < 0) {
                    int step = keyColumn(mapping.getValue().get(0)) - keyColumn;
                    found[0] = step > 0 ? step : -1;
                }
                mapping.getValue().forEach(child -> scan(child, found, seen));
            } else if (value instanceof SequenceNode sequence && sequence.getFlowStyle() == DumperOptions.FlowStyle.BLOCK
                    && !sequence.getValue().isEmpty()) {
                if (found[1] < 0) {
                    found[1] = Math.max(0, sequence.getStartMark().getColumn() - keyColumn);
                }
                for (Node item : sequence.getValue()) {
                    if (item instanceof MappingNode mapping && isBlockMapping(mapping) && seen.add(mapping)) {
                        mapping.getValue().forEach(child -> scan(child, found, seen));
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
            if (edit.removesEntry()) {
                fields.getValue().clear();
                return fields;
            }
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
            if (edit.removesEntry()) {
                return !fields.getValue().isEmpty();
            }
            if (!edit.removes() || find(fields, edit.field().yamlName()) != null) {
                return true;
            }
        }
        return false;
    }

    /** True when the edits of one flag remove its whole entry. */
    private static boolean removesEntry(Map<FlagField, FieldEdit> edits) {
        return edits.values().stream().anyMatch(FieldEdit::removesEntry);
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
        return single(key(key), value);
    }

    private static MappingNode single(Node key, Node value) {
        MappingNode mapping = mapping();
        mapping.getValue().add(new NodeTuple(key, value));
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
