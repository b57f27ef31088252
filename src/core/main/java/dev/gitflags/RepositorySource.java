package dev.gitflags;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.Deadline;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.LoadLimits;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.WatchedRepo;
import dev.gitflags.internal.model.ProblemCode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A git ref or a working tree as a {@link Source}: the server's {@link WatchedRepo} and an incremental loader. */
final class RepositorySource implements Source {

    private final WatchedRepo repo;
    /** Long-lived: a version's unchanged files are not parsed again. */
    private final Loader loader = Loader.incremental(LoadLimits.DEFAULT);

    /** One environment: only its chain is read and resolved (ConfigRepository#environments); else all. */
    private final FlagScope scope;

    private RepositorySource(WatchedRepo repo, Set<String> environments) {
        this.repo = repo;
        this.scope = environments != null && environments.size() == 1
                ? FlagScope.ofEnvironment(environments.iterator().next()) : FlagScope.ALL;
    }

    static RepositorySource open(Path folder, String ref, String subfolder, Set<String> environments)
            throws IOException {
        return new RepositorySource(WatchedRepo.open(folder, ref, subfolder), environments);
    }

    @Override
    public String description() {
        return repo.description();
    }

    @Override
    public String currentVersion() throws IOException {
        return repo.currentVersion();
    }

    @Override
    public LoadOutcome load(String version, Duration timeout) throws IOException {
        try (ConfigSource source = repo.sourceAt(version)) {
            LoadResult result = loader.load(source, scope, Deadline.after(timeout));
            return outcome(result, version);
        }
    }

    static LoadOutcome outcome(LoadResult result, String version) {
        List<Problem> problems = result.problems().stream().map(RepositorySource::problem).toList();
        return new LoadOutcome(result.optionalSnapshot().map(Snapshot::new), problems, version);
    }

    private static Problem problem(dev.gitflags.internal.model.Problem problem) {
        return new Problem(problem.code().name(), problem.severity() == ProblemCode.Severity.ERROR
                ? Problem.Severity.ERROR : Problem.Severity.WARNING, problem.origin().file(), problem.origin().line(),
                problem.origin().column(), problem.message(), problem.hint());
    }

    @Override
    public void close() throws IOException {
        repo.close();
    }
}
