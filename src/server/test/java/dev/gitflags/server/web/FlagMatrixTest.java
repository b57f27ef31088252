package dev.gitflags.server.web;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.eval.ModelFixtures;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.FlagField;
import dev.gitflags.internal.model.FlagType;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Serve;
import dev.gitflags.server.web.CellDetail;
import dev.gitflags.server.web.FlagMatrix;
import dev.gitflags.server.web.MatrixCell;
import dev.gitflags.server.web.MatrixColumn;
import dev.gitflags.server.web.MatrixPage;
import dev.gitflags.server.web.MatrixQuery;
import dev.gitflags.server.web.MatrixRow;
import dev.gitflags.server.web.ServedStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.gitflags.server.web.SyntheticSnapshots.environment;
import static dev.gitflags.server.web.SyntheticSnapshots.flag;
import static dev.gitflags.server.web.SyntheticSnapshots.override;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlagMatrixTest {

    private static final ServedStatus STATUS = new ServedStatus("abc", "2026-01-01T00:00:00Z", "abc", null, null, List.of());

    /** production ← staging ← dev, production ← eu-production; checkout overridden in staging, dark-mode in eu. */
    private static Snapshot small() {
        Map<String, Flag> flags = new TreeMap<>();
        flags.put("new-checkout", flag("new-checkout", FlagType.BOOLEAN, false, List.of("payments"), "flags/checkout.yaml", 3));
        flags.put("dark-mode", flag("dark-mode", FlagType.BOOLEAN, false, List.of("ui"), "flags/ui.yaml", 3));
        flags.put("banner-text", flag("banner-text", FlagType.STRING, "Hello", List.of("ui", "marketing"), "flags/ui.yaml", 12));
        Map<String, Environment> environments = new LinkedHashMap<>();
        environments.put("production", environment("production", null, Map.of()));
        environments.put("staging", environment("staging", "production", Map.of("new-checkout",
                override("new-checkout", Map.of(FlagField.DEFAULT_VALUE, true), "environments/staging.yaml", 6))));
        environments.put("dev", environment("dev", "staging", Map.of()));
        // The same value as the parent: overridden, but it does not differ.
        environments.put("eu-production", environment("eu-production", "production", Map.of("dark-mode",
                override("dark-mode", Map.of(FlagField.DEFAULT_VALUE, false), "environments/eu-production.yaml", 4))));
        return SyntheticSnapshots.snapshot(flags, environments, "abc");
    }

    @Test
    void columnsFollowTheInheritanceTreeAndRowsTheFlagKeys() {
        MatrixPage page = FlagMatrix.of(small()).page(MatrixQuery.all(), STATUS);

        assertEquals(List.of("production", "eu-production", "staging", "dev"),
                page.environments().stream().map(MatrixColumn::slug).toList());
        assertEquals(List.of(0, 1, 1, 2), page.environments().stream().map(MatrixColumn::depth).toList());
        assertEquals(List.of("banner-text", "dark-mode", "new-checkout"), page.rows().stream().map(MatrixRow::key).toList());
        assertEquals(List.of("marketing", "payments", "ui"), page.tags());
        assertEquals(3, page.total());
        assertEquals(3, page.flagCount());
        assertEquals("abc", page.status().commit());
    }

    @Test
    void anOverriddenCellSaysWhereItsValueCameFromAndItsChildInherits() {
        MatrixRow checkout = row(FlagMatrix.of(small()).page(MatrixQuery.all(), STATUS), "new-checkout");

        MatrixCell production = checkout.cells().get(0);
        MatrixCell staging = checkout.cells().get(2);
        MatrixCell dev = checkout.cells().get(3);
        assertEquals("false", production.value());
        assertFalse(production.overridden());
        assertEquals("base flag @ flags/checkout.yaml:3", production.source());
        assertEquals("true", staging.value());
        assertTrue(staging.overridden());
        assertTrue(staging.differs());
        assertEquals("staging: default_value @ environments/staging.yaml:7", staging.source());
        assertEquals("true", dev.value());
        assertFalse(dev.overridden());
        assertFalse(dev.differs());
        assertEquals("inherited from staging @ environments/staging.yaml:7", dev.source());
    }

    @Test
    void anOverrideThatRepeatsTheParentsValueIsMarkedButDoesNotDiffer() {
        MatrixCell eu = row(FlagMatrix.of(small()).page(MatrixQuery.all(), STATUS), "dark-mode").cells().get(1);

        assertTrue(eu.overridden());
        assertFalse(eu.differs());
    }

    @Test
    void aRuleCopiedVerbatimIntoAChildDoesNotDifferButAChangedOneDoes() {
        Map<String, Flag> flags = new TreeMap<>();
        flags.put("search", flag("search", FlagType.STRING, "classic", List.of(), "flags/search.yaml", 3));
        Map<String, Environment> environments = new LinkedHashMap<>();
        environments.put("production", environment("production", null, Map.of("search", override("search",
                Map.of(FlagField.RULES, List.of(rule("beta", "beta-users", "environments/production.yaml"))),
                "environments/production.yaml", 4))));
        environments.put("staging", environment("staging", "production", Map.of("search", override("search",
                Map.of(FlagField.RULES, List.of(rule("beta", "beta-users", "environments/staging.yaml"))),
                "environments/staging.yaml", 9))));
        environments.put("dev", environment("dev", "production", Map.of("search", override("search",
                Map.of(FlagField.RULES, List.of(rule("beta", "everyone", "environments/dev.yaml"))),
                "environments/dev.yaml", 9))));
        MatrixRow row = FlagMatrix.of(SyntheticSnapshots.snapshot(flags, environments, "abc"))
                .page(MatrixQuery.all(), STATUS).rows().get(0);

        List<String> order = List.of("production", "dev", "staging");
        MatrixCell staging = row.cells().get(order.indexOf("staging"));
        MatrixCell dev = row.cells().get(order.indexOf("dev"));
        assertTrue(staging.overridden());
        assertFalse(staging.differs(), "same rule, other file");
        assertTrue(dev.differs(), "other condition value");
        assertTrue(row.cells().get(0).differs(), "production adds a rule the base flag lacks");
        assertEquals("1 rule", staging.targeting());
    }

    private static Rule rule(String name, String group, String file) {
        Origin origin = new Origin(file, 12, 9);
        return new Rule(name, 10, true, List.of(ModelFixtures.condition("group", Operator.EQ, group)),
                Serve.ofValue(true, "vector"), null, origin);
    }

    @Test
    void filtersByTextTagAndDiffersFromParent() {
        FlagMatrix matrix = FlagMatrix.of(small());

        assertEquals(List.of("new-checkout"), keys(matrix.page(new MatrixQuery("CHECK", null, false, 0, 50), STATUS)));
        assertEquals(List.of("dark-mode"), keys(matrix.page(new MatrixQuery("synthetic flag dark", null, false, 0, 50), STATUS)));
        assertEquals(List.of("banner-text"), keys(matrix.page(new MatrixQuery("marketing", null, false, 0, 50), STATUS)));
        assertEquals(List.of("banner-text", "dark-mode"), keys(matrix.page(new MatrixQuery(null, "ui", false, 0, 50), STATUS)));
        assertEquals(List.of("new-checkout"), keys(matrix.page(new MatrixQuery(null, null, true, 0, 50), STATUS)));
        assertEquals(List.of(), keys(matrix.page(new MatrixQuery("dark", "payments", false, 0, 50), STATUS)));
    }

    @Test
    void returnsOnlyTheRequestedWindowOfRowsAndTheMatchingTotal() {
        FlagMatrix matrix = FlagMatrix.of(SyntheticSnapshots.generate(10_000, 50));

        MatrixPage page = matrix.page(new MatrixQuery(null, null, false, 9_990, 25), STATUS);

        assertEquals(10, page.rows().size());
        assertEquals("flag-09990", page.rows().get(0).key());
        assertEquals(10_000, page.total());
        assertEquals(50, page.environments().size());
        page.rows().forEach(row -> assertEquals(50, row.cells().size()));
        MatrixPage team = matrix.page(new MatrixQuery(null, "team-3", false, 100, 40), STATUS);
        assertEquals(1_000, team.total());
        assertEquals(40, team.rows().size());
        assertEquals("flag-01003", team.rows().get(0).key());
    }

    @Test
    void clampsTheWindow() {
        MatrixQuery query = new MatrixQuery("  ", " ", false, -5, 100_000);

        assertEquals(0, query.offset());
        assertEquals(MatrixQuery.MAX_LIMIT, query.limit());
        assertEquals(null, query.text());
        assertEquals(null, query.tag());
        assertEquals(MatrixQuery.DEFAULT_LIMIT, new MatrixQuery(null, null, false, 0, 0).limit());
    }

    @Test
    void cellDetailGivesEveryFieldWithItsLayer() {
        CellDetail detail = FlagMatrix.of(small()).cell("dev", "new-checkout").orElseThrow();

        assertEquals(List.of("dev", "staging", "production"), detail.chain());
        assertFalse(detail.overridden());
        CellDetail.FieldDetail value = detail.fields().stream().filter(f -> f.field().equals("default_value"))
                .findFirst().orElseThrow();
        assertEquals("true", value.value());
        assertEquals("staging", value.environment());
        assertEquals("environments/staging.yaml:7", value.location());
        assertFalse(value.here());
        CellDetail.FieldDetail enabled = detail.fields().get(0);
        assertEquals("enabled", enabled.field());
        assertEquals(null, enabled.environment());
        assertEquals("flags/checkout.yaml:3", enabled.location());
        assertTrue(FlagMatrix.of(small()).cell("nope", "new-checkout").isEmpty());
        assertTrue(FlagMatrix.of(small()).cell("dev", "nope").isEmpty());
    }

    private static MatrixRow row(MatrixPage page, String key) {
        return page.rows().stream().filter(row -> row.key().equals(key)).findFirst().orElseThrow();
    }

    private static List<String> keys(MatrixPage page) {
        return page.rows().stream().map(MatrixRow::key).toList();
    }
}
