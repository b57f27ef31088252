package dev.gitflags.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteSizeConverterTest {

    @ParameterizedTest
    @CsvSource({"1048576,1048576", "100b,100", "512KiB,524288", "512k,524288", "2MiB,2097152", "2 MB,2097152",
            "1GiB,1073741824", "1g,1073741824"})
    void parsesSizesWithBinaryUnits(String text, long bytes) {
        assertEquals(bytes, new ByteSizeConverter().convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-1", "0", "1.5MiB", "1TiB", "99999999999999999999"})
    void rejectsWhatIsNotAPositiveSize(String text) {
        assertThrows(TypeConversionException.class, () -> new ByteSizeConverter().convert(text));
    }
}
