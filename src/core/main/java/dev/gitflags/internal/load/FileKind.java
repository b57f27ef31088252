package dev.gitflags.internal.load;

import java.util.Locale;

/** The three kinds of file in a config repo, each with its JSON Schema in {@code schema/}. */
public enum FileKind {
    SETTINGS("gitflags.schema.json", null),
    FLAGS("flags.schema.json", "flags"),
    ENVIRONMENT("environment.schema.json", "overrides");

    /** Where the schemas are packaged in the jar (pom.xml copies {@code schema/} there). */
    public static final String CLASSPATH_FOLDER = "gitflags/schema/";

    /** The settings file at the config root. */
    public static final String SETTINGS_FILE = "gitflags.yaml";

    /** Where environment files live: {@code environments/<slug>.yaml}. */
    public static final String ENVIRONMENT_FOLDER = "environments/";

    /** The folders' own paths, as a problem about a folder as a whole (a symbolic link) names them. */
    public static final String FLAGS_PATH = "flags";
    public static final String ENVIRONMENTS_PATH = "environments";

    private final String schemaFile;
    private final String flagSection;

    FileKind(String schemaFile, String flagSection) {
        this.schemaFile = schemaFile;
        this.flagSection = flagSection;
    }

    public String schemaFile() {
        return schemaFile;
    }

    /** The top-level key whose mapping holds one entry per flag key ({@code flags}, {@code overrides}); or null. */
    public String flagSection() {
        return flagSection;
    }

    /**
     * For a YAML file below {@code flags/} or {@code environments/} that {@link #of} does not read (a {@code .yml}
     * name, or one in a subfolder), where it belongs instead, e.g. {@code flags/checkout.yaml}; else null. Such a
     * file was surely meant to be read, and ignoring it quietly would drop its flags from production.
     */
    public static String misplacedYaml(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int slash = path.indexOf('/');
        if (of(path) != null || slash < 0 || !(lower.endsWith(".yaml") || lower.endsWith(".yml"))) {
            return null;
        }
        String folder = path.substring(0, slash);
        if (!folder.equals("flags") && !folder.equals("environments")) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return folder + "/" + name.substring(0, name.lastIndexOf('.')) + ".yaml";
    }

    /**
     * True for a config-root-relative path where config belongs: {@code gitflags.yaml}, {@code flags},
     * {@code environments} or anything in them. Something there that is not a regular file or folder (a symbolic
     * link, a git submodule) would stand in for config, so it is a problem rather than something skipped.
     */
    public static boolean isConfigPath(String path) {
        return path.equals(SETTINGS_FILE) || path.equals(FLAGS_PATH) || path.equals(ENVIRONMENTS_PATH)
                || path.startsWith(FLAGS_PATH + "/") || path.startsWith(ENVIRONMENT_FOLDER);
    }

    /** True for every file whose contents can change what a load gives. */
    public static boolean isRead(String path) {
        return of(path) != null || misplacedYaml(path) != null;
    }

    /**
     * The kind of a config-root-relative path: {@code gitflags.yaml}, {@code flags/*.yaml} or
     * {@code environments/*.yaml} (not in subfolders); null for files gitflags does not read.
     */
    public static FileKind of(String path) {
        if (path.equals(SETTINGS_FILE)) {
            return SETTINGS;
        }
        if (!path.endsWith(".yaml")) {
            return null;
        }
        int slash = path.indexOf('/');
        if (slash < 0 || path.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        return switch (path.substring(0, slash)) {
            case "flags" -> FLAGS;
            case "environments" -> ENVIRONMENT;
            default -> null;
        };
    }
}
