#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests and CI.
#
#   pg_env="$(bash scripts/pg/start.sh)"; eval "$pg_env"   # exports PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE ALPHA_PG_*
#   bash scripts/pg/start.sh --dir /tmp/x --port 54329 --watch-pid $$
#
# - a fresh data directory (default: a new /tmp/alpha-pg.XXXXXX), removed again by scripts/pg/stop.sh;
# - a random free port unless --port is given (retried if the port is taken meanwhile);
# - listens on 127.0.0.1 only (and a Unix socket inside the cluster directory), password (scram-sha-256) auth;
# - pg_cron preloaded when installed (shared_preload_libraries, cron.database_name = the test database,
#   jobs run in background workers so they need no password); plpython3u is available when installed;
# - initdb and the server run as the `postgres` user when this script runs as root (initdb refuses root);
# - --watch-pid PID: a detached watchdog stops the cluster once PID has exited (tests started outside CI);
# - --durable: keep fsync, synchronous_commit and full_page_writes on (for measurements); off by default.
#
# Stdout carries only the `export` lines; progress and errors go to stderr. Also written to $DIR/env.sh.
set -euo pipefail

dir="" port="" watch_pid="" durable=0 database="${ALPHA_PG_DATABASE:-alpha_v4}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --watch-pid) watch_pid="$2"; shift 2 ;;
    --database) database="$2"; shift 2 ;;
    --durable) durable=1; shift ;;
    *) echo "start.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [[ ! -x "$bin/postgres" ]]; then
  echo "start.sh: no PostgreSQL server at $bin (install postgresql-15, or set PG_BIN)" >&2
  exit 1
fi
major="$("$bin/postgres" --version | sed -E 's/.* ([0-9]+)\..*/\1/')"
[[ "$major" == "15" ]] || echo "start.sh: warning: server major version is $major, not 15" >&2

if [[ -z "$dir" ]]; then dir="$(mktemp -d /tmp/alpha-pg.XXXXXX)"; else mkdir -p "$dir"; fi
dir="$(cd "$dir" && pwd)"
touch "$dir/.alpha-pg-cluster" # stop.sh only deletes directories that carry this marker

# Run a command as the cluster owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [[ "$(id -u)" == "0" ]]; then chown postgres: "$dir"; fi
chmod 700 "$dir"

password="${ALPHA_PG_PASSWORD:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
pwfile="$dir/.pw"
printf '%s\n' "$password" > "$pwfile"
[[ "$(id -u)" == "0" ]] && chown postgres: "$pwfile"
chmod 600 "$pwfile"

as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --no-locale \
  --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
rm -f "$pwfile"

pkglib="$("$bin/pg_config" --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)"
cron=0
[[ -f "$pkglib/pg_cron.so" ]] && cron=1

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

started=0
for attempt in 1 2 3 4 5; do
  p="${port:-$(free_port)}"
  {
    echo "# alpha-v4 throwaway test cluster"
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $p"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 200"
    echo "shared_buffers = 128MB"
    echo "max_worker_processes = 32"
    if [[ "$durable" != "1" ]]; then
      # A throwaway cluster: durability off for speed (docs/store.md's measurements use --durable).
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
    echo "logging_collector = off"
    if [[ "$cron" == "1" ]]; then
      echo "shared_preload_libraries = 'pg_cron'"
      echo "cron.database_name = '$database'"
      echo "cron.use_background_workers = on"
      echo "cron.max_running_jobs = 8"
    fi
  } > "$dir/data/alpha-pg.conf"
  grep -q "include_if_exists = 'alpha-pg.conf'" "$dir/data/postgresql.conf" ||
    echo "include_if_exists = 'alpha-pg.conf'" >> "$dir/data/postgresql.conf"
  [[ "$(id -u)" == "0" ]] && chown postgres: "$dir/data/alpha-pg.conf"
  if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null 2>&1; then
    started=1; port="$p"; break
  fi
  if [[ -n "$port" ]] || ! grep -q "could not bind\|already in use" "$dir/postgres.log" 2>/dev/null; then
    break # a fixed port, or a failure that another port will not fix
  fi
  echo "start.sh: port $p taken, retrying ($attempt)" >&2
done
if [[ "$started" != "1" ]]; then
  echo "start.sh: the server did not start; log follows" >&2
  cat "$dir/postgres.log" >&2 || true
  exit 1
fi

export PGPASSWORD="$password"
"$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE \"$database\"" >&2

plpython=0
[[ -f "$pkglib/plpython3.so" ]] && plpython=1

env_lines="export ALPHA_PG_DIR='$dir'
export PGHOST=127.0.0.1
export PGPORT=$port
export PGUSER=postgres
export PGPASSWORD='$password'
export PGDATABASE='$database'
export ALPHA_PG_URL='postgresql://postgres:$password@127.0.0.1:$port/$database'
export ALPHA_PG_CRON=$cron
export ALPHA_PG_PLPYTHON=$plpython"
printf '%s\n' "$env_lines" > "$dir/env.sh"
chmod 600 "$dir/env.sh"

if [[ -n "$watch_pid" ]]; then
  # Detached from our process group and stdio, so it survives this script and never holds a pipe open.
  setsid bash -c "while kill -0 $watch_pid 2>/dev/null; do sleep 1; done; exec bash '$here/stop.sh' '$dir'" \
    </dev/null >/dev/null 2>&1 &
fi

echo "start.sh: PostgreSQL $major on 127.0.0.1:$port, data in $dir (pg_cron: $cron, plpython3u: $plpython)" >&2
printf '%s\n' "$env_lines"
