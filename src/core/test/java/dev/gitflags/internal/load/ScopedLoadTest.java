package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A load scoped to some flags answers about them exactly as a full load does, and finds every problem about
 * them (and every file's syntax, the settings and the graph), while skipping other flags.
 */
class ScopedLoadTest {

    private static final Path EXAMPLE = Path.of("example-repo");
    private static final Path CORPUS = Path.of("src/core/test/resources/broken");

    @TempDir
    Path dir;

    private static LoadResult load(Path root, FlagScope scope) {
        return new Loader().load(new WorkingTreeSource(root), scope);
    }

    @Test
    void everyFlagOfTheExampleRepoResolvesInItsScopeExactlyAsInAFullLoad() {
        Snapshot full = load(EXAMPLE, FlagScope.ALL).snapshot();
        String[] everyEnvironment = full.environments().keySet().toArray(String[]::new);
        for (String key : full.flagKeys()) {
            Snapshot seenEverywhere = load(EXAMPLE, FlagScope.of(List.of(key), everyEnvironment)).snapshot();
            assertEquals(full.environments().keySet(), seenEverywhere.environments().keySet());
            Snapshot scoped = load(EXAMPLE, FlagScope.of(List.of(key))).snapshot();
            Set<String> needed = new TreeSet<>();
            full.environments().values().stream().filter(environment -> environment.overrides().containsKey(key))
                    .forEach(environment -> needed.addAll(full.chain(environment.slug())));
            assertTrue(scoped.environments().keySet().containsAll(needed), key + " misses some of " + needed);
            for (Snapshot snapshot : List.of(seenEverywhere, scoped)) {
                assertEquals(List.of(key), snapshot.flagKeys());
                assertEquals(full.flags().get(key).origin(), snapshot.flags().get(key).origin());
                for (Environment environment : snapshot.environments().values()) {
                    String slug = environment.slug();
                    assertEquals(withOverridesOf(full.environments().get(slug), key), environment, slug);
                    ResolvedFlag expected = full.flag(slug, key).orElseThrow();
                    ResolvedFlag actual = snapshot.flag(slug, key).orElseThrow();
                    assertEquals(List.of(), FieldValues.differing(expected, actual), slug + "/" + key);
                    assertEquals(expected.provenance(), actual.provenance(), slug + "/" + key);
                }
            }
        }
    }

    @Test
    void filesThatCannotMentionTheScopesFlagsAreNotRead() {
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.put("flags/limits.yaml", "flags:\n  max-items: [unclosed\n");
        files.put("environments/dev.yaml", "parent: staging\nname: [unclosed\n");
        TestFiles.write(dir, files);

        LoadResult scoped = load(dir, FlagScope.of(List.of("new-checkout")));
        assertTrue(scoped.isValid(), scoped.problems()::toString);
        assertEquals(Set.of("production", "staging"), scoped.snapshot().environments().keySet());
        assertTrue(codes(load(dir, FlagScope.of(List.of("new-checkout"), "dev"))).contains(ProblemCode.E_YAML_SYNTAX),
                "an environment named in the scope is read");
        files.put("environments/dev.yaml", "parent: staging\nname: \"D\\x65v\"\n");
        TestFiles.write(dir, files);
        assertEquals(Set.of("dev", "production", "staging"), load(dir, FlagScope.of(List.of("new-checkout")))
                .snapshot().environments().keySet(), "a file with an escape may spell any key");
    }

    @Test
    void everyEnvironmentBelowOneOfTheExampleRepoResolvesInItsScopeExactlyAsInAFullLoad() {
        Snapshot full = load(EXAMPLE, FlagScope.ALL).snapshot();
        for (String key : full.flagKeys()) {
            for (String top : full.environments().keySet()) {
                Snapshot scoped = load(EXAMPLE, FlagScope.of(List.of(key), top).withDescendantsOf(top)).snapshot();
                Set<String> below = full.environments().keySet().stream()
                        .filter(slug -> full.chain(slug).contains(top)).collect(Collectors.toSet());
                assertTrue(scoped.environments().keySet().containsAll(below), key + " below " + top + ": "
                        + scoped.environments().keySet() + " misses some of " + below);
                for (Environment environment : scoped.environments().values()) {
                    String slug = environment.slug();
                    Environment read = full.environments().get(slug);
                    if (!environment.equals(withOverridesOf(read, key))) {
                        // known by its parent link alone: a file that cannot mention the flag
                        assertEquals(read.parent(), environment.parent(), slug);
                        assertEquals(read.parentOrigin(), environment.parentOrigin(), slug);
                        assertEquals(Map.of(), environment.overrides(), slug);
                        assertFalse(read.overrides().containsKey(key), slug);
                    }
                    ResolvedFlag expected = full.flag(slug, key).orElseThrow();
                    ResolvedFlag actual = scoped.flag(slug, key).orElseThrow();
                    assertEquals(List.of(), FieldValues.differing(expected, actual), slug + "/" + key);
                    assertEquals(expected.provenance(), actual.provenance(), slug + "/" + key);
                }
            }
        }
    }

    /** production ← staging ← qa, production ← europe, dev, canary; and a tree of its own: sandbox ← toy. */
    private static Map<String, String> treeWithParentsWrittenEveryWay() {
        return Map.of(
                "gitflags.yaml", "default_environment: production\n",
                "flags/core.yaml", """
                        flags:
                          search: {type: boolean, default_value: false, enabled: false}
                          other: {type: boolean, default_value: false}
                        """,
                "environments/production.yaml", "name: Production\noverrides:\n  search:\n    enabled: true\n",
                "environments/staging.yaml", "name: Staging\nparent: production\nsettings: {region: eu}\n",
                "environments/qa.yaml", "name: QA\nparent: staging\noverrides:\n  other:\n    enabled: true\n",
                "environments/europe.yaml", "{name: Europe, parent: 'production'}   # flow style, quoted\n",
                "environments/dev.yaml", "name: Dev\noverrides:\n  other:\n    enabled: true\nparent: production\n",
                "environments/canary.yaml", "description: &up production\nparent: *up\n",
                "environments/sandbox.yaml", "name: Sandbox\noverrides:\n  other:\n    enabled: true\n",
                "environments/toy.yaml", "parent: sandbox\n");
    }

    @Test
    void aScopeWithDescendantsFindsThemHoweverTheirParentIsWrittenAndReadsOnlyWhatItMust() {
        TestFiles.write(dir, treeWithParentsWrittenEveryWay());
        Snapshot full = load(dir, FlagScope.ALL).snapshot();
        FlagScope scope = FlagScope.of(List.of("search"), "production").withDescendantsOf("production");
        LoadResult result = load(dir, scope);
        assertTrue(result.isValid(), result.problems()::toString);
        Snapshot scoped = result.snapshot();

        assertEquals(Set.of("production"), load(dir, FlagScope.of(List.of("search"), "production")).snapshot()
                .environments().keySet(), "without descendants the scope reads only what mentions the flag");
        assertEquals(Set.of("production", "staging", "qa", "europe", "dev", "canary"),
                scoped.environments().keySet(), "the other tree is left out");
        // dev names its parent after its overrides and canary through an alias: both are read in full; the
        // others are known by the parent link of their first lines alone (so their names are not read)
        Set<String> readInFull = scoped.environments().values().stream()
                .filter(environment -> environment.equals(withOverridesOf(full.environments()
                        .get(environment.slug()), "search"))).map(Environment::slug).collect(Collectors.toSet());
        assertEquals(Set.of("production", "dev", "canary"), readInFull);
        assertEquals("qa", scoped.environments().get("qa").name());
        for (String slug : scoped.environments().keySet()) {
            assertEquals(full.environments().get(slug).parentOrigin(), scoped.environments().get(slug).parentOrigin());
            assertEquals(List.of(), FieldValues.differing(full.flag(slug, "search").orElseThrow(),
                    scoped.flag(slug, "search").orElseThrow()), slug);
            assertEquals(true, scoped.flag(slug, "search").orElseThrow().enabled(), slug);
        }
    }

    @Test
    void aDescendantKnownByItsParentLinkIsReadNoFurtherThanThatLine() {
        TestFiles.write(dir, treeWithParentsWrittenEveryWay());
        TestFiles.write(dir, "environments/late.yaml", "parent: staging\nname: [unclosed\n");
        // the decoder reads ahead a few kilobytes at most
        TestFiles.write(dir, "environments/bytes.yaml", concat(("parent: qa\n# " + "x".repeat(20_000) + "\nname: \"")
                .getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xC3, '"', '\n'}));

        assertEquals(Set.of(ProblemCode.E_YAML_SYNTAX, ProblemCode.E_ENCODING),
                Set.copyOf(codes(load(dir, FlagScope.ALL))));
        LoadResult scoped = load(dir, FlagScope.of(List.of("search"), "production").withDescendantsOf("production"));
        assertTrue(scoped.isValid(), scoped.problems()::toString);
        assertEquals("staging", scoped.snapshot().environments().get("late").parent());
        assertEquals(List.of("bytes", "qa", "staging", "production"), scoped.snapshot().chain("bytes"));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The environment as a scope of one flag should see it: everything but the other flags' overrides. */
    private static Environment withOverridesOf(Environment environment, String key) {
        return new Environment(environment.slug(), environment.name(), environment.description(),
                environment.parent(), environment.active(), environment.settings(),
                environment.overrides().entrySet().stream().filter(entry -> entry.getKey().equals(key))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                environment.parentOrigin(), environment.origin());
    }

    static Stream<String> brokenRepos() throws IOException {
        return BrokenRepoTest.repos();
    }

    /**
     * Against the corpus of broken repos: a scope reports only problems a full load reports, and each problem of
     * the full load is reported by the scope of some key written in the repo, seen from every environment. One
     * exception: where aliases expand a file beyond the limits, a full load reads no further, while a scope that
     * skips them reads its own entries and may find more. And dead overrides ({@code W_DEAD_OVERRIDE}) come from
     * full loads only.
     */
    @ParameterizedTest
    @MethodSource("brokenRepos")
    void scopesReportOnlyTheFullLoadsProblemsAndTogetherAllOfThem(String repo) throws IOException {
        Path root = CORPUS.resolve(repo);
        LoadResult full = load(root, FlagScope.ALL);
        Set<String> all = located(full);
        Set<String> overLimits = full.problems().stream().filter(p -> p.code() == ProblemCode.E_LIMIT)
                .map(p -> p.origin().file()).collect(Collectors.toSet());
        String[] everyEnvironment;
        try (Stream<Path> files = Files.list(root.resolve("environments"))) {
            everyEnvironment = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(EnvironmentReader::slugOf)
                    .toArray(String[]::new);
        }
        Set<String> found = new TreeSet<>();
        for (String key : wordsWrittenIn(root)) {
            for (FlagScope scope : List.of(FlagScope.of(List.of(key)), FlagScope.of(List.of(key), everyEnvironment))) {
                LoadResult result = load(root, scope);
                Set<String> more = located(result, p -> !overLimits.contains(p.origin().file()));
                assertTrue(all.containsAll(more), () -> scope + " reported more than a full load: " + more);
                found.addAll(located(result));
            }
        }
        // dead overrides are a full load's finding: they depend on environments a scope does not read
        all.removeIf(problem -> problem.startsWith(ProblemCode.W_DEAD_OVERRIDE.name()));
        assertTrue(found.containsAll(all), () -> "no scope reported " + all.stream()
                .filter(p -> !found.contains(p)).toList());
    }

    private static Set<String> located(LoadResult result) {
        return located(result, problem -> true);
    }

    private static Set<String> located(LoadResult result, Predicate<Problem> which) {
        return result.problems().stream().filter(which).map(p -> p.code() + " " + p.origin() + " " + p.message())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every word a flag key could be, in any file of the repo: the keys it defines or overrides among them. */
    private static Set<String> wordsWrittenIn(Path root) throws IOException {
        Set<String> words = new TreeSet<>(Set.of("no-such-flag"));
        Pattern word = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                word.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).results()
                        .forEach(match -> words.add(match.group()));
            }
        }
        return words;
    }

    @Test
    void problemsOfOtherFlagsAreNotReportedButSyntaxInAnyFileReadIs() {
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.put("environments/staging.yaml", """
                name: Staging
                parent: production
                overrides:
                  max-items:
                    default_value: "twenty"
                  new-checkout:
                    enabled: true
                """);
        TestFiles.write(dir, files);

        assertEquals(List.of(ProblemCode.E_TYPE_MISMATCH), codes(load(dir, FlagScope.ALL)));
        assertEquals(List.of(ProblemCode.E_TYPE_MISMATCH), codes(load(dir, FlagScope.of(List.of("max-items")))));
        LoadResult other = load(dir, FlagScope.of(List.of("new-checkout")));
        assertTrue(other.isValid(), other.problems()::toString);
        assertEquals(true, other.snapshot().flag("staging", "new-checkout").orElseThrow().enabled());

        files.put("environments/staging.yaml", files.get("environments/staging.yaml")
                .replace("default_value: \"twenty\"", "default_value: [unclosed"));
        TestFiles.write(dir, files);
        List<Problem> syntax = load(dir, FlagScope.of(List.of("new-checkout"))).problems();
        assertTrue(syntax.stream().anyMatch(p -> p.code() == ProblemCode.E_YAML_SYNTAX
                && p.origin().file().equals("environments/staging.yaml")), syntax::toString);
        assertTrue(load(dir, FlagScope.ALL).problems().containsAll(syntax), syntax::toString);
    }

    @Test
    void flowStyleSectionsArePrunedAndSameNamedKeysDeeperAreNot() {
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.put("environments/staging.yaml", """
                name: Staging
                parent: production
                settings: {overrides: {max-items: kept}}
                overrides: {max-items: {default_value: 7}, new-checkout: {enabled: true, rollout_percentage: 5}}
                """);
        TestFiles.write(dir, files);

        Environment staging = load(dir, FlagScope.of(List.of("new-checkout"))).snapshot().environments()
                .get("staging");
        assertEquals(Set.of("new-checkout"), staging.overrides().keySet());
        assertEquals(Map.of("overrides", Map.of("max-items", "kept")), staging.settings());
        assertEquals(5, load(dir, FlagScope.of(List.of("new-checkout"))).snapshot()
                .flag("staging", "new-checkout").orElseThrow().rolloutPercentage());
    }

    @Test
    void anAliasIntoASkippedEntryFallsBackToReadingTheWholeFile() {
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.put("environments/staging.yaml", """
                name: Staging
                parent: production
                overrides:
                  max-items: &shared
                    enabled: false
                  new-checkout: *shared
                """);
        TestFiles.write(dir, files);

        LoadResult scoped = load(dir, FlagScope.of(List.of("new-checkout")));
        assertTrue(scoped.isValid(), scoped.problems()::toString);
        assertFalse(scoped.snapshot().flag("staging", "new-checkout").orElseThrow().enabled());
        assertEquals(List.of("new-checkout"), scoped.snapshot().flagKeys());
    }

    @Test
    void theGraphAndTheSettingsAreCheckedInEveryScope() {
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.put("environments/production.yaml", "name: Production\nparent: staging\n");
        TestFiles.write(dir, files);

        assertEquals(codes(load(dir, FlagScope.ALL)), codes(load(dir, FlagScope.of(List.of("max-items")))));
        assertTrue(codes(load(dir, FlagScope.ALL)).contains(ProblemCode.E_CYCLE));
    }

    private static List<ProblemCode> codes(LoadResult result) {
        return result.problems().stream().map(Problem::code).toList();
    }
}
