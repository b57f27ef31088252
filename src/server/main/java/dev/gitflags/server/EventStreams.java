package dev.gitflags.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import io.micronaut.serde.annotation.Serdeable;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * The event streams ({@code GET /events/v1/environments/{env}}, {@code text/event-stream}): OFREP's change
 * notifications, which the bulk evaluation answer advertises in {@code eventStreams}, and the sync feed's.
 *
 * <p>When the served snapshot changes, each environment's definitions digest ({@link DefinitionsFeed#digest}) is
 * compared with the one before; only the environments whose digest changed get
 * {@code id: <digest>} / {@code data: {"type":"refetchEvaluation","etag":"<digest>"}}. A client connecting with a
 * {@code Last-Event-ID}, or else an {@code ?etag=} (the digest its advertised URL names), other than the current
 * digest gets that event at once; the streams of an environment no
 * longer served are closed. One heartbeat timer sends a comment
 * line to every idle connection ({@code gitflags.events.heartbeat}, default 15 s) so proxies keep them open.
 *
 * <p>The lean path: a stream is a Netty channel in one {@link ChannelGroup} per environment, answered by a handler
 * placed right after the HTTP codec ({@link EventStreamWiring}), ahead of Micronaut's routing; an event is one
 * buffer written to the whole group. No reactive chain per connection, no thread per connection. The handler
 * therefore applies the rules Micronaut's filters apply elsewhere itself, calling the same parts: the token
 * ({@link ApiToken}, evaluate scope, or a {@link StreamCredentials} credential in {@code ?credential=}, which is
 * what browsers use), the CORS origins Micronaut is configured with, and 503 while nothing is served.
 */
@Context
public final class EventStreams {

    /** Where the streams are; the environment follows. */
    public static final String PATH = "/events/v1/environments/";

    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** The query parameter of the advertised URL that names the digest the client last fetched. */
    static final String ETAG_PARAMETER = "etag";

    private static final AttributeKey<Boolean> TAKEN = AttributeKey.valueOf("gitflags.events.taken");
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OPENING = ": gitflags\nretry: 2000\n\n".getBytes(StandardCharsets.US_ASCII);

    /** One entry of OFREP's {@code eventStreams}: {@code type}, one of {@code url} or {@code endpoint}, the delay. */
    @Serdeable
    public record EventStream(String type, String url, Endpoint endpoint, Integer inactivityDelaySec) {
    }

    /** OFREP's {@code eventStreamEndpoint}: the origin (absent: the provider's OFREP base URL's) and the path. */
    @Serdeable
    public record Endpoint(String origin, String requestUri) {
    }

    private final SnapshotHolder holder;
    private final DefinitionsFeed feed;
    private final StreamCredentials credentials;
    private final ApiToken token;
    private final HttpServerConfiguration.CorsConfiguration cors;
    private final JsonMapper json;
    private final int inactivityDelaySec;
    private final String origin;
    private final IntPredicate probePort;
    private final Map<String, ChannelGroup> streams = new ConcurrentHashMap<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    /** Null when {@code micronaut.metrics.enabled} is false. */
    private final MeterRegistry registry;
    /** {@code gitflags_event_streams{environment}}, one per environment served: bounded by the config, not clients. */
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat;
    private final Handler handler = new Handler();

    public EventStreams(SnapshotHolder holder, DefinitionsFeed feed, StreamCredentials credentials, ApiToken token,
                        HttpServerConfiguration serverConfiguration, JsonMapper json,
                        BeanProvider<ProbeServer> probes, @Nullable MeterRegistry registry,
                        @Value("${gitflags.events.heartbeat:15s}") Duration heartbeatEvery,
                        @Value("${gitflags.events.inactivity-delay:120s}") Duration inactivityDelay,
                        @Value("${gitflags.events.origin:}") String origin) {
        this.holder = holder;
        this.feed = feed;
        this.credentials = credentials;
        this.token = token;
        this.cors = serverConfiguration.getCors();
        this.json = json;
        this.inactivityDelaySec = (int) Math.max(1, inactivityDelay.toSeconds());
        this.origin = origin == null || origin.isBlank() ? null : origin.strip();
        this.probePort = port -> probes.isPresent() && probes.get().owns(port);
        this.registry = registry;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gitflags-event-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(10, heartbeatEvery.toMillis());
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        holder.onServe(this::published);
        published(holder.current());
    }

    /**
     * The {@code eventStreams} of an OFREP bulk answer for {@code env}, computed from definitions whose digest is
     * {@code digest}: its stream, with that digest as {@code ?etag=} and a credential if needed. A commit served
     * between the answer and the stream's connect is announced at connect, since the digest then differs.
     */
    public List<EventStream> advertised(String env, String digest, Instant now) {
        String uri = PATH + env + "?" + ETAG_PARAMETER + "=" + digest
                + (credentials.required() ? "&credential=" + credentials.issue(env, now) : "");
        return List.of(new EventStream("sse", null, new Endpoint(origin, uri), inactivityDelaySec));
    }

    /** How many streams are open now, over every environment. */
    public int connections() {
        return streams.values().stream().mapToInt(ChannelGroup::size).sum();
    }

    /** The handler that answers stream requests; one for every connection ({@link ChannelHandler.Sharable}). */
    ChannelHandler handler() {
        return handler;
    }

    /** A new snapshot is served: tell each environment whose definitions changed, and only those. */
    private synchronized void published(ServedState state) {
        if (!state.isServing()) {
            return;
        }
        try {
            // An environment no longer served: its clients reconnect, get 404 and re-fetch, landing where
            // detection now sends them.
            streams.forEach((env, group) -> {
                if (!state.snapshot().serves(env)) {
                    digests.remove(env);
                    group.close();
                }
            });
            gauges.entrySet().removeIf(entry -> {
                if (state.snapshot().serves(entry.getKey())) {
                    return false;
                }
                registry.remove(entry.getValue());
                return true;
            });
            for (String env : state.snapshot().graph().treeOrder()) {
                if (!state.snapshot().serves(env)) {
                    continue;
                }
                if (registry != null) {
                    gauges.computeIfAbsent(env, this::gauge);
                }
                String digest = feed.digest(state, env);
                if (!digest.equals(digests.put(env, digest))) {
                    ChannelGroup group = streams.get(env);
                    if (group != null && !group.isEmpty()) {
                        group.writeAndFlush(chunk(event(digest)));
                    }
                }
            }
        } catch (RuntimeException e) {
            // The snapshot is served whatever happens here; clients then learn of it at their next fetch.
            LOG.error("could not notify the event streams of a new snapshot", e);
        }
    }

    /** The gauge of {@code env}'s open streams, read at scrape time: nothing on the streams' path. */
    private Gauge gauge(String env) {
        return Gauge.builder("gitflags.event.streams", streams, all -> {
                    ChannelGroup group = all.get(env);
                    return group == null ? 0 : group.size();
                })
                .description("Open event streams, by environment served")
                .tag("environment", env).strongReference(true).register(registry);
    }

    private void beat() {
        for (ChannelGroup group : streams.values()) {
            if (!group.isEmpty()) {
                // A client that stopped reading gets no more heartbeats queued up for it.
                group.writeAndFlush(chunk(HEARTBEAT), Channel::isWritable);
            }
        }
    }

    private static byte[] event(String digest) {
        return ("id: " + digest + "\ndata: {\"type\":\"refetchEvaluation\",\"etag\":\"" + digest + "\"}\n\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static DefaultHttpContent chunk(byte[] bytes) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(bytes));
    }

    @PreDestroy
    void close() {
        heartbeat.shutdownNow();
        streams.values().forEach(ChannelGroup::close);
    }

    /** The allowed origin to echo for {@code requestOrigin}, or null: the origins {@code --cors-origin} lists. */
    private String allowedOrigin(String requestOrigin) {
        if (requestOrigin == null || !cors.isEnabled()) {
            return null;
        }
        for (CorsOriginConfiguration configuration : cors.getConfigurations().values()) {
            List<String> allowed = configuration.getAllowedOrigins();
            if (allowed.contains(requestOrigin) || allowed.equals(CorsOriginConfiguration.ANY)) {
                return requestOrigin;
            }
        }
        return null;
    }

    /** Answers {@code GET} and preflight {@code OPTIONS} of {@link #PATH}; passes every other request on. */
    @ChannelHandler.Sharable
    private final class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel channel = ctx.channel();
            if (channel.hasAttr(TAKEN)) {
                // The rest of a request this handler answered; a stream reads nothing more.
                ReferenceCountUtil.release(msg);
                return;
            }
            if (!(msg instanceof HttpRequest request) || !request.uri().startsWith(PATH)
                    || !(request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.OPTIONS))
                    || (channel.localAddress() instanceof InetSocketAddress local && probePort.test(local.getPort()))) {
                ctx.fireChannelRead(msg);
                return;
            }
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String env = uri.path().substring(PATH.length());
            if (env.isEmpty() || env.contains("/")) {
                ctx.fireChannelRead(msg);
                return;
            }
            channel.attr(TAKEN).set(Boolean.TRUE);
            ReferenceCountUtil.release(msg);
            String allowOrigin = allowedOrigin(request.headers().get(HttpHeaderNames.ORIGIN));
            if (request.method().equals(HttpMethod.OPTIONS)) {
                preflight(ctx, request, allowOrigin);
                return;
            }
            ServedState state = holder.current();
            if (!state.isServing()) {
                refuse(ctx, ApiError.NOT_SERVING, NotServingFilter.MESSAGE, allowOrigin);
                return;
            }
            List<String> credential = uri.parameters().get("credential");
            HttpHeaders headers = request.headers();
            boolean admitted = !token.isRequired()
                    || (credential != null && credentials.admits(credential.get(0), env, Instant.now()))
                    || token.admits(ApiToken.presented(headers.get(HttpHeaderNames.AUTHORIZATION),
                    headers.get(TokenFilter.API_KEY_HEADER)), ApiToken.Scope.EVALUATE);
            if (!admitted) {
                refuse(ctx, ApiError.UNAUTHORIZED, "this stream needs the credential its advertised URL carries "
                        + "(fetch a fresh one from the OFREP bulk evaluation) or a token with the evaluate scope",
                        allowOrigin);
                return;
            }
            if (!state.snapshot().serves(env)) {
                refuse(ctx, ApiError.UNKNOWN_ENVIRONMENT, "environment '" + env + "' is not served", allowOrigin);
                return;
            }
            // EventSource sends Last-Event-ID only on a reconnect after an event; on its first connect, the digest
            // the client fetched is the advertised URL's. Either is what the client has; the header is the newer.
            String known = headers.get("Last-Event-ID");
            List<String> fetched = uri.parameters().get(ETAG_PARAMETER);
            open(ctx, env, known != null ? known : fetched == null ? null : fetched.get(0), allowOrigin);
        }

        /** Opens the stream; {@code known} is the digest the client has, if it says, or null. */
        private void open(ChannelHandlerContext ctx, String env, String known, String allowOrigin) {
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                    // nginx would otherwise hold events back in its buffer.
                    .set("X-Accel-Buffering", "no");
            corsHeaders(response.headers(), allowOrigin);
            ctx.write(response);
            ctx.writeAndFlush(chunk(OPENING));
            ChannelGroup group = streams.computeIfAbsent(env,
                    slug -> new DefaultChannelGroup("events-" + slug, GlobalEventExecutor.INSTANCE));
            group.add(ctx.channel());
            // Read on, so that a client that goes away is noticed at once (and what it sends is dropped above).
            ctx.channel().config().setAutoRead(true);
            // Read after joining the group: a swap that this read misses writes its event to the group, so to us.
            String digest = digests.get(env);
            // The client has not seen what is served now (it missed an event, or a commit landed between its fetch
            // and this connect): send the event now, rather than waiting for the next change.
            if (known != null && digest != null && !digest.equals(known.strip())) {
                ctx.writeAndFlush(chunk(event(digest)));
            }
        }

        private void preflight(ChannelHandlerContext ctx, HttpRequest request, String allowOrigin) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    allowOrigin == null ? HttpResponseStatus.FORBIDDEN : HttpResponseStatus.OK);
            if (allowOrigin != null) {
                corsHeaders(response.headers(), allowOrigin);
                response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET");
                String asked = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
                if (asked != null) {
                    response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, asked);
                }
                response.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "1800");
            }
            finish(ctx, response);
        }

        private void refuse(ChannelHandlerContext ctx, ApiError error, String message, String allowOrigin) {
            byte[] body;
            try {
                body = json.writeValueAsBytes(new ApiResponses.ErrorBody(error.name(), message, null));
            } catch (IOException e) {
                body = ("{\"error\":\"" + error.name() + "\"}").getBytes(StandardCharsets.US_ASCII);
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(error.status().getCode()), Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            if (error == ApiError.UNAUTHORIZED) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            corsHeaders(response.headers(), allowOrigin);
            finish(ctx, response);
        }

        /** A short answer, then the connection closes: the request's remaining bytes need not be parsed. */
        private void finish(ChannelHandlerContext ctx, FullHttpResponse response) {
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        private void corsHeaders(HttpHeaders headers, String allowOrigin) {
            if (cors.isEnabled()) {
                headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
            }
            if (allowOrigin != null) {
                headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin);
            }
        }
    }
}
