package dev.gitflags.internal.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How rollouts and splits turn a targeting key into a bucket ({@code bucketing:} in {@code gitflags.yaml}).
 * Both hash with MurmurHash3 x86 32-bit; they differ in the mapping, see {@code internal.eval.Bucketing}.
 */
public enum BucketingScheme {
    /** gitflags' own: {@code h % 100 + 1} for rollouts, {@code h % 100} for splits (the default). */
    GITFLAGS,
    /** current flagd's {@code fractional}: {@code (h × totalWeight) >> 32}, so flagd providers agree with gitflags. */
    FLAGD;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scheme {@code name} (as written in YAML) names, if any. */
    public static Optional<BucketingScheme> fromYaml(String name) {
        for (BucketingScheme scheme : values()) {
            if (scheme.yamlName().equals(name)) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }
}
