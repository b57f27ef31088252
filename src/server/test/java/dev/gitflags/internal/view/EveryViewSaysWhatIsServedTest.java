package dev.gitflags.internal.view;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import dev.gitflags.internal.eval.Reason;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;
import dev.gitflags.server.FlagServer;
import dev.gitflags.server.ServerOptions;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every view of a rule, a value and a cell says what the evaluator does (issue 10, items 11 and 12). The example repo,
 * plus a flag file of the shapes it lacks (a bare serve, a disabled serve, a variant serve on a string flag, a disabled
 * rule, a disabled flag whose default is true, a rollout on a string flag, a rule without conditions), is committed,
 * served by the real server and read through every view: explain text and JSON, resolve YAML and JSON, promote and
 * diff text and JSON, the REST API, the web view's matrix and cell JSON. Then:
 * <ul>
 *   <li>each rule's text names what the evaluator serves when that rule matches (the flag reduced to that rule,
 *       without conditions, evaluated for real);</li>
 *   <li>each JSON or YAML form of rules and variants is resolve's, and resolve's, loaded as a repository of its own,
 *       resolves to the same fields and evaluates the same;</li>
 *   <li>each web cell shows what a request that no rule, split or rollout reaches gets, after the steps that come
 *       first, and names every other outcome a keyed request can get.</li>
 * </ul>
 */
class EveryViewSaysWhatIsServedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVE = " -> serve ";

    /** The rule shapes example-repo/ lacks; every rule's condition is one the others' do not match. */
    private static final String SHAPES = """
            flags:
              shape-bare-serve:
                type: boolean
                default_value: false
                rules:
                  - name: bare
                    conditions: [{attribute: tier, operator: eq, value: gold}]
                    serve: {enabled: true}
              shape-disabled-serve:
                type: boolean
                default_value: true
                rules:
                  - name: switched-off
                    conditions: [{attribute: tier, operator: eq, value: free}]
                    serve: {enabled: false}
              shape-string-serves:
                type: string
                default_value: plain
                variants:
                  a: {value: alpha, weight: 60}
                  b: {value: beta, weight: 40}
                rules:
                  - name: bare-string
                    priority: 1
                    conditions: [{attribute: tier, operator: eq, value: gold}]
                    serve: {enabled: true}
                  - name: disabled-string
                    priority: 2
                    conditions: [{attribute: tier, operator: eq, value: free}]
                    serve: {enabled: false, value: ignored}
                  - name: variant-b
                    priority: 3
                    conditions: [{attribute: tier, operator: eq, value: silver}]
                    serve: b
                  - name: rolled-out
                    priority: 4
                    conditions: [{attribute: tier, operator: eq, value: bronze}]
                    serve: {value: "bronze \\"quoted\\" \\\\ value; [1]"}
                    rollout_percentage: 50
                  - name: switched-off-rule
                    priority: 5
                    enabled: false
                    conditions: [{attribute: tier, operator: eq, value: wood}]
                    serve: {value: never}
              shape-disabled-true:
                type: boolean
                enabled: false
                default_value: true
              shape-rollout-string:
                type: string
                default_value: rolled
                rollout_percentage: 40
              shape-catch-all:
                type: number
                default_value: 1
                rules:
                  - name: everyone
                    serve: {value: 2}
            """;

    @TempDir
    static Path dir;
    @TempDir
    static Path scratch;

    private static Snapshot snapshot;
    private static FlagServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** resolve --format json of every environment, by slug. */
    private static final Map<String, JsonNode> RESOLVED = new LinkedHashMap<>();

    @BeforeAll
    static void commitServeAndResolve() throws Exception {
        try (TestRepo repo = TestRepo.init(dir).copyFrom(Path.of("example-repo"))) {
            // First commit: the environments without flags or overrides, so that the diff to the next adds them all.
            try (Stream<Path> files = Files.list(dir.resolve("flags"))) {
                files.forEach(file -> repo.delete("flags/" + file.getFileName()));
            }
            try (Stream<Path> files = Files.list(dir.resolve("environments"))) {
                for (Path file : files.toList()) {
                    String text = Files.readString(file);
                    int overrides = text.indexOf("\noverrides:");
                    repo.write("environments/" + file.getFileName(), overrides < 0 ? text : text.substring(0, overrides + 1));
                }
            }
            repo.commit("environments only");
            repo.copyFrom(Path.of("example-repo")).write("flags/shapes.yaml", SHAPES).commit("every rule shape");
            snapshot = repo.snapshot("HEAD");
            // blank drops every rule, so that a promotion into it lists them all.
            StringBuilder blank = new StringBuilder("name: Blank\noverrides:\n");
            for (String key : snapshot.flagKeys()) {
                if (!snapshot.flags().get(key).rules().isEmpty()) {
                    blank.append("  ").append(key).append(":\n    rules: []\n");
                }
            }
            repo.write("environments/blank.yaml", blank.toString()).write("gitflags.yaml", repo.read("HEAD",
                    "gitflags.yaml").replace("  - feature-checkout-v2\n", "  - feature-checkout-v2\n  - blank\n"));
            repo.commit("blank");
            snapshot = repo.snapshot("HEAD");
        }
        server = FlagServer.start(ServerOptions.of(dir, "HEAD", 0, Duration.ofSeconds(30)));
        for (String slug : snapshot.graph().treeOrder()) {
            RESOLVED.put(slug, JSON.readTree(ok(cli("resolve", "--repo", dir.toString(), "--env", slug,
                    "--format", "json"))));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void explainTextSaysWhatEachRuleServesAndJsonIsTheOnePlainForm() throws Exception {
        for (Map.Entry<String, ResolvedFlag> shown : distinctFlags().entrySet()) {
            String slug = shown.getKey().substring(0, shown.getKey().indexOf('/'));
            ResolvedFlag flag = shown.getValue();
            String where = "explain --env " + slug + " " + flag.key();
            String text = ok(cli("explain", "--repo", dir.toString(), "--env", slug, flag.key()));
            String rulesBlock = text.substring(text.indexOf("\nrules: "), text.indexOf("\nvariants: "));
            for (Rule rule : flag.rules()) {
                assertSaysWhatIsServed(rulesBlock, rule, flag, where);
            }
            String variantsBlock = text.substring(text.indexOf("\nvariants: "));
            for (Variant variant : flag.variants()) {
                assertTrue(variantsBlock.contains(variantText(variant)), where + ":\n" + text);
            }
            assertTrue(text.contains("\ndefault_value: " + JSON.writeValueAsString(flag.defaultValue()) + "\n"),
                    where + ":\n" + text);

            JsonNode json = JSON.readTree(ok(cli("explain", "--repo", dir.toString(), "--env", slug, flag.key(),
                    "--format", "json")));
            JsonNode resolved = resolved(slug, flag.key());
            for (FlagField field : FlagField.values()) {
                assertEquals(resolved.get(field.yamlName()), plain(json.get("fields").get(field.yamlName()).get("value")),
                        where + " --format json: " + field.yamlName());
            }
        }
    }

    @Test
    void resolveYamlAndJsonAreOneFormThatLoadsAndEvaluatesAsTheOriginal() throws Exception {
        for (String slug : snapshot.graph().treeOrder()) {
            JsonNode json = RESOLVED.get(slug);
            Object yaml = new Yaml().load(ok(cli("resolve", "--repo", dir.toString(), "--env", slug)));
            assertEquals(json, plain(JSON.valueToTree(yaml)), "resolve --env " + slug + ": YAML and JSON agree");

            // resolve's flags, written as the flag file of a repository of their own, mean what they meant here.
            Path copy = scratch.resolve(slug);
            Map<String, Object> flags = Map.of("flags", JSON.convertValue(json.get("flags"), Map.class));
            Snapshot reloaded;
            try (TestRepo repo = TestRepo.init(copy)) {
                repo.write("gitflags.yaml", "default_environment: only\n")
                        .write("environments/only.yaml", "name: Only\n")
                        .write("flags/resolved.yaml", JSON.writeValueAsString(flags))
                        .commit("resolved " + slug);
                reloaded = repo.snapshot("HEAD");
            }
            for (String key : snapshot.flagKeys()) {
                ResolvedFlag original = snapshot.flag(slug, key).orElseThrow();
                ResolvedFlag again = reloaded.flag("only", key).orElseThrow();
                String where = "resolve --env " + slug + " " + key + ", loaded again";
                assertEquals(List.of(), FieldValues.differing(original, again), where);
                assertEquals(original.status(), again.status(), where);
                assertEquals(original.type(), again.type(), where);
                for (EvaluationContext context : probes()) {
                    assertSameOutcome(Evaluator.evaluate(original, context), Evaluator.evaluate(again, context),
                            where + " for " + context);
                }
            }
        }
    }

    @Test
    void restApiGivesRulesAndVariantsInResolvesForm() throws Exception {
        for (String slug : snapshot.graph().treeOrder()) {
            if (!snapshot.serves(slug)) {
                continue;
            }
            JsonNode body = get("/api/v1/environments/" + slug + "/flags");
            for (JsonNode flag : body.get("flags")) {
                String key = flag.get("key").asText();
                JsonNode resolved = resolved(slug, key);
                String where = "GET /api/v1/environments/" + slug + "/flags: " + key;
                assertEquals(resolved.get("rules"), plain(flag.get("rules")), where);
                assertEquals(resolved.get("variants"), plain(flag.get("variants")), where);
                assertEquals(resolved.get("default_value"), plain(flag.get("defaultValue")), where);
            }
        }
    }

    @Test
    void promoteTextSaysWhatEachRuleServesAndJsonIsResolvesForm() throws Exception {
        for (String from : snapshot.graph().treeOrder()) {
            if (from.equals("blank")) {
                continue;
            }
            Cli text = cli("promote", "--repo", dir.toString(), "--from", from, "--to", "blank", "--all", "--dry-run");
            assertEquals(0, text.exitCode(), text.transcript());
            JsonNode json = JSON.readTree(ok(cli("promote", "--repo", dir.toString(), "--from", from, "--to", "blank",
                    "--all", "--dry-run", "--format", "json")));
            int promotedRules = 0;
            for (JsonNode flag : json.get("flags")) {
                String key = flag.get("key").asText();
                ResolvedFlag source = snapshot.flag(from, key).orElseThrow();
                for (JsonNode change : flag.get("changes")) {
                    String field = change.get("field").asText();
                    assertEquals(resolved(from, key).get(field), plain(change.get("new")),
                            "promote --from " + from + " --format json: " + key + "." + field);
                }
                String block = section(text.out(), "  " + key);
                for (Rule rule : source.rules()) {
                    assertSaysWhatIsServed(line(block, "    rules: "), rule, source, "promote --from " + from);
                    promotedRules++;
                }
            }
            assertEquals(snapshot.resolved().get(from).flags().values().stream().mapToInt(f -> f.rules().size()).sum(),
                    promotedRules, "every rule of " + from + " is promoted into blank");
        }
    }

    @Test
    void diffTextSaysWhatEachRuleServesAndJsonIsResolvesForm() throws Exception {
        Cli text = cli("diff", "--repo", dir.toString(), "HEAD~2", "HEAD");
        assertEquals(1, text.exitCode(), text.transcript());
        JsonNode json = JSON.readTree(cli("diff", "--repo", dir.toString(), "HEAD~2", "HEAD", "--format", "json").out());
        int environments = 0;
        for (JsonNode environment : json.get("environments")) {
            String slug = environment.get("environment").asText();
            if (!environment.get("kind").asText().equals("changed")) {
                continue;
            }
            environments++;
            String envBlock = section(text.out(), slug);
            for (JsonNode flag : environment.get("flags")) {
                String key = flag.get("key").asText();
                assertEquals("added", flag.get("kind").asText(), slug + "/" + key);
                ResolvedFlag resolved = snapshot.flag(slug, key).orElseThrow();
                for (JsonNode change : flag.get("changes")) {
                    String field = change.get("field").asText();
                    if (!field.equals("flag")) {
                        assertEquals(resolved(slug, key).get(field), plain(change.get("new")),
                                "diff --format json: " + slug + "/" + key + "." + field);
                    }
                }
                String flagBlock = section(envBlock, "  " + key);
                for (Rule rule : resolved.rules()) {
                    assertSaysWhatIsServed(line(flagBlock, "    rules: "), rule, resolved, "diff, " + slug);
                }
                for (Variant variant : resolved.variants()) {
                    assertTrue(line(flagBlock, "    variants: ").contains(variantText(variant)), flagBlock);
                }
            }
        }
        assertEquals(snapshot.environments().size() - 1, environments, "every environment but blank (added)");
    }

    @Test
    void webCellsShowTheStepsFirstThenWhatTheRestGetAndTheirDetailSaysWhatEachRuleServes() throws Exception {
        JsonNode page = get("/api/v1/matrix?limit=500");
        List<String> columns = new ArrayList<>();
        page.get("environments").forEach(column -> columns.add(column.get("slug").asText()));
        assertEquals(snapshot.flagKeys().size(), page.get("rows").size());
        for (JsonNode row : page.get("rows")) {
            String key = row.get("key").asText();
            for (int i = 0; i < columns.size(); i++) {
                String slug = columns.get(i);
                ResolvedFlag flag = snapshot.flag(slug, key).orElseThrow();
                JsonNode cell = row.get("cells").get(i);
                String where = "web cell " + slug + "/" + key + ": " + cell;
                assertCellSaysWhatIsServed(cell, flag, where);

                JsonNode detail = get("/api/v1/matrix/cell?env=" + slug + "&flag=" + URLEncoder.encode(key,
                        StandardCharsets.UTF_8));
                String rules = null;
                for (JsonNode field : detail.get("fields")) {
                    if (field.get("field").asText().equals("rules")) {
                        rules = field.get("value").asText();
                    }
                }
                assertNotNull(rules, where);
                for (Rule rule : flag.rules()) {
                    assertSaysWhatIsServed(rules, rule, flag, "web cell detail " + slug + "/" + key);
                }
                List<String> steps = new ArrayList<>();
                detail.get("steps").forEach(step -> steps.add(step.asText()));
                assertTrue(steps.get(steps.size() - 1).contains(cell.get("value").asText()), where);
            }
        }
    }

    /**
     * The cell's value is what a request without targeting key or attributes gets (no condition, split or partial
     * rollout takes it); every other outcome a keyed request can get is announced, in the evaluator's order, before it.
     */
    private static void assertCellSaysWhatIsServed(JsonNode cell, ResolvedFlag flag, String where) throws IOException {
        EvaluationResult rest = Evaluator.evaluate(flag, EvaluationContext.EMPTY);
        assertEquals(JSON.writeValueAsString(rest.value()), cell.get("value").asText(), where);
        JsonNode targeting = cell.get("targeting");
        if (rest.reason() == Reason.DISABLED) {
            assertTrue(targeting == null || targeting.isNull(), where);
            assertFalse(cell.get("enabled").asBoolean(), where);
            return;
        }
        long rules = flag.rules().stream().filter(Rule::enabled).count();
        if (rules > 0) {
            assertNotNull(targeting, where + ": the rules come first, but the cell does not say so");
            assertTrue(targeting.asText().startsWith(rules + (rules == 1 ? " rule" : " rules")), where);
        }
        Set<String> announced = new LinkedHashSet<>();
        for (EvaluationContext keyed : probes()) {
            EvaluationResult result = Evaluator.evaluate(flag, keyed);
            if (result.reason() != Reason.SPLIT || sameOutcome(result, rest)) {
                continue;
            }
            announced.add(result.variant() != null
                    ? result.variant() + " " + weight(flag, result.variant()) + "%"
                    : flag.rolloutPercentage() + "%: " + JSON.writeValueAsString(result.value()));
        }
        for (String outcome : announced) {
            assertNotNull(targeting, where);
            assertTrue(targeting.asText().contains(outcome), where + " should announce " + outcome);
        }
        if (rules == 0 && announced.isEmpty()) {
            assertTrue(targeting == null || targeting.isNull(), where);
        }
    }

    /**
     * {@code text} holds {@code rule}'s text, whose {@code -> serve …} names exactly what the evaluator serves when
     * the rule matches: a variant by key, {@code default_value}, or the value as JSON.
     */
    private static void assertSaysWhatIsServed(String text, Rule rule, ResolvedFlag flag, String where) {
        int at = text.indexOf(rule.name() + " (priority " + rule.priority());
        assertTrue(at >= 0, where + ": no text of rule " + rule.name() + " in\n" + text);
        int serve = text.indexOf(SERVE, at);
        assertTrue(serve >= 0, where + ": rule " + rule.name() + " says nothing about what it serves:\n" + text);
        String head = text.substring(at, serve);
        assertEquals(!rule.enabled(), head.contains(", disabled"), where + ": " + head);
        assertEquals(rule.rolloutPercentage() != null, head.contains("rollout " + rule.rolloutPercentage() + "%"),
                where + ": " + head);
        String said = text.substring(serve + SERVE.length());
        EvaluationResult served = servedWhenMatched(flag, rule);
        String context = where + ": rule " + rule.name() + " serves " + served.value() + " (variant "
                + served.variant() + "), its text says: " + said;
        if (said.startsWith("variant ")) {
            assertEquals(served.variant(), said.substring("variant ".length()).split("[\\s;\\]]", 2)[0], context);
        } else if (said.startsWith("default_value")) {
            assertNull(served.variant(), context);
            assertEquals(plain(JSON.valueToTree(flag.defaultValue())), plain(JSON.valueToTree(served.value())),
                    context);
        } else {
            assertNull(served.variant(), context);
            assertEquals(plain(JSON.valueToTree(served.value())), firstJsonValue(said, context), context);
        }
    }

    /** What the evaluator serves when {@code rule} matches: the flag, active and enabled, with that rule alone, always. */
    private static EvaluationResult servedWhenMatched(ResolvedFlag flag, Rule rule) {
        Rule always = new Rule(rule.name(), rule.priority(), true, List.of(), rule.serve(), null, rule.origin());
        Flag base = flag.base();
        Flag active = new Flag(base.key(), base.name(), base.description(), base.type(), FlagStatus.ACTIVE, true,
                flag.defaultValue(), null, List.of(always), flag.variants(), base.tags(), base.metadata(),
                base.fieldOrigins(), base.origin());
        EvaluationResult result = Evaluator.evaluate(new ResolvedFlag(active, true, flag.defaultValue(), null,
                List.of(always), flag.variants(), flag.provenance()), EvaluationContext.EMPTY);
        assertEquals(Reason.TARGETING_MATCH, result.reason(), result.toString());
        return result;
    }

    /** One flag per distinct resolution of its rules and variants, keyed "slug/key" (the first environment's). */
    private static Map<String, ResolvedFlag> distinctFlags() {
        Map<String, ResolvedFlag> flags = new LinkedHashMap<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        for (String slug : snapshot.graph().treeOrder()) {
            for (String key : snapshot.flagKeys()) {
                ResolvedFlag flag = snapshot.flag(slug, key).orElseThrow();
                boolean newRules = seen.put(flag.rules(), true) == null;
                boolean newVariants = seen.put(flag.variants(), true) == null;
                if (newRules || newVariants || !flag.enabled()) {
                    flags.put(slug + "/" + key, flag);
                }
            }
        }
        return flags;
    }

    /** No attributes: without a targeting key, and with a hundred of them. */
    private static List<EvaluationContext> probes() {
        List<EvaluationContext> contexts = new ArrayList<>(List.of(EvaluationContext.EMPTY));
        for (int i = 0; i < 100; i++) {
            contexts.add(new EvaluationContext("user-" + i, Map.of()));
        }
        return contexts;
    }

    private static int weight(ResolvedFlag flag, String variant) {
        return flag.variants().stream().filter(v -> v.key().equals(variant)).findFirst().orElseThrow().weight();
    }

    private static boolean sameOutcome(EvaluationResult a, EvaluationResult b) {
        return a.reason() == b.reason() && Objects.equals(a.variant(), b.variant())
                && Objects.equals(plain(JSON.valueToTree(a.value())), plain(JSON.valueToTree(b.value())));
    }

    private static void assertSameOutcome(EvaluationResult expected, EvaluationResult actual, String where) {
        assertTrue(sameOutcome(expected, actual), where + ": " + expected + " but " + actual);
    }

    private static JsonNode resolved(String slug, String key) {
        return plain(RESOLVED.get(slug).get("flags").get(key));
    }

    /**
     * Numbers compared by value whatever their Java type (the tree as its JSON text reads back); an absent value and
     * JSON null alike as null.
     */
    private static JsonNode plain(JsonNode node) {
        try {
            return node == null || node.isNull() ? null : JSON.readTree(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON value at the start of {@code text}, whatever follows it. */
    private static JsonNode firstJsonValue(String text, String context) {
        // inside an array, so that a number may be followed by anything (at the root Jackson wants a separator)
        try (JsonParser parser = JSON.getFactory().createParser("[" + text)) {
            parser.nextToken();
            parser.nextToken();
            return plain(JSON.readTree(parser));
        } catch (IOException e) {
            return fail(context + " (not a JSON value: " + e.getMessage() + ")");
        }
    }

    /**
     * The line of {@code text} that is {@code header} (or starts with it followed by a space) and the lines below it
     * that are indented deeper.
     */
    private static String section(String text, String header) {
        String[] lines = text.split("\n");
        int indent = header.length() - header.stripLeading().length();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals(header) || lines[i].startsWith(header + " ")) {
                StringBuilder section = new StringBuilder(lines[i]).append('\n');
                for (int j = i + 1; j < lines.length; j++) {
                    String line = lines[j];
                    if (line.length() - line.stripLeading().length() <= indent) {
                        break;
                    }
                    section.append(line).append('\n');
                }
                return section.toString();
            }
        }
        return fail("no line '" + header + "' in\n" + text);
    }

    /** {@code guided = "guided-tour" 30%}: a variant as every text view writes it. */
    private static String variantText(Variant variant) {
        try {
            return variant.key() + " = " + JSON.writeValueAsString(variant.value()) + " " + variant.weight() + "%";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line of {@code text} that starts with {@code prefix}. */
    private static String line(String text, String prefix) {
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return fail("no line starting with '" + prefix + "' in\n" + text);
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static Cli cli(String... args) {
        return Cli.run(args);
    }

    private static String ok(Cli cli) {
        assertEquals(0, cli.exitCode(), cli.transcript());
        return cli.out();
    }
}
