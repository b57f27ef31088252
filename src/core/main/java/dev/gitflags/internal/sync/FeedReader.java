package dev.gitflags.internal.sync;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.FileKind;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.YamlDialect;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one reader of the sync feed's JSON ({@value #FORMAT}, {@code GET /sync/v1/environments/{env}}, which the server
 * writes from its REST flag views): one environment's resolved flags become a {@link LoadResult} whose snapshot
 * evaluates as the server's does. Each flag is written back as a base flag in the plain YAML form of the files
 * (which means what the original means) and the whole goes through the {@link Loader}, so the feed is checked and
 * compiled by the same rules as a repository. Bad JSON, a foreign format and any problem the loader finds are
 * {@link ProblemCode#E_SYNC_FEED} or the loader's code, located at {@code line:column} of the body.
 */
public final class FeedReader {

    /** The value of the feed's {@code format}: bumped, with the path, when the JSON changes incompatibly. */
    public static final String FORMAT = "gitflags.sync/v1";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** The feed's camelCase fields and the flag file's YAML names, in the order a flag file writes them. */
    private static final Map<String, String> FIELDS = fields();
    private static final String HINT = "a gitflags server writes this feed (or the copy saved from it): check that"
            + " the server and this gitflags read the same format";

    private FeedReader() {
    }

    /**
     * The snapshot the feed {@code body} describes, or its problems.
     *
     * @param origin  where the body came from, the file of every problem (a URL or a file)
     * @param commit  the commit the server resolved it from, or null
     */
    public static LoadResult read(byte[] body, String origin, String commit) {
        Parsed parsed;
        try {
            parsed = parse(body, origin);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return invalid(new Origin(origin, at == null ? 1 : Math.max(at.getLineNr(), 1),
                    at == null ? 1 : Math.max(at.getColumnNr(), 1)), "the sync feed is not JSON: "
                    + withoutSource(e.getOriginalMessage()));
        } catch (Malformed e) {
            return LoadResult.invalid(List.of(e.problem));
        } catch (IOException e) {
            return invalid(Origin.ofFile(origin), "the sync feed cannot be read: " + e.getMessage());
        }
        LoadResult loaded = new Loader().load(new FeedFiles(origin, commit, parsed.files()));
        List<Problem> problems = loaded.problems().stream().map(problem -> located(problem, parsed)).toList();
        return loaded.isValid() ? LoadResult.valid(loaded.snapshot(), problems) : LoadResult.invalid(problems);
    }

    /** The body as the files of a one-environment repository, with where each came from in the body. */
    private record Parsed(Map<String, byte[]> files, Map<String, Origin> places, Origin top) {
    }

    private static Parsed parse(byte[] body, String origin) throws IOException {
        Yaml yaml = YamlDialect.writer(new DumperOptions());
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, Origin> places = new HashMap<>();
        Origin top = new Origin(origin, 1, 1);
        String format = null;
        String environment = null;
        Map<String, Object> settings = new LinkedHashMap<>();
        boolean sawFlags = false;
        Set<String> keys = new HashSet<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed(at(parser, origin), "the sync feed is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                Origin place = at(parser, origin);
                switch (field) {
                    case "format" -> format = text(parser, place, field);
                    case "environment" -> environment = text(parser, place, field);
                    case "maxAttributeLength" -> settings.put("max_attribute_length", number(parser, place, field));
                    case "bucketing" -> settings.put("bucketing", text(parser, place, field));
                    case "flags" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new Malformed(place, "'flags' is not a list");
                        }
                        sawFlags = true;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            Origin flagPlace = at(parser, origin);
                            JsonNode flag = parser.readValueAsTree();
                            String key = flag != null && flag.path("key").isTextual() ? flag.get("key").asText() : null;
                            if (key == null) {
                                throw new Malformed(flagPlace, "a flag without a 'key'");
                            }
                            if (!keys.add(key)) {
                                throw new Malformed(flagPlace, "flag '" + key + "' appears twice");
                            }
                            // named by position: a key is checked by the loader, not trusted as a path
                            String path = FileKind.FLAGS_PATH + "/" + keys.size() + ".yaml";
                            files.put(path, yaml(yaml, Map.of("flags", Map.of(key, plainFlag(flag)))));
                            places.put(path, flagPlace);
                        }
                    }
                    default -> parser.skipChildren(); // a newer server's additions: not needed to evaluate
                }
            }
            if (!FORMAT.equals(format)) {
                throw new Malformed(top, format == null ? "not a sync feed: no 'format'"
                        : "format '" + format + "' is not " + FORMAT);
            }
            if (environment == null || !sawFlags) {
                throw new Malformed(top, "the sync feed has no " + (environment == null ? "'environment'" : "'flags'"));
            }
            if (parser.nextToken() != null) {
                throw new Malformed(at(parser, origin), "more JSON after the sync feed's object");
            }
        }
        settings.put("default_environment", environment);
        files.put(FileKind.SETTINGS_FILE, yaml(yaml, settings));
        // an environment without overrides: the feed's flags are already what it resolves
        files.put(FileKind.ENVIRONMENT_FOLDER + environment + ".yaml", yaml(yaml, Map.of("name", environment)));
        return new Parsed(files, places, top);
    }

    /** A feed flag as the entry of a flag file: its YAML names, absent fields left out. */
    private static Map<String, Object> plainFlag(JsonNode flag) {
        Map<String, Object> entry = new LinkedHashMap<>();
        FIELDS.forEach((json, yaml) -> {
            JsonNode value = flag.get(json);
            if (value != null && !value.isNull()) {
                entry.put(yaml, JSON.convertValue(value, Object.class));
            }
        });
        return entry;
    }

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String same : List.of("name", "description", "type", "status", "enabled")) {
            fields.put(same, same);
        }
        fields.put("defaultValue", "default_value");
        fields.put("rolloutPercentage", "rollout_percentage");
        for (String same : List.of("rules", "variants", "tags", "metadata")) {
            fields.put(same, same);
        }
        return fields;
    }

    private static byte[] yaml(Yaml yaml, Object document) {
        return yaml.dump(document).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonParser parser, Origin place, String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new Malformed(place, "'" + field + "' is not a string");
        }
        return parser.getText();
    }

    private static Object number(JsonParser parser, Origin place, String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new Malformed(place, "'" + field + "' is not a whole number");
        }
        return parser.getNumberValue();
    }

    private static Origin at(JsonParser parser, String origin) {
        JsonLocation location = parser.currentTokenLocation();
        return new Origin(origin, Math.max(location.getLineNr(), 1), Math.max(location.getColumnNr(), 1));
    }

    /** A loader problem in a written-back file, moved to where that part of the body is, its file named. */
    private static Problem located(Problem problem, Parsed parsed) {
        String file = problem.origin().file();
        Origin place = parsed.places().getOrDefault(file, parsed.top());
        return Problem.of(problem.code(), place, problem.message() + " (in the feed's " + file + ")", problem.hint());
    }

    /** Jackson's message without its "(start marker at [Source: REDACTED …])": the problem's origin says where. */
    private static String withoutSource(String message) {
        int marker = message.indexOf(" (start marker at");
        return marker < 0 ? message : message.substring(0, marker);
    }

    private static LoadResult invalid(Origin origin, String message) {
        return LoadResult.invalid(List.of(Problem.of(ProblemCode.E_SYNC_FEED, origin, message, HINT)));
    }

    /** The body is JSON but not a sync feed. */
    private static final class Malformed extends IOException {
        private final transient Problem problem;

        Malformed(Origin origin, String message) {
            super(message);
            this.problem = Problem.of(ProblemCode.E_SYNC_FEED, origin, message, HINT);
        }
    }

    /** The written-back files, in memory. */
    private record FeedFiles(String description, String commit, Map<String, byte[]> contents) implements ConfigSource {
        @Override
        public List<String> files() {
            return new ArrayList<>(contents.keySet());
        }

        @Override
        public long size(String path) {
            return contents.get(path).length;
        }

        @Override
        public byte[] read(String path) throws IOException {
            byte[] content = contents.get(path);
            if (content == null) {
                throw new IOException("no such file in the sync feed: " + path);
            }
            return content.clone();
        }
    }
}
