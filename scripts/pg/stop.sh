#!/usr/bin/env bash
# Stop a cluster started by scripts/pg/start.sh and delete its directory.
#
#   bash scripts/pg/stop.sh [DIR]        # DIR defaults to $ALPHA_PG_DIR
#
# Only a directory carrying start.sh's marker file is touched. Safe to call twice.
set -euo pipefail

dir="${1:-${ALPHA_PG_DIR:-}}"
if [[ -z "$dir" ]]; then echo "stop.sh: no cluster directory (argument or ALPHA_PG_DIR)" >&2; exit 2; fi
if [[ ! -d "$dir" ]]; then exit 0; fi
if [[ ! -f "$dir/.alpha-pg-cluster" ]]; then
  echo "stop.sh: $dir was not made by scripts/pg/start.sh; leaving it alone" >&2
  exit 2
fi

bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ -f "$dir/data/postmaster.pid" ]]; then
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
fi
rm -rf "$dir"
