package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code gitflags export --format flagd} end to end: the document on stdout, the flags left out on stderr. */
class ExportCommandTest {

    @TempDir
    Path tmp;

    private void commitExampleRepo(String extraSettings) throws Exception {
        try (TestRepo repo = TestRepo.init(tmp)) {
            repo.copyFrom(Path.of("example-repo"));
            repo.write("gitflags.yaml", Files.readString(Path.of("example-repo/gitflags.yaml")) + extraSettings);
            repo.commit("example");
        }
    }

    @Test
    void writesFlagdJsonAndNamesWhatItLeavesOut() throws Exception {
        commitExampleRepo("\nbucketing: flagd\n");
        Cli cli = Cli.run("export", "--repo", tmp.toString(), "--ref", "HEAD", "--env", "production",
                "--format", "flagd");

        assertEquals(0, cli.exitCode(), cli.transcript());
        JsonNode document = new ObjectMapper().readTree(cli.out());
        assertEquals("production", document.get("metadata").get("flagSetId").asText());
        assertTrue(document.get("flags").has("new-checkout"), cli.out());
        assertEquals("ENABLED", document.get("flags").get("new-checkout").get("state").asText());
        assertFalse(document.get("flags").has("search-backend"));
        assertTrue(cli.err().contains("gitflags: left out 'search-backend': condition 'email matches': flagd has no "
                + "regular-expression operator"), cli.err());
    }

    @Test
    void theJsonReportListsEveryFlagLeftOut() throws Exception {
        commitExampleRepo("");
        Cli cli = Cli.run("export", "--repo", tmp.toString(), "--ref", "HEAD", "--env", "production",
                "--format", "flagd", "--report", "json");

        assertEquals(0, cli.exitCode(), cli.transcript());
        JsonNode report = new ObjectMapper().readTree(cli.err());
        assertTrue(report.get("exported").asBoolean());
        boolean namesTheBucketing = false;
        for (JsonNode omitted : report.get("omitted")) {
            namesTheBucketing |= omitted.get("flag").asText().equals("new-checkout")
                    && omitted.get("reason").asText().contains("set bucketing: flagd");
        }
        assertTrue(namesTheBucketing, cli.err());
    }

    @Test
    void strictFailsAndWritesNothingWhenAFlagCannotBeExported() throws Exception {
        commitExampleRepo("\nbucketing: flagd\n");
        Cli cli = Cli.run("export", "--repo", tmp.toString(), "--ref", "HEAD", "--env", "production",
                "--format", "flagd", "--strict");

        assertEquals(1, cli.exitCode(), cli.transcript());
        assertEquals("", cli.out());
        assertTrue(cli.err().contains("gitflags: cannot export 'search-backend'"), cli.err());
        assertTrue(cli.err().contains("nothing written"), cli.err());
    }

    @Test
    void anUnservedEnvironmentOrAnotherFormatIsAUsageError() throws Exception {
        commitExampleRepo("");
        Cli inactive = Cli.run("export", "--repo", tmp.toString(), "--ref", "HEAD", "--env", "qa-legacy",
                "--format", "flagd");
        assertEquals(2, inactive.exitCode(), inactive.transcript());
        assertTrue(inactive.err().contains("not served"), inactive.err());

        Cli yaml = Cli.run("export", "--repo", tmp.toString(), "--env", "production", "--format", "yaml");
        assertEquals(2, yaml.exitCode(), yaml.transcript());
    }
}
