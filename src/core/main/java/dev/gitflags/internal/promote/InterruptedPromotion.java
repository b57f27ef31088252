package dev.gitflags.internal.promote;

import dev.gitflags.internal.load.SourceException;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finishing what a killed {@code gitflags promote} left in a repository: a branch that has the promotion while
 * a working tree on it, still locked, holds the old content (see {@link WorktreeUpdate}). The command line runs
 * this before every command but {@code serve}, so the next gitflags command on the repository completes it.
 */
public final class InterruptedPromotion {

    private InterruptedPromotion() {
    }

    /**
     * Completes or rolls back an interrupted update of the repository enclosing {@code folder}, waiting for a
     * promotion in progress there to end first. Returns what was done, as sentences; empty when nothing was left
     * unfinished, or {@code folder} is in no git repository.
     *
     * @throws IOException when it cannot be finished now (another git command holds an index lock)
     */
    public static List<String> finish(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        // what ConfigSources.locate finds, without building a Repository (which reads git's user and system
        // config): every command runs this check, and a journal is there only after a kill
        FileRepositoryBuilder found = new FileRepositoryBuilder().readEnvironment()
                .findGitDir(folder.toAbsolutePath().normalize().toFile());
        if (found.getGitDir() == null) {
            return List.of();
        }
        try {
            found.setup();
        } catch (IOException | IllegalArgumentException unreadable) {
            return List.of(); // the command itself reports what is wrong with the repository
        }
        File common = found.getGitCommonDir() != null ? found.getGitCommonDir() : found.getGitDir();
        if (!WorktreeUpdate.interrupted(common)) {
            return List.of();
        }
        ConfigRepository config;
        try {
            config = ConfigRepository.open(folder);
        } catch (SourceException notInARepository) {
            return List.of();
        }
        try (config) {
            if (!WorktreeUpdate.interrupted(config.repository())) {
                return List.of();
            }
            try (PromotionLock lock = PromotionLock.acquire(config.repository())) {
                return WorktreeUpdate.finishInterrupted(config.repository());
            }
        }
    }
}
