package dev.gitflags.internal.analysis;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.SourceException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first-parent history of a config folder from one commit back, as far as the repository holds it: when each
 * flag was first defined (in the unbroken run of commits up to the tip that define it), and the config as it was
 * at a given time. A shallow clone's history ends early; {@link #end} says where, so ages are "at least".
 * Commits whose config does not load are skipped: they say nothing about which flags existed.
 */
public final class ConfigHistory {

    /** The commit a walk reached last, and whether history goes on before it (false: a root or a shallow end). */
    public record End(String commit, Instant time, boolean shallow) {
    }

    /** The oldest commit of the unbroken run that defines a flag, and whether history ended inside that run. */
    public record FirstDefined(String commit, Instant time, boolean atLeast) {
    }

    private final Repository repository;
    private final String subfolder;
    private final List<RevCommit> commits;
    private final boolean shallow;
    private final Loader loader;

    private ConfigHistory(Repository repository, String subfolder, List<RevCommit> commits, boolean shallow,
                          LoadLimits limits) {
        this.repository = repository;
        this.subfolder = subfolder;
        this.commits = commits;
        this.shallow = shallow;
        this.loader = Loader.incremental(limits);
    }

    /** The first-parent chain of {@code tip}, newest first; the repository stays the caller's. */
    public static ConfigHistory of(Repository repository, String subfolder, ObjectId tip, LoadLimits limits)
            throws IOException {
        Set<ObjectId> shallowCommits = repository.getObjectDatabase() instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory directory
                ? directory.getShallowCommits() : Set.of();
        List<RevCommit> chain = new ArrayList<>();
        boolean shallow = false;
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(tip);
            while (commit != null) {
                chain.add(commit);
                if (shallowCommits.contains(commit)) {
                    shallow = true;
                    break;
                }
                commit = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
            }
        }
        return new ConfigHistory(repository, subfolder, List.copyOf(chain), shallow, limits);
    }

    /** Where the history this walk holds ends. */
    public End end() {
        RevCommit last = commits.get(commits.size() - 1);
        return new End(last.name(), time(last), shallow);
    }

    /**
     * For each of {@code keys} defined at the tip, the oldest commit of the unbroken run from the tip back that
     * defines it. Only commits that change the config folder's flags are loaded, in the scope of these keys.
     */
    public Map<String, FirstDefined> firstDefined(Collection<String> keys) {
        FlagScope scope = FlagScope.of(List.copyOf(keys));
        Set<String> open = new HashSet<>(keys);
        Map<String, RevCommit> oldest = new HashMap<>();
        ObjectId lastFlagsTree = null;
        Set<String> lastDefined = Set.of();
        for (RevCommit commit : commits) {
            if (open.isEmpty()) {
                break;
            }
            ObjectId flagsTree = treeOf(commit, "flags");
            Set<String> defined = lastDefined;
            if (lastFlagsTree == null || !lastFlagsTree.equals(flagsTree)) {
                Optional<Snapshot> snapshot = load(commit, scope);
                if (snapshot.isEmpty()) {
                    continue;
                }
                defined = snapshot.get().flags().keySet();
                lastFlagsTree = flagsTree;
                lastDefined = defined;
            }
            for (String key : List.copyOf(open)) {
                if (defined.contains(key)) {
                    oldest.put(key, commit);
                } else {
                    open.remove(key);
                }
            }
        }
        Map<String, FirstDefined> result = new HashMap<>();
        oldest.forEach((key, commit) -> result.put(key, new FirstDefined(commit.name(), time(commit),
                open.contains(key) && shallow)));
        return result;
    }

    /**
     * The config as committed at {@code time}: the newest commit of the chain no later than it, loaded in
     * {@code scope}; empty when the history held starts after {@code time} or that commit does not load.
     */
    public Optional<Snapshot> asOf(Instant time, FlagScope scope) {
        for (RevCommit commit : commits) {
            if (!time(commit).isAfter(time)) {
                return load(commit, scope);
            }
        }
        return Optional.empty();
    }

    private Optional<Snapshot> load(RevCommit commit, FlagScope scope) {
        try (GitTreeSource source = GitTreeSource.of(repository, commit, subfolder)) {
            LoadResult result = loader.load(source, scope);
            return result.optionalSnapshot();
        } catch (SourceException unreadable) {
            return Optional.empty();
        }
    }

    /** The id of {@code folder} below the config folder in the commit's tree; null when absent. */
    private ObjectId treeOf(RevCommit commit, String folder) {
        String path = subfolder.isEmpty() ? folder : subfolder + "/" + folder;
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            return walk == null ? null : walk.getObjectId(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant time(RevCommit commit) {
        return Instant.ofEpochSecond(commit.getCommitTime());
    }
}
