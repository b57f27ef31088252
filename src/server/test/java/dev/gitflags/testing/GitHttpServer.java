package dev.gitflags.testing;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real smart-HTTP git server on 127.0.0.1: git's own {@code git http-backend} run as a CGI program by the JDK's
 * HTTP server, behind HTTP basic auth with one user and password. Serves every repository below {@code baseDir} at
 * {@code http://127.0.0.1:PORT/git/NAME}, read-only. Records each request's line, so that a test
 * can see that a client came.
 */
public final class GitHttpServer implements AutoCloseable {

    private static final String BACKEND = "/usr/lib/git-core/git-http-backend";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Path baseDir;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private GitHttpServer(Path baseDir, String user, String password) throws IOException {
        this.baseDir = baseDir;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/git/", this::cgi).setAuthenticator(new BasicAuthenticator("git") {
            @Override
            public boolean checkCredentials(String givenUser, String givenPassword) {
                return user.equals(givenUser) && password.equals(givenPassword);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server that lets in {@code user} with {@code password} only. */
    public static GitHttpServer start(Path baseDir, String user, String password) throws IOException {
        return new GitHttpServer(baseDir, user, password);
    }

    /** The URL of the repository {@code name}, without credentials. */
    public String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/git/" + name;
    }

    /** The request lines seen so far, e.g. {@code GET /git/origin.git/info/refs?service=git-upload-pack}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void cgi(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath().substring("/git".length());
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        byte[] body = exchange.getRequestBody().readAllBytes();
        ProcessBuilder builder = new ProcessBuilder(BACKEND);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("GIT_"));
        env.put("GIT_PROJECT_ROOT", baseDir.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", path);
        env.put("QUERY_STRING", query == null ? "" : query);
        env.put("REMOTE_USER", exchange.getPrincipal().getUsername());
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("CONTENT_LENGTH", Integer.toString(body.length));
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        env.put("CONTENT_TYPE", type == null ? "" : type);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(body);
        }
        try (InputStream out = process.getInputStream()) {
            respond(exchange, out);
        } finally {
            process.destroy();
        }
    }

    /** Copies a CGI answer: header lines up to an empty line ({@code Status:} among them), then the body. */
    private static void respond(HttpExchange exchange, InputStream cgi) throws IOException {
        int status = 200;
        String line;
        while (!(line = readLine(cgi)).isEmpty()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.substring(0, 3));
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        byte[] rest = cgi.readAllBytes();
        exchange.sendResponseHeaders(status, rest.length == 0 ? -1 : rest.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(rest);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
