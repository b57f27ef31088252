package dev.gitflags.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A lightweight event-stream client for the benchmark (not a browser, not a thread per connection): many raw
 * HTTP/1.1 connections on one NIO selector thread, each remembering the last {@code "etag"} it received and when
 * (wall clock, so it compares with the server's {@code loadedAt}).
 */
final class StreamClients implements AutoCloseable {

    private static final byte[] ETAG = "\"etag\":\"".getBytes(StandardCharsets.US_ASCII);

    /** One connection's state, written by the selector thread, read by the benchmark. */
    static final class Connection {
        volatile boolean open;
        volatile String etag;
        volatile Instant receivedAt;
        private final ByteBuffer request;
        private byte[] carry = new byte[0];

        Connection(byte[] request) {
            this.request = ByteBuffer.wrap(request);
        }
    }

    private final Selector selector;
    /** A channel to register, with its connection, on the selector thread. */
    private record Pending(SocketChannel channel, Connection connection) {
    }

    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private volatile boolean running = true;

    StreamClients() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loop = new Thread(this::run, "stream-clients");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens {@code count} streams of {@code path} and returns once all answered (or {@code timeoutMillis}). */
    List<Connection> open(String host, int port, String path, int count, long timeoutMillis) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Connection> opened = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress(host, port));
            Connection connection = new Connection(request);
            channel.socket().setReceiveBufferSize(4096);
            // Registered by the selector thread: register() blocks while another thread selects.
            pending.add(new Pending(channel, connection));
            selector.wakeup();
            opened.add(connection);
            // In batches, so the listen backlog never overflows.
            if (i % 250 == 249) {
                awaitOpen(opened, deadline);
            }
        }
        awaitOpen(opened, deadline);
        return opened;
    }

    private static void awaitOpen(List<Connection> opened, long deadline) {
        while (System.currentTimeMillis() < deadline) {
            if (opened.stream().allMatch(c -> c.open)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException(opened.stream().filter(c -> !c.open).count() + " of " + opened.size()
                + " streams did not open in time");
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
        while (running) {
            try {
                selector.select(100);
                for (Pending next; (next = pending.poll()) != null; ) {
                    next.channel().register(selector, SelectionKey.OP_CONNECT, next.connection());
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key, buffer);
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                if (running) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void handle(SelectionKey key, ByteBuffer buffer) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Connection connection = (Connection) key.attachment();
        if (!key.isValid()) {
            return;
        }
        if (key.isConnectable()) {
            channel.finishConnect();
            key.interestOps(SelectionKey.OP_WRITE);
        } else if (key.isWritable()) {
            channel.write(connection.request);
            if (!connection.request.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } else if (key.isReadable()) {
            buffer.clear();
            int read = channel.read(buffer);
            if (read < 0) {
                key.cancel();
                channel.close();
                connection.open = false;
                return;
            }
            Instant at = Instant.now();
            buffer.flip();
            byte[] bytes = new byte[connection.carry.length + buffer.remaining()];
            System.arraycopy(connection.carry, 0, bytes, 0, connection.carry.length);
            buffer.get(bytes, connection.carry.length, buffer.remaining());
            connection.open = true;
            String etag = lastEtag(bytes);
            if (etag != null) {
                connection.etag = etag;
                connection.receivedAt = at;
            }
            // Keep a tail in case an event was split between two reads.
            int keep = Math.min(bytes.length, 64);
            connection.carry = etag != null ? new byte[0] : Arrays.copyOfRange(bytes, bytes.length - keep,
                    bytes.length);
        }
    }

    /** The last complete {@code "etag":"…"} value in {@code bytes}, or null. */
    private static String lastEtag(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int at = text.lastIndexOf(new String(ETAG, StandardCharsets.US_ASCII));
        if (at < 0) {
            return null;
        }
        int start = at + ETAG.length;
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
