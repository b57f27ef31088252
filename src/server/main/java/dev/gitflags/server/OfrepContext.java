package dev.gitflags.server;

import dev.gitflags.internal.eval.ErrorCode;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.model.Values;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an OFREP request body, {@code {"context": {"targetingKey": "…", …}}}, into an {@link EvaluationContext}.
 * An empty body or a missing context is the empty context; malformed JSON is PARSE_ERROR; a context that is not
 * an object, or a targetingKey that is not a string, is INVALID_CONTEXT.
 */
final class OfrepContext {

    private OfrepContext() {
    }

    /** Why a request body cannot be evaluated: an OFREP error code and a human-readable detail. */
    static final class InvalidRequest extends Exception {

        private final ErrorCode errorCode;

        InvalidRequest(ErrorCode errorCode, String details) {
            super(details, null, false, false);
            this.errorCode = errorCode;
        }

        ErrorCode errorCode() {
            return errorCode;
        }
    }

    static EvaluationContext parse(byte[] body, JsonMapper json) throws InvalidRequest {
        if (body == null || isBlank(body)) {
            return EvaluationContext.EMPTY;
        }
        Object root;
        try {
            root = json.readValue(body, Argument.OBJECT_ARGUMENT);
        } catch (Exception e) {
            throw new InvalidRequest(ErrorCode.PARSE_ERROR, "the request body is not valid JSON");
        }
        if (!(root instanceof Map<?, ?> request)) {
            throw new InvalidRequest(ErrorCode.PARSE_ERROR,
                    "the request body must be a JSON object like {\"context\": {}}");
        }
        Object context = request.get("context");
        if (context == null) {
            return EvaluationContext.EMPTY;
        }
        if (!(context instanceof Map<?, ?> fields)) {
            throw new InvalidRequest(ErrorCode.INVALID_CONTEXT, "'context' must be a JSON object");
        }
        Object targetingKey = fields.get("targetingKey");
        if (targetingKey != null && !(targetingKey instanceof String)) {
            throw new InvalidRequest(ErrorCode.INVALID_CONTEXT, "'context.targetingKey' must be a string");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!"targetingKey".equals(name) && value != null) {
                attributes.put(String.valueOf(name), Values.normalize(value));
            }
        });
        return new EvaluationContext((String) targetingKey, attributes);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
