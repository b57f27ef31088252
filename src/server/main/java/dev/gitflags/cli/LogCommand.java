package dev.gitflags.cli;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.analysis.ConfigHistory;
import dev.gitflags.internal.analysis.ServedHistory;
import dev.gitflags.internal.load.ConfigSource;
import dev.gitflags.internal.load.ConfigSources;
import dev.gitflags.internal.load.FlagScope;
import dev.gitflags.internal.load.GitTreeSource;
import dev.gitflags.internal.load.Loader;
import dev.gitflags.internal.load.SourceException;
import dev.gitflags.internal.model.Problem;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gitflags log --env ENV KEY}: the commits that changed what an environment serves for a flag
 * ({@link ServedHistory}), newest first, from {@code --ref} or HEAD back along the first-parent chain.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"The history of what an environment served for a flag: every commit, newest first, that",
                "changed a resolved field of it there (through the environment's file, a parent's, the base flag",
                "or gitflags.yaml), with author, date, subject, field: old → new and the file:line of the new value;",
                "and commits that changed the environment's chain, or where the flag or environment appeared."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_DOC,
                "2:usage error, unknown environment/flag/ref, an invalid newest commit, or I/O error"})
public final class LogCommand extends CliCommand {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    @Mixin
    RepoOptions repo;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "The environment slug.")
    String environment;

    @Parameters(paramLabel = "KEY", description = "The flag key.")
    String key;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only commits made on or after this day, YYYY-MM-DD (UTC).")
    LocalDate since;

    @Mixin
    TextOrJsonOption output;

    @Override
    protected int run() throws IOException {
        ConfigSources.GitLocation location;
        try {
            location = ConfigSources.locate(repo.repo(), "gitflags log reads the history of a git repository");
        } catch (SourceException noGit) {
            throw CommandFailure.usage(noGit.getMessage());
        }
        try (Repository repository = location.repository()) {
            String ref = repo.ref() == null ? "HEAD" : repo.ref();
            ObjectId tip;
            try {
                tip = ConfigSources.resolve(repository, ref);
            } catch (SourceException unknown) {
                throw CommandFailure.usage(unknown.getMessage());
            }
            requireNewest(repository, location.subfolder(), tip);
            ConfigHistory history = ConfigHistory.of(repository, location.subfolder(), tip, repo.limits());
            ServedHistory.Report report = ServedHistory.of(history, environment, key,
                    since == null ? null : since.atStartOfDay(ZoneOffset.UTC).toInstant());
            if (output.json()) {
                out().println(DocumentWriter.json(json(report, ref, tip)));
            } else {
                printText(report);
            }
            return ExitCodes.OK;
        }
    }

    /**
     * Fails unless the newest commit loads with the environment and the flag: its problems listed, or the unknown
     * name with the nearest one, found in a full load of that commit as every other command finds it.
     */
    private void requireNewest(Repository repository, String subfolder, ObjectId tip) {
        Loader loader = new Loader(repo.limits());
        try (ConfigSource source = GitTreeSource.of(repository, tip, subfolder)) {
            LoadResult scoped = loader.load(source, FlagScope.ofFlagIn(environment, key));
            if (!scoped.isValid()) {
                for (Problem problem : scoped.problems()) {
                    err().println(problem);
                }
                throw CommandFailure.usage(source.description() + " is invalid: "
                        + ProblemReport.count(scoped.problems()) + " (listed above)");
            }
            Snapshot snapshot = scoped.snapshot();
            if (snapshot.environments().containsKey(environment) && snapshot.flags().containsKey(key)) {
                return;
            }
            LoadResult full = loader.load(source);
            Snapshot names = full.isValid() ? full.snapshot() : snapshot;
            SnapshotLookup.environment(names, environment);
            SnapshotLookup.requireFlags(names, List.of(key));
        } catch (SourceException unreadable) {
            throw CommandFailure.usage(unreadable.getMessage());
        }
    }

    private void printText(ServedHistory.Report report) {
        for (ServedHistory.Entry entry : report.entries()) {
            out().println(entry.commit().substring(0, 12) + " " + DATE.format(entry.date()) + " " + entry.author()
                    + ": " + entry.subject());
            for (ServedHistory.Change change : entry.changes()) {
                out().println("  " + line(change));
            }
        }
        if (report.historyNote() != null) {
            out().println("note: " + report.historyNote());
        }
        int count = report.entries().size();
        out().println((count == 0 ? "no commit" : count + (count == 1 ? " commit" : " commits")) + " changed what "
                + environment + " serves for " + key + (since == null ? "" : " since " + since) + " ("
                + report.walked() + (report.walked() == 1 ? " commit" : " commits") + " walked, " + report.loaded()
                + " loaded)");
    }

    /** {@code rollout_percentage: 10% → 50%  (environment production at environments/production.yaml:4)}. */
    private static String line(ServedHistory.Change change) {
        boolean event = change.field().equals(ServedHistory.FLAG) || change.field().equals(ServedHistory.ENVIRONMENT);
        if (event) {
            return change.field() + (change.newText() == null ? " removed  (was at " : " defined  (at ")
                    + change.cause().origin().fileAndLine() + ")";
        }
        String values = change.oldText() == null ? change.newText() : change.oldText() + " → " + change.newText();
        String cause = change.isSetting() ? "at " + change.cause().origin().fileAndLine() : change.cause().toString();
        return change.field() + ": " + values + "  (" + cause + ")";
    }

    private Map<String, Object> json(ServedHistory.Report report, String ref, ObjectId tip) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("environment", environment);
        document.put("flag", key);
        document.put("ref", ref);
        document.put("commit", tip.name());
        document.put("since", since == null ? null : since.toString());
        document.put("historyNote", report.historyNote());
        document.put("walked", report.walked());
        document.put("loaded", report.loaded());
        document.put("commits", report.entries().stream().map(entry -> {
            Map<String, Object> commit = new LinkedHashMap<>();
            commit.put("commit", entry.commit());
            commit.put("author", entry.author());
            commit.put("email", entry.email());
            commit.put("date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(entry.date()));
            commit.put("subject", entry.subject());
            commit.put("changes", entry.changes().stream().map(change -> {
                Map<String, Object> plain = new LinkedHashMap<>();
                plain.put("field", change.field());
                plain.put("old", change.oldPlain());
                plain.put("new", change.newPlain());
                plain.put("environment", change.cause().environment());
                plain.put("file", change.cause().origin().file());
                plain.put("line", change.cause().origin().line());
                return plain;
            }).toList());
            return commit;
        }).toList());
        return document;
    }
}
