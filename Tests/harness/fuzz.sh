#!/usr/bin/env bash
# Fuzzes the CSV reader and intake (and the planner on what intake reads), through the
# FuzzCSV target (Sources/FuzzCSV): its oracle checks that every input either reads or fails
# with a positioned CSVError/IntakeError, that records come in order within the limits, that
# the exact writer's output reads back the same, and that every row problem names its line
# and field or column (see Sources/FuzzCSV/FuzzOracle.swift).
#
#   Tests/harness/fuzz.sh [--seconds N] [--engine auto|libfuzzer|mutator] [--binary PATH]
#                         [--seed S] [--work DIR] [--results FILE.json]
#
# Engines: libfuzzer builds FuzzCSV with `-sanitize=fuzzer,address -DFUZZING` (release, in
# .build-fuzz) and runs it for N seconds with a 2 GiB RSS limit, a 10 s per-input timeout and
# inputs slower than 5 s reported
# (hangs and unbounded memory count as failures); mutator runs the plain FuzzCSV build's
# seeded random mutator (`FuzzCSV mutate`), for machines where libFuzzer does not link; auto
# (the default) tries libfuzzer first. The seed corpus is every file of SampleData and the
# tests' Fixtures folders (and ../shared/reference-data when present), each prefixed with a
# few option bytes (see Sources/FuzzCSV/FuzzSettings.swift), cut to 64 KiB (inputs grow to 128 KiB;
# the limits are reached with the tiny-limits option). Tests/fuzz/regressions (inputs
# that once failed) are replayed first. Failing inputs are left in WORK/artifacts: add them to
# Tests/fuzz/regressions with a test of the behaviour they expose.
# Default: 600 seconds. Prints one summary line; exits 1 on any crash, timeout or OOM.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

seconds=600 engine=auto binary="" seed=1 work="" results=""
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --engine) engine=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--engine auto|libfuzzer|mutator] [--binary PATH] [--seed S] [--work DIR] [--results FILE]" >&2; exit 2 ;;
  esac
done
harness_work "$work" fuzz keep   # kept: failing inputs are left in it
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
export SWIFT_BACKTRACE=enable=no   # the Swift backtracer stalls under ASan; libFuzzer reports crashes itself

# Seed corpus: each file with a few option bytes in front (encoding, delimiter, limits, header, map).
count=0
while IFS= read -r -d '' file; do
  for option in 00 40 08 10 20 a0 04 06; do
    count=$((count + 1))
    { printf "\\x$option"; head -c 65536 "$file"; } > "$work/seeds/seed-$count"
  done
done < <(find "$HARNESS_REPO/SampleData" "$HARNESS_REPO"/Tests/*/Fixtures "$HARNESS_REPO/../shared/reference-data" \
           -type f -size -1024k -print0 2>/dev/null)

build_libfuzzer() {
  (cd "$HARNESS_REPO" && swift build -c release --scratch-path "$HARNESS_REPO/.build-fuzz" --product FuzzCSV \
     -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 | grep -v "Cannot export local symbol" >&2) || return 1
  echo "$HARNESS_REPO/.build-fuzz/release/FuzzCSV"
}

build_plain() {
  if [ -n "$binary" ]; then echo "$binary"; return 0; fi
  (cd "$HARNESS_REPO" && swift build -c release --scratch-path "${HARNESS_SCRATCH:-$HARNESS_REPO/.build-harness}" \
     --product FuzzCSV >&2) || return 1
  echo "${HARNESS_SCRATCH:-$HARNESS_REPO/.build-harness}/release/FuzzCSV"
}

if [ "$engine" = auto ]; then
  if [ -z "$binary" ] && fuzzer=$(build_libfuzzer); then engine=libfuzzer; else engine=mutator; fi
elif [ "$engine" = libfuzzer ]; then
  fuzzer=${binary:-$(build_libfuzzer)}
fi

status=0
if [ "$engine" = libfuzzer ]; then
  if ls "$HARNESS_REPO"/Tests/fuzz/regressions/*.bin >/dev/null 2>&1; then
    "$fuzzer" "$HARNESS_REPO"/Tests/fuzz/regressions/*.bin >/dev/null 2>&1 \
      || { echo "fuzz: a regression input fails again" >&2; status=1; }
  fi
  log="$work/libfuzzer.log"
  set +e
  "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=131072 -report_slow_units=5 -seed="$seed" \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$work/seeds" >"$log" 2>&1
  code=$?
  set -e
  executions=$(grep -o "stat::number_of_executed_units: *[0-9]*" "$log" | grep -o "[0-9]*$" | tail -1)
  executions=${executions:-$(grep -o "Done [0-9]* runs" "$log" | grep -o "[0-9]*" | tail -1)}
  [ "$code" = 0 ] || { status=1; tail -40 "$log" >&2; }
else
  plain=$(build_plain)
  if ls "$HARNESS_REPO"/Tests/fuzz/regressions/*.bin >/dev/null 2>&1; then
    "$plain" replay "$HARNESS_REPO/Tests/fuzz/regressions" >/dev/null || { echo "fuzz: a regression input fails again" >&2; status=1; }
  fi
  log="$work/mutator.log"
  set +e
  "$plain" mutate --seconds "$seconds" --seed "$seed" --out "$work/artifacts" "$work/seeds" >"$log" 2>&1
  code=$?
  set -e
  executions=$(grep -o "[0-9]* executions" "$log" | grep -o "[0-9]*" | tail -1)
  [ "$code" = 0 ] || { status=1; tail -20 "$log" >&2; }
fi
artifacts=$(find "$work/artifacts" -type f | wc -l)
corpus=$(find "$work/corpus" -type f | wc -l)
where=""
[ "$artifacts" = 0 ] || where=" (in $work/artifacts)"
grown=""
[ "$engine" != libfuzzer ] || grown=", corpus grown to $corpus"
echo "fuzz ($engine): ${executions:-0} executions in $seconds s, $count seed inputs$grown, $artifacts crashes/timeouts/OOMs$where"
if [ -n "$results" ]; then
  printf '{"engine": "%s", "seconds": %s, "executions": %s, "seeds": %s, "corpus": %s, "failures": %s, "commit": "%s"}\n' \
    "$engine" "$seconds" "${executions:-0}" "$count" "$corpus" "$artifacts" \
    "$(git -C "$HARNESS_REPO" rev-parse --short HEAD 2>/dev/null)" > "$results"
fi
[ "$artifacts" = 0 ] || status=1
exit $status
