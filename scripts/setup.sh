#!/usr/bin/env bash
# Installs what misp-agentx's demo, tests and benchmarks need on Debian: net-snmp's daemons and
# tools, smilint, and the npm packages. Run as root (or with sudo) from the project folder.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(snmpd snmp snmptrapd smitools)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund
fi
