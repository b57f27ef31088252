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
        Reloader reloader = new Reloader(repo, new Loader(), holder, options.poll(), Clock.systemUTC());
        try {
            LoadResult first = reloader.loadCurrent();
            if (!first.isValid()) {
                throw new FirstLoadRejectedException(repo.description(), first.problems());
            }
            Map<String, Object> properties = new HashMap<>(options.properties());
            properties.put("micronaut.server.port", options.port() == 0 ? -1 : options.port());
            if (options.host() != null) {
                properties.put("micronaut.server.host", options.host());
            }
            ApplicationContext context = ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .banner(false)
                    .properties(properties)
                    .singletons(holder, options.token(),
                            new ServerInfo(repo.description(), UUID.randomUUID().toString().substring(0, 8)))
                    .start();
            EmbeddedServer server;
            try {
                server = context.getBean(EmbeddedServer.class).start();
            } catch (RuntimeException e) {
                context.close();
                throw e;
            }
            reloader.start();
            return new FlagServer(context, server, reloader, repo, holder);
        } catch (FirstLoadRejectedException | IOException | RuntimeException e) {
            reloader.close();
            repo.close();
            throw e;
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
