package dev.gitflags.bench;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates a valid config repo of a given size for benchmarks and load tests: {@code flags} flags of every type
 * spread over several {@code flags/*.yaml} files (every tenth with three rules and variants), {@code environments}
 * environments in a tree of depth {@code depth}, and {@code overrides} overrides spread evenly over them. The
 * folder becomes a git repository with one commit on {@code main}. Output is deterministic.
 *
 * <p>From a script: {@code java -cp ... dev.gitflags.bench.SyntheticRepo <dir> <flags> <envs> <depth> <overrides>}.
 */
public final class SyntheticRepo {

    /** Flags per flags/*.yaml file: keeps every file far below the 1 MiB limit. */
    static final int FLAGS_PER_FILE = 250;

    private SyntheticRepo() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: SyntheticRepo <dir> <flags> <envs> <depth> <overrides>");
            System.exit(2);
        }
        Path dir = generate(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        System.out.println(dir.toAbsolutePath());
    }

    /** The key of flag number {@code index}, e.g. {@code flag-00042}. */
    public static String flagKey(int index) {
        return String.format("flag-%05d", index);
    }

    /** The slug of environment number {@code index}; environment 0 is the root and the default. */
    public static String environmentSlug(int index) {
        return String.format("env-%03d", index);
    }

    /** Writes the repo into {@code dir} (created if needed) and commits it on {@code main}; returns {@code dir}. */
    public static Path generate(Path dir, int flags, int environments, int depth, int overrides) {
        if (flags < 1 || environments < 1 || depth < 0 || overrides < 0) {
            throw new IllegalArgumentException("need flags >= 1, environments >= 1, depth >= 0, overrides >= 0");
        }
        if (overrides > (long) flags * environments) {
            throw new IllegalArgumentException("at most flags x environments overrides");
        }
        try {
            Files.createDirectories(dir.resolve("flags"));
            Files.createDirectories(dir.resolve("environments"));
            write(dir.resolve("gitflags.yaml"), "default_environment: " + environmentSlug(0) + "\ninheritance: true\n");
            for (int first = 0; first < flags; first += FLAGS_PER_FILE) {
                StringBuilder yaml = new StringBuilder("flags:\n");
                for (int index = first; index < Math.min(flags, first + FLAGS_PER_FILE); index++) {
                    appendFlag(yaml, index);
                }
                write(dir.resolve(String.format("flags/flags-%03d.yaml", first / FLAGS_PER_FILE)), yaml.toString());
            }
            for (int env = 0; env < environments; env++) {
                int count = overrides / environments + (env < overrides % environments ? 1 : 0);
                write(dir.resolve("environments/" + environmentSlug(env) + ".yaml"),
                        environment(env, parentOf(env, depth), count, flags));
            }
            try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
                git.add().addFilepattern(".").call();
                PersonIdent author = new PersonIdent("SyntheticRepo", "bench@gitflags.dev", 0, 0);
                git.commit().setMessage("synthetic config: " + flags + " flags, " + environments + " environments, "
                        + overrides + " overrides").setAuthor(author).setCommitter(author).setSign(false).call();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit the synthetic repo", e);
        }
    }

    /** The first depth+1 environments form a chain of that depth; the others hang below it at depth ≤ depth. */
    static int parentOf(int env, int depth) {
        if (env == 0) {
            return -1;
        }
        if (env <= depth) {
            return env - 1;
        }
        return depth == 0 ? -1 : env % depth;
    }

    private static void appendFlag(StringBuilder yaml, int index) {
        String key = flagKey(index);
        yaml.append("  ").append(key).append(":\n");
        yaml.append("    name: Flag ").append(index).append('\n');
        yaml.append("    description: Synthetic flag number ").append(index).append(" for benchmarks\n");
        yaml.append("    tags: [synthetic, team-").append(index % 7).append("]\n");
        boolean targeted = index % 10 == 0;
        switch (targeted ? 1 : index % 4) {
            case 0 -> {
                yaml.append("    type: boolean\n    default_value: ").append(index % 3 == 0).append('\n');
                yaml.append("    rollout_percentage: ").append(index % 101).append('\n');
            }
            case 1 -> {
                yaml.append("    type: string\n    default_value: control\n");
                yaml.append("    variants:\n");
                yaml.append("      control: {value: control, weight: 34}\n");
                yaml.append("      treatment-a: {value: treatment-a, weight: 33}\n");
                yaml.append("      treatment-b: {value: treatment-b, weight: 33}\n");
                if (targeted) {
                    yaml.append("    rules:\n");
                    yaml.append("      - name: internal users\n        priority: 1\n        conditions:\n");
                    yaml.append("          - {attribute: email, operator: ends_with, value: \"@example.com\"}\n");
                    yaml.append("        serve: treatment-a\n");
                    yaml.append("      - name: beta countries\n        priority: 2\n        conditions:\n");
                    yaml.append("          - {attribute: country, operator: in, value: [DE, FR, NL]}\n");
                    yaml.append("          - {attribute: app_version, operator: semver_gt, value: 2.1.0}\n");
                    yaml.append("        serve: treatment-b\n        rollout_percentage: 50\n");
                    yaml.append("      - name: ids\n        priority: 3\n        conditions:\n");
                    yaml.append("          - {attribute: targetingKey, operator: matches, value: \"^user-[0-9]+$\"}\n");
                    yaml.append("        serve: {value: special}\n");
                }
            }
            case 2 -> yaml.append("    type: number\n    default_value: ").append(index % 1000).append('\n');
            default -> {
                yaml.append("    type: json\n    default_value: {limit: ").append(index % 50)
                        .append(", regions: [eu, us], nested: {enabled: true}}\n");
                yaml.append("    metadata: {owner: team-").append(index % 7).append("}\n");
            }
        }
    }

    private static String environment(int env, int parent, int overrides, int flags) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("name: Environment ").append(env).append('\n');
        yaml.append("description: Synthetic environment ").append(env).append('\n');
        if (parent >= 0) {
            yaml.append("parent: ").append(environmentSlug(parent)).append('\n');
        }
        yaml.append("settings: {region: r").append(env % 5).append("}\n");
        if (overrides == 0) {
            return yaml.toString();
        }
        yaml.append("overrides:\n");
        // Consecutive flags from an environment-specific offset: distinct within the environment.
        int offset = (int) ((env * 7919L) % flags);
        for (int n = 0; n < overrides; n++) {
            int index = (offset + n) % flags;
            yaml.append("  ").append(flagKey(index)).append(":\n");
            boolean targeted = index % 10 == 0;
            switch (targeted ? 4 + n % 2 : index % 4) {
                case 0 -> yaml.append("    enabled: ").append(n % 2 == 0).append("\n    rollout_percentage: ")
                        .append((n * 13) % 101).append('\n');
                case 1 -> yaml.append("    default_value: treatment-").append(n % 2 == 0 ? "a" : "b").append('\n');
                case 2 -> yaml.append("    default_value: ").append(n % 500).append('\n');
                case 3 -> yaml.append("    default_value: {limit: ").append(n % 50).append("}\n");
                case 4 -> {
                    yaml.append("    variants:\n");
                    yaml.append("      control: {value: control, weight: 50}\n");
                    yaml.append("      treatment-a: {value: treatment-a, weight: 25}\n");
                    yaml.append("      treatment-b: {value: treatment-b, weight: 25}\n");
                }
                default -> {
                    yaml.append("    rules:\n      - name: staff\n        conditions:\n");
                    yaml.append("          - {attribute: email, operator: ends_with, value: \"@example.com\"}\n");
                    yaml.append("        serve: control\n");
                }
            }
        }
        return yaml.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
