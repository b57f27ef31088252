package dev.gitflags.internal.load;

import dev.gitflags.internal.LoadResult;
import dev.gitflags.internal.model.Problem;
import dev.gitflags.internal.model.ProblemCode;
import dev.gitflags.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers are numbers: a number written anywhere in the config must be served as the JSON number it says. NaN,
 * the infinities, values beyond a double's range and digits a double cannot hold are located E_BAD_NUMBER problems.
 */
class ExactNumbersTest {

    @TempDir
    Path dir;

    private LoadResult load(String flags) {
        TestFiles.write(dir, Map.of("gitflags.yaml", "default_environment: production\n",
                "flags/numbers.yaml", flags, "environments/production.yaml", "name: Production\n"));
        return new Loader().load(new WorkingTreeSource(dir));
    }

    private static String numberFlag(String defaultValue) {
        return "flags:\n  limit:\n    type: number\n    default_value: " + defaultValue + "\n";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ".nan        | NaN is not a number JSON can carry",
            ".NaN        | NaN is not a number JSON can carry",
            ".inf        | infinity is not a number JSON can carry",
            "-.Inf       | infinity is not a number JSON can carry",
            "1e400       | 1e400 is beyond the range of a 64-bit floating-point number",
            "-1e400      | -1e400 is beyond the range of a 64-bit floating-point number",
            "1e-400      | 1e-400 cannot be held exactly: it would be served as 0.0",
            "99999999999999999999 | 99999999999999999999 cannot be held exactly: it would be served as 1.0E20",
            "9223372036854775808  | 9223372036854775808 cannot be held exactly: it would be served as 9.223372036854776E18",
            "0.1000000000000000000001 | 0.1000000000000000000001 cannot be held exactly: it would be served as 0.1",
            // Java 17 prints the double nearest to 1e23 so, and so JSON writers serve it
            "1e23                 | 1e23 cannot be held exactly: it would be served as 9.999999999999999E22"})
    void aNumberJsonCannotCarryExactlyIsALocatedProblem(String written, String message) {
        LoadResult result = load(numberFlag(written));

        assertFalse(result.isValid());
        assertEquals(1, result.problems().size(), result.problems().toString());
        Problem problem = result.problems().get(0);
        assertEquals(ProblemCode.E_BAD_NUMBER, problem.code(), problem.toString());
        assertEquals("flags/numbers.yaml:4:20", problem.origin().toString());
        assertTrue(problem.message().startsWith(message), problem.message());
        assertFalse(problem.hint().isBlank());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.1                  | 0.1",
            "-0.0                 | -0.0",
            "2.5e-300             | 2.5E-300",
            "1.7976931348623157e308 | 1.7976931348623157E308",
            "1e20                 | 1.0E20",
            "100000000000000000000 | 1.0E20",
            "9223372036854775807  | 9223372036854775807",
            "-9223372036854775808 | -9223372036854775808",
            "0x1F                 | 31",
            "0o17                 | 15",
            "1.50                 | 1.5"})
    void aNumberThatRoundTripsIsServedAsWritten(String written, String served) {
        LoadResult result = load(numberFlag(written));

        assertTrue(result.isValid(), result.problems().toString());
        assertEquals(served, String.valueOf(result.snapshot().flag("production", "limit").orElseThrow().defaultValue()));
    }

    @Test
    void everyPlaceANumberCanBeWrittenIsChecked() {
        LoadResult result = load("""
                flags:
                  limit:
                    type: number
                    default_value: 1
                    variants:
                      big: {value: 1e400, weight: 100}
                    rules:
                      - conditions:
                          - {attribute: age, operator: gt, value: .inf}
                          - {attribute: age, operator: in, value: [1, .nan]}
                        serve: {value: -.inf}
                    metadata:
                      cost: .nan
                  config:
                    type: json
                    default_value: {limits: {max: [1, 2, 1e-400]}}
                """);

        assertEquals(List.of("flags/numbers.yaml:6:20", "flags/numbers.yaml:9:51", "flags/numbers.yaml:10:55",
                        "flags/numbers.yaml:11:24", "flags/numbers.yaml:13:13", "flags/numbers.yaml:16:42"),
                result.problems().stream().map(problem -> problem.origin().toString()).toList(),
                result.problems().toString());
        assertTrue(result.problems().stream().allMatch(problem -> problem.code() == ProblemCode.E_BAD_NUMBER),
                "one problem per number, no knock-on E_BAD_OPERAND: " + result.problems());
    }

    @Test
    void anOverrideIsCheckedToo() {
        TestFiles.write(dir, Map.of("environments/staging.yaml", """
                parent: production
                overrides:
                  limit:
                    default_value: 1e-400
                """));
        LoadResult result = load(numberFlag("1"));

        assertEquals(List.of("E_BAD_NUMBER environments/staging.yaml:4:20"),
                result.problems().stream().map(problem -> problem.code() + " " + problem.origin()).toList());
    }
}
