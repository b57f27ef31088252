package dev.gitflags.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gitflags.testing.TestRepo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bench (not a test) of the event streams against a real {@code gitflags serve} process (G1, 1 GiB heap, native
 * memory tracking) following the example repo committed into a temporary git repository, with
 * {@link StreamClients} as the lightweight client:
 * <ol>
 *   <li>1,000 streams of one environment; COMMITS commits that change its definitions; per commit and stream, the
 *       time from the server's snapshot swap ({@code /status} {@code loadedAt}) to the event's arrival: p50, p99,
 *       max over all. Target: p99 ≤ 1 s.</li>
 *   <li>10,000 idle streams: the server's live heap after a full GC ({@code jcmd GC.run}, {@code GC.heap_info})
 *       without and with them (target: ≤ 64 MB more), native memory tracking's "Other" (Netty's direct buffers)
 *       beside it, and wrk's req/s on the resolved-flag GET without (A) and with (B) them, A B A B over ROUNDS
 *       rounds of the same run, the median of the rounds' ratios (target: ≥ 0.9×), beside the ratio of server CPU
 *       per request and the load average.</li>
 * </ol>
 * Run by {@code bench/streams.sh} (which raises the open-file limit for both processes): {@code java -cp … dev.gitflags.bench.StreamBench}.
 * Settings (system properties): {@code clients} (1000), {@code idle} (10000), {@code commits} (10), {@code rounds} (6),
 * {@code port} (18191), {@code wrk.duration} (5s).
 */
public final class StreamBench {

    private static final String HOST = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private StreamBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 1000);
        int idle = Integer.getInteger("idle", 10_000);
        int commits = Integer.getInteger("commits", 10);
        int rounds = Integer.getInteger("rounds", 6);
        int port = Integer.getInteger("port", 18191);
        String wrkDuration = System.getProperty("wrk.duration", "5s");
        Path work = Files.createTempDirectory("gitflags-stream-bench");
        try (TestRepo repo = TestRepo.init(work.resolve("repo")).copyFrom(Path.of("example-repo"))) {
            repo.write("flags/bench.yaml", benchFlag(0)).commit("bench repo");
            Process server = startServer(repo.dir(), port, work.resolve("server.log"));
            try {
                awaitHealth(port, server);
                // Inherited from bench/streams.sh's ulimit: 10,000 streams and wrk's connections need it.
                Files.readAllLines(Path.of("/proc/" + server.pid() + "/limits")).stream()
                        .filter(line -> line.startsWith("Max open files"))
                        .forEach(line -> System.out.println("server: " + line.replaceAll("\\s+", " ")));
                String base = "http://" + HOST + ":" + port;
                latency(repo, base, port, clients, commits);
                idleCost(base, port, server.pid(), idle, rounds, wrkDuration);
            } finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void latency(TestRepo repo, String base, int port, int clients, int commits) throws Exception {
        List<Long> millis = new ArrayList<>();
        try (StreamClients streams = new StreamClients()) {
            List<StreamClients.Connection> connections = streams.open(HOST, port,
                    "/events/v1/environments/production", clients, 60_000);
            System.out.printf("latency: %d streams open%n", connections.size());
            for (int i = 1; i <= commits; i++) {
                String before = feedEtag(base);
                repo.write("flags/bench.yaml", benchFlag(i)).commit("bench " + i);
                String after = awaitNewEtag(base, before);
                long deadline = System.currentTimeMillis() + 10_000;
                while (connections.stream().anyMatch(c -> !after.equals(c.etag))
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
                Instant swapped = Instant.parse(get(base + "/status").get("loadedAt").asText());
                int missing = 0;
                for (StreamClients.Connection connection : connections) {
                    if (after.equals(connection.etag)) {
                        millis.add(Duration.between(swapped, connection.receivedAt).toMillis());
                    } else {
                        missing++;
                    }
                }
                if (missing > 0) {
                    System.out.printf("latency: commit %d: %d streams got no event within 10 s%n", i, missing);
                }
                Thread.sleep(300);
            }
        }
        Collections.sort(millis);
        System.out.printf("latency: %d clients x %d commits, swap -> event received: p50 %d ms, p99 %d ms, "
                        + "max %d ms (target p99 <= 1000 ms)%n", clients, commits, percentile(millis, 50),
                percentile(millis, 99), millis.isEmpty() ? -1 : millis.get(millis.size() - 1));
    }

    private static void idleCost(String base, int port, long pid, int idle, int rounds, String wrkDuration)
            throws Exception {
        String flagUrl = base + "/api/v1/environments/production/flags/" + firstFlag(base);
        // Warm-up until two runs in a row agree within 10 % (at most 12): C2 on a loaded 2-core machine takes a
        // while, and a server still warming up favours whichever side runs later.
        double last = 0;
        for (int i = 0; i < 12; i++) {
            double rate = wrk(flagUrl, wrkDuration, pid).requestsPerSecond();
            System.out.printf("idle: warm-up %d: %.0f req/s%n", i, rate);
            if (i >= 2 && Math.abs(rate - last) <= 0.1 * last) {
                break;
            }
            last = rate;
        }
        List<Double> rateRatios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        long heapBefore = liveHeapKb(pid);
        long otherBefore = nativeOtherKb(pid);
        long heapWith = -1;
        long otherWith = -1;
        String loadBefore = loadAverage();
        for (int round = 0; round < rounds; round++) {
            // A B A B: without, then with, in every round of the same run, so that a neighbour's load that drifts
            // over the run weighs on both sides alike; each run after the same pause.
            Thread.sleep(2_000);
            Load without = wrk(flagUrl, wrkDuration, pid);
            Load with;
            try (StreamClients streams = new StreamClients()) {
                List<StreamClients.Connection> held = streams.open(HOST, port, "/events/v1/environments/production",
                        idle, 180_000);
                if (round == 0) {
                    heapWith = liveHeapKb(pid);
                    otherWith = nativeOtherKb(pid);
                }
                // The same pause as before A: the connects' garbage and accept burst are over.
                Thread.sleep(2_000);
                with = wrk(flagUrl, wrkDuration, pid);
                System.out.printf("idle: round %d: %d streams held%n", round, held.stream().filter(c -> c.open).count());
            }
            rateRatios.add(with.requestsPerSecond() / without.requestsPerSecond());
            cpuRatios.add(without.cpuMicrosPerRequest() / with.cpuMicrosPerRequest());
            System.out.printf("idle: round %d: A without: %s; B with: %s; B/A %.2fx%n", round, without, with,
                    with.requestsPerSecond() / without.requestsPerSecond());
        }
        System.out.printf("idle: %d streams: live heap after full GC %d -> %d KiB (+%.1f MiB, target <= 64 MiB); "
                        + "native 'Other' (direct buffers) %d -> %d KiB (+%.1f MiB)%n", idle, heapBefore, heapWith,
                (heapWith - heapBefore) / 1024.0, otherBefore, otherWith, (otherWith - otherBefore) / 1024.0);
        System.out.printf("idle: resolved-flag GET with %d streams held vs without, A B A B, median over %d rounds: "
                        + "%.2fx the req/s (target >= 0.90x; rounds %s), %.2fx the requests per server CPU second; "
                        + "%d cores, load average %s before, %s after%n", idle, rounds, median(rateRatios),
                ratios(rateRatios), median(cpuRatios), Runtime.getRuntime().availableProcessors(), loadBefore,
                loadAverage());
    }

    /** One wrk run: its req/s, and the server's CPU time (user + system) per request. */
    private record Load(double requestsPerSecond, double cpuMicrosPerRequest, double clientCpuPercent) {
        @Override
        public String toString() {
            return String.format("%.0f req/s, %.1f us CPU/request (this bench process, the streams' client: "
                    + "%.0f %% of a core)", requestsPerSecond, cpuMicrosPerRequest, clientCpuPercent);
        }
    }

    private static String ratios(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format("%.2f", v)).toList());
    }

    /** The 1-minute load average (/proc/loadavg), which the README records beside each figure. */
    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The process's CPU time so far (utime + stime of /proc/PID/stat), in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String benchFlag(int value) {
        return "flags:\n  bench-counter:\n    type: number\n    default_value: " + value + "\n";
    }

    private static Process startServer(Path repo, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseG1GC", "-Xmx1g", "-Xms1g",
                "-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
                "dev.gitflags.cli.GitflagsCommand", "serve", "--repo", repo.toString(), "--ref", "main",
                "--host", HOST, "--port", String.valueOf(port), "--poll", "100ms"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitHealth(int port, Process server) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && server.isAlive()) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not start");
    }

    private static String feedEtag(String base) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/sync/v1/environments/production")).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("ETag").orElseThrow().replace("\"", "");
    }

    private static String awaitNewEtag(String base, String before) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            String now = feedEtag(base);
            if (!now.equals(before)) {
                return now;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the commit was not served within 30 s");
    }

    private static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String firstFlag(String base) throws Exception {
        return get(base + "/api/v1/environments/production/flags").get("flags").get(0).get("key").asText();
    }

    /** wrk on {@code url} (2 threads, 32 connections): req/s, and the server's CPU per request. */
    private static Load wrk(String url, String duration, long pid) throws Exception {
        long ticks = cpuTicks(pid);
        long ownTicks = cpuTicks(ProcessHandle.current().pid());
        long started = System.nanoTime();
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c32", "-d" + duration, url).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor(2, TimeUnit.MINUTES);
        long used = cpuTicks(pid) - ticks;
        // The client shares the 2 cores: what it takes while wrk runs is CPU the server does not get.
        double ownPercent = (cpuTicks(ProcessHandle.current().pid()) - ownTicks) * 1e9 / (System.nanoTime() - started);
        Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher count = Pattern.compile("(\\d+) requests in").matcher(out);
        if (!rate.find() || !count.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        return new Load(Double.parseDouble(rate.group(1)), used * 10_000.0 / Long.parseLong(count.group(1)),
                ownPercent);
    }

    /** The used heap after a full GC, in KiB ({@code jcmd GC.run}, then {@code GC.heap_info}). */
    private static long liveHeapKb(long pid) throws Exception {
        jcmd(pid, "GC.run");
        Matcher used = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) : -1;
    }

    /** Native memory tracking's committed "Other" (direct buffers, Netty's included), in KiB. */
    private static long nativeOtherKb(long pid) throws Exception {
        Matcher other = Pattern.compile("Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)")
                .matcher(jcmd(pid, "VM.native_memory", "summary"));
        return other.find() ? Long.parseLong(other.group(1)) : -1;
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(1, TimeUnit.MINUTES);
        return out;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
