#!/usr/bin/env bash
# Prints a SHA-256 digest of every PDF briefkit writes for the end-to-end
# cases (tests/data/*), the shipped templates and a batch of the sample
# schedule, all under one SOURCE_DATE_EPOCH. Run it before and after a
# change that must not change output, and diff the two lists:
#   scripts/output-digests.sh build > before.txt ... > after.txt; diff before.txt after.txt
# A case that writes no PDF prints its exit code instead.
#   scripts/output-digests.sh BUILD_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bk=$PWD/$build/briefkit
fixtures=$PWD/$build/tests/fixtures/containment
export SOURCE_DATE_EPOCH=1740787200
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for dir in tests/data/*/; do
  name=$(basename "$dir")
  args="render template.yaml -o {out}"
  if grep -q '^args ' "$dir/expect"; then
    args=$(grep '^args ' "$dir/expect" | head -1 | cut -d' ' -f2-)
  fi
  args=${args//\{fixtures\}/\"$fixtures\"}
  out="$work/$name.pdf"
  (cd "$dir" && eval "\"$bk\" ${args//\{out\}/\"$out\"}") >/dev/null 2>&1
  code=$?
  if [ -f "$out" ]; then
    echo "e2e/$name $(sha256sum <"$out" | cut -c1-64)"
  else
    echo "e2e/$name exit=$code"
  fi
done

"$bk" render templates/monthly-briefing.yaml -o "$work/monthly.pdf" >/dev/null 2>&1
echo "templates/monthly-briefing $(sha256sum <"$work/monthly.pdf" | cut -c1-64)"
"$bk" render templates/zone-profile.yaml --set zone=binhai --set clusters=binhai \
  -o "$work/binhai.pdf" >/dev/null 2>&1
echo "templates/zone-profile-binhai $(sha256sum <"$work/binhai.pdf" | cut -c1-64)"

cp -r samples "$work/samples"
cp -r templates "$work/templates"
BRIEFKIT_ALLOW_PATH=$work "$bk" batch "$work/samples/schedule/monthly.yaml" --period 2025-02 --jobs 2 >/dev/null 2>&1
echo "batch exit=$?"
(cd "$work/samples/schedule/out" && find . -name '*.pdf' | sort | while read -r f; do
  echo "batch/$f $(sha256sum <"$f" | cut -c1-64)"
done)
