package dev.gitflags.internal.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link SnapshotDiff} printed as text (terminal), JSON (tools) or Markdown (a pull-request comment). */
public final class DiffReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DiffReport() {
    }

    /**
     * One block per environment, one line per changed field ({@code field: old → new  (file:line)}), then what
     * changed from {@code fromLabel} to {@code toLabel}, counted ({@link #summary}).
     */
    public static String text(SnapshotDiff diff, String fromLabel, String toLabel) {
        if (diff.isEmpty()) {
            return "no flag resolves differently between " + fromLabel + " and " + toLabel + "\n";
        }
        return environments(diff) + "from " + fromLabel + " to " + toLabel + ": " + summary(diff) + "\n";
    }

    /** The environment blocks of {@link #text}, without the summary; empty for an empty diff. */
    public static String environments(SnapshotDiff diff) {
        StringBuilder out = new StringBuilder();
        for (SnapshotDiff.EnvironmentDiff environment : diff.environments()) {
            out.append(environment.slug());
            if (environment.kind() != SnapshotDiff.Kind.CHANGED) {
                out.append(" (").append(environment.kind().name().toLowerCase()).append(", ")
                        .append(environment.file()).append(")\n");
                continue;
            }
            out.append('\n');
            environment.changes().forEach(change -> line(out, "  ", change));
            for (SnapshotDiff.FlagDiff flag : environment.flags()) {
                out.append("  ").append(flag.key());
                if (flag.kind() != SnapshotDiff.Kind.CHANGED) {
                    // the first change says what happened to the flag; the fields it had or has follow
                    out.append(" (").append(flag.kind().name().toLowerCase()).append(", ")
                            .append(flag.changes().get(0).cause()).append(')');
                }
                out.append('\n');
                flag.fields().forEach(change -> line(out, "    ", change));
            }
        }
        return out.toString();
    }

    /**
     * What changed, each thing counted once and named: {@code 3 flags resolve differently in 2 environments, 6
     * changed fields}, then environment properties by name ({@code parent changed in 1 environment}) and
     * environments added or removed; "nothing" for an empty diff.
     */
    public static String summary(SnapshotDiff diff) {
        List<String> parts = new ArrayList<>();
        int flags = diff.flagKeys().size();
        if (flags > 0) {
            long environments = diff.environments().stream().filter(environment -> !environment.flags().isEmpty())
                    .count();
            long fields = diff.environments().stream().flatMap(environment -> environment.flags().stream())
                    .mapToLong(flag -> flag.fields().size()).sum();
            parts.add(count(flags, "flag") + (flags == 1 ? " resolves" : " resolve") + " differently in "
                    + count(environments, "environment") + ", " + count(fields, "changed field"));
        }
        Map<String, Integer> properties = new TreeMap<>();
        for (SnapshotDiff.EnvironmentDiff environment : diff.environments()) {
            environment.changes().forEach(change -> properties.merge(change.field(), 1, Integer::sum));
        }
        properties.forEach((property, environments) -> parts.add(property + " changed in "
                + count(environments, "environment")));
        for (SnapshotDiff.Kind kind : List.of(SnapshotDiff.Kind.ADDED, SnapshotDiff.Kind.REMOVED)) {
            long environments = diff.environments().stream().filter(environment -> environment.kind() == kind)
                    .count();
            if (environments > 0) {
                parts.add(count(environments, "environment") + " " + kind.name().toLowerCase());
            }
        }
        return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }

    private static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    /** The whole diff as one JSON document. */
    public static String json(SnapshotDiff diff, String fromLabel, String toLabel) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("from", label(fromLabel, diff.fromCommit()));
        root.put("to", label(toLabel, diff.toCommit()));
        root.put("changed", !diff.isEmpty());
        root.put("summary", summary(diff));
        root.put("environments", plainEnvironments(diff));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environments of {@link #json} as plain maps and lists, for documents that embed a diff. */
    public static List<Object> plainEnvironments(SnapshotDiff diff) {
        List<Object> environments = new ArrayList<>();
        for (SnapshotDiff.EnvironmentDiff environment : diff.environments()) {
            Map<String, Object> env = new LinkedHashMap<>();
            env.put("environment", environment.slug());
            env.put("kind", environment.kind().name().toLowerCase());
            env.put("file", environment.file());
            env.put("changes", environment.changes().stream().map(DiffReport::jsonChange).toList());
            env.put("flags", environment.flags().stream().map(flag -> {
                Map<String, Object> plain = new LinkedHashMap<>();
                plain.put("key", flag.key());
                plain.put("kind", flag.kind().name().toLowerCase());
                plain.put("changes", flag.changes().stream().map(DiffReport::jsonChange).toList());
                return plain;
            }).toList());
            environments.add(env);
        }
        return environments;
    }

    /** A Markdown section with one table per environment, for a pull-request comment. */
    public static String markdown(SnapshotDiff diff, String fromLabel, String toLabel) {
        StringBuilder out = new StringBuilder("### gitflags diff `").append(fromLabel).append("` → `")
                .append(toLabel).append("`\n\n");
        if (diff.isEmpty()) {
            return out.append("No flag resolves differently.\n").toString();
        }
        out.append("**").append(summary(diff)).append("**\n");
        for (SnapshotDiff.EnvironmentDiff environment : diff.environments()) {
            out.append("\n#### ").append(environment.slug());
            if (environment.kind() != SnapshotDiff.Kind.CHANGED) {
                out.append(" (").append(environment.kind().name().toLowerCase()).append(")\n");
                continue;
            }
            out.append("\n\n| flag | field | old | new | caused by |\n|---|---|---|---|---|\n");
            environment.changes().forEach(change -> row(out, "", change));
            for (SnapshotDiff.FlagDiff flag : environment.flags()) {
                flag.changes().forEach(change -> row(out, "`" + cell(flag.key()) + "`", change));
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String indent, SnapshotDiff.Change change) {
        out.append(indent).append(change.field()).append(": ").append(orNone(change.oldValue())).append(" → ")
                .append(orNone(change.newValue())).append("  (").append(change.removed() ? "removed at " : "")
                .append(change.cause()).append(")\n");
    }

    private static void row(StringBuilder out, String flag, SnapshotDiff.Change change) {
        out.append("| ").append(flag).append(" | ").append(cell(change.field())).append(" | ")
                .append(code(change.oldValue())).append(" | ").append(code(change.newValue())).append(" | `")
                .append(cell(change.cause())).append('`').append(change.removed() ? " (removed)" : "").append(" |\n");
    }

    private static String orNone(String value) {
        return value == null ? "—" : value;
    }

    private static String code(String value) {
        return value == null ? "—" : "`" + cell(value) + "`";
    }

    /** Markdown table cells cannot hold a pipe or a newline. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("`", "'");
    }

    private static Map<String, Object> jsonChange(SnapshotDiff.Change change) {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("field", change.field());
        plain.put("old", change.oldPlain());
        plain.put("new", change.newPlain());
        plain.put("cause", change.cause());
        plain.put("removed", change.removed());
        return plain;
    }

    private static Map<String, Object> label(String label, String commit) {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("ref", label);
        plain.put("commit", commit);
        return plain;
    }
}
