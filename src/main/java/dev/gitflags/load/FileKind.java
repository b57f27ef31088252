package dev.gitflags.load;

/** The three kinds of file in a config repo, each with its JSON Schema in {@code schema/}. */
public enum FileKind {
    SETTINGS("gitflags.schema.json"),
    FLAGS("flags.schema.json"),
    ENVIRONMENT("environment.schema.json");

    /** Where the schemas are packaged in the jar (pom.xml copies {@code schema/} there). */
    public static final String CLASSPATH_FOLDER = "gitflags/schema/";

    /** The settings file at the config root. */
    public static final String SETTINGS_FILE = "gitflags.yaml";

    private final String schemaFile;

    FileKind(String schemaFile) {
        this.schemaFile = schemaFile;
    }

    public String schemaFile() {
        return schemaFile;
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
