#!/usr/bin/env bash
# The test command: installs what is missing (apt), builds, starts one
# throwaway PostgreSQL and one Redis on free loopback ports, runs the format
# check and every test (unit and integration), and stops the servers.
#   ./tests/run.sh            everything
#   ./tests/run.sh -LE integration   (extra args go to ctest)
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib/common.sh

sisker_install_packages
sisker_log "building (ninja -j2)"
sisker_build build

sisker_log "format check"
tools/check_format.sh

sisker_log "fuzzing the gateway rules (${SISKER_FUZZ_SECONDS:-60}s, ASan/UBSan)"
tests/fuzz/run.sh "${SISKER_FUZZ_SECONDS:-60}"

sisker_log "openapi tools (npm ci when the lock changed)"
tools/openapi/install.sh

RUN_DIR=$(mktemp -d /tmp/sisker-test-XXXXXX)
chmod 755 "$RUN_DIR"
PG_DIR="$RUN_DIR/pg"
mkdir -p "$PG_DIR"
cleanup() {
  sisker_pg_stop "$PG_DIR"
  sisker_redis_stop "$RUN_DIR/redis"
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

PG_PORT=$(sisker_free_port)
REDIS_PORT=$(sisker_free_port)
sisker_log "throwaway postgresql on 127.0.0.1:$PG_PORT, redis on 127.0.0.1:$REDIS_PORT"
sisker_pg_start "$PG_DIR" "$PG_PORT" fast
sisker_redis_start "$RUN_DIR/redis" "$REDIS_PORT"
export SISKER_TEST_PG="host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres"
export SISKER_TEST_REDIS="127.0.0.1:$REDIS_PORT"

ctest --test-dir build --output-on-failure -j2 --timeout 300 "$@"
