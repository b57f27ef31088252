package dev.gitflags.openfeature;

import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Java examples are {@link ReadmeExamples}' regions, character for character, and they run on a real
 * repository with the output their comments promise: the README cannot drift from code that compiles and works. The
 * remote example is the server module's {@code ReadmeRemoteExample}: it needs the real server, so its run is that
 * module's {@code RemoteSourceTest}; only its text is checked here.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("README.md");
    private static final Path SOURCE = Path.of("src/openfeature/test/java/dev/gitflags/openfeature/ReadmeExamples.java");
    private static final Path REMOTE_SOURCE = Path.of("src/server/test/java/dev/gitflags/ReadmeRemoteExample.java");

    @TempDir
    Path dir;

    @Test
    void theReadmeShowsTheExamplesVerbatim() throws IOException {
        String readme = Files.readString(README);
        Map<String, Path> sources = Map.of("api", SOURCE, "provider", SOURCE, "remote", REMOTE_SOURCE);
        for (Map.Entry<String, Path> example : sources.entrySet()) {
            String name = example.getKey();
            assertEquals(region(example.getValue(), name), block(readme, name), "README example '" + name + "'");
        }
    }

    @Test
    void theApiExampleRuns() throws IOException {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            String out = captured(() -> ReadmeExamples.api(dir));
            assertTrue(out.startsWith("true TARGETING_MATCH\n" + repo.head() + "\n1000\n"), out);
        }
    }

    @Test
    void theProviderExampleRuns() throws IOException {
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            String out = captured(() -> ReadmeExamples.provider(dir));
            assertTrue(out.contains("new-checkout true\n"), out);
        }
    }

    private interface Example {
        void run() throws IOException;
    }

    private static String captured(Example example) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The lines between {@code // begin NAME} and {@code // end NAME} in a file, their common indentation removed. */
    private static String region(Path file, String name) throws IOException {
        String source = Files.readString(file);
        String begin = "// begin " + name + "\n";
        int start = source.indexOf(begin);
        int end = source.indexOf("// end " + name + "\n");
        assertTrue(start >= 0 && end > start, "no region " + name + " in " + file);
        // up to the end marker's own indentation: a blank last line that stripIndent measures like the others
        return source.substring(start + begin.length(), end).stripIndent();
    }

    /** The ```java block right after the README's {@code <!-- example NAME -->}. */
    private static String block(String readme, String name) {
        String marker = "<!-- example " + name + " -->\n```java\n";
        int start = readme.indexOf(marker);
        assertTrue(start >= 0, "no '<!-- example " + name + " -->' before a ```java block in README.md");
        int end = readme.indexOf("```\n", start + marker.length());
        return readme.substring(start + marker.length(), end);
    }
}
