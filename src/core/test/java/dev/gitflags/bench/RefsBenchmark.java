package dev.gitflags.bench;

import dev.gitflags.testing.TestFiles;
import dev.gitflags.internal.model.CodeRefSettings;
import dev.gitflags.internal.refs.CodeReferences;
import dev.gitflags.internal.refs.CodeSearch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code gitflags refs --code}: 10,000 flag keys searched for in 1 GiB of source (1,024 files of 1 MiB: Java-like
 * lines of identifiers, strings and comments, one OpenFeature call site in 40 lines naming one of the keys, one in
 * 400 a key that no flag defines), with the OpenFeature call sites and two derived spellings, as the command runs
 * it. Target: ≤ 10 s on the project's 2-core machine. The corpus is generated under target/ before the runs and
 * deleted after them; reading it comes from the page cache after the first run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class RefsBenchmark {

    static final int KEYS = 10_000;
    static final int FILES = 1_024;
    static final int FILE_BYTES = 1 << 20;

    @State(Scope.Benchmark)
    public static class Corpus {

        Path root;
        List<String> keys;
        CodeSearch search;

        @Setup(Level.Trial)
        public void generate() throws IOException {
            keys = keys();
            root = Files.createDirectories(Path.of("target", "refs-corpus"));
            Random random = new Random(42);
            for (int file = 0; file < FILES; file++) {
                Path path = root.resolve("module-" + (file % 32)).resolve("Source" + file + ".java");
                Files.createDirectories(path.getParent());
                try (OutputStream out = Files.newOutputStream(path)) {
                    out.write(source(random, keys));
                }
            }
            search = new CodeSearch(keys, new CodeRefSettings(CodeRefSettings.OPENFEATURE_CALL_SITES,
                    java.util.Map.of(), List.of(CodeRefSettings.Spelling.CONSTANT, CodeRefSettings.Spelling.CAMEL)));
        }

        @TearDown(Level.Trial)
        public void delete() {
            TestFiles.deleteTree(root);
        }
    }

    /** Keys shaped like real ones: team prefix, words, a number. */
    static List<String> keys() {
        String[] words = {"checkout", "search", "banner", "pricing", "cart", "promo", "api", "dark", "mode", "limit"};
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add("team" + (i % 40) + "-" + words[i % words.length] + "-" + words[(i / 10) % words.length] + "-" + i);
        }
        return keys;
    }

    /** One file of about {@link #FILE_BYTES}: code-like lines, some calling OpenFeature with a key. */
    static byte[] source(Random random, List<String> keys) {
        StringBuilder text = new StringBuilder(FILE_BYTES + 200);
        int line = 0;
        while (text.length() < FILE_BYTES) {
            line++;
            if (line % 40 == 0) {
                text.append("        boolean on = client.getBooleanValue(\"").append(keys.get(random.nextInt(keys.size())))
                        .append("\", false, context);\n");
            } else if (line % 400 == 7) {
                text.append("        String s = client.getStringValue(\"team").append(random.nextInt(40))
                        .append("-no-such-flag\", \"x\");\n");
            } else if (line % 10 == 3) {
                text.append("    // computes the search-result ranking for checkout-page requests, see ticket ")
                        .append(random.nextInt(100_000)).append('\n');
            } else {
                text.append("        int value").append(random.nextInt(1000)).append(" = service.compute(request.get")
                        .append("Attribute(\"attr-").append(random.nextInt(500)).append("\"), limit + ")
                        .append(random.nextInt(100)).append(");\n");
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public CodeReferences tenThousandKeysOverOneGibibyte(Corpus corpus) throws IOException {
        return corpus.search.search(List.of(corpus.root));
    }
}
