#!/usr/bin/env python3
"""Checks what a Chinese briefing promises, on the shipped templates and
sample data:

- no English: the zh render (--lang zh) of every shipped template that
  renders from the samples holds no Latin word but the names that have no
  Chinese form, which the allow-list takes from the data itself (the Latin
  words inside its `_zh` texts, e.g. iChongqing, and every source's
  `address`);
- monthly means monthly: three periods give three headers, three 本期要目
  titles and three timelines, each with only its own month's events;
- no page two-thirds empty: in every shipped template whose sections run
  on (break: auto), in both languages, no body page but the last is less
  than a third full, measured from the page's text boxes (pdftotext -bbox)
  inside the margins.

Usage: zh_content.py BRIEFKIT SOURCE_DIR"""
import os
import re
import subprocess
import sys
import tempfile

bk, src = sys.argv[1], sys.argv[2]
data = os.path.join(src, "samples", "data")
templates = os.path.join(src, "templates")
failures = []
checks = 0


def check(ok, msg):
    global checks
    checks += 1
    if not ok:
        failures.append(msg)


def render(tmp, name, *args):
    out = os.path.join(tmp, "%s-%d.pdf" % (os.path.basename(name), len(os.listdir(tmp))))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1740787200")
    subprocess.run([bk, "render", "-q", os.path.join(templates, name), *args, "-o", out],
                   check=True, env=env)
    return out


def text(pdf, first=None, last=None):
    cmd = ["pdftotext"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(cmd + [pdf, "-"], check=True, capture_output=True,
                          text=True).stdout


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


# The allow-list: Latin words the data's Chinese forms keep, and addresses.
allowed = set()
for name in os.listdir(data):
    if not name.endswith(".yaml"):
        continue
    with open(os.path.join(data, name), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*-?\s*(\w+_zh|address): (.*)", line)
            if m:
                if m.group(1) == "address":
                    allowed.add(m.group(2).strip())
                else:
                    allowed.update(re.findall(r"[A-Za-z][A-Za-z.'-]*", m.group(2)))
LATIN = re.compile(r"[A-Za-z][A-Za-z.'-]*")

with tempfile.TemporaryDirectory() as tmp:
    zh_renders = [("monthly-briefing.yaml", ["--period", "2025-03"]),
                  ("zone-jianbao.yaml", ["--period", "2025-03"])]
    for zone, clusters in (("liangjiang", "chongqing"), ("binhai", "binhai"),
                           ("chengdu_chongqing", "chongqing"), ("chongqing_dz", "chongqing")):
        zh_renders.append(("zone-profile.yaml",
                           ["--set", "zone=" + zone, "--set", "clusters=" + clusters]))
    for name, args in zh_renders:
        pdf = render(tmp, name, "--lang", "zh", *args)
        words = set(LATIN.findall(text(pdf))) - allowed
        check(not words, "%s %s --lang zh shows English: %s" % (name, " ".join(args),
                                                               sorted(words)[:20]))
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        title = re.search(r"Title:\s+(.*)", info)
        check(title and not LATIN.search(title.group(1)),
              "%s: the PDF's title is not Chinese: %s" % (name, title and title.group(1)))

    # Three periods, three headers and timelines.
    seen = {}
    for period, label, event in (("2025-03", "2025年3月", "《重庆市开发区条例》施行"),
                                 ("2022-05", "2022年5月", "国家发展改革委"),
                                 ("2021-03", "2021年3月", "极米科技登陆科创板")):
        pdf = render(tmp, "monthly-briefing.yaml", "--lang", "zh", "--period", period)
        head = text(pdf, 3)
        check("月度简报 · " + label in head, "%s: header lacks 月度简报 · %s" % (period, label))
        check("本期要目（%s）" % label in head, "%s: no 本期要目（%s）" % (period, label))
        page = re.sub(r"\s+", "", text(pdf, 3))
        check(label + "政策动态" in page, "%s: no timeline for %s" % (period, label))
        # The timeline runs from its heading to the next section's (两江新区,
        # which goes on on the same page: break: auto); both titles are
        # also items of the 本期要目 above it, so its heading is the last.
        start = page.rfind(label + "政策动态")
        end = page.find("两江新区", start + 1)
        timeline = page[start:end if end > start else None]
        check(event in timeline, "%s: timeline lacks %s" % (period, event))
        years = set(re.findall(r"(20\d\d)年\d+月\d+日", timeline))
        check(years <= {period[:4]}, "%s: timeline shows other years' events: %s" % (period, years))
        seen[period] = timeline
    check(len(set(seen.values())) == 3, "three periods did not give three timelines")

def page_fill(pdf, top_mm, bottom_mm, page_h=842.0):
    """The share of each page's content box its text reaches down to."""
    top, bottom = top_mm * 72 / 25.4, page_h - bottom_mm * 72 / 25.4
    xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True,
                         text=True).stdout
    fills = []
    for body in re.findall(r"<page [^>]*>(.*?)</page>", xml, re.S):
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body) if top < float(y) < bottom]
        fills.append(((max(bottoms) - top) / (bottom - top)) if bottoms else 0.0)
    return fills


# Every shipped template whose sections run on (break: auto), in both
# languages: the first body page, and the type area's top and bottom margins
# in millimetres (the report's 25/25, GB/T 9704's 37/35 for the 简报).
runs = [("monthly-briefing.yaml", 3, 25, 25, ("--period", "2025-03")),
        ("zone-profile.yaml", 2, 25, 25, ()),
        ("zone-profile.yaml", 2, 25, 25, ("--set", "zone=binhai", "--set", "clusters=binhai")),
        ("zone-jianbao.yaml", 1, 37, 35, ("--period", "2025-03"))]
with tempfile.TemporaryDirectory() as tmp:
    for name, first, top_mm, bottom_mm, args in runs:
        for lang in ("en", "zh"):
            pdf = render(tmp, name, "--lang", lang, *args)
            fills = page_fill(pdf, top_mm, bottom_mm)
            check(len(fills) > first, "%s %s: only %d pages" % (name, lang, len(fills)))
            # No page but the last is less than a third full: a section
            # that ends high on a page leaves the rest to the next one.
            for page in range(first, len(fills)):
                check(fills[page - 1] >= 1 / 3,
                      "%s %s %s: page %d of %d is %.0f%% full" %
                      (name, " ".join(args), lang, page, len(fills), fills[page - 1] * 100))

for f in failures:
    print("FAIL:", f)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
