# Shell helpers shared by deploy/up.sh, deploy/down.sh and tests/run.sh:
# packages, build, and PostgreSQL/Redis servers on loopback. Source it.

SISKER_PACKAGES=(build-essential cmake ninja-build pkg-config ccache clang-format
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler libabsl-dev
  libhiredis-dev libpqxx-dev libgtest-dev libgmock-dev libboost-dev libssl-dev
  nlohmann-json3-dev grpc-proto golang-github-gogo-googleapis-dev
  libhpdf-dev libqrencode-dev  # letters: PDF and QR
  postgresql redis-server python3-grpcio curl openssl
  clang-14 libclang-rt-14-dev)  # the fuzz target (tests/fuzz/run.sh); libclang_rt.fuzzer
PG_BIN=/usr/lib/postgresql/15/bin

sisker_log() { printf '[sisker] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages that are missing (apt-get update first).
sisker_install_packages() {
  local missing=()
  for p in "${SISKER_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    sisker_log "packages: all present"
    return 0
  fi
  sisker_log "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # Debian's postgresql package starts a 15/main cluster on 5432 and
  # redis-server one on 6379; we never use them (our own ports below).
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures and builds into $1 (default ./build) with -j2.
sisker_build() {
  local build_dir="${1:-build}"
  local sha
  sha=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSISKER_GIT_SHA="$sha" >/dev/null
  ninja -C "$build_dir" -j"${SISKER_JOBS:-2}"
}

# A TCP port nobody listens on, from the ephemeral range.
sisker_free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# A folder user postgres can own and reach: $1 when every parent is
# traversable by it, else one under /var/tmp keyed by $1 (a clone under a
# 0700 home folder; TOOLCHAIN.md 11).
sisker_pg_reachable_dir() {
  local want="$1"
  mkdir -p "$want"
  if runuser -u postgres -- test -x "$want" 2>/dev/null; then
    echo "$want"
  else
    local alt="/var/tmp/sisker-pg-$(echo -n "$(realpath "$want")" | md5sum | cut -c1-12)"
    mkdir -p "$alt"
    echo "$alt"
  fi
}

# sisker_pg_start DATA_DIR PORT [fast]: initdb (once) and start PostgreSQL
# as user postgres on 127.0.0.1:PORT, trust auth on loopback only.
sisker_pg_start() {
  local data="$1" port="$2" fast="${3:-}"
  as_root chown postgres:postgres "$data"
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    runuser -u postgres -- "$PG_BIN/initdb" -D "$data" -U postgres -A trust \
      --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  local opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c max_connections=200"
  [ -n "$fast" ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    sisker_log "postgresql already running on $port"
    return 0
  fi
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "$opts" start >/dev/null
}

sisker_pg_stop() {
  local data="$1"
  [ -f "$data/postmaster.pid" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# sisker_redis_start DIR PORT: redis-server on 127.0.0.1:PORT, data in DIR.
sisker_redis_start() {
  local dir="$1" port="$2"
  mkdir -p "$dir"
  if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; then
    sisker_log "redis already running on $port"
    return 0
  fi
  redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" --appendonly no \
    --protected-mode yes >/dev/null
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  sisker_log "redis did not start on $port"; return 1
}

sisker_redis_stop() {
  local dir="$1"
  [ -f "$dir/redis.pid" ] || return 0
  local pid
  pid=$(cat "$dir/redis.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$dir/redis.pid"
}

# sisker_wait_http URL [seconds]: polls until the URL answers 2xx.
sisker_wait_http() {
  local url="$1" limit="${2:-30}"
  for _ in $(seq $((limit * 10))); do
    curl -sf "$url" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}
