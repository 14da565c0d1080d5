#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/test_view_browser.py) when it is missing.
# Called by .ci/run; needs root (or passwordless sudo) and apt. Exit status non-zero on failure.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo -n"
else
  echo "install-browser: not root and no sudo; cannot install chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium
test -x /usr/bin/chromium
