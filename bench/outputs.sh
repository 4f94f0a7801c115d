#!/usr/bin/env bash
# Builds every sample and fixture with the folio binary $1 into the folder $2 (screen PDF, EPUB,
# print PDF, web page and cite files; the annual of tests/fixtures/annual and a two-explainer
# collection in every format; the samples' site and the annual fixture's site; `check` findings
# as JSON), so two builds of folio can be compared byte for byte:
#   bench/outputs.sh old/folio /tmp/a && bench/outputs.sh target/release/folio /tmp/b && diff -r /tmp/a /tmp/b
set -u
bin=$(realpath "$1"); out=$2
rm -rf "$out"; mkdir -p "$out"
cd "$(dirname "$0")/.."
"$bin" build -q samples/*.md -f pdf,epub,print,html,cite --out "$out/samples" 2>"$out/samples.log"
"$bin" build -q tests/fixtures/ok/*.md -f pdf,epub,print,html,cite --out "$out/ok" 2>"$out/ok.log"
"$bin" build -q tests/fixtures/lang/*.md -f pdf,epub,html,cite --out "$out/lang" 2>"$out/lang.log"
"$bin" build -q --saddle-stitch -f print samples/cwa-1990-torkham-crossing.md --out "$out/saddle" 2>"$out/saddle.log"
"$bin" annual tests/fixtures/annual --year 2025 -f pdf,epub,print,html --out "$out/annual" -q 2>"$out/annual.log"
"$bin" collection samples/cwa-1975-pakistan-taliban-peace-talks.md samples/cwa-1990-torkham-crossing.md \
  --title "Two Pieces" --editor "A Editor" -f pdf,epub,print,html --out "$out/collection" -q 2>"$out/collection.log"
"$bin" site samples --out "$out/site-samples" -q 2>"$out/site-samples.log"
"$bin" site tests/fixtures/annual --out "$out/site-annual" -q 2>"$out/site-annual.log"
"$bin" check samples tests/fixtures/check --format json >"$out/check.json" 2>/dev/null
"$bin" check samples tests/fixtures/check 2>"$out/check.txt"
rm -f "$out"/*/.folio-cache
sed -i "s#$out#OUT#g" "$out"/*.log "$out"/check.txt
