#!/usr/bin/env bash
# Builds every sample and fixture with the folio binary $1 into the folder $2 (screen PDF, EPUB,
# print PDF; the annual of tests/fixtures/annual; a two-explainer collection; `check` findings
# as JSON), so two builds of folio can be compared byte for byte:
#   bench/outputs.sh old/folio /tmp/a && bench/outputs.sh target/release/folio /tmp/b && diff -r /tmp/a /tmp/b
set -u
bin=$(realpath "$1"); out=$2
rm -rf "$out"; mkdir -p "$out"
cd "$(dirname "$0")/.."
"$bin" build -q samples/*.md --out "$out/samples" 2>"$out/samples.log"
"$bin" build -q tests/fixtures/ok/*.md --out "$out/ok" 2>"$out/ok.log"
"$bin" build -q --saddle-stitch -f print samples/cwa-1990-torkham-crossing.md --out "$out/saddle" 2>"$out/saddle.log"
"$bin" annual tests/fixtures/annual --year 2025 --out "$out/annual" -q 2>"$out/annual.log"
"$bin" collection samples/cwa-1975-pakistan-taliban-peace-talks.md samples/cwa-1990-torkham-crossing.md \
  --title "Two Pieces" --editor "A Editor" --out "$out/collection" -q 2>"$out/collection.log"
"$bin" check samples tests/fixtures/check --format json >"$out/check.json" 2>/dev/null
rm -f "$out"/*/.folio-cache
