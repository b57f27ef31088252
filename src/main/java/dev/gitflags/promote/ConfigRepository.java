package dev.gitflags.promote;

import dev.gitflags.load.SourceException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The git repository that holds a config folder, and where the folder lies inside it ("" for the root or a bare
 * repository): what a promotion needs to write commits. Close it when done.
 */
public record ConfigRepository(Repository repository, String subfolder) implements AutoCloseable {

    /** Opens the repository enclosing {@code folder} (a work tree, a subfolder of one, or a bare repository). */
    public static ConfigRepository open(Path folder) throws SourceException {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new SourceException("no such folder: " + folder);
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(absolute.toFile());
        if (builder.getGitDir() == null) {
            throw new SourceException("not inside a git repository: " + folder + " (promotion writes commits)");
        }
        Repository repository;
        try {
            repository = builder.setMustExist(true).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new SourceException("cannot open the git repository at " + builder.getGitDir() + ": "
                    + e.getMessage(), e);
        }
        try {
            if (repository.isBare() || absolute.toRealPath().startsWith(repository.getDirectory().toPath().toRealPath())) {
                return new ConfigRepository(repository, "");
            }
            Path workTree = repository.getWorkTree().toPath().toRealPath();
            String subfolder = workTree.relativize(absolute.toRealPath()).toString().replace('\\', '/');
            return new ConfigRepository(repository, subfolder);
        } catch (IOException e) {
            repository.close();
            throw new SourceException("cannot locate " + folder + " in its repository: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
