#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server on loopback for the test suite.
#   scripts/pg-test-server.sh start   -> installs Debian's postgresql if missing, starts it, prints the URL
#   scripts/pg-test-server.sh status  -> prints the URL and exits 0 when a server is running
#   scripts/pg-test-server.sh stop
# The data folder lives under ${PG_TEST_DIR:-/tmp/blockyard-pg}; the port is ${PG_TEST_PORT:-54329}.
set -euo pipefail
dir=${PG_TEST_DIR:-/tmp/blockyard-pg}
port=${PG_TEST_PORT:-54329}

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ]; then
    echo "PostgreSQL server not found; installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$found"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    if [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres://blockyard:blockyard@127.0.0.1:$port/blockyard_test"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    echo blockyard >"$dir/pwfile"
    as_pg "$bin/initdb" -D "$dir/data" -U blockyard --pwfile="$dir/pwfile" -A scram-sha-256 >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" \
      start >/dev/null
    PGPASSWORD=blockyard "$bin/createdb" -h 127.0.0.1 -p "$port" -U blockyard blockyard_test
    echo "postgres://blockyard:blockyard@127.0.0.1:$port/blockyard_test"
    ;;
  status)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres://blockyard:blockyard@127.0.0.1:$port/blockyard_test"
      exit 0
    fi
    exit 3
    ;;
  stop)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|status|stop" >&2
    exit 2
    ;;
esac
