package dev.gitflags.cli;

import dev.gitflags.server.ApiToken;
import dev.gitflags.server.FirstLoadRejectedException;
import dev.gitflags.server.FlagServer;
import dev.gitflags.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code gitflags serve}: the read-only HTTP server (REST + OFREP) that follows a ref or a working tree. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves resolved flags and OpenFeature (OFREP) evaluation over HTTP, read-only.",
                "With --ref it follows that ref through git (bare repos and dirty trees work); without, it serves"
                        + " the working tree. Changes are loaded in the background; an invalid change keeps the"
                        + " last good configuration served and shows its errors at /status.",
                "Refuses to start (exit 1) when the configuration is invalid."})
public final class ServeCommand implements Callable<Integer> {

    private static final int EXIT_INVALID = 1;
    private static final int EXIT_USAGE_OR_IO = 2;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR",
            description = "The config repo folder (a git repo, a subfolder of one, or a bare repo). Default: ${DEFAULT-VALUE}.")
    Path repo;

    @Option(names = "--ref", paramLabel = "REF",
            description = "A ref to follow (main, HEAD, a tag, a SHA). Without it the working tree is served.")
    String ref;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0",
            description = "Address to listen on; 127.0.0.1 for this machine only. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--poll", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often to look for a new commit or changed files (500ms, 5s, 1m). Default: ${DEFAULT-VALUE}.")
    Duration poll;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Require this token (Authorization: Bearer … or X-API-Key) on every endpoint but /health."
                    + " Default: the GITFLAGS_TOKEN environment variable, if set.")
    Path tokenFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        ApiToken token;
        try {
            token = token();
        } catch (IOException e) {
            err.println("gitflags serve: cannot read the token file: " + e.getMessage());
            return EXIT_USAGE_OR_IO;
        }
        ServerOptions options = new ServerOptions(repo, ref, host, port, poll, token, Map.of());
        FlagServer server;
        try {
            server = FlagServer.start(options);
        } catch (FirstLoadRejectedException e) {
            err.println("gitflags serve: not starting, " + e.getMessage() + ":");
            e.problems().forEach(problem -> err.println(problem));
            err.flush();
            return EXIT_INVALID;
        } catch (IOException e) {
            err.println("gitflags serve: " + e.getMessage());
            return EXIT_USAGE_OR_IO;
        }
        long startupMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.printf("gitflags: serving %s on http://%s:%d (%s, started in %d ms)%n", server.description(),
                host, server.port(), token.isRequired() ? "token required" : "no token", startupMillis);
        out.flush();
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
        return 0;
    }

    private ApiToken token() throws IOException {
        if (tokenFile != null) {
            String secret = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new IOException(tokenFile + " is empty");
            }
            return ApiToken.of(secret);
        }
        return ApiToken.of(System.getenv("GITFLAGS_TOKEN"));
    }

    /** {@code 250ms}, {@code 5s}, {@code 2m}, or ISO-8601 like {@code PT5S}. */
    static final class DurationConverter implements ITypeConverter<Duration> {

        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher matcher = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                Duration duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
                if (duration.toMillis() >= 10) {
                    return duration;
                }
            } else {
                try {
                    Duration duration = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
                    if (duration.toMillis() >= 10) {
                        return duration;
                    }
                } catch (RuntimeException ignored) {
                    // Falls through to the message below.
                }
            }
            throw new TypeConversionException("'" + value + "' is not a poll interval of at least 10ms"
                    + " (write it like 500ms, 5s or 1m)");
        }
    }
}
