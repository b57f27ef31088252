package dev.gitflags.internal.graph;

import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvironmentGraphTest {

    private static Environment env(String slug, String parent) {
        String file = "environments/" + slug + ".yaml";
        return new Environment(slug, slug, "", parent, true, Map.of(), Map.of(), new Origin(file, 3, 9),
                new Origin(file, 1, 1));
    }

    private static Map<String, Environment> envs(Environment... environments) {
        Map<String, Environment> map = new LinkedHashMap<>();
        for (Environment environment : environments) {
            map.put(environment.slug(), environment);
        }
        return map;
    }

    private static String name(int i) {
        return String.format("e%05d", i);
    }

    private static List<Problem> problems(Map<String, Environment> environments) {
        return EnvironmentGraph.problems(environments, Set.of(), 64);
    }

    @Test
    void chainRunsFromChildToRoot() {
        Map<String, Environment> environments = envs(env("production", null), env("staging", "production"),
                env("dev", "staging"), env("eu-production", "production"));
        assertTrue(problems(environments).isEmpty());
        EnvironmentGraph graph = EnvironmentGraph.of(environments);
        assertEquals(List.of("dev", "staging", "production"), graph.chain("dev"));
        assertEquals(List.of("production"), graph.chain("production"));
        assertEquals(List.of(), graph.chain("nowhere"));
        assertEquals(List.of("production", "eu-production", "staging", "dev"), graph.treeOrder());
        assertEquals(List.of("eu-production", "staging"), graph.children("production"));
        assertEquals(2, graph.depth("dev"));
    }

    @Test
    void aCycleIsReportedOnEveryEnvironmentInItEachReadFromThere() {
        Map<String, Environment> environments = envs(env("a", "b"), env("b", "c"), env("c", "a"), env("d", "a"));
        List<Problem> problems = problems(environments);
        assertEquals(List.of(ProblemCode.E_CYCLE), problems.stream().map(Problem::code).distinct().toList());
        assertEquals(List.of("environments/a.yaml:3:9: inheritance cycle: a -> b -> c -> a",
                        "environments/b.yaml:3:9: inheritance cycle: b -> c -> a -> b",
                        "environments/c.yaml:3:9: inheritance cycle: c -> a -> b -> c"),
                problems.stream().map(p -> p.origin() + ": " + p.message()).sorted().toList());
    }

    @Test
    void selfParentIsACycle() {
        List<Problem> problems = problems(envs(env("solo", "solo")));
        assertEquals(List.of("inheritance cycle: solo -> solo"), problems.stream().map(Problem::message).toList());
    }

    @Test
    void aLongCycleShowsItsStartItsLengthAndItsEnd() {
        Map<String, Environment> environments = new LinkedHashMap<>();
        int size = 10_000;
        for (int i = 0; i < size; i++) {
            environments.put(name(i), env(name(i), name((i + 1) % size)));
        }
        List<Problem> problems = problems(environments);

        assertEquals(size, problems.size());
        Problem first = problems.stream().filter(p -> p.origin().file().equals("environments/e00000.yaml"))
                .findFirst().orElseThrow();
        assertEquals("inheritance cycle of 10000 environments: e00000 -> e00001 -> e00002 -> ... -> e09998 -> e09999"
                + " -> e00000", first.message());
        Problem middle = problems.stream().filter(p -> p.origin().file().equals("environments/e05000.yaml"))
                .findFirst().orElseThrow();
        assertEquals("inheritance cycle of 10000 environments: e05000 -> e05001 -> e05002 -> ... -> e04998 -> e04999"
                + " -> e05000", middle.message());
        assertTrue(problems.stream().allMatch(p -> p.message().length() < 120), problems.get(0)::message);
    }

    @Test
    void aChainDeeperThanTheLimitIsReportedOnceWhereItExceedsIt() {
        Map<String, Environment> environments = new LinkedHashMap<>();
        int size = 10_000;
        for (int i = 0; i < size; i++) {
            environments.put(name(i), env(name(i), i == 0 ? null : name(i - 1)));
        }
        List<Problem> problems = problems(environments);

        assertEquals(1, problems.size(), () -> problems.subList(0, Math.min(3, problems.size())).toString());
        Problem tooDeep = problems.get(0);
        assertEquals(ProblemCode.E_LIMIT, tooDeep.code());
        assertEquals(new Origin("environments/e00064.yaml", 3, 9), tooDeep.origin());
        assertEquals("environment 'e00064' is 65 environments deep, more than the limit of 64: e00064 -> e00063 -> "
                + "e00062 -> ... -> e00002 -> e00001 -> e00000", tooDeep.message());
        assertTrue(tooDeep.hint().contains("at most 64 environments"), tooDeep.hint());
    }

    @Test
    void aChainAtTheLimitIsValidAndBuildsWithoutRecursion() {
        Map<String, Environment> environments = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            environments.put(name(i), env(name(i), i == 0 ? null : name(i - 1)));
        }
        assertEquals(List.of(), problems(environments));
        EnvironmentGraph graph = EnvironmentGraph.of(environments);
        assertEquals(63, graph.depth(name(63)));
        assertEquals(name(0), graph.chain(name(63)).get(63));
        assertEquals(64, graph.treeOrder().size());
    }

    @Test
    void aParentWhoseFileDidNotParseExists() {
        Map<String, Environment> environments = envs(env("production", null), env("dev", "staging"));
        assertEquals(List.of(), EnvironmentGraph.problems(environments, Set.of("staging"), 64));
        EnvironmentGraph graph = EnvironmentGraph.of(environments);
        assertEquals(List.of("production"), graph.treeOrder());
        assertFalse(graph.contains("dev"));
    }

    @Test
    void aMissingParentMaySuggestAnEnvironmentWhoseFileDidNotParse() {
        List<Problem> problems = EnvironmentGraph.problems(envs(env("dev", "stagin")), Set.of("staging"), 64);
        assertEquals(List.of("did you mean 'staging'?"), problems.stream().map(Problem::hint).toList());
    }

    @Test
    void aWideTreeKeepsNameOrderWithoutRecursion() {
        Map<String, Environment> environments = new LinkedHashMap<>();
        environments.put("root", env("root", null));
        for (int i = 0; i < 10_000; i++) {
            environments.put(name(i), env(name(i), "root"));
        }
        assertEquals(List.of(), problems(environments));
        EnvironmentGraph graph = EnvironmentGraph.of(environments);
        assertEquals(10_001, graph.treeOrder().size());
        assertEquals(List.of("root", name(0), name(1)), graph.treeOrder().subList(0, 3));
        assertEquals(List.of(name(9_999), "root"), graph.chain(name(9_999)));
    }

    @Test
    void missingParentSuggestsTheNearestName() {
        List<Problem> problems = problems(envs(env("production", null), env("staging", "prodution")));
        assertEquals(1, problems.size());
        assertEquals(ProblemCode.E_MISSING_PARENT, problems.get(0).code());
        assertEquals("did you mean 'production'?", problems.get(0).hint());
    }
}
