package dev.gitflags.internal.sync;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.eval.EvaluationContext;
import dev.gitflags.internal.eval.Evaluator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync feed's reader on bodies written by hand: a feed evaluates; bad JSON, a foreign format and content the
 * loader refuses are invalid, each problem located at line:column of the body. (FeedReaderAgreementTest, in the
 * server module, checks it against the server's own feed.)
 */
public class FeedReaderTest {

    /** The codes only this reader reports, which BrokenRepoTest finds here rather than in a broken repository. */
    public static final List<String> CODES = List.of("E_SYNC_FEED");

    private static final String FEED = """
            {"format": "gitflags.sync/v1", "environment": "staging", "maxAttributeLength": 4096,
             "bucketing": "gitflags", "flags": [
              {"key": "beta", "environment": "staging", "type": "boolean", "status": "active", "enabled": true,
               "defaultValue": false, "rules": [{"name": "testers", "priority": 10,
                 "conditions": [{"attribute": "plan", "operator": "OPERATOR", "value": "beta"}],
                 "serve": {"enabled": true, "value": true}}], "tags": ["x"], "metadata": {"team": "a"}},
              {"key": "limit", "environment": "staging", "type": "number", "status": "active", "enabled": true,
               "defaultValue": 0.15}
             ]}
            """;

    private static LoadResult read(String body) {
        return FeedReader.read(body.getBytes(StandardCharsets.UTF_8), "http://flags/sync", "abc123");
    }

    @Test
    void aFeedIsASnapshotOfItsEnvironment() {
        LoadResult result = read(FEED.replace("OPERATOR", "eq"));
        assertTrue(result.isValid(), result.problems()::toString);
        assertEquals("abc123", result.snapshot().commit());
        assertEquals(List.of("beta", "limit"), result.snapshot().flagKeys());
        assertEquals(true, Evaluator.evaluate(result.snapshot(), "staging", "beta",
                new EvaluationContext("u", Map.of("plan", "beta"))).value());
        assertEquals(false, Evaluator.evaluate(result.snapshot(), "staging", "beta", EvaluationContext.EMPTY).value());
        assertEquals(0.15, Evaluator.evaluate(result.snapshot(), "staging", "limit", EvaluationContext.EMPTY).value());
    }

    @Test
    void badJsonIsLocatedInTheBody() {
        LoadResult result = read("{\"format\": \"gitflags.sync/v1\",\n  \"flags\": [}");
        assertFalse(result.isValid());
        assertEquals("E_SYNC_FEED http://flags/sync:2:13", where(result));
    }

    @Test
    void aForeignDocumentIsNoFeed() {
        assertEquals("E_SYNC_FEED http://flags/sync:1:1", where(read("{\"format\": \"other/v1\", \"flags\": []}")));
        assertEquals("E_SYNC_FEED http://flags/sync:1:1", where(read("[1, 2]")));
        assertEquals("E_SYNC_FEED http://flags/sync:1:42",
                where(read("{\"format\": \"gitflags.sync/v1\", \"flags\": [{\"name\": \"no key\"}]}")));
    }

    @Test
    void contentTheLoaderRefusesIsLocatedAtItsFlag() {
        LoadResult result = read(FEED.replace("OPERATOR", "resembles"));
        assertFalse(result.isValid());
        assertEquals("http://flags/sync:3:3", result.errors().get(0).origin().toString());
        assertTrue(result.errors().get(0).message().contains("resembles"), result.errors()::toString);
    }

    private static String where(LoadResult result) {
        assertEquals(1, result.problems().size(), result.problems()::toString);
        return result.problems().get(0).code() + " " + result.problems().get(0).origin();
    }
}
