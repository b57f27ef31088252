package dev.gitflags.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config repos shared by the tests of several packages, as YAML text and as committed repositories.
 * Fixtures only one package uses live beside its tests. Line numbers and comments matter to the tests that use
 * them; edit with care.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * The repo promotions and diffs are tried on: production &lt;- staging &lt;- dev, four flags, a production file
     * with comments and quoting that an edit must keep.
     */
    public static final class Promotion {

        public static final String GITFLAGS = "default_environment: production\n";

        public static final String FLAGS = """
                flags:
                  new-checkout:
                    type: boolean
                    enabled: false
                    default_value: false
                  dark-mode:
                    type: string
                    default_value: "off"
                  search-v2:
                    type: boolean
                    default_value: false
                    enabled: false
                  theme:
                    type: string
                    default_value: plain
                    variants:
                      blue: {value: "b", weight: 50}
                      green: {value: "g", weight: 50}
                """;

        public static final String PRODUCTION = """
                # Production: customers see this. Change with care.
                name: Production
                description: 'the real thing'   # quoted on purpose

                overrides:
                  # kept dark until launch
                  dark-mode:
                    default_value: "off"    # explicitly

                  theme:
                    rollout_percentage: 100
                """;

        public static final String STAGING = """
                name: Staging
                parent: production
                overrides:
                  new-checkout:
                    enabled: true
                    rollout_percentage: 50
                  dark-mode:
                    default_value: 'on'
                  search-v2:
                    enabled: true
                    rules:
                      - name: staff
                        conditions:
                          - attribute: email
                            operator: ends_with
                            value: "@example.com"
                        serve:
                          enabled: true
                          value: true
                """;

        public static final String DEV = "name: Dev\nparent: staging\n";

        private Promotion() {
        }

        /** The files, relative to the repository's root. */
        public static Map<String, String> files() {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("gitflags.yaml", GITFLAGS);
            files.put("flags/core.yaml", FLAGS);
            files.put("environments/production.yaml", PRODUCTION);
            files.put("environments/staging.yaml", STAGING);
            files.put("environments/dev.yaml", DEV);
            return files;
        }

        /** A new repository in {@code dir} whose first commit on main holds {@link #files()}. */
        public static TestRepo repo(Path dir) {
            TestRepo repo = TestRepo.init(dir).write(files());
            repo.commit("initial config");
            return repo;
        }
    }

    /**
     * The repo retirements are tried on: production &lt;- staging. {@code new-checkout} and {@code old-banner} serve
     * one value everywhere (retirable); {@code express-pay} serves false in staging and true in production, and
     * {@code wizard-copy} splits requests between variants. {@code old-banner} is alone in its file.
     */
    public static final class Retirement {

        public static final String CHECKOUT = """
                # Checkout flags. Owner: team-checkout.

                flags:
                  # launched everywhere in March (CHK-412)
                  new-checkout:
                    type: boolean
                    enabled: true
                    default_value: true   # the new flow

                  wizard-copy:
                    type: string
                    default_value: "short"
                    variants:
                      short: {value: short, weight: 50}
                      long: {value: 'long', weight: 50}
                  express-pay:
                    type: boolean
                    default_value: false
                """;

        public static final String LEGACY = """
                flags:
                  old-banner:
                    type: boolean
                    enabled: false
                    default_value: false
                """;

        public static final String PRODUCTION = """
                # Production: customers see this.
                name: Production
                description: 'the real thing'   # quoted on purpose

                overrides:
                  express-pay:
                    enabled: true
                    default_value: true

                  new-checkout:
                    enabled: true    # kill switch, unused since launch
                """;

        public static final String STAGING = """
                name: Staging
                parent: production
                overrides:
                  new-checkout: {enabled: true}
                  express-pay:
                    default_value: false
                """;

        private Retirement() {
        }

        /** The files, relative to the repository's root. */
        public static Map<String, String> files() {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("gitflags.yaml", Promotion.GITFLAGS);
            files.put("flags/checkout.yaml", CHECKOUT);
            files.put("flags/legacy.yaml", LEGACY);
            files.put("environments/production.yaml", PRODUCTION);
            files.put("environments/staging.yaml", STAGING);
            return files;
        }

        /** A new repository in {@code dir} whose first commit on main holds {@link #files()}. */
        public static TestRepo repo(Path dir) {
            TestRepo repo = TestRepo.init(dir).write(files());
            repo.commit("initial config");
            return repo;
        }
    }

    /**
     * The repo the server is tried on: production &lt;- staging &lt;- dev, an inactive retired environment, a
     * sandbox not in {@code allowed_environments}, and flags of every type with rules and variants.
     */
    public static final class Serving {

        public static final String GITFLAGS = """
                default_environment: production
                allowed_environments: [production, staging, dev, retired]
                inheritance: true
                detection:
                  header: X-Environment
                  query_param: env
                """;

        public static final String FLAGS = """
                flags:
                  new-checkout:
                    name: New checkout
                    description: The one-page checkout.
                    type: boolean
                    default_value: false
                    rules:
                      - name: beta-testers
                        priority: 10
                        conditions:
                          - attribute: plan
                            operator: eq
                            value: beta
                        serve:
                          enabled: true
                          value: true
                    tags: [checkout]
                    metadata:
                      owner: team-checkout
                  banner-text:
                    name: Banner text
                    type: string
                    default_value: Welcome
                  max-items:
                    type: number
                    default_value: 50
                  discount-rate:
                    type: number
                    default_value: 0.15
                  theme:
                    type: json
                    default_value:
                      color: blue
                      size: 3
                  button-color:
                    type: string
                    default_value: grey
                    variants:
                      green:
                        value: green
                        weight: 50
                      red:
                        value: red
                        weight: 50
                  ops.kill-switch:
                    type: boolean
                    default_value: true
                """;

        public static final String PRODUCTION = """
                name: Production
                description: Live.
                """;

        public static final String STAGING = """
                name: Staging
                parent: production
                overrides:
                  banner-text:
                    default_value: Welcome to staging
                """;

        public static final String DEV = """
                name: Development
                parent: staging
                overrides:
                  max-items:
                    default_value: 1000
                """;

        public static final String RETIRED = """
                name: Retired
                parent: production
                active: false
                overrides:
                  banner-text:
                    default_value: Retired
                """;

        /** Active, but not in allowed_environments. */
        public static final String SANDBOX = """
                name: Sandbox
                overrides:
                  banner-text:
                    default_value: Sandbox
                """;

        private Serving() {
        }

        /** The files, relative to the repository's root. */
        public static Map<String, String> files() {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("gitflags.yaml", GITFLAGS);
            files.put("flags/app.yaml", FLAGS);
            files.put("environments/production.yaml", PRODUCTION);
            files.put("environments/staging.yaml", STAGING);
            files.put("environments/dev.yaml", DEV);
            files.put("environments/retired.yaml", RETIRED);
            files.put("environments/sandbox.yaml", SANDBOX);
            return files;
        }

        /** A new repository in {@code dir} whose first commit on main holds {@link #files()}. */
        public static TestRepo repo(Path dir) {
            TestRepo repo = TestRepo.init(dir).write(files());
            repo.commit("initial flags");
            return repo;
        }
    }

    /**
     * The repo flagd's evaluators are cross-checked on for {@code contains} and {@code not_contains} with a string
     * operand, and the
     * attributes that tell an exact export from a near one: a string with and without the operand, the empty string,
     * one over {@code max_attribute_length} (8 here), lists with and without it (and with the number 5 where the
     * operand is "5"), absent, null, a number, true, false, a map.
     */
    public static final class FlagdContains {

        public static final String GITFLAGS = """
                default_environment: production
                bucketing: flagd
                max_attribute_length: 8
                """;

        public static final String FLAGS = """
                flags:
                  staff-tools:
                    type: boolean
                    default_value: false
                    rules:
                      - name: staff
                        conditions: [{ attribute: groups, operator: contains, value: staff }]
                        serve: { enabled: true }
                  five-plan:
                    type: string
                    default_value: other
                    rules:
                      - name: five
                        conditions: [{ attribute: tier, operator: contains, value: "5" }]
                        serve: { enabled: true, value: five }
                  any-text:
                    type: boolean
                    default_value: false
                    rules:
                      - name: any
                        conditions: [{ attribute: note, operator: contains, value: "" }]
                        serve: { enabled: true }
                  outsiders:
                    type: boolean
                    default_value: false
                    rules:
                      - name: not-staff
                        conditions: [{ attribute: groups, operator: not_contains, value: staff }]
                        serve: { enabled: true }
                  no-five:
                    type: string
                    default_value: other
                    rules:
                      - name: no-five
                        conditions: [{ attribute: tier, operator: not_contains, value: "5" }]
                        serve: { enabled: true, value: none }
                  no-text:
                    type: boolean
                    default_value: false
                    rules:
                      - name: none
                        conditions: [{ attribute: note, operator: not_contains, value: "" }]
                        serve: { enabled: true }
                """;

        /** The values groups, tier and note take (null among them: a null attribute, not an absent one). */
        public static final List<Object> VALUES = Arrays.asList(
                "staff", "a-staff", "ops-staff-x", "ops", "", "Staff", "x5", "5", "55555555", "staff123x", "555555555",
                List.of("staff"), List.of("ops", "staff"), List.of("ops"), List.of(), List.of(5), List.of("5"),
                List.of(5, "x"), List.of(5.0), List.of(""), List.of(List.of("staff")), List.of(Map.of("a", "staff")),
                null, 5, 5.0, 0, true, false, Map.of("groups", "staff"), Map.of());

        /** One context per value of {@link #VALUES}, under each attribute name, and one without them. */
        public static List<Map<String, Object>> contexts() {
            List<Map<String, Object>> contexts = new ArrayList<>();
            contexts.add(Map.of());
            for (Object value : VALUES) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("groups", value);
                attributes.put("tier", value);
                attributes.put("note", value);
                contexts.add(attributes);
            }
            return contexts;
        }

        /** A new repository in {@code dir}, one environment (production), its six flags committed on main. */
        public static TestRepo repo(Path dir) {
            TestRepo repo = TestRepo.init(dir).write("gitflags.yaml", GITFLAGS)
                    .write("environments/production.yaml", "name: Production\n")
                    .write("flags/contains.yaml", FLAGS);
            repo.commit("contains");
            return repo;
        }
    }
}
