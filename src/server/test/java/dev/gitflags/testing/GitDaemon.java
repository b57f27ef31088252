package dev.gitflags.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real {@code git daemon} serving every repository below {@code baseDir} read-only on 127.0.0.1, at
 * {@code git://127.0.0.1:PORT/NAME}. {@link #stop()} and {@link #start()} take the remote away and bring it back
 * on the same port, for tests of a remote that is down.
 */
public final class GitDaemon implements AutoCloseable {

    private final Path baseDir;
    private final int port;
    private Process process;

    private GitDaemon(Path baseDir, int port) {
        this.baseDir = baseDir;
        this.port = port;
    }

    /** Starts a daemon on a free port and waits until it accepts connections. */
    public static GitDaemon start(Path baseDir) throws IOException {
        GitDaemon daemon = new GitDaemon(baseDir, freePort());
        daemon.start();
        return daemon;
    }

    /** The URL of the repository {@code name} below the base folder. */
    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    /** (Re)starts the daemon on its port. */
    public void start() throws IOException {
        process = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--informative-errors",
                "--listen=127.0.0.1", "--port=" + port, "--base-path=" + baseDir, baseDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(port, Duration.ofSeconds(10));
    }

    /** Stops the daemon: connections to its port are refused until {@link #start()}. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void awaitListening(int port, Duration timeout) throws IOException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > until) {
                    throw new IOException("nothing listens on 127.0.0.1:" + port + " after " + timeout, notYet);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }
}
