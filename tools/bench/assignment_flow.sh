#!/usr/bin/env bash
# The assignment flow benchmark: create -> approve -> sign through the
# gateway at concurrency 8 (sisker-assignment-flow-bench, its own fresh
# paser-2024 instansi with 24 PDs), and in the same run, just before it,
# pgbench with one INSERT per transaction at the same concurrency for the
# same time (the commit rate of this box), then the ratio. Against the
# local stack of ./deploy/up.sh (gateway 8080, org 50051, assignment
# 50052, PostgreSQL 55432). Loopback only; bounded in time; never run by CI.
#   tools/bench/assignment_flow.sh [SECONDS] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-20}
C=${2:-8}
BENCH=${BENCH_BIN:-build-bench/tools/bench/sisker-assignment-flow-bench}
[ -x "$BENCH" ] || BENCH=build/tools/bench/sisker-assignment-flow-bench
[ -x "$BENCH" ] || { echo "build sisker-assignment-flow-bench first" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq: apt-get install jq" >&2; exit 1; }
GW_PORT=${GW_PORT:-8080}
for url in "http://127.0.0.1:$GW_PORT/healthz" http://127.0.0.1:9096/healthz \
           http://127.0.0.1:9091/healthz http://127.0.0.1:9092/healthz; do
  curl -sf -m 3 "$url" >/dev/null || { echo "$url is not up: run ./deploy/up.sh first" >&2; exit 1; }
done
PG="-h 127.0.0.1 -p ${SISKER_LOCAL_PG_PORT:-55432} -U postgres"
psql $PG -d sisker -qXc "SELECT 1" >/dev/null || { echo "PostgreSQL is not up: run ./deploy/up.sh first" >&2; exit 1; }
trap 'psql $PG -d sisker -qXc "DROP SCHEMA IF EXISTS bench_flow CASCADE" >/dev/null 2>&1 || true' EXIT
psql $PG -d sisker -qX <<'SQL'
DROP SCHEMA IF EXISTS bench_flow CASCADE;
CREATE SCHEMA bench_flow;
CREATE TABLE bench_flow.rows (id bigserial PRIMARY KEY, client int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL);
SQL
echo "== pgbench, one INSERT per transaction, -M prepared -c $C -j 2, ${SECONDS_EACH}s =="
PGB=$(pgbench $PG -n -M prepared -c "$C" -j 2 -T "$SECONDS_EACH" \
  -f tools/bench/insert.pgbench sisker 2>/dev/null)
echo "$PGB" | grep -E "number of transactions actually processed|latency average|^tps"
TPS=$(echo "$PGB" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
psql $PG -d sisker -qXc "DROP SCHEMA bench_flow CASCADE"
echo "== assignment flow through the gateway (create -> answer -> sign), c=$C, ${SECONDS_EACH}s =="
# CPU time per flow of each process of the stack (their pid files).
CPU_OF=""
for s in gateway assignment org; do
  [ -f "var/run/$s.pid" ] && CPU_OF="$CPU_OF${CPU_OF:+,}$s=$(cat "var/run/$s.pid")"
done
set +e
OUT=$("$BENCH" --gateway_port="$GW_PORT" --concurrency="$C" --seconds="$SECONDS_EACH" \
  --assertion_keys=var/keys/assertion.jwks --token_keys=var/keys/token.jwks --cpu_of="$CPU_OF")
RC=$?
set -e
echo "$OUT" | grep -v '^JSON '
JSON=$(echo "$OUT" | sed -n 's/^JSON //p')
FLOWS=$(echo "$JSON" | jq -r '.flows_per_second // empty' 2>/dev/null || true)
[ -n "$FLOWS" ] && [ -n "$TPS" ] || { echo "no figures (bench exit $RC)" >&2; exit 1; }
awk -v f="$FLOWS" -v t="$TPS" 'BEGIN {
  printf "== %.1f flows/s vs pgbench %.0f tps: %.3fx (goal >= 0.1x: %s)\n", f, t, f / t, (f / t >= 0.1 ? "reached" : "NOT reached") }'
for step in create answer sign; do
  echo "$JSON" | jq -r --arg s "$step" '.[$s].p99_ms as $p |
    "== p99 \($s): \($p * 100 | round / 100) ms (goal <= 20 ms: \(if $p <= 20 then "reached" else "NOT reached" end))"'
done
exit $RC
