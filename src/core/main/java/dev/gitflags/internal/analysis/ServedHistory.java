package dev.gitflags.internal.analysis;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.graph.Provenance;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.load.FileKind;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.view.PlainValues;
import dev.gitflags.internal.view.ValueText;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one environment served for one flag, commit by commit: the commits of a {@link ConfigHistory}, newest
 * first, that changed a resolved field of the flag there — through the environment's own file, an ancestor's, the
 * base flag or {@code gitflags.yaml} — each with {@code field: old → new} and the layer that supplies the new value
 * (its provenance); and those that changed the environment's chain, {@code active} or whether
 * {@code allowed_environments} lets it be served, the repository's {@code bucketing:} while the flag buckets (a
 * rollout or a split: the same users no longer get the same answers), or where the flag or the environment
 * appeared or disappeared. A commit whose config does not load (in this scope) serves what the one
 * before it served, as a server keeps its last valid snapshot, so a change shows at the commit that made it valid.
 *
 * <p>Cost: the walk loads a commit only when the environment's chain of files, the flag's file (every flag file
 * while the flag is not defined) or {@code gitflags.yaml} changed since the last commit loaded, and then only
 * those files ({@link FlagScope#ofFlagIn}), a blob parsed in the previous load not again.
 */
public final class ServedHistory {

    /** What a change is about, besides a resolved {@link FlagField} (which is named by its YAML name). */
    public static final String CHAIN = "chain";
    public static final String ACTIVE = "active";
    /** Whether {@code allowed_environments} lets the environment be served ({@code gitflags.yaml}). */
    public static final String ALLOWED = "allowed";
    /** {@code bucketing:} in {@code gitflags.yaml}, listed while the flag has a rollout or a split. */
    public static final String BUCKETING = "bucketing";
    public static final String FLAG = "flag";
    public static final String ENVIRONMENT = "environment";

    /**
     * One changed thing: a resolved field (its YAML name), or {@link #CHAIN}, {@link #ACTIVE}, {@link #FLAG} or
     * {@link #ENVIRONMENT} (old or new "defined" when it appeared or disappeared), or {@link #ALLOWED} or
     * {@link #BUCKETING} ({@linkplain #isSetting settings}). {@code cause} is the layer that supplies the new value
     * (for a setting: {@code gitflags.yaml}, with no environment), or for a disappearance where the old one was.
     */
    public record Change(String field, String oldText, String newText, Object oldPlain, Object newPlain,
                         Provenance cause) {

        /** True for a change of {@code gitflags.yaml}'s settings rather than of a layer of the flag. */
        public boolean isSetting() {
            return field.equals(ALLOWED) || field.equals(BUCKETING);
        }
    }

    /** One commit that changed what the environment served, with its author, date and subject. */
    public record Entry(String commit, String author, String email, OffsetDateTime date, String subject,
                        List<Change> changes) {

        public Entry {
            changes = List.copyOf(changes);
        }
    }

    /**
     * The entries, newest first; where the walk ended ({@code end}: the oldest commit looked at, shallow when
     * history goes on beyond what the clone holds, null when {@code since} stopped the walk first); how many commits
     * were walked and how many of them had to be loaded.
     */
    public record Report(String environment, String key, List<Entry> entries, ConfigHistory.End end, int walked,
                         int loaded) {

        public Report {
            entries = List.copyOf(entries);
        }

        /** Why older changes are not listed (the walk reached a shallow clone's end), or null. */
        public String historyNote() {
            return end != null && end.shallow() ? end.shallowNote() + ": older changes are not known" : null;
        }
    }

    private ServedHistory() {
    }

    /**
     * The history of {@code key} in {@code environment}, from the tip of {@code history} back to its end or to the
     * first commit older than {@code since} (null: no limit). At a root commit (not at a shallow clone's end) the
     * flag's first values are listed as having appeared.
     */
    public static Report of(ConfigHistory history, String environment, String key, Instant since) {
        Walk walk = new Walk(environment, key, since);
        history.walk(FlagScope.ofFlagIn(environment, key), snapshot -> watched(snapshot, environment, key), walk);
        ConfigHistory.End end = walk.stopped ? null : history.end();
        if (end != null && !end.shallow() && walk.newer != null) {
            List<Change> appeared = changes(null, walk.newer.snapshot(), environment, key);
            if (!appeared.isEmpty()) {
                walk.entries.add(entry(walk.newer.commit(), appeared));
            }
        }
        return new Report(environment, key, walk.entries, end, walk.walked, walk.loaded);
    }

    /** One walk's state: each commit that loads is compared with the oldest newer one that serves the same. */
    private static final class Walk implements ConfigHistory.Visitor {

        private final String environment;
        private final String key;
        private final Instant since;
        private final List<Entry> entries = new ArrayList<>();
        /** The oldest commit seen so far whose config loads: what it serves started there or further back. */
        private ConfigHistory.Version newer;
        private int walked;
        private int loaded;
        private boolean stopped;

        Walk(String environment, String key, Instant since) {
            this.environment = environment;
            this.key = key;
            this.since = since;
        }

        @Override
        public boolean visit(ConfigHistory.Version version) {
            walked++;
            loaded += version.unchanged() ? 0 : 1;
            if (version.snapshot() == null) {
                return true;
            }
            if (newer != null && version.snapshot() != newer.snapshot()) {
                List<Change> changes = changes(version.snapshot(), newer.snapshot(), environment, key);
                if (!changes.isEmpty()) {
                    entries.add(entry(newer.commit(), changes));
                }
            }
            newer = version;
            stopped = since != null && time(version.commit()).isBefore(since);
            return !stopped;
        }
    }

    /**
     * The files whose content decides how {@code snapshot}'s {@code environment} resolves {@code key}: the settings,
     * each file of the chain (or the environment's own path while it does not exist) and the flag's file (the whole
     * flags folder while the flag is not defined, since any file may define it).
     */
    static List<String> watched(Snapshot snapshot, String environment, String key) {
        List<String> paths = new ArrayList<>(List.of(FileKind.SETTINGS_FILE));
        if (snapshot.environments().containsKey(environment)) {
            snapshot.chain(environment).forEach(slug -> paths.add(snapshot.environments().get(slug).file()));
        } else {
            paths.add(FileKind.ENVIRONMENT_FOLDER + environment + ".yaml");
        }
        Flag flag = snapshot.flags().get(key);
        paths.add(flag == null ? FileKind.FLAGS_PATH : flag.origin().file());
        return paths;
    }

    /** What changed from {@code before} (null: nothing yet) to {@code after} for {@code key} in {@code slug}. */
    static List<Change> changes(Snapshot before, Snapshot after, String slug, String key) {
        List<Change> changes = new ArrayList<>();
        Environment was = before == null ? null : before.environments().get(slug);
        Environment is = after.environments().get(slug);
        if (was == null && is == null) {
            return changes;
        }
        if (is == null) {
            changes.add(new Change(ENVIRONMENT, "defined", null, "defined", null,
                    new Provenance(slug, was.origin())));
            return changes;
        }
        if (was == null && before != null) {
            changes.add(new Change(ENVIRONMENT, null, "defined", null, "defined",
                    new Provenance(slug, is.origin())));
        }
        if (was != null) {
            List<String> oldChain = before.chain(slug);
            List<String> newChain = after.chain(slug);
            if (!oldChain.equals(newChain)) {
                changes.add(new Change(CHAIN, String.join(" -> ", oldChain), String.join(" -> ", newChain),
                        oldChain, newChain, relinked(before, after, newChain)));
            }
            if (was.active() != is.active()) {
                changes.add(new Change(ACTIVE, String.valueOf(was.active()), String.valueOf(is.active()),
                        was.active(), is.active(), new Provenance(slug, is.origin())));
            }
            boolean wasAllowed = before.settings().allows(slug);
            boolean isAllowed = after.settings().allows(slug);
            if (wasAllowed != isAllowed) {
                changes.add(new Change(ALLOWED, String.valueOf(wasAllowed), String.valueOf(isAllowed), wasAllowed,
                        isAllowed, new Provenance(null, after.settings().origin())));
            }
        }
        ResolvedFlag old = was == null ? null : before.flag(slug, key).orElse(null);
        ResolvedFlag now = after.flag(slug, key).orElse(null);
        if (old != null && now == null) {
            changes.add(new Change(FLAG, "defined", null, "defined", null,
                    new Provenance(null, old.base().origin())));
        } else if (old == null && now != null) {
            if (before == null || !before.flags().containsKey(key)) {
                changes.add(new Change(FLAG, null, "defined", null, "defined",
                        new Provenance(null, now.base().origin())));
            }
            for (FlagField field : FlagField.values()) {
                Object value = now.get(field);
                if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
                    changes.add(new Change(field.yamlName(), null, ValueText.field(field, value, now.type()), null,
                            PlainValues.field(field, value), now.provenanceOf(field)));
                }
            }
        } else if (old != null) {
            if (old.bucketing() != now.bucketing() && (buckets(old) || buckets(now))) {
                String from = old.bucketing().yamlName();
                String to = now.bucketing().yamlName();
                changes.add(new Change(BUCKETING, from, to, from, to, new Provenance(null, after.settings().origin())));
            }
            for (FlagField field : FieldValues.differing(old, now)) {
                changes.add(new Change(field.yamlName(), ValueText.field(field, old.get(field), old.type()),
                        ValueText.field(field, now.get(field), now.type()), PlainValues.field(field, old.get(field)),
                        PlainValues.field(field, now.get(field)), now.provenanceOf(field)));
            }
        }
        return changes;
    }

    /** True when some requests get the flag's answer by bucket: a partial rollout (its own or a rule's) or a split. */
    private static boolean buckets(ResolvedFlag flag) {
        return partial(flag.rolloutPercentage()) || !flag.variants().isEmpty()
                || flag.rules().stream().anyMatch(rule -> partial(rule.rolloutPercentage()));
    }

    /** A percentage that admits some keys and not others (0 and 100 do not depend on the bucketing). */
    private static boolean partial(Integer percentage) {
        return percentage != null && percentage > 0 && percentage < 100;
    }

    /** The parent link that made {@code newChain}: that of its first environment whose parent is not as before. */
    private static Provenance relinked(Snapshot before, Snapshot after, List<String> newChain) {
        for (String slug : newChain) {
            Environment now = after.environments().get(slug);
            Environment then = before.environments().get(slug);
            if (then == null || !Objects.equals(then.parent(), now.parent())) {
                return new Provenance(slug, now.parentOrigin() != null ? now.parentOrigin() : now.origin());
            }
        }
        throw new IllegalStateException("the chain of " + newChain.get(0) + " changed with every link as before");
    }

    private static Entry entry(RevCommit commit, List<Change> changes) {
        PersonIdent author = commit.getAuthorIdent();
        return new Entry(commit.name(), author.getName(), author.getEmailAddress(),
                OffsetDateTime.ofInstant(author.getWhenAsInstant(), author.getZoneId()), commit.getShortMessage(),
                changes);
    }

    private static Instant time(RevCommit commit) {
        return Instant.ofEpochSecond(commit.getCommitTime());
    }
}
