package dev.gitflags.cli;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real git repository in a temp folder, written and committed with JGit porcelain. */
final class GitRepo implements AutoCloseable {

    private final Git git;
    private final Path root;

    private GitRepo(Git git, Path root) {
        this.git = git;
        this.root = root;
    }

    static GitRepo init(Path folder) throws GitAPIException {
        return new GitRepo(Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call(), folder);
    }

    Path root() {
        return root;
    }

    /** Writes files (path relative to the work tree → UTF-8 text). */
    GitRepo write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            write(file.getKey(), file.getValue());
        }
        return this;
    }

    GitRepo write(String path, String text) throws IOException {
        Path target = root.resolve(path);
        Files.createDirectories(target.getParent());
        Files.writeString(target, text, StandardCharsets.UTF_8);
        return this;
    }

    /** Stages everything and commits; returns the new commit's SHA. */
    String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        RevCommit commit = git.commit().setMessage(message)
                .setAuthor("Test", "test@example.com").setCommitter("Test", "test@example.com")
                .setSign(false).call();
        return commit.name();
    }

    @Override
    public void close() {
        git.close();
    }
}
