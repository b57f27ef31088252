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

import java.nio.file.Path;
import java.util.List;

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
        HeapHistogram before = HeapHistogram.take();
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
        HeapHistogram after = HeapHistogram.take();
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
}
