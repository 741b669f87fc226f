#!/usr/bin/env bash
# The full forms of the harness scripts, one after the other, and the results table of
# docs/reliability.md rewritten from what they report (the figures there are this script's):
#   kill-anywhere  50 trials of the 20,000-row input         (release binary)
#   concurrency    3 rounds of every scenario, 1,500 rows per job
#   fuzz           600 s of libFuzzer + ASan (the mutator where libFuzzer does not link)
#   security       SQL splice check, password scan, formula and HTML checks
#   swift test     the corpus, role, resume, credentials, plan-file and placement suites
# About 30 minutes on 2 cores, builds included.
#
#   Tests/harness/full-run.sh [--trials N] [--fuzz-seconds S] [--rounds R] [--no-write]
#
# --no-write prints the table instead of rewriting docs/reliability.md. Exits 1 when any
# part failed (the table is written anyway, with the failure in it).
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$HARNESS_REPO"
trials=50 fuzz_seconds=600 rounds=3 write=docs/reliability.md
while [ $# -gt 0 ]; do
  case $1 in
    --trials) trials=$2; shift 2 ;;
    --fuzz-seconds) fuzz_seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --no-write) write=""; shift ;;
    *) echo "usage: $0 [--trials N] [--fuzz-seconds S] [--rounds R] [--no-write]" >&2; exit 2 ;;
  esac
done
harness=Tests/harness
results=$(mktemp -d "${TMPDIR:-/tmp}/full-run.XXXXXX")
binary=$(provision_binary) || exit 2
status=0
run() {
  local name=$1
  shift
  echo "== $name ($(date -u +%H:%M:%S))"
  "$@" 2>&1 | tee "$results/$name.log" | tail -3
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
}
run kill-anywhere "$harness/kill-anywhere.sh" --trials "$trials" --binary "$binary" --results "$results/kill-anywhere.json"
run concurrency "$harness/concurrency.sh" --rounds "$rounds" --binary "$binary" --results "$results/concurrency.json"
run fuzz "$harness/fuzz.sh" --seconds "$fuzz_seconds" --results "$results/fuzz.json"
run security "$harness/security.sh" --binary "$binary" --results "$results/security.json"
run sql-check python3 "$harness/lib/sql_check.py" --self-test --results "$results/sql-check.json"
suites="BadInputCorpusTests|RoleEnforcementTests|OutputSafetyTests|CredentialSheetTests|ResumeTests|BatchJournalTests|PlanFileIntegrityTests|ViolationPlacementTests|HostileCellTests|CredentialCheckpointTests"
run swift-tests swift test --scratch-path "${HARNESS_SCRATCH:-$HARNESS_REPO/.build-harness}" --filter "$suites"
python3 - "$results" "$suites" <<'PY'
import json, os, re, sys
folder, suites = sys.argv[1], sys.argv[2]
log = open(os.path.join(folder, "swift-tests.log"), encoding="utf-8", errors="replace").read()
match = re.findall(r"Test run with (\d+) tests? in (\d+) suites? (passed|failed)[^\n]*", log)
tests, count, outcome = (match[-1] if match else ("0", "0", "did not run"))
corpus = [n for n in os.listdir("Tests/ProvisionCLITests/Fixtures/bad") if n != "expected.tsv"]
json.dump({"tests": int(tests), "suites": f"{count} suites", "result": "all passed" if outcome == "passed" else outcome,
           "corpusFiles": len(corpus)}, open(os.path.join(folder, "swift-tests.json"), "w"))
PY
printf '{"date": "%s", "commit": "%s", "machine": "%s"}\n' "$(date -u +%Y-%m-%d)" "$(git rev-parse --short HEAD)" \
  "$(nproc) cores, $(uname -m), $(swift --version 2>/dev/null | head -1 | sed 's/ (.*//')" > "$results/meta.json"
if [ -n "$write" ]; then
  python3 "$harness/lib/reliability_table.py" "$results" --write "$write"
else
  python3 "$harness/lib/reliability_table.py" "$results"
fi
echo "full run: results in $results; $([ $status = 0 ] && echo "everything passed" || echo "SOMETHING FAILED")"
exit $status
