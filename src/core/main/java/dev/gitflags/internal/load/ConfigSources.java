package dev.gitflags.internal.load;

import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the source a user names on the command line: {@code --repo DIR} and optionally {@code --ref REF}. */
public final class ConfigSources {

    private ConfigSources() {
    }

    /**
     * With {@code ref} null, the folder {@code repoDir} as it is on disk. With a ref ({@code main}, {@code HEAD~3},
     * a SHA), the same folder inside that commit of the git repository enclosing {@code repoDir} (which may also
     * be a bare repository), read without checkout. Close the result when done.
     */
    public static ConfigSource open(Path repoDir, String ref) throws SourceException {
        return open(repoDir, ref, "");
    }

    /**
     * {@link #open(Path, String)} of the folder {@code below} inside {@code repoDir} ('/'-separated, "" for
     * {@code repoDir} itself): with a ref it is looked up in the commit's tree, so it works in a bare repository too.
     */
    public static ConfigSource open(Path repoDir, String ref, String below) throws SourceException {
        if (ref == null && !below.isEmpty()) {
            return open(repoDir.resolve(below), null, "");
        }
        Path folder = repoDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new SourceException("no such folder: " + repoDir);
        }
        if (ref == null) {
            return new WorkingTreeSource(realPath(folder));
        }
        GitLocation location = locate(folder, "drop --ref to read the folder as it is");
        Repository repository = location.repository();
        try {
            String subfolder = below.isEmpty() ? location.subfolder()
                    : location.subfolder().isEmpty() ? below : location.subfolder() + "/" + below;
            ObjectId commit = resolve(repository, ref);
            return GitTreeSource.owning(repository, commit, subfolder, ref);
        } catch (SourceException | RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    /**
     * The commit {@code git diff LEFT...RIGHT} starts from: the merge base of the two commits, in the git
     * repository enclosing {@code repoDir}, as its full SHA. Refused when they have none, or several (after
     * criss-cross merges), since then no single commit is where RIGHT branched off.
     */
    public static String mergeBase(Path repoDir, String left, String right) throws SourceException {
        GitLocation location = locate(repoDir, "a range A...B compares commits of a git repository");
        try (Repository repository = location.repository(); RevWalk walk = new RevWalk(repository)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(resolve(repository, left)));
            walk.markStart(walk.parseCommit(resolve(repository, right)));
            RevCommit base = walk.next();
            if (base == null) {
                throw new SourceException(left + " and " + right + " have no common commit, so " + left + "..."
                        + right + " has no merge base; compare them with two refs: gitflags diff " + left + " "
                        + right);
            }
            RevCommit another = walk.next();
            if (another != null) {
                throw new SourceException(left + " and " + right + " have more than one merge base ("
                        + base.abbreviate(12).name() + ", " + another.abbreviate(12).name() + "); name the one to "
                        + "start from: gitflags diff BASE " + right);
            }
            return base.name();
        } catch (IOException e) {
            throw new SourceException("cannot find the merge base of " + left + " and " + right + ": "
                    + e.getMessage(), e);
        }
    }

    /** Follows a symlinked config root (git-sync publishes each revision behind one) so the walk sees its files. */
    private static Path realPath(Path folder) throws SourceException {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            throw new SourceException("cannot read the folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The git repository enclosing a folder, and where the folder lies in it ("" for the root or a bare repo). */
    public record GitLocation(Repository repository, String subfolder) {
    }

    /**
     * Opens the git repository enclosing {@code folder} (a work tree, a subfolder of one, or a bare repository)
     * and says where the folder lies in it; the caller closes the repository. {@code advice} ends the message
     * when the folder is in no repository.
     */
    public static GitLocation locate(Path folder, String advice) throws SourceException {
        Path absolute = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new SourceException("no such folder: " + folder);
        }
        Repository repository = openEnclosingRepository(absolute, advice);
        try {
            return new GitLocation(repository, subfolderOf(repository, absolute));
        } catch (SourceException | RuntimeException e) {
            repository.close();
            throw e;
        }
    }

    private static Repository openEnclosingRepository(Path folder, String advice) throws SourceException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(folder.toFile());
        if (builder.getGitDir() == null) {
            throw new SourceException("not inside a git repository: " + folder + " (" + advice + ")");
        }
        try {
            return builder.setMustExist(true).build();
        } catch (IOException | IllegalArgumentException e) {
            throw new SourceException("cannot open the git repository at " + builder.getGitDir() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Where {@code folder} lies inside the work tree, '/'-separated; "" for the root or a bare repository. */
    private static String subfolderOf(Repository repository, Path folder) throws SourceException {
        if (repository.isBare()) {
            return "";
        }
        try {
            Path workTree = repository.getWorkTree().toPath().toRealPath();
            Path real = folder.toRealPath();
            if (real.startsWith(repository.getDirectory().toPath().toRealPath())) {
                return "";
            }
            if (!real.startsWith(workTree)) {
                throw new SourceException(folder + " is not inside the work tree " + workTree);
            }
            return workTree.relativize(real).toString().replace('\\', '/');
        } catch (IOException e) {
            throw new SourceException("cannot locate " + folder + " in its repository: " + e.getMessage(), e);
        }
    }

    /** Longest ref accepted, in characters: far beyond any real one, far below what floods a log. */
    static final int MAX_REF_LENGTH = 1024;
    /** Longest part of a ref between slashes, in UTF-8 bytes: a ref part is a file name (NAME_MAX). */
    static final int MAX_REF_PART_BYTES = 255;

    /**
     * Refuses a ref that no repository can hold before JGit is asked (which would look for it as files, log a
     * stack trace per place it looks, and echo it whole): empty, longer than {@value #MAX_REF_LENGTH}
     * characters, a part longer than {@value #MAX_REF_PART_BYTES} bytes, or with a control character.
     */
    public static void checkRef(String ref) throws SourceException {
        if (ref.isBlank()) {
            throw new SourceException("the ref is empty (use a branch, a tag, HEAD~N or a commit SHA)");
        }
        if (ref.length() > MAX_REF_LENGTH) {
            throw new SourceException("ref " + shown(ref) + " has " + ref.length() + " characters, more than any ref"
                    + " can have (" + MAX_REF_LENGTH + ")");
        }
        for (String part : ref.split("/")) {
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_REF_PART_BYTES) {
                throw new SourceException("ref " + shown(ref) + " has a part longer than " + MAX_REF_PART_BYTES
                        + " bytes, which no git ref can have");
            }
        }
        if (ref.codePoints().anyMatch(Character::isISOControl)) {
            throw new SourceException("ref " + shown(ref) + " has a control character, which no git ref can have");
        }
    }

    /** The ref quoted for a message: at most 60 characters of it, control characters escaped. */
    static String shown(String ref) {
        return "'" + Printable.escaped(ref.length() > 60 ? ref.substring(0, 57) + "..." : ref) + "'";
    }

    /** The commit {@code ref} names in {@code repository}; an unknown, ambiguous or malformed ref says so. */
    public static ObjectId resolve(Repository repository, String ref) throws SourceException {
        checkRef(ref);
        try {
            ObjectId commit = repository.resolve(ref + "^{commit}");
            if (commit == null) {
                throw new SourceException("unknown ref " + shown(ref) + " in " + GitTreeSource.nameOf(repository)
                        + " (use a branch, a tag, HEAD~N or a commit SHA)");
            }
            return commit;
        } catch (AmbiguousObjectException e) {
            throw new SourceException("ref " + shown(ref) + " is ambiguous in " + GitTreeSource.nameOf(repository)
                    + "; give more digits of the SHA", e);
        } catch (IncorrectObjectTypeException e) {
            throw new SourceException("ref " + shown(ref) + " does not name a commit", e);
        } catch (RevisionSyntaxException | IOException e) {
            throw new SourceException("cannot resolve ref " + shown(ref) + ": " + e.getMessage(), e);
        }
    }
}
