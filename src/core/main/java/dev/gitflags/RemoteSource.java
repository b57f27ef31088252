package dev.gitflags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.sync.FeedReader;
import dev.gitflags.internal.sync.SavedFeed;
import dev.gitflags.internal.sync.ServerSentEvents;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One environment of a gitflags server as a {@link Source}: its sync feed ({@code GET /sync/v1/environments/{env}},
 * the resolved definitions, read into a snapshot that evaluates in process), followed through the environment's
 * event stream ({@code GET /events/v1/environments/{env}}), which wakes the follower at once. While the stream is
 * down (it reconnects with a back-off of 1 s doubling to 30 s, or after 60 s without a byte, heartbeats included)
 * every poll is a conditional GET of the feed (304 while nothing changed). The follower keeps the last good
 * definitions: an invalid body is never served.
 *
 * <pre>{@code
 * RemoteSource source = RemoteSource.builder(URI.create("https://flags.internal"), "production")
 *         .token(System.getenv("GITFLAGS_TOKEN"))          // a definitions-scope token
 *         .saveTo(Path.of("/var/cache/app/flags.json"))     // the last good feed, for restarts
 *         .build();
 * }</pre>
 *
 * <p>With {@link Builder#saveTo}, every new valid feed is saved to the file (written beside it and moved over it);
 * when the server cannot be reached at start, the saved copy is served (its version reads
 * {@code saved <etag> from <time>}; the log and {@link #status()} say so) until the server answers. A corrupt or
 * foreign file is an invalid version with its located problem ({@code E_SYNC_FEED}), never an exception. A token
 * the server refuses (an evaluate-only token: 403) or an environment it does not serve (404) is an
 * {@link IOException} with the reason, never a fall-back to the saved copy. The token is sent as
 * {@code Authorization: Bearer} and appears in no message.
 *
 * <p>Threads: one daemon thread reads the event stream, from the first {@link #currentVersion()} until
 * {@link #close()}. HTTP is the JDK's {@link HttpURLConnection}, whose read timeout notices a silent stream and which
 * starts no client thread of its own.
 */
public final class RemoteSource implements Source {

    private static final System.Logger LOG = System.getLogger(RemoteSource.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAVED = "saved ";
    /** Larger feeds are refused rather than held in memory: 10,000 flags with rules are a few MB. */
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    /**
     * What the source knows of the server now.
     *
     * @param streaming     true while the event stream is connected (polls then ask nothing of the server)
     * @param savedCopyFrom when the saved copy being served was saved; empty when the server's answer is served
     * @param unreachable   why the last request to the server failed, while it fails
     */
    public record Status(boolean streaming, Optional<Instant> savedCopyFrom, Optional<String> unreachable) {
    }

    /** A server's answer kept for the load that follows, and for the next conditional GET. */
    private record Fetched(String etag, String commit, byte[] body) {
    }

    /** The server answered, and refused: no fall-back to the saved copy, the caller must fix something. */
    private static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private final String server;
    private final String environment;
    private final URL feed;
    private final URL events;
    private final String description;
    private final String authorization;
    private final Path savedFile;
    private final int timeoutMillis;
    private final int silenceMillis;
    private final List<Runnable> wakes = new CopyOnWriteArrayList<>();

    private volatile Fetched latest;
    /** The newest definitions digest heard of, from the stream or an answer. */
    private volatile String newest;
    private volatile boolean streaming;
    private volatile boolean servingSaved;
    private volatile Instant savedAt;
    private volatile String unreachable;
    private volatile boolean closed;
    private volatile Thread streamThread;
    private volatile HttpURLConnection streamConnection;

    private RemoteSource(Builder builder) {
        this.server = builder.server.toString().replaceAll("/+$", "");
        this.environment = builder.environment;
        String path = "/environments/" + URLEncoder.encode(environment, StandardCharsets.UTF_8);
        this.feed = url(server + "/sync/v1" + path);
        this.events = url(server + "/events/v1" + path);
        this.description = redacted(builder.server) + " environment " + environment;
        this.authorization = builder.token == null || builder.token.isBlank() ? null : "Bearer " + builder.token.strip();
        this.savedFile = builder.savedFile;
        this.timeoutMillis = (int) builder.timeout.toMillis();
        this.silenceMillis = (int) builder.silence.toMillis();
    }

    /** A source following {@code environment} of the gitflags server at {@code server} (its base URL). */
    public static Builder builder(URI server, String environment) {
        return new Builder(server, environment);
    }

    /** The source's options. */
    public static final class Builder {
        private final URI server;
        private final String environment;
        private String token;
        private Path savedFile;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration silence = Duration.ofSeconds(60);

        private Builder(URI server, String environment) {
            this.server = Objects.requireNonNull(server);
            this.environment = Objects.requireNonNull(environment);
        }

        /** The server's token, with the definitions scope (an evaluate-only token is refused: 403). */
        public Builder token(String secret) {
            this.token = secret;
            return this;
        }

        /** Saves each new valid feed to {@code file}, and serves it at start while the server cannot be reached. */
        public Builder saveTo(Path file) {
            this.savedFile = file;
            return this;
        }

        /** How long connecting and one feed request may take (default 10 s). */
        public Builder timeout(Duration requestTimeout) {
            this.timeout = requestTimeout;
            return this;
        }

        /**
         * How long the stream may stay silent before it is taken for dead and opened again (default 60 s; the server
         * sends a heartbeat every 15 s).
         */
        public Builder streamSilence(Duration longest) {
            this.silence = longest;
            return this;
        }

        public RemoteSource build() {
            return new RemoteSource(this);
        }
    }

    /** The environment followed; a provider on this source evaluates in it only. */
    public String environment() {
        return environment;
    }

    /** What the source knows of the server now; never blocks. */
    public Status status() {
        return new Status(streaming, servingSaved ? Optional.ofNullable(savedAt) : Optional.empty(),
                Optional.ofNullable(unreachable));
    }

    /** The server's URL (without any user or password in it) and the environment. */
    @Override
    public String description() {
        return description;
    }

    /**
     * The feed's ETag (its definitions digest): the newest heard on the stream while it is connected, else the
     * answer to a conditional GET. With a saved copy and a server that cannot be reached, the copy's version.
     */
    @Override
    public String currentVersion() throws IOException {
        if (streaming && latest != null) {
            return newest;
        }
        try {
            fetch(latest == null ? null : latest.etag());
        } catch (Refused refused) {
            throw refused;
        } catch (IOException unreached) {
            if (latest == null && savedFile != null) {
                Optional<SavedFeed.Copy> copy = SavedFeed.read(savedFile, environment);
                if (copy.isPresent()) {
                    return copy.get().isValid() ? SAVED + copy.get().etag() + " from " + copy.get().savedAt()
                            : SAVED + "copy in " + savedFile + " (unusable)";
                }
            }
            throw unreached;
        } finally {
            startStream();
        }
        return latest.etag();
    }

    @Override
    public LoadOutcome load(String version, Duration timeout) throws IOException {
        if (version.startsWith(SAVED)) {
            return loadSaved(version);
        }
        Fetched answer = latest;
        if (answer == null || !answer.etag().equals(version)) {
            answer = fetch(null);
        }
        LoadResult result = FeedReader.read(answer.body(), feed.toString(), answer.commit());
        if (result.isValid()) {
            servingSaved = false;
            save(answer);
        } else {
            LOG.log(Level.ERROR, "the sync feed of " + description + " (ETag " + answer.etag() + ") is invalid: "
                    + result.problems());
        }
        return RepositorySource.outcome(result, answer.etag());
    }

    private LoadOutcome loadSaved(String version) {
        SavedFeed.Copy copy = SavedFeed.read(savedFile, environment).orElse(null);
        if (copy == null) {
            return RepositorySource.outcome(LoadResult.invalid(List.of()), version);
        }
        if (copy.isValid()) {
            servingSaved = true;
            savedAt = copy.savedAt();
            LOG.log(Level.WARNING, description + " cannot be reached (" + unreachable + "): serving the copy saved at "
                    + copy.savedAt() + " in " + savedFile + (copy.commit() == null ? "" : " (commit " + copy.commit()
                    + ")") + " until it answers");
        } else {
            LOG.log(Level.ERROR, description + " cannot be reached and the saved copy " + savedFile
                    + " is unusable: " + copy.result().problems());
        }
        return RepositorySource.outcome(copy.result(), version);
    }

    /** A GET of the feed, conditional when {@code etag} is set; the answer becomes {@link #latest}. */
    private Fetched fetch(String etag) throws IOException {
        HttpURLConnection connection = open(feed, timeoutMillis);
        try {
            if (etag != null) {
                connection.setRequestProperty("If-None-Match", "\"" + etag + "\"");
            }
            int status = connection.getResponseCode();
            if (status == HttpURLConnection.HTTP_NOT_MODIFIED && latest != null) {
                reached();
                return latest;
            }
            if (status != HttpURLConnection.HTTP_OK) {
                throw refusal(status);
            }
            String tag = connection.getHeaderField("ETag");
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                throw new Refused("the sync feed of " + description + " is larger than " + MAX_BODY_BYTES + " bytes");
            }
            if (tag == null) {
                throw new Refused(feed + " answered without an ETag: is it a gitflags server?");
            }
            Fetched answer = new Fetched(tag.replace("W/", "").replace("\"", ""),
                    connection.getHeaderField("X-Gitflags-Commit"), body);
            latest = answer;
            newest = answer.etag();
            reached();
            return answer;
        } catch (Refused refused) {
            unreachable = refused.getMessage();
            throw refused;
        } catch (IOException e) {
            unreachable = "cannot reach " + feed + ": " + e;
            throw new IOException(unreachable, e);
        } finally {
            connection.disconnect();
        }
    }

    private void reached() {
        unreachable = null;
    }

    private IOException refusal(int status) {
        String why = switch (status) {
            case HttpURLConnection.HTTP_UNAUTHORIZED -> "the server requires a token: none, or an unknown one, was sent"
                    + " (HTTP 401)";
            case HttpURLConnection.HTTP_FORBIDDEN -> "the token is refused for the sync feed (HTTP 403): it needs the"
                    + " definitions scope (an evaluate-only token opens OFREP only)";
            case HttpURLConnection.HTTP_NOT_FOUND -> "the server does not serve environment '" + environment
                    + "' (HTTP 404)";
            default -> null;
        };
        return why != null ? new Refused(description + ": " + why)
                : new IOException(feed + " answered HTTP " + status);
    }

    private void save(Fetched answer) {
        if (savedFile == null) {
            return;
        }
        try {
            SavedFeed.write(savedFile, feed.toString(), environment, answer.etag(), answer.commit(), answer.body(),
                    Instant.now());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot save the sync feed of " + description + " to " + savedFile + ": " + e);
        }
    }

    /** Calls {@code wake} whenever the event stream announces new definitions, or connects again. */
    @Override
    public void onChange(Runnable wake) {
        wakes.add(Objects.requireNonNull(wake));
    }

    private synchronized void startStream() {
        if (streamThread != null || closed) {
            return;
        }
        Thread thread = new Thread(this::followStream, "gitflags-remote-stream");
        thread.setDaemon(true);
        streamThread = thread;
        thread.start();
    }

    /** The stream thread: connect, read events, and on any end connect again after a growing pause. */
    private void followStream() {
        Duration retry = FIRST_RETRY;
        String lastFailure = null;
        while (!closed) {
            try {
                HttpURLConnection connection = open(events, silenceMillis);
                connection.setRequestProperty("Accept", "text/event-stream");
                Fetched known = latest;
                if (known != null) {
                    connection.setRequestProperty("Last-Event-ID", known.etag());
                }
                streamConnection = connection;
                int status = connection.getResponseCode();
                if (status != HttpURLConnection.HTTP_OK) {
                    throw new IOException("HTTP " + status);
                }
                try (BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    streaming = true;
                    retry = FIRST_RETRY;
                    lastFailure = null;
                    LOG.log(Level.INFO, "following the event stream of " + description);
                    wake(); // what changed while it was down is announced at once; the follower looks now
                    ServerSentEvents.read(in, () -> { }, this::onStreamEvent);
                }
                throw new IOException("the server ended the stream");
            } catch (IOException e) {
                boolean was = streaming;
                streaming = false;
                if (closed) {
                    return;
                }
                String failure = e.getMessage();
                if (was || !Objects.equals(failure, lastFailure)) {
                    LOG.log(Level.WARNING, "the event stream of " + description + " is down (" + failure
                            + "): polling the feed until it is back");
                }
                lastFailure = failure;
                wake(); // a poll now, not after the follower's interval
            } finally {
                HttpURLConnection connection = streamConnection;
                streamConnection = null;
                if (connection != null) {
                    connection.disconnect();
                }
            }
            try {
                long millis = retry.toMillis();
                Thread.sleep(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
            } catch (InterruptedException e) {
                return;
            }
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
    }

    private void onStreamEvent(ServerSentEvents.Event event) {
        try {
            JsonNode data = JSON.readTree(event.data());
            String etag = data.path("etag").asText(event.id());
            if (etag != null && !etag.isEmpty()) {
                newest = etag;
            }
            wake();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "an event of " + description + " that is not JSON was ignored: " + e.getMessage());
        }
    }

    private void wake() {
        for (Runnable wake : wakes) {
            wake.run();
        }
    }

    private HttpURLConnection open(URL url, int readTimeoutMillis) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        return connection;
    }

    private static URL url(String text) {
        try {
            return URI.create(text).toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an http(s) URL: " + text, e);
        }
    }

    private static String redacted(URI server) {
        return server.getUserInfo() == null ? server.toString()
                : server.toString().replace(server.getRawUserInfo() + "@", "");
    }

    /** Stops the stream thread; the source is not used again. */
    @Override
    public void close() {
        closed = true;
        Thread thread;
        synchronized (this) {
            thread = streamThread;
        }
        HttpURLConnection connection = streamConnection;
        if (connection != null) {
            connection.disconnect();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        streaming = false;
    }
}
