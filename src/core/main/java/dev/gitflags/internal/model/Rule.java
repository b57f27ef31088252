package dev.gitflags.internal.model;

import java.util.List;

/**
 * A targeting rule. Rules run by ascending {@code priority}, ties in file order; the first whose conditions all
 * match and whose rollout admits the targeting key serves. {@code rolloutPercentage} is null for "everyone".
 */
public record Rule(String name, int priority, boolean enabled, List<Condition> conditions, Serve serve,
                   Integer rolloutPercentage, Origin origin) {

    public Rule {
        conditions = List.copyOf(conditions);
    }
}
