#!/usr/bin/env python3
"""Checks the rendered monthly briefing against the sample data it was made
from: every zone name in English and Chinese, every key figure the template
shows (as the cards format it), every cluster and chart label, and the policy
events of the briefing's period (March 2025) in date order. The data files are read with a few regular
expressions fitted to their simple layout (no YAML library is assumed on the
test machine); a change of layout fails loudly rather than passing.

Usage: sample_content.py BRIEFKIT SOURCE_DIR"""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

bk, src = sys.argv[1], sys.argv[2]
PERIOD = "2025-03"
data = os.path.join(src, "samples", "data")
template = os.path.join(src, "templates", "monthly-briefing.yaml")
failures = []
checks = 0


def fail(msg):
    failures.append(msg)


def check(ok, msg):
    global checks
    checks += 1
    if not ok:
        fail(msg)


def read(name):
    with open(os.path.join(data, name), encoding="utf-8") as f:
        return f.read()


def card_value(v):
    """The zone_overview card format: thousands separators, at most two
    decimals, trailing zeros dropped."""
    s = f"{abs(float(v)):,.2f}".rstrip("0").rstrip(".")
    return ("-" if float(v) < 0 else "") + s


with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "b.pdf")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1740787200")
    subprocess.run([bk, "render", "-q", template, "--period", PERIOD, "-o", out], check=True,
                   env=env)
    text = subprocess.run(["pdftotext", out, "-"], check=True, capture_output=True,
                          text=True).stdout
    # Every stream of any size is compressed (the assembler's few-byte page
    # wrappers are not worth it): libharu's CIDToGIDMaps leave the engine
    # raw and the assembler deflates them.
    objects = json.loads(subprocess.run(["qpdf", "--json=2", out], check=True,
                                        capture_output=True, text=True).stdout)["qpdf"][1]
    maps = [v["/CIDToGIDMap"] for v in (o.get("value") for o in objects.values())
            if isinstance(v, dict) and "/CIDToGIDMap" in v]
    check(len(maps) > 0, "no Type0 font with a CIDToGIDMap in the briefing")
    for ref in maps:
        if ref == "/Identity":
            continue
        stream = objects.get("obj:" + ref, {}).get("stream", {}).get("dict", {})
        check(stream.get("/Filter") == "/FlateDecode", "CIDToGIDMap %s is not deflated" % ref)
    raw = [k for k, o in objects.items() if "stream" in o and
           "/Filter" not in o["stream"]["dict"] and o["stream"]["dict"].get("/Length", 0) > 256]
    check(not raw, "streams left uncompressed: %s" % raw[:5])
flat = re.sub(r"\s+", " ", text)
# A Chinese name can wrap between two characters, and pdftotext then puts a
# line break there: Chinese is compared with all white space removed.
dense = re.sub(r"\s+", "", text)

# Zones: names, and the figures the template shows (all, or its `figures:`).
zones_yaml = read("zones.yaml")
chosen = {}
for m in re.finditer(r"zone: (\w+), figures: \[([^\]]*)\]", open(template, encoding="utf-8").read()):
    chosen[m.group(1)] = [x.strip() for x in m.group(2).split(",")]
blocks = re.split(r"\n  - id: ", zones_yaml)[1:]
if len(blocks) != 4:
    fail(f"expected 4 zones in zones.yaml, found {len(blocks)}")
for block in blocks:
    zid = block.split("\n", 1)[0].strip()
    for key in ("name_en", "name_zh"):
        m = re.search(rf"\n    {key}: (.+)", block)
        if not m:
            fail(f"zone {zid}: no {key}")
        else:
            name = m.group(1).strip()
            check(name in (dense if key == "name_zh" else flat),
                  f"zone {zid}: {key} '{name}' not in the PDF")
    figures = re.findall(r"\n      - id: (\w+)\n(?:        .*\n)*?        value: ([-0-9.]+)", block)
    if not figures:
        fail(f"zone {zid}: no figures found in zones.yaml")
    for fid, value in figures:
        if zid in chosen and fid not in chosen[zid]:
            continue
        check(card_value(value) in flat, f"zone {zid}: figure {fid} = {card_value(value)} not in the PDF")

# Clusters: every cluster name and every chart label.
clusters_yaml = read("clusters.yaml")
for name in re.findall(r"\n        name_en: (.+)", clusters_yaml):
    check(name.strip() in flat, f"cluster '{name.strip()}' not in the PDF")
for label in re.findall(r"\n        - label: (.+)", clusters_yaml):
    # Long chart labels wrap: compare their first words.
    words = " ".join(label.strip().split()[:2])
    check(words in flat, f"chart label '{label.strip()}' not in the PDF")

# Policy events: the period's day-precision dates appear, in date order.
dates = sorted(d for d in re.findall(r'date: "(\d{4}-\d{2}-\d{2})"', read("policies.yaml"))
               if d.startswith(PERIOD))
check(len(dates) > 0, f"no event of {PERIOD} in policies.yaml")
timeline = flat.find("Policy events, March 2025")
if timeline < 0:
    fail("no 'Policy events, March 2025' section in the PDF")
positions = []
for d in dates:
    day = datetime.date.fromisoformat(d)
    shown = f"{day.day} {day.strftime('%B')} {day.year}"
    pos = flat.find(shown, max(timeline, 0))
    check(pos >= 0, f"event date {shown} not in the PDF")
    positions.append(pos)
check(positions == sorted(positions), f"event dates out of order: {dates} at {positions}")

for f in failures:
    print("FAIL:", f)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
