package dev.gitflags.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Every log event of the process (the root logger, every level it lets through) from {@link #start()} until
 * {@link #close()}: for tests that assert what a request costs in the log.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** The events so far, oldest first. */
    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** Each event as {@code LEVEL logger - message}, with {@code +trace} when it carries a throwable. */
    public List<String> lines() {
        return events().stream().map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " +trace")).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
