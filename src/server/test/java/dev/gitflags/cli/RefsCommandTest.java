package dev.gitflags.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Cli;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code gitflags refs --code} end to end: a config repository's settings and flags, a git-tracked source tree. */
class RefsCommandTest {

    private static final String GITFLAGS = """
            default_environment: production
            refs:
              call_sites: [isOn]
              aliases:
                max-items: MAX_ITEMS_LIMIT
              spellings: [camel]
            """;

    @TempDir
    Path tmp;

    private Path config() {
        try (TestRepo repo = TestRepo.init(tmp.resolve("config"))) {
            repo.write("gitflags.yaml", GITFLAGS)
                    .write("flags/main.yaml", "flags:\n  checkout:\n    type: boolean\n    default_value: false\n"
                            + "  max-items:\n    type: number\n    default_value: 10\n"
                            + "  banner-text:\n    type: string\n    default_value: hi\n")
                    .write("environments/production.yaml", "overrides: {}\n").commit("flags");
        }
        return tmp.resolve("config");
    }

    @Test
    void printsReferencesUnreferencedFlagsAndTyposAtConfiguredCallSites() throws Exception {
        Path config = config();
        Path app = tmp.resolve("app");
        try (TestRepo code = TestRepo.init(app)) {
            code.write(".gitignore", "dist/\n")
                    .write("src/main.ts", "if (flags.isOn('chekout')) {}\nconst n = MAX_ITEMS_LIMIT;\n"
                            + "getBooleanValue('banner-txt') // not a configured call site\n")
                    .write("src/view.ts", "render(bannerText)\n")
                    .write("dist/bundle.js", "isOn('checkout')\n").commit("app");

            Cli cli = Cli.run("refs", "--repo", config.toString(), "--code", app.toString());

            assertEquals(1, cli.exitCode(), cli.transcript());
            assertEquals(List.of(
                    "banner-text: 1 reference",
                    "  " + app.resolve("src/view.ts") + ":1 (as bannerText)",
                    "max-items: 1 reference",
                    "  " + app.resolve("src/main.ts") + ":2 (as MAX_ITEMS_LIMIT)",
                    app.resolve("src/main.ts") + ":1: 'chekout' names no flag (did you mean 'checkout'?)",
                    "unreferenced: checkout"), cli.out().lines().toList().subList(0, 6), cli.transcript());

            Cli json = Cli.run("refs", "--repo", config.toString(), "--code", app.resolve("src").toString(),
                    "--format", "json");
            JsonNode report = new ObjectMapper().readTree(json.out());
            assertEquals("checkout", report.get("unknown").get(0).get("nearest").asText());
            assertEquals(2, report.get("files").asInt(), json.transcript());
        }
    }

    @Test
    void everyFlagReferencedAndNoTypoExitsZero() {
        Path config = config();
        Path app = tmp.resolve("app");
        try (TestRepo code = TestRepo.init(app)) {
            code.write("a.go", "client.isOn(ctx, \"checkout\")\nMAX_ITEMS_LIMIT\nbannerText\n").commit("app");

            Cli cli = Cli.run("refs", "--repo", config.toString(), "--code", app.toString());

            assertEquals(0, cli.exitCode(), cli.transcript());
        }
        assertEquals(2, Cli.run("refs", "--repo", config.toString(), "--code", tmp.resolve("nope").toString())
                .exitCode());
    }
}
