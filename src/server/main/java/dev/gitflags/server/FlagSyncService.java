package dev.gitflags.server;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.flagd.FlagdExport;
import dev.openfeature.flagd.grpc.sync.Sync;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * flagd's {@code flagd.sync.v1.FlagSyncService} (flagd-schemas' sync.proto), which flagd's in-process providers in
 * every language sync from: {@code FetchAllFlags} answers an environment's flagd JSON ({@link FlagdExport}), and
 * {@code SyncFlags} sends it at once and again after every snapshot swap that changes it ({@link #publish}). The
 * selector names the environment: the {@code Flagd-Selector} header or the request's (deprecated) field; none
 * means the default environment. With a token configured, a call needs it as {@code authorization: Bearer …} or
 * {@code x-api-key}, as on HTTP. The three method descriptors are written here, over the protoc-generated messages.
 */
final class FlagSyncService {

    static final String SERVICE = "flagd.sync.v1.FlagSyncService";
    private static final Metadata.Key<String> SELECTOR = Metadata.Key.of("flagd-selector", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> HEADER_SELECTOR = Context.key("flagd-selector");

    static final MethodDescriptor<Sync.SyncFlagsRequest, Sync.SyncFlagsResponse> SYNC_FLAGS =
            MethodDescriptor.<Sync.SyncFlagsRequest, Sync.SyncFlagsResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "SyncFlags"))
                    .setRequestMarshaller(ProtoUtils.marshaller(Sync.SyncFlagsRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(Sync.SyncFlagsResponse.getDefaultInstance()))
                    .build();
    static final MethodDescriptor<Sync.FetchAllFlagsRequest, Sync.FetchAllFlagsResponse> FETCH_ALL_FLAGS =
            MethodDescriptor.<Sync.FetchAllFlagsRequest, Sync.FetchAllFlagsResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "FetchAllFlags"))
                    .setRequestMarshaller(ProtoUtils.marshaller(Sync.FetchAllFlagsRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(Sync.FetchAllFlagsResponse.getDefaultInstance()))
                    .build();
    @SuppressWarnings("deprecation") // flagd's providers of 0.11 still ask for it
    static final MethodDescriptor<Sync.GetMetadataRequest, Sync.GetMetadataResponse> GET_METADATA =
            MethodDescriptor.<Sync.GetMetadataRequest, Sync.GetMetadataResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "GetMetadata"))
                    .setRequestMarshaller(ProtoUtils.marshaller(Sync.GetMetadataRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(Sync.GetMetadataResponse.getDefaultInstance()))
                    .build();

    private final SnapshotHolder holder;
    private final ApiToken token;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    FlagSyncService(SnapshotHolder holder, ApiToken token) {
        this.holder = holder;
        this.token = token;
    }

    ServerServiceDefinition definition() {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(SYNC_FLAGS, ServerCalls.asyncServerStreamingCall(this::syncFlags))
                .addMethod(FETCH_ALL_FLAGS, ServerCalls.asyncUnaryCall(this::fetchAllFlags))
                .addMethod(GET_METADATA, ServerCalls.asyncUnaryCall(this::getMetadata))
                .build();
        return ServerInterceptors.intercept(service, new Authentication());
    }

    /** One open SyncFlags stream: its environment and the last document it was sent. */
    private static final class Subscriber {
        final String environment;
        final ServerCallStreamObserver<Sync.SyncFlagsResponse> stream;
        String sent;

        Subscriber(String environment, ServerCallStreamObserver<Sync.SyncFlagsResponse> stream) {
            this.environment = environment;
            this.stream = stream;
        }
    }

    private void syncFlags(Sync.SyncFlagsRequest request, StreamObserver<Sync.SyncFlagsResponse> observer) {
        ServerCallStreamObserver<Sync.SyncFlagsResponse> stream =
                (ServerCallStreamObserver<Sync.SyncFlagsResponse>) observer;
        String environment = environment(request.getSelector());
        String document = document(environment);
        if (document == null) {
            stream.onError(notServed(environment));
            return;
        }
        Subscriber subscriber = new Subscriber(environment, stream);
        stream.setOnCancelHandler(() -> subscribers.remove(subscriber));
        synchronized (subscriber) {
            subscribers.add(subscriber);
            send(subscriber, document);
        }
    }

    private void fetchAllFlags(Sync.FetchAllFlagsRequest request, StreamObserver<Sync.FetchAllFlagsResponse> observer) {
        String environment = environment(request.getSelector());
        String document = document(environment);
        if (document == null) {
            observer.onError(notServed(environment));
            return;
        }
        observer.onNext(Sync.FetchAllFlagsResponse.newBuilder().setFlagConfiguration(document).build());
        observer.onCompleted();
    }

    @SuppressWarnings("deprecation")
    private void getMetadata(Sync.GetMetadataRequest request, StreamObserver<Sync.GetMetadataResponse> observer) {
        Snapshot snapshot = holder.current().snapshot();
        Struct.Builder metadata = Struct.newBuilder();
        if (snapshot != null && snapshot.commit() != null) {
            metadata.putFields("commit", Value.newBuilder().setStringValue(snapshot.commit()).build());
        }
        observer.onNext(Sync.GetMetadataResponse.newBuilder().setMetadata(metadata).build());
        observer.onCompleted();
    }

    /**
     * Sends every open stream its environment's document when the served snapshot changed it; called after each
     * swap. A document equal to the one a stream last got is not sent again.
     */
    void publish() {
        for (Subscriber subscriber : subscribers) {
            String document = document(subscriber.environment);
            synchronized (subscriber) {
                if (document == null) {
                    subscribers.remove(subscriber);
                    subscriber.stream.onError(notServed(subscriber.environment));
                } else if (!document.equals(subscriber.sent)) {
                    send(subscriber, document);
                }
            }
        }
    }

    /** Ends every stream, for a server that stops. */
    void closeStreams() {
        for (Subscriber subscriber : subscribers) {
            synchronized (subscriber) {
                subscriber.stream.onCompleted();
            }
        }
        subscribers.clear();
    }

    private static void send(Subscriber subscriber, String document) {
        if (subscriber.stream.isCancelled()) {
            return;
        }
        subscriber.sent = document;
        subscriber.stream.onNext(Sync.SyncFlagsResponse.newBuilder().setFlagConfiguration(document).build());
    }

    /** The environment a call selects: the header, else the request's field, else the default environment. */
    private String environment(String requestSelector) {
        String header = HEADER_SELECTOR.get();
        String selector = header != null && !header.isBlank() ? header : requestSelector;
        if (selector != null && !selector.isBlank()) {
            return selector.strip();
        }
        Snapshot snapshot = holder.current().snapshot();
        return snapshot == null ? null : snapshot.settings().defaultEnvironment();
    }

    /** The flagd JSON of {@code environment} in the served state, rendered once per snapshot; null if not served. */
    private String document(String environment) {
        ServedState state = holder.current();
        Snapshot snapshot = state.snapshot();
        if (snapshot == null || environment == null || !snapshot.serves(environment)) {
            return null;
        }
        byte[] body = state.rendered().get(environment + "\nflagd",
                () -> FlagdController.render(FlagdExport.of(snapshot, environment)));
        return new String(body, StandardCharsets.UTF_8);
    }

    private static io.grpc.StatusRuntimeException notServed(String environment) {
        return Status.NOT_FOUND.withDescription("environment '" + environment + "' is not served (the selector names "
                + "the environment)").asRuntimeException();
    }

    /** The token check of every call, and the selector header made visible to the handlers. */
    private final class Authentication implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            String presented = presented(headers);
            if (token.isRequired() && !token.admits(presented)) {
                call.close(Status.UNAUTHENTICATED.withDescription("this server needs a token: send 'authorization: "
                        + "Bearer <token>' or 'x-api-key: <token>'"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            // flagd's definitions carry the rules: an evaluate-only token opens values, never these
            if (!token.admits(presented, ApiToken.Scope.DEFINITIONS)) {
                call.close(Status.PERMISSION_DENIED.withDescription("this token's scope is evaluate; the flagd sync "
                        + "serves definitions: use the full or the definitions token"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            Context context = Context.current().withValue(HEADER_SELECTOR, headers.get(SELECTOR));
            return Contexts.interceptCall(context, call, headers, next);
        }

        private static String presented(Metadata headers) {
            String authorization = headers.get(AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return authorization.substring(7).strip();
            }
            String apiKey = headers.get(API_KEY);
            return apiKey == null ? null : apiKey.strip();
        }
    }
}
