#!/usr/bin/env bash
# Installs the browser client of the live-update tests (the OpenFeature web SDK and the OFREP web provider, at the
# versions and integrity hashes package-lock.json pins) into node_modules/ beside this script, from the npm registry
# npm is configured with. Needs Node 20 and npm. Does nothing when the install is newer than the lock file.
set -euo pipefail
cd "$(dirname "$0")"
if [ node_modules/.package-lock.json -nt package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts
