package dev.gitflags.bench;

import dev.gitflags.ConfigRepository;
import dev.gitflags.internal.eval.CompiledFlag;
import dev.gitflags.openfeature.GitflagsProvider;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestFiles;
import dev.gitflags.testing.TestRepo;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Bench (not a test): the heap the embedded provider retains in fixed mode, the whole provider as an application
 * holds it (its follower's snapshot, loader memo, open repository and JGit's caches, and the bound flags it keeps
 * per snapshot): ready, after every flag was evaluated once (each then bound and compiled), and after every flag was
 * evaluated often enough to get code of its own if its rules test attributes. The growth of
 * a full-GC class histogram over the live heap before the provider was made ({@link HeapHistogram}), its classes
 * already loaded by a provider on a small repository.
 *
 * <p>{@code java -cp ... dev.gitflags.bench.ProviderRetainedHeap <git dir> <ref> <environment> <flags>}, the flags
 * being SyntheticRepo's {@code flag-00000} … bench/heap.sh runs it on a bare clone of the synthetic repo.
 */
public final class ProviderRetainedHeap {

    private static final int ROWS_SHOWN = 8;

    private ProviderRetainedHeap() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ProviderRetainedHeap <git dir> <ref> <environment> <flags>");
            System.exit(2);
        }
        int flags = Integer.parseInt(args[3]);
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        ImmutableContext context = new ImmutableContext("user-7", Map.of("plan", new Value("beta")));
        loadTheProvidersClasses(api, context);
        HeapHistogram before = HeapHistogram.take();
        GitflagsProvider provider = GitflagsProvider.following(ConfigRepository.gitRef(Path.of(args[0]), args[1]))
                .environment(args[2]).build();
        api.setProviderAndWait(provider);
        HeapHistogram ready = report("ready", before, flags);
        int served = 0;
        for (int i = 0; i < flags; i++) {
            // a getter of another type is TYPE_MISMATCH, and still binds the flag as any evaluation does
            served += provider.getBooleanEvaluation(SyntheticRepo.flagKey(i), false, context).getErrorCode() == null
                    ? 1 : 0;
        }
        HeapHistogram bound = report("every flag evaluated once (" + served + " boolean)", before, flags);
        System.out.printf("  of which the bound flags: %.1f MB, by class:%n",
                (bound.totalBytes() - ready.totalBytes()) / 1e6);
        bound.grownSince(ready).stream().limit(ROWS_SHOWN).forEach(row -> System.out.println("    " + row));
        // a flag evaluated often gets code of its own: what that keeps, every flag evaluated that often
        for (int i = 0; i < flags; i++) {
            for (int n = 0; n < CompiledFlag.HOT; n++) {
                provider.getBooleanEvaluation(SyntheticRepo.flagKey(i), false, context);
            }
        }
        HeapHistogram hot = report("every flag evaluated " + CompiledFlag.HOT + " times (hot)", before, flags);
        System.out.printf("  of which hot flags' code: %.1f MB, by class:%n",
                (hot.totalBytes() - bound.totalBytes()) / 1e6);
        hot.grownSince(bound).stream().limit(ROWS_SHOWN).forEach(row -> System.out.println("    " + row));
        System.out.println("  (held: " + System.identityHashCode(provider) + ")");
        api.shutdown();
    }

    /**
     * Runs a provider on a small repository first, so that the classes it loads (their {@code Class} objects, jar
     * manifests, method handles) are in the baseline: the figure is the data the provider keeps, not its code.
     */
    private static void loadTheProvidersClasses(OpenFeatureAPI api, ImmutableContext context) throws Exception {
        Path dir = Files.createTempDirectory("gitflags-heap-warm-up");
        try (TestRepo repo = Fixtures.Serving.repo(dir)) {
            GitflagsProvider warmUp = GitflagsProvider.following(ConfigRepository.gitRef(dir, "main"))
                    .environment("production").build();
            api.setProviderAndWait(warmUp);
            warmUp.getBooleanEvaluation("new-checkout", false, context);
            api.shutdown();
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    private static HeapHistogram report(String state, HeapHistogram before, int flags) throws Exception {
        HeapHistogram now = HeapHistogram.take();
        long retained = now.totalBytes() - before.totalBytes();
        System.out.printf("retained heap, provider in fixed mode, %s, %,d flags: %.1f MB (%,d bytes)%n", state, flags,
                retained / 1e6, retained);
        now.grownSince(before).stream().limit(ROWS_SHOWN).forEach(row -> System.out.println("  " + row));
        return now;
    }
}
