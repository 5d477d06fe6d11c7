#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (the registry contract suite's PostgreSQL backend):
#
#   scripts/pg-test-server.sh start   initdb + start (if not running), wait until ready, print the URL
#   scripts/pg-test-server.sh url     print the URL of the running cluster (exit 1 if none)
#   scripts/pg-test-server.sh stop    stop it and delete its directory
#
# The URL is postgresql://postgres@127.0.0.1:PORT/postgres (PORT = $SN_PG_PORT, default 55432). The
# cluster lives in ${TMPDIR:-/tmp}/safetynet-pg-PORT, listens on 127.0.0.1 only with trust
# authentication, runs with fsync off (its data is disposable) and max_connections 200. Run as root,
# the server runs as the `postgres` system user (PostgreSQL refuses root). Every command is idempotent;
# only the URL goes to stdout, so `url=$(scripts/pg-test-server.sh start)` works.
set -euo pipefail

PORT="${SN_PG_PORT:-55432}"
BASE="${TMPDIR:-/tmp}"
DIR="$BASE/safetynet-pg-$PORT"
DATA="$DIR/data"
LOG="$DIR/server.log"
BIN=/usr/lib/postgresql/15/bin
URL="postgresql://postgres@127.0.0.1:$PORT/postgres"

say() { echo "pg-test-server: $*" >&2; }

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

install_server() {
  [ -x "$BIN/initdb" ] && return 0
  say "installing postgresql-15"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-15 >/dev/null
}

# Up: its postmaster is alive and it answers on its port (a killed postmaster can outlive itself as a
# zombie where nothing reaps it, so pg_ctl's word alone is not enough).
running() {
  [ -f "$DATA/PG_VERSION" ] || return 1
  as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1 || return 1
  "$BIN/pg_isready" -q -t 5 -h 127.0.0.1 -p "$PORT" -d postgres -U postgres
}

# Whatever is left of a cluster (crashed, killed, half started) goes.
discard() {
  if [ -f "$DATA/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

start() {
  install_server
  if running; then
    wait_ready
    echo "$URL"
    return 0
  fi
  discard
  if port_taken; then
    say "port $PORT on 127.0.0.1 is in use by another program; choose another with SN_PG_PORT"
    exit 1
  fi
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
  if ! as_owner test -w "$DIR"; then
    say "$DIR is not writable by the postgres user (is $BASE traversable by it?); set TMPDIR"
    exit 1
  fi
  as_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C --no-instructions >"$DIR/initdb.log" 2>&1 || {
    say "initdb failed:"
    cat "$DIR/initdb.log" >&2
    exit 1
  }
  cat >"$DATA/pg_hba.conf" <<EOF
# Throwaway test cluster: trust, loopback only (scripts/pg-test-server.sh).
local all all trust
host  all all 127.0.0.1/32 trust
EOF
  cat >>"$DATA/postgresql.conf" <<EOF

# scripts/pg-test-server.sh: a disposable cluster for tests.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DATA/pg_hba.conf" "$DATA/postgresql.conf"
  if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null 2>&1; then
    say "the server did not start; its log ($LOG):"
    cat "$LOG" >&2 || true
    exit 1
  fi
  wait_ready
  echo "$URL"
}

wait_ready() {
  for _ in $(seq 1 120); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres -U postgres && return 0
    sleep 0.5
  done
  say "the server on port $PORT did not become ready; see $LOG"
  exit 1
}

stop() {
  if running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null || true
  fi
  discard
}

url() {
  if running; then
    echo "$URL"
  else
    say "no test server on port $PORT (start one with: $0 start)"
    exit 1
  fi
}

# One command at a time per port (two test runs starting together share one cluster). The lock's file
# descriptor is closed for the server, which would otherwise hold it for its whole life.
exec 9>"$BASE/safetynet-pg-$PORT.lock"
flock 9
case "${1:-}" in
  start) start 9>&- ;;
  stop) stop 9>&- ;;
  url) url ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
