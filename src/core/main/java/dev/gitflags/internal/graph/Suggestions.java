package dev.gitflags.internal.graph;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?" for names that do not exist: the closest known name by edit distance, if close enough. */
public final class Suggestions {

    private Suggestions() {
    }

    public static Optional<String> nearest(String wanted, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(wanted, candidate);
            if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, wanted.length() / 3);
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    /** A hint sentence: "did you mean 'x'?" or a fallback naming what to check. */
    public static String hint(String what, String wanted, Collection<String> known) {
        return nearest(wanted, known).map(name -> "did you mean '" + name + "'?")
                .orElse("check the " + what + " name; known: " + preview(known));
    }

    private static String preview(Collection<String> known) {
        return known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().limit(8).toList())
                + (known.size() > 8 ? ", …" : "");
    }

    /** Levenshtein distance; names are short, so the two-row version is plenty. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
