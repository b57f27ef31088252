package dev.gitflags.server;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.model.Problem;

import java.time.Instant;
import java.util.List;

/**
 * What the server serves right now, as one immutable value: the last valid snapshot, when it was loaded, the
 * newest version of the repo seen, and (when that newest version is not the one served) why not.
 * A request reads this once and answers from it, so a reload in the middle never mixes two states.
 *
 * @param snapshot   the snapshot served; null only before the first valid load
 * @param version    the commit SHA the snapshot came from, or a fingerprint of the working tree
 * @param content    the id of the files the snapshot was read from ({@link dev.gitflags.internal.load.ConfigSource#contentId}),
 *                   else {@code version}: ETags derive from it, so a commit that leaves them alone keeps them
 * @param loadedAt   when {@code snapshot} was loaded; null with it
 * @param newestSeen the newest version of the repo the reloader looked at (served or rejected)
 * @param rejection  why {@code newestSeen} is not served (or the repo could not be read); null when it is
 * @param warnings   the served snapshot's warnings (they never keep a version from being served)
 * @param revision   increases with every change of this state; part of the ETag of /status
 * @param rendered   bodies rendered from {@code snapshot} so far (a memo that lives and dies with the snapshot)
 */
public record ServedState(Snapshot snapshot, String version, String content, Instant loadedAt, String newestSeen,
                          Rejection rejection, List<Problem> warnings, long revision, RenderedBodies rendered) {

    /** The state before anything was loaded: nothing served, /health is DOWN. */
    public static final ServedState EMPTY = new ServedState(null, null, null, null, null, null, List.of(), 0,
            new RenderedBodies());

    public ServedState {
        warnings = List.copyOf(warnings);
    }

    /**
     * Why the newest version of the repo is not served: it is invalid (with every located problem), its load failed
     * or ran past {@code --load-timeout} (no problems, the reason says what happened), or it could not be read.
     *
     * @param version the version not served; null when the repo itself could not be read (no version known)
     * @param reason  one line for people and monitoring, e.g. {@code invalid: 2 problems}, {@code load exceeded 60s}
     */
    public record Rejection(String version, Instant at, String reason, List<Problem> problems) {

        public Rejection {
            problems = List.copyOf(problems);
        }
    }

    public boolean isServing() {
        return snapshot != null;
    }

    /** True whenever the newest version seen is not the one served: rejected, failed, timed out, or unreadable. */
    public boolean isDegraded() {
        return rejection != null;
    }

    ServedState serving(Snapshot next, String nextVersion, String nextContent, Instant at,
                        List<Problem> nextWarnings) {
        return new ServedState(next, nextVersion, nextContent == null ? nextVersion : nextContent, at, nextVersion,
                null, nextWarnings, revision + 1, new RenderedBodies());
    }

    ServedState rejecting(Rejection next) {
        return new ServedState(snapshot, version, content, loadedAt,
                next.version() == null ? newestSeen : next.version(), next, warnings, revision + 1, rendered);
    }
}
