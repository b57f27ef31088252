package dev.gitflags.cli;

import dev.gitflags.internal.Snapshot;
import dev.gitflags.internal.refs.CodeReferences;
import dev.gitflags.internal.refs.CodeSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gitflags refs --code DIR…}: where application code uses the repository's flags ({@link CodeSearch}): every
 * reference with file:line, the flags nothing references, and call-site keys that name no flag.
 */
@Command(name = "refs", mixinStandardHelpOptions = true,
        description = {"Find the flags' keys in application source trees: every reference (a key, or an alias of it,",
                "as a whole token) with file:line, the flags no code references, and keys passed to call sites",
                "(OpenFeature's getBooleanValue(\"…\", …, or gitflags.yaml's refs.call_sites) that no flag defines.",
                ".gitignore is obeyed; binary files are skipped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every flag is referenced and every call-site key is a flag",
                "1:some flag is unreferenced, or some call-site key names no flag",
                "2:usage error, an invalid config repo, or a folder that cannot be read"})
public final class RefsCommand extends CliCommand {

    @Mixin
    RepoOptions repo;

    @Option(names = "--code", paramLabel = "DIR", required = true, arity = "1..*",
            description = "Source folders to search (repeat, or list several).")
    List<Path> code;

    @Mixin
    TextOrJsonOption output;

    @Override
    protected int run() throws IOException {
        for (Path folder : code) {
            if (!Files.isDirectory(folder)) {
                throw CommandFailure.usage("no such folder: " + folder);
            }
        }
        Snapshot snapshot;
        try {
            snapshot = repo.loadValid(err());
        } catch (CommandFailure invalid) {
            throw new CommandFailure(ExitCodes.USAGE_OR_IO, invalid.getMessage());
        }
        CodeReferences found = new CodeSearch(snapshot.flagKeys(), snapshot.settings().refs()).search(code);
        if (output.json()) {
            out().println(DocumentWriter.json(json(found)));
        } else {
            printText(found);
        }
        return found.unreferenced().isEmpty() && found.unknown().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_CONFIG;
    }

    private void printText(CodeReferences found) {
        found.references().forEach((key, references) -> {
            if (!references.isEmpty()) {
                out().println(key + ": " + references.size() + (references.size() == 1 ? " reference" : " references"));
                for (CodeReferences.Reference reference : references) {
                    out().println("  " + reference.location() + (reference.spelling().equals(key) ? ""
                            : " (as " + reference.spelling() + ")"));
                }
            }
        });
        for (CodeReferences.UnknownKey unknown : found.unknown()) {
            out().println(unknown.file() + ":" + unknown.line() + ": '" + unknown.key() + "' names no flag"
                    + (unknown.nearest() == null ? "" : " (" + unknown.hint() + ")"));
        }
        List<String> unreferenced = found.unreferenced();
        if (!unreferenced.isEmpty()) {
            out().println("unreferenced: " + String.join(", ", unreferenced));
        }
        int flags = found.references().size();
        long references = found.references().values().stream().mapToLong(List::size).sum();
        out().println(flags + " flags: " + (flags - unreferenced.size()) + " referenced (" + references
                + " references), " + unreferenced.size() + " unreferenced; " + found.unknown().size()
                + (found.unknown().size() == 1 ? " unknown key" : " unknown keys") + "; " + found.filesScanned()
                + " files, " + found.bytesScanned() + " bytes searched");
    }

    private static Map<String, Object> json(CodeReferences found) {
        Map<String, Object> document = new LinkedHashMap<>();
        Map<String, Object> references = new LinkedHashMap<>();
        found.references().forEach((key, list) -> references.put(key, list.stream().map(reference -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", reference.file());
            entry.put("line", reference.line());
            entry.put("spelling", reference.spelling());
            entry.put("callSite", reference.callSite());
            return entry;
        }).toList()));
        document.put("references", references);
        document.put("unreferenced", found.unreferenced());
        document.put("unknown", found.unknown().stream().map(unknown -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", unknown.key());
            entry.put("file", unknown.file());
            entry.put("line", unknown.line());
            entry.put("nearest", unknown.nearest());
            return entry;
        }).toList());
        document.put("files", found.filesScanned());
        document.put("bytes", found.bytesScanned());
        return document;
    }
}
