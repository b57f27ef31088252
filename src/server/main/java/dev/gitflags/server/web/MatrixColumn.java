package dev.gitflags.server.web;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One environment column, in inheritance-tree order.
 *
 * @param depth  0 for a root, 1 for its children, …
 * @param served true when the server answers for it (active and allowed)
 */
@Serdeable
public record MatrixColumn(String slug, String name, String parent, int depth, boolean active, boolean served) {
}
