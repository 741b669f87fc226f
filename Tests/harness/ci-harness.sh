#!/usr/bin/env bash
# The short forms of the harness scripts, for CI (.ci/run calls this after `swift build` and
# `swift test`, so the debug binaries are reused instead of building release ones):
#   kill-anywhere  5 trials of the 20,000-row input
#   concurrency    one round of every scenario, 500 rows per job
#   fuzz           60 s of the seeded mutator (plain FuzzCSV build) after the regression inputs
#   fuzz-http      20 s of the HTTP request parser's seeded mutator (plain FuzzHTTP build, docs/http.md)
#   fuzz-multipart 20 s of the multipart parser's oracle (FUZZ_HTTP_ORACLE=multipart, docs/http.md)
#   security       SQL splice check, password scan, formula and HTML checks
#   behind-nginx   the portal behind a real nginx with TLS (installs nginx-light when missing; docs/serve.md)
#   queue-kill     3 workers over 4 customers and 2,000 rows, 6 SIGKILLs, against a serial apply (docs/queue.md)
#   queue-kill-pg  the same on PostgreSQL databases of the test cluster (PROVISION_TEST_PG, which .ci/run exports)
#   queue-netns    the PostgreSQL server and two workers in network namespaces of their own (root only;
#                  it says "skipped" where ip netns is not allowed)
# The hostile-input corpus, the role matrix and the resume tests run in `swift test`.
# Full forms and their figures: docs/reliability.md (Tests/harness/full-run.sh).
#
#   Tests/harness/ci-harness.sh
#
# Prints each step's result and a closing line "N passed, N failed"; exits 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
harness=Tests/harness
debug=${CI_HARNESS_BUILD:-.build/debug}   # where `swift build` put the debug products
if [ ! -x "$debug/provision" ] || [ ! -x "$debug/FuzzCSV" ] || [ ! -x "$debug/FuzzHTTP" ]; then
  echo "== building the debug products (swift build)"
  swift build || { echo "0 passed, 1 failed"; exit 1; }
fi
provision=$(pwd)/$debug/provision
fuzzer=$(pwd)/$debug/FuzzCSV
http_fuzzer=$(pwd)/$debug/FuzzHTTP
work=$(mktemp -d "${TMPDIR:-/tmp}/ci-harness.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

step() {
  local name=$1
  shift
  local started=$SECONDS
  echo "== $name"
  if "$@" > "$work/$name.log" 2>&1; then
    passed=$((passed + 1))
    echo "   passed in $((SECONDS - started)) s: $(tail -1 "$work/$name.log")"
  else
    failed=$((failed + 1))
    echo "   FAILED after $((SECONDS - started)) s:"
    tail -40 "$work/$name.log" | sed 's/^/   | /'
  fi
}

step kill-anywhere "$harness/kill-anywhere.sh" --trials 5 --seed "${CI_HARNESS_SEED:-7}" --binary "$provision" \
  --work "$work/kill"
step concurrency "$harness/concurrency.sh" --rounds 1 --rows 500 --binary "$provision" --work "$work/concurrency"
step fuzz "$harness/fuzz.sh" --engine mutator --seconds 60 --binary "$fuzzer" --work "$work/fuzz"
mkdir -p "$work/fuzz-http"
step fuzz-http "$http_fuzzer" mutate --seconds 20 --seed "${CI_HARNESS_SEED:-7}" --out "$work/fuzz-http" \
  Tests/fuzz/http-seeds
mkdir -p "$work/fuzz-multipart"
step fuzz-multipart env FUZZ_HTTP_ORACLE=multipart "$http_fuzzer" mutate --seconds 20 --seed "${CI_HARNESS_SEED:-7}" \
  --out "$work/fuzz-multipart" Tests/fuzz/multipart-seeds
step security "$harness/security.sh" --binary "$provision" --work "$work/security"
step behind-nginx "$harness/behind-nginx.sh" --binary "$provision" --work "$work/behind-nginx"
step queue-kill "$harness/queue-kill.sh" --customers 4 --rows 2000 --kills 6 --seed "${CI_HARNESS_SEED:-7}" \
  --binary "$provision" --work "$work/queue-kill"
if [ -n "${PROVISION_TEST_PG:-}" ]; then
  step queue-kill-pg "$harness/queue-kill.sh" --customers 4 --rows 2000 --kills 6 --seed "${CI_HARNESS_SEED:-7}" \
    --binary "$provision" --work "$work/queue-kill-pg" --store-server "$PROVISION_TEST_PG"
elif [ "${CI:-}" = true ]; then
  echo "== queue-kill-pg"; echo "   FAILED: PROVISION_TEST_PG is unset in CI"; failed=$((failed + 1))
fi
step queue-netns "$harness/queue-netns.sh" --binary "$provision" --customers 4 --rows 200 --work "$work/queue-netns"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
