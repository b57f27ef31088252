package dev.gitflags.graph;

import dev.gitflags.model.Environment;
import dev.gitflags.model.Origin;
import dev.gitflags.model.Problem;
import dev.gitflags.model.ProblemCode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The immutable inheritance graph: child → parent → … → root. Built only from environments whose parents all
 * exist and form no cycle; {@link #problems} tells which do not.
 */
public final class EnvironmentGraph {

    private final Map<String, List<String>> chains;
    private final Map<String, List<String>> children;
    private final List<String> roots;
    private final List<String> treeOrder;

    private EnvironmentGraph(Map<String, List<String>> chains, Map<String, List<String>> children,
                             List<String> roots, List<String> treeOrder) {
        this.chains = chains;
        this.children = children;
        this.roots = roots;
        this.treeOrder = treeOrder;
    }

    /** Missing parents and cycles (each cycle reported once, on the environment that starts it, in name order). */
    public static List<Problem> problems(Map<String, Environment> environments) {
        List<Problem> problems = new ArrayList<>();
        Set<String> inReportedCycle = new HashSet<>();
        for (Environment environment : new TreeMap<>(environments).values()) {
            String parent = environment.parent();
            if (parent != null && !environments.containsKey(parent)) {
                problems.add(Problem.of(ProblemCode.E_MISSING_PARENT, parentOrigin(environment),
                        "environment '" + environment.slug() + "' names parent '" + parent + "', which does not exist",
                        Suggestions.hint("parent", parent, environments.keySet())));
            }
            List<String> cycle = cycleFrom(environment.slug(), environments);
            if (!cycle.isEmpty() && !inReportedCycle.contains(environment.slug())) {
                inReportedCycle.addAll(cycle);
                problems.add(Problem.of(ProblemCode.E_CYCLE, parentOrigin(environment),
                        "inheritance cycle: " + String.join(" -> ", cycle) + " -> " + cycle.get(0),
                        "remove the parent of one environment in the cycle so that the chain ends at a root"));
            }
        }
        return problems;
    }

    /** The graph of environments that {@link #problems} found valid. */
    public static EnvironmentGraph of(Map<String, Environment> environments) {
        Map<String, List<String>> chains = new HashMap<>();
        Map<String, List<String>> children = new TreeMap<>();
        List<String> roots = new ArrayList<>();
        for (Environment environment : new TreeMap<>(environments).values()) {
            String slug = environment.slug();
            chains.put(slug, chainOf(slug, environments));
            children.putIfAbsent(slug, new ArrayList<>());
            if (environment.parent() == null) {
                roots.add(slug);
            } else {
                children.computeIfAbsent(environment.parent(), key -> new ArrayList<>()).add(slug);
            }
        }
        Map<String, List<String>> frozenChildren = new LinkedHashMap<>();
        children.forEach((slug, list) -> frozenChildren.put(slug, List.copyOf(list)));
        List<String> treeOrder = new ArrayList<>();
        for (String root : roots) {
            addSubtree(root, frozenChildren, treeOrder);
        }
        return new EnvironmentGraph(Collections.unmodifiableMap(chains), Collections.unmodifiableMap(frozenChildren),
                List.copyOf(roots), List.copyOf(treeOrder));
    }

    /** The environment, its parent, grandparent, … root; empty for an unknown slug. */
    public List<String> chain(String slug) {
        return chains.getOrDefault(slug, List.of());
    }

    /** Direct children, in name order; empty for a leaf or unknown slug. */
    public List<String> children(String slug) {
        return children.getOrDefault(slug, List.of());
    }

    public List<String> roots() {
        return roots;
    }

    /** Every environment, parents before children, depth-first, siblings in name order. */
    public List<String> treeOrder() {
        return treeOrder;
    }

    public boolean contains(String slug) {
        return chains.containsKey(slug);
    }

    /** Depth in the tree: 0 for a root. */
    public int depth(String slug) {
        return Math.max(chain(slug).size() - 1, 0);
    }

    private static void addSubtree(String slug, Map<String, List<String>> children, List<String> order) {
        order.add(slug);
        for (String child : children.getOrDefault(slug, List.of())) {
            addSubtree(child, children, order);
        }
    }

    private static List<String> chainOf(String slug, Map<String, Environment> environments) {
        List<String> chain = new ArrayList<>();
        for (String current = slug; current != null; current = environments.get(current).parent()) {
            chain.add(current);
        }
        return List.copyOf(chain);
    }

    /** The cycle reached by walking parents from {@code start}, beginning at {@code start}; empty if none. */
    private static List<String> cycleFrom(String start, Map<String, Environment> environments) {
        List<String> path = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String current = start;
        while (current != null && environments.containsKey(current) && seen.add(current)) {
            path.add(current);
            current = environments.get(current).parent();
        }
        if (current == null || !current.equals(start)) {
            return List.of();
        }
        return path;
    }

    private static Origin parentOrigin(Environment environment) {
        return environment.parentOrigin() != null ? environment.parentOrigin() : environment.origin();
    }
}
