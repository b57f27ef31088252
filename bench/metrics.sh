#!/usr/bin/env bash
# Metrics on the evaluation path (issue 13): "metrics do not slow the evaluation path". Two `gitflags serve`
# processes of the same jar on the example repo at HEAD, side by side on 127.0.0.1: A with metrics (the default:
# an evaluation counter per request, Micronaut's HTTP timer and histogram), B with `micronaut.metrics.enabled=false`
# (no registry: nothing counted, no /metrics). wrk on OFREP's single evaluation, A B A B over ROUNDS rounds of the
# same run, so a neighbour's load that drifts over the run weighs on both alike; only one server is loaded at a
# time. Prints, per side, the median req/s and server CPU per request (steadier than req/s on a shared machine), and
# the ratios A / B (target: not measurably slower, i.e. within the rounds' spread), with the load average.
# Settings (environment): DURATION (5s per run), ROUNDS (5), WARMUP_RUNS (12: each server is warmed up by runs of
# DURATION until two in a row agree within 10 %, at most this many), THREADS (2),
# CONNECTIONS (32), PORT (18201; B takes PORT + 1), SERVER_JAVA_OPTS (-XX:+UseZGC, as bench/http.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/common.sh

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-5}
WARMUP_RUNS=${WARMUP_RUNS:-12}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18201}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS--XX:+UseZGC}
HOST=127.0.0.1

work=$(mktemp -d "${TMPDIR:-/tmp}/gitflags-metrics-bench.XXXXXX")
pid_on=""
pid_off=""
cleanup() {
    for pid in $pid_on $pid_off; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

need_wrk
fresh_jar "$work"

start() { # port log extra-java-opts -> pid in $started
    GITFLAGS_JAVA_OPTS="$SERVER_JAVA_OPTS $3" bin/gitflags serve --repo example-repo --ref HEAD \
        --host "$HOST" --port "$1" --poll 10s >"$2" 2>&1 &
    started=$!
    for _ in $(seq 1 600); do
        curl -fsS "http://$HOST:$1/health" >/dev/null 2>&1 && return 0
        kill -0 "$started" 2>/dev/null || { echo "the server did not start:" >&2; cat "$2" >&2; exit 1; }
        sleep 0.1
    done
    echo "the server on port $1 did not answer /health within 60 s" >&2
    exit 1
}
start "$PORT" "$work/on.log" ""
pid_on=$started
start $(( PORT + 1 )) "$work/off.log" "-Dmicronaut.metrics.enabled=false"
pid_off=$started
# The two really differ: A scrapes, B has no /metrics.
curl -fsS "http://$HOST:$PORT/metrics" >/dev/null
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$HOST:$(( PORT + 1 ))/metrics")" = 404 ] \
    || { echo "bench/metrics.sh: the server without metrics still answers /metrics" >&2; exit 1; }

key=${FLAG:-new-checkout}
curl -fsS "http://$HOST:$PORT/api/v1/environments/production/flags/$key" >/dev/null \
    || { echo "bench/metrics.sh: the example repo has no flag '$key' (set FLAG)" >&2; exit 2; }
cat >"$work/ofrep.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"context": {"targetingKey": "user-1234", "country": "NL", "plan": "business", "email": "a@b.example"}}'
LUA

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# run NAME PORT PID: one wrk run; writes "req/s cpu-µs-per-request" to $work/NAME
run() {
    local before after
    before=$(ticks "$3")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$work/ofrep.lua" \
        "http://$HOST:$2/ofrep/v1/evaluate/flags/$key" >"$work/$1.txt"
    after=$(ticks "$3")
    if grep -q 'Non-2xx' "$work/$1.txt"; then
        echo "bench/metrics.sh: errors in run $1:" >&2
        cat "$work/$1.txt" >&2
        exit 1
    fi
    awk -v t="$(( after - before ))" -v hz="$(getconf CLK_TCK)" \
        '/requests in/ { n = $1 } /^Requests\/sec:/ { r = $2 } END { printf "%s %.1f\n", r, t * 1000000 / hz / n }' \
        "$work/$1.txt" >"$work/$1"
}

# warm NAME PORT PID: runs until two in a row agree within 10 % (at most WARMUP_RUNS): C2 on a loaded 2-core
# machine takes a while, and its compile threads' CPU counts as the server's
warm() {
    local last=0 rate i
    for i in $(seq 1 "$WARMUP_RUNS"); do
        run "$1-warm-$i" "$2" "$3"
        read -r rate _ <"$work/$1-warm-$i"
        echo "  warm-up $1 $i: $rate req/s"
        if (( i >= 3 )) && awk -v r="$rate" -v l="$last" 'BEGIN { exit !(r >= 0.9 * l && r <= 1.1 * l) }'; then
            return 0
        fi
        last=$rate
    done
}
warm on "$PORT" "$pid_on"
warm off $(( PORT + 1 )) "$pid_off"
load_before=$(cut -d' ' -f1 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
    run "on-$round" "$PORT" "$pid_on"
    run "off-$round" $(( PORT + 1 )) "$pid_off"
    read -r on_rps on_cpu <"$work/on-$round"
    read -r off_rps off_cpu <"$work/off-$round"
    awk -v r="$round" -v a="$on_rps" -v b="$off_rps" -v ac="$on_cpu" -v bc="$off_cpu" 'BEGIN {
        printf "  round %d: A with metrics %7.0f req/s %6.1f µs CPU/request; B without %7.0f req/s %6.1f µs; A/B %.2fx req/s, %.2fx CPU/request\n", \
            r, a, ac, b, bc, a / b, ac / bc }'
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
column() { for round in $(seq 1 "$ROUNDS"); do awk -v c="$2" '{ print $c }' "$work/$1-$round"; done | median; }
ratios() { # column: the per-round ratios A / B, sorted
    for round in $(seq 1 "$ROUNDS"); do
        paste "$work/on-$round" "$work/off-$round" | awk -v c="$1" '{ printf "%.2f\n", $c / $(c + 2) }'
    done | sort -n | tr '\n' ' '
}
echo "gitflags metrics on the evaluation path: OFREP POST /ofrep/v1/evaluate/flags/$key, wrk -t$THREADS -c$CONNECTIONS, $DURATION per run, $ROUNDS rounds A B A B, $(nproc) cores, load average $load_before before, $(cut -d' ' -f1 /proc/loadavg) after"
printf '  A with metrics:    median %7.0f req/s, %6.1f µs server CPU per request\n' "$(column on 1)" "$(column on 2)"
printf '  B without metrics: median %7.0f req/s, %6.1f µs server CPU per request\n' "$(column off 1)" "$(column off 2)"
echo "  A/B per round: req/s $(ratios 1)  CPU per request $(ratios 2)"
