package dev.gitflags.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of a folder on disk, as they are now (a working tree or any plain folder). */
public final class WorkingTreeSource implements ConfigSource {

    private final Path root;

    public WorkingTreeSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String description() {
        return root.toString();
    }

    @Override
    public String commit() {
        return null;
    }

    @Override
    public List<String> files() throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> !isInsideGitDir(root.relativize(path)))
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public long size(String path) throws IOException {
        return Files.size(resolve(path));
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(resolve(path));
    }

    private Path resolve(String path) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("path outside the config folder: " + path);
        }
        return file;
    }

    private static boolean isInsideGitDir(Path relative) {
        return relative.getNameCount() > 0 && relative.getName(0).toString().equals(".git");
    }
}
