package dev.gitflags.internal.model;

import java.util.List;
import java.util.Objects;

/**
 * A targeting rule. Rules run by ascending {@code priority}, ties in file order; the first whose conditions all
 * match and whose rollout admits the targeting key serves. {@code rolloutPercentage} is null for "everyone".
 * Rules compare by what they say, not by where they were written ({@code origin}): a rule copied verbatim into
 * another file equals the original.
 */
public record Rule(String name, int priority, boolean enabled, List<Condition> conditions, Serve serve,
                   Integer rolloutPercentage, Origin origin) {

    public Rule {
        conditions = List.copyOf(conditions);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rule that && Objects.equals(name, that.name) && priority == that.priority
                && enabled == that.enabled && conditions.equals(that.conditions) && Objects.equals(serve, that.serve)
                && Objects.equals(rolloutPercentage, that.rolloutPercentage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, priority, enabled, conditions, serve, rolloutPercentage);
    }
}
