#!/usr/bin/env bash
# Installs the Debian 12 packages briefkit needs to build and test, if any
# are missing. Runs apt-get as root (or through sudo when not root).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libhpdf-dev libcairo2-dev libpango1.0-dev libyaml-dev libqpdf-dev
  libunibreak-dev libharfbuzz-dev libfribidi-dev libcmocka-dev zlib1g-dev
  fonts-noto-core fonts-hanazono
  libssl-dev libcsv-dev libsqlite3-dev sqlite3 libpq-dev postgresql
  poppler-utils qpdf valgrind time python3 clang-format
  fonts-arphic-uming fonts-arphic-ukai fonts-liberation2
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "briefkit: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
