# Shared by the harness scripts: the repository root, and the provision binary to test.
#
#   provision_binary [PATH]   prints the binary to use: PATH when given; else $PROVISION_BIN;
#                             else builds one with `swift build` (release unless
#                             HARNESS_CONFIGURATION=debug) into $HARNESS_SCRATCH
#                             (default .build-harness) and prints its path.

HARNESS_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

provision_binary() {
  local given=${1:-${PROVISION_BIN:-}}
  if [ -n "$given" ]; then
    if [ ! -x "$given" ]; then
      echo "harness: $given is not an executable" >&2
      return 2
    fi
    (cd "$(dirname "$given")" && echo "$(pwd)/$(basename "$given")")
    return 0
  fi
  local configuration=${HARNESS_CONFIGURATION:-release}
  local scratch=${HARNESS_SCRATCH:-$HARNESS_REPO/.build-harness}
  (cd "$HARNESS_REPO" && swift build -c "$configuration" --scratch-path "$scratch" --product provision >&2) || return 2
  echo "$scratch/$configuration/provision"
}

# harness_work DIR NAME [KEEP]: sets $work to DIR when given (kept), else to a new temporary
# folder named after NAME, removed when the script exits unless KEEP is non-empty.
harness_work() {
  work=$1
  if [ -z "$work" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")
    [ -n "${3:-}" ] || trap 'rm -rf "$work"' EXIT
  fi
  mkdir -p "$work"
}

# require_sqlite3: stops the script (exit 2) when the sqlite3 shell is missing.
require_sqlite3() {
  command -v sqlite3 >/dev/null || { echo "$0: needs the sqlite3 shell (apt-get install -y sqlite3)" >&2; exit 2; }
}
