package dev.gitflags.internal.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A version per Semantic Versioning 2.0.0 ({@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}), ordered by the
 * spec's precedence: numbers numerically, a pre-release below its release, pre-release identifiers compared
 * one by one (numeric ones numerically and below alphanumeric ones, which compare in ASCII order, a shorter
 * list first when all else is equal). Build metadata is kept but never affects precedence.
 *
 * <p>Parsing is strict (no leading zeros, no missing parts, no empty identifiers) except for one tolerance:
 * a single leading {@code v} or {@code V}, as in git tags {@code v1.2.3}.
 *
 * @param preRelease the dot-separated pre-release identifiers, empty for a release
 * @param build      the build metadata after {@code +}, or null
 */
public record SemanticVersion(long major, long minor, long patch, List<String> preRelease, String build)
        implements Comparable<SemanticVersion> {

    public SemanticVersion {
        preRelease = List.copyOf(preRelease);
    }

    /** Parses {@code text}; the exception's message says what is wrong. */
    public static SemanticVersion parse(String text) {
        Parser parser = new Parser(text);
        SemanticVersion version = parser.version();
        if (version == null) {
            throw new IllegalArgumentException("'" + text + "' is not a semantic version: " + parser.error);
        }
        return version;
    }

    /** The version, or null when {@code text} is not one (for context values, which must never throw). */
    public static SemanticVersion tryParse(String text) {
        return new Parser(text).version();
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int byCore = major != other.major ? Long.compare(major, other.major)
                : minor != other.minor ? Long.compare(minor, other.minor)
                : Long.compare(patch, other.patch);
        if (byCore != 0) {
            return byCore;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        int common = Math.min(preRelease.size(), other.preRelease.size());
        for (int i = 0; i < common; i++) {
            int byIdentifier = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
            if (byIdentifier != 0) {
                return byIdentifier;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    /** Equal precedence; unlike {@link #equals} this ignores build metadata. */
    public boolean samePrecedence(SemanticVersion other) {
        return compareTo(other) == 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            text.append('-').append(String.join(".", preRelease));
        }
        if (build != null) {
            text.append('+').append(build);
        }
        return text.toString();
    }

    private static int compareIdentifiers(String a, String b) {
        boolean aNumeric = isDigits(a);
        boolean bNumeric = isDigits(b);
        if (aNumeric && bNumeric) {
            // no leading zeros, so the longer number is the larger one; no overflow for huge identifiers
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    private static boolean isIdentifierChar(char ch) {
        return isDigit(ch) || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '-';
    }

    /** A one-pass scanner that records the first error instead of throwing. */
    private static final class Parser {
        private final String text;
        private int position;
        private String error;

        Parser(String text) {
            this.text = text == null ? "" : text;
        }

        SemanticVersion version() {
            if (text.isEmpty()) {
                return fail("it is empty; write MAJOR.MINOR.PATCH, e.g. 1.4.0");
            }
            if (text.charAt(0) == 'v' || text.charAt(0) == 'V') {
                position = 1;
            }
            long major = number("major");
            if (major < 0 || !dot("minor")) {
                return null;
            }
            long minor = number("minor");
            if (minor < 0 || !dot("patch")) {
                return null;
            }
            long patch = number("patch");
            if (patch < 0) {
                return null;
            }
            List<String> preRelease = List.of();
            if (position < text.length() && text.charAt(position) == '-') {
                position++;
                preRelease = identifiers("pre-release", true);
                if (preRelease == null) {
                    return null;
                }
            }
            String build = null;
            if (position < text.length() && text.charAt(position) == '+') {
                position++;
                int start = position;
                if (identifiers("build metadata", false) == null) {
                    return null;
                }
                build = text.substring(start);
            }
            if (position < text.length()) {
                return fail("unexpected '" + text.charAt(position) + "' at position " + (position + 1)
                        + "; write MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 2.0.0-rc.1");
            }
            return new SemanticVersion(major, minor, patch, preRelease, build);
        }

        private long number(String part) {
            int start = position;
            while (position < text.length() && isDigit(text.charAt(position))) {
                position++;
            }
            if (position == start) {
                fail("the " + part + " version is missing; write MAJOR.MINOR.PATCH, e.g. 1.4.0");
                return -1;
            }
            if (text.charAt(start) == '0' && position - start > 1) {
                fail("the " + part + " version has a leading zero");
                return -1;
            }
            if (position - start > 18) {
                fail("the " + part + " version is too large");
                return -1;
            }
            return Long.parseLong(text, start, position, 10);
        }

        private boolean dot(String next) {
            if (position < text.length() && text.charAt(position) == '.') {
                position++;
                return true;
            }
            fail("the " + next + " version is missing; write MAJOR.MINOR.PATCH, e.g. 1.4.0");
            return false;
        }

        /** Dot-separated identifiers up to '+' or the end; numeric pre-release identifiers may not have leading zeros. */
        private List<String> identifiers(String what, boolean numericWithoutLeadingZero) {
            List<String> identifiers = new ArrayList<>(2);
            while (true) {
                int start = position;
                while (position < text.length() && isIdentifierChar(text.charAt(position))) {
                    position++;
                }
                String identifier = text.substring(start, position);
                if (identifier.isEmpty()) {
                    fail("the " + what + " has an empty identifier; use [0-9A-Za-z-] between dots");
                    return null;
                }
                if (numericWithoutLeadingZero && identifier.length() > 1 && identifier.charAt(0) == '0'
                        && isDigits(identifier)) {
                    fail("the numeric " + what + " identifier '" + identifier + "' has a leading zero");
                    return null;
                }
                identifiers.add(identifier);
                if (position < text.length() && text.charAt(position) == '.') {
                    position++;
                } else {
                    return identifiers;
                }
            }
        }

        private SemanticVersion fail(String message) {
            if (error == null) {
                error = message;
            }
            return null;
        }
    }
}
