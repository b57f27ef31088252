#!/usr/bin/env bash
# Built-in fetch (issue 13): how long from `git push` to the pushed commit being served, and notified, against a
# real local `git daemon`, with `gitflags serve --repo git://… --cache-dir … --poll $POLL`. Target: at most
# POLL + 1 s for both.
#
# The example repo is pushed to a bare repo that git daemon serves on 127.0.0.1; gitflags clones it into a cache
# folder, and a stream client (curl -N, each line stamped as it arrives) holds staging's event stream. Then,
# SAMPLES times: wait a random part of a poll (so pushes land at every phase of the poll), change staging's one
# flag value, commit, push, and time from the moment `git push` returned (the commit is on the remote) until
# GET /status names that commit (polled every 10 ms): served; and until the stream's refetchEvaluation event
# arrived: notified. Prints the median, p90 and worst of both, against the target, and how long the pushes took;
# exits 1 when a worst is over the target.
# Settings (environment): POLL (1s; a whole number of seconds or Ns/Nms), SAMPLES (20), PORT (18191),
# GIT_PORT (19418).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. bench/common.sh

POLL=${POLL:-1s}
SAMPLES=${SAMPLES:-20}
PORT=${PORT:-18191}
GIT_PORT=${GIT_PORT:-19418}
HOST=127.0.0.1

case "$POLL" in
    *ms) poll_ms=${POLL%ms} ;;
    *s) poll_ms=$(( ${POLL%s} * 1000 )) ;;
    *) echo "POLL must be like 1s or 500ms" >&2; exit 2 ;;
esac
target_ms=$(( poll_ms + 1000 ))

work=$(mktemp -d "${TMPDIR:-/tmp}/gitflags-fetch-bench.XXXXXX")
server_pid=""
daemon_pid=""
stream_pid=""
cleanup() {
    [ -n "$stream_pid" ] && kill "$stream_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fresh_jar "$work"

# The pusher's git, isolated from the machine's config.
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
    GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
mkdir -p "$HOME" "$work/remotes"
cp -r example-repo "$work/flags"
git -C "$work/flags" init -q -b main
git -C "$work/flags" add -A
git -C "$work/flags" commit -q -m "flags"
git clone -q --bare "$work/flags" "$work/remotes/config.git"
git -C "$work/flags" remote add origin "$work/remotes/config.git"

git daemon --export-all --reuseaddr --listen=$HOST --port="$GIT_PORT" --base-path="$work/remotes" "$work/remotes" \
    >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 1 100); do
    git ls-remote "git://$HOST:$GIT_PORT/config.git" >/dev/null 2>&1 && break
    sleep 0.1
done

bin/gitflags serve --repo "git://$HOST:$GIT_PORT/config.git" --cache-dir "$work/cache" --ref main --poll "$POLL" \
    --host "$HOST" --port "$PORT" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
    curl -fsS "http://$HOST:$PORT/health" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done

served() { curl -fsS "http://$HOST:$PORT/status" | sed -n 's/.*"commit":"\([0-9a-f]*\)".*/\1/p'; }

# The stream client: every event's data line, stamped (ns) when it arrived, one line each in $work/events.
: >"$work/events"
( curl -sN "http://$HOST:$PORT/events/v1/environments/staging" 2>/dev/null | while IFS= read -r line; do
      case $line in data:*) echo "$(date +%s%N) $line" >>"$work/events" ;; esac
  done ) &
stream_pid=$!
sleep 0.5
events() { wc -l <"$work/events"; }

# One flag value that every sample changes: the rate limit of staging (a number, so any value is valid).
file=environments/staging.yaml
grep -q 'default_value: 3000' "$work/flags/$file" || { echo "bench/fetch.sh: $file has no 'default_value: 3000'" >&2; exit 2; }
delays=()
notified=()
pushes=()
for i in $(seq 1 "$SAMPLES"); do
    sleep "$(awk -v ms="$poll_ms" -v r="$RANDOM" 'BEGIN { printf "%.3f", (r % 1000) / 1000 * ms / 1000 }')"
    sed -i "s/default_value: [0-9]*$/default_value: $(( 3000 + i ))/" "$work/flags/$file"
    git -C "$work/flags" commit -q -am "rate limit $i"
    commit=$(git -C "$work/flags" rev-parse HEAD)
    seen=$(events)
    pushed=$(date +%s%N)
    git -C "$work/flags" push -q origin main
    start=$(date +%s%N)
    pushes+=($(( (start - pushed) / 1000000 )))
    while [ "$(served)" != "$commit" ]; do
        now=$(date +%s%N)
        if (( (now - start) / 1000000 > 10 * target_ms )); then
            echo "commit $i not served after $(( 10 * target_ms )) ms; the server said:" >&2
            cat "$work/server.log" >&2
            exit 1
        fi
        sleep 0.01
    done
    delays+=($(( ($(date +%s%N) - start) / 1000000 )))
    while (( $(events) <= seen )); do
        if (( ($(date +%s%N) - start) / 1000000 > 10 * target_ms )); then
            echo "commit $i served but no event on staging's stream after $(( 10 * target_ms )) ms" >&2
            exit 1
        fi
        sleep 0.01
    done
    arrived=$(sed -n "$(( seen + 1 ))p" "$work/events" | cut -d' ' -f1)
    notified+=($(( (arrived - start) / 1000000 )))
done

# pick Q VALUES...: the Q-quantile (nearest rank) of the values
pick() { printf '%s\n' "${@:2}" | sort -n | awk -v q="$1" '{ v[NR] = $1 } END { i = int(q * NR + 0.999); if (i < 1) i = 1; print v[i] }'; }
worst=$(pick 1 "${delays[@]}")
worst_notified=$(pick 1 "${notified[@]}")
echo "gitflags built-in fetch: git push -> served and notified, against git daemon on $HOST, --poll $POLL, $SAMPLES pushes at random phases of the poll, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
printf '  served:   median %5d ms   p90 %5d ms   worst %5d ms   (target: worst <= poll + 1 s = %d ms)\n' \
    "$(pick 0.5 "${delays[@]}")" "$(pick 0.9 "${delays[@]}")" "$worst" "$target_ms"
printf '  notified: median %5d ms   p90 %5d ms   worst %5d ms   (event received on a stream of staging; same target)\n' \
    "$(pick 0.5 "${notified[@]}")" "$(pick 0.9 "${notified[@]}")" "$worst_notified"
printf '  git push itself: median %d ms (not counted above)\n' \
    "$(printf '%s\n' "${pushes[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
(( worst <= target_ms && worst_notified <= target_ms ))
