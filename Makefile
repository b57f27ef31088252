# gitflags — the README's two commands are `make run` and `make test`.
MVN ?= mvn -B
JAR := target/gitflags.jar

.PHONY: build install test run bench clean browser web-client node-deps

JSA := target/gitflags.jsa

build: $(JAR) $(JSA)

# The reactor builds gitflags-core and gitflags-server; the server module copies its runnable jar to $(JAR).
$(JAR): pom.xml $(shell find src/*/pom.xml src/*/main schema -type f 2>/dev/null)
	$(MVN) -q package -DskipTests

# gitflags-core, gitflags-openfeature and gitflags-server into ~/.m2, for an application that embeds gitflags.
install:
	$(MVN) -q install -DskipTests

# Class-data-sharing archive of the classes every command loads (bin/gitflags uses it when present).
$(JSA): $(JAR) scripts/train-cds.sh
	scripts/train-cds.sh $(JAR) $(JSA)

# The whole suite across the modules: unit, end-to-end (real git repos, real server, real browser) — what CI runs.
test: browser web-client node-deps
	$(MVN) verify

# @openfeature/flagd-core from npm, pinned by the lock file, for FlagdCoreCrossCheckTest (node runs it).
node-deps:
	npm ci --prefix src/core/test/node --no-audit --no-fund

# Debian's Chromium and chromedriver for the Selenium web-view tests; does nothing when they are installed.
browser:
	.ci/install-browser.sh

# The browser client of the live-update tests (npm, pinned by its lock file); the tests also run this when needed.
web-client:
	src/server/test/web-client/install.sh

# Serves the bundled example-repo/ as committed at HEAD on http://localhost:8080 (Ctrl-C stops it).
run: build
	bin/gitflags serve --repo example-repo --ref HEAD

# JMH benchmarks and load tests; figures go into the README.
bench: build
	bench/run.sh

clean:
	$(MVN) -q clean
