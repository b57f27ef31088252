package dev.gitflags.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The browser client of the live-update tests, served from its own origin: a static file server on 127.0.0.1 and a
 * free port, serving {@code src/server/test/web-client/} (the test page and the npm packages that its install
 * script puts into {@code node_modules/}, run here when they are missing). Another port is another origin, which is
 * what CORS is about.
 */
public final class WebClientPages implements AutoCloseable {

    public static final Path ROOT = Path.of("src/server/test/web-client");

    private final HttpServer server;

    private WebClientPages(HttpServer server) {
        this.server = server;
    }

    /** Installs the client when needed, then serves it. */
    public static WebClientPages start() throws IOException, InterruptedException {
        install();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", WebClientPages::serve);
        server.start();
        return new WebClientPages(server);
    }

    /** {@code install.sh}: npm ci from the lock file, unless node_modules is already newer than it. */
    private static void install() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", ROOT.resolve("install.sh").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "installing the web client (" + ROOT + "/install.sh) failed; it needs "
                + "Node 20 and npm");
    }

    /** This server's origin, e.g. {@code http://127.0.0.1:43121}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The test page's URL with {@code query} (without the {@code ?}). */
    public String page(String query) {
        return origin() + "/page.html?" + query;
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Path file = ROOT.resolve(path.substring(1)).normalize();
        try (exchange) {
            if (!file.startsWith(ROOT) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type", name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream");
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
