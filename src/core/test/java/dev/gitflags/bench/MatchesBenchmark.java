package dev.gitflags.bench;

import dev.gitflags.internal.eval.BoundedRegex;
import dev.gitflags.internal.eval.Operators;
import dev.gitflags.internal.model.AttributeMatcher;
import dev.gitflags.internal.model.Operator;
import dev.gitflags.internal.model.RepoSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code matches} operator, as evaluation runs it.
 * <ul>
 *   <li>{@link #re2j} beside {@link #javaUtilRegex} on the same pattern and value, in one run: a typical targeting
 *       pattern, and a nested quantifier on a value that makes java.util.regex backtrack through about n^12 paths
 *       ({@code nested}; n = 20 keeps the JDK side measurable at all: at n = 30 it takes seconds per match).</li>
 *   <li>{@link #atTheCaps}: the worst one condition can cost. Each pattern is as large as
 *       {@link BoundedRegex#MAX_PROGRAM_SIZE} allows and keeps every instruction busy on a value of 'a's that it
 *       never matches: {@code optional} {@code (?:a?){498}c}, {@code star} {@code (?:.*){498}c}, {@code class}
 *       {@code [ab]{997}c}. The value is as long as the default {@code max_attribute_length} allows
 *       ({@code atTheBound}), or the 60,000 characters, which the bound turns away unexamined.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatchesBenchmark {

    /** A pattern both engines can run. */
    @State(Scope.Benchmark)
    public static class Engines {

        @Param({"typical", "nested"})
        public String input;

        AttributeMatcher matches;
        Pattern jdk;
        String value;

        @Setup
        public void compile() throws Exception {
            String regex = input.equals("typical") ? "^user-[0-9]+$" : "^(.*a){12}$";
            value = input.equals("typical") ? "user-1234567" : "a".repeat(20) + "!";
            matches = Operators.compile(Operator.MATCHES, regex);
            jdk = Pattern.compile(regex);
        }
    }

    /** A pattern at the program-size cap on a value at (or over) the attribute-length bound. */
    @State(Scope.Benchmark)
    public static class AtTheCaps {

        @Param({"optional", "star", "class"})
        public String pattern;

        @Param({"atTheBound", "60000"})
        public String length;

        AttributeMatcher matches;
        String value;

        @Setup
        public void compile() throws Exception {
            int size = BoundedRegex.MAX_PROGRAM_SIZE;
            // two instructions per copy of a? or .*, one per [ab]; three for 'c' and the program's start and end
            String regex = switch (pattern) {
                case "optional" -> "(?:a?){" + (size - 3) / 2 + "}c";
                case "star" -> "(?:.*){" + (size - 3) / 2 + "}c";
                default -> "[ab]{" + (size - 3) + "}c";
            };
            matches = Operators.compile(Operator.MATCHES, regex);
            value = "a".repeat(length.equals("atTheBound") ? RepoSettings.DEFAULT_MAX_ATTRIBUTE_LENGTH
                    : Integer.parseInt(length));
            if (matches.matches(value)) {
                throw new IllegalStateException(regex + " must scan the whole value without matching");
            }
        }
    }

    @Benchmark
    public boolean re2j(Engines engines) {
        return engines.matches.matches(engines.value);
    }

    @Benchmark
    public boolean javaUtilRegex(Engines engines) {
        return engines.jdk.matcher(engines.value).find();
    }

    @Benchmark
    public boolean atTheCaps(AtTheCaps caps) {
        return caps.matches.matches(caps.value);
    }
}
