#!/usr/bin/env bash
# Event-stream benchmark (issue 13): dev.gitflags.bench.StreamBench against a real `gitflags serve` process on
# 127.0.0.1, every run bounded in time: 1,000 streams' latency from snapshot swap to event, then 10,000 idle
# streams' heap cost and the resolved-flag GET's req/s while they are held. Both processes inherit the open-file
# limit raised here. Needs wrk (installed from Debian when missing) and the test classpath that bench/run.sh records.
# Settings: JAVA_OPTS for the bench client, e.g. JAVA_OPTS="-Dclients=1000 -Didle=10000 -Dcommits=10 -Drounds=3".
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "open-file limit: $(ulimit -n)"
need_wrk
if [[ ! -s src/server/target/test-classpath.txt ]]; then
    ${MVN:-mvn -B} -q test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
fi
# shellcheck disable=SC2086
exec timeout 900 java ${JAVA_OPTS:-} \
    -cp "src/server/target/test-classes:src/server/target/classes:src/core/target/test-classes:src/core/target/classes:$(cat src/server/target/test-classpath.txt)" \
    dev.gitflags.bench.StreamBench
