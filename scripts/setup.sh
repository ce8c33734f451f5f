#!/usr/bin/env bash
# Install what Luach needs on Debian/Raspberry Pi OS: the system packages its tests and shells
# use, then the npm packages (Electron's binary download is denied; see package.json allowScripts).
#   scripts/setup.sh           system packages + npm ci
#   scripts/setup.sh --npm     npm ci only
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the browser shell and the end-to-end tests; mosquitto: the broker the MQTT tests start;
# hebcal, hdate: independent calendars the calendar tests compare against; shellcheck: script lint;
# python3, make, g++: better-sqlite3 compiles from source; curl, jq: the cloud walk-through in
# cloud-sync/server/README.md (and its test).
SYSTEM_PACKAGES=(chromium mosquitto mosquitto-clients hebcal hdate shellcheck python3 make g++ dpkg-dev curl jq)

if [[ "${1:-}" != "--npm" ]]; then
  missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo_cmd=()
    [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

npm ci --no-audit --no-fund
