#!/usr/bin/env bash
# Installs Debian's Chromium and chromedriver for the Selenium web-view tests, only when they are missing.
# The tests use /usr/bin/chromium and /usr/bin/chromedriver and never download a browser or driver themselves.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver
/usr/bin/chromium --version
/usr/bin/chromedriver --version
