#!/usr/bin/env bash
# HTTP load test of `gitflags serve` (issue 4), on 127.0.0.1 only, every run bounded in time.
#
#  1. The example repo at HEAD: wrk against, one after the other with the same settings,
#       GET  /api/v1/environments/{env}/flags/{key}   (a resolved flag)
#       POST /ofrep/v1/evaluate/flags/{key}           (OFREP single evaluation, Lua script for the body)
#       GET  /bench/hello                              (constant text: the HTTP stack alone, the baseline)
#     and prints req/s and p99 of each and the ratio resolved / hello (target >= 80 %).
#  2. A big synthetic repo (SyntheticRepo: 10,000 flags x 50 environments, depth 6, 100,000 overrides) followed
#     at ref main: the resolved-flag GET once quiet, once while new commits make the server reload again and
#     again; prints errors and p99 of both (target: no errors, p99 under reload <= 2x quiet).
#
# Settings (environment): DURATION (10s), WARMUP (5s), THREADS (2), CONNECTIONS (32), PORT (18181),
# BIG_FLAGS/BIG_ENVS/BIG_DEPTH/BIG_OVERRIDES, SKIP_BIG=1 to run part 1 only.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18181}
BIG_FLAGS=${BIG_FLAGS:-10000}
BIG_ENVS=${BIG_ENVS:-50}
BIG_DEPTH=${BIG_DEPTH:-6}
BIG_OVERRIDES=${BIG_OVERRIDES:-100000}
HOST=127.0.0.1

work=$(mktemp -d "${TMPDIR:-/tmp}/gitflags-http-bench.XXXXXX")
server_pid=""
reloader_pid=""
cleanup() {
    [ -n "$reloader_pid" ] && kill "$reloader_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# --- tools -----------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk from Debian ..." >&2
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if [ ! -f target/gitflags.jar ] || [ -n "$(find src/main pom.xml -newer target/gitflags.jar -print -quit)" ]; then
    echo "building target/gitflags.jar ..." >&2
    mvn -B -o -q package -DskipTests
fi

# --- helpers ---------------------------------------------------------------------------------------------------
start_server() { # repo ref log
    bin/gitflags serve --repo "$1" --ref "$2" --host "$HOST" --port "$PORT" --poll 200ms >"$3" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 600); do
        if curl -fsS "http://$HOST:$PORT/health" >/dev/null 2>&1; then
            return 0
        fi
        if ! kill -0 "$server_pid" 2>/dev/null; then
            echo "the server did not start:" >&2
            cat "$3" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "the server did not answer /health within 60 s" >&2
    exit 1
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

cat >"$work/ofrep.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"context": {"targetingKey": "user-1234", "country": "NL", "plan": "business", "email": "a@b.example"}}'
LUA

# run NAME URL [wrk args...]: prints one line "name req/s p99 errors"; keeps wrk's full output in $work
run() {
    local name=$1 url=$2
    shift 2
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$work/$name.txt"
    summarize "$name"
}

summarize() { # name -> "req/s p99 errors" into $work/name.sum, and a table row
    local file="$work/$1.txt"
    local rps p99 non2xx sockets
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
    p99=$(awk '$1 == "99%" {print $2}' "$file")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$file")
    sockets=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$file")
    echo "$rps ${p99:-?} $(( ${non2xx:-0} + ${sockets:-0} ))" >"$work/$1.sum"
    printf "  %-34s %12s req/s   p99 %9s   errors %s\n" "$1" "$rps" "${p99:-?}" "$(( ${non2xx:-0} + ${sockets:-0} ))"
}

to_ms() { # wrk latency (e.g. 1.23ms, 850.00us, 1.02s) -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
        printf "%.3f", n }'
}

echo "gitflags HTTP load test: wrk -t$THREADS -c$CONNECTIONS, ${DURATION} per run after ${WARMUP} warm-up," \
     "$(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ)"

# --- 1. example repo: resolved flag vs OFREP vs hello -------------------------------------------------------------
start_server example-repo HEAD "$work/server.log"
base="http://$HOST:$PORT"
env=production
# new-checkout (two rules, a rollout) when the example repo has it, else its first flag.
key=${FLAG:-new-checkout}
if ! curl -fsS "$base/api/v1/environments/$env/flags/$key" >/dev/null 2>&1; then
    key=$(curl -fsS "$base/api/v1/environments/$env/flags" | sed -E 's/.*"flags":\[\{"key":"([^"]+)".*/\1/')
fi
curl -fsS "$base/api/v1/environments/$env/flags/$key" >/dev/null
echo "example-repo at HEAD, flag '$key' in '$env':"
run resolved-flag "$base/api/v1/environments/$env/flags/$key"
run ofrep-evaluate "$base/ofrep/v1/evaluate/flags/$key" -s "$work/ofrep.lua"
run hello "$base/bench/hello"
stop_server
read -r resolved_rps _ _ <"$work/resolved-flag.sum"
read -r ofrep_rps _ _ <"$work/ofrep-evaluate.sum"
read -r hello_rps _ _ <"$work/hello.sum"
awk -v r="$resolved_rps" -v o="$ofrep_rps" -v h="$hello_rps" 'BEGIN {
    printf "  resolved / hello = %.1f %% (target >= 80 %%), ofrep / hello = %.1f %%\n", 100 * r / h, 100 * o / h }'

if [ "${SKIP_BIG:-0}" = 1 ]; then
    exit 0
fi

# --- 2. big synthetic repo: quiet vs during repeated reloads -----------------------------------------------------
big="$work/big"
echo "generating a synthetic repo: $BIG_FLAGS flags x $BIG_ENVS environments (depth $BIG_DEPTH), $BIG_OVERRIDES overrides ..."
mvn -B -o -q test-compile
mvn -B -o -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" dev.gitflags.bench.SyntheticRepo \
    "$big" "$BIG_FLAGS" "$BIG_ENVS" "$BIG_DEPTH" "$BIG_OVERRIDES" >/dev/null
started=$(date +%s%N)
start_server "$big" main "$work/big-server.log"
echo "  started on the big repo in $(( ($(date +%s%N) - started) / 1000000 )) ms (JVM start + load + HTTP)"
leaf=$(printf 'env-%03d' $(( BIG_ENVS - 1 )))
url="$base/api/v1/environments/$leaf/flags/flag-00042"
curl -fsS "$url" >/dev/null
run big-quiet "$url"

# One commit after another: each moves main, the server sees it within 200 ms and loads the whole repo again.
(
    cd "$big"
    n=0
    while true; do
        n=$((n + 1))
        echo "# reload $n" >>gitflags.yaml
        git -c user.name=bench -c user.email=bench@gitflags.dev commit -q -am "reload $n"
        sleep 1
    done
) &
reloader_pid=$!
run big-during-reloads "$url"
kill "$reloader_pid" 2>/dev/null || true
wait "$reloader_pid" 2>/dev/null || true
reloader_pid=""
reloads=$(grep -c "serving .* version" "$work/big-server.log" || true)
stop_server
read -r _ quiet_p99 _ <"$work/big-quiet.sum"
read -r _ busy_p99 busy_errors <"$work/big-during-reloads.sum"
awk -v q="$(to_ms "$quiet_p99")" -v b="$(to_ms "$busy_p99")" -v e="$busy_errors" -v n="$reloads" 'BEGIN {
    printf "  %d snapshots served during the run (incl. the first); errors during reloads: %d;" \
           " p99 during reloads / quiet = %.2fx (target <= 2x)\n", n, e, b / q }'
grep -E "loaded in" "$work/big-server.log" | sed -E 's/.*loaded in ([0-9]+) ms.*/\1/' \
    | awk '{ s += $1; if ($1 > m) m = $1 } END { if (NR) printf "  reload time: mean %d ms, max %d ms over %d loads\n", s / NR, m, NR }'
