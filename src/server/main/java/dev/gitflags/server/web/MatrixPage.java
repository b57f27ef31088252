package dev.gitflags.server.web;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What {@code GET /api/v1/matrix} answers: the served state for the banner, every column, every tag (for the
 * filter), and only the requested window of matching rows.
 *
 * @param flagCount every flag of the snapshot
 * @param total     the flags that match the filters; {@code rows} is the window {@code offset … offset+limit}
 */
@Serdeable
public record MatrixPage(ServedStatus status, List<MatrixColumn> environments, List<String> tags, int flagCount,
                         int total, int offset, int limit, List<MatrixRow> rows) {
}
