package dev.gitflags.internal.load;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.representer.Representer;

import java.util.function.UnaryOperator;

/**
 * The one way gitflags reads YAML: plain scalars typed by the YAML 1.2 core schema ({@link CoreSchemaResolver}:
 * {@code on}, {@code no}, {@code 1:20} and {@code 2024-01-01} stay strings) within the {@link LoadLimits}. The
 * loader reads every file with it; promotion reads the files it edits with it and writes its edits with the same
 * typing, so a scalar it copies keeps its meaning and its quoting, and every file the loader accepts can be edited.
 */
public final class YamlDialect {

    private YamlDialect() {
    }

    /**
     * The node tree of {@code text}'s single document, or null for an empty text.
     *
     * @throws YAMLException when the text is not YAML or exceeds a limit (a {@code MarkedYAMLException} has the place)
     */
    public static Node compose(String text, LoadLimits limits) {
        return compose(text, limits, UnaryOperator.identity());
    }

    /**
     * {@link #compose(String, LoadLimits)} with the parser's events passed through {@code events} on their way to
     * the composer, e.g. to note where each alias is written (the node tree keeps only the anchored node's place).
     */
    public static Node compose(String text, LoadLimits limits, UnaryOperator<Parser> events) {
        LoaderOptions options = loaderOptions(limits);
        return composer(events.apply(new ParserImpl(new StreamReader(text), options)), options).getSingleNode();
    }

    /** The composer of gitflags' typing over {@code events}, a repeated scalar text held once ({@link SharedScalars}). */
    static Composer composer(Parser events, LoaderOptions options) {
        return new Composer(new SharedScalars(events), new CoreSchemaResolver(), options);
    }

    /**
     * A SnakeYAML instance for {@code represent} and {@code serialize} with the same typing: a plain scalar is
     * written plain when the core schema reads it back as the same type, and quoted otherwise.
     */
    public static Yaml writer(DumperOptions options) {
        LoaderOptions unused = new LoaderOptions();
        return new Yaml(new SafeConstructor(unused), new Representer(options), options, unused,
                new CoreSchemaResolver());
    }

    /** SnakeYAML's options for {@code limits}; duplicate keys pass, for the reader to report them located. */
    static LoaderOptions loaderOptions(LoadLimits limits) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, Math.max(limits.maxFileBytes(), 1)));
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        return options;
    }
}
