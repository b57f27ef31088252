package dev.gitflags.internal.model;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The model compares by meaning (issue 12): a rule or variant copied verbatim into another file equals the
 * original though its origin and compiled matchers differ; a change of what it says does not.
 */
class ValueEqualityTest {

    private static final String RULES = """
              rules:
                - name: beta
                  priority: 10
                  conditions:
                    - attribute: plan
                      operator: in
                      value: [beta, pro]
                  serve:
                    value: b
              variants:
                a:
                  value: a
                  weight: 50
                b:
                  value: b
                  weight: 50
            """;

    @TempDir
    Path dir;

    @Test
    void aRuleAndVariantsCopiedIntoAnOverrideEqualTheBaseFlags() {
        try (TestRepo repo = TestRepo.init(dir).write(Map.of(
                "gitflags.yaml", "default_environment: production\n",
                "flags/app.yaml", "flags:\n  checkout:\n    type: string\n    default_value: a\n"
                        + RULES.indent(2),
                "environments/production.yaml", "name: Production\n",
                "environments/staging.yaml", "name: Staging\nparent: production\noverrides:\n  checkout:\n"
                        + RULES.indent(2),
                "environments/dev.yaml", "name: Dev\nparent: production\noverrides:\n  checkout:\n"
                        + RULES.replace("[beta, pro]", "[beta]").indent(2)))) {
            repo.commit("one rule, copied");
            Snapshot snapshot = repo.snapshot("HEAD");
            ResolvedFlag base = snapshot.flag("production", "checkout").orElseThrow();
            ResolvedFlag copy = snapshot.flag("staging", "checkout").orElseThrow();
            ResolvedFlag changed = snapshot.flag("dev", "checkout").orElseThrow();

            assertNotEquals(base.rules().get(0).origin(), copy.rules().get(0).origin());
            assertEquals(base.rules(), copy.rules());
            assertEquals(base.rules().hashCode(), copy.rules().hashCode());
            assertEquals(base.variants(), copy.variants());
            assertNotEquals(base.rules(), changed.rules());
        }
    }
}
