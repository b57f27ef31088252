package dev.gitflags.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes files into a folder, git repository or not: the one place tests create config files on disk
 * ({@link TestRepo} writes through it too). Parent folders are created; I/O errors are unchecked.
 */
public final class TestFiles {

    private TestFiles() {
    }

    /** Writes {@code files} (path relative to {@code root} → UTF-8 text); returns {@code root}. */
    public static Path write(Path root, Map<String, String> files) {
        files.forEach((path, text) -> write(root, path, text.getBytes(StandardCharsets.UTF_8)));
        return root;
    }

    /** Writes one file of UTF-8 text below {@code root}. */
    public static Path write(Path root, String path, String text) {
        return write(root, path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one file of bytes below {@code root}; returns the file. */
    public static Path write(Path root, String path, byte[] bytes) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything below it (a benchmark's temporary folder). */
    public static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies every regular file below {@code source} (e.g. {@code example-repo} or a folder of
     * {@code src/core/test/resources}) to the same relative path below {@code target}, replacing what is there.
     */
    public static Path copy(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                Path to = target.resolve(source.relativize(path).toString());
                Files.createDirectories(to.getParent());
                Files.copy(path, to, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
