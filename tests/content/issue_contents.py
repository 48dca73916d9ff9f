#!/usr/bin/env python3
"""Checks that the 本期要目 / "In this issue" block of the shipped monthly
briefing is made from the briefing itself:

- in English and in Chinese, its numbered items are the titles (title /
  title_zh, period filled in) of the sections that follow it in
  templates/monthly-briefing.yaml, in order, less the ids its `skip` option
  names, as pdftotext reads them;
- with one section taken out of a copy of the template, the block lists
  one item fewer, and not that section's title.

Usage: issue_contents.py BRIEFKIT SOURCE_DIR"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

bk, src = sys.argv[1], os.path.abspath(sys.argv[2])
data = os.path.join(src, "samples", "data")
template = os.path.join(src, "templates", "monthly-briefing.yaml")
LABELS = {"{{ period.label }}": "March 2025", "{{ period.label_zh }}": "2025年3月"}
ZH_NUMBERS = "一二三四五六七八九十"
failures = []
checks = 0


def check(ok, msg):
    global checks
    checks += 1
    if not ok:
        failures.append(msg)


def expected(tpl, zh):
    """The titles of the sections after the issue_contents one, less skip."""
    sections = tpl["sections"]
    at = next(i for i, s in enumerate(sections) if s["plugin"] == "issue_contents")
    skip = set((sections[at].get("options") or {}).get("skip") or [])
    titles = []
    for s in sections[at + 1:]:
        if s.get("id") in skip:
            continue
        title = (s.get("title_zh") if zh else None) or s.get("title") or ""
        for k, v in LABELS.items():
            title = title.replace(k, v)
        check("{{" not in title, "unexpanded variable in %r" % title)
        if title:
            titles.append(title)
    heading = sections[at]["title_zh" if zh else "title"]
    for k, v in LABELS.items():
        heading = heading.replace(k, v)
    return heading, titles


def rendered(tpl_path, zh, *args):
    """The numbered items under the block's heading, as pdftotext reads them."""
    out = os.path.join(tmp, "out-%d.pdf" % len(os.listdir(tmp)))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1740787200")
    lang = ["--lang", "zh"] if zh else []
    subprocess.run([bk, "render", "-q", tpl_path, "--period", "2025-03", *lang, *args,
                    "-o", out], check=True, env=env)
    lines = [l.strip() for l in subprocess.run(["pdftotext", out, "-"], check=True,
                                               capture_output=True, text=True).stdout.split("\n")]
    return lines


def items_after(lines, heading, zh):
    """The items under the heading; the contents page lists the heading
    too, followed by a page number, so the block is the occurrence that
    numbered items follow."""
    pattern = re.compile(r"^([%s]+)、(.+)$" % ZH_NUMBERS if zh else r"^(\d+)\. (.+)$")
    for at in (i for i, line in enumerate(lines) if line == heading):
        rest = [line for line in lines[at + 1:] if line]
        items = []
        for line in rest:
            m = pattern.match(line)
            if not m:
                break
            number = ZH_NUMBERS.index(m.group(1)) + 1 if zh else int(m.group(1))
            check(number == len(items) + 1, "item %r is numbered out of order" % line)
            items.append(m.group(2))
        if items:
            return items
    return None


with open(template, encoding="utf-8") as f:
    tpl = yaml.safe_load(f)

with tempfile.TemporaryDirectory() as tmp:
    for zh in (False, True):
        heading, want = expected(tpl, zh)
        got = items_after(rendered(template, zh), heading, zh)
        check(got == want, "%s: the block lists %r, expected %r" % ("zh" if zh else "en", got, want))
        check(len(want) >= 5, "%s: only %d sections expected" % ("zh" if zh else "en", len(want)))

    # One section fewer: the same template without the Binhai zone overview.
    cut = dict(tpl)
    gone = next(s for s in tpl["sections"] if s.get("id") == "binhai")
    cut["sections"] = [s for s in tpl["sections"] if s is not gone]
    cut["data"] = [os.path.join(data, os.path.basename(d)) for d in tpl["data"]]
    cut_path = os.path.join(tmp, "cut.yaml")
    with open(cut_path, "w", encoding="utf-8") as f:
        yaml.safe_dump(cut, f, allow_unicode=True, sort_keys=False)
    for zh in (False, True):
        heading, want_all = expected(tpl, zh)
        _, want = expected(cut, zh)
        got = items_after(rendered(cut_path, zh, "--allow-path", data), heading, zh)
        title = gone["title_zh" if zh else "title"]
        check(got == want, "%s, without binhai: the block lists %r, expected %r"
              % ("zh" if zh else "en", got, want))
        check(got is not None and len(got) == len(want_all) - 1 and title not in got,
              "%s, without binhai: %r still lists %s" % ("zh" if zh else "en", got, title))

for msg in failures:
    print("FAIL:", msg)
print("%d passed, %d failed" % (checks - len(failures), len(failures)))
sys.exit(1 if failures else 0)
