#!/usr/bin/env python3
"""Checks which face draws some characters: font_chars.py PDF yes|no FACE TEXT

Reads the ToUnicode map of every font of face FACE (pdffonts' name without
its subset tag, e.g. WenQuanYiMicroHei) and passes, with "yes", when the
map gives every character of TEXT, and with "no" when it gives none of them.
A font's map holds the characters of the glyphs its pages show (cairo and
briefkit's own fonts both write one per glyph used), so this tells which
face a character was drawn with."""
import os
import re
import subprocess
import sys
import tempfile


def objects(pdf):
    """The PDF's objects, uncompressed (qpdf --qdf), by number."""
    with tempfile.TemporaryDirectory() as d:
        flat = os.path.join(d, "flat.pdf")
        run = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, flat],
                             capture_output=True, text=True)
        if run.returncode not in (0, 3):  # 3: warnings only
            raise SystemExit("qpdf failed: " + run.stderr.strip()[:200])
        data = open(flat, "rb").read().decode("latin-1")
    return {int(m.group(1)): m.group(2)
            for m in re.finditer(r"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S)}


def utf16(hexdigits):
    return bytes.fromhex(hexdigits).decode("utf-16-be", "replace")


def mapped(cmap):
    """The characters a ToUnicode CMap maps codes to."""
    chars = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for _, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            chars.update(utf16(dst))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for dsts in re.findall(r"\[([^\]]*)\]", block):  # <lo> <hi> [<dst> ...]
            for dst in re.findall(r"<([0-9A-Fa-f]+)>", dsts):
                chars.update(utf16(dst))
        block = re.sub(r"\[[^\]]*\]", "", block)
        for lo, hi, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = utf16(dst)
            for k in range(int(hi, 16) - int(lo, 16) + 1):
                chars.add(first[:-1] + chr(ord(first[-1]) + k))
    return chars


def main():
    pdf, want, face = sys.argv[1], sys.argv[2], sys.argv[3]
    text = "".join(sys.argv[4:]).replace(" ", "")
    objs = objects(pdf)
    chars, seen = set(), False
    for body in objs.values():
        name = re.search(r"/BaseFont /(?:[A-Z]{6}\+)?([^\s/]+)", body)
        tu = re.search(r"/ToUnicode (\d+) 0 R", body)
        if name and tu and name.group(1) == face:
            seen = True
            chars |= mapped(objs.get(int(tu.group(1)), ""))
    if not seen:
        print("no font of face %s with a ToUnicode map" % face)
        return 1
    has = [c for c in text if c in chars]
    if want == "yes" and len(has) != len(text):
        print("%s does not draw %s" % (face, "".join(c for c in text if c not in chars)))
        return 1
    if want == "no" and has:
        print("%s draws %s" % (face, "".join(has)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
