package dev.gitflags.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.Fixtures;
import dev.gitflags.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OFREP event streams on a real server following a real git repository: the bulk answer advertises the stream, a
 * commit notifies exactly the environments whose definitions it changed, with their new digest, which is also the
 * sync feed's ETag and the first part of the bulk ETag (so the re-fetch of an environment it left alone is 304);
 * heartbeats keep idle streams alive.
 */
class EventStreamsTest {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTEXT = "{\"context\":{\"targetingKey\":\"user-1\"}}";

    @TempDir
    Path dir;

    @Test
    void aCommitNotifiesOnlyTheEnvironmentsItChangesAndTheirRefetchTellsTheRestNothingChanged() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http http = new Http(server);
            Http.Reply devBulk = http.post("/ofrep/v1/evaluate/flags", CONTEXT, "X-Environment", "dev");
            Http.Reply stagingBulk = http.post("/ofrep/v1/evaluate/flags", CONTEXT, "X-Environment", "staging");
            JsonNode stream = devBulk.json().get("eventStreams").get(0);
            assertEquals("sse", stream.get("type").asText());
            String devDigest0 = devBulk.header("ETag").substring(1, devBulk.header("ETag").indexOf('.'));
            assertEquals("/events/v1/environments/dev?etag=" + devDigest0,
                    stream.get("endpoint").get("requestUri").asText(), "the digest the answer was computed from");
            assertNull(stream.get("url"), "exactly one of url and endpoint");
            assertEquals(120, stream.get("inactivityDelaySec").asInt());

            try (EventStreamClient dev = new EventStreamClient(server.url() + "/events/v1/environments/dev");
                 EventStreamClient staging = new EventStreamClient(server.url()
                         + stagingBulk.json().get("eventStreams").get(0).get("endpoint").get("requestUri").asText())) {
                assertEquals(200, dev.status());
                assertEquals("text/event-stream", dev.header("Content-Type"));
                assertNotNull(dev.nextComment(WAIT), "the opening comment arrives at once");
                assertNotNull(staging.nextComment(WAIT));

                // Only dev overrides max-items: production and staging serve what they did.
                repo.write("environments/dev.yaml", Fixtures.Serving.DEV.replace("1000", "2000")).commit("dev only");
                EventStreamClient.Event event = dev.next(WAIT);
                assertNotNull(event, "dev hears of the commit");
                JsonNode data = JSON.readTree(event.data());
                assertEquals("refetchEvaluation", data.get("type").asText());
                String devDigest = data.get("etag").asText();
                assertEquals(devDigest, event.id());
                Http.Reply feed = http.get("/sync/v1/environments/dev");
                assertEquals("\"" + devDigest + "\"", feed.header("ETag"), "the event names the feed's new ETag");
                assertEquals(2000, flag(feed.json(), "max-items").get("defaultValue").asInt());

                // The provider's re-fetch after the event: staging's answer has not changed, dev's has.
                assertEquals(304, http.post("/ofrep/v1/evaluate/flags?flagConfigEtag=" + devDigest, CONTEXT,
                        "X-Environment", "staging", "If-None-Match", stagingBulk.header("ETag")).status());
                Http.Reply devAgain = http.post("/ofrep/v1/evaluate/flags?flagConfigEtag=" + devDigest, CONTEXT,
                        "X-Environment", "dev", "If-None-Match", devBulk.header("ETag"));
                assertEquals(200, devAgain.status());
                assertTrue(devAgain.header("ETag").startsWith("\"" + devDigest + "."));

                // Now staging changes (and dev, which inherits it): staging's first event is this one.
                repo.write("environments/staging.yaml", Fixtures.Serving.STAGING.replace("to staging", "aboard"))
                        .commit("staging banner");
                EventStreamClient.Event stagingEvent = staging.next(WAIT);
                assertNotNull(stagingEvent);
                assertEquals(http.get("/sync/v1/environments/staging").header("ETag"),
                        "\"" + JSON.readTree(stagingEvent.data()).get("etag").asText() + "\"");
                assertNotEquals(devDigest, dev.next(WAIT).id(), "dev inherits the banner: a new digest");
                assertNull(staging.next(Duration.ofMillis(300)), "one event per change");
            }
        }
    }

    @Test
    void aCommitServedBetweenTheFetchAndTheStreamsConnectIsAnnouncedAtConnect() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http http = new Http(server);
            Http.Reply bulk = http.post("/ofrep/v1/evaluate/flags", CONTEXT, "X-Environment", "dev");
            String uri = bulk.json().get("eventStreams").get(0).get("endpoint").get("requestUri").asText();
            // The race: the commit is served after the client's fetch and before its stream connects, so the
            // event of the swap reaches no stream of this client.
            repo.write("environments/dev.yaml", Fixtures.Serving.DEV.replace("1000", "2000")).commit("dev only");
            awaitCommit(http, repo.head());
            String current = http.get("/sync/v1/environments/dev").header("ETag").replace("\"", "");
            // A first connect, as EventSource makes it: the advertised URL, no Last-Event-ID.
            try (EventStreamClient missed = new EventStreamClient(server.url() + uri)) {
                EventStreamClient.Event event = missed.next(WAIT);
                assertNotNull(event, "the client that fetched before the commit hears of it at once");
                assertEquals(current, event.id());
                assertEquals(current, JSON.readTree(event.data()).get("etag").asText());
                Http.Reply refetch = http.post("/ofrep/v1/evaluate/flags?flagConfigEtag=" + current, CONTEXT,
                        "X-Environment", "dev", "If-None-Match", bulk.header("ETag"));
                assertEquals(200, refetch.status(), "its re-fetch gets the commit");
                String fresh = refetch.json().get("eventStreams").get(0).get("endpoint").get("requestUri").asText();
                try (EventStreamClient upToDate = new EventStreamClient(server.url() + fresh);
                     EventStreamClient reconnected = new EventStreamClient(server.url() + uri,
                             "Last-Event-ID", current)) {
                    assertNotNull(upToDate.nextComment(WAIT));
                    assertNotNull(reconnected.nextComment(WAIT));
                    assertNull(upToDate.next(Duration.ofMillis(300)), "a client up to date gets no event");
                    assertNull(reconnected.next(Duration.ofMillis(300)),
                            "a reconnect's Last-Event-ID, newer than its URL's digest, is what the client has");
                }
            }
        }
    }

    @Test
    void aCommitThatChangesNoDefinitionsSendsNothingAndKeepsTheETags() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL));
             EventStreamClient production = new EventStreamClient(server.url()
                     + "/events/v1/environments/production")) {
            Http http = new Http(server);
            String feedTag = http.get("/sync/v1/environments/production").header("ETag");
            String bulkTag = http.post("/ofrep/v1/evaluate/flags", CONTEXT).header("ETag");
            // A comment and a README: a new commit and new files, the same definitions.
            repo.write("README.md", "notes\n").write("environments/production.yaml",
                    Fixtures.Serving.PRODUCTION + "# reviewed\n").commit("notes");
            awaitCommit(http, repo.head());
            assertNull(production.next(Duration.ofMillis(500)));
            assertEquals(304, http.get("/sync/v1/environments/production", "If-None-Match", feedTag).status());
            assertEquals(304, http.post("/ofrep/v1/evaluate/flags", CONTEXT, "If-None-Match", bulkTag).status());
        }
    }

    @Test
    void idleStreamsGetHeartbeatsAndAReconnectWithAnOldLastEventIdGetsTheCurrentDigest() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL)
                     .withProperties(Map.of("gitflags.events.heartbeat", "100ms")));
             EventStreamClient stream = new EventStreamClient(server.url() + "/events/v1/environments/dev",
                     "Last-Event-ID", "0123456789abcdef")) {
            EventStreamClient.Event missed = stream.next(WAIT);
            assertNotNull(missed, "a reconnect that missed an event gets it at once");
            assertEquals(new Http(server).get("/sync/v1/environments/dev").header("ETag"), "\"" + missed.id() + "\"");
            assertEquals(": gitflags", stream.nextComment(WAIT));
            for (int i = 0; i < 3; i++) {
                assertEquals(":", stream.nextComment(WAIT), "heartbeat " + i);
            }
        }
    }

    @Test
    void streamsOfEnvironmentsNotServedAre404AndTheSyncFeedSaysWhichAre() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL));
             EventStreamClient retired = new EventStreamClient(server.url() + "/events/v1/environments/retired")) {
            assertEquals(404, retired.status());
            Http.Reply feed = new Http(server).get("/sync/v1/environments/retired");
            assertEquals(404, feed.status());
            assertEquals("UNKNOWN_ENVIRONMENT", feed.json().get("error").asText());
        }
    }

    @Test
    void theStreamsOfAnEnvironmentNoLongerServedAreClosed() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL));
             EventStreamClient dev = new EventStreamClient(server.url() + "/events/v1/environments/dev")) {
            assertNotNull(dev.nextComment(WAIT));
            repo.write("gitflags.yaml", Fixtures.Serving.GITFLAGS.replace(", dev", "")).commit("dev retired");
            assertTrue(dev.awaitEnd(WAIT), "the stream ends, so the client reconnects and re-fetches");
            try (EventStreamClient again = new EventStreamClient(server.url() + "/events/v1/environments/dev")) {
                assertEquals(404, again.status());
            }
        }
    }

    @Test
    void theSyncFeedHoldsTheResolvedDefinitions() throws Exception {
        try (TestRepo repo = Fixtures.Serving.repo(dir);
             FlagServer server = FlagServer.start(ServerOptions.of(dir, "main", 0, POLL))) {
            Http.Reply feed = new Http(server).get("/sync/v1/environments/staging");
            assertEquals(200, feed.status());
            assertEquals(repo.head(), feed.header("X-Gitflags-Commit"));
            JsonNode body = feed.json();
            assertEquals("gitflags.sync/v1", body.get("format").asText());
            assertEquals("staging", body.get("environment").asText());
            assertEquals(4096, body.get("maxAttributeLength").asInt());
            assertEquals("Welcome to staging", flag(body, "banner-text").get("defaultValue").asText());
            JsonNode rule = flag(body, "new-checkout").get("rules").get(0);
            assertEquals("beta-testers", rule.get("name").asText());
            assertEquals("plan", rule.get("conditions").get(0).get("attribute").asText());
            assertEquals(50, flag(body, "button-color").get("variants").get("green").get("weight").asInt());
            assertNull(flag(body, "banner-text").get("provenance"), "no files or lines: they are not definitions");
        }
    }

    static JsonNode flag(JsonNode feed, String key) {
        for (JsonNode flag : feed.get("flags")) {
            if (flag.get("key").asText().equals(key)) {
                return flag;
            }
        }
        throw new AssertionError("no flag " + key + " in " + feed);
    }

    private static void awaitCommit(Http http, String commit) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!commit.equals(http.get("/status").json().get("commit").asText())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("commit " + commit + " not served");
            }
            Thread.sleep(50);
        }
    }
}
