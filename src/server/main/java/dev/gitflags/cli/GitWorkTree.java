package dev.gitflags.cli;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;

/** Where a config folder sits inside its git work tree, so reported paths can be made relative to the repo root. */
final class GitWorkTree {

    private GitWorkTree() {
    }

    /**
     * The prefix that turns a path relative to {@code configDir} into one relative to the root of the git work
     * tree holding it: {@code ""} at the root or in a bare repo, {@code "example-repo/"} for a subfolder. Outside
     * any git repo, the folder as given (relative to the current directory).
     */
    static String prefixOf(Path configDir) {
        Path absolute = configDir.toAbsolutePath().normalize();
        // readEnvironment: honour GIT_DIR like ConfigSources does, so both agree on the repository.
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(absolute.toFile());
        if (builder.getGitDir() == null) {
            return asPrefix(configDir.normalize());
        }
        try (Repository repository = builder.build()) {
            if (repository.isBare()) {
                return "";
            }
            Path workTree = repository.getWorkTree().toPath().toRealPath();
            return asPrefix(workTree.relativize(absolute.toRealPath()));
        } catch (IOException | IllegalArgumentException unreadable) {
            return asPrefix(configDir.normalize());
        }
    }

    private static String asPrefix(Path relative) {
        String text = relative.toString().replace('\\', '/');
        return text.isEmpty() || text.equals(".") ? "" : text + "/";
    }
}
