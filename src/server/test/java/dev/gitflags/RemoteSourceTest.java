package dev.gitflags;

import com.sun.net.httpserver.HttpServer;
import dev.gitflags.openfeature.GitflagsProvider;
import dev.gitflags.openfeature.ProviderEvents;
import dev.gitflags.server.ApiToken;
import dev.gitflags.server.FlagServer;
import dev.gitflags.server.ServerOptions;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.StreamCuttingProxy;
import dev.gitflags.testing.TestRepo;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-process provider's remote source end to end: a real server on a random port following a real git
 * repository, the real OpenFeature SDK, {@link RemoteSource} between them. A commit arrives through the stream; with
 * the stream cut, through polling; a restart while the server is down serves the saved copy; a corrupt saved copy, an
 * evaluate-only token and an invalid body are refused with located, clear reasons and never served. The README's
 * example ({@link ReadmeRemoteExample}) runs here against the real server as its comments say.
 */
class RemoteSourceTest {

    private static final OpenFeatureAPI API = OpenFeatureAPI.getInstance();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final String domain = "remote-" + UUID.randomUUID();
    private ProviderEvents events;
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
    private Client listening;

    @AfterEach
    void stop() throws Exception {
        API.setProviderAndWait(domain, new NoOpProvider());
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        closing.add(resource);
        return resource;
    }

    private FlagServer serve(TestRepo repo, ServerOptions options) throws Exception {
        return closeLater(FlagServer.start(options));
    }

    private static ServerOptions options(Path repo) {
        return ServerOptions.of(repo, "main", 0, Duration.ofMillis(100));
    }

    @Test
    void aCommitReachesTheProviderThroughTheStreamWithinASecondWithTheExactKeysChanged() throws Exception {
        TestRepo repo = closeLater(Fixtures.Serving.repo(dir.resolve("repo")));
        FlagServer server = serve(repo, options(repo.dir()));
        RemoteSource source = RemoteSource.builder(URI.create(server.url()), "staging").build();
        // a minute between polls: only the stream can bring the commit in time
        Client client = bind(GitflagsProvider.following(source).poll(Duration.ofMinutes(1)).build());
        assertEquals("Welcome to staging", client.getStringValue("banner-text", "none"));
        assertEquals(50, client.getIntegerValue("max-items", 0));
        waitFor(() -> source.status().streaming(), "the stream connects");
        BlockingQueue<Instant> arrivals = new LinkedBlockingQueue<>();
        client.on(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, details -> arrivals.add(Instant.now()));

        repo.write("environments/dev.yaml", Fixtures.Serving.DEV.replace("1000", "5")).commit("dev only");
        repo.write("flags/app.yaml", Fixtures.Serving.FLAGS.replace("default_value: 50", "default_value: 60"));
        repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("Welcome to staging", "Hi"));
        repo.commit("max-items and staging's banner");

        assertEquals("CONFIGURATION_CHANGED [banner-text, max-items]", next(), "dev's commit says nothing to staging");
        Instant arrived = arrivals.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(arrived);
        Duration latency = Duration.between(server.holder().current().loadedAt(), arrived);
        assertTrue(latency.compareTo(Duration.ofSeconds(1)) < 0, "the event came " + latency + " after the swap");
        assertEquals("Hi", client.getStringValue("banner-text", "none"));
        assertEquals(60, client.getIntegerValue("max-items", 0));
        assertTrue(source.status().streaming());
    }

    @Test
    void withTheStreamCutPollingStillSeesTheNextCommit() throws Exception {
        TestRepo repo = closeLater(Fixtures.Serving.repo(dir.resolve("repo")));
        FlagServer server = serve(repo, options(repo.dir()));
        StreamCuttingProxy proxy = closeLater(new StreamCuttingProxy(server.port()));
        RemoteSource source = RemoteSource.builder(URI.create(proxy.url()), "staging").build();
        Client client = bind(GitflagsProvider.following(source).poll(Duration.ofMillis(200)).build());
        waitFor(() -> source.status().streaming(), "the stream connects");

        proxy.cutStreams();
        waitFor(() -> !source.status().streaming(), "the follower notices the stream is down");
        repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("Welcome to staging", "Polled"));
        repo.commit("banner, while the stream is down");

        assertEquals("CONFIGURATION_CHANGED [banner-text]", next());
        assertEquals("Polled", client.getStringValue("banner-text", "none"));
        assertFalse(source.status().streaming(), "the stream stayed down: polling brought it");
    }

    @Test
    void aProviderRestartedWhileTheServerIsDownServesTheSavedCopyUntilTheServerAnswers() throws Exception {
        TestRepo repo = closeLater(Fixtures.Serving.repo(dir.resolve("repo")));
        Path saved = dir.resolve("cache/staging.json");
        FlagServer server = FlagServer.start(options(repo.dir()));
        int port = server.port();
        Client client = bind(GitflagsProvider.following(RemoteSource.builder(URI.create(server.url()), "staging")
                .saveTo(saved).build()).poll(Duration.ofMillis(100)).build());
        repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("Welcome to staging", "Last"));
        repo.commit("the last commit before the outage");
        assertEquals("CONFIGURATION_CHANGED [banner-text]", next());
        waitFor(() -> Files.exists(saved) && read(saved).contains("Last"), "the new feed is saved");
        API.setProviderAndWait(domain, new NoOpProvider());
        assertEquals("READY", next(), "the no-op provider's");
        server.close();

        List<String> log = capture();
        RemoteSource source = RemoteSource.builder(URI.create("http://127.0.0.1:" + port), "staging")
                .saveTo(saved).timeout(Duration.ofSeconds(2)).build();
        GitflagsProvider restarted = GitflagsProvider.following(source).poll(Duration.ofMillis(100)).build();
        client = bind(restarted);
        assertEquals(ProviderState.READY, client.getProviderState());
        assertEquals("Last", client.getStringValue("banner-text", "none"));
        assertTrue(source.status().savedCopyFrom().isPresent(), source.status().toString());
        assertTrue(restarted.status().follower().servedVersion().orElseThrow().startsWith("saved "),
                restarted.status().toString());
        assertTrue(log.stream().anyMatch(line -> line.contains("serving the copy saved at")
                && line.contains(saved.toString())), log.toString());

        // the server is back on its port: the provider now serves its answer, and nothing changed for it
        closeLater(FlagServer.start(ServerOptions.of(repo.dir(), "main", port, Duration.ofMillis(100))));
        waitFor(() -> source.status().savedCopyFrom().isEmpty(), "the server's answer replaces the saved copy");
        assertEquals("Last", client.getStringValue("banner-text", "none"));
    }

    @Test
    void aProviderStartedBeforeTheServerWithNoSavedCopyIsAnErrorUntilTheServerAnswers() throws Exception {
        TestRepo repo = closeLater(Fixtures.Serving.repo(dir.resolve("repo")));
        int port = freePort();
        Client client = client();
        try {
            API.setProviderAndWait(domain, GitflagsProvider.following(RemoteSource.builder(
                    URI.create("http://127.0.0.1:" + port), "staging").timeout(Duration.ofSeconds(2)).build())
                    .poll(Duration.ofMillis(100)).build());
        } catch (RuntimeException expected) {
            // the SDK reports the failed initialize by the event and the state below
        }
        String error = next();
        assertTrue(error.startsWith("ERROR") && error.contains("could not be read")
                && error.contains("127.0.0.1:" + port), error);
        assertEquals(ProviderState.ERROR, client.getProviderState());

        closeLater(FlagServer.start(ServerOptions.of(repo.dir(), "main", port, Duration.ofMillis(100))));
        assertEquals("READY", next(), "the provider kept trying");
        assertEquals("Welcome to staging", client.getStringValue("banner-text", "none"));
    }

    @Test
    void aCorruptSavedCopyIsAProviderErrorWithItsLocatedProblemNeverACrash() throws Exception {
        Path saved = dir.resolve("staging.json");
        Files.writeString(saved, "{\"saved\": {\"etag\": \"x\"},\n \"format\": \"gitflags.sync/v1\", \"flags\": [");
        Client client = client();
        try {
            API.setProviderAndWait(domain, GitflagsProvider.following(RemoteSource.builder(
                    URI.create("http://127.0.0.1:" + freePort()), "staging").saveTo(saved)
                    .timeout(Duration.ofSeconds(2)).build()).build());
        } catch (RuntimeException expected) {
            // the SDK reports the failed initialize by the event and the state below
        }
        String error = next();
        assertTrue(error.startsWith("ERROR") && error.contains("E_SYNC_FEED")
                && error.contains(saved + ":2:"), error);
        assertEquals(ProviderState.ERROR, client.getProviderState());
    }

    @Test
    void anEvaluateOnlyTokenIsRefusedWithAClearErrorAndADefinitionsTokenFollows() throws Exception {
        TestRepo repo = closeLater(Fixtures.Serving.repo(dir.resolve("repo")));
        FlagServer server = serve(repo, options(repo.dir()).withToken(ApiToken.of("full-secret")
                .withScoped(ApiToken.Scope.EVALUATE, "evaluate-secret")
                .withScoped(ApiToken.Scope.DEFINITIONS, "definitions-secret")));
        Client client = client();
        List<String> log = capture();
        try {
            API.setProviderAndWait(domain, GitflagsProvider.following(RemoteSource.builder(URI.create(server.url()),
                    "staging").token("evaluate-secret").build()).build());
        } catch (RuntimeException expected) {
            // reported by the event below
        }
        String error = next();
        assertTrue(error.startsWith("ERROR") && error.contains("HTTP 403") && error.contains("definitions scope"),
                error);
        assertFalse(error.contains("evaluate-secret") || log.toString().contains("evaluate-secret"), "never logged");

        RemoteSource source = RemoteSource.builder(URI.create(server.url()), "staging")
                .token("definitions-secret").build();
        client = bind(GitflagsProvider.following(source).poll(Duration.ofMinutes(1)).build());
        assertEquals("Welcome to staging", client.getStringValue("banner-text", "none"));
        waitFor(() -> source.status().streaming(), "the stream opens with the definitions token");
        repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("Welcome to staging", "Streamed"));
        repo.commit("banner");
        assertEquals("CONFIGURATION_CHANGED [banner-text]", next());
        assertFalse(log.toString().contains("definitions-secret"), "never logged");
    }

    @Test
    void theReadmeExampleFollowsTheServersProductionWithADefinitionsTokenAndSavesTheFeed() throws Exception {
        TestRepo repo = closeLater(Fixtures.Serving.repo(dir.resolve("repo")));
        FlagServer server = serve(repo, options(repo.dir()).withToken(ApiToken.of("full-secret")
                .withScoped(ApiToken.Scope.DEFINITIONS, "definitions-secret")));
        Path token = Files.writeString(dir.resolve("gitflags-definitions"), "definitions-secret\n"); // as mounted
        Path saved = dir.resolve("cache/flags-production.json");
        // the example sets the default provider: shutting the SDK down stops its threads and leaves the next test's
        // clients a fresh default (an explicit no-op provider would greet each new client with a READY of its own)
        closeLater(API::shutdown);

        boolean on = ReadmeRemoteExample.remote(URI.create(server.url()), token, saved);

        assertEquals(ProviderState.READY, API.getClient().getProviderState());
        assertTrue(on, "production's beta-testers rule, from the server's feed");
        assertTrue(read(saved).contains("\"new-checkout\""), "the feed is saved for a restart: " + read(saved));
    }

    @Test
    void anInvalidBodyIsNeverServedNorSaved() throws Exception {
        TestRepo repo = closeLater(Fixtures.Serving.repo(dir.resolve("repo")));
        FlagServer server = serve(repo, options(repo.dir()));
        byte[] good = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/sync/v1/environments/staging")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        String text = new String(good, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"type\":\"number\""), text);
        // a server that answers its feed (no stream: polled), then a body with a flag type no gitflags has
        AtomicReference<String[]> answer = new AtomicReference<>(new String[] {"good", text});
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", exchange -> {
            String[] now = answer.get();
            boolean feed = exchange.getRequestURI().getPath().equals("/sync/v1/environments/staging");
            byte[] body = feed ? now[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.getResponseHeaders().add("ETag", "\"" + now[0] + "\"");
            exchange.sendResponseHeaders(feed ? 200 : 404, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fake.start();
        closeLater(() -> fake.stop(0));
        Path saved = dir.resolve("staging.json");
        GitflagsProvider provider = GitflagsProvider.following(RemoteSource.builder(
                URI.create("http://127.0.0.1:" + fake.getAddress().getPort()), "staging").saveTo(saved).build())
                .poll(Duration.ofMillis(100)).build();
        Client client = bind(provider);
        assertEquals(50, client.getIntegerValue("max-items", 0));
        String savedGood = read(saved);

        answer.set(new String[] {"bad", text.replace("\"type\":\"number\"", "\"type\":\"numbr\"")
                .replace("\"defaultValue\":50", "\"defaultValue\":70")});
        String stale = next();
        assertTrue(stale.startsWith("STALE version bad") && stale.contains("E_SCHEMA"), stale);
        assertTrue(stale.contains("/sync/v1/environments/staging:1:"), stale);
        assertEquals(ProviderState.STALE, client.getProviderState());
        assertEquals(50, client.getIntegerValue("max-items", 0), "the last good definitions are served");
        assertEquals(savedGood, read(saved), "an invalid body is not saved");
    }

    /** Binds {@code provider} to the test's domain and takes the READY that follows from the events. */
    private Client bind(GitflagsProvider provider) throws InterruptedException {
        Client client = client();
        API.setProviderAndWait(domain, provider);
        assertEquals("READY", next());
        return client;
    }

    /** The domain's client, its events recorded from the first call on (once: handlers add up). */
    private Client client() {
        if (listening == null) {
            listening = API.getClient(domain);
            events = ProviderEvents.of(listening, WAIT);
        }
        return listening;
    }

    private String next() throws InterruptedException {
        return events.next();
    }

    /** RemoteSource's log (java.util.logging, the System.Logger's backend here) from now on. */
    private List<String> capture() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(RemoteSource.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        closeLater(() -> logger.removeHandler(handler));
        return lines;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            Thread.sleep(20);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
