package dev.gitflags.server.web;

import dev.gitflags.server.ETags;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The web view's files, read once from the jar ({@code gitflags/web/}). Only these names are served, so no
 * request path ever reaches the class path or the file system.
 */
@Singleton
public final class WebAssets {

    private static final String ROOT = "gitflags/web/";

    /** One file: its bytes, media type and an ETag of its content. */
    public record Asset(byte[] bytes, String mediaType, String etag) {
    }

    private final Map<String, Asset> assets;

    public WebAssets() {
        assets = Map.of(
                "index.html", read("index.html", "text/html;charset=utf-8"),
                "app.js", read("app.js", "text/javascript;charset=utf-8"),
                "app.css", read("app.css", "text/css;charset=utf-8"),
                "favicon.svg", read("favicon.svg", "image/svg+xml"));
    }

    public Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static Asset read(String name, String mediaType) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + ROOT + name);
            }
            byte[] bytes = in.readAllBytes();
            return new Asset(bytes, mediaType, "\"" + ETags.digest(bytes) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
