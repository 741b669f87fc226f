#!/usr/bin/env bash
# Concurrent jobs on one store.
#
# Scenarios, each repeated --rounds times: two and four `provision apply` processes started at
# the same moment on the same customer (with --wait: all run, one after the other; without it:
# one runs and every other fails fast with exit 3 naming the holder), the same file twice at
# once, and two and four jobs on different customers (all run at once). Every job's 1,500 new
# users mostly want Microsoft 365 E3, so jobs on one customer compete for its seats and the
# order matters. The final store must equal the one the same commands give when run one at a
# time in the order the jobs took the lock (read from the audit log), seats are never
# oversubscribed and PRAGMA integrity_check = ok. Also: a job started while the customer's lock
# is held (by the harness, with the store's own flock) fails within seconds (exit 3, the holder
# named, nothing written), or, with --wait 2, gives up after two seconds.
#
#   Tests/harness/concurrency.sh [--rounds N] [--rows R] [--binary PATH] [--work DIR] [--results FILE.json]
#
# Prints one PASS/FAIL line per scenario run and "N scenario runs, N passed, N failed";
# exits 1 on any failure, 2 when the harness cannot run.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

rounds=3 rows=1500 binary="" work="" results=""
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--rows R] [--binary PATH] [--work DIR] [--results FILE]" >&2; exit 2 ;;
  esac
done
require_sqlite3
binary=$(provision_binary "$binary")
harness_work "$work" concurrency
args=(--binary "$binary" --repo "$HARNESS_REPO" --work "$work" --rounds "$rounds" --rows "$rows")
[ -z "$results" ] || args+=(--results "$results")
python3 "$(dirname "$0")/lib/concurrency.py" "${args[@]}"
