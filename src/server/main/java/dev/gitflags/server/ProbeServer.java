package dev.gitflags.server;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.server.netty.NettyEmbeddedServer;
import io.micronaut.http.server.netty.NettyEmbeddedServerFactory;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The probe port ({@code gitflags.probe-port}; 0 picks a free one): a second listener that answers only
 * {@code GET /health}, on an event-loop thread that no other request can hold. The main port's requests run on the
 * {@code requests} event-loop group (application.yml); this server has the {@code default} group, of one thread,
 * to itself. Evaluation stays on the main port's event loop, where it is fast; a storm of slow requests there can
 * delay the main port's {@code /health}, never this one. Started right after the main port, on the same host.
 */
@Singleton
@Requires(property = ProbeServer.PORT)
public final class ProbeServer implements ApplicationEventListener<ServerStartupEvent> {

    /** The Micronaut property that names the probe port. */
    public static final String PORT = "gitflags.probe-port";

    private final NettyEmbeddedServerFactory factory;
    private final int port;
    private final String host;
    private NettyEmbeddedServer server;
    /** Read on every request of both ports (by {@link ProbePortFilter}), so a volatile field, not a lock. */
    private volatile int boundPort = -1;

    public ProbeServer(NettyEmbeddedServerFactory factory, @Value("${" + PORT + "}") int port,
                       @Value("${micronaut.server.host:}") String host) {
        this.factory = factory;
        this.port = port;
        this.host = host;
    }

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (server != null) {
            return; // this server's own start, or a restart of the main port: one probe listener is enough
        }
        NettyHttpServerConfiguration configuration = new NettyHttpServerConfiguration();
        configuration.setPort(port == 0 ? -1 : port);
        if (!host.isEmpty()) {
            configuration.setHost(host);
        }
        configuration.setMaxRequestSize(1024); // a probe has no body
        server = factory.build(configuration);
        server.start();
        boundPort = server.getPort();
    }

    /** The port the probe listener is bound to, or null before the main port has started. */
    @Nullable
    public Integer boundPort() {
        int bound = boundPort;
        return bound < 0 ? null : bound;
    }

    /** Whether {@code localPort} (the port a request came in on) is this listener's. */
    boolean owns(int localPort) {
        return localPort == boundPort;
    }

    @PreDestroy
    public synchronized void close() {
        if (server != null) {
            server.stop();
        }
    }
}
