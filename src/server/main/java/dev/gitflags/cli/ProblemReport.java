package dev.gitflags.cli;

import dev.gitflags.internal.model.Problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints located problems in the three formats of {@code gitflags validate}: text lines
 * ({@code file:line:col: message (hint) [CODE]}), JSON objects, and GitHub Actions workflow commands
 * ({@code ::error file=…,line=…,col=…,title=CODE::message (hint)}) that annotate a pull request's diff.
 * Warnings are {@code ::warning} commands and carry {@code "severity": "warning"} in JSON.
 */
public final class ProblemReport {

    private ProblemReport() {
    }

    /** "1 problem", "3 problems" (errors), then any warnings: "2 problems, 1 warning", "0 problems, 2 warnings". */
    public static String count(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        long warnings = problems.size() - errors;
        String text = errors + (errors == 1 ? " problem" : " problems");
        return warnings == 0 ? text : text + ", " + warnings + (warnings == 1 ? " warning" : " warnings");
    }

    /** One problem as a JSON-ready map: code, severity (error, warning), file, line, column, message, hint. */
    public static Map<String, Object> toMap(Problem problem) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("code", problem.code().name());
        map.put("severity", problem.severity().name().toLowerCase(Locale.ROOT));
        map.put("file", problem.origin().file());
        map.put("line", problem.origin().line());
        map.put("column", problem.origin().column());
        map.put("message", problem.message());
        map.put("hint", problem.hint());
        return map;
    }

    /**
     * One GitHub workflow command, {@code ::error} or {@code ::warning} by the problem's severity.
     * {@code pathPrefix} turns the config-root-relative file into a path relative to the git work tree root
     * (e.g. {@code "example-repo/"}), which is what GitHub matches against the diff.
     */
    public static String githubAnnotation(Problem problem, String pathPrefix) {
        StringBuilder line = new StringBuilder(problem.isError() ? "::error file=" : "::warning file=")
                .append(escapeProperty(pathPrefix + problem.origin().file()))
                .append(",line=").append(problem.origin().line())
                .append(",col=").append(problem.origin().column())
                .append(",title=").append(escapeProperty(problem.code().name())).append("::");
        String text = problem.hint().isEmpty() ? problem.message() : problem.message() + " (" + problem.hint() + ")";
        return line.append(escapeData(text)).toString();
    }

    /** GitHub's escaping of a workflow command's message (actions/toolkit {@code escapeData}). */
    static String escapeData(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** GitHub's escaping of a workflow command's property value (actions/toolkit {@code escapeProperty}). */
    static String escapeProperty(String text) {
        return escapeData(text).replace(":", "%3A").replace(",", "%2C");
    }
}
