#!/usr/bin/env bash
# A private PostgreSQL for the tests that restart their server:
#   tests/pg_instance.sh start|stop|restart DIR PORT
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/lib/common.sh
action="$1" dir="$2" port="$3"
mkdir -p "$dir"
case "$action" in
  start) sisker_pg_start "$dir" "$port" fast ;;
  stop) sisker_pg_stop "$dir" ;;
  restart) sisker_pg_stop "$dir"; sisker_pg_start "$dir" "$port" fast ;;
  *) echo "usage: $0 start|stop|restart DIR PORT" >&2; exit 2 ;;
esac
