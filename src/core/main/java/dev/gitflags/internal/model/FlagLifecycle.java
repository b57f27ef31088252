package dev.gitflags.internal.model;

import java.time.LocalDate;
import java.util.List;

/**
 * Who owns a flag and how long it is meant to live: the {@code owner}, {@code expires} and {@code permanent} fields
 * of its definition. Checked against the repository's {@link LifecyclePolicy} by {@code validate} and
 * {@code stale}, never by a load: a date passing must not stop a server from serving.
 *
 * @param owners        the teams or people named by {@code owner} (a string or a list), in file order; may be empty
 * @param expires       the last day the flag is meant to exist, or null
 * @param permanent     {@code permanent: true}: a long-lived operational or configuration flag that never expires
 * @param expiresOrigin where {@code expires} is written, or null when it is not
 */
public record FlagLifecycle(List<String> owners, LocalDate expires, boolean permanent, Origin expiresOrigin) {

    /** A definition that says nothing about its owner or its lifetime. */
    public static final FlagLifecycle NONE = new FlagLifecycle(List.of(), null, false, null);

    public FlagLifecycle {
        owners = List.copyOf(owners);
    }

    /** True when {@code expires} is a day before {@code today}: the flag was meant to be gone by now. */
    public boolean isExpired(LocalDate today) {
        return expires != null && expires.isBefore(today);
    }
}
