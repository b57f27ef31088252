package dev.gitflags.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JMH profiler reporting {@code cpu.time.norm}: CPU time the benchmark's worker threads spent per operation.
 * On a shared, oversubscribed machine wall-clock ns/op grows with the load of other processes (a thread that
 * waits for a core still counts its wall time); CPU time per operation barely does, so the two together tell
 * the cost of the code from the cost of the neighbours. Use with {@code -prof dev.gitflags.bench.ThreadCpuTimeProfiler}.
 */
public final class ThreadCpuTimeProfiler implements InternalProfiler {

    private static final String WORKER_MARK = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> startByThread = Map.of();

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads per operation (cpu.time.norm)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startByThread = workerCpuTimes();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                 IterationResult result) {
        long used = 0;
        for (Map.Entry<Long, Long> worker : workerCpuTimes().entrySet()) {
            used += worker.getValue() - startByThread.getOrDefault(worker.getKey(), 0L);
        }
        long operations = result.getMetadata().getMeasuredOps();
        if (operations <= 0 || used <= 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", (double) used / operations, "ns/op", AggregationPolicy.AVG));
    }

    /** CPU nanoseconds so far of every live JMH worker thread, by thread id. */
    private Map<Long, Long> workerCpuTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(WORKER_MARK)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    times.put(info.getThreadId(), cpu);
                }
            }
        }
        return times;
    }
}
