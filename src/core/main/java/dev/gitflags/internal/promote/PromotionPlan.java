package dev.gitflags.internal.promote;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.graph.Resolver;
import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagOverride;
import dev.gitflags.internal.view.ValueText;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What promoting flags from one environment to another changes, computed purely from one snapshot: for each
 * flag, the fields whose resolved value in {@code to} differs from {@code from}, and how {@code to}'s own
 * {@code overrides:} block must change so that it resolves exactly as {@code from} does.
 *
 * @param flags     the flags that change, in the order asked (or key order for all)
 * @param unchanged flags asked for that already resolve the same in both environments
 * @param reason    when {@code flags} is empty: why there is nothing to promote
 */
public record PromotionPlan(String from, String to, String sourceCommit, String targetFile,
                            List<FlagPromotion> flags, List<String> unchanged, String reason) {

    public PromotionPlan {
        flags = List.copyOf(flags);
        unchanged = List.copyOf(unchanged);
    }

    /** How one field of {@code to}'s override changes. */
    public enum Action {
        /** Write {@code from}'s value into {@code to}'s override. */
        WRITE,
        /** Remove {@code to}'s own override of the field: what it then inherits is {@code from}'s value. */
        INHERIT
    }

    /**
     * One changed field: the value {@code to} resolves now, the value it will resolve (that of {@code from}), and
     * where {@code from}'s value was written (the YAML to copy).
     */
    public record FieldChange(FlagField field, Object oldValue, Object newValue, Action action, Provenance source) {
    }

    /** The changed fields of one flag. */
    public record FlagPromotion(String key, List<FieldChange> changes) {
        public FlagPromotion {
            changes = List.copyOf(changes);
        }
    }

    /** The plan, or why there can be none. */
    public record Result(PromotionPlan plan, Refusal refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    public boolean isEmpty() {
        return flags.isEmpty();
    }

    public List<String> keys() {
        return flags.stream().map(FlagPromotion::key).toList();
    }

    /**
     * Plans promoting {@code keys} (or, when empty, every flag that resolves differently) from {@code from} to
     * {@code to} in {@code snapshot}.
     */
    public static Result of(Snapshot snapshot, String from, String to, List<String> keys) {
        Refusal badName = checkNames(snapshot, from, to, keys);
        if (badName != null) {
            return new Result(null, badName);
        }
        Environment target = snapshot.environments().get(to);
        boolean all = keys.isEmpty();
        List<String> asked = all ? snapshot.flagKeys() : List.copyOf(new LinkedHashSet<>(keys));
        boolean fromIsAncestor = snapshot.chain(to).contains(from);
        List<FlagPromotion> flags = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (String key : asked) {
            ResolvedFlag source = snapshot.flag(from, key).orElseThrow();
            ResolvedFlag current = snapshot.flag(to, key).orElseThrow();
            List<FlagField> differing = FieldValues.differing(current, source);
            if (differing.isEmpty()) {
                if (!all) {
                    unchanged.add(key);
                }
                continue;
            }
            ResolvedFlag inherited = inheritedWithoutOwn(snapshot, target, key);
            FlagOverride own = target.overrides().get(key);
            List<FieldChange> changes = new ArrayList<>();
            for (FlagField field : differing) {
                Object value = source.get(field);
                boolean ownSets = own != null && own.sets(field);
                boolean inheritsRight = FieldValues.same(field, inherited.get(field), value);
                // Below the source, dropping the own override is what a person would do; a null (e.g. "no
                // rollout") cannot be written at all, since a null field means "inherit".
                if (ownSets && inheritsRight && (fromIsAncestor || value == null)) {
                    changes.add(new FieldChange(field, current.get(field), value, Action.INHERIT,
                            source.provenanceOf(field)));
                } else if (value == null) {
                    return new Result(null, Refusal.invalid("cannot promote " + key + "." + field.yamlName()
                            + " from " + from + " to " + to + ": " + from + " has no " + field.yamlName()
                            + " and an override cannot say so (an absent or null field inherits "
                            + ValueText.field(field, inherited.get(field), source.type()) + ")",
                            "remove the " + field.yamlName() + " override where " + to + " inherits it from ("
                                    + current.provenanceOf(field) + ") by hand"));
                } else {
                    changes.add(new FieldChange(field, current.get(field), value, Action.WRITE,
                            source.provenanceOf(field)));
                }
            }
            flags.add(new FlagPromotion(key, changes));
        }
        String reason = flags.isEmpty() ? nothingReason(snapshot, from, to, asked, all, fromIsAncestor) : null;
        return new Result(new PromotionPlan(from, to, snapshot.commit(), target.file(), flags, unchanged, reason),
                null);
    }

    private static Refusal checkNames(Snapshot snapshot, String from, String to, List<String> keys) {
        for (String slug : List.of(from, to)) {
            if (!snapshot.environments().containsKey(slug)) {
                return Refusal.usage("unknown environment '" + slug + "'",
                        Suggestions.hint("environment", slug, snapshot.environments().keySet()));
            }
        }
        if (from.equals(to)) {
            return Refusal.invalid("cannot promote " + from + " to itself",
                    "name two different environments with --from and --to");
        }
        List<String> unknown = keys.stream().filter(key -> !snapshot.flags().containsKey(key)).toList();
        if (!unknown.isEmpty()) {
            String key = unknown.get(0);
            return Refusal.usage("unknown flag" + (unknown.size() > 1 ? "s " : " ") + unknown.stream()
                            .map(k -> "'" + k + "'").collect(Collectors.joining(", ")),
                    Suggestions.hint("flag", key, snapshot.flags().keySet()));
        }
        return null;
    }

    /** What {@code target} would resolve for {@code key} without its own override of it. */
    private static ResolvedFlag inheritedWithoutOwn(Snapshot snapshot, Environment target, String key) {
        if (snapshot.settings().inheritance() && target.parent() != null) {
            return snapshot.flag(target.parent(), key).orElseThrow();
        }
        return Resolver.ofBase(snapshot.flags().get(key), snapshot.settings().bucketing());
    }

    private static String nothingReason(Snapshot snapshot, String from, String to, List<String> asked, boolean all,
                                        boolean fromIsAncestor) {
        String what = all ? "every flag" : String.join(", ", asked);
        Environment target = snapshot.environments().get(to);
        boolean ownOverrides = asked.stream().anyMatch(key -> target.overrides().containsKey(key));
        if (fromIsAncestor && !ownOverrides && snapshot.settings().inheritance()) {
            return to + " inherits from " + from + " (" + String.join(" → ", snapshot.chain(to).subList(0,
                    snapshot.chain(to).indexOf(from) + 1)) + ") and overrides none of " + (all ? "its flags" : what)
                    + ", so it already resolves " + (all ? "them" : "it") + " exactly as " + from + " does";
        }
        return to + " already resolves " + what + " exactly as " + from + " does";
    }
}
