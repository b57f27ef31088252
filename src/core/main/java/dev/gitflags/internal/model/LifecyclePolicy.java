package dev.gitflags.internal.model;

/**
 * The {@code lifecycle:} section of {@code gitflags.yaml}: what every flag definition must say about its owner and
 * lifetime, and when a flag counts as stale.
 *
 * @param requireOwner     every flag needs {@code owner}
 * @param requireExpires   every flag that is not {@code permanent: true} needs {@code expires}
 * @param maxLifetimeDays  the longest a non-permanent flag may live, in days, or null for no limit: {@code expires}
 *                         may be at most this far from today, and {@code stale} reports a flag first defined longer
 *                         ago than this
 * @param expiredIsError   an expired flag is an error ({@code expired: error}) rather than a warning (the default)
 * @param unchangedDays    how long a flag must have served one value everywhere before {@code stale} calls it done
 *                         rolling out
 * @param origin           where the section is written, or the start of gitflags.yaml when it is absent
 */
public record LifecyclePolicy(boolean requireOwner, boolean requireExpires, Integer maxLifetimeDays,
                              boolean expiredIsError, int unchangedDays, Origin origin) {

    /** {@code unchanged_days} when the section does not say. */
    public static final int DEFAULT_UNCHANGED_DAYS = 30;

    /** No section: nothing is required, an expired flag is a warning. */
    public static LifecyclePolicy none(Origin origin) {
        return new LifecyclePolicy(false, false, null, false, DEFAULT_UNCHANGED_DAYS, origin);
    }
}
