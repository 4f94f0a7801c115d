#!/usr/bin/env python3
"""Subset fonts against whole fonts, as a reader sees them: screenshots in headless Chromium.

Usage: python3 bench/subset_pixels.py BOOK.epub...   (needs chromium, `pip install fonttools
pillow`)

For each EPUB folio built, makes a copy whose fonts are the whole bundled fonts they were cut
from (matched by family name, weight and italic), renders every XHTML file of both at a phone
width (420 px) and a desktop width (900 px), and prints a Markdown table of the pixels that
differ. Chromium waits for the fonts (virtual time), so a whole font that loads slowly is not
mistaken for a difference. tests/it/subset.rs checks shaping glyph by glyph on every build; this
shows what a reader's screen makes of it, rasteriser and hinting included.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", "--virtual-time-budget=10000"]


def identity(path):
    font = TTFont(path, lazy=True)
    name = font["name"].getDebugName(1)
    return name, font["OS/2"].usWeightClass, bool(font["head"].macStyle & 2)


def whole_fonts():
    folder = os.path.join(ROOT, "fonts")
    return {identity(os.path.join(folder, f)): os.path.join(folder, f)
            for f in sorted(os.listdir(folder)) if f.endswith((".ttf", ".otf"))}


def screenshot(page, width, out):
    profile = tempfile.mkdtemp()
    subprocess.run(CHROMIUM + [f"--user-data-dir={profile}", f"--window-size={width},5000",
                               f"--screenshot={out}", "file://" + page],
                   capture_output=True, check=True)
    shutil.rmtree(profile, ignore_errors=True)


def differing(a, b):
    diff = ImageChops.difference(Image.open(a).convert("RGB"), Image.open(b).convert("RGB"))
    mask = diff.convert("L").point(lambda v: 255 if v else 0)
    return mask.histogram()[255], diff.size[0] * diff.size[1]


def main():
    whole = whole_fonts()
    print("| EPUB | file | width | pixels differing | of |")
    print("|---|---|---:|---:|---:|")
    for epub in sys.argv[1:]:
        work = tempfile.mkdtemp()
        for variant in ("subset", "whole"):
            zipfile.ZipFile(epub).extractall(os.path.join(work, variant))
        fonts = os.path.join(work, "whole", "OEBPS", "fonts")
        for name in (n for n in os.listdir(fonts) if n.endswith((".ttf", ".otf"))):
            shutil.copyfile(whole[identity(os.path.join(fonts, name))], os.path.join(fonts, name))
        pages = sorted(f for f in os.listdir(os.path.join(work, "subset", "OEBPS"))
                       if f.endswith(".xhtml") and f != "cover.xhtml")
        for page in pages:
            for width in (420, 900):
                shots = []
                for variant in ("subset", "whole"):
                    shot = os.path.join(work, f"{variant}-{page}-{width}.png")
                    screenshot(os.path.join(work, variant, "OEBPS", page), width, shot)
                    shots.append(shot)
                n, total = differing(*shots)
                print(f"| {os.path.basename(epub)} | {page} | {width} | {n} | {total} |")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
