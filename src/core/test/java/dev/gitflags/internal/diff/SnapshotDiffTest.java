package dev.gitflags.internal.diff;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotDiffTest {

    @TempDir
    Path temp;

    private static SnapshotDiff diff(TestRepo repo, RevCommit before, RevCommit after) {
        Snapshot old = repo.snapshot(before.name());
        Snapshot now = repo.snapshot(after.name());
        return SnapshotDiff.between(old, now);
    }

    /** environment → flag → the changes as {@code field: old → new @ cause}. */
    private static Map<String, Map<String, List<String>>> summary(SnapshotDiff diff) {
        return diff.environments().stream().collect(Collectors.toMap(SnapshotDiff.EnvironmentDiff::slug,
                environment -> environment.flags().stream().collect(Collectors.toMap(SnapshotDiff.FlagDiff::key,
                        flag -> flag.changes().stream().map(change -> change.field() + ": " + change.oldValue()
                                + " → " + change.newValue() + " @ " + (change.removed() ? "removed " : "")
                                + change.cause()).toList()))));
    }

    @Test
    void aBaseFlagChangeFansOutToEveryEnvironmentThatInheritsIt() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("flags/core.yaml", Fixtures.Promotion.FLAGS.replace("default_value: plain", "default_value: fancy"));
            RevCommit after = repo.commit("fancy theme by default");

            SnapshotDiff diff = diff(repo, before, after);

            List<String> change = List.of("default_value: \"plain\" → \"fancy\" @ flags/core.yaml:15");
            assertEquals(Map.of("production", Map.of("theme", change), "staging", Map.of("theme", change),
                    "dev", Map.of("theme", change)), summary(diff));
            assertEquals(List.of("production", "staging", "dev"),
                    diff.environments().stream().map(SnapshotDiff.EnvironmentDiff::slug).toList());
        }
    }

    @Test
    void aParentLinkChangeShowsOnTheEnvironmentWithEveryFlagItNowInheritsDifferently() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("environments/dev.yaml", "name: Dev\nparent: production\n");
            RevCommit after = repo.commit("dev hangs off production");

            SnapshotDiff diff = diff(repo, before, after);

            assertEquals(List.of("dev"), diff.environments().stream().map(SnapshotDiff.EnvironmentDiff::slug).toList());
            SnapshotDiff.EnvironmentDiff dev = diff.environments().get(0);
            assertEquals(1, dev.changes().size());
            assertEquals("parent", dev.changes().get(0).field());
            assertEquals("staging", dev.changes().get(0).oldValue());
            assertEquals("production", dev.changes().get(0).newValue());
            assertEquals("environments/dev.yaml:2", dev.changes().get(0).cause());
            Map<String, List<String>> flags = summary(diff).get("dev");
            assertEquals(List.of("default_value: \"on\" → \"off\" @ environments/production.yaml:8"),
                    flags.get("dark-mode"));
            assertEquals(List.of("enabled: true → false @ flags/core.yaml:4",
                    "rollout_percentage: 50% → none @ flags/core.yaml:2"), flags.get("new-checkout"));
            assertEquals(List.of("dark-mode", "new-checkout", "search-v2"),
                    dev.flags().stream().map(SnapshotDiff.FlagDiff::key).toList());
        }
    }

    @Test
    void oneOverrideChangesItsEnvironmentAndItsChildrenButNotItsParent() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING.replace("rollout_percentage: 50",
                    "rollout_percentage: 75"));
            RevCommit after = repo.commit("more checkout in staging");

            SnapshotDiff diff = diff(repo, before, after);

            List<String> change = List.of("rollout_percentage: 50% → 75% @ environments/staging.yaml:6");
            assertEquals(Map.of("staging", Map.of("new-checkout", change), "dev", Map.of("new-checkout", change)),
                    summary(diff));
        }
    }

    @Test
    void aRemovedOverrideIsBlamedOnWhereItWas() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING.replace("  dark-mode:\n    default_value: 'on'\n",
                    ""));
            RevCommit after = repo.commit("staging follows production's dark mode");

            SnapshotDiff diff = diff(repo, before, after);

            List<String> change = List.of("default_value: \"on\" → \"off\" @ removed environments/staging.yaml:8");
            assertEquals(Map.of("staging", Map.of("dark-mode", change), "dev", Map.of("dark-mode", change)),
                    summary(diff));
        }
    }

    @Test
    void anAddedOrRemovedFlagListsTheFieldsItResolvesToInEachEnvironment() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("flags/core.yaml", Fixtures.Promotion.FLAGS + """
                      beta-banner:
                        type: string
                        default_value: hidden
                    """);
            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING + """
                      beta-banner:
                        default_value: shown
                        rollout_percentage: 20
                    """);
            RevCommit added = repo.commit("beta banner, shown to 20 % in staging");

            List<String> base = List.of("flag: null → added @ flags/core.yaml:19", "enabled: null → true @ "
                    + "flags/core.yaml:19", "default_value: null → \"hidden\" @ flags/core.yaml:21");
            List<String> staging = List.of("flag: null → added @ flags/core.yaml:19", "enabled: null → true @ "
                    + "flags/core.yaml:19", "default_value: null → \"shown\" @ environments/staging.yaml:21",
                    "rollout_percentage: null → 20% @ environments/staging.yaml:22");
            assertEquals(Map.of("production", Map.of("beta-banner", base), "staging", Map.of("beta-banner", staging),
                    "dev", Map.of("beta-banner", staging)), summary(diff(repo, before, added)));
            assertTrue(DiffReport.text(diff(repo, before, added), "a", "b").contains("""
                    staging
                      beta-banner (added, flags/core.yaml:19)
                        enabled: — → true  (flags/core.yaml:19)
                        default_value: — → "shown"  (environments/staging.yaml:21)
                    """), DiffReport.text(diff(repo, before, added), "a", "b"));

            repo.write("flags/core.yaml", Fixtures.Promotion.FLAGS);
            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING);
            RevCommit removed = repo.commit("beta banner gone");
            assertEquals(List.of("flag: defined → null @ removed flags/core.yaml:19", "enabled: true → null @ "
                            + "removed flags/core.yaml:19", "default_value: \"shown\" → null @ removed "
                            + "environments/staging.yaml:21", "rollout_percentage: 20% → null @ removed "
                            + "environments/staging.yaml:22"),
                    summary(diff(repo, added, removed)).get("staging").get("beta-banner"));
        }
    }

    @Test
    void theSummaryCountsEachFlagOnceAndNamesWhatItCounts() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING
                    .replace("rollout_percentage: 50", "rollout_percentage: 75")
                    .replace("default_value: 'on'", "default_value: dim")
                    .replace("  search-v2:\n    enabled: true", "  search-v2:\n    enabled: false"));
            repo.write("environments/canary.yaml", "parent: production\n");
            RevCommit after = repo.commit("three flags in staging, and a canary");

            SnapshotDiff diff = diff(repo, before, after);

            // staging and dev (which inherits) each see the three flags: 6 (environment, flag) pairs, 3 flags
            assertEquals(java.util.Set.of("staging", "dev", "canary"), diff.environments().stream()
                    .map(SnapshotDiff.EnvironmentDiff::slug).collect(Collectors.toSet()));
            assertEquals(java.util.Set.of("dark-mode", "new-checkout", "search-v2"), diff.flagKeys());
            assertEquals("3 flags resolve differently in 2 environments, 6 changed fields; 1 environment added",
                    DiffReport.summary(diff));
            assertTrue(DiffReport.markdown(diff, "a", "b").contains("**3 flags resolve differently in 2 environments"),
                    DiffReport.markdown(diff, "a", "b"));
            assertTrue(DiffReport.json(diff, "a", "b").contains("\"summary\" : \"3 flags resolve differently"));

            repo.write("environments/dev.yaml", Fixtures.Promotion.DEV + "active: false\n");
            RevCommit inactive = repo.commit("dev off");
            assertEquals("active changed in 1 environment", DiffReport.summary(diff(repo, after, inactive)));
        }
    }

    @Test
    void identicalSnapshotsHaveNoDiffAndReportsSaySo() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("environments/production.yaml", Fixtures.Promotion.PRODUCTION + "# a comment changes nothing\n");
            RevCommit after = repo.commit("comment");

            SnapshotDiff diff = diff(repo, before, after);

            assertTrue(diff.isEmpty());
            assertEquals("no flag resolves differently between a and b\n", DiffReport.text(diff, "a", "b"));
            assertTrue(DiffReport.json(diff, "a", "b").contains("\"changed\" : false"));
        }
    }

    @Test
    void reportsRenderTextJsonAndMarkdown() throws Exception {
        try (TestRepo repo = Fixtures.Promotion.repo(temp.resolve("repo"))) {
            RevCommit before = repo.commitAt("main");
            repo.write("environments/staging.yaml", Fixtures.Promotion.STAGING.replace("rollout_percentage: 50",
                    "rollout_percentage: 75"));
            RevCommit after = repo.commit("more checkout in staging");
            SnapshotDiff diff = diff(repo, before, after);

            assertEquals("""
                    staging
                      new-checkout
                        rollout_percentage: 50% → 75%  (environments/staging.yaml:6)
                    dev
                      new-checkout
                        rollout_percentage: 50% → 75%  (environments/staging.yaml:6)
                    from v1 to v2: 1 flag resolves differently in 2 environments, 2 changed fields
                    """, DiffReport.text(diff, "v1", "v2"));
            String markdown = DiffReport.markdown(diff, "v1", "v2");
            assertTrue(markdown.contains("| `new-checkout` | rollout_percentage | `50%` | `75%` | "
                    + "`environments/staging.yaml:6` |\n"), markdown);
            String json = DiffReport.json(diff, "v1", "v2");
            assertTrue(json.contains("\"old\" : 50,"), json);
            assertTrue(json.contains("\"new\" : 75,"), json);
            assertFalse(json.contains("production"), json);
        }
    }
}
