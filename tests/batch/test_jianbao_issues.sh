# The 简报's issue number follows from the period, with no state file: three
# periods run as three batches (in any order, as shards and reruns would)
# give 第1期, 第2期 and 第3期 (总第37-39期) from first_period 2025-01; --issue
# in a render overrides it; a period before first_period is refused. Numbered
# copies are listed in the batch summary, each file there.
. "$(dirname "$0")/lib.sh"
cp "$SRC/templates/zone-jianbao.yaml" "$WORK/templates/"
cat >"$WORK/schedule/jianbao.yaml" <<YAML
briefkit_schedule: 1
jobs:
  - name: jianbao
    template: ../templates/zone-jianbao.yaml
    output: out/jianbao-{{ period }}.pdf
YAML
for p in 2025-03 2025-01 2025-02; do
  "$BK" batch "$WORK/schedule/jianbao.yaml" --jobs 1 --period "$p" >/dev/null 2>"$WORK/log" ||
    { cat "$WORK/log"; fail "batch $p"; }
done
issue() { pdftotext -f 1 -l 1 "$WORK/schedule/out/jianbao-$1.pdf" - | tr -d ' ' | grep -m1 '^第.*期'; }
[ "$(issue 2025-01)" = "第1期（总第37期）" ] || fail "2025-01 has '$(issue 2025-01)'"
[ "$(issue 2025-02)" = "第2期（总第38期）" ] || fail "2025-02 has '$(issue 2025-02)'"
[ "$(issue 2025-03)" = "第3期（总第39期）" ] || fail "2025-03 has '$(issue 2025-03)'"

# --issue overrides the period's number, and the total follows it.
"$BK" render "$WORK/templates/zone-jianbao.yaml" --period 2025-03 --issue 9 -q \
  -o "$WORK/nine.pdf" || fail "render --issue 9"
got=$(pdftotext -f 1 -l 1 "$WORK/nine.pdf" - | tr -d ' ' | grep -m1 '^第.*期')
[ "$got" = "第9期（总第45期）" ] || fail "--issue 9 gave '$got'"

# A period before the first issue has no number.
rc=0
"$BK" render "$WORK/templates/zone-jianbao.yaml" --period 2024-12 -o "$WORK/early.pdf" \
  2>"$WORK/err" || rc=$?
[ "$rc" = 1 ] || fail "2024-12 rendered (exit $rc)"
grep -qF "the period 2024-12 is before masthead.first_period 2025-01" "$WORK/err" ||
  fail "2024-12: $(cat "$WORK/err")"
[ ! -e "$WORK/early.pdf" ] || fail "2024-12 left a file"

# Numbered copies in a batch: every file, listed in the summary, the same
# bytes on a second run.
sed -i 's/^  banji:/  copies: 2\n  banji:/' "$WORK/templates/zone-jianbao.yaml"
"$BK" batch "$WORK/schedule/jianbao.yaml" --jobs 1 --period 2025-03 >/dev/null 2>"$WORK/log" ||
  { cat "$WORK/log"; fail "batch with copies"; }
s="$WORK/schedule/jianbao-summary-2025-03.json"
listed=$(summary "$s" '" ".join(s["jobs"][0]["copies"])')
want="$WORK/schedule/out/jianbao-2025-03-000001.pdf $WORK/schedule/out/jianbao-2025-03-000002.pdf"
[ "$listed" = "$want" ] || fail "summary lists '$listed'"
for f in $listed; do [ -f "$f" ] || fail "$f missing"; done
cp "$WORK/schedule/out/jianbao-2025-03-000002.pdf" "$WORK/first.pdf"
"$BK" batch "$WORK/schedule/jianbao.yaml" --jobs 1 --period 2025-03 >/dev/null 2>&1 || fail "rerun"
cmp -s "$WORK/first.pdf" "$WORK/schedule/out/jianbao-2025-03-000002.pdf" || fail "copy 2 differs on a rerun"
pdftotext -f 1 -l 1 "$WORK/first.pdf" - | grep -q '^000002$' || fail "copy 2 lacks its number"

# One batch with a 简报 and a report-style profile: each as a render of its own
# gives it (the style's faces by role do not carry over to the profile).
sed -i 's/^  copies: 2$//' "$WORK/templates/zone-jianbao.yaml"
cat >>"$WORK/schedule/jianbao.yaml" <<YAML
  - name: profile
    template: ../templates/zone-profile.yaml
    params: {zone: binhai, clusters: binhai}
    output: out/profile-{{ period }}.pdf
YAML
"$BK" batch "$WORK/schedule/jianbao.yaml" --jobs 1 --period 2025-03 >/dev/null 2>"$WORK/log" ||
  { cat "$WORK/log"; fail "mixed batch"; }
"$BK" render "$WORK/templates/zone-profile.yaml" --set zone=binhai --set clusters=binhai \
  --period 2025-03 -q -o "$WORK/profile.pdf" || fail "profile render"
cmp -s "$WORK/profile.pdf" "$WORK/schedule/out/profile-2025-03.pdf" || fail "profile differs in the batch"
"$BK" render "$WORK/templates/zone-jianbao.yaml" --period 2025-03 -q -o "$WORK/jb.pdf" || fail "jb render"
cmp -s "$WORK/jb.pdf" "$WORK/schedule/out/jianbao-2025-03.pdf" || fail "简报 differs in the batch"
echo "ok"
