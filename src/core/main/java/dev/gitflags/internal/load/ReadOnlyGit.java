package dev.gitflags.internal.load;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * JGit set up, once per process, to write no file of its own. Left alone, the first repository JGit opens makes it
 * measure the file system's timestamp resolution by creating a probe file in the repository, then save the result
 * to {@code ~/.config/jgit/config}: on a read-only root file system that is an {@code ERROR LockFile} with two stack
 * traces, and on a writable one a file a read-only server had no business writing. Installed, JGit still reads the
 * user's and the system's git config, but saves none of them, keeps its own config in memory, and assumes the
 * coarse timestamp resolution it falls back to on a read-only folder (a file changed within 2 s is read again
 * rather than trusted, which costs a re-read and never misses a change). Repositories' own files are untouched:
 * {@code promote} still writes objects and refs.
 */
public final class ReadOnlyGit {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ReadOnlyGit() {
    }

    /** Installs the setup unless it is installed already; every command and the server call it at start-up. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            SystemReader.setInstance(new Reader(SystemReader.getInstance()));
        }
    }

    /** JGit's system reader with configs that are never saved. */
    private static final class Reader extends SystemReader.Delegate {

        Reader(SystemReader delegate) {
            super(delegate);
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return new UserConfig(super.openUserConfig(parent, fs), fs);
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return new Unsaved(super.openSystemConfig(parent, fs), fs);
        }

        @Override
        public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            // Only JGit's own caches live there (the measured timestamp resolution); memory is enough for them.
            return new Unsaved(parent, fs);
        }
    }

    /**
     * A config that reads through to {@code base} (loaded and reloaded by JGit as a base config is) and holds
     * nothing of its own on disk: loading reads nothing, saving writes nothing.
     */
    private static class Unsaved extends FileBasedConfig {

        Unsaved(Config base, FS fs) {
            super(base, null, fs);
        }

        @Override
        public void load() {
            // Nothing on disk; the base config is loaded by itself.
        }

        @Override
        public boolean isOutdated() {
            return false;
        }

        @Override
        public void save() {
            // gitflags never changes git settings; what JGit would cache in them stays in memory.
        }

        @Override
        public String toString() {
            // FileBasedConfig's own names its file, which this one has not.
            return getClass().getSimpleName() + "[in memory, over " + getBaseConfig() + "]";
        }
    }

    /**
     * The user's config, with an answer for the timestamp resolution of any file system it does not configure: JGit
     * asks the user config first and only measures (with a probe file) when it has no answer.
     */
    private static final class UserConfig extends Unsaved {

        UserConfig(Config base, FS fs) {
            super(base, fs);
        }

        @Override
        public long getTimeUnit(String section, String subsection, String name, long defaultValue,
                                TimeUnit wantUnit) {
            long configured = super.getTimeUnit(section, subsection, name, defaultValue, wantUnit);
            if (configured != defaultValue || !ConfigConstants.CONFIG_FILESYSTEM_SECTION.equals(section)
                    || !ConfigConstants.CONFIG_KEY_TIMESTAMP_RESOLUTION.equals(name)) {
                return configured;
            }
            return wantUnit.convert(FS.FileStoreAttributes.FALLBACK_TIMESTAMP_RESOLUTION);
        }
    }
}
