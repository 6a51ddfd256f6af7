#!/usr/bin/env bash
# A development bearer token for the gateway of the local stack (./deploy/up.sh):
#   ./deploy/token.sh <NIP>                               a pegawai of a demo instansi
#   ./deploy/token.sh --service NAME --scope "S1 S2" [--instansi ID]   a machine client
# Then: curl -H "Authorization: Bearer $(./deploy/token.sh <NIP>)" localhost:8080/v1/...
# Signed with the development IdP key under var/keys (never used in production).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/tools/token/sisker-token ] || { echo "run ./deploy/up.sh first" >&2; exit 1; }
if [ "${1:-}" = "--service" ]; then
  service="$2"; shift 2
  scope=""; instansi=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --scope) scope="$2"; shift 2 ;;
      --instansi) instansi="$2"; shift 2 ;;
      *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
  done
  exec build/tools/token/sisker-token --service="$service" --scope="$scope" \
    --instansi="$instansi" --token_keys=var/keys/token.jwks
fi
[ $# -eq 1 ] || { sed -n 2,6p "$0" >&2; exit 2; }
exec build/tools/token/sisker-token --nip="$1" --token_keys=var/keys/token.jwks \
  --assertion_keys=var/keys/assertion.jwks
