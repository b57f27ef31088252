package dev.gitflags.internal.promote;

/**
 * The named steps of a promotion's update of a checked-out branch, for tests that kill a real promote process at
 * each: started with {@code -Dgitflags.test.pause-at=NAME} (e.g. {@code swapped}), the process prints
 * {@code gitflags: paused at NAME} on stderr when it reaches that step and waits there until it is killed.
 * Without the property, reaching a step does nothing.
 */
enum PausePoint {
    /** The journal of the update is written; no index is locked yet and the branch has not moved. */
    JOURNALED,
    /** Every index on the branch is locked and checked clean; the branch has not moved. */
    LOCKED,
    /** The branch points at the new commit; working trees and indexes still hold the old content. */
    SWAPPED,
    /** The working-tree files hold the new content; the indexes do not yet. */
    FILES_WRITTEN,
    /** The indexes hold the new blobs; their locks are still held. */
    INDEX_WRITTEN,
    /** The locks are released; the journal is not yet removed. */
    UNLOCKED;

    private static final String PAUSE_AT = System.getProperty("gitflags.test.pause-at");

    /** The name the system property uses: {@code files-written}. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    void reach() {
        if (PAUSE_AT == null || !PAUSE_AT.equals(label())) {
            return;
        }
        System.err.println("gitflags: paused at " + label());
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
