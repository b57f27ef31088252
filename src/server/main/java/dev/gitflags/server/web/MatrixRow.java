package dev.gitflags.server.web;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One flag: what describes it, and one cell per environment column, in column order. */
@Serdeable
public record MatrixRow(String key, String name, String type, String status, String description, List<String> tags,
                        List<MatrixCell> cells) {
}
