package dev.gitflags.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The values of every command's {@code --format}. Each command declares which it prints with one of the
 * {@link Choices} below, as both the option's {@code completionCandidates} (listed in --help) and its
 * {@code converter} (any other value is a usage error, exit 2):
 * <pre>{@code @Option(names = "--format", ..., completionCandidates = OutputFormat.TextOrJson.class,
 *         converter = OutputFormat.TextOrJson.class) OutputFormat format;}</pre>
 */
public enum OutputFormat {
    /** Lines for a terminal. */
    text,
    /** One JSON document, for scripts. */
    json,
    /** One YAML document. */
    yaml,
    /** Markdown, for a pull-request comment. */
    markdown,
    /** GitHub Actions workflow commands, which annotate a pull request. */
    github,
    /** flagd flag definitions (flagd-schemas' flags.json), for flagd and its in-process providers. */
    flagd;

    /** The formats one command accepts, in the order --help lists them. */
    abstract static class Choices implements Iterable<String>, ITypeConverter<OutputFormat> {

        private final List<OutputFormat> allowed;

        Choices(OutputFormat... allowed) {
            this.allowed = List.of(allowed);
        }

        @Override
        public Iterator<String> iterator() {
            return allowed.stream().map(OutputFormat::name).iterator();
        }

        @Override
        public OutputFormat convert(String value) {
            return allowed.stream().filter(format -> format.name().equals(value)).findFirst()
                    .orElseThrow(() -> new TypeConversionException("expected one of "
                            + Arrays.toString(allowed.stream().map(OutputFormat::name).toArray())
                            + " but was '" + value + "'"));
        }
    }

    /** {@code text}, {@code json}. */
    static final class TextOrJson extends Choices {
        TextOrJson() {
            super(text, json);
        }
    }

    /** {@code yaml}, {@code json}. */
    static final class YamlOrJson extends Choices {
        YamlOrJson() {
            super(yaml, json);
        }
    }

    /** {@code text}, {@code json}, {@code markdown}. */
    static final class TextJsonOrMarkdown extends Choices {
        TextJsonOrMarkdown() {
            super(text, json, markdown);
        }
    }

    /** {@code flagd}. */
    static final class Flagd extends Choices {
        Flagd() {
            super(flagd);
        }
    }

    /** {@code text}, {@code json}, {@code github}. */
    static final class TextJsonOrGithub extends Choices {
        TextJsonOrGithub() {
            super(text, json, github);
        }
    }
}
