package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.ErrorCode;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.EvaluationResult;
import dev.gitflags.internal.eval.Evaluator;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenFeature Remote Evaluation Protocol: single ({@code POST /ofrep/v1/evaluate/flags/{key}}) and bulk
 * ({@code POST /ofrep/v1/evaluate/flags}, with ETag / If-None-Match) evaluation in the detected environment.
 * Evaluation runs on the event loop. A bulk request, which evaluates every flag, has a time budget
 * ({@code gitflags.ofrep.bulk-budget}, default 1 s): when it runs out, the request stops and answers 503, so one
 * request holds a request thread for a bounded time, whatever the repository and the context.
 */
@Controller("/ofrep/v1/evaluate")
public final class OfrepController {

    private static final Logger LOG = LoggerFactory.getLogger(OfrepController.class);

    private final SnapshotHolder holder;
    private final JsonMapper json;
    /** The Micronaut property that bounds one bulk evaluation's time. */
    public static final String BULK_BUDGET = "gitflags.ofrep.bulk-budget";

    private final Duration bulkBudget;
    private final DefinitionsFeed feed;
    private final EventStreams streams;
    private final StreamCredentials credentials;
    private final EvaluationMetrics metrics;

    public OfrepController(SnapshotHolder holder, JsonMapper json,
                           @Value("${" + BULK_BUDGET + ":1s}") Duration bulkBudget, DefinitionsFeed feed,
                           EventStreams streams, StreamCredentials credentials, EvaluationMetrics metrics) {
        this.holder = holder;
        this.json = json;
        this.bulkBudget = bulkBudget;
        this.feed = feed;
        this.streams = streams;
        this.credentials = credentials;
        this.metrics = metrics;
    }

    /** {@code {key, value, reason, variant, metadata}}. */
    @Serdeable
    public record Success(String key, Object value, String reason, String variant, Map<String, Object> metadata) {
    }

    /** OFREP's 4xx body {@code {key, errorCode, errorDetails}}; {@code key} is absent for the bulk endpoint. */
    @Serdeable
    public record Failure(String key, String errorCode, String errorDetails) {
    }

    /** OFREP's 5xx body ({@code generalErrorResponse}): {@code {errorDetails}} and nothing else. */
    @Serdeable
    public record GeneralError(String errorDetails) {
    }

    /** {@code {flags: [success or failure, …], eventStreams: [the environment's stream]}}. */
    @Serdeable
    public record Bulk(List<Object> flags, List<EventStreams.EventStream> eventStreams) {
    }

    /** What both endpoints need first: the state served, the context and the environment; or why not. */
    private record Call(ServedState state, EvaluationContext context, String env, HttpResponse<?> refusal) {
        static Call refused(HttpResponse<?> refusal) {
            return new Call(null, null, null, refusal);
        }
    }

    /**
     * @param key the flag asked for, or null for the bulk endpoint (whose failures name no flag). The state is
     *            serving: {@link NotServingFilter} answered otherwise.
     */
    private Call open(String key, byte[] body, HttpRequest<?> request) {
        ServedState state = holder.current();
        EvaluationContext context;
        try {
            context = OfrepContext.parse(body, json);
        } catch (OfrepContext.InvalidRequest e) {
            return Call.refused(Responses.ofrep(HttpStatus.BAD_REQUEST, key, e.errorCode(), e.getMessage()));
        }
        return new Call(state, context, EnvironmentDetection.detect(state.snapshot(), request), null);
    }

    @Post(uri = "/flags/{key}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> evaluate(String key, @Nullable @Body byte[] body, HttpRequest<?> request) {
        Call call = open(key, body, request);
        if (call.refusal() != null) {
            return call.refusal();
        }
        EvaluationResult result = Evaluator.evaluate(call.state().snapshot(), call.env(), key, call.context());
        metrics.count(call.state().snapshot(), call.env(), key, result);
        MutableHttpResponse<?> response;
        if (!result.isError()) {
            response = HttpResponse.ok(success(key, call.env(), result));
        } else {
            HttpStatus status = result.errorCode() == ErrorCode.FLAG_NOT_FOUND ? HttpStatus.NOT_FOUND
                    : HttpStatus.BAD_REQUEST;
            response = Responses.ofrep(status, key, result.errorCode(), result.errorMessage());
        }
        return response.header(EnvironmentDetection.RESOLVED_HEADER, call.env());
    }

    @Post(uri = "/flags", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> evaluateAll(@Nullable @Body byte[] body, HttpRequest<?> request) {
        Call call = open(null, body, request);
        if (call.refusal() != null) {
            return call.refusal();
        }
        String env = call.env();
        Snapshot snapshot = call.state().snapshot();
        // The answer is a function of the environment's definitions and the context, i.e. of the body; and of the
        // stream credential's window, when the stream URL it advertises carries one. The flagConfigEtag that a
        // change event hands the provider names a digest; the answer is always what this server serves now.
        Instant now = Instant.now();
        boolean served = snapshot.serves(env);
        String bodyDigest = ETags.digest(body == null ? new byte[0] : body);
        String etag;
        String digest = served ? feed.digest(call.state(), env) : null;
        if (!served) {
            // Every flag fails alike (no such environment); no definitions, no stream.
            etag = ETags.of(call.state(), env, bodyDigest);
        } else if (credentials.required()) {
            etag = ETags.ofDefinitions(digest, bodyDigest, "w" + credentials.window(now));
        } else {
            etag = ETags.ofDefinitions(digest, bodyDigest);
        }
        if (ETags.notModified(request, etag)) {
            return Responses.notModified(etag).header(EnvironmentDetection.RESOLVED_HEADER, env);
        }
        List<String> keys = snapshot.flagKeys();
        List<Object> flags = new ArrayList<>(keys.size());
        long start = System.nanoTime();
        long budget = bulkBudget.toNanos();
        for (String key : keys) {
            // Checked before every flag: one flag costs little (conditions are bounded), so the overrun is small.
            if (System.nanoTime() - start > budget) {
                return overBudget(flags.size(), keys.size(), env);
            }
            EvaluationResult result = Evaluator.evaluate(snapshot, env, key, call.context());
            metrics.count(snapshot, env, key, result);
            flags.add(result.isError() ? new Failure(key, result.errorCode().name(), result.errorMessage())
                    : success(key, env, result));
        }
        return Responses.ok(new Bulk(flags, served ? streams.advertised(env, digest, now) : null), etag)
                .header(EnvironmentDetection.RESOLVED_HEADER, env);
    }

    /** 503 with OFREP's 5xx body and Retry-After: the thread goes back to other requests instead of this one. */
    private HttpResponse<?> overBudget(int evaluated, int total, String env) {
        String details = "the bulk evaluation ran out of its budget of " + bulkBudget.toMillis() + " ms after "
                + evaluated + " of " + total + " flags; evaluate flags one by one (POST /ofrep/v1/evaluate/flags/"
                + "{key}) or raise gitflags.ofrep.bulk-budget";
        // One line per request that already cost a whole budget: no cheap way to flood the log.
        LOG.warn("POST /ofrep/v1/evaluate/flags in {}: {}", env, details);
        return Responses.ofrep(HttpStatus.SERVICE_UNAVAILABLE, null, ErrorCode.GENERAL, details)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .header(EnvironmentDetection.RESOLVED_HEADER, env);
    }

    private static Success success(String key, String env, EvaluationResult result) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        // OFREP metadata values are booleans, strings and numbers only.
        result.metadata().forEach((name, value) -> {
            if (value instanceof Boolean || value instanceof String || value instanceof Number) {
                metadata.put(name, value);
            }
        });
        metadata.put("environment", env);
        return new Success(key, result.value(), result.reason().name(), result.variant(), metadata);
    }
}
