# Shared by the batch tests: a temp workspace with copies of the zone-profile
# template and the sample data (so tests may change them), and a schedule
# over every sample zone.
set -euo pipefail
BK=$1
SRC=$2
WORK=$(mktemp -d /tmp/bk_batch_e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/templates" "$WORK/samples/data" "$WORK/schedule"
cp "$SRC/templates/zone-profile.yaml" "$WORK/templates/"
cp "$SRC"/samples/data/*.yaml "$WORK/samples/data/"
# The copied template reads ../samples/data, outside its own folder.
export BRIEFKIT_ALLOW_PATH="$WORK"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Writes $WORK/schedule/monthly.yaml: one profile per zone.
write_schedule() {
  cat >"$WORK/schedule/monthly.yaml" <<YAML
briefkit_schedule: 1
jobs:
  - name: zone-profile
    template: ../templates/zone-profile.yaml
    params: {clusters: chongqing}
    for_each: {data: ../samples/data/zones.yaml, list: zones, as: zone, key: id}
    overrides: {binhai: {clusters: binhai}}
    output: out/{{ zone }}/briefing-{{ period }}.pdf
YAML
}

ZONES="liangjiang binhai chengdu_chongqing chongqing_dz"

# Checks the summary is valid JSON; prints the value of a python expression
# over it (`s` is the parsed summary).
summary() {
  python3 -m json.tool "$1" >/dev/null || fail "$1 is not valid JSON"
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
