package dev.gitflags.bench;

import dev.gitflags.eval.Operators;
import dev.gitflags.model.AttributeMatcher;
import dev.gitflags.model.Operator;
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
 * The {@code matches} operator (RE2J, as evaluation runs it) beside java.util.regex on the same pattern and value,
 * in one run: a typical targeting pattern, and a nested quantifier on a value that makes java.util.regex
 * backtrack through about n^12 paths ({@code nested}; n = 20 keeps the JDK side measurable at all: at n = 30 it
 * takes seconds per match).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatchesBenchmark {

    @Param({"typical", "nested"})
    public String input;

    private AttributeMatcher matches;
    private Pattern jdk;
    private String value;

    @Setup
    public void compile() throws Exception {
        String regex = input.equals("typical") ? "^user-[0-9]+$" : "^(.*a){12}$";
        value = input.equals("typical") ? "user-1234567" : "a".repeat(20) + "!";
        matches = Operators.compile(Operator.MATCHES, regex);
        jdk = Pattern.compile(regex);
    }

    @Benchmark
    public boolean re2j() {
        return matches.matches(value);
    }

    @Benchmark
    public boolean javaUtilRegex() {
        return jdk.matcher(value).find();
    }
}
