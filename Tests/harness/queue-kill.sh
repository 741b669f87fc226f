#!/usr/bin/env bash
# Kill workers anywhere, lose nothing (docs/queue.md, docs/reliability.md).
#
# One input of ROWS new users over CUSTOMERS customers (SampleData's three and generated ones;
# seats tight enough that each customer's last rows fail with CountViolation) is run twice on
# copies of one base store: once as a serial `provision apply` (the reference), and per trial
# as `provision submit` (one job per customer) worked by WORKERS `provision worker` processes,
# each with its own credentials folder (as on separate machines), a 3-second lease, and KILLS
# SIGKILLs of a random worker at random moments, each restarted. Once every job has ended the
# workers get SIGTERM (they must exit 0), and the store must equal the reference: users and
# attributes, assignments, seats never oversubscribed, the audit log with no entry twice, the
# journal, integrity_check = ok, every job done, no password still marked undelivered, and
# every new user's password in exactly one delivered sheet, matching the store's hash.
#
#   Tests/harness/queue-kill.sh [--workers W] [--customers C] [--rows R] [--kills K]
#                               [--trials N] [--seed S] [--binary PATH] [--work DIR] [--keep]
#                               [--results FILE.json] [--store-server postgresql://…]
#                               [--kill-gap SECONDS]
#
# Defaults (the full form): 3 workers, 20 customers, 50,000 rows, 50 kills, one trial (the
# pause before each kill is random up to --kill-gap, by default 4 serial runs' time / kills;
# when the jobs end first, fewer kills are made: on PostgreSQL pass --kill-gap 6). The
# short form for CI: --customers 4 --rows 2000 --kills 6. The binary is built in release mode
# unless --binary or PROVISION_BIN names one. Exits 1 on any difference, 2 when the harness
# itself cannot run. SQLite stores (the queue in the store's file) unless --store-server names
# a PostgreSQL server (a postgresql:// URL; its database is used only to connect): the base
# store is then built once in a database of its own, the reference and each trial run in a
# copy of it (CREATE DATABASE … TEMPLATE …), the same checks are made in SQL through psql,
# and the databases are dropped at the end (kept with --keep). CI passes
# --store-server "$PROVISION_TEST_PG"; an empty value is refused.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

workers=3 customers=20 rows=50000 kills=50 trials=1 seed=1 binary="" work="" keep="" results="" server="" server_given="" gap=""
while [ $# -gt 0 ]; do
  case $1 in
    --workers) workers=$2; shift 2 ;;
    --customers) customers=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --kills) kills=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=--keep; shift ;;
    --results) results=$2; shift 2 ;;
    --store-server) server=$2; server_given=1; shift 2 ;;
    --kill-gap) gap=$2; shift 2 ;;
    *) echo "usage: $0 [--workers W] [--customers C] [--rows R] [--kills K] [--trials N] [--seed S] [--binary PATH] [--work DIR] [--keep] [--results FILE] [--store-server URL] [--kill-gap S]" >&2; exit 2 ;;
  esac
done
if [ -n "$server_given" ]; then
  case $server in
    postgresql://*|postgres://*) ;;
    *) echo "$0: --store-server needs a postgresql:// URL, not '$server' (is PROVISION_TEST_PG set?)" >&2; exit 2 ;;
  esac
  command -v psql >/dev/null || { echo "$0: --store-server needs the psql client (apt-get install -y postgresql-client)" >&2; exit 2; }
  psql -X -q -d "$server" -c 'SELECT 1' >/dev/null || { echo "$0: cannot connect to the --store-server" >&2; exit 2; }
fi
require_sqlite3
binary=$(provision_binary "$binary")
harness_work "$work" queue-kill "$keep"
args=(--binary "$binary" --repo "$HARNESS_REPO" --work "$work" --workers "$workers" --customers "$customers"
      --rows "$rows" --kills "$kills" --trials "$trials" --seed "$seed")
[ -z "$results" ] || args+=(--results "$results")
[ -z "$server" ] || args+=(--store-server "$server")
[ -z "$keep" ] || args+=(--keep)
[ -z "$gap" ] || args+=(--kill-gap "$gap")
python3 "$(dirname "$0")/lib/queue_kill.py" "${args[@]}"
