package dev.gitflags.bench;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grows a {@link SyntheticRepo} into a history: {@code commits} commits on {@code main}, an hour apart, each
 * changing one file. In every five, one edits the description of a flag file's first flag (the files in turn),
 * three edit an environment's description (the environments in turn), and one sets {@code tracked}'s base
 * {@code rollout_percentage} to the commit's number modulo 101. So only that fifth changes what any environment
 * serves, and only for {@code tracked}; the others change files a history walk must look at. Deterministic.
 */
public final class SyntheticHistory {

    private static final Pattern FLAG_DESCRIPTION = Pattern.compile(
            "(description: Synthetic flag number \\d+ for benchmarks)[^\\n]*");
    private static final Pattern ENVIRONMENT_DESCRIPTION = Pattern.compile(
            "(description: Synthetic environment \\d+)[^\\n]*");

    private SyntheticHistory() {
    }

    /**
     * Adds the commits to the repository at {@code dir}, made by {@link SyntheticRepo#generate} with
     * {@code flags} flags and {@code environments} environments; {@code tracked} must be a flag with a base
     * {@code rollout_percentage} (a boolean flag whose number is a multiple of 4 but not of 10).
     */
    public static void generate(Path dir, int flags, int environments, int commits, String tracked) {
        int flagFiles = (flags + SyntheticRepo.FLAGS_PER_FILE - 1) / SyntheticRepo.FLAGS_PER_FILE;
        int trackedIndex = Integer.parseInt(tracked.substring(tracked.indexOf('-') + 1));
        String trackedFile = String.format("flags/flags-%03d.yaml", trackedIndex / SyntheticRepo.FLAGS_PER_FILE);
        try (Git git = Git.open(dir.toFile())) {
            for (int commit = 1; commit <= commits; commit++) {
                String file;
                String text;
                switch (commit % 5) {
                    case 0 -> {
                        file = String.format("flags/flags-%03d.yaml", (commit / 5) % flagFiles);
                        text = edit(dir, file, FLAG_DESCRIPTION, "$1, revision " + commit);
                    }
                    case 4 -> {
                        file = trackedFile;
                        text = rollout(dir, file, tracked, commit % 101);
                    }
                    default -> {
                        file = "environments/" + SyntheticRepo.environmentSlug(commit % environments) + ".yaml";
                        text = edit(dir, file, ENVIRONMENT_DESCRIPTION, "$1, revision " + commit);
                    }
                }
                Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
                git.add().addFilepattern(file).call();
                PersonIdent author = new PersonIdent("SyntheticHistory", "bench@gitflags.dev",
                        Instant.ofEpochSecond(commit * 3600L), ZoneOffset.UTC);
                git.commit().setMessage("commit " + commit + ": " + file).setAuthor(author).setCommitter(author)
                        .setSign(false).call();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit the synthetic history", e);
        }
    }

    private static String edit(Path dir, String file, Pattern pattern, String replacement) throws IOException {
        String text = Files.readString(dir.resolve(file));
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("nothing to edit in " + file);
        }
        return matcher.replaceFirst(replacement);
    }

    /** The file with {@code key}'s base rollout set to {@code percentage}. */
    private static String rollout(Path dir, String file, String key, int percentage) throws IOException {
        String text = Files.readString(dir.resolve(file));
        int start = text.indexOf("\n  " + key + ":\n");
        int end = start < 0 ? -1 : text.indexOf("\n  flag-", start + 1);
        String block = start < 0 ? "" : text.substring(start, end < 0 ? text.length() : end);
        if (!block.contains("rollout_percentage: ")) {
            throw new IllegalStateException(key + " has no rollout_percentage in " + file);
        }
        String edited = block.replaceFirst("rollout_percentage: \\d+", "rollout_percentage: " + percentage);
        return text.substring(0, start) + edited + text.substring(start + block.length());
    }
}
