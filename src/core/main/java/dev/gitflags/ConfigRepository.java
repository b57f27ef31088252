package dev.gitflags;

import dev.gitflags.internal.load.JGitCaches;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a config repository is, and how to read it: the entry point of the API. Immutable; each {@code with}-style
 * method returns a new one.
 *
 * <pre>{@code
 * LoadOutcome outcome = ConfigRepository.gitRef(Path.of("/srv/flags.git"), "main").load();
 * }</pre>
 *
 * <ul>
 *   <li>{@link #workingTree} reads the files of a folder as they are on disk;</li>
 *   <li>{@link #gitRef} reads a commit of a git repository through its object database: no checkout, bare
 *       repositories work, uncommitted edits are ignored;</li>
 *   <li>{@link #subfolder} moves the config root below that folder (in the commit's tree for a ref).</li>
 * </ul>
 */
public final class ConfigRepository {

    /** How long one load may take by default before it is given up. */
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final Path folder;
    private final String ref;
    private final String subfolder;
    private final Set<String> environments;
    private final Duration loadTimeout;

    private ConfigRepository(Path folder, String ref, String subfolder, Set<String> environments,
                             Duration loadTimeout) {
        this.folder = folder;
        this.ref = ref;
        this.subfolder = subfolder;
        this.environments = environments;
        this.loadTimeout = loadTimeout;
    }

    /** The folder {@code folder} as it is on disk (a working tree, or any folder with a gitflags.yaml). */
    public static ConfigRepository workingTree(Path folder) {
        return new ConfigRepository(Objects.requireNonNull(folder), null, "", null, DEFAULT_LOAD_TIMEOUT);
    }

    /**
     * The commit that {@code ref} (a branch, tag, {@code HEAD}, {@code HEAD~2}, a SHA) names in the git repository
     * at or enclosing {@code repository} (a working tree, a folder in one, or a bare repository). Followed, the ref
     * is read again at every poll, so a branch that moves is followed.
     */
    public static ConfigRepository gitRef(Path repository, String ref) {
        return new ConfigRepository(Objects.requireNonNull(repository), Objects.requireNonNull(ref), "", null,
                DEFAULT_LOAD_TIMEOUT);
    }

    /** The config root is the folder {@code path} ('/'-separated) below this one. */
    public ConfigRepository subfolder(String path) {
        String trimmed = path.replace('\\', '/').replaceAll("^/+|/+$", "");
        return new ConfigRepository(folder, ref, subfolder.isEmpty() ? trimmed : subfolder + "/" + trimmed,
                environments, loadTimeout);
    }

    /**
     * The application evaluates only these environments (a provider bound to one). Bound to one environment, a
     * load reads every flag file but only that environment's chain of files (of the others just their names) and
     * resolves only that chain: a tenth of the memory on a big repository. Its problems are then those of the files
     * it reads, so a mistake only in another environment's file does not stop it — {@code gitflags validate} in CI
     * checks every file. With several environments every environment is loaded, as without this option.
     */
    public ConfigRepository environments(Set<String> slugs) {
        return new ConfigRepository(folder, ref, subfolder, Set.copyOf(slugs), loadTimeout);
    }

    /** {@link #environments(Set)} of one environment. */
    public ConfigRepository environment(String slug) {
        return environments(Set.of(slug));
    }

    /** How long one load may take before it is given up (default {@link #DEFAULT_LOAD_TIMEOUT}). */
    public ConfigRepository loadTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the load timeout must be positive: " + timeout);
        }
        return new ConfigRepository(folder, ref, subfolder, environments, timeout);
    }

    /**
     * Sizes JGit's caches for an application that embeds gitflags (a 2 MiB pack-window cache, a 1 MiB delta-base
     * cache per reader, against JGit's 10 MiB each): a config repository's packs are small and read once per
     * commit. The window cache is the whole process's, so an application that uses JGit for other repositories
     * and wants other sizes installs its own {@code WindowCacheConfig} instead of calling this.
     */
    public static void useSmallGitCaches() {
        JGitCaches.limitForEmbedding();
    }

    /** The environments given to {@link #environments(Set)}; empty when the application may evaluate any. */
    public Optional<Set<String>> environments() {
        return Optional.ofNullable(environments);
    }

    /**
     * Loads the current version once. Bad content is an invalid outcome with located problems.
     *
     * @throws IOException when there is no such folder or repository, the ref names no commit, or reading failed
     */
    public LoadOutcome load() throws IOException {
        try (Source source = source()) {
            return source.load(source.currentVersion(), loadTimeout);
        }
    }

    /**
     * This repository as a {@link Source} for a {@link Follower}; the caller closes it (a follower closes its own).
     * The ref is resolved at each {@link Source#currentVersion()}, so a source may be opened before its branch exists.
     *
     * @throws IOException when there is no such folder or repository
     */
    public Source source() throws IOException {
        return RepositorySource.open(folder, ref, subfolder, environments);
    }

    /**
     * Loads the current version on the calling thread, then follows this repository on a background thread, every
     * {@code poll}. See {@link Follower}.
     */
    public Follower follow(Duration poll, Follower.Listener listener) throws IOException {
        return Follower.start(source(), poll, loadTimeout, listener);
    }

    @Override
    public String toString() {
        return folder + (subfolder.isEmpty() ? "" : "/" + subfolder) + (ref == null ? "" : " @ " + ref);
    }
}
