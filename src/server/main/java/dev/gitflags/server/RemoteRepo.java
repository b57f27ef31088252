package dev.gitflags.server;

import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.WatchedRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * A ref of a remote git repository, followed through a bare copy in the operator's cache folder: cloned on the
 * first start, fetched at every poll (in {@link #currentVersion()}, just before the ref is read, so a pushed commit
 * is seen by the same poll). A fetch that fails is an {@link IOException} whose message names the displayed URL
 * and the reason, never a secret: the reloader keeps the last good snapshot served and reports it as degraded.
 * The files are then read from the copy like any local ref ({@link GitRefRepo}).
 */
final class RemoteRepo implements WatchedRepo {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteRepo.class);

    private final GitRemote remote;
    private final String ref;
    private final Git git;
    private final WatchedRepo copy;
    private final FetchObserver observer;
    /** True right after a clone or a start-up fetch: the first version asked for needs no second fetch. */
    private volatile boolean fresh;

    /** Told the outcome of every fetch, for the metrics. */
    @FunctionalInterface
    interface FetchObserver {
        FetchObserver NONE = (ok, nanos) -> { };

        void fetched(boolean ok, long nanos);
    }

    private RemoteRepo(GitRemote remote, String ref, Git git, WatchedRepo copy, FetchObserver observer) {
        this.remote = remote;
        this.ref = ref;
        this.git = git;
        this.copy = copy;
        this.observer = observer;
        this.fresh = true;
    }

    /**
     * Clones {@code remote} into its cache folder when that is missing or empty, else opens the copy there and
     * fetches into it; a failed fetch at start-up is logged and the copy served as it is.
     *
     * @throws IOException when the clone fails, or the folder holds something other than a copy of this remote
     */
    static RemoteRepo open(GitRemote remote, String ref, FetchObserver observer) throws IOException {
        Path dir = remote.cacheDir().toAbsolutePath().normalize();
        Git git = isEmpty(dir) ? cloneInto(remote, dir, observer) : openCopy(remote, dir, observer);
        try {
            gcInTheForeground(git.getRepository());
            return new RemoteRepo(remote, ref, git, WatchedRepo.open(dir, ref), observer);
        } catch (IOException | RuntimeException e) {
            git.close();
            throw new IOException(remote.mask(e.getMessage()), e);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("the cache folder " + dir + " is a file");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static Git cloneInto(GitRemote remote, Path dir, FetchObserver observer) throws IOException {
        long started = System.nanoTime();
        try {
            Git git = call(Git.cloneRepository().setURI(remote.url()).setDirectory(dir.toFile()).setBare(true)
                    .setCloneAllBranches(true), remote);
            observer.fetched(true, System.nanoTime() - started);
            LOG.info("cloned {} into {}", remote.display(), dir);
            return git;
        } catch (GitAPIException | RuntimeException e) {
            observer.fetched(false, System.nanoTime() - started);
            throw new IOException("cannot clone " + remote.display() + ": " + reason(remote, e), e);
        }
    }

    /**
     * JGit runs git's auto-gc after every fetch, by default on a thread of its own that holds {@code gc.log.lock}
     * in the copy: it would go on beside the next poll and past {@link #close()}, into a folder being deleted.
     * In the foreground it runs inside the fetch, on the polling thread, and only when git's limits say the copy
     * needs it (a few dozen packs): the copy stays packed and nothing touches it once the server has stopped.
     * Saved in the copy's config (a reload of it from disk keeps it), once, before any fetch but a clone's, whose
     * copy of one pack has nothing to pack.
     */
    private static void gcInTheForeground(Repository copy) throws IOException {
        StoredConfig config = copy.getConfig();
        if (config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.save();
        }
    }

    private static Git openCopy(GitRemote remote, Path dir, FetchObserver observer) throws IOException {
        if (!RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
            throw new IOException("the cache folder " + dir + " is neither empty nor a copy made by gitflags serve");
        }
        Git git = Git.open(dir.toFile());
        String origin = git.getRepository().getConfig().getString("remote", "origin", "url");
        if (!remote.url().equals(origin)) {
            git.close();
            throw new IOException("the cache folder " + dir + " holds a copy of " + GitRemote.redact(String.valueOf(origin))
                    + ", not of " + remote.display() + ": name another --cache-dir, or empty this one");
        }
        try {
            gcInTheForeground(git.getRepository());
        } catch (IOException | RuntimeException e) {
            git.close();
            throw e;
        }
        try {
            fetch(git, remote, observer);
        } catch (IOException offline) {
            // A restart while the remote is away serves what was fetched before; the next poll tries again.
            LOG.warn("{}; serving the copy in {} as it is", offline.getMessage(), dir);
        }
        return git;
    }

    private static void fetch(Git git, GitRemote remote, FetchObserver observer) throws IOException {
        long started = System.nanoTime();
        try {
            call(git.fetch().setRemote("origin").setRemoveDeletedRefs(true).setTagOpt(TagOpt.FETCH_TAGS), remote);
            observer.fetched(true, System.nanoTime() - started);
        } catch (GitAPIException | RuntimeException e) {
            observer.fetched(false, System.nanoTime() - started);
            throw new IOException("fetch from " + remote.display() + " failed: " + reason(remote, e), e);
        }
    }

    /** Runs {@code command} with the remote's credentials, timeout and, over SSH, its key and known hosts. */
    private static <C extends TransportCommand<C, T>, T> T call(C command, GitRemote remote)
            throws GitAPIException {
        command.setCredentialsProvider(remote.credentials().provider())
                .setTimeout((int) Math.max(1, remote.timeout().toSeconds()));
        if (remote.ssh() == null) {
            return command.call();
        }
        try (SshdSessionFactory sessions = remote.ssh().sessions()) {
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport ssh) {
                    ssh.setSshSessionFactory(sessions);
                }
            });
            return command.call();
        }
    }

    /** The innermost message JGit gave, which names the cause (not authorized, connection refused, …), masked. */
    private static String reason(GitRemote remote, Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause == failure || cause.getMessage() == null ? failure.getMessage()
                : failure.getMessage() + " (" + cause.getMessage() + ")";
        return remote.mask(message);
    }

    @Override
    public String description() {
        return remote.describe(ref);
    }

    /** Fetches, then reads the ref in the copy. */
    @Override
    public String currentVersion() throws IOException {
        if (fresh) {
            fresh = false;
        } else {
            fetch(git, remote, observer);
        }
        return copy.currentVersion();
    }

    @Override
    public List<String> history(String version, int depth) throws IOException {
        return copy.history(version, depth);
    }

    @Override
    public Instant committedAt(String version) throws IOException {
        return copy.committedAt(version);
    }

    @Override
    public ConfigSource sourceAt(String version) throws IOException {
        return copy.sourceAt(version);
    }

    /** The copy's repository, for tests. */
    Repository repository() {
        return git.getRepository();
    }

    @Override
    public void close() throws IOException {
        try {
            copy.close();
        } finally {
            git.close();
        }
    }
}
