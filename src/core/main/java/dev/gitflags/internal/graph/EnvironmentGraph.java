package dev.gitflags.internal.graph;

import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The immutable inheritance graph: child → parent → … → root. {@link #problems} checks the parents; {@link #of}
 * builds the graph of the environments whose chain is sound. Every walk here is a loop over parent links, never
 * a recursion, and visits each environment a bounded number of times, so 10,000 environments in one chain or one
 * cycle cost milliseconds, not a stack overflow.
 */
public final class EnvironmentGraph {

    /** Cycles and chains longer than this many names are shown by their start, their length and their end. */
    private static final int SHOWN_IN_FULL = 8;
    private static final int SHOWN_AT_EACH_END = 3;

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

    /**
     * Missing parents, cycles and chains too long. A cycle is reported on the {@code parent:} line of every
     * environment in it, each message starting at that environment, so an annotation lands on whichever file a
     * change touched. A chain longer than {@code maxChainDepth} environments is reported once, at the first
     * environment down the chain that exceeds it.
     *
     * @param unread        environments whose file exists but whose content is unknown (it did not parse, or was
     *                      not read): naming one as parent is no problem, and nothing is known above it
     * @param maxChainDepth the most environments one chain may hold, itself and the root included
     */
    public static List<Problem> problems(Map<String, Environment> environments, Set<String> unread,
                                         int maxChainDepth) {
        Collection<String> names = unread.isEmpty() ? environments.keySet() : union(environments.keySet(), unread);
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> depths = new HashMap<>();
        for (Environment environment : new TreeMap<>(environments).values()) {
            String parent = environment.parent();
            if (parent != null && !environments.containsKey(parent) && !unread.contains(parent)) {
                problems.add(Problem.of(ProblemCode.E_MISSING_PARENT, parentOrigin(environment),
                        "environment '" + environment.slug() + "' names parent '" + parent + "', which does not exist",
                        Suggestions.hint("parent", parent, names)));
            }
            walkUp(environment.slug(), environments, depths, problems);
        }
        for (Environment environment : new TreeMap<>(environments).values()) {
            Integer depth = depths.get(environment.slug());
            if (depth != null && depth == maxChainDepth + 1) {
                problems.add(tooDeep(environment, environments, maxChainDepth));
            }
        }
        return problems;
    }

    /** In the depth map: the environment is in a cycle, or its chain runs into one. */
    private static final int IN_CYCLE = -1;

    /**
     * Gives {@code start} and every environment above it that has none yet its depth (1 for a root, or below a
     * parent whose file is missing or unread) or {@link #IN_CYCLE}, reporting a cycle found on the way.
     */
    private static void walkUp(String start, Map<String, Environment> environments, Map<String, Integer> depths,
                               List<Problem> problems) {
        List<String> path = new ArrayList<>();
        Map<String, Integer> onPath = new HashMap<>();
        int above = 0;
        for (String current = start; current != null && environments.containsKey(current);
             current = environments.get(current).parent()) {
            Integer known = depths.get(current);
            if (known != null) {
                above = known;
                break;
            }
            Integer cycleStart = onPath.putIfAbsent(current, path.size());
            if (cycleStart != null) {
                List<String> cycle = path.subList(cycleStart, path.size());
                problems.addAll(cycle(cycle, environments));
                cycle.forEach(slug -> depths.put(slug, IN_CYCLE));
                path = path.subList(0, cycleStart);
                above = IN_CYCLE;
                break;
            }
            path.add(current);
        }
        for (int i = path.size() - 1; i >= 0; i--) {
            above = above == IN_CYCLE ? IN_CYCLE : above + 1;
            depths.put(path.get(i), above);
        }
    }

    /** One E_CYCLE per environment of {@code cycle} (in parent order), each message read from that environment. */
    private static List<Problem> cycle(List<String> cycle, Map<String, Environment> environments) {
        List<Problem> problems = new ArrayList<>(cycle.size());
        int size = cycle.size();
        for (int start = 0; start < size; start++) {
            int from = start;
            List<String> shown = shortened(size + 1, i -> cycle.get((from + i) % size));
            String lead = size + 1 > SHOWN_IN_FULL ? "inheritance cycle of " + size + " environments: "
                    : "inheritance cycle: ";
            problems.add(Problem.of(ProblemCode.E_CYCLE, parentOrigin(environments.get(cycle.get(start))),
                    lead + String.join(" -> ", shown),
                    "remove the parent of one environment in the cycle so that the chain ends at a root"));
        }
        return problems;
    }

    private static Problem tooDeep(Environment environment, Map<String, Environment> environments, int max) {
        List<String> chain = new ArrayList<>(max + 1);
        for (String current = environment.slug(); current != null && environments.containsKey(current);
             current = environments.get(current).parent()) {
            chain.add(current);
        }
        return Problem.of(ProblemCode.E_LIMIT, parentOrigin(environment),
                "environment '" + environment.slug() + "' is " + chain.size() + " environments deep, more than the "
                        + "limit of " + max + ": " + String.join(" -> ", shortened(chain.size(), chain::get)),
                "give it a parent nearer the root; an inheritance chain holds at most " + max + " environments");
    }

    /** The {@code size} names {@code name} gives, or only the first and last few with "..." between them. */
    private static List<String> shortened(int size, java.util.function.IntFunction<String> name) {
        List<String> shown = new ArrayList<>();
        boolean whole = size <= SHOWN_IN_FULL;
        for (int i = 0; i < size; i++) {
            if (whole || i < SHOWN_AT_EACH_END || i >= size - SHOWN_AT_EACH_END) {
                shown.add(name.apply(i));
            } else if (i == SHOWN_AT_EACH_END) {
                shown.add("...");
                i = size - SHOWN_AT_EACH_END - 1;
            }
        }
        return shown;
    }

    /**
     * The graph of the environments whose chain reaches a root through environments of the map: one whose chain
     * runs into a cycle or a missing or unread parent is left out. With no {@link #problems} and nothing unread,
     * that is every environment.
     */
    public static EnvironmentGraph of(Map<String, Environment> environments) {
        Set<String> sound = soundEnvironments(environments);
        Map<String, List<String>> children = new TreeMap<>();
        List<String> roots = new ArrayList<>();
        for (Environment environment : new TreeMap<>(environments).values()) {
            String slug = environment.slug();
            if (!sound.contains(slug)) {
                continue;
            }
            children.putIfAbsent(slug, new ArrayList<>());
            if (environment.parent() == null) {
                roots.add(slug);
            } else {
                children.computeIfAbsent(environment.parent(), key -> new ArrayList<>()).add(slug);
            }
        }
        Map<String, List<String>> frozenChildren = new LinkedHashMap<>();
        children.forEach((slug, list) -> frozenChildren.put(slug, List.copyOf(list)));
        List<String> treeOrder = treeOrder(roots, frozenChildren);
        Map<String, List<String>> chains = new HashMap<>();
        for (String slug : treeOrder) {
            String parent = environments.get(slug).parent();
            List<String> chain = new ArrayList<>(parent == null ? 1 : chains.get(parent).size() + 1);
            chain.add(slug);
            if (parent != null) {
                chain.addAll(chains.get(parent));
            }
            chains.put(slug, List.copyOf(chain));
        }
        return new EnvironmentGraph(Collections.unmodifiableMap(chains), Collections.unmodifiableMap(frozenChildren),
                List.copyOf(roots), treeOrder);
    }

    /** The environments whose parent links end at a root (a null parent) without leaving the map or looping. */
    private static Set<String> soundEnvironments(Map<String, Environment> environments) {
        Map<String, Boolean> sound = new HashMap<>();
        for (String start : environments.keySet()) {
            List<String> path = new ArrayList<>();
            Set<String> onPath = new HashSet<>();
            boolean reachesRoot = false;
            String current = start;
            while (true) {
                if (current == null) {
                    reachesRoot = true;
                    break;
                }
                Boolean known = sound.get(current);
                if (known != null) {
                    reachesRoot = known;
                    break;
                }
                if (!environments.containsKey(current) || !onPath.add(current)) {
                    break;
                }
                path.add(current);
                current = environments.get(current).parent();
            }
            for (String slug : path) {
                sound.put(slug, reachesRoot);
            }
        }
        Set<String> result = new HashSet<>();
        sound.forEach((slug, ok) -> {
            if (ok) {
                result.add(slug);
            }
        });
        return result;
    }

    /** Parents before children, depth-first, siblings in name order: an explicit stack, however deep the tree. */
    private static List<String> treeOrder(List<String> roots, Map<String, List<String>> children) {
        List<String> order = new ArrayList<>();
        Deque<String> stack = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.push(roots.get(i));
        }
        while (!stack.isEmpty()) {
            String slug = stack.pop();
            order.add(slug);
            List<String> below = children.getOrDefault(slug, List.of());
            for (int i = below.size() - 1; i >= 0; i--) {
                stack.push(below.get(i));
            }
        }
        return List.copyOf(order);
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

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Origin parentOrigin(Environment environment) {
        return environment.parentOrigin() != null ? environment.parentOrigin() : environment.origin();
    }
}
