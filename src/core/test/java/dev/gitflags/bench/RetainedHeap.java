package dev.gitflags.bench;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.JGitCaches;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.ReadOnlyGit;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bench (not a test): the heap a long-lived loader retains for one repo: the live heap after a full GC while it
 * holds the snapshot, the loader's memo and the open repository, less the live heap before the first read. JGit's
 * own caches (pack windows, pack indexes) are live then too, so they are counted. The figure is the growth of the
 * total of a class histogram taken with a full GC ({@code GC.class_histogram}); the classes that grew most are
 * printed under it.
 *
 * <p>{@code java -cp ... dev.gitflags.bench.RetainedHeap <git dir> <ref> all|<environment>}: {@code all} is what
 * the server keeps (every environment resolved); an environment slug is what a provider bound to it keeps (its
 * chain only). bench/heap.sh runs both on a bare clone of the synthetic repo.
 */
public final class RetainedHeap {

    private static final int ROWS_SHOWN = 12;

    private RetainedHeap() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: RetainedHeap <git dir> <ref> all|<environment>");
            System.exit(2);
        }
        ReadOnlyGit.install();
        JGitCaches.limitForEmbedding();
        FlagScope scope = args[2].equals("all") ? FlagScope.ALL : FlagScope.ofEnvironment(args[2]);
        Histogram before = Histogram.take();
        Repository repository = new FileRepositoryBuilder().setGitDir(Path.of(args[0]).toFile()).setMustExist(true)
                .build();
        Loader loader = Loader.incremental(LoadLimits.DEFAULT);
        LoadResult result;
        try (GitTreeSource source = GitTreeSource.of(repository, repository.resolve(args[1]), "")) {
            result = loader.load(source, scope);
        }
        if (!result.isValid()) {
            throw new IllegalStateException("invalid: " + result.errors().subList(0, Math.min(5,
                    result.errors().size())));
        }
        Histogram after = Histogram.take();
        long retained = after.totalBytes() - before.totalBytes();
        System.out.printf("retained heap, %s: %.1f MB (%,d bytes; %d environments resolved, %,d flags)%n",
                args[2].equals("all") ? "every environment" : "environment " + args[2], retained / 1e6, retained,
                result.snapshot().resolved().size(), result.snapshot().flags().size());
        after.grownSince(before).stream().limit(ROWS_SHOWN).forEach(row -> System.out.println("  " + row));
        // what the figure holds stays reachable until it is printed
        System.out.println("  (held: " + System.identityHashCode(result) + System.identityHashCode(loader)
                + System.identityHashCode(repository) + ")");
        repository.close();
    }

    /** A class histogram of the live heap, taken after a full GC: bytes by class name. */
    private record Histogram(long totalBytes, Map<String, Long> bytesByClass) {

        /** The classes that grew most since {@code before}, largest first, as "bytes class". */
        List<String> grownSince(Histogram before) {
            return bytesByClass.entrySet().stream()
                    .map(entry -> Map.entry(entry.getKey(),
                            entry.getValue() - before.bytesByClass().getOrDefault(entry.getKey(), 0L)))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(entry -> String.format("%,12d  %s", entry.getValue(), entry.getKey())).toList();
        }

        static Histogram take() throws Exception {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            List<String> lines = Arrays.stream(text.split("\n")).map(String::strip).toList();
            String total = lines.stream().filter(line -> line.startsWith("Total")).findFirst().orElseThrow();
            String[] columns = total.split("\\s+");
            Map<String, Long> bytesByClass = new HashMap<>();
            lines.stream().filter(line -> line.matches("\\d+:.*")).map(line -> line.split("\\s+"))
                    .forEach(row -> bytesByClass.merge(row[3], Long.parseLong(row[2]), Long::sum));
            return new Histogram(Long.parseLong(columns[2]), bytesByClass);
        }
    }
}
