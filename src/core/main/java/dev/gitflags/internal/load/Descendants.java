package dev.gitflags.internal.load;

import dev.gitflags.internal.load.ParentLinkReader.ParentLink;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Origin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environments below some named ones ({@link FlagScope#descendantsOf}), found from the environments read in
 * full and, for the other files, their parent links ({@link ParentLinkReader}), each read once.
 */
final class Descendants {

    private final SourceFiles files;
    private final Set<String> tops;
    private final LoadLimits limits;
    private final Map<String, Optional<ParentLink>> links = new HashMap<>();

    Descendants(SourceFiles files, Set<String> tops, LoadLimits limits) {
        this.files = files;
        this.tops = tops;
        this.limits = limits;
    }

    /**
     * The unread files whose parent link cannot be told from their first lines and that may name an environment
     * below the tops ({@link FlagScope#mayWrite}): only reading them in full says whether they are below.
     *
     * @param read the environments read in full so far, by path (null where a file gave none)
     */
    List<String> toRead(Map<String, Environment> read) {
        if (tops.isEmpty()) {
            return List.of();
        }
        Set<String> below = below(read);
        return environmentFiles().stream().filter(file -> !read.containsKey(file) && link(file).isEmpty()
                && FlagScope.mayWrite(files.bytes(file), below)).toList();
    }

    /**
     * The environments below the tops that were not read, known by their parent link alone (see {@link FlagScope}):
     * their files cannot mention the scope's flags, or the scope would have read them.
     */
    List<Environment> inheritors(Map<String, Environment> read) {
        if (tops.isEmpty()) {
            return List.of();
        }
        Set<String> below = below(read);
        List<Environment> inheritors = new ArrayList<>();
        for (String file : environmentFiles()) {
            String slug = EnvironmentReader.slugOf(file);
            if (!read.containsKey(file) && below.contains(slug) && !tops.contains(slug)) {
                ParentLink link = link(file).orElseThrow();
                inheritors.add(new Environment(slug, slug, "", link.parent(), true, Map.of(), Map.of(), link.origin(),
                        new Origin(file, 1, 1)));
            }
        }
        return inheritors;
    }

    /** The tops and every environment whose parent is among them, transitively. */
    private Set<String> below(Map<String, Environment> read) {
        Set<String> below = new HashSet<>(tops);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String file : environmentFiles()) {
                String slug = EnvironmentReader.slugOf(file);
                if (below.contains(slug)) {
                    continue;
                }
                String parent = read.containsKey(file) ? parentOf(read.get(file))
                        : link(file).map(ParentLink::parent).orElse(null);
                if (parent != null && below.contains(parent)) {
                    below.add(slug);
                    grew = true;
                }
            }
        }
        return below;
    }

    private static String parentOf(Environment environment) {
        return environment == null ? null : environment.parent();
    }

    /** An unread file's link; empty also for a file name that is no slug, which only a full read reports. */
    private Optional<ParentLink> link(String file) {
        return links.computeIfAbsent(file, path -> EnvironmentReader.SLUG.matcher(EnvironmentReader.slugOf(path))
                .matches() ? ParentLinkReader.read(path, files.bytes(path), limits) : Optional.empty());
    }

    private List<String> environmentFiles() {
        return files.readable().stream().filter(file -> FileKind.of(file) == FileKind.ENVIRONMENT).toList();
    }
}
