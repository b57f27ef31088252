package dev.gitflags.internal.sync;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The event-stream reader on the shapes the WHATWG format allows and gitflags' server sends. */
class ServerSentEventsTest {

    @Test
    void eventsAreDispatchedAtBlankLinesCommentsAndUnknownFieldsSkipped() throws Exception {
        String stream = """
                : connected
                
                id: d1
                data: {"type":"refetchEvaluation","etag":"d1"}
                
                : heartbeat
                retry: 1000
                event: custom
                data:first
                data: second
                
                data: no blank line at the end is no event""";
        List<ServerSentEvents.Event> events = new ArrayList<>();
        AtomicInteger lines = new AtomicInteger();
        ServerSentEvents.read(new BufferedReader(new StringReader(stream)), lines::incrementAndGet, events::add);
        assertEquals(List.of(
                new ServerSentEvents.Event("d1", "message", "{\"type\":\"refetchEvaluation\",\"etag\":\"d1\"}"),
                new ServerSentEvents.Event("d1", "custom", "first\nsecond")), events);
        assertEquals(12, lines.get(), "every line, comments too, is a sign of life");
    }
}
