#!/usr/bin/env bash
# Runs JMH benchmarks from the compiled test classes: bench/jmh.sh [regex] [jmh args]
#   bench/jmh.sh                          every benchmark
#   bench/jmh.sh EvaluateBenchmark        one class
#   bench/jmh.sh Resolve -i 10            more measurement iterations (an option given replaces its default)
# Settings suit a noisy, shared 2-core machine: one fork, a few short warm-up and measurement iterations, and the
# GC profiler so every result also reports gc.alloc.rate.norm (bytes allocated per operation), and
# ThreadCpuTimeProfiler for cpu.time.norm (CPU ns per operation, which the load of other processes barely moves).
# Results: bench/results/jmh-<time>.txt (the console table) and .json (machine-readable).
# Needs src/server/target/test-classes and src/server/target/test-classpath.txt (gitflags-server's test class path,
# which holds core's benchmarks), which bench/run.sh builds.
set -euo pipefail
cd "$(dirname "$0")/.."

# MODULE=openfeature runs gitflags-openfeature's benchmarks (OpenFeatureBenchmark: the provider beside the no-op
# and flagd providers), on that module's test class path; JMH reads one BenchmarkList per run.
module=${MODULE:-server}
if [[ ! -s src/$module/target/test-classpath.txt || ! -d src/$module/target/test-classes ]]; then
    echo "bench/jmh.sh: build first with bench/run.sh (needs src/$module/target/test-classes and test-classpath.txt)" >&2
    exit 2
fi

regex=${1:-.*}
shift || true
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/jmh-$stamp$([[ $module == server ]] || echo "-$module")

# JMH rejects an option given twice, so a default applies only when the caller did not pass that option
user_args=("$@")
given() {
    local arg
    for arg in "${user_args[@]}"; do
        [[ $arg == "$1" ]] && return 0
    done
    return 1
}
defaults=()
default() {
    given "$1" || defaults+=("$1" "$2")
}
default -f 1
default -wi 3
default -w 2s
default -i 5
default -r 2s
default -tu ns
default -bm avgt

java -cp "src/$module/target/test-classes:src/$module/target/classes:$(cat src/$module/target/test-classpath.txt)" org.openjdk.jmh.Main "$regex" \
    "${defaults[@]}" -prof gc -prof dev.gitflags.bench.ThreadCpuTimeProfiler -rf json -rff "$out.json" "$@" 2>&1 | tee "$out.txt"
echo "bench/jmh.sh: results in $out.txt and $out.json"
