#!/usr/bin/env python3
"""Writes N realistic explainers for benchmarking folio (and pandoc) on the same sources.

Usage: bench/gen_corpus.py N DIR [--seed S]

Each explainer has 800-3000 words, 2-12 references, 1-3 authors (some with Arabic-script or
Devanagari names), a lede and 3-6 numbered questions; about a third have a hero image (an SVG)
and about half have footnotes; some have a table. Deterministic for a given seed.
"""
import os
import random
import sys

WORDS = (
    "the talks border security ceasefire mediation region governance militant groups territory "
    "sovereignty dialogue enforcement trust deficit settlement diplomatic engagement cooperation "
    "verification trade transit water treaty rivers infrastructure policy analysts officials "
    "negotiations pressure economic strategic interests stability escalation framework regional "
    "neighbours agreement implementation monitoring credibility institutions capacity reform"
).split()
NAMES = ["Lekshmi MK", "R Preetha", "Padmashree Anandhan", "Farah Naz (فرح ناز)",
         "Rohan Mehta (रोहन मेहता)", "Ayan Datta", "Abhiruchi Chowdhury", "Binod Khanal"]
PUBLISHERS = ["Reuters", "The Hindu", "Dawn", "Al Jazeera", "The News International"]

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="700" viewBox="0 0 1600 700">
<rect width="1600" height="700" fill="#e9dfcf"/>
<path d="M0 300 C400 200 800 450 1600 280 L1600 700 L0 700 Z" fill="#b9a27c"/>
<circle cx="1200" cy="200" r="90" fill="#6d1a2a"/></svg>
"""


def sentence(rng):
    n = rng.randint(8, 22)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences):
    return " ".join(sentence(rng) for _ in range(sentences))


def explainer(rng, i):
    words_target = rng.randint(800, 3000)
    authors = rng.sample(NAMES, rng.randint(1, 3))
    refs = rng.randint(2, 12)
    year_day = 1 + (i * 7) % 365
    month = 1 + (year_day - 1) // 31 % 12
    day = 1 + (year_day - 1) % 28
    lines = ["---", f'title: "Explainer {i}: {sentence(rng)[:60].rstrip(".")}"',
             f'subtitle: "{sentence(rng)[:70].rstrip(".")}"', "kind: PR Explainer",
             "series: CWA", f"number: {2000 + i}", f"date: 2025-{month:02d}-{day:02d}",
             "authors:"]
    for a in authors:
        lines += [f'  - name: "{a}"', f'    bio: "{a} {paragraph(rng, 2)}"']
    lines.append("keywords: [Pakistan, Afghanistan, Durand Line, security]")
    if i % 3 == 0:
        lines += ["image:", "  src: hero.svg", '  alt: "An abstract landscape in the brand colours."',
                  "  credit: NIAS design desk"]
    lines.append("references:")
    for r in range(refs):
        lines += [f'  - author: "{rng.choice(NAMES)}"', f'    title: "{sentence(rng).rstrip(".")}"',
                  f"    publisher: {rng.choice(PUBLISHERS)}", f"    date: 2025-{month:02d}-{day:02d}",
                  f"    url: https://example.org/news/{i}/{r}-{rng.randint(1000, 9999)}"]
    lines += ["---", ""]
    body = [paragraph(rng, 4), ""]
    count = len(body[0].split())
    notes = []
    q = 0
    while count < words_target:
        q += 1
        body += [f"## {sentence(rng).rstrip('.')}?", ""]
        for _ in range(rng.randint(2, 4)):
            p = paragraph(rng, rng.randint(3, 7))
            if i % 2 == 0 and rng.random() < 0.3:
                n = len(notes) + 1
                p += f"[^{n}]"
                notes.append(f"[^{n}]: {sentence(rng)}")
            body += [p, ""]
            count += len(p.split())
        if q == 2 and i % 4 == 1:
            body += ["| Round | Venue | Outcome |", "|---|---|---|",
                     "| 1 | Doha | ceasefire |", "| 2 | Istanbul | deadlock |", ""]
    return "\n".join(lines + body + notes) + "\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1975
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "hero.svg"), "w") as f:
        f.write(SVG)
    for i in range(1, n + 1):
        with open(os.path.join(out, f"cwa-{2000 + i}.md"), "w") as f:
            f.write(explainer(rng, i))


if __name__ == "__main__":
    main()
