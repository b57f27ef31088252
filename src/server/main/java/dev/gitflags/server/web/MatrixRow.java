package dev.gitflags.server.web;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One flag: what describes it, who owns it and until when ({@code expires} YYYY-MM-DD, or null; {@code permanent}),
 * why it is stale if it is ({@link FlagMatrix#staleReasons}; empty when it is not), and one cell per environment
 * column, in column order.
 */
@Serdeable
public record MatrixRow(String key, String name, String type, String status, String description, List<String> tags,
                        List<String> owners, String expires, boolean permanent, List<String> stale,
                        List<MatrixCell> cells) {
}
