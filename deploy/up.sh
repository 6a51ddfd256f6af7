#!/usr/bin/env bash
# The run command: installs what is missing (apt), builds, starts
# PostgreSQL (55432) and Redis (56379) on loopback with data under ./var,
# migrates, starts every service in the background, loads the demo data
# (two kabupaten: Kampar on kampar-2025, Paser on paser-2024) and prints the
# endpoints. Running it again is harmless. Stop with ./deploy/down.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib/common.sh

ROOT=$(pwd)
VAR="$ROOT/var"
PG_PORT=${SISKER_LOCAL_PG_PORT:-55432}
REDIS_PORT=${SISKER_LOCAL_REDIS_PORT:-56379}
mkdir -p "$VAR"/{log,run,keys,redis}
chmod 700 "$VAR/keys"

sisker_install_packages
sisker_log "building (ninja -j2)"
sisker_build build

# Development secrets live under ./var (never in the repository).
if [ ! -f "$VAR/keys/assertion.jwks" ]; then
  k=$(openssl rand 32 | basenc --base64url | tr -d '=\n')
  printf '{"keys":[{"kty":"oct","kid":"dev-1","alg":"HS256","use":"sig","k":"%s"}]}\n' "$k" \
    > "$VAR/keys/assertion.jwks"
  chmod 600 "$VAR/keys/assertion.jwks"
fi
# The development identity provider's key: deploy/token.sh signs bearer
# tokens with it; the gateway verifies them.
if [ ! -f "$VAR/keys/token.jwks" ]; then
  k=$(openssl rand 32 | basenc --base64url | tr -d '=\n')
  printf '{"keys":[{"kty":"oct","kid":"dev-token-1","alg":"HS256","use":"sig","k":"%s"}]}\n' "$k" \
    > "$VAR/keys/token.jwks"
  chmod 600 "$VAR/keys/token.jwks"
fi
[ -f "$VAR/keys/page_token.key" ] || { openssl rand -hex 32 > "$VAR/keys/page_token.key"; chmod 600 "$VAR/keys/page_token.key"; }

PG_DATA=$(sisker_pg_reachable_dir "$VAR/pg")
[ "$PG_DATA" = "$VAR/pg" ] || ln -sfn "$PG_DATA" "$VAR/pg-data-link"
sisker_log "postgresql on 127.0.0.1:$PG_PORT (data $PG_DATA)"
sisker_pg_start "$PG_DATA" "$PG_PORT"
psql_admin() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtAX "$@"; }
psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'sisker'" | grep -q 1 ||
  psql_admin -c "CREATE DATABASE sisker" >/dev/null
echo "$PG_DATA" > "$VAR/run/pg.datadir"

sisker_log "redis on 127.0.0.1:$REDIS_PORT"
sisker_redis_start "$VAR/redis" "$REDIS_PORT"

export SISKER_PG="host=127.0.0.1 port=$PG_PORT user=postgres dbname=sisker"
export SISKER_REDIS="127.0.0.1:$REDIS_PORT"
export SISKER_ASSERTION_KEYS="$VAR/keys/assertion.jwks"
PAGE_TOKEN_KEY_FILE="$VAR/keys/page_token.key"
export SISKER_POLICY_DIR="$ROOT/deploy/policies"
# The development letter signer's Ed25519 key (created on first start).
export SISKER_LETTER_SIGNING_KEY="$VAR/keys/letter-signing.pem"
export SISKER_LETTER_RETIRED_KEYS="$VAR/keys/retired-letter-keys"
export SISKER_BOOTSTRAP_ADMINS="${SISKER_BOOTSTRAP_ADMINS:-bootstrap-admin}"

# name binary grpc-port metrics-port
SERVICES=("org sisker-org 50051 9091" "assignment sisker-assignment 50052 9092"
          "teamwork sisker-teamwork 50053 9093")
for entry in "${SERVICES[@]}"; do
  read -r name binary port metrics <<<"$entry"
  pidfile="$VAR/run/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    if [ "build/services/$name/$binary" -nt "$pidfile" ]; then
      sisker_log "$binary was rebuilt: restarting it"
      kill -TERM "$(cat "$pidfile")"
      for _ in $(seq 150); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    else
      sisker_log "$binary already running (pid $(cat "$pidfile"))"
      continue
    fi
  fi
  "build/services/$name/$binary" migrate
  SISKER_PAGE_TOKEN_KEY=$(cat "$PAGE_TOKEN_KEY_FILE") \
    nohup "build/services/$name/$binary" --port="$port" --metrics_port="$metrics" \
    >>"$VAR/log/$name.log" 2>&1 &
  echo $! > "$pidfile"
  if ! sisker_wait_http "http://127.0.0.1:$metrics/healthz" 60; then
    sisker_log "$binary did not become SERVING; see $VAR/log/$name.log"
    tail -5 "$VAR/log/$name.log" >&2
    exit 1
  fi
  sisker_log "$binary SERVING on 127.0.0.1:$port"
done

# The gateway (HTTP/JSON on 8080, metrics on 9096) in front of the services.
start_gateway() {
  local pidfile="$VAR/run/gateway.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    if [ build/services/gateway/sisker-gateway -nt "$pidfile" ]; then
      sisker_log "sisker-gateway was rebuilt: restarting it"
      kill -TERM "$(cat "$pidfile")"
      for _ in $(seq 150); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    else
      sisker_log "sisker-gateway already running (pid $(cat "$pidfile"))"
      return 0
    fi
  fi
  nohup build/services/gateway/sisker-gateway --port=8080 --metrics_port=9096 \
    --org=127.0.0.1:50051 --token_keys="$VAR/keys/token.jwks" \
    --assertion_keys="$SISKER_ASSERTION_KEYS" \
    --docs_dir="$ROOT/tools/openapi/node_modules/swagger-ui-dist" \
    --descriptor_set="$ROOT/build/services/gateway/sisker_api.desc" \
    >>"$VAR/log/gateway.log" 2>&1 &
  echo $! > "$pidfile"
  if ! sisker_wait_http "http://127.0.0.1:9096/healthz" 60; then
    sisker_log "sisker-gateway did not become SERVING; see $VAR/log/gateway.log"
    tail -5 "$VAR/log/gateway.log" >&2
    exit 1
  fi
  sisker_log "sisker-gateway SERVING on http://127.0.0.1:8080 (docs: /docs)"
}
tools/openapi/install.sh
start_gateway

sisker_log "loading demo data"
build/deploy/demo/sisker-demo --org=127.0.0.1:50051 --assignment=127.0.0.1:50052 \
  --teamwork=127.0.0.1:50053 --assertion_keys="$SISKER_ASSERTION_KEYS" \
  --data_dir="$ROOT/deploy/demo" --admin_subject="${SISKER_BOOTSTRAP_ADMINS%%,*}"

cat <<MSG

Sisker is up.
  gateway (HTTP/JSON)  http://127.0.0.1:8080   docs http://127.0.0.1:8080/docs
                       token: ./deploy/token.sh <NIP>
  org service (gRPC)   127.0.0.1:50051   metrics http://127.0.0.1:9091/metrics
  assignment (gRPC)    127.0.0.1:50052   metrics http://127.0.0.1:9092/metrics
  teamwork (gRPC)      127.0.0.1:50053   metrics http://127.0.0.1:9093/metrics
  PostgreSQL           127.0.0.1:$PG_PORT  (database sisker, user postgres)
  Redis                127.0.0.1:$REDIS_PORT
  logs                 $VAR/log/
  demo instansi        instansi/kampar (kampar-2025), instansi/paser (paser-2024)
Stop with ./deploy/down.sh
MSG
