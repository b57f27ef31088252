package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files of a folder on disk, as they are now (a working tree or any plain folder). Symbolic links below the
 * root are never followed, neither when listing nor when reading (see {@link SymbolicLinks}), and submodules are
 * never entered (see {@link Submodules}).
 */
public final class WorkingTreeSource implements ConfigSource {

    private final Path root;
    /** Taken once, on first use: the regular files, the links and the submodules below the root. */
    private volatile Listing listing;

    private record Listing(List<String> files, List<String> links, List<String> submodules) {
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
        Listing taken = listing();
        List<Problem> problems = new ArrayList<>();
        taken.links().stream().filter(FileKind::isConfigPath).map(SymbolicLinks::problem).forEach(problems::add);
        taken.submodules().stream().filter(FileKind::isConfigPath).map(Submodules::problem).forEach(problems::add);
        return problems;
    }

    private Listing listing() throws IOException {
        Listing taken = listing;
        if (taken == null) {
            List<String> files = new ArrayList<>();
            List<String> links = new ArrayList<>();
            // A submodule that is not checked out is an empty folder: only the enclosing index knows it.
            Set<String> submodules = new TreeSet<>(Submodules.inIndexAbove(root));
            // Links are not followed: a linked folder is one entry, not a subtree. A folder holding .git is a
            // submodule checked out (or another repository), whose files are not this repository's.
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    if (folder.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = nameOf(folder);
                    if (isInsideGitDir(root.relativize(folder)) || submodules.contains(name)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (Files.exists(folder.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                        submodules.add(name);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (!isInsideGitDir(root.relativize(file))) {
                        if (attributes.isSymbolicLink()) {
                            links.add(nameOf(file));
                        } else if (attributes.isRegularFile()) {
                            files.add(nameOf(file));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            taken = new Listing(files.stream().sorted().toList(), links.stream().sorted().toList(),
                    List.copyOf(submodules));
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

    private String nameOf(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static boolean isInsideGitDir(Path relative) {
        return relative.getNameCount() > 0 && relative.getName(0).toString().equals(".git");
    }
}
