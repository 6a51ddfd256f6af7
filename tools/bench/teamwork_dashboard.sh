#!/usr/bin/env bash
# The team dashboard benchmark (issue 7): a Kampar team of 25 (the Dinas
# Kesehatan's Kepala PD forms it, a fungsional hasil penyetaraan leads it,
# the Kepala Bidang P2P answers for it) given a year of activity through
# the API, then its dashboard read by a member directly over gRPC
# (sisker-teamwork-bench) and through the gateway over HTTP (wrk), at
# concurrency 2 and 8, in the same run. Against the stack of
# ./deploy/up.sh; loopback only; bounded in time; never run by CI.
#   tools/bench/teamwork_dashboard.sh [seconds] [team]   (team: reuse a seeded one)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-10}
TEAM_ARG=${2:-}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
PG="-h 127.0.0.1 -p ${SISKER_LOCAL_PG_PORT:-55432} -U postgres -d sisker -qtAX"
holder() {  # pegawai ids holding posts matching $1 (LIKE), ordered
  psql $PG -c "SELECT pl.pegawai_id FROM org.placements pl JOIN org.posts p
    ON p.instansi_id = pl.instansi_id AND p.id = pl.post_id
    WHERE pl.instansi_id = 'kampar' AND pl.valid_to IS NULL
      AND $1 ORDER BY pl.pegawai_id"
}
FORMER=$(holder "p.id = 'dinkes-kpd'" | head -1)
ACCOUNTABLE=$(holder "p.id = 'dinkes-bid-p2p-k'" | head -1)
LEAD=$(holder "p.id LIKE 'dinkes-%' AND p.kind = 'FUNGSIONAL' AND p.hasil_penyetaraan" | head -1)
MEMBERS=$( (echo "$LEAD"; holder "p.id LIKE 'dinkes-bid-p2p-%' AND p.kind <> 'ADMINISTRATOR'" | grep -v "^$LEAD\$" | head -24) | paste -sd,)
[ -n "$FORMER" ] && [ -n "$ACCOUNTABLE" ] && [ -n "$LEAD" ] || {
  echo "the demo structure has no Kepala Dinas Kesehatan, Kepala Bidang P2P or hasil-penyetaraan fungsional" >&2; exit 1; }
READER=$(echo "$MEMBERS" | cut -d, -f2)
WORK=$(mktemp -d)
build/services/gateway/sisker-gateway --port=18080 --metrics_port=-1 \
  --org=127.0.0.1:50051 --teamwork=127.0.0.1:50053 \
  --redis="${BENCH_REDIS:-127.0.0.1:${SISKER_LOCAL_REDIS_PORT:-56379}}" \
  --token_keys=var/keys/token.jwks --assertion_keys=var/keys/assertion.jwks \
  --rate_per_second=1000000 --rate_burst=1000000 --http_threads="${GW_THREADS:-8}" >"$WORK/gateway.log" 2>&1 &
GW=$!
trap 'kill $GW 2>/dev/null; rm -rf "$WORK"' EXIT
ARGS=(--former="$FORMER" --lead="$LEAD" --accountable="$ACCOUNTABLE"
      --members="$MEMBERS" --reader="$READER" --seconds="$SECONDS_EACH")
[ -n "$TEAM_ARG" ] && ARGS+=(--team="$TEAM_ARG")
echo "== direct gRPC (sisker-teamwork-bench) =="
build/tools/bench/sisker-teamwork-bench "${ARGS[@]}" | tee "$WORK/direct"
export TEAM=$(sed -n 's/^TEAM=//p' "$WORK/direct")
NIP=$(psql $PG -c "SELECT nip FROM org.pegawai WHERE instansi_id = 'kampar' AND id = '$READER'")
export TOKEN=$(./deploy/token.sh "$NIP")
wrk -t2 -c8 -d3s -s tools/bench/dashboard.lua http://127.0.0.1:18080 >/dev/null
for c in 2 8; do
  echo "== gateway HTTP GET $TEAM/dashboard (wrk -t2 -c$c, ${SECONDS_EACH}s) =="
  wrk -t2 -c"$c" -d"${SECONDS_EACH}s" --latency -s tools/bench/dashboard.lua \
    http://127.0.0.1:18080 | grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
done
curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18080/v1/$TEAM/dashboard" | wc -c | sed 's/^/dashboard JSON bytes: /'
psql $PG -c "SELECT 'rows under the team: ' || count(*) FROM teamwork.team_items WHERE team_id = '${TEAM##*/}'"
