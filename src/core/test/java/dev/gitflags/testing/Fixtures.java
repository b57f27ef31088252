package dev.gitflags.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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
}
