package dev.gitflags.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Request attributes drawn at random for cross-checks against other evaluators (flagd's): each attribute absent,
 * or one of its listed values — typed right, typed wrong, or past a limit, as the caller lists them.
 */
public final class RandomAttributes {

    /** The attributes example-repo targets: absent, of the right type, of a wrong type. */
    public static final Object[][] EXAMPLE_REPO = {
            {"email", "ann@acme.example", "bob@example.com", 42},
            {"country", "NL", "BE", "LU", "US", "DE", "IS", 1},
            {"plan", "enterprise", "partner", "trial", "business", "free", true},
            {"platform", "ios", "android", 0},
            {"orders_count", 0, 20, 21, 100, "25"},
            {"catalogue_size", 99_999, 100_000, 250_000, "100000"},
    };

    private RandomAttributes() {
    }

    /** One draw: for each row {@code {name, value...}}, the attribute absent or set to one of its values. */
    public static Map<String, Object> pick(Random random, Object[][] choices) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Object[] attribute : choices) {
            int pick = random.nextInt(attribute.length + 1); // two of the outcomes leave it absent
            if (pick < attribute.length - 1) {
                attributes.put((String) attribute[0], attribute[pick + 1]);
            }
        }
        return attributes;
    }
}
