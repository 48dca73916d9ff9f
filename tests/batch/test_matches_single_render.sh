# Each briefing of a batch (--jobs 2, its jobs taking over the libharu
# document the parent prepared) is the briefing `briefkit render` writes
# alone with the same params, period and SOURCE_DATE_EPOCH: the same text,
# and the same bytes.
. "$(dirname "$0")/lib.sh"
write_schedule
"$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 \
  --summary "$WORK/summary.json" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "batch failed"; }
mkdir -p "$WORK/alone"
for z in $ZONES; do
  clusters=chongqing
  [ "$z" = binhai ] && clusters=binhai
  batch_pdf="$WORK/schedule/out/$z/briefing-2025-02.pdf"
  alone_pdf="$WORK/alone/$z.pdf"
  "$BK" render "$WORK/templates/zone-profile.yaml" --set "zone=$z" --set "clusters=$clusters" \
    --period 2025-02 -q -o "$alone_pdf" || fail "render of $z failed"
  pdftotext -layout "$batch_pdf" "$WORK/batch.txt" || fail "pdftotext $batch_pdf"
  pdftotext -layout "$alone_pdf" "$WORK/alone.txt" || fail "pdftotext $alone_pdf"
  [ -s "$WORK/batch.txt" ] || fail "no text in $batch_pdf"
  cmp -s "$WORK/batch.txt" "$WORK/alone.txt" ||
    { diff "$WORK/alone.txt" "$WORK/batch.txt" | head -20; fail "$z: text differs"; }
  cmp -s "$batch_pdf" "$alone_pdf" || fail "$z: the batch's PDF differs from a render of its own"
  qpdf --check "$batch_pdf" >/dev/null || fail "$z: qpdf --check"
done
echo "ok"
