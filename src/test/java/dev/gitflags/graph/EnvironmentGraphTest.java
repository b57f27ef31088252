package dev.gitflags.graph;

import dev.gitflags.model.Environment;
import dev.gitflags.model.Origin;
import dev.gitflags.model.Problem;
import dev.gitflags.model.ProblemCode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void chainRunsFromChildToRoot() {
        Map<String, Environment> environments = envs(env("production", null), env("staging", "production"),
                env("dev", "staging"), env("eu-production", "production"));
        assertTrue(EnvironmentGraph.problems(environments).isEmpty());
        EnvironmentGraph graph = EnvironmentGraph.of(environments);
        assertEquals(List.of("dev", "staging", "production"), graph.chain("dev"));
        assertEquals(List.of("production"), graph.chain("production"));
        assertEquals(List.of(), graph.chain("nowhere"));
        assertEquals(List.of("production", "eu-production", "staging", "dev"), graph.treeOrder());
        assertEquals(List.of("eu-production", "staging"), graph.children("production"));
        assertEquals(2, graph.depth("dev"));
    }

    @Test
    void cycleIsReportedOnceWithItsOrderedChain() {
        Map<String, Environment> environments = envs(env("a", "b"), env("b", "c"), env("c", "a"), env("d", "a"));
        List<Problem> problems = EnvironmentGraph.problems(environments);
        assertEquals(1, problems.size());
        Problem cycle = problems.get(0);
        assertEquals(ProblemCode.E_CYCLE, cycle.code());
        assertEquals("inheritance cycle: a -> b -> c -> a", cycle.message());
        assertEquals(new Origin("environments/a.yaml", 3, 9), cycle.origin());
    }

    @Test
    void selfParentIsACycle() {
        List<Problem> problems = EnvironmentGraph.problems(envs(env("solo", "solo")));
        assertEquals(List.of("inheritance cycle: solo -> solo"), problems.stream().map(Problem::message).toList());
    }

    @Test
    void missingParentSuggestsTheNearestName() {
        List<Problem> problems = EnvironmentGraph.problems(envs(env("production", null), env("staging", "prodution")));
        assertEquals(1, problems.size());
        assertEquals(ProblemCode.E_MISSING_PARENT, problems.get(0).code());
        assertEquals("did you mean 'production'?", problems.get(0).hint());
    }
}
