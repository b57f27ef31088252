package dev.gitflags.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small, valid config repo used across the CLI tests: production ← staging ← dev, an inactive qa under
 * staging, and three flags. Line numbers matter to the tests; edit with care.
 */
final class ConfigFiles {

    static final String GITFLAGS = """
            default_environment: production
            allowed_environments: [production, staging, dev, qa]
            inheritance: true
            detection:
              header: X-Environment
              query_param: env
            """;

    static final String FLAGS = """
            flags:
              checkout:
                type: boolean
                default_value: false
                rollout_percentage: 5
                rules:
                  - name: staff
                    priority: 10
                    conditions:
                      - attribute: email
                        operator: ends_with
                        value: "@acme.example"
                    serve:
                      enabled: true
                      value: true
              banner-text:
                type: string
                default_value: hello
                variants:
                  plain:
                    value: hello
                    weight: 50
                  loud:
                    value: HELLO
                    weight: 50
              max-items:
                type: number
                default_value: 10
                tags: [limits]
            """;

    static final String PRODUCTION = """
            name: Production
            overrides:
              checkout:
                rollout_percentage: 10
            """;

    /** Line 5 sets checkout.rollout_percentage; line 7 sets max-items.default_value. */
    static final String STAGING = """
            name: Staging
            parent: production
            overrides:
              checkout:
                rollout_percentage: 100
              max-items:
                default_value: 50
            """;

    static final String DEV = """
            name: Development
            parent: staging
            overrides:
              checkout:
                default_value: true
            """;

    static final String QA = """
            name: QA
            parent: staging
            active: false
            """;

    private ConfigFiles() {
    }

    /** The files under {@code prefix} ("" or "config/"). */
    static Map<String, String> valid(String prefix) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(prefix + "gitflags.yaml", GITFLAGS);
        files.put(prefix + "flags/main.yaml", FLAGS);
        files.put(prefix + "environments/production.yaml", PRODUCTION);
        files.put(prefix + "environments/staging.yaml", STAGING);
        files.put(prefix + "environments/dev.yaml", DEV);
        files.put(prefix + "environments/qa.yaml", QA);
        return files;
    }
}
