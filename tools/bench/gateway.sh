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
psql $PG -c "SELECT 'instansi/kampar/pegawai/' || pegawai_id FROM org.placements
  WHERE instansi_id = 'kampar' AND valid_to IS NULL ORDER BY pegawai_id LIMIT 2000" > "$WORK/pegawai"
NIP=$(psql $PG -c "SELECT nip FROM org.pegawai WHERE instansi_id = 'kampar' ORDER BY id LIMIT 1")
export TOKEN=$(./deploy/token.sh "$NIP")
export PEGAWAI_FILE="$WORK/pegawai"
# A gateway of its own on 18080 whose per-principal rate limit (50/s by
# default) does not cut the one benchmark principal short; the Redis script
# still runs on every request.
build/services/gateway/sisker-gateway --port=18080 --metrics_port=-1 \
  --org=127.0.0.1:50051 --redis="${BENCH_REDIS:-127.0.0.1:${SISKER_LOCAL_REDIS_PORT:-56379}}" \
  --token_keys=var/keys/token.jwks --assertion_keys=var/keys/assertion.jwks \
  --rate_per_second=1000000 --rate_burst=1000000 --http_threads="${GW_THREADS:-8}" >"$WORK/gateway.log" 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 1
# Warm the caches (the org service's, the gateway's token cache).
wrk -t2 -c8 -d3s -s tools/bench/gateway.lua http://127.0.0.1:18080 >/dev/null
for c in 2 8; do
  echo "== gateway HTTP (wrk -t2 -c$c, ${SECONDS_EACH}s) =="
  wrk -t2 -c"$c" -d"${SECONDS_EACH}s" --latency -s tools/bench/gateway.lua \
    http://127.0.0.1:18080 | grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
done
echo "== direct gRPC (sisker-bench, ${SECONDS_EACH}s each) =="
build/tools/bench/sisker-bench --seconds="$SECONDS_EACH" --pegawai=2000 | grep -v "miss"
