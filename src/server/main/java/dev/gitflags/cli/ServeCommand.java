package dev.gitflags.cli;

import dev.gitflags.server.ApiToken;
import dev.gitflags.server.CorsOrigins;
import dev.gitflags.server.FirstLoadRejectedException;
import dev.gitflags.server.FlagServer;
import dev.gitflags.server.GitRemote;
import dev.gitflags.server.HelloController;
import dev.gitflags.server.OfrepController;
import dev.gitflags.server.ProbeServer;
import dev.gitflags.server.ServedState;
import dev.gitflags.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gitflags serve}: the read-only HTTP server (REST + OFREP) following a ref or a working tree. Thin: it
 * reads options, starts a {@link FlagServer} and waits until the process is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve resolved flags and OpenFeature (OFREP) evaluation over HTTP, read-only.",
                "",
                "--repo takes a folder or a git URL (https://, ssh://, git://, file://): a URL is cloned into a bare copy "
                        + "in --cache-dir and fetched every --poll, so no sidecar is needed; --ref then names a "
                        + "branch or tag of the remote (default: its default branch). A failed fetch keeps the last "
                        + "good configuration served and shows at /status; credentials never do.",
                "",
                "With --ref it follows that ref as it moves (bare repos and dirty trees work); without, it serves "
                        + "the working tree. Changes are loaded in the background; an invalid change keeps the last "
                        + "good configuration served and shows its errors at /status. When the ref's newest commit is "
                        + "invalid at start-up, it serves the newest valid one before it (--history-depth); it "
                        + "refuses to start when there is none, or when the working tree is invalid.",
                "",
                "Endpoints: GET /api/v1/environments[/{env}/flags[/{key}]], GET /api/v1/flags[/{key}], "
                        + "POST /ofrep/v1/evaluate/flags[/{key}], GET /events/v1/environments/{env} (event stream), "
                        + "GET /sync/v1/environments/{env} (sync feed), GET /health, GET /status, GET / (web view).",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally", ExitCodes.INVALID_CONFIG_DOC, ExitCodes.USAGE_OR_IO_DOC})
public final class ServeCommand extends CliCommand {

    @Mixin
    RepoOptions source;

    @Mixin
    RemoteOptions remoteOptions;

    @Option(names = "--port", defaultValue = "8080",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0",
            description = "Address to listen on; 127.0.0.1 for this machine only (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--poll", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often to look for a new commit or changed files: 500ms, 5s, 1m (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--load-timeout", defaultValue = "60s", converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Abandon a load of a new version that runs longer, and report it at /status; the last good "
                    + "configuration stays served (default: ${DEFAULT-VALUE}).")
    Duration loadTimeout;

    @Option(names = "--history-depth", defaultValue = "20", paramLabel = "N",
            description = "When the ref's newest commit is invalid at start-up, serve the newest valid one of the N "
                    + "commits before it on its first-parent line, reported as degraded at /status; 0 refuses "
                    + "to start instead (default: ${DEFAULT-VALUE}).")
    int historyDepth;

    @Option(names = "--history-budget", defaultValue = "2m", converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long that start-up search of earlier commits may take in all, since probes wait for "
                    + "it; each load there also stops at --load-timeout (default: ${DEFAULT-VALUE}).")
    Duration historyBudget;

    @Option(names = "--probe-port", paramLabel = "PORT",
            description = "Also answer /health and /status on this port (0 picks a free one), on a listener of its "
                    + "own that no slow request can queue: point liveness and readiness probes here. Default: the "
                    + "GITFLAGS_PROBE_PORT environment variable, if set; else none.")
    Integer probePort;

    @Option(names = "--bulk-budget", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Stop a bulk OFREP evaluation that runs longer and answer 503, so one request cannot hold "
                    + "a request thread for long. Default: GITFLAGS_OFREP_BULK_BUDGET, if set; else 1s.")
    Duration bulkBudget;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require this token (Authorization: Bearer … or X-API-Key) on every endpoint but /health "
                    + "and the web view's page shell. Default: the GITFLAGS_TOKEN environment variable, if set.")
    Path tokenFile;

    @Option(names = "--evaluate-token-file", paramLabel = "FILE",
            description = "Also accept this token, for evaluation only: OFREP and the event streams, never the rules. "
                    + "Default: the GITFLAGS_EVALUATE_TOKEN environment variable, if set.")
    Path evaluateTokenFile;

    @Option(names = "--definitions-token-file", paramLabel = "FILE",
            description = "Also accept this token for the definitions: resolved flags with their rules, the matrix, "
                    + "the sync feeds and /status (and evaluation). Default: GITFLAGS_DEFINITIONS_TOKEN, if set.")
    Path definitionsTokenFile;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Let pages from this origin (https://app.example.com) call the server from a browser; "
                    + "repeatable. Default: none, no CORS headers.")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--check",
            description = "Start, answer one GET /health from this process, then stop: a smoke test for deployments "
                    + "and the class-data-sharing training run of `make build`. Exit 0 when /health said UP.")
    boolean check;

    @Option(names = "--grpc-port", paramLabel = "PORT",
            description = "Also serve flagd's gRPC sync service (flagd.sync.v1.FlagSyncService) on this port, for "
                    + "flagd's in-process providers; the selector names the environment. Default: off.")
    Integer grpcPort;

    // Only bench/http.sh needs the baseline endpoint; production serving never registers it.
    @Option(names = "--bench-endpoints", hidden = true,
            description = "Also serve GET /bench/hello, the load test's baseline.")
    boolean benchEndpoints;

    /** The server only reads the repository; an interrupted promotion is for the next CLI command to finish. */
    @Override
    protected boolean finishesInterruptedPromotions() {
        return false;
    }

    @Override
    protected int run() throws IOException {
        ServerOptions options = serverOptions();
        GitRemote remote = remoteOptions.remote(repoAsGiven());
        if (remote != null) {
            options = options.withRemote(remote, source.ref());
        }
        FlagServer server;
        try {
            server = FlagServer.start(options);
        } catch (FirstLoadRejectedException rejected) {
            rejected.problems().forEach(err()::println);
            throw new CommandFailure(ExitCodes.forProblems(rejected.problems()),
                    "not serving: " + rejected.getMessage() + " (listed above)");
        }
        long startupMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out().printf("gitflags: serving %s on http://%s:%d (%s; started in %d ms)%n", server.description(), host,
                server.port(), options.token().isRequired() ? "token required" : "no token", startupMillis);
        server.probePort().ifPresent(probes -> out().printf("gitflags: probes on http://%s:%d/health%n", host, probes));
        server.grpcPort().ifPresent(grpc -> out().printf("gitflags: flagd sync (gRPC) on %s:%d%n", host, grpc));
        ServedState state = server.holder().current();
        if (state.isDegraded()) {
            out().printf("gitflags: degraded: serving %s, not the newest commit %s (%s; see /status)%n",
                    state.version(), state.newestSeen(), state.rejection().reason());
        }
        out().flush();
        if (check) {
            return checkHealthAndStop(server);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "gitflags-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    /** The options this command line asks for; a usage error for a value the server cannot take. */
    ServerOptions serverOptions() throws IOException {
        if (historyDepth < 0) {
            throw CommandFailure.usage("--history-depth must be 0 or more, not " + historyDepth);
        }
        if (historyBudget.isNegative()) {
            throw CommandFailure.usage("--history-budget must not be negative, not " + historyBudget);
        }
        if (probePort != null && (probePort < 0 || probePort > 65535)) {
            throw CommandFailure.usage("--probe-port must be a port from 0 to 65535, not " + probePort);
        }
        Map<String, Object> properties = new HashMap<>();
        if (benchEndpoints) {
            properties.put(HelloController.ENABLED_PROPERTY, "true");
        }
        if (probePort != null) {
            properties.put(ProbeServer.PORT, probePort);
        }
        if (bulkBudget != null) {
            properties.put(OfrepController.BULK_BUDGET, bulkBudget.toMillis() + "ms");
        }
        if (grpcPort != null) {
            properties.put("gitflags.grpc-port", grpcPort);
        }
        return new ServerOptions(source.repo(), source.ref(), source.limits(), host, port, poll, loadTimeout,
                historyDepth, token(), properties).withProperties(CorsOrigins.properties(corsOrigins))
                .withHistoryBudget(historyBudget);
    }

    /** {@code --check}: GET /health where the deployment's probes would, the probe port when there is one. */
    private int checkHealthAndStop(FlagServer server) throws IOException {
        try (server) {
            int healthPort = server.probePort().orElse(server.port());
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://" + localAddress() + ":" + healthPort + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            out().println("GET :" + healthPort + "/health -> " + health.statusCode() + " " + health.body());
            return health.statusCode() == 200 ? ExitCodes.OK : ExitCodes.USAGE_OR_IO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking /health", e);
        }
    }

    /** {@code --repo} as typed: its Path form would fold the {@code //} of a URL. */
    private String repoAsGiven() {
        var given = spec.commandLine().getParseResult().matchedOption("--repo");
        List<String> typed = given == null ? List.of() : given.originalStringValues();
        return typed.isEmpty() ? source.repo().toString() : typed.get(typed.size() - 1);
    }

    /** Where this process reaches its own listener: loopback when it listens on every address. */
    private String localAddress() {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    }

    /** The full token, then the scoped ones; each from its file, else from its environment variable. */
    private ApiToken token() throws IOException {
        return ApiToken.of(secret(tokenFile, "GITFLAGS_TOKEN"))
                .withScoped(ApiToken.Scope.EVALUATE, secret(evaluateTokenFile, "GITFLAGS_EVALUATE_TOKEN"))
                .withScoped(ApiToken.Scope.DEFINITIONS, secret(definitionsTokenFile, "GITFLAGS_DEFINITIONS_TOKEN"));
    }

    private static String secret(Path file, String variable) throws IOException {
        return file == null ? System.getenv(variable) : SecretFiles.read(file, "token file");
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or ISO-8601 like {@code PT5S}; at least 10 ms. */
    static final class DurationConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Matcher matcher = SHORT.matcher(text);
            Duration duration = null;
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else if (text.startsWith("pt")) {
                try {
                    duration = Duration.parse(text.toUpperCase(Locale.ROOT));
                } catch (RuntimeException notIso) {
                    duration = null;
                }
            }
            if (duration == null || duration.toMillis() < 10) {
                throw new TypeConversionException("'" + value + "' is not a duration of at least 10ms"
                        + " (write it like 500ms, 5s or 1m)");
            }
            return duration;
        }
    }
}
