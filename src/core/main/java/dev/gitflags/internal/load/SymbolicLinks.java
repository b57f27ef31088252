package dev.gitflags.internal.load;

import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;

/**
 * The one rule for symbolic links, whatever the source: a link is never followed, and one among the config
 * files or folders ({@code gitflags.yaml}, {@code flags/}, {@code environments/} or anything in them) is an
 * E_SYMLINK problem ({@link FileKind#isConfigPath}). Followed, a link in a working tree reads whatever it points
 * at ({@code /etc/passwd} too), while git stores only the link's text, so a checkout and a commit would see two
 * different configs. A link
 * elsewhere (docs, CI files) is none of gitflags' business; the config root itself may be a link (git-sync
 * publishes every revision behind one), which {@link ConfigSources#open} resolves before listing.
 */
final class SymbolicLinks {

    private SymbolicLinks() {
    }

    /** The problem of a link at {@code path}, one where config belongs ({@link FileKind#isConfigPath}). */
    static Problem problem(String path) {
        return Problem.of(ProblemCode.E_SYMLINK, Origin.ofFile(path),
                path + " is a symbolic link, and gitflags reads no links",
                "replace the link with the file or folder itself; with git-annex, keep config files out of the annex");
    }
}
