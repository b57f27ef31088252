package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.testing.TestFiles;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file that cannot be read causes no problem elsewhere: what it holds is unknown, not absent. The valid repo
 * of {@link ValidRepo} (production ← staging ← dev, all allowed) with one file broken at a time.
 */
class KnockOnTest {

    @TempDir
    Path dir;

    private List<String> problems(Map<String, String> changes) {
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.putAll(changes);
        LoadResult result = new Loader().load(new WorkingTreeSource(TestFiles.write(dir, files)));
        return result.problems().stream().map(p -> p.code() + " " + p.origin()).sorted().toList();
    }

    @Test
    void anUnparsableParentIsOnlyItsOwnSyntaxError() {
        assertEquals(List.of("E_YAML_SYNTAX environments/staging.yaml:3:1"),
                problems(Map.of("environments/staging.yaml", "name: Staging\nparent: production\n\toverrides: {}\n")));
    }

    @Test
    void anEnvironmentOverTheSizeLimitIsOnlyItsLimitProblem() {
        String huge = "name: Staging\nparent: production\ndescription: " + "x".repeat(1024 * 1024) + "\n";
        assertEquals(List.of("E_LIMIT environments/staging.yaml:1:1"),
                problems(Map.of("environments/staging.yaml", huge)));
    }

    @Test
    void anUnparsableFlagFileLeavesTheOverridesOfTheKeysItNamesUnjudged() {
        // checkout.yaml no longer names checkout-button, so dev's override of it names no flag; new-checkout may.
        List<String> problems = problems(Map.of("flags/checkout.yaml", "flags:\n  new-checkout:\n\ttype: boolean\n"));
        assertEquals(List.of("E_UNKNOWN_FLAG environments/dev.yaml:6:3", "E_YAML_SYNTAX flags/checkout.yaml:3:1"),
                problems);
    }

    @Test
    void aFlagFileOverTheSizeLimitMayDefineAnyKey() {
        String huge = "flags:\n  new-checkout:\n    type: boolean\n    description: " + "x".repeat(1024 * 1024) + "\n";
        assertEquals(List.of("E_LIMIT flags/checkout.yaml:1:1"), problems(Map.of("flags/checkout.yaml", huge)));
    }

    @Test
    void withEveryFlagFileReadAnOverrideOfNoFlagIsStillReported() {
        List<String> problems = problems(Map.of("environments/dev.yaml",
                "parent: staging\nactive: false\noverrides:\n  new-chekout:\n    enabled: true\n"));
        assertEquals(List.of("E_UNKNOWN_FLAG environments/dev.yaml:4:3"), problems);
    }

    @Test
    void aMisnamedEnvironmentFileIsOnlyItsSlugProblemAndNoHintSuggestsItsName() {
        TestFiles.write(dir, "environments/Staging.yaml", "name: Staging\nparent: production\n");
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.remove("environments/staging.yaml");
        dir.resolve("environments/staging.yaml").toFile().delete();
        LoadResult result = new Loader().load(new WorkingTreeSource(TestFiles.write(dir, files)));

        assertEquals(List.of("E_BAD_SLUG environments/Staging.yaml:1:1"),
                result.problems().stream().map(p -> p.code() + " " + p.origin()).toList());
        assertTrue(result.problems().get(0).hint().startsWith("rename it to environments/staging.yaml"),
                result.problems().get(0)::hint);
    }

    @Test
    void aMissingParentIsStillSuggestedFromTheEnvironmentsThatExist() {
        List<Problem> problems = new Loader().load(new WorkingTreeSource(TestFiles.write(dir, Map.of(
                "gitflags.yaml", "default_environment: production\n",
                "flags/a.yaml", "flags:\n  a:\n    type: boolean\n    default_value: false\n",
                "environments/production.yaml", "name: Production\n",
                "environments/staging.yaml", "parent: production\n\tbad: tab\n",
                "environments/dev.yaml", "parent: stagin\n")))).problems();

        Problem missing = problems.stream().filter(p -> p.origin().file().equals("environments/dev.yaml"))
                .findFirst().orElseThrow();
        assertEquals("did you mean 'staging'?", missing.hint());
    }

    @Test
    void aGitflagsYmlBesideAMissingGitflagsYamlIsNamed() {
        Map<String, String> files = new HashMap<>(ValidRepo.files());
        files.put("gitflags.yml", files.remove("gitflags.yaml"));
        try (TestRepo repo = TestRepo.init(dir)) {
            repo.write(files).commit("settings under the wrong name");
            try (ConfigSource source = ConfigSources.open(dir, "HEAD")) {
                List<Problem> problems = new Loader().load(source).problems();

                assertEquals(1, problems.size(), problems::toString);
                assertEquals("gitflags.yaml:1:1", problems.get(0).origin().toString());
                assertTrue(problems.get(0).message().endsWith(", which has gitflags.yml"), problems.get(0)::message);
                assertEquals("rename gitflags.yml to gitflags.yaml: gitflags reads no other name",
                        problems.get(0).hint());
            } catch (SourceException e) {
                throw new AssertionError(e);
            }
        }
    }
}
