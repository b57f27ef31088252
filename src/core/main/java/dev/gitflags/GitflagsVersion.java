package dev.gitflags;

import dev.gitflags.internal.eval.SemanticVersion;

/**
 * The version of this gitflags, and the check of a repository's {@code requires:} against it. A repository
 * states the oldest gitflags that reads it as its authors mean ({@code requires: "0.2"}); an older one refuses
 * it instead of reading it differently. Bump the minor version whenever a release changes what a config means.
 */
public final class GitflagsVersion {

    /** This gitflags' version, as {@code gitflags --version} prints it; the pom's is this plus -SNAPSHOT. */
    public static final String CURRENT = "0.2.0";

    private GitflagsVersion() {
    }

    /** True when {@code required} ({@code MAJOR.MINOR} or {@code MAJOR.MINOR.PATCH}) is not newer than this one. */
    public static boolean satisfies(String required) {
        return parse(required).compareTo(parse(CURRENT)) <= 0;
    }

    /** {@code 0.2} reads as {@code 0.2.0}. */
    private static SemanticVersion parse(String version) {
        return SemanticVersion.parse(version.chars().filter(c -> c == '.').count() == 1 ? version + ".0" : version);
    }
}
