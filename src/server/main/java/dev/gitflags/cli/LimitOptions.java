package dev.gitflags.cli;

import dev.gitflags.internal.load.LoadLimits;
import picocli.CommandLine.Option;

/** The loader's limits a user may change ({@code --max-file-size SIZE}), as a picocli mixin every command shares. */
public final class LimitOptions {

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Largest YAML file accepted, e.g. 512KiB or 4MiB (default: 1MiB).")
    private Long maxFileSize;

    /** {@link LoadLimits#DEFAULT} with the options given applied. */
    public LoadLimits limits() {
        return maxFileSize == null ? LoadLimits.DEFAULT : LoadLimits.DEFAULT.withMaxFileBytes(maxFileSize);
    }
}
