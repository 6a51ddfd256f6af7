#!/bin/sh
# Installs tools/openapi's npm packages (swagger-parser for validate.js,
# swagger-ui-dist for the gateway's /docs) exactly as package-lock.json
# pins them, when node_modules is missing or older than the lock file.
# Install scripts are not run: neither package needs one, and the only one
# in the tree (@scarf/scarf, pulled in by swagger-ui-dist) reports usage.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
command -v npm >/dev/null 2>&1 || { echo "install.sh: npm not found (Node 20.19+ needed)" >&2; exit 1; }
stamp=node_modules/.sisker-installed
if [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ] && [ ! package.json -nt "$stamp" ]; then
  exit 0
fi
# Two callers at once (deploy/up.sh, tests/run.sh) must not both run npm ci.
if command -v flock >/dev/null 2>&1 && [ -z "${SISKER_OPENAPI_INSTALL_LOCKED:-}" ]; then
  SISKER_OPENAPI_INSTALL_LOCKED=1 exec flock "${TMPDIR:-/tmp}/sisker-openapi-install.lock" sh "$here/install.sh"
fi
if [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ] && [ ! package.json -nt "$stamp" ]; then
  exit 0  # installed while we waited for the lock
fi
npm ci --no-audit --no-fund --ignore-scripts
touch "$stamp"
