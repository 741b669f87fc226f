#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests (docs/store.md, "Testing on PostgreSQL").
#
#   Tests/pg/cluster.sh start DIR   # initdb into DIR, start on a free loopback port, create
#                                   # the database provision_test; prints one line:
#                                   #   PROVISION_TEST_PG=postgresql://…
#   Tests/pg/cluster.sh stop DIR    # stops the cluster and removes DIR
#   Tests/pg/cluster.sh url DIR     # prints the URL of a running cluster
#
# Usable by hand:  eval "export $(Tests/pg/cluster.sh start /tmp/pg-test)"; swift test; Tests/pg/cluster.sh stop /tmp/pg
# As root the server runs as the system user `postgres` (PostgreSQL refuses to run as root);
# as anyone else it runs as that user. It listens on 127.0.0.1 only, with trust
# authentication for loopback connections: it holds nothing but test data and lives for one run.
set -euo pipefail

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
command=${1:-}
dir=${2:-}
if [ -z "$command" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop|url DIR" >&2
  exit 2
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url() {
  local port
  port=$(cat "$dir/port")
  echo "PROVISION_TEST_PG=postgresql://postgres@127.0.0.1:$port/provision_test"
}

case "$command" in
  start)
    if [ ! -x "$bin/initdb" ]; then
      echo "$0: no PostgreSQL server at $bin (install postgresql-15, or set PG_BIN)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$dir"
      if ! runuser -u postgres -- test -x "$dir"; then
        echo "$0: the user postgres cannot reach $dir (a parent folder is closed to others); use a folder it can reach, e.g. one made with: d=\$(mktemp -d) && chmod 711 \$d" >&2
        exit 1
      fi
    fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    echo "$port" > "$dir/port"
    # fsync off: a crash loses a throwaway cluster, nothing else. Enough connections for the
    # many-worker tests; the socket directory is the cluster's own.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      > /dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres provision_test
    url
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  url)
    url
    ;;
  *)
    echo "usage: $0 start|stop|url DIR" >&2
    exit 2
    ;;
esac
