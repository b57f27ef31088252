package dev.gitflags.server.web;

import dev.gitflags.internal.analysis.StaleFlags;
import dev.gitflags.internal.model.FlagLifecycle;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.analysis.DeadOverrides;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagStatus;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;
import dev.gitflags.internal.view.ValueText;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The flags × environments matrix of one snapshot. Built once per snapshot, it keeps only what filtering needs
 * (search text, tags, "differs somewhere") per flag; cells are formatted for the requested window of rows only,
 * so a page of 10,000 flags × 50 environments costs one page of cells, not the whole table.
 */
public final class FlagMatrix {

    private final Snapshot snapshot;
    private final List<MatrixColumn> columns;
    private final List<FlagIndex> flags;
    private final List<String> tags;
    /** Per flag (same order as {@code flags}): does any environment differ from its parent? Built on first use. */
    private volatile boolean[] differsSomewhere;
    /** Per flag (same order as {@code flags}): one answer to every request everywhere? Built on first use. */
    private volatile boolean[] oneValue;
    /** "environment flag-key" → the fields that environment sets but no request sees. Built on first use. */
    private volatile Map<String, Set<FlagField>> deadFields;

    private FlagMatrix(Snapshot snapshot, List<MatrixColumn> columns, List<FlagIndex> flags, List<String> tags) {
        this.snapshot = snapshot;
        this.columns = columns;
        this.flags = flags;
        this.tags = tags;
    }

    /** What the text and tag filters need, per flag, in key order. */
    private record FlagIndex(int position, Flag flag, String searchText) {
    }

    public static FlagMatrix of(Snapshot snapshot) {
        List<MatrixColumn> columns = new ArrayList<>();
        for (String slug : snapshot.graph().treeOrder()) {
            Environment environment = snapshot.environments().get(slug);
            columns.add(new MatrixColumn(slug, environment.name() == null ? slug : environment.name(),
                    environment.parent(), snapshot.graph().depth(slug), environment.active(), snapshot.serves(slug)));
        }
        List<FlagIndex> flags = new ArrayList<>(snapshot.flagKeys().size());
        TreeSet<String> tags = new TreeSet<>();
        for (String key : snapshot.flagKeys()) {
            Flag flag = snapshot.flags().get(key);
            tags.addAll(flag.tags());
            flags.add(new FlagIndex(flags.size(), flag, searchText(flag)));
        }
        return new FlagMatrix(snapshot, List.copyOf(columns), List.copyOf(flags), List.copyOf(tags));
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public List<MatrixColumn> columns() {
        return columns;
    }

    public List<String> tags() {
        return tags;
    }

    public int flagCount() {
        return flags.size();
    }

    /** The rows matching {@code query}, only its window formatted; {@code status} is passed through for the banner. */
    public MatrixPage page(MatrixQuery query, ServedStatus status) {
        List<MatrixRow> rows = new ArrayList<>(Math.min(query.limit(), flags.size()));
        boolean[] differs = query.differs() ? differsSomewhere() : null;
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int matching = 0;
        for (FlagIndex index : flags) {
            if (!matches(index, query) || (differs != null && !differs[index.position()])
                    || (query.stale() && staleReasons(index, today).isEmpty())) {
                continue;
            }
            if (matching >= query.offset() && rows.size() < query.limit()) {
                rows.add(row(index, today));
            }
            matching++;
        }
        return new MatrixPage(status, columns, tags, flags.size(), matching, query.offset(), query.limit(), rows);
    }

    /** One cell in full: each field, its value and which layer supplied it; empty for an unknown flag or environment. */
    public Optional<CellDetail> cell(String environment, String key) {
        Optional<ResolvedFlag> found = snapshot.flag(environment, key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ResolvedFlag resolved = found.get();
        List<CellDetail.FieldDetail> fields = new ArrayList<>();
        for (FlagField field : FlagField.values()) {
            Provenance provenance = resolved.provenanceOf(field);
            boolean here = environment.equals(provenance.environment());
            fields.add(new CellDetail.FieldDetail(field.yamlName(), fieldText(field, resolved.get(field), resolved.type()),
                    provenance.environment(), provenance.origin().fileAndLine(), here,
                    here && deadFields(environment, key).contains(field)));
        }
        return Optional.of(new CellDetail(key, environment, snapshot.chain(environment),
                isOverridden(resolved, environment), ServedSummary.detailed(resolved).steps(), fields));
    }

    /** A field of the click panel: rules and variants one per line ({@code none} when empty), absent as a dash. */
    @SuppressWarnings("unchecked")
    private static String fieldText(FlagField field, Object value, FlagType type) {
        if (value == null) {
            return "—";
        }
        if (field == FlagField.RULES) {
            List<Rule> rules = (List<Rule>) value;
            return rules.isEmpty() ? "none"
                    : rules.stream().map(rule -> ValueText.rule(rule, type)).collect(Collectors.joining("\n"));
        }
        if (field == FlagField.VARIANTS) {
            List<Variant> variants = (List<Variant>) value;
            return variants.isEmpty() ? "none"
                    : variants.stream().map(ValueText::variant).collect(Collectors.joining("\n"));
        }
        return ValueText.field(field, value, type);
    }

    private static boolean matches(FlagIndex index, MatrixQuery query) {
        return (query.text() == null || index.searchText().contains(query.text()))
                && (query.tag() == null || index.flag().tags().contains(query.tag()));
    }

    private MatrixRow row(FlagIndex index, LocalDate today) {
        Flag flag = index.flag();
        List<MatrixCell> cells = new ArrayList<>(columns.size());
        for (MatrixColumn column : columns) {
            cells.add(cell(flag, column));
        }
        FlagLifecycle lifecycle = flag.lifecycle();
        return new MatrixRow(flag.key(), flag.name(), flag.type().yamlName(), flag.status().yamlName(),
                flag.description(), flag.tags(), lifecycle.owners(),
                lifecycle.expires() == null ? null : lifecycle.expires().toString(), lifecycle.permanent(),
                staleReasons(index, today), cells);
    }

    /**
     * Why {@code flag} is due for removal, as far as one snapshot tells (the view reads no history, so no age and
     * no "for how long"; {@code gitflags stale} says those): {@code expired} after its expires day, {@code one value}
     * when every request in every served environment gets the same answer ({@link StaleFlags#onlyAnswerEverywhere}),
     * {@code dead override} when an environment sets a field of it that no request notices.
     */
    private List<String> staleReasons(FlagIndex index, LocalDate today) {
        Flag flag = index.flag();
        List<String> reasons = new ArrayList<>(3);
        if (flag.lifecycle().isExpired(today)) {
            reasons.add("expired");
        }
        if (oneValue()[index.position()]) {
            reasons.add("one value");
        }
        if (hasDeadOverride(flag.key())) {
            reasons.add("dead override");
        }
        return reasons;
    }

    private boolean[] oneValue() {
        boolean[] one = oneValue;
        if (one == null) {
            one = new boolean[flags.size()];
            for (FlagIndex index : flags) {
                one[index.position()] = StaleFlags.onlyAnswerEverywhere(snapshot, index.flag().key()).isPresent();
            }
            oneValue = one;
        }
        return one;
    }

    private boolean hasDeadOverride(String key) {
        for (MatrixColumn column : columns) {
            if (!deadFields(column.slug(), key).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private MatrixCell cell(Flag flag, MatrixColumn column) {
        ResolvedFlag resolved = snapshot.flag(column.slug(), flag.key()).orElseThrow();
        boolean overridden = isOverridden(resolved, column.slug());
        ServedSummary served = ServedSummary.of(resolved);
        return new MatrixCell(served.value(), resolved.enabled() && flag.status() == FlagStatus.ACTIVE,
                overridden, differsFromParent(snapshot, column.parent(), resolved),
                source(resolved, column.slug(), overridden), served.targeting(),
                overridden && !deadFields(column.slug(), flag.key()).isEmpty());
    }

    /** The fields {@code environment} sets for flag {@code key} that can never take effect ({@link DeadOverrides}). */
    private Set<FlagField> deadFields(String environment, String key) {
        Map<String, Set<FlagField>> dead = deadFields;
        if (dead == null) {
            dead = new HashMap<>();
            for (DeadOverrides.DeadField field : DeadOverrides.find(snapshot)) {
                dead.computeIfAbsent(field.environment() + " " + field.flagKey(), k -> EnumSet.noneOf(FlagField.class))
                        .add(field.field());
            }
            deadFields = dead;
        }
        return dead.getOrDefault(environment + " " + key, Set.of());
    }

    private static boolean isOverridden(ResolvedFlag resolved, String environment) {
        return resolved.provenance().values().stream().anyMatch(p -> environment.equals(p.environment()));
    }

    /** Against the parent's resolution, or the base flag's for a root. */
    private static boolean differsFromParent(Snapshot snapshot, String parent, ResolvedFlag resolved) {
        if (parent == null) {
            return !FieldValues.sameResolution(resolved::get, resolved.base()::get);
        }
        ResolvedFlag inherited = snapshot.flag(parent, resolved.key()).orElse(null);
        return inherited != resolved && (inherited == null || !FieldValues.sameResolution(resolved::get, inherited::get));
    }

    /** Column by column, so each environment's and its parent's flag maps are looked up once. */
    private boolean[] differsSomewhere() {
        boolean[] differs = differsSomewhere;
        if (differs != null) {
            return differs;
        }
        differs = new boolean[flags.size()];
        for (MatrixColumn column : columns) {
            Map<String, ResolvedFlag> own = snapshot.resolved().get(column.slug()).flags();
            Map<String, ResolvedFlag> parent = column.parent() == null ? null
                    : snapshot.resolved().get(column.parent()).flags();
            for (FlagIndex index : flags) {
                if (differs[index.position()]) {
                    continue;
                }
                ResolvedFlag resolved = own.get(index.flag().key());
                ResolvedFlag inherited = parent == null ? null : parent.get(index.flag().key());
                differs[index.position()] = resolved != inherited && (inherited == null
                        ? !FieldValues.sameResolution(resolved::get, resolved.base()::get)
                        : !FieldValues.sameResolution(resolved::get, inherited::get));
            }
        }
        differsSomewhere = differs;
        return differs;
    }

    /** "staging: enabled, default_value @ environments/staging.yaml:12" or the nearest layer it inherits from. */
    private static String source(ResolvedFlag resolved, String environment, boolean overridden) {
        if (overridden) {
            List<String> fields = new ArrayList<>();
            Provenance first = null;
            for (FlagField field : FlagField.values()) {
                Provenance provenance = resolved.provenanceOf(field);
                if (environment.equals(provenance.environment())) {
                    fields.add(field.yamlName());
                    first = first == null ? provenance : first;
                }
            }
            return environment + ": " + String.join(", ", fields) + " @ " + first.origin().fileAndLine();
        }
        Provenance nearest = nearestOverride(resolved);
        return nearest == null
                ? "base flag @ " + resolved.base().origin().fileAndLine()
                : "inherited from " + nearest.environment() + " @ " + nearest.origin().fileAndLine();
    }

    /** The provenance of the value field when an environment set it, else of any field an environment set. */
    private static Provenance nearestOverride(ResolvedFlag resolved) {
        Provenance value = resolved.provenanceOf(FlagField.DEFAULT_VALUE);
        if (!value.isBase()) {
            return value;
        }
        Provenance enabled = resolved.provenanceOf(FlagField.ENABLED);
        if (!enabled.isBase()) {
            return enabled;
        }
        return resolved.provenance().values().stream().filter(p -> !p.isBase()).findFirst().orElse(null);
    }

    private static String searchText(Flag flag) {
        StringBuilder text = new StringBuilder(flag.key());
        if (flag.name() != null) {
            text.append('\n').append(flag.name());
        }
        if (flag.description() != null) {
            text.append('\n').append(flag.description());
        }
        flag.tags().forEach(tag -> text.append('\n').append(tag));
        flag.lifecycle().owners().forEach(owner -> text.append('\n').append(owner));
        return text.toString().toLowerCase(Locale.ROOT);
    }
}
