package dev.gitflags.internal.promote;

import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.SourceException;
import org.eclipse.jgit.lib.Repository;

import java.nio.file.Path;

/**
 * The git repository that holds a config folder, and where the folder lies inside it ("" for the root or a bare
 * repository): what a promotion needs to write commits. Close it when done.
 */
public record ConfigRepository(Repository repository, String subfolder) implements AutoCloseable {

    /** Opens the repository enclosing {@code folder} (a work tree, a subfolder of one, or a bare repository). */
    public static ConfigRepository open(Path folder) throws SourceException {
        ConfigSources.GitLocation location = ConfigSources.locate(folder, "promotion writes commits");
        return new ConfigRepository(location.repository(), location.subfolder());
    }

    @Override
    public void close() {
        repository.close();
    }
}
