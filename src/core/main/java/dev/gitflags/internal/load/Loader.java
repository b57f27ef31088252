package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.analysis.DeadOverrides;
import dev.gitflags.internal.graph.EnvironmentGraph;
import dev.gitflags.internal.graph.ResolvedEnvironment;
import dev.gitflags.internal.graph.ResolvedFlag;
import dev.gitflags.internal.graph.Resolver;
import dev.gitflags.internal.graph.Suggestions;
import dev.gitflags.internal.model.BucketingScheme;
import dev.gitflags.internal.model.Environment;
import dev.gitflags.internal.model.Flag;
import dev.gitflags.internal.model.Origin;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.internal.model.RepoSettings;
import dev.gitflags.internal.model.Rule;
import dev.gitflags.internal.model.Variant;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * bytes → YAML nodes with marks → schema check → model → semantic checks → graph → resolved snapshot → warnings
 * about what a valid snapshot serves ({@link DeadOverrides}).
 *
 * <pre>{@code
 * try (ConfigSource source = ConfigSources.open(Path.of("example-repo"), "HEAD")) {
 *     LoadResult result = new Loader().load(source);
 *     result.problems().forEach(System.out::println);   // file:line:col: message (hint) [CODE]
 * }
 * }</pre>
 *
 * Every problem is collected, not only the first. A Loader may be shared between threads; one made by
 * {@link #incremental} also remembers what each file of its last load gave (see there).
 */
public final class Loader {

    private final LoadLimits limits;
    /** Null for a stateless loader; else the file outcomes of the last load, reused where blobs are unchanged. */
    private final AtomicReference<FileMemo> memo;

    private Loader(LoadLimits limits, AtomicReference<FileMemo> memo) {
        this.limits = limits;
        this.memo = memo;
    }

    public Loader(LoadLimits limits) {
        this(limits, null);
    }

    public Loader() {
        this(LoadLimits.DEFAULT);
    }

    /**
     * A loader for a long-lived process that loads successive versions of one repo (the server's reloads, a
     * promoter's check of its edited tree, a provider following a ref): a file whose blob id equals the last
     * load's is not parsed, schema-checked or built again, and from a git source not even read; its outcome is
     * reused ({@link BlobMemo}), and in a scope of some flags so is whether it may mention them. When flag files
     * changed, an environment is built again unless every flag it overrides is the same object as before, since
     * its overrides are checked against the flags. An environment
     * built from the same objects as before keeps its resolution; the graph and cross-file checks always run in
     * full, so the result is the same as a fresh load's. The memo holds outcomes, never bytes.
     */
    public static Loader incremental(LoadLimits limits) {
        return new Loader(limits, new AtomicReference<>(FileMemo.EMPTY));
    }

    /** The limits this loader reads within. */
    public LoadLimits limits() {
        return limits;
    }

    /** One file's share of the work: what it contributed and what is wrong with it. */
    private record FileOutcome<T>(T value, List<Problem> problems) {
    }

    /**
     * What each file gave in one scope, its conditions compiled for one {@code max_attribute_length}: another scope
     * gives other trees, another length other matchers, so nothing is reused across either. Which flag files may
     * mention the scope's keys ({@code mentions}: none for a scope of every flag). And what the environments
     * resolved to, when the load got that far.
     */
    private record FileMemo(FlagScope scope, int maxAttributeLength, BlobMemo<Boolean> mentions,
                            BlobMemo<FileOutcome<List<Flag>>> flags, UnreadFlagFiles unreadFlags,
                            Map<String, Flag> flagsByKey, BlobMemo<FileOutcome<Environment>> environments,
                            Resolution resolution) {
        static final FileMemo EMPTY = new FileMemo(FlagScope.ALL, RepoSettings.DEFAULT_MAX_ATTRIBUTE_LENGTH,
                BlobMemo.empty(), BlobMemo.empty(), UnreadFlagFiles.NONE, Map.of(), BlobMemo.empty(),
                Resolution.NONE);

        FileMemo withResolution(Resolution resolved) {
            return new FileMemo(scope, maxAttributeLength, mentions, flags, unreadFlags, flagsByKey, environments,
                    resolved);
        }

        /** True when some file's outcome, or whether it mentions the keys, is remembered for this very blob. */
        boolean knows(String path, ObjectId blob) {
            return flags.knows(path, blob) || environments.knows(path, blob) || mentions.knows(path, blob);
        }
    }

    /**
     * A load's resolved environments, with the inheritance setting they were resolved under and whether any rule
     * in them serves a variant its flag lacks there ({@link #unknownVariants}).
     */
    private record Resolution(Map<String, ResolvedEnvironment> environments, boolean inheritance,
                              BucketingScheme bucketing, boolean unknownVariants) {
        static final Resolution NONE = new Resolution(Map.of(), false, BucketingScheme.GITFLAGS, true);
    }

    /** gitflags.yaml read, with its document for the checks that need the environments. */
    private record SettingsFile(YamlDocument document, RepoSettings settings) {
    }

    /** Loads and validates everything; never throws for bad content (I/O failures are E_IO problems). */
    public LoadResult load(ConfigSource source) {
        return load(source, FlagScope.ALL);
    }

    /**
     * Loads what {@code scope} covers (see {@link FlagScope}): the snapshot holds just its flags and the
     * environments read, and the problems are those a full load finds in them: the YAML of every file read, the
     * scope's flags and their overrides, the settings, and the graph of the environments read. Files that cannot
     * mention the flags are not parsed; in the files read, other flags' entries are parsed but not built. A scope
     * covering descendants also holds the environments below, those not read by their parent link alone. Dead
     * overrides ({@link DeadOverrides}) are looked for in full loads only: whether an override can take effect
     * depends on environments below it that a scope need not read.
     */
    public LoadResult load(ConfigSource source, FlagScope scope) {
        return load(source, scope, Deadline.NONE);
    }

    /**
     * {@link #load(ConfigSource, FlagScope)} that gives up once {@code deadline} passes: it checks between files
     * and between its steps, and then throws {@link Deadline.Exceeded} (the server's {@code --load-timeout}).
     */
    public LoadResult load(ConfigSource source, FlagScope scope, Deadline deadline) {
        try {
            return loadFiles(source, scope, deadline);
        } catch (SourceFiles.Unreadable e) {
            return LoadResult.invalid(List.of(Problem.of(ProblemCode.E_IO, Origin.ofFile(e.file()),
                    "cannot read: " + e.getCause().getMessage(), "check that the repository is readable")));
        }
    }

    private LoadResult loadFiles(ConfigSource source, FlagScope scope, Deadline deadline) {
        List<Problem> problems = new ArrayList<>();
        FileMemo remembered = memo == null ? FileMemo.EMPTY : memo.get();
        SourceFiles files = readAll(source, remembered, problems, deadline);
        if (!files.present().contains(FileKind.SETTINGS_FILE)) {
            problems.add(missingSettings(source, files.present()));
        }
        // The settings first: conditions are compiled with their max_attribute_length.
        FileOutcome<SettingsFile> settingsFile = readSettings(files);
        List<Problem> tooNew = settingsFile == null ? List.of()
                : settingsFile.problems().stream().filter(p -> p.code() == ProblemCode.E_VERSION).toList();
        if (!tooNew.isEmpty()) {
            // a newer gitflags may mean something else by what it finds: read nothing in this one's terms
            return LoadResult.invalid(tooNew);
        }
        int maxAttributeLength = settingsFile == null || settingsFile.value() == null
                ? RepoSettings.DEFAULT_MAX_ATTRIBUTE_LENGTH : settingsFile.value().settings().maxAttributeLength();
        FileMemo previous = remembered.scope().equals(scope) && remembered.maxAttributeLength() == maxAttributeLength
                ? remembered : FileMemo.EMPTY;
        Function<String, ObjectId> blobOf = file -> {
            deadline.check();
            return files.blobId(file);
        };
        // Remembered by blob: a walk through history meets the same flag files that cannot mention its keys again
        // and again, and need not read them each time to know it.
        BlobMemo<Boolean> mentions = scope.everyFlag() ? BlobMemo.empty() : previous.mentions().update(
                filesOf(files, FileKind.FLAGS, file -> true), blobOf, file -> scope.mayMention(files.bytes(file)));
        Map<String, Boolean> mayMention = mentions.values();
        BlobMemo<FileOutcome<List<Flag>>> flagFiles = previous.flags().update(
                filesOf(files, FileKind.FLAGS, file -> scope.everyFlag() || mayMention.get(file)),
                blobOf, file -> readFile(file, files.bytes(file), FileKind.FLAGS, scope,
                        (document, found) -> FlagReader.read(document, maxAttributeLength,
                                limits.maxFlagTargeting(), found)));
        // Flags first: overrides are checked against them, and the settings against the environments.
        Map<String, Flag> flags = collectFlags(flagFiles.values().values(), problems);
        // Hashed, not sorted: every one of the (many) overrides looks its flag up.
        Map<String, Flag> byKey = new HashMap<>(flags);
        // An override of a key a broken flag file may define cannot be said to name no flag.
        UnreadFlagFiles unreadFlags = unreadFlagFiles(files, flagFiles);
        boolean sameFlagFiles = flagFiles.equals(previous.flags()) && unreadFlags.equals(previous.unreadFlags());
        Descendants descendants = new Descendants(files, scope.descendantsOf(), limits);
        BlobMemo<FileOutcome<Environment>> environmentFiles = readEnvironments(files, scope, descendants,
                sameFlagFiles ? previous.environments() : stillValid(previous, byKey, unreadFlags), blobOf,
                file -> readFile(file, files.bytes(file), FileKind.ENVIRONMENT, scope,
                        (document, found) -> EnvironmentReader.read(document, byKey, maxAttributeLength,
                                limits.maxFlagTargeting(), unreadFlags::mayDefine, found)));
        if (memo != null) {
            memo.set(new FileMemo(scope, maxAttributeLength, mentions, flagFiles, unreadFlags, flags,
                    environmentFiles, Resolution.NONE));
        }
        Map<String, Environment> environments = collectEnvironments(environmentFiles.values().values(),
                descendants.inheritors(byFile(environmentFiles)), problems);
        // Environments whose file exists but whose content is unknown: not parsed, not read, or misnamed.
        Set<String> unread = new HashSet<>();
        for (String file : files.present()) {
            String name = FileKind.of(file) == FileKind.ENVIRONMENT ? EnvironmentReader.nameOf(file) : null;
            if (name != null && !environments.containsKey(name)) {
                unread.add(name);
            }
        }
        Set<String> slugs = new HashSet<>(environments.keySet());
        slugs.addAll(unread);
        RepoSettings settings = checkSettings(settingsFile, slugs,
                !files.present().contains(FileKind.ENVIRONMENTS_PATH), problems);

        deadline.check();
        List<Problem> graphProblems = EnvironmentGraph.problems(environments, unread, limits.maxChainDepth());
        problems.addAll(graphProblems);
        if (!graphProblems.isEmpty() || settings == null) {
            return LoadResult.invalid(problems);
        }
        // Only environments whose whole chain was read: the others' inheritance is unknown.
        EnvironmentGraph graph = EnvironmentGraph.of(environments);
        deadline.check();
        // The same flag file gives the same Flag objects, so an environment read from the same blob, below
        // ancestors alike, resolves to what it resolved to last time but for the flags of changed flag files.
        Resolution before = previous.resolution().inheritance() == settings.inheritance()
                && previous.resolution().bucketing() == settings.bucketing() ? previous.resolution() : Resolution.NONE;
        Set<String> changedFlags = sameFlagFiles ? Set.of() : changedFlags(previous.flagsByKey(), byKey);
        Map<String, ResolvedEnvironment> resolved = Resolver.resolveAll(flags, environments, graph,
                settings.inheritance(), settings.bucketing(), before.environments(), changedFlags, deadline::check);
        // an environment resolved as before, when no rule served an unknown variant then, serves none now
        List<Problem> unknownVariants = unknownVariants(graph, resolved, settings.inheritance(),
                slug -> !before.unknownVariants() && resolved.get(slug) == before.environments().get(slug), deadline);
        problems.addAll(unknownVariants);
        if (memo != null) {
            memo.set(memo.get().withResolution(new Resolution(resolved, settings.inheritance(), settings.bucketing(),
                    !unknownVariants.isEmpty())));
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            return LoadResult.invalid(problems);
        }
        Snapshot snapshot = new Snapshot(settings, flags, environments, graph, resolved, source.commit(),
                List.copyOf(flags.keySet()));
        if (scope.isAll()) {
            deadline.check();
            // whether an override can take effect depends on every environment below it, which a scope may not read
            problems.addAll(DeadOverrides.problems(snapshot));
        }
        return LoadResult.valid(snapshot, problems);
    }

    /**
     * The remembered environments a change of flag files leaves as they were: an environment file reads of each
     * flag it overrides only that it exists and its type, and for a key that names none every key (the hint) and
     * the unread flag files. So one that gave no problem, with every flag file read now and then, is what it was
     * when each flag it overrides still exists with the same type: a flag file edited elsewhere (a description, a
     * rule) parses no environment again.
     */
    private static BlobMemo<FileOutcome<Environment>> stillValid(FileMemo previous, Map<String, Flag> byKey,
                                                                 UnreadFlagFiles unreadFlags) {
        if (!unreadFlags.equals(UnreadFlagFiles.NONE) || !previous.unreadFlags().equals(UnreadFlagFiles.NONE)) {
            return BlobMemo.empty();
        }
        // the keys that are gone or changed type, found once rather than per override (100,000 of them)
        Set<String> retyped = new HashSet<>();
        previous.flagsByKey().forEach((key, before) -> {
            Flag now = byKey.get(key);
            if (now == null || now.type() != before.type()) {
                retyped.add(key);
            }
        });
        return previous.environments().where(outcome -> outcome.value() != null && outcome.problems().isEmpty()
                && (retyped.isEmpty() || outcome.value().overrides().keySet().stream().noneMatch(retyped::contains)));
    }

    /** The keys whose flag is not the very same object as in the load before: changed, added or removed. */
    private static Set<String> changedFlags(Map<String, Flag> before, Map<String, Flag> byKey) {
        Set<String> changed = new HashSet<>();
        int kept = 0;
        for (Map.Entry<String, Flag> flag : before.entrySet()) {
            Flag now = byKey.get(flag.getKey());
            if (now != flag.getValue()) {
                changed.add(flag.getKey());
            }
            kept += now != null ? 1 : 0;
        }
        if (kept != byKey.size()) {
            byKey.keySet().stream().filter(key -> !before.containsKey(key)).forEach(changed::add);
        }
        return changed;
    }

    /** E_IO for a missing gitflags.yaml, naming a file beside it that looks meant to be it. */
    private static Problem missingSettings(ConfigSource source, Set<String> present) {
        String lookalike = present.stream().filter(file -> !file.contains("/") && !file.equals(FileKind.SETTINGS_FILE)
                        && file.toLowerCase(Locale.ROOT).matches("gitflags\\.ya?ml")).sorted().findFirst().orElse(null);
        return lookalike == null
                ? Problem.of(ProblemCode.E_IO, Origin.ofFile(FileKind.SETTINGS_FILE),
                        "gitflags.yaml is missing in " + source.description(),
                        "point --repo at the folder that holds gitflags.yaml, flags/ and environments/")
                : Problem.of(ProblemCode.E_IO, Origin.ofFile(FileKind.SETTINGS_FILE),
                        "gitflags.yaml is missing in " + source.description() + ", which has " + lookalike,
                        "rename " + lookalike + " to gitflags.yaml: gitflags reads no other name");
    }

    /**
     * What the flag files gitflags has no flags from may define: those over a limit, unreadable or links (any
     * key), and those read that did not parse. A file not read because it cannot mention the scope's keys
     * defines none of them.
     */
    private static UnreadFlagFiles unreadFlagFiles(SourceFiles files, BlobMemo<FileOutcome<List<Flag>>> read) {
        UnreadFlagFiles unread = files.present().contains(FileKind.FLAGS_PATH) ? UnreadFlagFiles.NONE.withUnknown()
                : UnreadFlagFiles.NONE;
        for (String file : new TreeSet<>(files.present())) {
            if (FileKind.of(file) != FileKind.FLAGS) {
                continue;
            }
            BlobMemo.Entry<FileOutcome<List<Flag>>> outcome = read.entries().get(file);
            if (!files.isReadable(file)) {
                unread = unread.withUnknown();
            } else if (outcome != null && outcome.value().value() == null) {
                unread = unread.withUnparsable(files.bytes(file));
            }
        }
        return unread;
    }

    /**
     * The environment files the scope needs, by path: those it names and, unless it reads only those, those that
     * may mention its flags ({@link FlagScope#reads}); then
     * the parents of each (round by round, up to the roots), since an environment inherits through its chain.
     * Where the scope covers descendants, also those whose parent link only a full read can tell.
     */
    private static BlobMemo<FileOutcome<Environment>> readEnvironments(
            SourceFiles files, FlagScope scope, Descendants descendants, BlobMemo<FileOutcome<Environment>> previous,
            Function<String, ObjectId> blobOf, Function<String, FileOutcome<Environment>> read) {
        BlobMemo<FileOutcome<Environment>> environments = BlobMemo.empty();
        List<String> wanted = filesOf(files, FileKind.ENVIRONMENT,
                file -> scope.reads(EnvironmentReader.slugOf(file), () -> files.bytes(file)));
        while (!wanted.isEmpty()) {
            BlobMemo<FileOutcome<Environment>> round = previous.update(wanted, blobOf, read);
            environments = environments.with(round);
            Set<String> known = environments.entries().keySet();
            wanted = round.values().values().stream().map(FileOutcome::value)
                    .filter(environment -> environment != null && environment.parent() != null)
                    .map(environment -> FileKind.ENVIRONMENT_FOLDER + environment.parent() + ".yaml")
                    .filter(parent -> files.isReadable(parent) && !known.contains(parent))
                    .distinct().sorted().toList();
            if (wanted.isEmpty()) {
                wanted = descendants.toRead(byFile(environments));
            }
        }
        return environments;
    }

    /** The environment each file read gave, by path (null where it gave none). */
    private static Map<String, Environment> byFile(BlobMemo<FileOutcome<Environment>> files) {
        Map<String, Environment> environments = new HashMap<>();
        files.entries().forEach((file, entry) -> environments.put(file, entry.value().value()));
        return environments;
    }

    /** Every flag by key, in key order; a key defined twice keeps its first definition (in path order). */
    private static Map<String, Flag> collectFlags(Collection<FileOutcome<List<Flag>>> files,
                                                  List<Problem> problems) {
        Map<String, Flag> flags = new TreeMap<>();
        for (FileOutcome<List<Flag>> outcome : files) {
            problems.addAll(outcome.problems());
            for (Flag flag : outcome.value() == null ? List.<Flag>of() : outcome.value()) {
                Flag first = flags.putIfAbsent(flag.key(), flag);
                if (first != null) {
                    problems.add(Problem.of(ProblemCode.E_DUPLICATE_FLAG, flag.origin(),
                            "flag '" + flag.key() + "' is already defined at " + first.origin(),
                            "define each flag once; rename or remove one of them"));
                }
            }
        }
        return Collections.unmodifiableMap(flags);
    }

    /**
     * Every environment that parsed and is named by a valid slug, and those known by their parent link alone, by
     * slug in name order.
     */
    private static Map<String, Environment> collectEnvironments(Collection<FileOutcome<Environment>> files,
                                                                List<Environment> inheritors, List<Problem> problems) {
        Map<String, Environment> environments = new TreeMap<>();
        for (FileOutcome<Environment> file : files) {
            problems.addAll(file.problems());
            if (file.value() != null && EnvironmentReader.isSlug(file.value().slug())) {
                environments.put(file.value().slug(), file.value());
            }
        }
        inheritors.forEach(environment -> environments.put(environment.slug(), environment));
        return Collections.unmodifiableMap(environments);
    }

    /** gitflags.yaml parsed and read; null when it is missing, a null value when it does not parse. */
    private FileOutcome<SettingsFile> readSettings(SourceFiles files) {
        if (!files.isReadable(FileKind.SETTINGS_FILE)) {
            return null;
        }
        byte[] bytes = files.bytes(FileKind.SETTINGS_FILE);
        return readFile(FileKind.SETTINGS_FILE, bytes, FileKind.SETTINGS, FlagScope.ALL, (document, found) -> {
            Problem newer = SettingsReader.requiresNewer(document);
            if (newer != null) {
                found.add(newer);
            }
            return new SettingsFile(document, SettingsReader.read(document));
        });
    }

    /**
     * The settings, checked against the environments that exist ({@code listed} false: the folder could not be
     * listed, so any may); null when gitflags.yaml is missing or unreadable.
     */
    private static RepoSettings checkSettings(FileOutcome<SettingsFile> file, Set<String> environments,
                                              boolean listed, List<Problem> problems) {
        if (file == null) {
            return null;
        }
        problems.addAll(file.problems());
        if (file.value() == null) {
            return null;
        }
        RepoSettings settings = file.value().settings();
        problems.addAll(SettingsReader.check(file.value().document(), settings, environments, listed));
        return settings;
    }

    /**
     * Lists every file gitflags reads; unreadable or oversized files become problems. A file whose blob id the
     * source tells is read only when a step needs its bytes, and one the memo knows by it is not even sized: it is
     * the very bytes read before, within the limits then as now. A working tree's files are read here and hashed.
     */
    private SourceFiles readAll(ConfigSource source, FileMemo known, List<Problem> problems, Deadline deadline) {
        Map<String, ObjectId> blobs = new LinkedHashMap<>();
        Map<String, byte[]> read = new HashMap<>();
        Set<String> present = new HashSet<>();
        List<String> files;
        List<Problem> listingProblems;
        try {
            files = source.files();
            listingProblems = source.problems();
        } catch (IOException e) {
            problems.add(Problem.of(ProblemCode.E_IO, Origin.ofFile(FileKind.SETTINGS_FILE),
                    "cannot list the files of " + source.description() + ": " + e.getMessage(),
                    "check that the folder exists and is readable"));
            present.add(FileKind.SETTINGS_FILE);
            return new SourceFiles(source, blobs, present, read);
        }
        present.addAll(files);
        for (Problem problem : listingProblems) {
            problems.add(problem);
            present.add(problem.origin().file());
        }
        YamlReader reader = new YamlReader(limits);
        for (String file : files) {
            deadline.check();
            if (FileKind.of(file) == null) {
                String belongs = FileKind.misplacedYaml(file);
                if (belongs != null) {
                    problems.add(ignored(file, belongs));
                }
                continue;
            }
            try {
                ObjectId blob = source.blobId(file);
                if (blob != null && known.knows(file, blob)) {
                    blobs.put(file, blob);
                    continue;
                }
                long size = source.size(file);
                if (size > limits.maxFileBytes()) {
                    problems.add(reader.tooLarge(file, size));
                    continue;
                }
                if (blob != null) {
                    // read when a step needs the bytes: a scope may need none of this file
                    blobs.put(file, blob);
                    continue;
                }
                byte[] bytes = source.read(file);
                // a stateless loader remembers nothing, so it has no use for a working tree file's hash
                blobs.put(file, memo == null ? null : BlobMemo.blobIdOf(bytes));
                read.put(file, bytes);
            } catch (IOException e) {
                problems.add(Problem.of(ProblemCode.E_IO, Origin.ofFile(file), "cannot read: " + e.getMessage(),
                        "check the file's permissions"));
            }
        }
        return new SourceFiles(source, blobs, present, read);
    }

    /** A YAML file that looks meant to be read but would not be (see {@link FileKind#misplacedYaml}). */
    private static Problem ignored(String file, String belongs) {
        boolean nested = file.indexOf('/') != file.lastIndexOf('/');
        String folder = file.substring(0, file.indexOf('/') + 1);
        return Problem.of(ProblemCode.E_IGNORED_FILE, new Origin(file, 1, 1),
                file + " is not read: gitflags reads the *.yaml files directly in flags/ and environments/",
                nested ? "move it to " + belongs + ", or out of " + folder + " if it is not config"
                        : "rename it to " + belongs);
    }

    private static List<String> filesOf(SourceFiles files, FileKind kind, Predicate<String> which) {
        return files.readable().stream().filter(file -> FileKind.of(file) == kind && which.test(file)).toList();
    }

    @FunctionalInterface
    private interface ModelBuilder<T> {
        T build(YamlDocument document, List<Problem> problems);
    }

    /** Parse, check against the schema, build; a file that does not parse contributes nothing but its problems. */
    private <T> FileOutcome<T> readFile(String file, byte[] bytes, FileKind kind, FlagScope scope,
                                        ModelBuilder<T> builder) {
        YamlReader.Result parsed = new YamlReader(limits).read(file, bytes, kind, scope);
        List<Problem> problems = new ArrayList<>(parsed.problems());
        if (parsed.document() == null) {
            return new FileOutcome<>(null, problems);
        }
        problems.addAll(SchemaValidator.validate(kind, parsed.document()));
        T value = builder.build(parsed.document(), problems);
        return new FileOutcome<>(value, problems);
    }

    /**
     * A rule serving a variant its flag does not have where it is served. Checked after resolution, because an
     * environment may inherit rules from one layer and variants from another; each rule is reported once.
     * A flag resolves differently from the parent's only where the environment overrides it, so below a root only
     * the overridden flags need a look (with inheritance off, every environment starts from the base flags).
     * Environments {@code checkedBefore} are skipped: resolved as in a load that found no such rule anywhere.
     */
    private static List<Problem> unknownVariants(EnvironmentGraph graph, Map<String, ResolvedEnvironment> resolved,
                                                 boolean inheritance, Predicate<String> checkedBefore,
                                                 Deadline deadline) {
        List<Problem> problems = new ArrayList<>();
        Set<ResolvedFlag> checked = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> reported = new HashSet<>();
        for (String slug : graph.treeOrder()) {
            deadline.check();
            if (checkedBefore.test(slug)) {
                continue;
            }
            ResolvedEnvironment environment = resolved.get(slug);
            boolean fromBase = !inheritance || environment.environment().parent() == null;
            Iterable<String> keys = fromBase ? environment.flags().keySet()
                    : environment.environment().overrides().keySet();
            for (String key : keys) {
                ResolvedFlag flag = environment.flag(key);
                if (flag == null || flag.rules().isEmpty() || !checked.add(flag)) {
                    continue;
                }
                for (Rule rule : flag.rules()) {
                    String variant = rule.serve().variant();
                    if (variant == null || flag.variants().stream().anyMatch(v -> v.key().equals(variant))) {
                        continue;
                    }
                    if (reported.add(rule.origin() + " " + variant)) {
                        List<String> known = flag.variants().stream().map(Variant::key).toList();
                        problems.add(Problem.of(ProblemCode.E_UNKNOWN_VARIANT, rule.origin(),
                                "rule '" + rule.name() + "' of flag '" + flag.key() + "' serves variant '" + variant
                                        + "', which the flag does not define in environment '" + slug + "'",
                                known.isEmpty() ? "define variants for the flag, or serve {value: ...} instead"
                                        : Suggestions.hint("variant", variant, known)));
                    }
                }
            }
        }
        return problems;
    }
}
