package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Problem;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A base source with some files replaced or added in memory, e.g. the tree a promotion is about to commit, so
 * that it can be validated before it exists. A replacement of {@code null} removes the file.
 */
public final class OverlaySource implements ConfigSource {

    private final ConfigSource base;
    private final Map<String, byte[]> replacements;

    /** @param replacements config-root-relative path → new content, or null to remove the file */
    public OverlaySource(ConfigSource base, Map<String, byte[]> replacements) {
        this.base = base;
        this.replacements = Collections.unmodifiableMap(new LinkedHashMap<>(replacements));
    }

    @Override
    public String description() {
        return base.description() + " with " + replacements.size() + " edited file(s)";
    }

    /** Null: the edited tree is not a commit (yet). */
    @Override
    public String commit() {
        return null;
    }

    @Override
    public List<String> files() throws IOException {
        TreeSet<String> files = new TreeSet<>(base.files());
        replacements.forEach((path, content) -> {
            if (content == null) {
                files.remove(path);
            } else {
                files.add(path);
            }
        });
        return new ArrayList<>(files);
    }

    /** The base's, but for the paths replaced: a link written over with content is a file in the edited tree. */
    @Override
    public List<Problem> problems() throws IOException {
        return base.problems().stream().filter(problem -> !replacements.containsKey(problem.origin().file())).toList();
    }

    @Override
    public long size(String path) throws IOException {
        return replacements.containsKey(path) ? content(path).length : base.size(path);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return replacements.containsKey(path) ? content(path).clone() : base.read(path);
    }

    /** The base's, but for the paths replaced, whose bytes are hashed when read. */
    @Override
    public ObjectId blobId(String path) throws IOException {
        return replacements.containsKey(path) ? null : base.blobId(path);
    }

    private byte[] content(String path) throws IOException {
        byte[] content = replacements.get(path);
        if (content == null) {
            throw new IOException("file removed in the edited tree: " + path);
        }
        return content;
    }
}
