#!/usr/bin/env bash
# Builds and runs the gateway's libFuzzer target (tests/fuzz/gateway_fuzz.cc):
# path templates, routing, query strings and field binding.
#   tests/fuzz/run.sh [seconds]      (default 60)
# Clang 14 with -fsanitize=fuzzer,address,undefined, in build-fuzz/, apart
# from the main gcc build. The target's own sources (the two gateway rule
# files, common/errors.cc) are compiled here, instrumented; the generated
# protos come from the main build ($SISKER_BUILD_DIR, default build/): its
# headers and its libsisker_proto.a (built if missing), linked
# uninstrumented with libprotobuf and Abseil. Seeds are read from
# tests/fuzz/corpus/ (never written); new inputs go to build-fuzz/corpus/.
# Exits non-zero on a crash, a sanitizer report, a leak, a timeout or a
# broken invariant; the input is left in build-fuzz/crash-* (or leak-*,
# timeout-*). Packages: clang-14, libclang-rt-14-dev (libclang_rt.fuzzer).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
RUN_SECONDS="${1:-60}"
MAIN_BUILD="${SISKER_BUILD_DIR:-build}"
OUT="$ROOT/build-fuzz"
CXX="${SISKER_FUZZ_CXX:-clang++-14}"

log() { printf '[fuzz] %s\n' "$*" >&2; }

command -v "$CXX" >/dev/null || { log "$CXX missing (apt-get install clang-14 libclang-rt-14-dev)"; exit 1; }
command -v ninja >/dev/null || { log "ninja missing"; exit 1; }

# The generated protos of the main build.
if [ ! -f "$MAIN_BUILD/proto/libsisker_proto.a" ]; then
  log "building sisker_proto in $MAIN_BUILD"
  [ -f "$MAIN_BUILD/build.ninja" ] ||
    cmake -S . -B "$MAIN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$MAIN_BUILD" -j"${SISKER_JOBS:-2}" sisker_proto
fi
GEN="$(cd "$MAIN_BUILD" && pwd)/proto/gen"
PROTO_LIB="$(cd "$MAIN_BUILD" && pwd)/proto/libsisker_proto.a"

PKGS="absl_status absl_statusor absl_strings absl_str_format protobuf"
SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"

# A small ninja file: incremental builds with clang's dependency files.
mkdir -p "$OUT/obj" "$OUT/corpus"
cat >"$OUT/build.ninja.new" <<EOF
cxx = $CXX
cflags = -std=c++20 -g -O1 -fno-omit-frame-pointer $SAN -I$ROOT -I$GEN $(pkg-config --cflags $PKGS)
libs = $PROTO_LIB $(pkg-config --libs $PKGS)
rule cc
  command = \$cxx \$cflags -MD -MF \$out.d -c \$in -o \$out
  depfile = \$out.d
  deps = gcc
  description = clang \$in
rule link
  command = \$cxx $SAN \$in -o \$out \$libs
  description = link \$out
build obj/path_template.o: cc $ROOT/services/gateway/path_template.cc
build obj/field_binding.o: cc $ROOT/services/gateway/field_binding.cc
build obj/errors.o: cc $ROOT/common/errors.cc
build obj/gateway_fuzz.o: cc $ROOT/tests/fuzz/gateway_fuzz.cc
build gateway_fuzz: link obj/gateway_fuzz.o obj/path_template.o obj/field_binding.o obj/errors.o | $PROTO_LIB
EOF
# Rewritten only when it changed, so ninja keeps its state.
if cmp -s "$OUT/build.ninja.new" "$OUT/build.ninja"; then
  rm "$OUT/build.ninja.new"
else
  mv "$OUT/build.ninja.new" "$OUT/build.ninja"
fi
ninja -C "$OUT" -j"${SISKER_JOBS:-2}" gateway_fuzz >&2

log "running for ${RUN_SECONDS}s"
cd "$OUT"
./gateway_fuzz -max_total_time="$RUN_SECONDS" -rss_limit_mb=2048 \
  -timeout=10 -max_len=4096 -print_final_stats=1 \
  -dict="$ROOT/tests/fuzz/gateway.dict" -artifact_prefix="$OUT/" \
  "$OUT/corpus" "$ROOT/tests/fuzz/corpus"
