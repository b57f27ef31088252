package dev.gitflags.internal.eval;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.testing.TestRepo;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bucketing: flagd}: a repository's rule rollout, flag rollout and variant split bucket as current flagd's
 * {@code fractional} does, {@code (uint32(h) × totalWeight) >> 32}, each over its own bucketing string. The
 * expected buckets are computed here from commons-codec's MurmurHash3, not from gitflags' streaming hash.
 */
class FlagdBucketingTest {

    private static final String FLAGS = """
            flags:
              split:
                type: string
                default_value: none
                variants:
                  a: { value: A, weight: 20 }
                  b: { value: B, weight: 30 }
                  c: { value: C, weight: 50 }
              rollout:
                type: boolean
                default_value: false
                rollout_percentage: 37
              ruled:
                type: boolean
                default_value: false
                rules:
                  - name: some
                    serve: { enabled: true }
                    rollout_percentage: 61
            """;

    @Test
    void everyStepBucketsAsFlagdFractionalOverItsOwnString(@TempDir Path dir) {
        Snapshot snapshot = repo(dir, "bucketing: flagd\n");
        assertEquals(BucketingScheme.FLAGD, snapshot.settings().bucketing());
        int disagreeWithGitflags = 0;
        for (int i = 0; i < 3_000; i++) {
            String key = "user-" + i;
            EvaluationContext context = new EvaluationContext(key, java.util.Map.of());

            long splitBucket = flagd("split:variant:" + key, 100);
            String expected = splitBucket < 20 ? "A" : splitBucket < 50 ? "B" : "C";
            assertEquals(expected, Evaluator.evaluate(snapshot, "production", "split", context).value(), key);

            boolean admitted = flagd("rollout:" + key, 100) < 37;
            assertEquals(admitted, Evaluator.evaluate(snapshot, "production", "rollout", context).value(), key);

            boolean ruleAdmitted = flagd("ruled:rule:" + key, 100) < 61;
            assertEquals(ruleAdmitted, Evaluator.evaluate(snapshot, "production", "ruled", context).value(), key);

            if (Bucketing.rolloutBucket("rollout", key) <= 37 != admitted) {
                disagreeWithGitflags++;
            }
        }
        // the schemes really differ: the same keys land in other buckets
        assertTrue(disagreeWithGitflags > 300, "keys placed differently: " + disagreeWithGitflags);
    }

    @Test
    void withoutTheSettingBucketingStaysGitflags(@TempDir Path dir) {
        Snapshot snapshot = repo(dir, "");
        assertEquals(BucketingScheme.GITFLAGS, snapshot.settings().bucketing());
        for (int i = 0; i < 500; i++) {
            String key = "user-" + i;
            boolean admitted = Bucketing.rolloutBucket("rollout", key) <= 37;
            assertEquals(admitted, Evaluator.evaluate(snapshot, "production", "rollout",
                    new EvaluationContext(key, java.util.Map.of())).value(), key);
        }
    }

    @Test
    void aMissingOrEmptyKeyIsOutsideEveryPartialRolloutAndTheSplit(@TempDir Path dir) {
        Snapshot snapshot = repo(dir, "bucketing: flagd\n");
        for (String key : new String[] {null, ""}) {
            EvaluationContext context = new EvaluationContext(key, java.util.Map.of());
            assertEquals("none", Evaluator.evaluate(snapshot, "production", "split", context).value());
            assertEquals(false, Evaluator.evaluate(snapshot, "production", "rollout", context).value());
            assertEquals(false, Evaluator.evaluate(snapshot, "production", "ruled", context).value());
        }
    }

    private static long flagd(String bucketingValue, int totalWeight) {
        int hash = MurmurHash3.hash32x86(bucketingValue.getBytes(StandardCharsets.UTF_8));
        return (Integer.toUnsignedLong(hash) * totalWeight) >>> 32;
    }

    private static Snapshot repo(Path dir, String bucketing) {
        TestRepo repo = TestRepo.init(dir)
                .write("gitflags.yaml", "default_environment: production\n" + bucketing)
                .write("flags/flags.yaml", FLAGS)
                .write("environments/production.yaml", "name: Production\n");
        repo.commit("flags");
        return repo.snapshot("HEAD");
    }
}
