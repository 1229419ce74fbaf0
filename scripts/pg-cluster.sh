#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback, for the tests.
#
#   scripts/pg-cluster.sh start   initdb + start on a free port, create database
#                                 kyosei_test, print its URL
#   scripts/pg-cluster.sh url     print the URL of the running cluster
#   scripts/pg-cluster.sh stop    stop the cluster and delete its directory
#
# State lives in build/pg-cluster.env (override with KYOSEI_PG_STATE). Trust auth on
# 127.0.0.1 only, unix socket inside the temp dir, fsync off: never use it for real data.
# As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root);
# as any other user it runs as that user. The database superuser is `postgres` either way.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state_file=${KYOSEI_PG_STATE:-$root_dir/build/pg-cluster.env}
pg_bin=${KYOSEI_PG_BIN:-/usr/lib/postgresql/15/bin}
db_name=kyosei_test
first_port=${KYOSEI_PG_PORT:-55432}

die() { echo "pg-cluster: $*" >&2; exit 1; }

# Runs a PostgreSQL binary as the cluster owner.
as_owner() {
  if (( EUID == 0 )); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}


port_in_use() {
  # bash's /dev/tcp connects: success means something listens there.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

load_state() {
  [[ -f "$state_file" ]] || return 1
  # shellcheck disable=SC1090
  source "$state_file"
  [[ -n "${PG_DIR:-}" && -n "${PG_PORT:-}" ]]
}

url_of() { echo "postgresql://postgres@127.0.0.1:$1/$db_name"; }

is_running() {
  [[ -d "$PG_DIR/data" ]] && as_owner "$pg_bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1
}

cmd_start() {
  [[ -x "$pg_bin/initdb" ]] || die "$pg_bin/initdb not found; run scripts/install-deps.sh"
  if load_state; then
    if is_running; then
      echo "pg-cluster: already running ($PG_DIR)" >&2
      url_of "$PG_PORT"
      return 0
    fi
    echo "pg-cluster: removing stale state from a previous run ($PG_DIR)" >&2
    cmd_stop >/dev/null 2>&1 || true
  fi

  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/kyosei-pg.XXXXXX")
  if (( EUID == 0 )); then
    chown postgres:postgres "$dir"
  fi
  chmod 700 "$dir"

  if ! as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    die "initdb failed"
  fi
  # Loopback TCP only, trusted; local socket for the owner. Replaces initdb's file.
  as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<HBA
local all all              trust
host  all all 127.0.0.1/32 trust
HBA

  local port=$first_port tries=0 started=0
  while (( tries < 50 )); do
    if ! port_in_use "$port"; then
      if as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
          -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off \
              -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
          start >/dev/null 2>&1; then
        started=1
        break
      fi
      # Lost a race for the port, or another failure: look at the log, try the next.
      as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    port=$((port + 1))
    tries=$((tries + 1))
  done
  if (( ! started )); then
    cat "$dir/server.log" >&2 2>/dev/null || true
    rm -rf "$dir"
    die "could not start PostgreSQL on any port from $first_port to $((first_port + 49))"
  fi

  mkdir -p "$(dirname "$state_file")"
  printf 'PG_DIR=%q\nPG_PORT=%q\n' "$dir" "$port" >"$state_file"

  as_owner "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db_name" \
    || { cmd_stop >/dev/null 2>&1 || true; die "createdb $db_name failed"; }

  url_of "$port"
}

cmd_url() {
  load_state || die "no cluster recorded in $state_file; run: scripts/pg-cluster.sh start"
  is_running || die "cluster in $PG_DIR is not running"
  url_of "$PG_PORT"
}

cmd_stop() {
  if ! load_state; then
    echo "pg-cluster: nothing to stop (no $state_file)" >&2
    return 0
  fi
  if [[ -d "$PG_DIR/data" ]]; then
    as_owner "$pg_bin/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_owner "$pg_bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 \
      || true
  fi
  # Only ever delete what start created.
  case "$PG_DIR" in
    */kyosei-pg.*) rm -rf "$PG_DIR" ;;
    *) echo "pg-cluster: not deleting unexpected directory '$PG_DIR'" >&2 ;;
  esac
  rm -f "$state_file"
  echo "pg-cluster: stopped" >&2
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
