#!/usr/bin/env bash
# Runs the kedudukan benchmark against the local stack of ./deploy/up.sh:
# sisker-bench (GetKedudukan and the near-empty GetPolicyProfile over gRPC)
# and pgbench running the same SQL, at concurrency 2 and 8; then the event
# lag from commit to a consumer under 500 writes/s. Loopback only;
# every run is bounded in time. Never run by CI. Figures go to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-10}
PG="-h 127.0.0.1 -p ${SISKER_LOCAL_PG_PORT:-55432} -U postgres"
# A lookup table of the demo pegawai with their post, the post above and PD.
psql $PG -d sisker -qX <<'SQL'
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.pegawai;
CREATE TABLE bench.pegawai AS
  SELECT row_number() OVER (ORDER BY pl.pegawai_id)::int AS n, pl.pegawai_id AS id,
         pl.post_id, p.reports_to, uv.pd_id
  FROM org.placements pl JOIN org.posts p ON p.instansi_id = pl.instansi_id AND p.id = pl.post_id
  JOIN org.unit_versions uv ON uv.instansi_id = p.instansi_id AND uv.unit_id = p.unit_id AND uv.valid_to IS NULL
  WHERE pl.instansi_id = 'kampar' AND pl.valid_to IS NULL ORDER BY pl.pegawai_id LIMIT 2000;
ALTER TABLE bench.pegawai ADD PRIMARY KEY (n);
SQL
echo "== gRPC (sisker-bench, ${SECONDS_EACH}s each) =="
build/tools/bench/sisker-bench --seconds="$SECONDS_EACH" --pegawai=2000
for c in 2 8; do
  echo "== pgbench, the service's kedudukan SQL, -M prepared, c=$c =="
  pgbench $PG -n -M prepared -c "$c" -j "$c" -T "$SECONDS_EACH" -D pegawai_count=2000 \
    -f tools/bench/kedudukan.pgbench sisker 2>/dev/null | grep -E "tps|latency average"
done
psql $PG -d sisker -qXc "DROP SCHEMA bench CASCADE"
echo "== event lag, commit -> consumer, 500 writes/s for $((SECONDS_EACH * 2))s =="
build/tools/bench/sisker-event-bench --pg="host=127.0.0.1 port=${SISKER_LOCAL_PG_PORT:-55432} user=postgres dbname=sisker" \
  --redis="127.0.0.1:${SISKER_LOCAL_REDIS_PORT:-56379}" --rate=500 --seconds=$((SECONDS_EACH * 2)) 2>/dev/null
psql $PG -d sisker -qXc "DROP SCHEMA bench_consumer CASCADE"
