package dev.gitflags.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of an HTTP server that can cut the event streams: {@link #cutStreams()} closes
 * every connection that carries a {@code GET /events/…} and refuses the next ones, while every other request goes
 * through. It reads the client's side request by request (GETs only: a header block ends each one), so a pooled
 * connection that first fetched the feed and then opens a stream is caught too.
 */
public final class StreamCuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> streams = ConcurrentHashMap.newKeySet();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    public StreamCuttingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "stream-cutting-proxy");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Closes the streams open now and refuses every stream from now on. */
    public void cutStreams() {
        cut = true;
        streams.forEach(StreamCuttingProxy::quietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(server);
                daemon(() -> requests(client, server));
                daemon(() -> pump(server, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Client to server, one header block at a time, each checked for a stream. */
    private void requests(Socket client, Socket server) {
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                block.write(b);
                byte[] bytes = block.toByteArray();
                int n = bytes.length;
                if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                    if (new String(bytes, StandardCharsets.ISO_8859_1).startsWith("GET /events/")) {
                        if (cut) {
                            break;
                        }
                        streams.add(client);
                    }
                    out.write(bytes);
                    out.flush();
                    block.reset();
                }
            }
        } catch (IOException ended) {
            // either side closed
        } finally {
            close(client, server);
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // either side closed
        } finally {
            close(from, to);
        }
    }

    private void close(Socket a, Socket b) {
        streams.remove(a);
        streams.remove(b);
        open.remove(a);
        open.remove(b);
        quietly(a);
        quietly(b);
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "stream-cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(StreamCuttingProxy::quietly);
    }
}
