package dev.gitflags.model;

import java.util.List;

/**
 * {@code gitflags.yaml}. An empty {@code allowedEnvironments} allows every environment. With
 * {@code inheritance = false} an environment sees only its own overrides and then the base flag.
 */
public record RepoSettings(String defaultEnvironment, List<String> allowedEnvironments, boolean inheritance,
                           Detection detection, Origin origin) {

    public RepoSettings {
        allowedEnvironments = List.copyOf(allowedEnvironments);
    }

    public boolean allows(String slug) {
        return allowedEnvironments.isEmpty() || allowedEnvironments.contains(slug);
    }
}
