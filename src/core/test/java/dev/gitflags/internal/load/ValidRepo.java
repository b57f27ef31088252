package dev.gitflags.internal.load;

import java.util.Map;

/** The loader tests' valid config repo, as files (relative path → text); tests copy and change it. */
final class ValidRepo {

    private ValidRepo() {
    }

    /** A small valid repo: production ← staging ← dev, with every flag type, rules and variants. */
    static Map<String, String> files() {
        return Map.of(
                "gitflags.yaml", """
                        default_environment: production
                        allowed_environments: [production, staging, dev]
                        inheritance: true
                        detection:
                          header: X-Env
                          query_param: null
                        """,
                "flags/checkout.yaml", """
                        flags:
                          new-checkout:
                            name: New checkout
                            type: boolean
                            enabled: false
                            default_value: false
                            rollout_percentage: 10
                            tags: [checkout]
                          checkout-button:
                            type: string
                            default_value: blue
                            variants:
                              red: {value: red, weight: 50}
                              green: {value: green, weight: 50}
                            rules:
                              - name: later
                                priority: 5
                                serve: {value: yellow}
                              - name: beta users
                                priority: 1
                                conditions:
                                  - {attribute: plan, operator: in, value: [beta, pro]}
                                serve: red
                              - name: also-1
                                priority: 1
                                serve: green
                        """,
                "flags/limits.yaml", """
                        flags:
                          max-items:
                            type: number
                            default_value: 10
                          theme:
                            type: json
                            default_value: {dark: true, colors: [red, blue]}
                            metadata: {owner: web}
                        """,
                "environments/production.yaml", """
                        name: Production
                        settings: {region: eu}
                        overrides:
                          new-checkout:
                            enabled: true
                          max-items:
                            default_value: 20
                        """,
                "environments/staging.yaml", """
                        parent: production
                        overrides:
                          new-checkout:
                            rollout_percentage: 50
                            enabled: null
                        """,
                "environments/dev.yaml", """
                        parent: staging
                        active: false
                        overrides:
                          max-items:
                            default_value: 99
                          checkout-button:
                            variants:
                              purple: {value: purple, weight: 100}
                            rules:
                              - serve: purple
                        """);
    }
}
