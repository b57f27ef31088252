package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;
import dev.gitflags.internal.view.PlainValues;
import dev.gitflags.internal.view.ValueText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gitflags explain}: for each field of a flag in an environment, its value, the environment and file:line
 * that supplied it, and what every layer of the chain walked says about it.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain where each field of a flag comes from in an environment.",
                "For enabled, default_value, rollout_percentage, rules and variants: the value, the environment and",
                "file:line that supplied it, and the chain walked (which layers set the field; the first one wins)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_DOC, ExitCodes.INVALID_CONFIG_DOC, ExitCodes.USAGE_OR_IO_DOC})
public final class ExplainCommand extends CliCommand {

    /** What one layer of the chain says about a field: {@code environment} null for the base flag. */
    record Layer(String environment, String file, int line, boolean sets, Object value) {
    }

    @Mixin
    RepoOptions repo;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "The environment slug.")
    String environment;

    @Parameters(paramLabel = "KEY", description = "The flag key.")
    String key;

    @Mixin
    TextOrJsonOption output;

    @Override
    protected int run() {
        Snapshot snapshot = repo.loadValid(err());
        var resolvedEnvironment = SnapshotLookup.environment(snapshot, environment);
        SnapshotLookup.requireFlags(snapshot, List.of(key));
        ResolvedFlag flag = resolvedEnvironment.flag(key);
        List<String> chain = SnapshotLookup.effectiveChain(snapshot, environment);
        if (output.json()) {
            out().println(DocumentWriter.json(json(snapshot, flag, chain)));
        } else {
            printText(snapshot, flag, chain);
        }
        return ExitCodes.OK;
    }

    private void printText(Snapshot snapshot, ResolvedFlag flag, List<String> chain) {
        Flag base = flag.base();
        out().println(key + " in " + environment
                + (snapshot.environments().get(environment).active() ? "" : " (inactive: not served)"));
        out().println("  chain:  " + String.join(" -> ", chain) + " -> base flag"
                + (snapshot.settings().inheritance() ? "" : "   (inheritance: false)"));
        out().println("  type:   " + flag.type().yamlName() + "   (base flag at " + base.origin().fileAndLine() + ")");
        out().println("  status: " + flag.status().yamlName() + "   (base flag at " + base.origin().fileAndLine() + ")");
        for (FlagField field : FlagField.values()) {
            out().println();
            Object value = flag.get(field);
            out().println(field.yamlName() + ": " + summary(field, value));
            if (field == FlagField.RULES) {
                int number = 1;
                for (Rule rule : flag.rules()) {
                    out().println("    " + number++ + ". " + ValueText.rule(rule, flag.type()));
                }
            }
            if (field == FlagField.VARIANTS) {
                for (Variant variant : flag.variants()) {
                    out().println("    " + ValueText.variant(variant));
                }
            }
            out().println("  from:   " + flag.provenanceOf(field));
            out().println("  walked: " + walked(field, layers(snapshot, base, chain, field)));
        }
    }

    /** One layer per environment of the chain, then the base flag; the first layer that sets the field wins. */
    private List<Layer> layers(Snapshot snapshot, Flag base, List<String> chain, FlagField field) {
        List<Layer> layers = new ArrayList<>();
        for (String slug : chain) {
            FlagOverride override = snapshot.environments().get(slug).overrides().get(key);
            if (override != null && override.sets(field)) {
                var origin = override.originOf(field);
                layers.add(new Layer(slug, origin.file(), origin.line(), true, override.get(field)));
            } else {
                var file = snapshot.environments().get(slug).file();
                layers.add(new Layer(slug, file, 0, false, null));
            }
        }
        var origin = base.originOf(field);
        layers.add(new Layer(null, origin.file(), origin.line(), true, base.get(field)));
        return layers;
    }

    /** {@code dev (inherits) -> staging = 100 (wins) -> production = 10 (shadowed) -> base = 5 (shadowed)}. */
    private static String walked(FlagField field, List<Layer> layers) {
        List<String> parts = new ArrayList<>();
        boolean won = false;
        for (Layer layer : layers) {
            String name = layer.environment() == null ? "base" : layer.environment();
            if (!layer.sets()) {
                parts.add(name + " (inherits)");
                continue;
            }
            parts.add(name + " = " + summary(field, layer.value()) + (won ? " (shadowed)" : " (wins)"));
            won = true;
        }
        return String.join(" -> ", parts);
    }

    private static String summary(FlagField field, Object value) {
        if (field == FlagField.ROLLOUT_PERCENTAGE && value == null) {
            return "none (everyone)";
        }
        if (value instanceof List<?> list && (field == FlagField.RULES || field == FlagField.VARIANTS)) {
            String noun = field == FlagField.RULES ? "rule" : "variant";
            return list.isEmpty() ? "none" : list.size() + " " + noun + (list.size() == 1 ? "" : "s");
        }
        return ValueText.value(value);
    }

    private Map<String, Object> json(Snapshot snapshot, ResolvedFlag flag, List<String> chain) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("flag", key);
        document.put("environment", environment);
        document.put("active", snapshot.environments().get(environment).active());
        document.put("inheritance", snapshot.settings().inheritance());
        document.put("chain", chain);
        document.put("type", flag.type().yamlName());
        document.put("status", flag.status().yamlName());
        document.put("definedAt", flag.base().origin().fileAndLine());
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FlagField field : FlagField.values()) {
            Provenance provenance = flag.provenanceOf(field);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("value", PlainValues.field(field, flag.get(field)));
            item.put("environment", provenance.environment());
            item.put("file", provenance.origin().file());
            item.put("line", provenance.origin().line());
            List<Map<String, Object>> walked = new ArrayList<>();
            for (Layer layer : layers(snapshot, flag.base(), chain, field)) {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("environment", layer.environment());
                step.put("sets", layer.sets());
                if (layer.sets()) {
                    step.put("value", PlainValues.field(field, layer.value()));
                    step.put("file", layer.file());
                    step.put("line", layer.line());
                }
                walked.add(step);
            }
            item.put("walked", walked);
            fields.put(field.yamlName(), item);
        }
        document.put("fields", fields);
        return document;
    }
}
