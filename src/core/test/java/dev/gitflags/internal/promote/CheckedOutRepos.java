package dev.gitflags.internal.promote;

import dev.gitflags.testing.TestRepo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the promotion tests that use real processes check in a checked-out repository, judged by git itself. */
final class CheckedOutRepos {

    private CheckedOutRepos() {
    }

    /** A new branch made from main, checked out in a linked worktree at {@code linked} by git itself. */
    static Path linkedWorktree(TestRepo repo, String branch, Path linked) {
        repo.git("branch", branch).ok();
        repo.git("worktree", "add", "--quiet", linked.toString(), branch).ok();
        return linked;
    }

    /**
     * Nothing left over: {@code git status} clean in every checkout, no git lock file anywhere in the repository
     * ({@code index.lock}, ref locks), nothing but gitflags' lock file in its own folder, and a sound object store.
     */
    static void assertClean(TestRepo repo, Path... checkouts) {
        for (Path checkout : checkouts) {
            try (TestRepo worktree = TestRepo.open(checkout)) {
                assertEquals("", worktree.git("status", "--porcelain").ok(), "git status in " + checkout);
            }
        }
        Path common = repo.repository().getCommonDirectory().toPath();
        try (Stream<Path> files = Files.walk(common)) {
            List<String> locks = files.filter(file -> file.getFileName().toString().endsWith(".lock"))
                    .map(file -> common.relativize(file).toString().replace('\\', '/'))
                    .filter(file -> !file.startsWith("gitflags/")).toList();
            assertEquals(List.of(), locks, "lock files in " + common);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path own = common.resolve("gitflags");
        if (Files.isDirectory(own)) {
            try (Stream<Path> files = Files.list(own)) {
                assertEquals(List.of("promote.lock"), files.map(file -> file.getFileName().toString()).sorted()
                        .toList(), "what gitflags keeps in " + own);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        repo.git("fsck", "--strict").ok();
    }
}
