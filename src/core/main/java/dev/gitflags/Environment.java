package dev.gitflags;

import java.util.List;
import java.util.Optional;

/**
 * One environment of a snapshot, from {@code environments/<slug>.yaml}.
 *
 * @param slug   its name in URLs and files, e.g. {@code staging}
 * @param name   its display name
 * @param parent the environment it inherits from; empty for a root
 * @param chain  itself, then its parent, up to its root: the order a flag's fields are looked up
 * @param active {@code active:} in its file; an inactive environment is not served but its children inherit through it
 * @param served active and allowed by {@code allowed_environments} of gitflags.yaml: it can be evaluated
 */
public record Environment(String slug, String name, Optional<String> parent, List<String> chain, boolean active,
                          boolean served) {

    public Environment {
        chain = List.copyOf(chain);
    }
}
