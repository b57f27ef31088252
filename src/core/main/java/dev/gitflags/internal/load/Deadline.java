package dev.gitflags.internal.load;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a load must give up. Java cannot stop a thread from outside, so the {@link Loader} asks {@link #check()}
 * itself between files and between its steps; past the deadline it throws {@link Exceeded} and the partial work
 * becomes garbage. A command-line load has {@link #NONE}; the server gives each load its {@code --load-timeout}.
 *
 * @param budget  how long the load may run; null for no deadline
 * @param endNanos the {@code clock} reading at which the budget is spent
 * @param clock    nanoseconds: {@link System#nanoTime()}, or a test's clock
 */
public record Deadline(Duration budget, long endNanos, LongSupplier clock) {

    /** No deadline: the load runs until it is done. */
    public static final Deadline NONE = new Deadline(null, 0, System::nanoTime);

    /** A deadline {@code budget} from now. */
    public static Deadline after(Duration budget) {
        return after(budget, System::nanoTime);
    }

    /** A deadline {@code budget} from now on {@code clock}, which is read at every {@link #check()}. */
    public static Deadline after(Duration budget, LongSupplier clock) {
        return new Deadline(budget, clock.getAsLong() + budget.toNanos(), clock);
    }

    /** Throws {@link Exceeded} once the deadline has passed; cheap enough to call per file and per flag. */
    public void check() {
        if (budget != null && clock.getAsLong() - endNanos > 0) {
            throw new Exceeded(budget);
        }
    }

    /** A load ran past its deadline; the message is the reason /status and the log give. */
    public static final class Exceeded extends RuntimeException {

        public Exceeded(Duration budget) {
            super("load exceeded " + text(budget), null, false, false);
        }
    }

    /** {@code 60s} or {@code 1500ms}: the way the option is written. */
    public static String text(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
