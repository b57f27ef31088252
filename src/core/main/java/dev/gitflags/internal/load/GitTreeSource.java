package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of a folder inside one git commit, read from the object database: no checkout, so bare repositories
 * and any past commit work. The listing is taken once when the source is created.
 */
public final class GitTreeSource implements ConfigSource {

    private final Repository repository;
    private final boolean ownsRepository;
    private final String commit;
    private final String description;
    private final Map<String, ObjectId> blobs;
    private final List<String> links;
    private final List<String> submodules;
    private final List<Problem> refused;

    private GitTreeSource(Repository repository, boolean ownsRepository, String commit, String description,
                          Listing listing) {
        this.repository = repository;
        this.ownsRepository = ownsRepository;
        this.commit = commit;
        this.description = description;
        this.blobs = Collections.unmodifiableMap(listing.blobs());
        this.links = List.copyOf(listing.links());
        this.submodules = List.copyOf(listing.submodules());
        this.refused = List.copyOf(listing.refused());
    }

    /**
     * The regular files of the tree by path, its symbolic links (mode 120000) and submodules (gitlinks, mode
     * 160000), which are never read, and the problems of entries refused for their names.
     */
    private record Listing(Map<String, ObjectId> blobs, List<String> links, List<String> submodules,
                           List<Problem> refused) {
    }

    /**
     * The files below {@code subfolder} ("" for the root) of {@code commitId}'s tree. The repository stays the
     * caller's: closing this source does not close it.
     */
    public static GitTreeSource of(Repository repository, ObjectId commitId, String subfolder) throws SourceException {
        return open(repository, false, commitId, subfolder, commitId.name());
    }

    /** Like {@link #of} but the source owns the repository and closes it; {@code ref} is only for messages. */
    static GitTreeSource owning(Repository repository, ObjectId commitId, String subfolder, String ref)
            throws SourceException {
        return open(repository, true, commitId, subfolder, ref);
    }

    private static GitTreeSource open(Repository repository, boolean owns, ObjectId commitId, String subfolder,
                                      String ref) throws SourceException {
        String folder = trimSlashes(subfolder == null ? "" : subfolder.replace('\\', '/'));
        String commitName = nameOf(repository) + "@" + ref + " (" + commitId.abbreviate(12).name() + ")";
        String where = commitName + (folder.isEmpty() ? "" : ":" + folder);
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(commitId);
            Listing listing = list(walk.getObjectReader(), commit.getTree(), folder, commitName);
            return new GitTreeSource(repository, owns, commit.name(), where, listing);
        } catch (MissingObjectException e) {
            throw new SourceException("commit " + commitId.name() + " is not in " + nameOf(repository), e);
        } catch (IOException e) {
            throw new SourceException("cannot read " + where + ": " + e.getMessage(), e);
        }
    }

    private static Listing list(ObjectReader reader, RevTree tree, String folder, String where)
            throws IOException, SourceException {
        TreeWalk walk;
        if (folder.isEmpty()) {
            walk = new TreeWalk(reader);
            walk.addTree(tree);
        } else {
            walk = TreeWalk.forPath(reader, folder, tree);
            if (walk == null || walk.getFileMode(0) != FileMode.TREE) {
                throw new SourceException("folder '" + folder + "' does not exist in " + where);
            }
            ObjectId subtree = walk.getObjectId(0);
            walk.close();
            walk = new TreeWalk(reader);
            walk.addTree(subtree);
        }
        Map<String, ObjectId> blobs = new TreeMap<>();
        List<String> links = new ArrayList<>();
        List<String> submodules = new ArrayList<>();
        List<Problem> refused = new ArrayList<>();
        ObjectChecker names = new ObjectChecker();
        Set<String> seen = new HashSet<>();
        try (TreeWalk entries = walk) {
            // Entered folder by folder, so that a folder with a refused name is not entered at all.
            entries.setRecursive(false);
            while (entries.next()) {
                String refusal = refusal(entries, names, seen);
                if (refusal != null) {
                    refused.add(refusedEntry(entries.getPathString(), refusal));
                    continue;
                }
                int mode = entries.getRawMode(0);
                // Regular files are read; links and submodules are reported, never followed.
                if (entries.isSubtree()) {
                    entries.enterSubtree();
                } else if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) {
                    blobs.put(entries.getPathString(), entries.getObjectId(0));
                } else if (FileMode.SYMLINK.equals(mode)) {
                    links.add(entries.getPathString());
                } else if (FileMode.GITLINK.equals(mode)) {
                    submodules.add(entries.getPathString());
                }
            }
        }
        return new Listing(blobs, links, submodules, refused);
    }

    /**
     * Why no checkout could hold the current entry, or null: a name git fsck --strict rejects ('/' inside, '.',
     * '..', '.git', empty), or a second entry of one path. A root entry named {@code environments/production.yaml}
     * would otherwise stand in for the real file.
     */
    private static String refusal(TreeWalk entry, ObjectChecker names, Set<String> seen) {
        byte[] name = entry.getNameString().getBytes(StandardCharsets.UTF_8);
        try {
            names.checkPathSegment(name, 0, name.length);
        } catch (CorruptObjectException e) {
            return e.getMessage();
        }
        return seen.add(entry.getPathString()) ? null : "a second entry of the same name in one folder";
    }

    private static Problem refusedEntry(String path, String why) {
        String shown = Printable.escaped(path);
        return Problem.of(ProblemCode.E_IO, Origin.ofFile(shown),
                "the commit's tree has an entry '" + shown + "' that no checkout can hold (" + Printable.escaped(why)
                        + "); it is not read",
                "git fsck --strict rejects such a tree, which git add never makes: rewrite the commit with git");
    }

    /** The work tree people know the repository by; a bare repository has only its git directory. */
    static String nameOf(Repository repository) {
        return (repository.isBare() ? repository.getDirectory() : repository.getWorkTree()).toString();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String commit() {
        return commit;
    }

    /** The id git would give a listing of the path and blob id of every file gitflags reads (or reports). */
    @Override
    public String contentId() {
        StringBuilder listing = new StringBuilder();
        blobs.forEach((path, blob) -> {
            if (FileKind.isRead(path)) {
                listing.append(blob.name()).append(' ').append(path).append('\n');
            }
        });
        // A link where config belongs changes what a load gives (its problem) without changing a blob read.
        links.stream().filter(FileKind::isConfigPath).forEach(path -> listing.append("link ").append(path).append('\n'));
        submodules.stream().filter(FileKind::isConfigPath)
                .forEach(path -> listing.append("submodule ").append(path).append('\n'));
        refused.forEach(problem -> listing.append("refused ").append(problem.origin().file()).append('\n'));
        try (ObjectInserter.Formatter hasher = new ObjectInserter.Formatter()) {
            return hasher.idFor(Constants.OBJ_BLOB, listing.toString().getBytes(StandardCharsets.UTF_8)).name();
        }
    }

    @Override
    public List<String> files() {
        return new ArrayList<>(blobs.keySet());
    }

    @Override
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>(refused);
        links.stream().filter(FileKind::isConfigPath).map(SymbolicLinks::problem).forEach(problems::add);
        submodules.stream().filter(FileKind::isConfigPath).map(Submodules::problem).forEach(problems::add);
        return problems;
    }

    /** From the object's header: the object is not inflated. */
    @Override
    public long size(String path) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.getObjectSize(blob(path), Constants.OBJ_BLOB);
        }
    }

    /** From the tree's listing: a file is never read to know it. */
    @Override
    public ObjectId blobId(String path) throws IOException {
        return blob(path);
    }

    @Override
    public byte[] read(String path) throws IOException {
        return repository.open(blob(path), Constants.OBJ_BLOB).getBytes(Integer.MAX_VALUE - 8);
    }

    @Override
    public void close() {
        if (ownsRepository) {
            repository.close();
        }
    }

    private ObjectId blob(String path) throws IOException {
        ObjectId id = blobs.get(path);
        if (id == null) {
            throw new IOException("no such file in " + description + ": " + path);
        }
        return id;
    }

    private static String trimSlashes(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.equals(".") ? "" : trimmed;
    }
}
