package dev.gitflags.cli;

import dev.gitflags.internal.load.LoadLimits;
import picocli.CommandLine.Option;

/**
 * The loader's limits a user may change ({@code --max-file-size SIZE}, {@code --max-flag-targeting N}), as a picocli
 * mixin every command shares.
 */
public final class LimitOptions {

    @Option(names = "--max-file-size", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Largest YAML file accepted, e.g. 512KiB or 4MiB (default: 1MiB).")
    private Long maxFileSize;

    @Option(names = "--max-flag-targeting", paramLabel = "N",
            description = "Most rules, conditions and values listed in conditions one flag's rules may hold, counted "
                    + "together (default: " + LoadLimits.DEFAULT_MAX_FLAG_TARGETING + ").")
    private Integer maxFlagTargeting;

    /** {@link LoadLimits#DEFAULT} with the options given applied. */
    public LoadLimits limits() {
        LoadLimits limits = maxFileSize == null ? LoadLimits.DEFAULT : LoadLimits.DEFAULT.withMaxFileBytes(maxFileSize);
        if (maxFlagTargeting == null) {
            return limits;
        }
        if (maxFlagTargeting < 1) {
            throw CommandFailure.usage("--max-flag-targeting must be 1 or more, not " + maxFlagTargeting);
        }
        return limits.withMaxFlagTargeting(maxFlagTargeting);
    }
}
