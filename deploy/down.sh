#!/usr/bin/env bash
# Stops what ./deploy/up.sh started (services, then Redis and PostgreSQL)
# and nothing else. Data under ./var stays.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib/common.sh
VAR="$(pwd)/var"
for pidfile in "$VAR"/run/*.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    sisker_log "stopping $(basename "$pidfile" .pid) (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
done
sisker_redis_stop "$VAR/redis"
if [ -f "$VAR/run/pg.datadir" ]; then
  sisker_log "stopping postgresql"
  sisker_pg_stop "$(cat "$VAR/run/pg.datadir")"
fi
sisker_log "stopped"
