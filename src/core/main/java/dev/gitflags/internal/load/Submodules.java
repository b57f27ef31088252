package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for git submodules, whatever the source: gitflags follows none, and one among the config files or
 * folders ({@link FileKind#isConfigPath}) is an E_SUBMODULE problem. In a commit a submodule is a gitlink, the id
 * of a commit of another repository, whose files this one does not hold; in a working tree it is an empty folder
 * until {@code git submodule update} fills it. Read as a folder, it would be zero flags from a commit or a fresh
 * clone and the submodule's files from an updated checkout: configs that differ without a word.
 */
final class Submodules {

    private Submodules() {
    }

    /** The problem of a submodule at {@code path}, one where config belongs. */
    static Problem problem(String path) {
        return Problem.of(ProblemCode.E_SUBMODULE, Origin.ofFile(path),
                path + " is a git submodule, and gitflags does not follow submodules",
                "vendor the files: replace the submodule with the files themselves (git rm " + path
                        + ", copy its files in, commit them)");
    }

    /**
     * The submodules the index of the git work tree enclosing {@code root} records below it, root-relative: those
     * not checked out are empty folders on disk, which nothing else tells from a folder without files. None when
     * {@code root} is in no work tree, or its index cannot be read (git itself would then refuse to work there).
     */
    static List<String> inIndexAbove(Path root) {
        ConfigSources.GitLocation location;
        try {
            location = ConfigSources.locate(root, "");
        } catch (SourceException notInARepository) {
            return List.of();
        }
        try (Repository repository = location.repository()) {
            if (repository.isBare()) {
                return List.of();
            }
            String below = location.subfolder().isEmpty() ? "" : location.subfolder() + "/";
            DirCache index = repository.readDirCache();
            List<String> submodules = new ArrayList<>();
            for (int i = 0; i < index.getEntryCount(); i++) {
                DirCacheEntry entry = index.getEntry(i);
                if (entry.getFileMode() == FileMode.GITLINK && entry.getPathString().startsWith(below)) {
                    submodules.add(entry.getPathString().substring(below.length()));
                }
            }
            return submodules;
        } catch (IOException unreadableIndex) {
            return List.of();
        }
    }
}
