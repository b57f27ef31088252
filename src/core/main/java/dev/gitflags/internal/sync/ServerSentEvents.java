package dev.gitflags.internal.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The text/event-stream format (WHATWG HTML, "server-sent events") read line by line: {@code id:}, {@code event:}
 * and {@code data:} fields gathered until a blank line dispatches them; comments ({@code :} lines, the server's
 * heartbeats) and unknown fields are skipped. Small enough not to need a library.
 */
public final class ServerSentEvents {

    /** One dispatched event; {@code id} is the last one seen on the stream (it carries over), {@code type} "message" by default. */
    public record Event(String id, String type, String data) {
    }

    private ServerSentEvents() {
    }

    /**
     * Reads events from {@code in} until it ends, handing each to {@code each}.
     *
     * @param heard called for every line, comments included: the stream is alive
     */
    public static void read(BufferedReader in, Runnable heard, Consumer<Event> each) throws IOException {
        String id = null;
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
            heard.run();
            if (line.isEmpty()) {
                if (data != null) {
                    each.accept(new Event(id, type == null ? "message" : type, data.toString()));
                }
                type = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> type = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // retry and unknown fields: reconnection is the client's own back-off
                }
            }
        }
    }
}
