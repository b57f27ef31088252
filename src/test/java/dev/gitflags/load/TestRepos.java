package dev.gitflags.load;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** Writes config repos into temp folders and commits them with JGit. */
final class TestRepos {

    static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.com");

    private TestRepos() {
    }

    /** Writes {@code files} (relative path → text) below {@code root}. */
    static Path write(Path root, Map<String, String> files) {
        files.forEach((path, text) -> writeBytes(root, path, text.getBytes(StandardCharsets.UTF_8)));
        return root;
    }

    static void writeBytes(Path root, String path, byte[] bytes) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a folder of src/test/resources into {@code target}. */
    static Path copyResource(String resource, Path target) {
        try {
            Path source = Path.of("src/test/resources").resolve(resource);
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : paths.filter(Files::isRegularFile).toList()) {
                    Path to = target.resolve(source.relativize(path).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(path, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Git init(Path dir) throws GitAPIException {
        return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    }

    /** Stages everything in the work tree (including deletions) and commits it. */
    static RevCommit commitAll(Git git, String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
    }

    /** A small valid repo: production ← staging ← dev, with every flag type, rules and variants. */
    static Map<String, String> validRepo() {
        return Map.of(
                "gitflags.yaml", """
                        default_environment: production
                        allowed_environments: [production, staging, dev]
                        inheritance: true
                        detection:
                          header: X-Env
                          query_param: null
                        """,
                "flags/checkout.yaml", """
                        flags:
                          new-checkout:
                            name: New checkout
                            type: boolean
                            enabled: false
                            default_value: false
                            rollout_percentage: 10
                            tags: [checkout]
                          checkout-button:
                            type: string
                            default_value: blue
                            variants:
                              red: {value: red, weight: 50}
                              green: {value: green, weight: 50}
                            rules:
                              - name: later
                                priority: 5
                                serve: {value: yellow}
                              - name: beta users
                                priority: 1
                                conditions:
                                  - {attribute: plan, operator: in, value: [beta, pro]}
                                serve: red
                              - name: also-1
                                priority: 1
                                serve: green
                        """,
                "flags/limits.yaml", """
                        flags:
                          max-items:
                            type: number
                            default_value: 10
                          theme:
                            type: json
                            default_value: {dark: true, colors: [red, blue]}
                            metadata: {owner: web}
                        """,
                "environments/production.yaml", """
                        name: Production
                        settings: {region: eu}
                        overrides:
                          new-checkout:
                            enabled: true
                          max-items:
                            default_value: 20
                        """,
                "environments/staging.yaml", """
                        parent: production
                        overrides:
                          new-checkout:
                            rollout_percentage: 50
                            enabled: null
                        """,
                "environments/dev.yaml", """
                        parent: staging
                        active: false
                        overrides:
                          max-items:
                            default_value: 99
                          checkout-button:
                            variants:
                              purple: {value: purple, weight: 100}
                            rules:
                              - serve: purple
                        """);
    }
}
