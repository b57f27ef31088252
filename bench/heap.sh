#!/usr/bin/env bash
# The heap a long-lived loader retains for the synthetic repo (10,000 flags x 50 environments x 100,000 overrides),
# read from a bare clone (packed, as a provider meets it): every environment resolved (the server), then one
# environment's chain (a provider in fixed mode; env-006 ends the depth-6 chain, the longest). See RetainedHeap.
# Usage: bench/heap.sh   (needs src/server/target/test-classpath.txt, which bench/run.sh makes)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp="src/server/target/test-classes:src/server/target/classes:$(cat src/server/target/test-classpath.txt)"
java -cp "$cp" dev.gitflags.bench.SyntheticRepo "$work/origin" 10000 50 6 100000 > /dev/null
git clone -q --no-local --bare "$work/origin" "$work/bare.git"
for scope in all env-006; do
    java -Xmx512m -Dlogback.configurationFile=load/logback-bench.xml -cp "$cp" dev.gitflags.bench.RetainedHeap \
        "$work/bare.git" main "$scope"
done
