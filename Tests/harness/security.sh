#!/usr/bin/env bash
# Security checks, end to end:
# 1. SQL is parameterised: every splice into SQL text under Sources/ must be listed, with why
#    it cannot carry a value, in Tests/harness/sql-interpolations.allow (lib/sql_check.py;
#    its self-test first proves it finds planted ones).
# 2. With the real binary, under umask 000 (lib/security.py): passwords (generated, Entra's
#    initial ones, resets; CSV, HTML and .eml sheets) appear in no other file: store, WAL,
#    shared memory, locks, stdout, stderr, text/CSV/JSON/HTML reports, saved plans, the audit
#    log, the temporary folder (which must be empty after the runs); each sheet is mode 0600
#    and its passwords match the store's hashes; no cell of a CSV report or sheet, split on
#    , ; tab or |, starts like a formula; HTML escapes names, holds no script and loads
#    nothing; the JSON report gives hostile values back exactly.
# Role enforcement on every path (saved plans included) is tested by RoleEnforcementTests
# (swift test).
#
#   Tests/harness/security.sh [--binary PATH] [--work DIR] [--results FILE.json]
#
# Prints "security: N checks passed, N failed"; exits 1 on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

binary="" work="" results=""
while [ $# -gt 0 ]; do
  case $1 in
    --binary) binary=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    *) echo "usage: $0 [--binary PATH] [--work DIR] [--results FILE.json]" >&2; exit 2 ;;
  esac
done
require_sqlite3
status=0
python3 "$(dirname "$0")/lib/sql_check.py" --self-test --repo "$HARNESS_REPO" || status=1
binary=$(provision_binary "$binary")
harness_work "$work" security
python3 "$(dirname "$0")/lib/security.py" --binary "$binary" --repo "$HARNESS_REPO" --work "$work" \
  ${results:+--results "$results"} || status=1
exit $status
