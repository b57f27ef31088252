package dev.gitflags.internal.model;

/**
 * How the server picks an environment from a request: header first, then query parameter, then the default.
 * {@code queryParam} is null when detection by query parameter is disabled.
 */
public record Detection(String header, String queryParam) {

    public static final Detection DEFAULT = new Detection("X-Environment", "env");
}
