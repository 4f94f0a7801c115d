#!/usr/bin/env python3
"""folio's benchmark: one run, one corpus, folio against pandoc. Prints a Markdown table.

Usage: python3 bench/run.py [N]   (default N = 200; needs a release build and, for the pandoc
rows, `pip install pypandoc-binary typst`)

Measures whole processes (what a user waits for), median of several runs for the small cases:
  - folio, one explainer, PDF + EPUB + print
  - folio, N explainers x 3 formats: cold, unchanged rebuild, one source changed
  - pandoc 3 on the same N explainers: Markdown -> EPUB, and Markdown -> typst -> PDF (the
    `typst` PyPI package compiles), with the same number of workers as folio
  - pandoc, one explainer, EPUB + PDF
  - folio annual of the first 100 explainers: all three formats, and the screen PDF alone
Peak RSS comes from /usr/bin/time -v. pandoc's copy of the corpus has `keywords` removed:
pandoc 3.9's typst template pastes them unquoted, so "Durand Line" breaks its compile.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work")
FOLIO = os.path.join(ROOT, "target", "release", "folio")
JOBS = os.cpu_count() or 1


def run(cmd, **kw):
    """Runs cmd; returns (seconds, peak RSS in MB)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - t
    rss = int(p.stderr.strip().splitlines()[-1]) / 1024
    if p.returncode not in (0,):
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return elapsed, rss


def median_run(cmd, times=7):
    results = [run(cmd) for _ in range(times)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def median_run_fresh(cmd, folder, times=3):
    """The median of `times` runs of `cmd`, `folder` (its output) deleted before each."""
    results = []
    for _ in range(times):
        shutil.rmtree(folder, ignore_errors=True)
        results.append(run(cmd))
    results.sort()
    return results[len(results) // 2]


def pandoc_paths():
    import pypandoc
    import typst  # noqa: F401
    return pypandoc.get_pandoc_path()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    if not os.path.exists(FOLIO):
        sys.exit("build first: cargo build --release")
    shutil.rmtree(WORK, ignore_errors=True)
    corpus = os.path.join(WORK, "corpus")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_corpus.py"), str(n), corpus], check=True)
    sources = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".md"))
    one = sources[0]
    out = os.path.join(WORK, "out")
    rows = []

    t, rss = median_run([FOLIO, "build", one, "--quiet", "--force", "--out", os.path.join(WORK, "one")])
    rows.append(("folio: 1 explainer → PDF + EPUB + print", t, rss))
    t, rss = run([FOLIO, "build", corpus, "--quiet", "--out", out])
    cold = t
    rows.append((f"folio: {n} explainers × 3 formats, cold ({JOBS} workers)", t, rss))
    t, rss = median_run([FOLIO, "build", corpus, "--quiet", "--out", out], times=5)
    rows.append((f"folio: {n} × 3, unchanged rebuild", t, rss))
    with open(sources[n // 2], "a") as f:
        f.write("\nOne more paragraph.\n")
    t, rss = run([FOLIO, "build", corpus, "--quiet", "--out", out])
    rows.append((f"folio: {n} × 3, one source changed", t, rss))
    # typst's layout floor: the screen PDF alone, every explainer.
    t, rss = run([FOLIO, "build", corpus, "--quiet", "--force", "-f", "pdf", "--out", out])
    folio_pdf = t
    rows.append((f"folio: {n} → screen PDF only (typst layout + export)", t, rss))
    t, rss = run([FOLIO, "build", corpus, "--quiet", "--force", "-f", "epub", "--out", out])
    folio_epub = t
    rows.append((f"folio: {n} → EPUB only", t, rss))

    # The web edition (issue #15): the series as a site, pages only and with every download.
    with open(os.path.join(corpus, "folio.toml"), "w") as f:
        f.write('[site]\nbase_url = "https://explainers.example.org/"\ntitle = "Bench"\n')
    site = os.path.join(WORK, "site")
    t, rss = median_run_fresh([FOLIO, "site", corpus, "-f", "html", "--quiet", "--out", site], site, times=3)
    rows.append((f"folio site: {n} explainers, HTML only, cold", t, rss))
    t, rss = median_run([FOLIO, "site", corpus, "-f", "html", "--quiet", "--out", site], times=5)
    rows.append((f"folio site: {n}, HTML only, unchanged", t, rss))
    with open(sources[n // 3], "a") as f:
        f.write("\nAnother paragraph.\n")
    t, rss = run([FOLIO, "site", corpus, "-f", "html", "--quiet", "--out", site])
    rows.append((f"folio site: {n}, HTML only, one source changed", t, rss))
    shutil.rmtree(site)
    t, rss = run([FOLIO, "site", corpus, "--quiet", "--out", site])
    rows.append((f"folio site: {n} with PDF, EPUB and print downloads, cold", t, rss))
    t, rss = run([FOLIO, "build", corpus, "--quiet", "--force", "-f", "pdf", "-f", "epub", "-f", "print",
                  "-f", "html", "--out", os.path.join(WORK, "web-build")])
    rows.append((f"folio build: {n} → PDF + EPUB + print + HTML, cold (the site's yardstick)", t, rss))

    # The annual compilation (issue #8): one book of the first 100 explainers (all of 2025).
    k = min(n, 100)
    acorpus = os.path.join(WORK, "annual-corpus")
    os.makedirs(acorpus)
    shutil.copy(os.path.join(corpus, "hero.svg"), acorpus)
    for s in sources[:k]:
        shutil.copy(s, acorpus)
    aout = os.path.join(WORK, "annual-out")
    t, rss = run([FOLIO, "annual", acorpus, "--year", "2025", "--quiet", "--out", aout])
    pages = subprocess.run(["pdfinfo", os.path.join(aout, "annual-2025.pdf")], capture_output=True, text=True).stdout
    pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
    rows.append((f"folio: annual of {k} explainers → PDF ({pages} pages) + EPUB + print", t, rss))
    t, rss = run([FOLIO, "annual", acorpus, "--year", "2025", "--quiet", "-f", "pdf", "--out", aout])
    rows.append((f"folio: annual of {k} → screen PDF only", t, rss))

    try:
        pandoc = pandoc_paths()
    except ImportError:
        pandoc = None
    ratios = []
    if pandoc:
        pcorpus = os.path.join(WORK, "pandoc-corpus")
        os.makedirs(pcorpus)
        shutil.copy(os.path.join(corpus, "hero.svg"), pcorpus)
        for s in sources:
            text = open(s).read()
            text = re.sub(r"^keywords:.*\n", "", text, flags=re.M)
            open(os.path.join(pcorpus, os.path.basename(s)), "w").write(text)
        psources = sorted(os.path.join(pcorpus, f) for f in os.listdir(pcorpus) if f.endswith(".md"))
        pout = os.path.join(WORK, "pandoc-out")
        os.makedirs(pout)

        def to_epub(src):
            dst = os.path.join(pout, os.path.basename(src)[:-3] + ".epub")
            subprocess.run([pandoc, src, "-o", dst, "--resource-path", pcorpus], check=True, capture_output=True)

        def to_pdf(src):
            # typst wants the .typ inside its root, beside the images.
            typ = src[:-3] + ".typ"
            pdf = os.path.join(pout, os.path.basename(src)[:-3] + ".pdf")
            subprocess.run([pandoc, src, "-s", "-t", "typst", "-o", typ], check=True, capture_output=True)
            subprocess.run([sys.executable, "-c",
                            "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3])",
                            typ, pdf, pcorpus], check=True, capture_output=True)

        def timed_pool(fn):
            t = time.perf_counter()
            with ThreadPoolExecutor(JOBS) as pool:
                list(pool.map(fn, psources))
            return time.perf_counter() - t

        pe = timed_pool(to_epub)
        rows.append((f"pandoc: {n} → EPUB ({JOBS} workers)", pe, None))
        pp = timed_pool(to_pdf)
        rows.append((f"pandoc: {n} → typst → PDF ({JOBS} workers)", pp, None))
        t = time.perf_counter()
        for _ in range(3):
            to_epub(psources[0])
            to_pdf(psources[0])
        p_one = (time.perf_counter() - t) / 3
        rows.append(("pandoc: 1 explainer → EPUB + PDF", p_one, None))
        ratios = [
            ("EPUB, N explainers: pandoc / folio", pe / folio_epub),
            ("PDF, N explainers: pandoc→typst / folio", pp / folio_pdf),
            ("1 explainer: pandoc EPUB+PDF / folio PDF+EPUB+print", p_one / rows[0][1]),
            ("all 3 formats cold / pandoc EPUB + PDF (N)", cold / (pe + pp)),
        ]

    # EPUB sizes (issue #18): the samples, the annual fixture, and this run's annual.
    sizes = []
    sout = os.path.join(WORK, "sizes")
    subprocess.run([FOLIO, "build", os.path.join(ROOT, "samples"), "--quiet", "-f", "epub", "--out", sout],
                   check=True)
    for f in sorted(os.listdir(sout)):
        if f.endswith(".epub"):
            sizes.append((f"samples/{f}", os.path.getsize(os.path.join(sout, f))))
    subprocess.run([FOLIO, "annual", os.path.join(ROOT, "tests", "fixtures", "annual"), "--year", "2025",
                    "--quiet", "-f", "epub", "--out", sout], check=True)
    sizes.append(("tests/fixtures/annual → annual-2025.epub", os.path.getsize(os.path.join(sout, "annual-2025.epub"))))
    sizes.append((f"annual of {k} generated explainers", os.path.getsize(os.path.join(aout, "annual-2025.epub"))))

    print(f"| case | seconds | peak RSS (MB) |\n|---|---:|---:|")
    for name, t, rss in rows:
        print(f"| {name} | {t:.3f} | {'' if rss is None else f'{rss:.0f}'} |")
    if ratios:
        print("\n| ratio | × |\n|---|---:|")
        for name, r in ratios:
            print(f"| {name} | {r:.1f} |")
    print("\n| EPUB | KB |\n|---|---:|")
    for name, size in sizes:
        print(f"| {name} | {size / 1000:.0f} |")


if __name__ == "__main__":
    main()
