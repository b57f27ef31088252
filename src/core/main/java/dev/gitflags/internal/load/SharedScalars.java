package dev.gitflags.internal.load;

import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

import java.util.HashMap;
import java.util.Map;

/**
 * A document's parser events with every scalar text that repeats in it held once: the model keeps the texts it
 * reads (tags, variant keys, values, attribute names), and in a file of hundreds of flags most of them repeat.
 * One String per distinct text, instead of one per occurrence, is what keeps a long-lived snapshot small.
 */
final class SharedScalars implements Parser {

    private final Parser events;
    private final Map<String, String> texts = new HashMap<>();
    /** The last event the parser gave and what this gives for it: a peek and the get after it see one event. */
    private Event given;
    private Event shared;

    SharedScalars(Parser events) {
        this.events = events;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return events.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return share(events.peekEvent());
    }

    @Override
    public Event getEvent() {
        return share(events.getEvent());
    }

    private Event share(Event event) {
        if (event != given) {
            given = event;
            shared = event instanceof ScalarEvent scalar ? withSharedText(scalar) : event;
        }
        return shared;
    }

    private ScalarEvent withSharedText(ScalarEvent scalar) {
        String text = texts.computeIfAbsent(scalar.getValue(), value -> value);
        return text == scalar.getValue() ? scalar : new ScalarEvent(scalar.getAnchor(), scalar.getTag(),
                scalar.getImplicit(), text, scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle());
    }
}
