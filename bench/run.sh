#!/usr/bin/env bash
# `make bench`: builds the test classes (benchmarks live in src/core/test/java/dev/gitflags/bench), records the test
# classpath (gitflags-server's, which holds core's test classes), runs every JMH benchmark through bench/jmh.sh,
# then the HTTP load test bench/http.sh, metrics on the evaluation path bench/metrics.sh, push-to-served-and-notified
# of the built-in fetch bench/fetch.sh, the promotion
# CLI run bench/promote-cli.sh, the retained heap bench/heap.sh, the event-stream benchmark bench/streams.sh and the
# web view's first-screen benchmark.
# Arguments go to bench/jmh.sh: bench/run.sh [regex] [jmh args], e.g. bench/run.sh Evaluate -i 10; with
# arguments only those benchmarks run (no HTTP load test).
# MVN overrides the Maven command, e.g. MVN="mvn -B -o" to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."

MVN=${MVN:-mvn -B}
$MVN -q test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

if [[ ! -s src/core/target/test-classes/META-INF/BenchmarkList ]]; then
    echo "bench/run.sh: no src/core/target/test-classes/META-INF/BenchmarkList; is the JMH annotation processor configured?" >&2
    exit 2
fi

bench/jmh.sh "$@"
# The OpenFeature provider beside the SDK's no-op provider and flagd's in-process provider (issue 12).
if [[ $# -eq 0 ]]; then
    MODULE=openfeature bench/jmh.sh OpenFeatureBenchmark
    # the client target in a JVM with no provider but gitflags', the no-op and the read-only floor
    MODULE=openfeature bench/jmh.sh OpenFeatureAloneBenchmark -f 3
fi

if [[ $# -eq 0 && -f bench/http.sh ]]; then
    bash bench/http.sh
fi

# Metrics on the evaluation path: OFREP evaluation with metrics vs without, A B A B (issue 13).
if [[ $# -eq 0 ]]; then
    bash bench/metrics.sh
fi

# Built-in fetch: git push -> served and notified, against a local git daemon (issue 13).
if [[ $# -eq 0 ]]; then
    bash bench/fetch.sh
fi

# `gitflags promote` as one CLI process per promotion, JVM start included (issue 5).
if [[ $# -eq 0 ]]; then
    make -s build
    bench/promote-cli.sh
fi

# The heap a long-lived loader keeps: every environment (the server) and one environment (a provider, issue 12).
if [[ $# -eq 0 ]]; then
    bench/heap.sh
fi

# Event streams: 1,000 streams' latency, 10,000 idle streams' heap and req/s cost (issue 13).
if [[ $# -eq 0 ]]; then
    bench/streams.sh
fi

# The web view's first screen on 10,000 flags x 50 environments, in headless Chromium (issue 6).
if [[ $# -eq 0 ]]; then
    .ci/install-browser.sh
    java -cp "src/server/target/test-classes:src/server/target/classes:$(cat src/server/target/test-classpath.txt)" dev.gitflags.bench.FirstScreenBench
fi
