package dev.gitflags.server;

import dev.gitflags.internal.load.Deadline;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.ReadOnlyGit;
import dev.gitflags.internal.load.WatchedRepo;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A running gitflags HTTP server: loads the config repo once (when the ref's tip is invalid, the newest valid
 * commit of its recent history, see {@link Reloader#loadFirst}; refusing to start when there is none), then starts
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
     * @throws FirstLoadRejectedException when no version within reach can be served (nothing is started)
     * @throws IOException                when the repo or ref cannot be opened
     */
    public static FlagServer start(ServerOptions options) throws FirstLoadRejectedException, IOException {
        return start(options, null);
    }

    /** {@link #start(ServerOptions)} loading with {@code step} instead of the loader (null): a seam for tests. */
    static FlagServer start(ServerOptions options, Reloader.LoadStep step)
            throws FirstLoadRejectedException, IOException {
        ReadOnlyGit.install();
        // Logging is set up here, once: two threads racing to initialize it make SLF4J print replay warnings.
        LoggerFactory.getILoggerFactory();
        SnapshotHolder holder = new SnapshotHolder();
        ServingCounters counters = new ServingCounters();
        // Opening the repo plus the first load, and Micronaut's start-up, run side by side on two threads; the
        // port opens only once a valid snapshot is being served.
        FutureTask<FirstLoad> firstLoad = new FutureTask<>(() -> FirstLoad.run(options, step, holder, counters));
        Thread loading = new Thread(firstLoad, "gitflags-first-load");
        loading.setDaemon(true);
        loading.start();
        ApplicationContext context = null;
        FirstLoad first = null;
        try {
            context = ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .banner(false)
                    .properties(micronautProperties(options))
                    .singletons(holder, counters, options.token(), new ServerInfo(options.describeSource(),
                            UUID.randomUUID().toString().substring(0, 8)))
                    .start();
            first = await(firstLoad);
            if (!first.state().isServing()) {
                throw new FirstLoadRejectedException(first.repo().description(), first.state().rejection(),
                        searched(options));
            }
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            first.reloader().start();
            return new FlagServer(context, server, first.reloader(), first.repo(), holder);
        } catch (FirstLoadRejectedException | IOException | RuntimeException e) {
            if (context != null) {
                context.close();
            }
            if (first == null) {
                // Micronaut failed first: let the loading thread finish, then release what it opened.
                try {
                    first = await(firstLoad);
                } catch (IOException | RuntimeException alsoFailed) {
                    // Nothing is open.
                }
            }
            if (first != null) {
                first.close();
            }
            throw e;
        }
    }

    /** How far back a start-up looked, for the message of a refusal. */
    private static String searched(ServerOptions options) {
        if (options.ref() == null) {
            return "";
        }
        return options.historyDepth() == 0 ? " (--history-depth 0 tries no earlier commit)"
                : ", nor can any commit up to " + options.historyDepth() + " before it (--history-depth) that loads "
                        + "within " + Deadline.text(options.historyBudget()) + " in all (--history-budget)";
    }

    /** What the loading thread opened and loaded; closed again when the server does not start. */
    private record FirstLoad(WatchedRepo repo, Reloader reloader, ServedState state) {

        static FirstLoad run(ServerOptions options, Reloader.LoadStep step, SnapshotHolder holder,
                             ServingCounters counters) throws IOException {
            WatchedRepo repo = options.remote() == null ? WatchedRepo.open(options.repo(), options.ref())
                    : RemoteRepo.open(options.remote(), options.ref(), counters);
            Reloader reloader = step == null
                    ? new Reloader(repo, Loader.incremental(options.limits()), holder, options.poll(),
                            options.loadTimeout(), Clock.systemUTC(), counters)
                    : new Reloader(repo, step, holder, options.poll(), options.loadTimeout(), Clock.systemUTC(),
                            counters);
            try {
                return new FirstLoad(repo, reloader, reloader.loadFirst(options.historyDepth(), options.historyBudget()));
            } catch (IOException | RuntimeException e) {
                reloader.close();
                repo.close();
                throw e;
            }
        }

        void close() {
            reloader.close();
            try {
                repo.close();
            } catch (IOException ignored) {
                // Closing a read-only repository cannot lose anything.
            }
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

    private static FirstLoad await(FutureTask<FirstLoad> firstLoad) throws IOException {
        try {
            return firstLoad.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the config repo", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            throw new IOException("loading the config repo failed: " + e.getCause(), e.getCause());
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The probe port ({@link ProbeServer}), when {@code gitflags.probe-port} configures one. */
    public OptionalInt probePort() {
        Integer bound = context.findBean(ProbeServer.class).map(ProbeServer::boundPort).orElse(null);
        return bound == null ? OptionalInt.empty() : OptionalInt.of(bound);
    }

    /** The port of flagd's gRPC sync service ({@link FlagdGrpcServer}), when {@code gitflags.grpc-port} sets one. */
    public OptionalInt grpcPort() {
        return context.findBean(FlagdGrpcServer.class).map(grpc -> OptionalInt.of(grpc.boundPort()))
                .orElse(OptionalInt.empty());
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
