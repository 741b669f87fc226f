#!/usr/bin/env bash
# Kill anywhere, lose nothing.
#
# Builds a store (`provision init --sample` with larger seat counts, then 6,000 users created,
# 80 of them deleted long ago and 900 recently), generates a 20,000-row native CSV for
# contoso and fabrikam (creates, license changes, deletes, restores, password resets,
# attribute updates, and about 1,200 rows that must fail), and runs `provision apply` on it:
# once uninterrupted (the reference; again in groups of 97 users, which must end the same),
# then per trial as a child process SIGKILLed at a seeded random moment (one to three times),
# followed by the same command run to completion. Each trial's store must equal the
# reference: same users and attributes, same assignments, seats never oversubscribed, the
# same audit log with no entry written twice, the same journal, PRAGMA integrity_check = ok,
# and every password the batch issued in the credentials sheet, matching the store's hash.
# Random values (object ids of new users, password salts and hashes) are left out.
#
#   Tests/harness/kill-anywhere.sh [--trials N] [--seed S] [--rows R] [--binary PATH]
#                                  [--work DIR] [--keep] [--results FILE.json]
#
# Defaults: 50 trials, seed 1, 20,000 rows; the binary is built in release mode unless
# --binary or PROVISION_BIN names one. Prints "N trials, N identical"; exits 1 on any
# difference, 2 when the harness itself cannot run.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

trials=50 seed=1 rows=20000 binary="" work="" keep="" results=""
while [ $# -gt 0 ]; do
  case $1 in
    --trials) trials=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=--keep; shift ;;
    --results) results=$2; shift 2 ;;
    *) echo "usage: $0 [--trials N] [--seed S] [--rows R] [--binary PATH] [--work DIR] [--keep] [--results FILE]" >&2; exit 2 ;;
  esac
done
require_sqlite3
binary=$(provision_binary "$binary")
harness_work "$work" kill-anywhere "$keep"
args=(--binary "$binary" --repo "$HARNESS_REPO" --work "$work" --trials "$trials" --seed "$seed" --rows "$rows")
[ -z "$keep" ] || args+=("$keep")
[ -z "$results" ] || args+=(--results "$results")
python3 "$(dirname "$0")/lib/kill_anywhere.py" "${args[@]}"
