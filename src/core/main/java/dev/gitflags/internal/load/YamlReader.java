package dev.gitflags.internal.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * bytes → {@link YamlDocument}: strict UTF-8, size, alias and nesting limits, YAML syntax and duplicate keys.
 * Every failure is a located {@link Problem}; nothing here throws for bad input.
 */
public final class YamlReader {

    private final LoadLimits limits;

    public YamlReader(LoadLimits limits) {
        this.limits = limits;
    }

    /** The document, or null with the problems that prevented reading it; duplicate keys leave a document. */
    public record Result(YamlDocument document, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    public Result read(String file, byte[] bytes) {
        return read(file, bytes, null, FlagScope.ALL);
    }

    /**
     * Reads a file of {@code kind}, leaving out of the tree the entries of its flag section (see
     * {@link FileKind#flagSection}) for flags outside {@code scope}; their text is still parsed for syntax.
     */
    public Result read(String file, byte[] bytes, FileKind kind, FlagScope scope) {
        if (bytes.length > limits.maxFileBytes()) {
            return failed(tooLarge(file, bytes.length));
        }
        String text;
        try {
            text = decode(bytes);
        } catch (CharacterCodingException e) {
            return failed(encodingProblem(file, bytes));
        }
        Problem unprintable = unprintableProblem(file, bytes, text);
        if (unprintable != null) {
            return failed(unprintable);
        }
        Node root;
        try {
            root = compose(text, kind == null || scope.everyFlag() ? null : kind.flagSection(), scope);
        } catch (MarkedYAMLException e) {
            return failed(syntaxProblem(file, e));
        } catch (YAMLException e) {
            return failed(limitProblem(file, text, e));
        } catch (StackOverflowError e) {
            return failed(Problem.of(ProblemCode.E_LIMIT, new Origin(file, 1, 1), "the YAML nests too deeply",
                    "flatten the document; at most " + limits.maxNestingDepth() + " levels are allowed"));
        }
        // Without a '*' there is no alias, so no node is shared and the tree is as large as the text.
        boolean mayShareNodes = text.indexOf('*') >= 0;
        if (mayShareNodes) {
            Problem expansion = checkExpansion(file, root);
            if (expansion != null) {
                return failed(expansion);
            }
        }
        List<Problem> problems = new ArrayList<>();
        // An empty file is an empty mapping: an environment file may be empty, the others then miss their keys.
        JsonNode json = root == null ? JsonNodeFactory.instance.objectNode()
                : YamlDocument.toJson(file, root, mayShareNodes ? new IdentityHashMap<>() : null, problems);
        return new Result(new YamlDocument(file, root, json), problems);
    }

    /** Too large to read at all: checked before the bytes are fetched. */
    public Problem tooLarge(String file, long size) {
        return Problem.of(ProblemCode.E_LIMIT, new Origin(file, 1, 1),
                "file has " + size + " bytes, more than the limit of " + limits.maxFileBytes(),
                "split it into several files (flags may be spread over any number of flags/*.yaml files)");
    }

    private Result failed(Problem problem) {
        return new Result(null, List.of(problem));
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        int start = hasBom(bytes) ? 3 : 0;
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                .toString();
    }

    static boolean hasBom(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
    }

    /** Decodes again step by step to find the first bad byte, and counts lines and columns up to it. */
    private static Problem encodingProblem(String file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int start = hasBom(bytes) ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        int offset = result.isError() ? in.position() : bytes.length;
        out.flip();
        return Problem.of(ProblemCode.E_ENCODING, originAfter(file, out, out.length()),
                String.format("byte 0x%02X at offset %d is not valid UTF-8", bytes[Math.min(offset, bytes.length - 1)],
                        offset),
                utf16(bytes) ? UTF16_HINT : "save the file as UTF-8");
    }

    private static final String UTF16_HINT = "the file looks like UTF-16: save it as UTF-8";

    /**
     * The first character YAML does not allow (a NUL, another control character), located where it is: UTF-16
     * without a byte order mark decodes as UTF-8 with a NUL beside every ASCII letter. Null when there is none.
     */
    private static Problem unprintableProblem(String file, byte[] bytes, String text) {
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                int offset = (hasBom(bytes) ? 3 : 0)
                        + text.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
                String what = c == 0 ? String.format("byte 0x00 (NUL) at offset %d", offset)
                        : String.format("character U+%04X at offset %d", c, offset);
                return Problem.of(ProblemCode.E_ENCODING, originAfter(file, text, i),
                        what + " is not allowed in YAML",
                        utf16(bytes) ? UTF16_HINT : c == 0 ? "remove the NUL byte: YAML files are text"
                                : String.format("remove it, or write it as \"\\u%04X\" in a double-quoted string", c));
            }
        }
        return null;
    }

    /** A byte order mark of UTF-16, or a NUL among the first bytes, where UTF-16 puts one beside each ASCII letter. */
    private static boolean utf16(byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)) {
            return true;
        }
        return bytes.length >= 2 && (bytes[0] == 0 || bytes[1] == 0);
    }

    /** Where the character at index {@code end} of {@code text} is: lines end at '\n', columns count characters. */
    private static Origin originAfter(String file, CharSequence text, int end) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
        return new Origin(file, line, column);
    }

    /** The {@link YamlDialect}'s tree, leaving out of it the entries of {@code prunedSection} outside {@code scope}. */
    private Node compose(String text, String prunedSection, FlagScope scope) {
        if (prunedSection == null) {
            return YamlDialect.compose(text, limits);
        }
        LoaderOptions options = YamlDialect.loaderOptions(limits);
        Parser parser = new PruningParser(new ParserImpl(new StreamReader(text), options), prunedSection, scope);
        try {
            return YamlDialect.composer(parser, options).getSingleNode();
        } catch (YAMLException e) {
            // bad YAML, or an alias to an anchor in a dropped entry: read in full, then drop the entries
            return withoutEntriesOutside(YamlDialect.compose(text, limits), prunedSection, scope);
        }
    }

    /** {@code root} with the same entries dropped as {@link PruningParser} drops; new nodes, since any may be shared. */
    private static Node withoutEntriesOutside(Node root, String section, FlagScope scope) {
        if (!(root instanceof MappingNode mapping)) {
            return root;
        }
        List<NodeTuple> entries = new ArrayList<>();
        for (NodeTuple entry : mapping.getValue()) {
            if (entry.getKeyNode() instanceof ScalarNode key && key.getValue().equals(section)
                    && entry.getValueNode() instanceof MappingNode flags) {
                List<NodeTuple> kept = flags.getValue().stream().filter(flag ->
                        !(flag.getKeyNode() instanceof ScalarNode flagKey) || scope.includes(flagKey.getValue()))
                        .toList();
                entry = new NodeTuple(key, new MappingNode(flags.getTag(), true, new ArrayList<>(kept),
                        flags.getStartMark(), flags.getEndMark(), flags.getFlowStyle()));
            }
            entries.add(entry);
        }
        return new MappingNode(mapping.getTag(), true, entries, mapping.getStartMark(), mapping.getEndMark(),
                mapping.getFlowStyle());
    }

    private static Problem syntaxProblem(String file, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Origin origin = mark == null ? new Origin(file, 1, 1) : new Origin(file, mark.getLine() + 1, mark.getColumn() + 1);
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext() + ": ";
        if (e.getContextMark() != null && e.getProblemMark() != null
                && e.getContextMark().getLine() != e.getProblemMark().getLine()) {
            context = e.getContext() == null ? "" : e.getContext() + " (line " + (e.getContextMark().getLine() + 1) + "): ";
        }
        return Problem.of(ProblemCode.E_YAML_SYNTAX, origin, "YAML syntax: " + context + problem,
                "check indentation, quoting and the ':' after each key near this position");
    }

    /** A limit SnakeYAML enforced without a mark: locate it by replaying the events. */
    private Problem limitProblem(String file, String text, YAMLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("aliases")) {
            Origin origin = tooManyAliasesAt(file, text);
            return Problem.of(ProblemCode.E_LIMIT, origin,
                    "more than " + limits.maxAliases() + " aliases to mappings or sequences",
                    "write the values out instead of repeating anchors; the limit guards against alias bombs");
        }
        if (message.toLowerCase(java.util.Locale.ROOT).contains("nesting")) {
            return Problem.of(ProblemCode.E_LIMIT, tooDeepAt(file, text),
                    "the YAML nests more than " + limits.maxNestingDepth() + " levels deep",
                    "flatten the document");
        }
        if (message.contains("code points")) {
            return Problem.of(ProblemCode.E_LIMIT, new Origin(file, 1, 1),
                    "file has more than " + limits.maxFileBytes() + " characters", "split it into several files");
        }
        return Problem.of(ProblemCode.E_YAML_SYNTAX, new Origin(file, 1, 1), "YAML: " + message,
                "check the YAML syntax");
    }

    private Origin tooManyAliasesAt(String file, String text) {
        Set<String> collectionAnchors = new HashSet<>();
        int count = 0;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        try {
            Parser parser = new ParserImpl(new StreamReader(text), options);
            while (parser.peekEvent() != null) {
                Event event = parser.getEvent();
                if (event instanceof CollectionStartEvent start && start.getAnchor() != null) {
                    collectionAnchors.add(start.getAnchor());
                } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())
                        && ++count > limits.maxAliases()) {
                    return markOrigin(file, event.getStartMark());
                }
                if (event.is(Event.ID.StreamEnd)) {
                    break;
                }
            }
        } catch (YAMLException ignored) {
            // Fall through to the file's start: the count is what matters.
        }
        return new Origin(file, 1, 1);
    }

    private Origin tooDeepAt(String file, String text) {
        int depth = 0;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setNestingDepthLimit(Integer.MAX_VALUE);
        try {
            Parser parser = new ParserImpl(new StreamReader(text), options);
            while (parser.peekEvent() != null) {
                Event event = parser.getEvent();
                if (event instanceof CollectionStartEvent && ++depth > limits.maxNestingDepth()) {
                    return markOrigin(file, event.getStartMark());
                }
                if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
                    depth--;
                }
                if (event.is(Event.ID.StreamEnd)) {
                    break;
                }
            }
        } catch (YAMLException | StackOverflowError ignored) {
            // Fall through to the file's start.
        }
        return new Origin(file, 1, 1);
    }

    private static Origin markOrigin(String file, Mark mark) {
        return new Origin(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /**
     * Aliases share subtrees, so a few of them can expand a small file into billions of nodes. Count the expanded
     * size once per distinct node; aliases may add at most {@link LoadLimits#maxAliasNodes} nodes to those written,
     * a budget of their own (with one derived from the size limit, 64 MiB let a 1 KB file expand to 64 million
     * nodes), and may not refer to the collection that holds them.
     */
    private Problem checkExpansion(String file, Node root) {
        if (root == null) {
            return null;
        }
        long budget = writtenSize(root) + limits.maxAliasNodes();
        Map<Node, Long> sizes = new IdentityHashMap<>();
        Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
        Node[] culprit = new Node[1];
        long size = expandedSize(root, sizes, inProgress, budget, culprit);
        if (size < 0) {
            return Problem.of(ProblemCode.E_LIMIT, markOrigin(file, culprit[0].getStartMark()),
                    "an alias refers to the collection that contains it", "remove the recursive alias");
        }
        if (size > budget) {
            return Problem.of(ProblemCode.E_LIMIT, markOrigin(file, culprit[0].getStartMark()),
                    "aliases expand this document by more than " + limits.maxAliasNodes() + " nodes",
                    "write the values out instead of nesting anchors; the limit guards against alias bombs");
        }
        return null;
    }

    /** The nodes of the tree as written: each counted once, however many aliases share it. */
    private static long writtenSize(Node root) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.Deque<Node> open = new java.util.ArrayDeque<>(List.of(root));
        while (!open.isEmpty()) {
            Node node = open.pop();
            if (!seen.add(node)) {
                continue;
            }
            if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    open.push(tuple.getKeyNode());
                    open.push(tuple.getValueNode());
                }
            } else if (node instanceof SequenceNode sequence) {
                sequence.getValue().forEach(open::push);
            }
        }
        return seen.size();
    }

    /** The expanded node count, or -1 on recursion; stops counting once over budget. */
    private static long expandedSize(Node node, Map<Node, Long> sizes, Set<Node> inProgress, long budget,
                                     Node[] culprit) {
        if (node instanceof ScalarNode) {
            return 1;
        }
        Long known = sizes.get(node);
        if (known != null) {
            return known;
        }
        if (!inProgress.add(node)) {
            culprit[0] = node;
            return -1;
        }
        long total = 1;
        List<Node> children = new ArrayList<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                children.add(tuple.getKeyNode());
                children.add(tuple.getValueNode());
            }
        } else if (node instanceof SequenceNode sequence) {
            children.addAll(sequence.getValue());
        }
        for (Node child : children) {
            long size = expandedSize(child, sizes, inProgress, budget, culprit);
            if (size < 0) {
                return -1;
            }
            total += size;
            if (total > budget) {
                if (culprit[0] == null) {
                    culprit[0] = child; // the value that pushed the expansion over the budget
                }
                return total;
            }
        }
        inProgress.remove(node);
        sizes.put(node, total);
        return total;
    }
}
