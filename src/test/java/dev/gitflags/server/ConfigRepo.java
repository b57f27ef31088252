package dev.gitflags.server;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A real config repo for server tests: YAML files in a folder that is also a git repository (made with JGit),
 * so a test can serve the working tree or a ref, and commit changes while the server runs.
 */
final class ConfigRepo implements AutoCloseable {

    static final String GITFLAGS_YAML = """
            default_environment: production
            allowed_environments: [production, staging, dev, retired]
            inheritance: true
            detection:
              header: X-Environment
              query_param: env
            """;

    static final String FLAGS_YAML = """
            flags:
              new-checkout:
                name: New checkout
                description: The one-page checkout.
                type: boolean
                default_value: false
                rules:
                  - name: beta-testers
                    priority: 10
                    conditions:
                      - attribute: plan
                        operator: eq
                        value: beta
                    serve:
                      enabled: true
                      value: true
                tags: [checkout]
                metadata:
                  owner: team-checkout
              banner-text:
                name: Banner text
                type: string
                default_value: Welcome
              max-items:
                type: number
                default_value: 50
              discount-rate:
                type: number
                default_value: 0.15
              theme:
                type: json
                default_value:
                  color: blue
                  size: 3
              button-color:
                type: string
                default_value: grey
                variants:
                  green:
                    value: green
                    weight: 50
                  red:
                    value: red
                    weight: 50
              ops.kill-switch:
                type: boolean
                default_value: true
            """;

    static final String PRODUCTION_YAML = """
            name: Production
            description: Live.
            """;

    static final String STAGING_YAML = """
            name: Staging
            parent: production
            overrides:
              banner-text:
                default_value: Welcome to staging
            """;

    static final String DEV_YAML = """
            name: Development
            parent: staging
            overrides:
              max-items:
                default_value: 1000
            """;

    static final String RETIRED_YAML = """
            name: Retired
            parent: production
            active: false
            overrides:
              banner-text:
                default_value: Retired
            """;

    /** Active, but not in allowed_environments. */
    static final String SANDBOX_YAML = """
            name: Sandbox
            overrides:
              banner-text:
                default_value: Sandbox
            """;

    private final Path dir;
    private final Git git;

    private ConfigRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    /** The standard fixture above, committed once. */
    static ConfigRepo create(Path dir) throws IOException, GitAPIException {
        ConfigRepo repo = new ConfigRepo(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
        repo.write("gitflags.yaml", GITFLAGS_YAML);
        repo.write("flags/app.yaml", FLAGS_YAML);
        repo.write("environments/production.yaml", PRODUCTION_YAML);
        repo.write("environments/staging.yaml", STAGING_YAML);
        repo.write("environments/dev.yaml", DEV_YAML);
        repo.write("environments/retired.yaml", RETIRED_YAML);
        repo.write("environments/sandbox.yaml", SANDBOX_YAML);
        repo.commit("initial flags");
        return repo;
    }

    Path dir() {
        return dir;
    }

    ConfigRepo write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return this;
    }

    /** Commits every change in the working tree; returns the new commit's SHA. */
    String commit(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Test", "test@example.com", Instant.now(), ZoneOffset.UTC);
        return git.commit().setMessage(message).setAuthor(author).setCommitter(author).call().name();
    }

    /** Commits only {@code path}, leaving other changes dirty in the working tree. */
    String commitOnly(String path, String message) throws GitAPIException {
        git.add().addFilepattern(path).call();
        PersonIdent author = new PersonIdent("Test", "test@example.com", Instant.now(), ZoneOffset.UTC);
        return git.commit().setOnly(path).setMessage(message).setAuthor(author).setCommitter(author).call().name();
    }

    /** The SHA of HEAD. */
    String head() throws IOException {
        return git.getRepository().resolve("HEAD").name();
    }

    @Override
    public void close() {
        git.close();
    }
}
