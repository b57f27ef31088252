package dev.gitflags.cli;

import picocli.CommandLine.Option;

/**
 * {@code --format text|json}, for the commands that print lines or one JSON document
 * ({@code @Mixin TextOrJsonOption output;}): one declaration, so every such command lists and checks it alike.
 */
final class TextOrJsonOption {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = OutputFormat.TextOrJson.class, converter = OutputFormat.TextOrJson.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    /** True for {@code --format json}. */
    boolean json() {
        return format == OutputFormat.json;
    }
}
