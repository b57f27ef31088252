package dev.gitflags.internal.diff;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.view.PlainValues;
import dev.gitflags.internal.view.ValueText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The blast radius of a change between two snapshots: for every environment, which flags resolve differently,
 * field by field, with the place that caused each change. Resolution is compared, not files, so a change to a
 * base flag or to a parent link shows in every environment that inherits it.
 *
 * @param environments the environments with a change, parents before children (new tree order, then removed ones)
 */
public record SnapshotDiff(String fromCommit, String toCommit, List<EnvironmentDiff> environments) {

    public SnapshotDiff {
        environments = List.copyOf(environments);
    }

    /** Whether a thing exists on both sides or only on one. */
    public enum Kind { CHANGED, ADDED, REMOVED }

    /**
     * One changed value. {@code field} is an overridable field's YAML name, or {@code status}/{@code type} of the
     * base flag, or an environment property ({@code parent}, {@code active}, {@code settings}). {@code cause} is the
     * {@code file:line} that made the change: where the new value is written, or, when a value was removed, where
     * the old one was ({@code removed} true).
     */
    public record Change(String field, String oldValue, String newValue, Object oldPlain, Object newPlain,
                         String cause, boolean removed) {
    }

    /** One flag of one environment: added, removed, or changed field by field. */
    public record FlagDiff(String key, Kind kind, List<Change> changes) {
        public FlagDiff {
            changes = List.copyOf(changes);
        }

        /** The changed fields: all changes, but for an added or removed flag the first, which says so. */
        public List<Change> fields() {
            return kind == Kind.CHANGED ? changes : changes.subList(1, changes.size());
        }
    }

    /** One environment: its own property changes and its flags that resolve differently. */
    public record EnvironmentDiff(String slug, Kind kind, String file, List<Change> changes, List<FlagDiff> flags) {
        public EnvironmentDiff {
            changes = List.copyOf(changes);
            flags = List.copyOf(flags);
        }
    }

    public boolean isEmpty() {
        return environments.isEmpty();
    }

    /** The keys of the flags that resolve differently somewhere, sorted; each once, however many environments. */
    public Set<String> flagKeys() {
        Set<String> keys = new TreeSet<>();
        environments.forEach(environment -> environment.flags().forEach(flag -> keys.add(flag.key())));
        return keys;
    }

    /** Compares every environment's resolved flags of {@code before} and {@code after}. */
    public static SnapshotDiff between(Snapshot before, Snapshot after) {
        List<EnvironmentDiff> environments = new ArrayList<>();
        Set<String> slugs = new LinkedHashSet<>(after.graph().treeOrder());
        slugs.addAll(new TreeSet<>(before.environments().keySet()));
        // the flag keys of both sides, sorted once rather than per environment
        Set<String> keySet = new TreeSet<>(after.flagKeys());
        keySet.addAll(before.flagKeys());
        List<String> keys = List.copyOf(keySet);
        Map<String, Map<String, FlagDiff>> flagDiffs = new HashMap<>();
        for (String slug : slugs) {
            Environment old = before.environments().get(slug);
            Environment now = after.environments().get(slug);
            if (old == null) {
                environments.add(new EnvironmentDiff(slug, Kind.ADDED, now.file(), List.of(), List.of()));
            } else if (now == null) {
                environments.add(new EnvironmentDiff(slug, Kind.REMOVED, old.file(), List.of(), List.of()));
            } else {
                EnvironmentDiff diff = compare(before, after, old, now, keys, flagDiffs);
                if (!diff.changes().isEmpty() || !diff.flags().isEmpty()) {
                    environments.add(diff);
                }
            }
        }
        return new SnapshotDiff(before.commit(), after.commit(), environments);
    }

    /**
     * @param flagDiffs the flag diffs of the environments compared so far (parents come first), by flag key; this
     *                  environment's are added
     */
    private static EnvironmentDiff compare(Snapshot before, Snapshot after, Environment old, Environment now,
                                           List<String> keys, Map<String, Map<String, FlagDiff>> flagDiffs) {
        List<Change> changes = new ArrayList<>();
        if (!Objects.equals(old.parent(), now.parent())) {
            changes.add(property("parent", old.parent(), now.parent(), now.parentOrigin() != null
                    ? now.parentOrigin() : now.origin(), old.parentOrigin() != null ? old.parentOrigin() : old.origin()));
        }
        if (old.active() != now.active()) {
            changes.add(property("active", old.active(), now.active(), now.origin(), old.origin()));
        }
        if (!old.settings().equals(now.settings())) {
            changes.add(property("settings", old.settings(), now.settings(), now.origin(), old.origin()));
        }
        ResolvedEnvironment oldFlags = before.resolved().get(old.slug());
        ResolvedEnvironment newFlags = after.resolved().get(now.slug());
        List<FlagDiff> flags = new ArrayList<>();
        List<String> oldChain = before.chain(old.slug());
        List<String> newChain = after.chain(now.slug());
        // Same parent on both sides: a flag that shares its parent's resolved object on both sides (the Resolver
        // shares what an environment does not override) changed exactly as it did in the parent.
        String parent = Objects.equals(old.parent(), now.parent()) ? now.parent() : null;
        Map<String, FlagDiff> parentDiffs = parent == null ? null : flagDiffs.get(parent);
        ResolvedEnvironment oldParent = parentDiffs == null ? null : before.resolved().get(parent);
        ResolvedEnvironment newParent = parentDiffs == null ? null : after.resolved().get(parent);
        Map<String, FlagDiff> own = new HashMap<>();
        for (String key : keys) {
            ResolvedFlag was = oldFlags == null ? null : oldFlags.flag(key);
            ResolvedFlag is = newFlags == null ? null : newFlags.flag(key);
            if (was == null && is == null) {
                continue;
            }
            if (oldParent != null && newParent != null && was != null && is != null
                    && was == oldParent.flag(key) && is == newParent.flag(key)) {
                FlagDiff inherited = parentDiffs.get(key);
                if (inherited != null) {
                    flags.add(inherited);
                    own.put(key, inherited);
                }
                continue;
            }
            if (was == null) {
                flags.add(new FlagDiff(key, Kind.ADDED, withFields(new Change("flag", null, "added", null, null,
                        is.base().origin().fileAndLine(), false), is, false)));
            } else if (is == null) {
                flags.add(new FlagDiff(key, Kind.REMOVED, withFields(new Change("flag", "defined", null, null, null,
                        was.base().origin().fileAndLine(), true), was, true)));
            } else {
                List<Change> fields = compare(oldChain, newChain, was, is);
                if (!fields.isEmpty()) {
                    flags.add(new FlagDiff(key, Kind.CHANGED, fields));
                }
            }
            if (!flags.isEmpty() && flags.get(flags.size() - 1).key().equals(key)) {
                own.put(key, flags.get(flags.size() - 1));
            }
        }
        flagDiffs.put(now.slug(), own);
        return new EnvironmentDiff(now.slug(), Kind.CHANGED, now.file(), changes, flags);
    }

    /**
     * {@code first}, then every field the flag resolves to something (an empty list or no value is left out), as
     * appearing ({@code none → value}) or, when {@code gone}, disappearing, each caused by the layer that set it.
     */
    private static List<Change> withFields(Change first, ResolvedFlag flag, boolean gone) {
        List<Change> changes = new ArrayList<>(List.of(first));
        for (FlagField field : FlagField.values()) {
            Object value = flag.get(field);
            if (value == null || value instanceof List<?> list && list.isEmpty()) {
                continue;
            }
            String rendered = ValueText.field(field, value, flag.type());
            Object plain = PlainValues.field(field, value);
            String cause = flag.provenanceOf(field).origin().fileAndLine();
            changes.add(gone ? new Change(field.yamlName(), rendered, null, plain, null, cause, true)
                    : new Change(field.yamlName(), null, rendered, null, plain, cause, false));
        }
        return changes;
    }

    private static List<Change> compare(List<String> oldChain, List<String> newChain, ResolvedFlag was,
                                        ResolvedFlag is) {
        List<Change> changes = new ArrayList<>(1);
        Flag oldBase = was.base();
        Flag newBase = is.base();
        if (oldBase != newBase) {
            if (oldBase.status() != newBase.status()) {
                changes.add(property("status", oldBase.status().yamlName(), newBase.status().yamlName(),
                        newBase.origin(), oldBase.origin()));
            }
            if (oldBase.type() != newBase.type()) {
                changes.add(property("type", oldBase.type().yamlName(), newBase.type().yamlName(), newBase.origin(),
                        oldBase.origin()));
            }
        }
        for (FlagField field : FieldValues.differing(was, is)) {
            Provenance oldSource = was.provenanceOf(field);
            Provenance newSource = is.provenanceOf(field);
            boolean removed = wasRemoved(oldChain, newChain, oldSource, newSource);
            Origin cause = (removed ? oldSource : newSource).origin();
            changes.add(new Change(field.yamlName(), ValueText.field(field, was.get(field), was.type()),
                    ValueText.field(field, is.get(field), is.type()), PlainValues.field(field, was.get(field)),
                    PlainValues.field(field, is.get(field)), cause.fileAndLine(), removed));
        }
        return changes;
    }

    /**
     * True when the layer that supplied the old value is still in the chain but no longer supplies it, and the new
     * value comes from farther up: the change is the removal of that override, so the cause is in the old snapshot.
     */
    private static boolean wasRemoved(List<String> oldChain, List<String> newChain, Provenance oldSource,
                                      Provenance newSource) {
        if (oldSource.isBase() || Objects.equals(oldSource.environment(), newSource.environment())) {
            return false;
        }
        int oldLayer = newChain.indexOf(oldSource.environment());
        int newLayer = newSource.isBase() ? newChain.size() : newChain.indexOf(newSource.environment());
        return oldLayer >= 0 && newLayer > oldLayer && oldChain.contains(oldSource.environment());
    }

    private static String text(Object value) {
        return value == null ? "none" : value instanceof String name ? name : ValueText.value(value);
    }

    private static Change property(String name, Object old, Object now, Origin newOrigin, Origin oldOrigin) {
        boolean removed = now == null;
        return new Change(name, text(old), text(now), old, now,
                (removed ? oldOrigin : newOrigin).fileAndLine(), removed);
    }
}
