package dev.gitflags.internal.model;

import java.util.List;

/**
 * {@code gitflags.yaml}. An empty {@code allowedEnvironments} allows every environment. With
 * {@code inheritance = false} an environment sees only its own overrides and then the base flag.
 *
 * @param maxAttributeLength the longest string attribute value a condition examines; a longer one matches no
 *                           condition, as if absent, so that no request value makes a condition cost more
 * @param lifecycle          the {@code lifecycle:} policy that {@code validate} and {@code stale} check flags against
 * @param refs               the {@code refs:} section: how {@code refs --code} finds keys in application code
 * @param bucketing          how rollouts and splits bucket targeting keys ({@code bucketing:}, default gitflags)
 */
public record RepoSettings(String defaultEnvironment, List<String> allowedEnvironments, boolean inheritance,
                           Detection detection, int maxAttributeLength, LifecyclePolicy lifecycle,
                           CodeRefSettings refs, Origin origin,
                           BucketingScheme bucketing) {

    /** 4 KiB characters: longer than e-mail addresses, user agents and most URLs. */
    public static final int DEFAULT_MAX_ATTRIBUTE_LENGTH = 4096;

    public RepoSettings {
        allowedEnvironments = List.copyOf(allowedEnvironments);
        lifecycle = lifecycle == null ? LifecyclePolicy.none(origin) : lifecycle;
        refs = refs == null ? CodeRefSettings.DEFAULT : refs;
        bucketing = bucketing == null ? BucketingScheme.GITFLAGS : bucketing;
    }

    /** Settings without a {@code lifecycle:} or {@code refs:} section, with gitflags' own bucketing. */
    public RepoSettings(String defaultEnvironment, List<String> allowedEnvironments, boolean inheritance,
                        Detection detection, int maxAttributeLength, Origin origin) {
        this(defaultEnvironment, allowedEnvironments, inheritance, detection, maxAttributeLength, null, null, origin,
                BucketingScheme.GITFLAGS);
    }

    public boolean allows(String slug) {
        return allowedEnvironments.isEmpty() || allowedEnvironments.contains(slug);
    }
}
