#!/usr/bin/env bash
# Runs JMH benchmarks from the compiled test classes: bench/jmh.sh [regex] [jmh args]
#   bench/jmh.sh                          every benchmark
#   bench/jmh.sh EvaluateBenchmark        one class
#   bench/jmh.sh Resolve -i 10            more measurement iterations (later arguments win)
# Settings suit a noisy, shared 2-core machine: one fork, a few short warm-up and measurement iterations, and the
# GC profiler so every result also reports gc.alloc.rate.norm (bytes allocated per operation).
# Results: bench/results/jmh-<time>.txt (the console table) and .json (machine-readable).
# Needs target/test-classes and target/test-classpath.txt, which bench/run.sh builds.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -s target/test-classpath.txt || ! -d target/test-classes ]]; then
    echo "bench/jmh.sh: build first with bench/run.sh (needs target/test-classes and target/test-classpath.txt)" >&2
    exit 2
fi

regex=${1:-.*}
shift || true
mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/jmh-$stamp

java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main "$regex" \
    -f 1 -wi 3 -w 2s -i 5 -r 2s -tu ns -bm avgt -prof gc \
    -rf json -rff "$out.json" "$@" 2>&1 | tee "$out.txt"
echo "bench/jmh.sh: results in $out.txt and $out.json"
