#!/usr/bin/env bash
# One `bin/gitflags promote` process per run, JVM start included, in a bare clone of the synthetic repo
# (10,000 flags x 50 environments x 100,000 overrides): the figure a release engineer sees at a terminal.
# Each run promotes another flag from env-001 into env-000, each onto the commit the previous run made.
# Usage: bench/promote-cli.sh [runs]   (needs `make build` and src/server/target/test-classpath.txt, which bench/run.sh makes)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp="src/server/target/test-classes:src/server/target/classes:$(cat src/server/target/test-classpath.txt)"
java -cp "$cp" dev.gitflags.bench.SyntheticRepo "$work/origin" 10000 50 6 100000 > /dev/null
git clone -q --bare "$work/origin" "$work/bare.git"

times=()
for ((run = 0; run < runs; run++)); do
    # flags env-001 overrides that env-000 does not: env-001's overrides start at flag 7919
    key=$(printf 'flag-%05d' $((7920 + run)))
    start=$(date +%s%N)
    bin/gitflags promote --repo "$work/bare.git" --ref main --from env-001 --to env-000 "$key" > "$work/out.txt"
    end=$(date +%s%N)
    grep -q '^promoted' "$work/out.txt" || { echo "bench/promote-cli.sh: $key was not promoted:" >&2; cat "$work/out.txt" >&2; exit 1; }
    times+=($(( (end - start) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
echo "promote one flag, one CLI process each, $runs runs: median ${median} ms (all: $(echo $sorted | tr '\n' ' ')ms)"
