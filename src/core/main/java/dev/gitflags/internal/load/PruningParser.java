package dev.gitflags.internal.load;

import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A parser that drops the entries of one top-level mapping ({@code flags:} or {@code overrides:}) whose key is
 * outside a {@link FlagScope}, so the composer never builds nodes for them. Their text is still scanned and
 * parsed, so a syntax error anywhere in the file is still found; only the dropped entries' content goes
 * unchecked. Every other event passes through unchanged, marks included.
 */
final class PruningParser implements Parser {

    /** One open collection of the events passed on: where in it the next node goes. */
    private static final class Frame {
        final boolean mapping;
        final boolean pruned;
        boolean atKey = true;
        String key;

        Frame(boolean mapping, boolean pruned) {
            this.mapping = mapping;
            this.pruned = pruned;
        }
    }

    private final Parser events;
    private final String section;
    private final FlagScope scope;
    private final Deque<Frame> open = new ArrayDeque<>();
    private Event next;

    /** @param section the top-level key whose mapping is pruned, e.g. {@code overrides} */
    PruningParser(Parser events, String section, FlagScope scope) {
        this.events = events;
        this.section = section;
        this.scope = scope;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        Event event = peekEvent();
        return event != null && event.is(choice);
    }

    @Override
    public Event peekEvent() {
        if (next == null) {
            next = nextKept();
        }
        return next;
    }

    @Override
    public Event getEvent() {
        Event event = peekEvent();
        next = null;
        return event;
    }

    private Event nextKept() {
        while (true) {
            Event event = events.getEvent();
            if (event == null) {
                return null;
            }
            Frame frame = open.peek();
            if (frame != null && frame.pruned && frame.atKey && event instanceof ScalarEvent key
                    && !scope.includes(key.getValue())) {
                skipNode();
                continue;
            }
            track(event, frame);
            return event;
        }
    }

    /** Follows the structure of what is passed on, to know when the next event is a key of the pruned mapping. */
    private void track(Event event, Frame frame) {
        if (event instanceof CollectionStartEvent) {
            boolean pruned = event instanceof MappingStartEvent && open.size() == 1 && frame.mapping && !frame.atKey
                    && section.equals(frame.key);
            open.push(new Frame(event instanceof MappingStartEvent, pruned));
        } else if (event instanceof CollectionEndEvent) {
            open.pop();
            nodeDone(open.peek(), null);
        } else if (event instanceof ScalarEvent scalar) {
            nodeDone(frame, scalar.getValue());
        } else if (event instanceof AliasEvent) {
            nodeDone(frame, null);
        }
    }

    /** A node ended inside {@code frame}: a key (remember its text) or a value. */
    private static void nodeDone(Frame frame, String text) {
        if (frame == null || !frame.mapping) {
            return;
        }
        if (frame.atKey) {
            frame.key = text;
        }
        frame.atKey = !frame.atKey;
    }

    /** Consumes the value node of a dropped entry, however deep. */
    private void skipNode() {
        int depth = 0;
        do {
            Event event = events.getEvent();
            if (event == null) {
                return;
            }
            if (event instanceof CollectionStartEvent) {
                depth++;
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        } while (depth > 0);
    }
}
