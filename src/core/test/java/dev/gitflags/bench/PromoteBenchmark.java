package dev.gitflags.bench;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.diff.FieldValues;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.promote.ConfigRepository;
import dev.gitflags.internal.promote.PromotionResult;
import dev.gitflags.internal.promote.Promoter;
import dev.gitflags.testing.TestRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Promotion of one flag end to end in the synthetic repo (10,000 flags × 50 environments, depth 6, 100,000
 * overrides), into a bare clone as a server would hold it: open the repository, load the tip in the promoted
 * flag's scope, plan, edit, check the edited tree in that scope, write the commit and swap the branch.
 * Target: ≤ 1 s. Before each shot the branch is put back, so every shot does the same promotion.
 *
 * <p>{@code promoteOneFlag} is what one {@code gitflags promote} run does once the JVM is warm (a new promoter
 * and loader each time). {@code promoteOneFlagWarm} is a long-lived promoter making successive promotions, each
 * of another flag on the tip the previous one made. {@code bench/promote-cli.sh} times the CLI with JVM start.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PromoteBenchmark extends SyntheticRepoState {

    private static final String FROM = SyntheticRepo.environmentSlug(1);
    private static final String TO = SyntheticRepo.environmentSlug(0);

    private Path work;
    private Path bare;
    private ObjectId initial;
    private String flag;
    private List<String> moreFlags;
    private int nextFlag;
    private ConfigRepository longLived;
    private Promoter warmPromoter;

    @Setup(Level.Trial)
    public void generate() throws Exception {
        work = Files.createTempDirectory("gitflags-promote-bench");
        Path origin = generateRepo(work.resolve("origin"));
        bare = work.resolve("bare.git");
        try (TestRepo generated = TestRepo.open(origin); TestRepo clone = generated.bareClone(bare)) {
            initial = clone.tip("main");
        }
        try (var source = ConfigSources.open(bare, "main")) {
            LoadResult loaded = new Loader().load(source);
            Snapshot snapshot = loaded.optionalSnapshot().orElseThrow(() ->
                    new IllegalStateException("synthetic repo is invalid: " + loaded.problems().subList(0, 3)));
            List<String> differing = snapshot.flagKeys().stream().filter(key -> !FieldValues.differing(
                    snapshot.flag(FROM, key).orElseThrow(), snapshot.flag(TO, key).orElseThrow()).isEmpty())
                    .toList();
            flag = differing.get(0);
            moreFlags = differing.subList(1, differing.size());
        }
        longLived = ConfigRepository.open(bare);
        warmPromoter = new Promoter(longLived.repository(), longLived.subfolder(),
                Loader.incremental(LoadLimits.DEFAULT));
    }

    private static Promoter.Request request(String key) {
        return new Promoter.Request(FROM, TO, List.of(key), "main", null, false, null, null);
    }

    private static PromotionResult check(PromotionResult result) {
        if (result.status() != PromotionResult.Status.PROMOTED) {
            throw new IllegalStateException("not promoted: " + result.status() + " " + result.refusal());
        }
        return result;
    }

    /** Only the cold benchmark puts the branch back; the warm one keeps building on its own commits. */
    @Setup(Level.Invocation)
    public void resetBranch(org.openjdk.jmh.infra.BenchmarkParams params) throws IOException {
        if (params.getBenchmark().endsWith("Warm")) {
            return;
        }
        try (Repository repository = Git.open(bare.toFile()).getRepository()) {
            RefUpdate update = repository.updateRef("refs/heads/main");
            update.setNewObjectId(initial);
            update.setForceUpdate(true);
            update.forceUpdate();
        }
    }

    @Benchmark
    public PromotionResult promoteOneFlag() throws Exception {
        try (ConfigRepository config = ConfigRepository.open(bare)) {
            // as `gitflags promote` does: the check of the edited tree reuses the tip's parsed files
            Promoter promoter = new Promoter(config.repository(), config.subfolder(),
                    Loader.incremental(LoadLimits.DEFAULT));
            return check(promoter.promote(request(flag)));
        }
    }

    @Benchmark
    public PromotionResult promoteOneFlagWarm() throws Exception {
        return check(warmPromoter.promote(request(moreFlags.get(nextFlag++ % moreFlags.size()))));
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        longLived.close();
        deleteTree(work);
    }
}
