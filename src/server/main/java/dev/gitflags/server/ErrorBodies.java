package dev.gitflags.server;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * The bodies of the errors Micronaut answers on its own, before any route or handler of ours runs — a request
 * line or headers over Netty's limits (413), headers it cannot decode (400) — in the server's one error shape
 * instead of Micronaut's {@code _links/_embedded} JSON. Micronaut picks the status; this names it.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class ErrorBodies implements ErrorResponseProcessor<Object> {

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        MutableHttpResponse<Object> answer = (MutableHttpResponse<Object>) response;
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return answer;
        }
        ApiError error = ApiError.forStatus(response.code());
        return answer.body(Responses.errorBody(context.getRequest().getPath(), error, message(error)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static String message(ApiError error) {
        return switch (error) {
            case PAYLOAD_TOO_LARGE -> "the request line or its headers exceed the server's limits "
                    + "(4 KiB for the request line, 8 KiB for all headers)";
            case BAD_REQUEST -> "the request cannot be read: a header or the framing of the request is malformed";
            default -> "the request failed: " + error.status().getReason();
        };
    }
}
