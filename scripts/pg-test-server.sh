#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback for the test suite.
#   scripts/pg-test-server.sh start [dir]   installs Debian's postgresql if missing, starts a server whose
#                                           files live in <dir> and prints its URL; a server already
#                                           running from <dir> is reused and its URL printed.
#   scripts/pg-test-server.sh status [dir]  prints the URL and exits 0 when a server runs from <dir>
#   scripts/pg-test-server.sh stop [dir]    stops the server of <dir> (its files stay)
#   scripts/pg-test-server.sh resume [dir]  starts the stopped server of <dir> again, on its port and with
#                                           its data (a restart, for tests of the database going away)
# <dir> defaults to $PG_TEST_DIR, else /tmp/blockyard-pg. The port is $PG_TEST_PORT when set, else a free
# one chosen at start and kept in <dir>/port, so servers of different folders (two clones, two test
# runs) never meet. `npm test` uses a new folder per run and removes it afterwards.
set -euo pipefail
command=${1:-}
dir=${2:-${PG_TEST_DIR:-/tmp/blockyard-pg}}

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

installed_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Asks the kernel for a port nobody listens on right now.
free_port() {
  node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

url() {
  echo "postgres://blockyard:blockyard@127.0.0.1:$(cat "$dir/port")/blockyard_test"
}

running() {
  local bin=$1
  [ -n "$bin" ] && [ -f "$dir/port" ] && [ -f "$dir/data/postmaster.pid" ] &&
    as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

case "$command" in
  start)
    bin=$(pg_bin)
    if running "$bin"; then
      url
      exit 0
    fi
    rm -rf "$dir/data"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    echo blockyard >"$dir/pwfile"
    as_pg "$bin/initdb" -D "$dir/data" -U blockyard --pwfile="$dir/pwfile" -A scram-sha-256 >"$dir/initdb.log" 2>&1
    # A free port can be taken between the check and the server's bind: try a few.
    for attempt in 1 2 3 4 5; do
      port=${PG_TEST_PORT:-$(free_port)}
      if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" \
        start >/dev/null; then
        echo "$port" >"$dir/port"
        PGPASSWORD=blockyard "$bin/createdb" -h 127.0.0.1 -p "$port" -U blockyard blockyard_test
        url
        exit 0
      fi
      if [ -n "${PG_TEST_PORT:-}" ] || [ "$attempt" = 5 ]; then break; fi
    done
    echo "PostgreSQL did not start; see $dir/server.log" >&2
    exit 1
    ;;
  resume)
    bin=$(installed_bin)
    if [ -z "$bin" ] || [ ! -f "$dir/port" ] || [ ! -d "$dir/data" ]; then
      echo "no PostgreSQL test server to resume in $dir" >&2
      exit 1
    fi
    if ! running "$bin"; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$(cat "$dir/port") -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" \
        start >/dev/null
    fi
    url
    ;;
  status)
    if running "$(installed_bin)"; then
      url
      exit 0
    fi
    exit 3
    ;;
  stop)
    bin=$(installed_bin)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|status|stop|resume [dir]" >&2
    exit 2
    ;;
esac
