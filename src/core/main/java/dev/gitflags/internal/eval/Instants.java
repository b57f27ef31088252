package dev.gitflags.internal.eval;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Date;

/**
 * ISO-8601 points in time for the date operators. Accepted: a date ({@code 2025-03-01}, the start of that day
 * UTC), a date-time with {@code Z} or an offset ({@code 2025-03-01T12:00:00+02:00}), and a date-time without
 * one, read as UTC.
 */
final class Instants {

    static final String EXAMPLES = "an ISO-8601 date like 2025-03-01 (start of that day UTC) or an instant like "
            + "2025-03-01T12:00:00Z";

    private Instants() {
    }

    /** The instant {@code text} names; the exception's message is the parser's reason why it names none. */
    static Instant parse(String text) {
        try {
            if (text.indexOf('T') < 0) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
                    LocalDateTime::from);
            return parsed instanceof OffsetDateTime offset ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The instant, or null when {@code text} names none (context values must never throw). */
    static Instant tryParse(String text) {
        if (text.length() < 10 || !Character.isDigit(text.charAt(0))) {
            return null; // cheap rejection of obvious non-dates before the costly exception path
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An operand already typed by a YAML or JSON reader as a date or time, or null for any other value. */
    static Instant fromTemporal(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof LocalDateTime dateTime) {
            return dateTime.toInstant(ZoneOffset.UTC);
        }
        return null;
    }
}
