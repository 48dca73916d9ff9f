#!/usr/bin/env bash
# Builds briefkit and renders the sample briefings; prints the PDFs' paths.
#   scripts/build.sh            (build dir: ./build, output: ./out/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
mkdir -p out
./build/briefkit render templates/monthly-briefing.yaml -o out/monthly-briefing.pdf
./build/briefkit render templates/zone-jianbao.yaml -o out/zone-jianbao.pdf
./build/briefkit render templates/zone-profile.yaml --set zone=binhai --set clusters=binhai \
  -o out/zone-profile-binhai.pdf
echo "Sample briefings:"
realpath out/monthly-briefing.pdf out/zone-profile-binhai.pdf out/zone-jianbao.pdf
