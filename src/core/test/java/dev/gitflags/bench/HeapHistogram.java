package dev.gitflags.bench;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A class histogram of the live heap, taken after a full GC ({@code GC.class_histogram}): bytes by class name. What
 * the retained-heap benches (RetainedHeap, and the provider's in gitflags-openfeature) compare before and after.
 */
record HeapHistogram(long totalBytes, Map<String, Long> bytesByClass) {

    /** The classes that grew most since {@code before}, largest first, as "bytes class". */
    List<String> grownSince(HeapHistogram before) {
        return bytesByClass.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(),
                        entry.getValue() - before.bytesByClass().getOrDefault(entry.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(entry -> String.format("%,12d  %s", entry.getValue(), entry.getKey())).toList();
    }

    static HeapHistogram take() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        List<String> lines = Arrays.stream(text.split("\n")).map(String::strip).toList();
        String total = lines.stream().filter(line -> line.startsWith("Total")).findFirst().orElseThrow();
        String[] columns = total.split("\\s+");
        Map<String, Long> bytesByClass = new HashMap<>();
        lines.stream().filter(line -> line.matches("\\d+:.*")).map(line -> line.split("\\s+"))
                .forEach(row -> bytesByClass.merge(row[3], Long.parseLong(row[2]), Long::sum));
        return new HeapHistogram(Long.parseLong(columns[2]), bytesByClass);
    }
}
