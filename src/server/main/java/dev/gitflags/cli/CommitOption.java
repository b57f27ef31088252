package dev.gitflags.cli;

import picocli.CommandLine.Option;

/**
 * {@code --ref REF}, the commit to read instead of the files on disk, as a picocli mixin of the commands that read
 * one version of the config. ({@code promote --ref} names the branch to commit on, a different thing.)
 */
public final class CommitOption {

    @Option(names = "--ref", paramLabel = "REF",
            description = "Read this commit of the git repo (a branch, tag, HEAD~3 or a SHA) instead of the files on disk.")
    private String ref;

    /** The ref to read, or null for the working tree. */
    public String ref() {
        return ref;
    }
}
