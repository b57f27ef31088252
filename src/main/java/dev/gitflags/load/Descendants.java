package dev.gitflags.load;

import dev.gitflags.load.ParentLinkReader.ParentLink;
import dev.gitflags.model.Environment;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment files below some named environments ({@link FlagScope#descendantsOf}), found from the
 * environments read in full and, for the other files, their parent links ({@link ParentLinkReader}), each looked
 * up once. A parent link only finds a descendant; the descendant is then read in full like every other file, so
 * that a file that does not read gives the problems it gives in a full load.
 */
final class Descendants {

    private final Map<String, byte[]> contents;
    private final Set<String> tops;
    private final LoadLimits limits;
    private final Map<String, Optional<ParentLink>> links = new HashMap<>();

    /** @param contents every file of the source, by path */
    Descendants(Map<String, byte[]> contents, Set<String> tops, LoadLimits limits) {
        this.contents = contents;
        this.tops = tops;
        this.limits = limits;
    }

    /**
     * The unread files to read next: those whose parent link puts them below the tops, and those whose parent
     * link cannot be told from their first lines and that may name an environment below the tops
     * ({@link FlagScope#mayWrite}): only reading them says whether they are below.
     *
     * @param read the environments read in full so far, by path (null where a file gave none)
     */
    List<String> toRead(Map<String, Environment> read) {
        if (tops.isEmpty()) {
            return List.of();
        }
        Set<String> below = below(read);
        return environmentFiles().stream().filter(file -> !read.containsKey(file)).filter(file -> {
            Optional<ParentLink> link = link(file);
            return link.isEmpty() ? FlagScope.mayWrite(contents.get(file), below)
                    : below.contains(EnvironmentReader.slugOf(file));
        }).sorted().toList();
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
        return links.computeIfAbsent(file, path -> EnvironmentReader.isSlug(EnvironmentReader.slugOf(path))
                ? ParentLinkReader.read(contents.get(path), limits) : Optional.empty());
    }

    private List<String> environmentFiles() {
        return contents.keySet().stream().filter(file -> FileKind.of(file) == FileKind.ENVIRONMENT).toList();
    }
}
