package dev.gitflags.server;

import dev.gitflags.LoadResult;
import dev.gitflags.load.Loader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A running gitflags HTTP server: loads the config repo once (refusing to start when it is invalid), then starts
 * Micronaut with the {@link SnapshotHolder} registered as a singleton, then the {@link Reloader}. Used by
 * {@code gitflags serve} and by the tests, which start it on a random port.
 */
public final class FlagServer implements AutoCloseable {

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final Reloader reloader;
    private final WatchedRepo repo;
    private final SnapshotHolder holder;

    private FlagServer(ApplicationContext context, EmbeddedServer server, Reloader reloader, WatchedRepo repo,
                       SnapshotHolder holder) {
        this.context = context;
        this.server = server;
        this.reloader = reloader;
        this.repo = repo;
        this.holder = holder;
    }

    /**
     * Starts a server.
     *
     * @throws FirstLoadRejectedException when the repo's current version is invalid (nothing is started)
     * @throws IOException                when the repo or ref cannot be opened
     */
    public static FlagServer start(ServerOptions options) throws FirstLoadRejectedException, IOException {
        WatchedRepo repo = WatchedRepo.open(options.repo(), options.ref());
        SnapshotHolder holder = new SnapshotHolder();
        Reloader reloader = new Reloader(repo, new Loader(options.limits()), holder, options.poll(), Clock.systemUTC());
        ApplicationContext context = null;
        try {
            // The first load and Micronaut's start-up run side by side; the port opens only for a valid snapshot.
            Future<LoadResult> firstLoad = reloader.loadCurrent();
            context = ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .banner(false)
                    .properties(micronautProperties(options))
                    .singletons(holder, options.token(),
                            new ServerInfo(repo.description(), UUID.randomUUID().toString().substring(0, 8)))
                    .start();
            LoadResult first = await(firstLoad);
            if (!first.isValid()) {
                throw new FirstLoadRejectedException(repo.description(), first.problems());
            }
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            reloader.start();
            return new FlagServer(context, server, reloader, repo, holder);
        } catch (FirstLoadRejectedException | IOException | RuntimeException e) {
            reloader.close();
            if (context != null) {
                context.close();
            }
            repo.close();
            throw e;
        }
    }

    private static Map<String, Object> micronautProperties(ServerOptions options) {
        Map<String, Object> properties = new HashMap<>(options.properties());
        properties.put("micronaut.server.port", options.port() == 0 ? -1 : options.port());
        if (options.host() != null) {
            properties.put("micronaut.server.host", options.host());
        }
        return properties;
    }

    private static LoadResult await(Future<LoadResult> load) throws IOException {
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the config repo", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("loading the config repo failed: " + e.getCause(), e.getCause());
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The base URL, e.g. {@code http://localhost:8080}. */
    public String url() {
        return "http://" + server.getHost() + ":" + server.getPort();
    }

    public SnapshotHolder holder() {
        return holder;
    }

    public String description() {
        return repo.description();
    }

    /** Stops polling, the HTTP server and the repository, in that order. */
    @Override
    public void close() {
        reloader.close();
        try {
            context.close();
        } finally {
            try {
                repo.close();
            } catch (IOException ignored) {
                // Closing a read-only repository cannot lose anything.
            }
        }
    }
}
