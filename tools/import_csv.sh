#!/usr/bin/env bash
# Imports a SIASN/SIMPEG-shaped CSV into a demo instansi through the org
# service (ImportPegawai), as its demo BKPSDM operator:
#   tools/import_csv.sh FILE [INSTANSI] [--apply]
# Without --apply it is a dry run: the per-row report, nothing written.
set -euo pipefail
cd "$(dirname "$0")/.."
file="$1"; instansi="${2:-kampar}"; apply="${3:-}"
build/tools/import/sisker-import --csv="$file" --instansi="$instansi" \
  --apply="$([ "$apply" = "--apply" ] && echo true || echo false)"
