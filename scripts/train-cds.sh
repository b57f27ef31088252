#!/usr/bin/env bash
# Builds the class-data-sharing archive bin/gitflags starts with: every command a user runs (serve, validate,
# envs, explain, promote, diff) once, each recording the classes it loads, then one static archive of them all.
# A promotion then starts with JGit's write path, the YAML editor and the scoped loader already parsed and
# verified. Usage: scripts/train-cds.sh target/gitflags.jar target/gitflags.jsa
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$1
archive=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A throwaway git copy of the example repo, so that promote and diff have commits to work on.
cp -r example-repo "$work/repo"
git -C "$work/repo" init -q
git -C "$work/repo" add .
git -C "$work/repo" -c user.name=gitflags -c user.email=build@gitflags.dev -c commit.gpgsign=false \
    commit -q -m "training copy of example-repo"

run() {
    local name=$1
    shift
    # exit codes are not the point (diff exits 1 when something changed); the loaded classes are
    java -XX:DumpLoadedClassList="$work/$name.classes" -jar "$jar" "$@" > /dev/null 2>&1 || true
}
run serve serve --repo example-repo --ref HEAD --port 0 --host 127.0.0.1 --check
run validate validate --repo "$work/repo"
run envs envs --repo "$work/repo"
run explain explain --repo "$work/repo" --env dev new-checkout
run promote promote --repo "$work/repo" --from staging --to production --all --author "gitflags <build@gitflags.dev>"
run diff diff --repo "$work/repo" HEAD~1 HEAD

# One list, first occurrence kept: a lambda's line must follow the classes it names.
cat "$work"/*.classes | awk '!seen[$0]++' > "$work/all.classes"
rm -f "$archive"
# Without an archive gitflags only starts slower, so a failed dump warns and the build goes on.
if ! java -Xshare:dump -XX:SharedClassListFile="$work/all.classes" -XX:SharedArchiveFile="$archive" -cp "$jar" \
    > "$work/dump.log" 2>&1; then
    tail -n 5 "$work/dump.log" >&2
    echo "train-cds.sh: no class-data-sharing archive; bin/gitflags starts without one" >&2
    rm -f "$archive"
fi
