#!/usr/bin/env bash
# The heap a long-lived loader retains for the synthetic repo (10,000 flags x 50 environments x 100,000 overrides),
# read from a bare clone (packed, as a provider meets it): every environment resolved (the server), then one
# environment's chain (a provider in fixed mode; env-006 ends the depth-6 chain, the longest). See RetainedHeap.
# Then the provider itself (ProviderRetainedHeap), ready and with every flag bound.
# Usage: bench/heap.sh   (needs src/server/ and src/openfeature/target/test-classpath.txt, which bench/run.sh makes)
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
# the embedded provider as an application holds it, in fixed mode on env-006: ready, then with every flag bound
provider_cp="src/openfeature/target/test-classes:src/openfeature/target/classes:$(cat src/openfeature/target/test-classpath.txt)"
java -Xmx512m -cp "$provider_cp" dev.gitflags.bench.ProviderRetainedHeap "$work/bare.git" main env-006 10000
