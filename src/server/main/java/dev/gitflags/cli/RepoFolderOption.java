package dev.gitflags.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --repo DIR}, the config repo folder, as a picocli mixin every command shares. */
public final class RepoFolderOption {

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "Config repo folder: a git work tree, a subfolder of one, or a bare repo (default: ${DEFAULT-VALUE}).")
    private Path folder;

    /** The folder as given (default: the current directory). */
    public Path folder() {
        return folder;
    }
}
