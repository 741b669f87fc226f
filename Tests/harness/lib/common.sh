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
