#!/usr/bin/env python3
"""Checks that a line of text sits where the standard puts it.

    text_box.py PDF PAGE X0 Y0 X1 Y1 TEXT...

Reads `pdftotext -bbox-layout` of page PAGE and passes when a line whose
words, joined without spaces, contain TEXT (its spaces removed too) lies
inside the box X0..X1, Y0..Y1 (millimetres from the page's top left corner).
On failure it prints where the text was found instead."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

PT_PER_MM = 72 / 25.4


def main():
    pdf, page = sys.argv[1], sys.argv[2]
    x0, y0, x1, y1 = (float(v) for v in sys.argv[3:7])
    want = "".join(" ".join(sys.argv[7:]).split())
    run = subprocess.run(["pdftotext", "-bbox-layout", "-f", page, "-l", page, pdf, "-"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print("page %s: pdftotext failed: %s" % (page, run.stderr.strip()[:200]))
        return 1
    xml = run.stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    root = ET.fromstring(xml)
    seen = []
    for line in root.iter("{http://www.w3.org/1999/xhtml}line"):
        words = list(line.iter("{http://www.w3.org/1999/xhtml}word"))
        text = "".join(w.text or "" for w in words)
        if want not in text:
            continue
        box = [float(line.get(k)) / PT_PER_MM for k in ("xMin", "yMin", "xMax", "yMax")]
        if box[0] >= x0 - 0.5 and box[1] >= y0 - 0.5 and box[2] <= x1 + 0.5 and box[3] <= y1 + 0.5:
            return 0
        seen.append("%r at x %.1f-%.1f mm, y %.1f-%.1f mm" % (text, box[0], box[2], box[1], box[3]))
    print("page %s: no line holding %r within x %g-%g mm, y %g-%g mm; %s" %
          (page, want, x0, x1, y0, y1, "; ".join(seen) if seen else "not found on the page"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
