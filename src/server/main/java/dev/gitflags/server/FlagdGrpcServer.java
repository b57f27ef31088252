package dev.gitflags.server;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC port ({@code gitflags.grpc-port}, {@code serve --grpc-port}; 0 picks a free one) serving
 * {@link FlagSyncService}. A watcher compares the served state every 50 ms and publishes a new one to the open
 * streams, so a commit reaches a connected flagd provider well within a second of the swap, without the reloader
 * knowing about gRPC.
 */
@Context
@Requires(property = FlagdGrpcServer.PORT)
public final class FlagdGrpcServer {

    static final String PORT = "gitflags.grpc-port";
    private static final long WATCH_MILLIS = 50;

    private final FlagSyncService service;
    private final Server server;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gitflags-flagd-sync");
        thread.setDaemon(true);
        return thread;
    });

    public FlagdGrpcServer(SnapshotHolder holder, ApiToken token, @Value("${" + PORT + "}") int port,
                           @Value("${micronaut.server.host:}") String host) {
        this.service = new FlagSyncService(holder, token);
        NettyServerBuilder builder = host.isEmpty() ? NettyServerBuilder.forPort(port)
                : NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
        this.server = builder.addService(service.definition()).build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the gRPC port " + port, e);
        }
        ServedState[] last = {holder.current()};
        watcher.scheduleWithFixedDelay(() -> {
            ServedState now = holder.current();
            if (now != last[0]) {
                last[0] = now;
                service.publish();
            }
        }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The port the gRPC server is bound to. */
    public int boundPort() {
        return server.getPort();
    }

    @PreDestroy
    public void close() {
        watcher.shutdownNow();
        service.closeStreams();
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }
}
