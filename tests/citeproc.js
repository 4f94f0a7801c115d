#!/usr/bin/env node
// An independent CSL processor for the tests: citeproc-js (npm's `citeproc`, the processor
// Zotero uses) formats the same items with the same style, so folio's reference lists
// (formatted by hayagriva) can be compared with another implementation's text.
//
//   NODE_PATH=.ci/node_modules node tests/citeproc.js STYLE.csl LOCALE_DIR ITEMS.json [CITES.json]
//
// STYLE.csl   a CSL 1.0.x style (XML).
// LOCALE_DIR  a folder of CSL locale files named locales-<lang>.xml.
// ITEMS.json  a JSON array of CSL-JSON items, each with an `id`.
// CITES.json  optional: a JSON array of citations in document order, each an array of
//             { "id": ..., "locator": "4", "label": "page", "prefix": "see ", "suffix": "" }.
//
// Prints one JSON object: {"bibliography": ["entry", ...], "citations": ["(Ali 2025)", ...]},
// in citeproc-js's "text" output format. The bibliography holds every item of ITEMS.json, cited
// or not, in the style's order; each entry is trimmed, with inner whitespace runs collapsed to
// one space (so a numeric style's "[1]" and its text become "[1] text"). Citations come in
// CITES.json's order, each in its final form (after every later citation and every uncited item
// has been registered: year suffixes, numbers, disambiguation).
//
// Numbering for styles without a bibliography sort (numeric styles): cited items by first
// citation, then the uncited ones in ITEMS.json's order.
//
// The engine's locale: $CITEPROC_LANG if set, else the items' common `language` if they all
// have the same one, else en-US. It is forced over the style's default-locale.
//
// Any error: a message on stderr and exit status 1.
"use strict";

const fs = require("fs");
const path = require("path");

function fail(message) {
  process.stderr.write("citeproc.js: " + message + "\n");
  process.exit(1);
}

function readJson(file, what) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    fail(`cannot read ${what} ${file}: ${e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    fail(`${what} ${file} is not JSON: ${e.message}`);
  }
}

// Trim, and collapse runs of ASCII whitespace (spaces, tabs, the newlines of display="block")
// to one space. Non-breaking and other Unicode spaces are kept as they are: they are part of
// what the style and locale produce.
function tidy(text) {
  return String(text).replace(/[ \t\n\r\f\v]+/g, " ").trim();
}

function main(argv) {
  if (argv.length < 3 || argv.length > 4) {
    fail("usage: node tests/citeproc.js STYLE.csl LOCALE_DIR ITEMS.json [CITES.json]");
  }
  const [stylePath, localeDir, itemsPath, citesPath] = argv;

  let CSL;
  try {
    CSL = require("citeproc");
  } catch (e) {
    fail("cannot load the npm package citeproc (set NODE_PATH=.ci/node_modules; .ci/run installs it): " + e.message);
  }

  let style;
  try {
    style = fs.readFileSync(stylePath, "utf8");
  } catch (e) {
    fail(`cannot read style ${stylePath}: ${e.message}`);
  }
  // citeproc-js's own XML reader is lenient: a truncated style loads and formats nothing.
  if (!/<style\b/.test(style) || !/<\/style>\s*$/.test(style)) {
    fail(`${stylePath} is not a CSL style (no <style> element, or not closed)`);
  }

  let localeFiles;
  try {
    localeFiles = fs.readdirSync(localeDir).filter((f) => /^locales-.+\.xml$/.test(f)).sort();
  } catch (e) {
    fail(`cannot read locale folder ${localeDir}: ${e.message}`);
  }
  if (localeFiles.length === 0) {
    fail(`no CSL locale (locales-*.xml) in ${localeDir}`);
  }

  const items = readJson(itemsPath, "items");
  if (!Array.isArray(items)) {
    fail(`${itemsPath}: expected a JSON array of CSL-JSON items`);
  }
  const byId = new Map();
  const ids = [];
  items.forEach((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      fail(`${itemsPath}: item ${i} is not an object`);
    }
    if (item.id === undefined || item.id === null || item.id === "") {
      fail(`${itemsPath}: item ${i} has no id`);
    }
    const id = String(item.id);
    if (byId.has(id)) {
      fail(`${itemsPath}: duplicate id ${JSON.stringify(id)}`);
    }
    byId.set(id, Object.assign({}, item, { id }));
    ids.push(id);
  });

  let cites = [];
  if (citesPath !== undefined) {
    cites = readJson(citesPath, "citations");
    if (!Array.isArray(cites)) {
      fail(`${citesPath}: expected a JSON array of citations`);
    }
    cites.forEach((cite, i) => {
      if (!Array.isArray(cite) || cite.length === 0) {
        fail(`${citesPath}: citation ${i} is not a non-empty array of cites`);
      }
      cite.forEach((c, j) => {
        if (c === null || typeof c !== "object" || c.id === undefined) {
          fail(`${citesPath}: citation ${i}, cite ${j} has no id`);
        }
        if (!byId.has(String(c.id))) {
          fail(`${citesPath}: citation ${i} cites ${JSON.stringify(c.id)}, which is not in ${itemsPath}`);
        }
      });
    });
  }

  // The engine's locale.
  let lang = process.env.CITEPROC_LANG;
  if (!lang) {
    const langs = new Set(items.map((item) => item.language || ""));
    lang = langs.size === 1 && !langs.has("") ? [...langs][0] : "en-US";
  }

  // locales-<lang>.xml; else locales-<base>.xml or locales-<base>-*.xml (first by name);
  // else locales-en-US.xml; else false.
  const localeCache = new Map();
  function retrieveLocale(tag) {
    if (localeCache.has(tag)) {
      return localeCache.get(tag);
    }
    const t = String(tag).replace(/_/g, "-");
    const base = t.split("-")[0];
    let file = localeFiles.find((f) => f.toLowerCase() === `locales-${t}.xml`.toLowerCase());
    if (!file) {
      file = localeFiles.find((f) => {
        const lf = f.toLowerCase();
        const b = base.toLowerCase();
        return lf === `locales-${b}.xml` || lf.startsWith(`locales-${b}-`);
      });
    }
    if (!file && localeFiles.includes("locales-en-US.xml")) {
      file = "locales-en-US.xml";
    }
    let result = false;
    if (file) {
      try {
        result = fs.readFileSync(path.join(localeDir, file), "utf8");
      } catch (e) {
        fail(`cannot read locale ${file}: ${e.message}`);
      }
    }
    localeCache.set(tag, result);
    return result;
  }

  const sys = {
    retrieveLocale,
    retrieveItem(id) {
      const item = byId.get(String(id));
      if (!item) {
        throw new Error(`no item with id ${JSON.stringify(id)}`);
      }
      return item;
    },
  };

  let engine;
  try {
    engine = new CSL.Engine(sys, style, lang, true);
  } catch (e) {
    fail(`citeproc-js could not load the style ${stylePath}: ${e.message || e}`);
  }
  engine.setOutputFormat(process.env.CITEPROC_FORMAT || "text");

  // Register every item first, so that disambiguation (year suffixes, added names) sees the
  // uncited ones too and the citations below come out in their final form: the cited items in
  // order of first citation, then the uncited ones in ITEMS.json's order (the order numeric
  // styles number them in).
  const cited = [];
  const seen = new Set();
  for (const cite of cites) {
    for (const c of cite) {
      const id = String(c.id);
      if (!seen.has(id)) {
        seen.add(id);
        cited.push(id);
      }
    }
  }
  const uncited = ids.filter((id) => !seen.has(id));
  try {
    engine.updateItems(cited);
    engine.updateUncitedItems(uncited);
  } catch (e) {
    fail(`citeproc-js could not register the items (lang ${lang}): ${e.message || e}`);
  }

  // Each citation in document order. processCitationCluster returns the new citation's text
  // and any earlier citation that changed (e.g. "ibid." positions); keep the last text seen.
  const noteStyle = engine.opt.xclass === "note";
  const citationTexts = [];
  const pre = [];
  const errors = [];
  cites.forEach((cite, i) => {
    const citation = {
      citationID: `citation-${i + 1}`,
      citationItems: cite.map((c) => {
        const ci = { id: String(c.id) };
        for (const key of ["locator", "label", "prefix", "suffix"]) {
          if (c[key] !== undefined && c[key] !== null) {
            ci[key] = String(c[key]);
          }
        }
        if (c["suppress-author"]) ci["suppress-author"] = true;
        if (c["author-only"]) ci["author-only"] = true;
        return ci;
      }),
      properties: { noteIndex: noteStyle ? i + 1 : 0 },
    };
    let result;
    try {
      result = engine.processCitationCluster(citation, pre, [], CSL.ASSUME_ALL_ITEMS_REGISTERED);
    } catch (e) {
      fail(`citation ${i}: ${e.message || e}`);
    }
    if (result[0] && result[0].citation_errors && result[0].citation_errors.length) {
      for (const err of result[0].citation_errors) {
        errors.push(`citation ${i}: ${err.message || JSON.stringify(err)}`);
      }
    }
    pre.push([citation.citationID, citation.properties.noteIndex]);
    for (const [index, text] of result[1]) {
      citationTexts[index] = text;
    }
  });
  if (errors.length) {
    fail(errors.join("\n"));
  }

  let bib;
  try {
    bib = engine.makeBibliography();
  } catch (e) {
    fail(`bibliography: ${e.message || e}`);
  }
  if (!bib) {
    fail(`${stylePath} has no <bibliography>`);
  }
  const [params, entries] = bib;
  if (params.bibliography_errors && params.bibliography_errors.length) {
    fail("bibliography: " + params.bibliography_errors.map((e) => e.message || JSON.stringify(e)).join("; "));
  }
  if (entries.length !== ids.length) {
    fail(`bibliography has ${entries.length} entries for ${ids.length} items`);
  }
  const bibliography = entries.map(tidy);

  const citations = cites.map((_, i) => {
    if (citationTexts[i] === undefined) {
      fail(`citation ${i} produced no text`);
    }
    return tidy(citationTexts[i]);
  });

  process.stdout.write(JSON.stringify({ bibliography, citations }) + "\n");
}

try {
  main(process.argv.slice(2));
} catch (e) {
  fail(e && e.stack ? e.stack : String(e));
}
