package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Origin;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code parent:} of an environment file, read from the first YAML events only: the scan stops at the
 * top-level {@code parent} entry, or at {@code overrides} (the section that grows with the flags), so a file that
 * names its parent first, as they are written, costs a few lines however many overrides follow. Bytes are decoded
 * as far as the scan goes.
 */
final class ParentLinkReader {

    /** What a file says about its parent: the slug and where it is written, or, for a root, null and null. */
    record ParentLink(String parent, Origin origin) {
        static final ParentLink ROOT = new ParentLink(null, null);
    }

    private ParentLinkReader() {
    }

    /**
     * The file's parent link as the full reader would see it; empty when the first events cannot tell: the file
     * is not YAML or not UTF-8, its root is no mapping, {@code parent} is not a plain or quoted slug (an alias,
     * a tag, a null), or {@code overrides} comes first. Such a file has to be read in full.
     */
    static Optional<ParentLink> read(String file, byte[] bytes, LoadLimits limits) {
        int start = YamlReader.hasBom(bytes) ? 3 : 0;
        InputStreamReader text = new InputStreamReader(new ByteArrayInputStream(bytes, start, bytes.length - start),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
        Parser events = new ParserImpl(new StreamReader(text), YamlDialect.loaderOptions(limits));
        try {
            if (!(events.getEvent() instanceof StreamStartEvent)) {
                return Optional.empty();
            }
            Event event = events.getEvent();
            if (event instanceof StreamEndEvent) {
                return Optional.of(ParentLink.ROOT); // an empty environment file: a root with nothing in it
            }
            if (!(event instanceof DocumentStartEvent) || !(events.getEvent() instanceof MappingStartEvent)) {
                return Optional.empty();
            }
            while (true) {
                Event key = events.getEvent();
                if (key instanceof MappingEndEvent) {
                    return Optional.of(ParentLink.ROOT);
                }
                if (!(key instanceof ScalarEvent scalar) || scalar.getValue().equals("overrides")) {
                    return Optional.empty();
                }
                if (scalar.getValue().equals("parent")) {
                    return link(file, events.getEvent());
                }
                skipNode(events);
            }
        } catch (YAMLException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /** The value of {@code parent:} when it is a slug typed as a string by gitflags' YAML rules. */
    private static Optional<ParentLink> link(String file, Event value) {
        if (!(value instanceof ScalarEvent scalar) || scalar.getTag() != null) {
            return Optional.empty();
        }
        Tag tag = new CoreSchemaResolver().resolve(NodeId.scalar, scalar.getValue(),
                scalar.getImplicit().canOmitTagInPlainScalar());
        if (!Tag.STR.equals(tag) || !EnvironmentReader.SLUG.matcher(scalar.getValue()).matches()) {
            return Optional.empty();
        }
        Mark mark = scalar.getStartMark();
        return Optional.of(new ParentLink(scalar.getValue(), new Origin(file, mark.getLine() + 1,
                mark.getColumn() + 1)));
    }

    /** Consumes one value node, however deep. */
    private static void skipNode(Parser events) {
        int depth = 0;
        do {
            Event event = events.getEvent();
            if (event instanceof CollectionStartEvent) {
                depth++;
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        } while (depth > 0);
    }
}
