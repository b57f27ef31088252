package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.EnvironmentGraph;
import dev.gitflags.internal.model.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gitflags envs}: the environment inheritance tree, marking the default and inactive environments. */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = {"Show the environment inheritance tree.",
                "Each environment appears under its parent with its name and number of overrides; [default],",
                "[inactive] (not served, still inherited through) and [not allowed] (absent from",
                "allowed_environments) mark the special ones."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_DOC, ExitCodes.INVALID_CONFIG_DOC, ExitCodes.USAGE_OR_IO_DOC})
public final class EnvsCommand extends CliCommand {

    @Mixin
    RepoOptions repo;

    @Mixin
    TextOrJsonOption output;

    @Override
    protected int run() {
        Snapshot snapshot = repo.loadValid(err());
        if (output.json()) {
            out().println(DocumentWriter.json(jsonTree(snapshot)));
            return ExitCodes.OK;
        }
        EnvironmentGraph graph = snapshot.graph();
        for (String slug : graph.treeOrder()) {
            out().println(branches(graph, slug) + line(snapshot, snapshot.environments().get(slug)));
        }
        out().println();
        out().println(snapshot.environments().size() + " environments, default " + snapshot.settings().defaultEnvironment()
                + ", inheritance " + (snapshot.settings().inheritance()
                ? "on (each field falls back to the parent chain, then the base flag)"
                : "off (each environment sees only its own overrides, then the base flag)"));
        return ExitCodes.OK;
    }

    /**
     * The drawing before an environment's line, from its chain rather than by recursion, so that no depth the
     * chain limit allows can exhaust the stack: a bar for each ancestor below the root that has a sibling after
     * it, then the environment's own branch ({@code `-- } for a last child).
     */
    private static String branches(EnvironmentGraph graph, String slug) {
        List<String> chain = graph.chain(slug);
        StringBuilder text = new StringBuilder();
        // chain runs from the environment up to its root; draw from the root's child down
        for (int i = chain.size() - 2; i >= 0; i--) {
            String environment = chain.get(i);
            List<String> siblings = graph.children(chain.get(i + 1));
            boolean last = siblings.get(siblings.size() - 1).equals(environment);
            text.append(i == 0 ? (last ? "`-- " : "|-- ") : (last ? "    " : "|   "));
        }
        return text.toString();
    }

    private static String line(Snapshot snapshot, Environment environment) {
        StringBuilder text = new StringBuilder(environment.slug());
        marks(snapshot, environment).forEach(mark -> text.append(" [").append(mark).append(']'));
        if (environment.name() != null) {
            text.append("  ").append(environment.name());
        }
        int overrides = environment.overrides().size();
        return text.append(" (").append(overrides).append(overrides == 1 ? " override)" : " overrides)").toString();
    }

    private static List<String> marks(Snapshot snapshot, Environment environment) {
        List<String> marks = new ArrayList<>();
        if (environment.slug().equals(snapshot.settings().defaultEnvironment())) {
            marks.add("default");
        }
        if (!environment.active()) {
            marks.add("inactive");
        }
        if (!snapshot.settings().allows(environment.slug())) {
            marks.add("not allowed");
        }
        return marks;
    }

    private static List<Map<String, Object>> jsonTree(Snapshot snapshot) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String slug : snapshot.graph().treeOrder()) {
            Environment environment = snapshot.environments().get(slug);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("slug", slug);
            item.put("name", environment.name());
            item.put("parent", environment.parent());
            item.put("chain", snapshot.chain(slug));
            item.put("active", environment.active());
            item.put("default", slug.equals(snapshot.settings().defaultEnvironment()));
            item.put("allowed", snapshot.settings().allows(slug));
            item.put("overrides", environment.overrides().size());
            item.put("file", environment.file());
            list.add(item);
        }
        return list;
    }
}
