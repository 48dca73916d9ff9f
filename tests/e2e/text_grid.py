#!/usr/bin/env python3
"""Checks a body page's grid: text_grid.py PDF PAGE LINES CHARS

Passes when page PAGE holds LINES lines of text inside the type area (the
page number below it is left out) and its longest line has CHARS
characters, spaces not counted (pdftotext -bbox-layout)."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"
BOTTOM_MM = 262.5  # 37 mm + 225 mm: the type area's bottom edge


def main():
    pdf, page, lines, chars = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    run = subprocess.run(["pdftotext", "-bbox-layout", "-f", page, "-l", page, pdf, "-"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print("page %s: pdftotext failed: %s" % (page, run.stderr.strip()[:200]))
        return 1
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", run.stdout))
    found = []
    for line in root.iter(NS + "line"):
        if float(line.get("yMax")) * 25.4 / 72 > BOTTOM_MM:
            continue
        found.append("".join(w.text or "" for w in line.iter(NS + "word")))
    longest = max((len(t) for t in found), default=0)
    if len(found) != lines or longest != chars:
        print("page %s: %d lines, the longest %d characters; expected %d and %d: %s" %
              (page, len(found), longest, lines, chars, " | ".join(found)[:300]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
