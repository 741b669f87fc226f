#!/usr/bin/env bash
# Installs the Debian packages provision needs, only when they are missing.
# A new Debian 12 machine has them all already; .ci/run calls this for other machines.
# libpq-dev builds the PostgreSQL backend; postgresql-15 is the server its tests run against.
set -euo pipefail
needed=(libsqlite3-dev libpq-dev pkg-config postgresql-15)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
