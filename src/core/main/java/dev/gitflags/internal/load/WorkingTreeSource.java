package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a folder on disk, as they are now (a working tree or any plain folder). Symbolic links below the
 * root are never followed, neither when listing nor when reading (see {@link SymbolicLinks}).
 */
public final class WorkingTreeSource implements ConfigSource {

    private final Path root;
    /** Taken once, on first use: the regular files and the links below the root. */
    private volatile Listing listing;

    private record Listing(List<String> files, List<String> links) {
    }

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
        return listing().files();
    }

    @Override
    public List<Problem> problems() throws IOException {
        return listing().links().stream().filter(SymbolicLinks::matters).map(SymbolicLinks::problem).toList();
    }

    private Listing listing() throws IOException {
        Listing taken = listing;
        if (taken == null) {
            List<String> files = new ArrayList<>();
            List<String> links = new ArrayList<>();
            // Files.walk does not follow links: a linked folder is one entry, not a subtree.
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.filter(path -> !path.equals(root)).toList()) {
                    Path relative = root.relativize(path);
                    if (isInsideGitDir(relative)) {
                        continue;
                    }
                    String name = relative.toString().replace('\\', '/');
                    if (Files.isSymbolicLink(path)) {
                        links.add(name);
                    } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(name);
                    }
                }
            }
            taken = new Listing(files.stream().sorted().toList(), links.stream().sorted().toList());
            listing = taken;
        }
        return taken;
    }

    @Override
    public long size(String path) throws IOException {
        return Files.readAttributes(resolve(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    }

    /** Opened without following a link, so a file swapped for one after listing is not read through it. */
    @Override
    public byte[] read(String path) throws IOException {
        try (InputStream in = Files.newInputStream(resolve(path), LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        }
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
