package dev.gitflags.internal.refs;

import dev.gitflags.internal.model.CodeRefSettings;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.ignore.IgnoreNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Finds flag keys in application source trees ({@code gitflags refs --code DIR…}): every file below the folders
 * that git would track — {@code .gitignore} files are obeyed, {@code .git} is skipped, binary files (a NUL byte in
 * their first 8000, as git decides) are not read — scanned once for every key, alias and call-site name together
 * by a {@link KeyMatcher}. Files are scanned in parallel.
 */
public final class CodeSearch {

    /** What a call site's string must look like to be taken as a flag key (the flag key pattern of the schema). */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** How far after a call site's name its key argument may start. */
    private static final int CALL_REACH = 200;

    private final KeyMatcher matcher;
    private final Collection<String> keys;

    /** A search for {@code keys} (every flag key of the repository) with the repository's {@code refs:} settings. */
    public CodeSearch(Collection<String> keys, CodeRefSettings settings) {
        Map<String, String> words = new LinkedHashMap<>();
        for (String key : keys) {
            for (CodeRefSettings.Spelling spelling : settings.spellings()) {
                words.putIfAbsent(spelling.of(key), key);
            }
        }
        settings.aliases().forEach((key, aliases) -> aliases.forEach(alias -> words.put(alias, key)));
        keys.forEach(key -> words.put(key, key));
        this.keys = List.copyOf(keys);
        this.matcher = new KeyMatcher(words, settings.callSites());
    }

    /** Searches every folder of {@code roots}; paths in the result are as the roots are given, '/'-separated. */
    public CodeReferences search(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            files.addAll(trackedFiles(root));
        }
        List<FileHits> hits;
        try {
            hits = files.parallelStream().map(this::scan).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Map<String, List<CodeReferences.Reference>> references = new TreeMap<>();
        keys.forEach(key -> references.put(key, new ArrayList<>()));
        List<CodeReferences.UnknownKey> unknown = new ArrayList<>();
        long scanned = 0;
        long bytes = 0;
        for (FileHits file : hits) {
            if (file == null) {
                continue;
            }
            scanned++;
            bytes += file.bytes();
            file.references().forEach((key, found) -> references.get(key).addAll(found));
            unknown.addAll(file.unknown());
        }
        Map<String, List<CodeReferences.Reference>> sorted = new LinkedHashMap<>();
        references.forEach((key, found) -> sorted.put(key, found.stream()
                .sorted(Comparator.comparing(CodeReferences.Reference::file)
                        .thenComparingInt(CodeReferences.Reference::line)).toList()));
        // the nearest key once per distinct unknown string: a typo is usually repeated, and each look costs every key
        Map<String, String> nearest = new java.util.HashMap<>();
        List<CodeReferences.UnknownKey> suggested = unknown.stream()
                .map(u -> new CodeReferences.UnknownKey(u.key(), u.file(), u.line(),
                        nearest.computeIfAbsent(u.key(), k -> java.util.Objects.requireNonNullElse(
                                CodeReferences.nearest(k, keys), "")).transform(n -> n.isEmpty() ? null : n)))
                .sorted(Comparator.comparing(CodeReferences.UnknownKey::file)
                        .thenComparingInt(CodeReferences.UnknownKey::line)).toList();
        return new CodeReferences(sorted, suggested, scanned, bytes);
    }

    /** One file's references and unknown call-site keys; null for a binary file. */
    private record FileHits(long bytes, Map<String, List<CodeReferences.Reference>> references,
                            List<CodeReferences.UnknownKey> unknown) {
    }

    private FileHits scan(Path file) {
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (RawText.isBinary(text, text.length, true)) {
            return null;
        }
        String name = file.toString().replace('\\', '/');
        Map<String, List<CodeReferences.Reference>> references = new LinkedHashMap<>();
        List<CodeReferences.UnknownKey> unknown = new ArrayList<>();
        int[] callSiteKeyAt = {-1};
        matcher.scan(text, text.length, (word, offset, line) -> {
            if (!word.isCallSite()) {
                // a key inside a call site's string was already taken as a call-site reference
                if (offset != callSiteKeyAt[0]) {
                    references.computeIfAbsent(word.key(), k -> new ArrayList<>())
                            .add(new CodeReferences.Reference(name, line, word.text(), false));
                }
                return;
            }
            int start = argumentStart(text, offset + word.text().length());
            if (start < 0) {
                return;
            }
            int end = start + 1;
            while (end < text.length && end - start < 130 && text[end] != text[start] && text[end] != '\n') {
                end++;
            }
            if (end >= text.length || text[end] != text[start]) {
                return;
            }
            String argument = new String(text, start + 1, end - start - 1, StandardCharsets.UTF_8);
            if (!KEY.matcher(argument).matches()) {
                return;
            }
            KeyMatcher.Word known = matcher.wordAt(text, start + 1, end);
            if (known != null && !known.isCallSite()) {
                references.computeIfAbsent(known.key(), k -> new ArrayList<>())
                        .add(new CodeReferences.Reference(name, line, argument, true));
                callSiteKeyAt[0] = start + 1;
            } else {
                unknown.add(new CodeReferences.UnknownKey(argument, name, line, null));
            }
        });
        return new FileHits(text.length, references, unknown);
    }

    /**
     * Where a call's string argument opens (at its quote) after the function name ending at {@code from}:
     * {@code name(}, blanks, optionally a bare identifier and a comma (Go's {@code ctx}), blanks, then a quote
     * ({@code "}, {@code '} or a backtick); -1 when the call does not have that shape.
     */
    private static int argumentStart(byte[] text, int from) {
        int limit = Math.min(text.length, from + CALL_REACH);
        int i = skipBlanks(text, from, limit);
        if (i >= limit || text[i] != '(') {
            return -1;
        }
        i = skipBlanks(text, i + 1, limit);
        if (i < limit && !isQuote(text[i])) {
            int identifier = i;
            while (i < limit && (KeyMatcher.isTokenByte(text[i]) || text[i] == '.') && text[i] != '-') {
                i++;
            }
            i = skipBlanks(text, i, limit);
            if (i == identifier || i >= limit || text[i] != ',') {
                return -1;
            }
            i = skipBlanks(text, i + 1, limit);
        }
        return i < limit && isQuote(text[i]) ? i : -1;
    }

    private static int skipBlanks(byte[] text, int from, int limit) {
        int i = from;
        while (i < limit && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean isQuote(byte b) {
        return b == '"' || b == '\'' || b == '`';
    }

    /** The regular files below {@code root} that git would track: .gitignore obeyed, .git skipped, links not followed. */
    static List<Path> trackedFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Deque<Ignores> ignores = new ArrayDeque<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(root) && (dir.getFileName().toString().equals(".git") || ignored(ignores, dir, true))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path gitignore = dir.resolve(".gitignore");
                IgnoreNode node = new IgnoreNode();
                if (Files.isRegularFile(gitignore)) {
                    try (InputStream in = Files.newInputStream(gitignore)) {
                        node.parse(gitignore.toString(), in);
                    }
                }
                ignores.push(new Ignores(dir, node));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && !ignored(ignores, file, false)) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                ignores.pop();
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** A folder's .gitignore rules, which apply to the paths below it. */
    private record Ignores(Path dir, IgnoreNode node) {
    }

    /** Whether the nearest .gitignore that has a say, from the path's own folder up, ignores it. */
    private static boolean ignored(Deque<Ignores> ignores, Path path, boolean directory) {
        for (Ignores level : ignores) {
            String relative = level.dir().relativize(path).toString().replace('\\', '/');
            switch (level.node().isIgnored(relative, directory)) {
                case IGNORED:
                    return true;
                case NOT_IGNORED:
                    return false;
                default:
                    break;
            }
        }
        return false;
    }
}
