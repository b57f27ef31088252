#!/usr/bin/env bash
# HTTP load test of `gitflags serve` (issue 4), on 127.0.0.1 only, every run bounded in time.
#
#  1. The example repo at HEAD: wrk against, with the same settings and interleaved over ROUNDS rounds (so a
#     neighbour's load on a shared machine hits all three alike),
#       GET  /api/v1/environments/{env}/flags/{key}   (a resolved flag)
#       POST /ofrep/v1/evaluate/flags/{key}           (OFREP single evaluation, Lua script for the body)
#       GET  /bench/hello                              (constant text: the HTTP stack alone, the baseline;
#                                                       served only with the hidden `serve --bench-endpoints`)
#     and prints the median req/s, p99 and server CPU per request of each, and the ratio resolved / hello
#     (target >= 80 %) both by req/s and by CPU per request (which neighbours on a shared machine disturb less).
#  2. A big synthetic repo (SyntheticRepo: 10,000 flags x 50 environments, depth 6, 100,000 overrides) followed
#     at ref main: the resolved-flag GET once quiet, once while a commit every 2 s makes the server reload again
#     and again; prints errors and p99 of both (target: no errors, p99 under reload <= 2x quiet).
#
# The server runs with SERVER_JAVA_OPTS (default -XX:+UseZGC: a reload builds a whole new snapshot, and G1's
# young pauses copying it showed as 100-600 ms latency spikes; ZGC's pauses stay below a millisecond).
# Settings (environment): DURATION (5s per run), ROUNDS (3), WARMUP (5s), THREADS (2), CONNECTIONS (32),
# PORT (18181), BIG_FLAGS/BIG_ENVS/BIG_DEPTH/BIG_OVERRIDES, RELOAD_DURATION (20s), SKIP_BIG=1 for part 1 only.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/common.sh

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-5s}
RELOAD_DURATION=${RELOAD_DURATION:-20s}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS--XX:+UseZGC}
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
need_wrk
fresh_jar "$work"

# --- helpers ---------------------------------------------------------------------------------------------------
start_server() { # repo ref log
    GITFLAGS_JAVA_OPTS="$SERVER_JAVA_OPTS" \
        bin/gitflags serve --repo "$1" --ref "$2" --host "$HOST" --port "$PORT" --poll 200ms --bench-endpoints \
            >"$3" 2>&1 &
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

warm() { # URL [wrk args...]
    local url=$1
    shift
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null
}

server_cpu_ticks() { # user + system CPU of the server process so far, in clock ticks
    awk '{ print $14 + $15 }' "/proc/$server_pid/stat"
}

# measure NAME DURATION URL [wrk args...]: one wrk run, full output kept as $work/NAME.txt, and the server's CPU
# time per request (µs) as $work/NAME.cpu: on a machine shared with other work that is steadier than req/s.
measure() {
    local name=$1 duration=$2 url=$3
    shift 3
    local before after requests
    before=$(server_cpu_ticks)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "$@" "$url" >"$work/$name.txt"
    after=$(server_cpu_ticks)
    requests=$(awk '/requests in/ { print $1 }' "$work/$name.txt")
    awk -v t="$(( after - before ))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
        'BEGIN { printf "%.1f\n", t * 1000000 / hz / n }' >"$work/$name.cpu"
}

# summarize OUT NAME...: the median over the named runs of req/s, p99 (ms) and server CPU per request (µs), and
# the sum of errors, into $work/OUT.sum as "req/s p99 errors cpu"; prints one row
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
summarize() {
    local out=$1
    shift
    local name rps p99 errors=0 cpu non2xx sockets
    for name in "$@"; do
        non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$work/$name.txt")
        sockets=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/$name.txt")
        errors=$(( errors + ${non2xx:-0} + ${sockets:-0} ))
    done
    rps=$(for name in "$@"; do awk '/^Requests\/sec:/ {print $2}' "$work/$name.txt"; done | median)
    p99=$(for name in "$@"; do to_ms "$(awk '$1 == "99%" {print $2}' "$work/$name.txt")"; echo; done | median)
    cpu=$(for name in "$@"; do cat "$work/$name.cpu"; done | median)
    echo "$rps $p99 $errors $cpu" >"$work/$out.sum"
    printf "  %-24s %8.0f req/s   p99 %8.2f ms   server CPU %6.1f µs/request   errors %s\n" \
        "$out" "$rps" "$p99" "$cpu" "$errors"
}

to_ms() { # wrk latency (e.g. 1.23ms, 850.00us, 1.02s) -> milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
        printf "%.3f", n }'
}

echo "gitflags HTTP load test: wrk -t$THREADS -c$CONNECTIONS on $HOST, ${DURATION} per run after ${WARMUP} warm-up," \
     "server JVM options '${SERVER_JAVA_OPTS}', $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)," \
     "$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# --- 1. example repo: resolved flag vs OFREP vs hello -------------------------------------------------------------
start_server example-repo HEAD "$work/server.log"
base="http://$HOST:$PORT"
echo "  $(grep -o 'started in [0-9]* ms' "$work/server.log") (gitflags serve: JVM start to port open, example-repo)"
env=production
# new-checkout (two rules, a rollout) when the example repo has it, else its first flag.
key=${FLAG:-new-checkout}
if ! curl -fsS "$base/api/v1/environments/$env/flags/$key" >/dev/null 2>&1; then
    key=$(curl -fsS "$base/api/v1/environments/$env/flags" | sed -E 's/.*"flags":\[\{"key":"([^"]+)".*/\1/')
fi
curl -fsS "$base/api/v1/environments/$env/flags/$key" >/dev/null
echo "example-repo at HEAD, flag '$key' in '$env' (median of $ROUNDS interleaved runs each):"
flag_url="$base/api/v1/environments/$env/flags/$key"
ofrep_url="$base/ofrep/v1/evaluate/flags/$key"
warm "$flag_url"
warm "$ofrep_url" -s "$work/ofrep.lua"
warm "$base/bench/hello"
for round in $(seq 1 "$ROUNDS"); do
    measure "resolved-$round" "$DURATION" "$flag_url"
    measure "ofrep-$round" "$DURATION" "$ofrep_url" -s "$work/ofrep.lua"
    measure "hello-$round" "$DURATION" "$base/bench/hello"
done
# One request at a time, the way Spring Cloud Config Server's 50-70 req/s is usually quoted (goal: 100x that).
wrk -t1 -c1 -d"$DURATION" --latency "$flag_url" >"$work/single.txt"
summarize resolved-flag $(seq -f "resolved-%g" 1 "$ROUNDS")
summarize ofrep-evaluate $(seq -f "ofrep-%g" 1 "$ROUNDS")
summarize hello $(seq -f "hello-%g" 1 "$ROUNDS")
stop_server
printf "  %-24s %8.0f req/s   p99 %8.2f ms   (wrk -t1 -c1)\n" "one-at-a-time" \
    "$(awk '/^Requests\/sec:/ {print $2}' "$work/single.txt")" "$(to_ms "$(awk '$1 == "99%" {print $2}' "$work/single.txt")")"
read -r resolved_rps _ _ resolved_cpu <"$work/resolved-flag.sum"
read -r ofrep_rps _ _ ofrep_cpu <"$work/ofrep-evaluate.sum"
read -r hello_rps _ _ hello_cpu <"$work/hello.sum"
awk -v r="$resolved_rps" -v o="$ofrep_rps" -v h="$hello_rps" -v rc="$resolved_cpu" -v oc="$ofrep_cpu" \
    -v hc="$hello_cpu" 'BEGIN {
    printf "  resolved / hello: %.1f %% of the req/s, %.1f %% by server CPU per request (target >= 80 %%)\n", \
        100 * r / h, 100 * hc / rc
    printf "  ofrep / hello:    %.1f %% of the req/s, %.1f %% by server CPU per request\n", 100 * o / h, 100 * hc / oc }'

if [ "${SKIP_BIG:-0}" = 1 ]; then
    exit 0
fi

# --- 2. big synthetic repo: quiet vs during repeated reloads -----------------------------------------------------
big="$work/big"
echo "generating a synthetic repo: $BIG_FLAGS flags x $BIG_ENVS environments (depth $BIG_DEPTH), $BIG_OVERRIDES overrides ..."
mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 2; }
java -cp "src/server/target/test-classes:src/server/target/classes:$(cat src/server/target/test-classpath.txt)" dev.gitflags.bench.SyntheticRepo \
    "$big" "$BIG_FLAGS" "$BIG_ENVS" "$BIG_DEPTH" "$BIG_OVERRIDES" >/dev/null
started=$(date +%s%N)
start_server "$big" main "$work/big-server.log"
echo "  started on the big repo in $(( ($(date +%s%N) - started) / 1000000 )) ms (JVM start + load + HTTP)"
leaf=$(printf 'env-%03d' $(( BIG_ENVS - 1 )))
url="$base/api/v1/environments/$leaf/flags/flag-00042"
curl -fsS "$url" >/dev/null
warm "$url"
measure big-quiet "$DURATION" "$url"
summarize quiet big-quiet

# One commit after another: each moves main, the server sees it within 200 ms and loads the whole repo again.
(
    cd "$big"
    n=0
    while true; do
        n=$((n + 1))
        echo "# reload $n" >>gitflags.yaml
        git -c user.name=bench -c user.email=bench@gitflags.dev commit -q -am "reload $n"
        sleep 2
    done
) &
reloader_pid=$!
measure big-reloading "$RELOAD_DURATION" "$url"
summarize during-reloads big-reloading
kill "$reloader_pid" 2>/dev/null || true
wait "$reloader_pid" 2>/dev/null || true
reloader_pid=""
reloads=$(grep -c "serving .* version" "$work/big-server.log" || true)
stop_server
read -r _ quiet_p99 _ _ <"$work/quiet.sum"
read -r _ busy_p99 busy_errors _ <"$work/during-reloads.sum"
awk -v q="$quiet_p99" -v b="$busy_p99" -v e="$busy_errors" -v n="$reloads" 'BEGIN {
    printf "  %d snapshots served during the run (incl. the first); errors during reloads: %d;" \
           " p99 during reloads / quiet = %.2fx (target <= 2x)\n", n, e, b / q }'
grep -E "loaded in" "$work/big-server.log" | sed -E 's/.*loaded in ([0-9]+) ms.*/\1/' \
    | awk '{ s += $1; if ($1 > m) m = $1 } END { if (NR) printf "  reload time: mean %d ms, max %d ms over %d loads\n", s / NR, m, NR }'
