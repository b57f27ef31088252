package dev.gitflags.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a size such as {@code 1048576}, {@code 512KiB}, {@code 2MiB} or {@code 1GiB} (also KB/MB/GB, k/m/g). */
public final class ByteSizeConverter implements ITypeConverter<Long> {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?");

    @Override
    public Long convert(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new TypeConversionException("'" + text + "' is not a size; write e.g. 1048576, 512KiB or 2MiB");
        }
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        // Binary units either way: file-size limits are about memory, and nobody means 1000 here.
        long factor = switch (unit.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        try {
            long size = Math.multiplyExact(Long.parseLong(matcher.group(1)), factor);
            if (size <= 0) {
                throw new TypeConversionException("the size must be greater than 0");
            }
            return size;
        } catch (ArithmeticException | NumberFormatException tooBig) {
            throw new TypeConversionException("'" + text + "' is too large");
        }
    }
}
