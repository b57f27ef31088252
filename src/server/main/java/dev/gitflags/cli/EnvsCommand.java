package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.model.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = OutputFormat.TextOrJson.class,
            converter = OutputFormat.TextOrJson.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Override
    protected int run() {
        Snapshot snapshot = repo.loadValid(err());
        if (format == OutputFormat.json) {
            out().println(DocumentWriter.json(jsonTree(snapshot)));
            return ExitCodes.OK;
        }
        for (String root : snapshot.graph().roots()) {
            printSubtree(snapshot, root, "", "");
        }
        out().println();
        out().println(snapshot.environments().size() + " environments, default " + snapshot.settings().defaultEnvironment()
                + ", inheritance " + (snapshot.settings().inheritance()
                ? "on (each field falls back to the parent chain, then the base flag)"
                : "off (each environment sees only its own overrides, then the base flag)"));
        return ExitCodes.OK;
    }

    /** {@code firstPrefix} goes before this environment's line, {@code childPrefix} before its children's. */
    private void printSubtree(Snapshot snapshot, String slug, String firstPrefix, String childPrefix) {
        out().println(firstPrefix + line(snapshot, snapshot.environments().get(slug)));
        List<String> children = snapshot.graph().children(slug);
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            printSubtree(snapshot, children.get(i), childPrefix + (last ? "`-- " : "|-- "),
                    childPrefix + (last ? "    " : "|   "));
        }
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
