# Shared by the bench scripts that run the server jar under wrk (source it from the repository's root).

# wrk from Debian when the machine has none.
need_wrk() {
    if ! command -v wrk >/dev/null 2>&1; then
        echo "installing wrk from Debian ..." >&2
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    fi
}

# target/gitflags.jar, built again when it is missing or older than a source it is made of; the build's log goes
# to $1/build.log and is shown when the build fails.
fresh_jar() {
    if [ ! -f target/gitflags.jar ] || [ -n "$(find src/core/main src/server/main schema pom.xml src/*/pom.xml -newer target/gitflags.jar -print -quit)" ]; then
        echo "building target/gitflags.jar ..." >&2
        mvn -B -o -q package -DskipTests >"$1/build.log" 2>&1 || { cat "$1/build.log" >&2; exit 2; }
    fi
}
