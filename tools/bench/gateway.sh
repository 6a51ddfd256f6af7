#!/usr/bin/env bash
# The gateway benchmark (issue 5): the same cached read (GetKedudukan of
# "today" over 2,000 demo pegawai) through the gateway over HTTP (wrk,
# keep-alive, a bearer token) and directly over gRPC (sisker-bench, a
# principal assertion), at concurrency 2 and 8, against the local stack of
# ./deploy/up.sh. Loopback only; bounded in time; never run by CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-10}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
PG="-h 127.0.0.1 -p ${SISKER_LOCAL_PG_PORT:-55432} -U postgres -d sisker -qtAX"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
psql $PG -c "SELECT 'instansi/kampar/pegawai/' || pegawai_id FROM org.placements
  WHERE instansi_id = 'kampar' AND valid_to IS NULL ORDER BY pegawai_id LIMIT 2000" > "$WORK/pegawai"
NIP=$(psql $PG -c "SELECT nip FROM org.pegawai WHERE instansi_id = 'kampar' ORDER BY id LIMIT 1")
export TOKEN=$(./deploy/token.sh "$NIP")
export PEGAWAI_FILE="$WORK/pegawai"
# Warm the caches (the org service's, the gateway's token cache).
wrk -t2 -c8 -d3s -s tools/bench/gateway.lua http://127.0.0.1:8080 >/dev/null
for c in 2 8; do
  echo "== gateway HTTP (wrk -t2 -c$c, ${SECONDS_EACH}s) =="
  wrk -t2 -c"$c" -d"${SECONDS_EACH}s" --latency -s tools/bench/gateway.lua \
    http://127.0.0.1:8080 | grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
done
echo "== direct gRPC (sisker-bench, ${SECONDS_EACH}s each) =="
build/tools/bench/sisker-bench --seconds="$SECONDS_EACH" --pegawai=2000 | grep -v "miss"
