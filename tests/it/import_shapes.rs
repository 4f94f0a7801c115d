//! `folio import` on inputs written for the tests (issue #17): every plain-text shape of a
//! series (tests/fixtures/import/shapes/), Word files made by two producers
//! (tests/fixtures/import/docx/, remade by its make.py) and saved web pages
//! (tests/fixtures/import/html/). Each input has an `.expected.yaml` with what a careful editor
//! would write; the imported source is parsed back as folio reads it and compared key by key.

use std::path::{Path, PathBuf};

use crate::common::*;
use folio::model::{Block, Inline, plain_text};
use serde_yaml_ng::Value;

/// What the import gave: the source's front matter as YAML, its document, the warnings' lines,
/// the catalogue and the written files.
struct Outcome {
    front: Value,
    source: String,
    doc: folio::Document,
    warn_lines: Vec<usize>,
    warnings: Vec<String>,
    catalogue: Vec<folio::book::CatalogueEntry>,
    /// The folder the import wrote into (kept while the outcome lives).
    #[allow(dead_code)]
    dir: tempfile::TempDir,
}

fn import(input: &Path) -> Outcome {
    let imported = folio::import::import_file(input, &[])
        .unwrap_or_else(|e| panic!("{} does not import: {e:?}", input.display()));
    let dir = tempfile::tempdir().unwrap();
    let path = imported.write(dir.path(), false).unwrap();
    let source = std::fs::read_to_string(&path).unwrap();
    let yaml = source
        .strip_prefix("---\n")
        .and_then(|s| s.split_once("\n---\n"))
        .map(|(y, _)| y)
        .unwrap_or_else(|| panic!("no front matter in\n{source}"));
    let front: Value = serde_yaml_ng::from_str(yaml).unwrap();
    let doc = folio::source::parse(&path, source.as_bytes())
        .unwrap_or_else(|e| {
            panic!(
                "{}: the import does not parse: {e:?}\n{source}",
                input.display()
            )
        })
        .document;
    Outcome {
        front,
        doc,
        warn_lines: imported.warnings.iter().map(|w| w.line).collect(),
        warnings: imported.warnings.iter().map(|w| w.to_string()).collect(),
        catalogue: imported.catalogue,
        source,
        dir,
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        other => serde_yaml_ng::to_string(other).unwrap().trim().to_string(),
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every block of the document (lede, sections, notes), depth first.
fn all_blocks(doc: &folio::Document) -> Vec<&Block> {
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Block>) {
        for b in blocks {
            out.push(b);
            match b {
                Block::Quote { blocks } => walk(blocks, out),
                Block::List { items, .. } => items.iter().for_each(|i| walk(&i.blocks, out)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.lede, &mut out);
    doc.sections.iter().for_each(|s| walk(&s.blocks, &mut out));
    out
}

/// The text of every list item in reading order, nested ones included: numbered ones
/// (`Some(true)`), bulleted ones (`Some(false)`) or all (`None`).
fn list_items(doc: &folio::Document, want_ordered: Option<bool>) -> Vec<String> {
    fn walk(blocks: &[Block], want: Option<bool>, out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::List { ordered, items, .. } => {
                    for i in items {
                        if want.is_none_or(|w| w == *ordered) {
                            let first = i.blocks.iter().find_map(|b| match b {
                                Block::Paragraph { content } => Some(plain_text(content)),
                                _ => None,
                            });
                            out.push(norm(&first.unwrap_or_default()));
                        }
                        walk(&i.blocks, want, out);
                    }
                }
                Block::Quote { blocks } => walk(blocks, want, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.lede, want_ordered, &mut out);
    doc.sections
        .iter()
        .for_each(|s| walk(&s.blocks, want_ordered, &mut out));
    out
}

fn inlines_of(b: &Block) -> Vec<&Inline> {
    match b {
        Block::Paragraph { content } | Block::Heading { content, .. } => content.iter().collect(),
        Block::Table { header, rows, .. } => header
            .iter()
            .chain(rows.iter().flatten())
            .flatten()
            .collect(),
        _ => Vec::new(),
    }
}

fn walk_inlines<'a>(inlines: &[&'a Inline], out: &mut Vec<&'a Inline>) {
    for i in inlines {
        out.push(i);
        match i {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => {
                walk_inlines(&content.iter().collect::<Vec<_>>(), out)
            }
            _ => {}
        }
    }
}

fn every_inline(doc: &folio::Document) -> Vec<&Inline> {
    let mut out = Vec::new();
    for b in all_blocks(doc) {
        walk_inlines(&inlines_of(b), &mut out);
    }
    for s in &doc.sections {
        walk_inlines(&s.title.iter().collect::<Vec<_>>(), &mut out);
    }
    for n in &doc.footnotes {
        for b in &n.blocks {
            walk_inlines(&inlines_of(b), &mut out);
        }
    }
    out
}

fn body_text(o: &Outcome) -> String {
    o.source
        .split_once("\n---\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

/// Compares what the import gave with what the editor expects; returns the differences.
fn differences(input: &Path, o: &Outcome, expected: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let Value::Mapping(map) = expected else {
        return vec!["the expectation is not a map".into()];
    };
    let mut differ = |what: &str, got: String, want: String| {
        if got != want {
            bad.push(format!("{what}: got {got:?}, want {want:?}"));
        }
    };
    for (key, want) in map {
        let key = text_of(key);
        match key.as_str() {
            "title" | "subtitle" | "kind" | "series" | "number" | "volume" | "issue" | "doi"
            | "summary" | "lang" => {
                differ(
                    &key,
                    norm(&text_of(&o.front[key.as_str()])),
                    norm(&text_of(want)),
                );
            }
            "date" => {
                if want.is_null() {
                    if o.warnings.iter().all(|w| !w.contains("no date")) {
                        differ("date warning", "none".into(), "a warning".into());
                    }
                } else {
                    differ("date", text_of(&o.front["date"]), text_of(want));
                }
            }
            "keywords" => differ(
                &key,
                format!("{:?}", o.doc.keywords),
                format!(
                    "{:?}",
                    want.as_sequence()
                        .unwrap()
                        .iter()
                        .map(text_of)
                        .collect::<Vec<_>>()
                ),
            ),
            "authors" => {
                let got = o.front["authors"]
                    .as_sequence()
                    .cloned()
                    .unwrap_or_default();
                let want = want.as_sequence().cloned().unwrap_or_default();
                differ(
                    "author count",
                    got.len().to_string(),
                    want.len().to_string(),
                );
                for (g, w) in got.iter().zip(&want) {
                    for field in ["name", "affiliation", "bio", "orcid"] {
                        if !w[field].is_null() || !g[field].is_null() {
                            if field != "name" && w[field].is_null() {
                                continue;
                            }
                            differ(
                                &format!("author {field}"),
                                norm(&text_of(&g[field])),
                                norm(&text_of(&w[field])),
                            );
                        }
                    }
                }
            }
            "image_credit" => {
                let credit = norm(&text_of(want));
                if !o.source.contains(&format!("credit: {credit}"))
                    && !o.source.contains(&format!("credit: '{credit}'"))
                {
                    differ("image credit", "missing".into(), credit);
                }
            }
            "lede" => differ(
                "lede paragraphs",
                o.doc.lede.len().to_string(),
                text_of(want),
            ),
            "sections" => differ(
                "sections",
                format!(
                    "{:?}",
                    o.doc
                        .sections
                        .iter()
                        .map(|s| norm(&s.title_text))
                        .collect::<Vec<_>>()
                ),
                format!(
                    "{:?}",
                    want.as_sequence()
                        .unwrap()
                        .iter()
                        .map(|v| norm(&text_of(v)))
                        .collect::<Vec<_>>()
                ),
            ),
            "subheadings" => {
                let got: Vec<String> = all_blocks(&o.doc)
                    .into_iter()
                    .filter_map(|b| match b {
                        Block::Heading { content, .. } => Some(norm(&plain_text(content))),
                        _ => None,
                    })
                    .collect();
                differ(
                    "subheadings",
                    format!("{got:?}"),
                    format!(
                        "{:?}",
                        want.as_sequence()
                            .unwrap()
                            .iter()
                            .map(text_of)
                            .collect::<Vec<_>>()
                    ),
                );
            }
            "bullets" | "numbered" => differ(
                &key,
                format!(
                    "{:?}",
                    if key == "bullets" && map.get("numbered").is_none() {
                        list_items(&o.doc, None)
                    } else {
                        list_items(&o.doc, Some(key == "numbered"))
                    }
                ),
                format!(
                    "{:?}",
                    want.as_sequence()
                        .unwrap()
                        .iter()
                        .map(|v| norm(&text_of(v)))
                        .collect::<Vec<_>>()
                ),
            ),
            "emphasis" => {
                let got: Vec<String> = every_inline(&o.doc)
                    .into_iter()
                    .filter_map(|i| match i {
                        Inline::Emph { content } | Inline::Strong { content } => {
                            Some(norm(&plain_text(content)))
                        }
                        _ => None,
                    })
                    .collect();
                for w in want.as_sequence().unwrap() {
                    let w = norm(&text_of(w));
                    if !got.iter().any(|g| g.contains(&w)) {
                        differ("emphasis", format!("{got:?}"), w);
                    }
                }
            }
            "links" => {
                let got: Vec<(String, String)> = every_inline(&o.doc)
                    .into_iter()
                    .filter_map(|i| match i {
                        Inline::Link { url, content } => {
                            Some((norm(&plain_text(content)), url.clone()))
                        }
                        _ => None,
                    })
                    .collect();
                for w in want.as_sequence().unwrap() {
                    let pair = (norm(&text_of(&w["text"])), text_of(&w["url"]));
                    if !got.contains(&pair) {
                        differ("link", format!("{got:?}"), format!("{pair:?}"));
                    }
                }
            }
            "table" => {
                let got = all_blocks(&o.doc).into_iter().find_map(|b| match b {
                    Block::Table { header, rows, .. } => Some(
                        std::iter::once(header)
                            .chain(rows)
                            .map(|r| r.iter().map(|c| norm(&plain_text(c))).collect::<Vec<_>>())
                            .collect::<Vec<_>>(),
                    ),
                    _ => None,
                });
                let want: Vec<Vec<String>> = want
                    .as_sequence()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_sequence().unwrap().iter().map(text_of).collect())
                    .collect();
                differ("table", format!("{got:?}"), format!("{:?}", Some(want)));
            }
            "footnotes" => {
                let got: Vec<String> = o
                    .doc
                    .footnotes
                    .iter()
                    .map(|n| {
                        norm(
                            &n.blocks
                                .iter()
                                .map(|b| {
                                    plain_text(
                                        &inlines_of(b).into_iter().cloned().collect::<Vec<_>>(),
                                    )
                                })
                                .collect::<Vec<_>>()
                                .join(" "),
                        )
                    })
                    .collect();
                differ(
                    "footnotes",
                    format!("{got:?}"),
                    format!(
                        "{:?}",
                        want.as_sequence()
                            .unwrap()
                            .iter()
                            .map(|v| norm(&text_of(v)))
                            .collect::<Vec<_>>()
                    ),
                );
            }
            "images" => {
                let mut alts: Vec<String> = all_blocks(&o.doc)
                    .into_iter()
                    .filter_map(|b| match b {
                        Block::Figure { alt, .. } => Some(norm(alt)),
                        _ => None,
                    })
                    .collect();
                alts.extend(every_inline(&o.doc).into_iter().filter_map(|i| match i {
                    Inline::Image { alt, .. } => Some(norm(alt)),
                    _ => None,
                }));
                for w in want.as_sequence().unwrap() {
                    let alt = norm(&text_of(&w["alt"]));
                    if !alts.contains(&alt) {
                        differ("image alt", format!("{alts:?}"), alt);
                    }
                    if !w["caption"].is_null() {
                        let cap = norm(&text_of(&w["caption"]));
                        if !norm(&body_text(o)).contains(&cap) {
                            differ("image caption", "missing".into(), cap);
                        }
                    }
                }
            }
            "references" => {
                let got = o.front["references"]
                    .as_sequence()
                    .cloned()
                    .unwrap_or_default();
                let want = want.as_sequence().cloned().unwrap_or_default();
                differ(
                    "reference count",
                    got.len().to_string(),
                    want.len().to_string(),
                );
                for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                    for field in ["author", "title", "publisher", "date", "url"] {
                        differ(
                            &format!("reference {} {field}", k + 1),
                            norm(&text_of(&g[field])),
                            norm(&text_of(&w[field])),
                        );
                    }
                }
            }
            "catalogue" => {
                let want = want.as_sequence().cloned().unwrap_or_default();
                differ(
                    "catalogue size",
                    o.catalogue.len().to_string(),
                    want.len().to_string(),
                );
                for (g, w) in o.catalogue.iter().zip(&want) {
                    differ(
                        "catalogue number",
                        g.number.to_string(),
                        text_of(&w["number"]),
                    );
                    differ("catalogue month", g.month.clone(), text_of(&w["month"]));
                    differ("catalogue title", g.title.clone(), text_of(&w["title"]));
                    if let Some(a) = w["authors"].as_sequence() {
                        differ(
                            "catalogue authors",
                            format!("{:?}", g.authors),
                            format!("{:?}", a.iter().map(text_of).collect::<Vec<_>>()),
                        );
                    }
                }
            }
            "catalogue_includes" => {
                for n in want.as_sequence().unwrap() {
                    let n = text_of(n);
                    if !o.catalogue.iter().any(|e| e.number.to_string() == n) {
                        differ("catalogue entry", "missing".into(), n);
                    }
                }
            }
            "warn_lines" => {
                for l in want.as_sequence().unwrap() {
                    let l: usize = text_of(l).parse().unwrap();
                    if !o.warn_lines.contains(&l) {
                        differ(
                            "warning at line",
                            format!("{:?}", o.warnings),
                            l.to_string(),
                        );
                    }
                }
            }
            "not_in_body" | "absent" => {
                for s in want.as_sequence().unwrap() {
                    let s = text_of(s);
                    let place = if key == "absent" {
                        o.source.clone()
                    } else {
                        body_text(o)
                    };
                    if place.contains(&s) || norm(&place.replace('\\', "")).contains(&s) {
                        differ(&key, "present".into(), s);
                    }
                }
            }
            "text_includes" => {
                let body = norm(&body_text(o).replace('\\', ""));
                for s in want.as_sequence().unwrap() {
                    let s = norm(&text_of(s));
                    if !body.contains(&s) {
                        differ("text", "missing".into(), s);
                    }
                }
            }
            "remote_images" => {
                let n = o
                    .warnings
                    .iter()
                    .filter(|w| w.contains("not downloaded"))
                    .count();
                differ("remote image warnings", n.to_string(), text_of(want));
            }
            "same_as" => {
                let other = input.parent().unwrap().join(text_of(want));
                let twin = import(&other);
                differ(
                    "same source as the text",
                    o.source.clone(),
                    twin.source.clone(),
                );
            }
            other => differ("expectation key", other.to_string(), "a known key".into()),
        }
    }
    bad
}

fn fixtures(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

fn check_all(dir: &str, ext: &str) {
    let mut report = String::new();
    let inputs = fixtures(dir, ext);
    assert!(!inputs.is_empty());
    for input in &inputs {
        let expected_path = input.with_extension("expected.yaml");
        let expected: Value =
            serde_yaml_ng::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
        let outcome = match std::panic::catch_unwind(|| import(input)) {
            Ok(o) => o,
            Err(_) => {
                report.push_str(&format!("\n{}: does not import (above)\n", input.display()));
                continue;
            }
        };
        let bad = differences(input, &outcome, &expected);
        if !bad.is_empty() {
            report.push_str(&format!("\n{}:\n  {}\n", input.display(), bad.join("\n  ")));
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn every_plain_text_shape_imports_as_an_editor_would() {
    check_all("tests/fixtures/import/shapes", "txt");
}

#[test]
fn word_files_from_two_producers_import_as_an_editor_would() {
    check_all("tests/fixtures/import/docx", "docx");
}

#[test]
fn saved_web_pages_import_with_their_metadata() {
    check_all("tests/fixtures/import/html", "html");
}

/// The sample as a publisher's Word file would carry it, in the series' plain shape: kind,
/// title, subtitle, series mark, byline, date, the body as written, References (a citation
/// line, then its address), About the author(s).
fn as_published(sample: &Path, doc: &folio::Document) -> String {
    let source = std::fs::read_to_string(sample).unwrap();
    let body = source.splitn(3, "---\n").nth(2).unwrap();
    let d = doc.date;
    let names: Vec<&str> = doc.authors.iter().map(|a| a.name.as_str()).collect();
    let byline = match names.as_slice() {
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => unreachable!(),
    };
    let mut md = format!(
        "{}\n\n{}\n\n{}\n\n{} #{}\n\n{byline}\n\n{} {} {}\n\n{}\n\nReferences\n\n",
        doc.kind.as_deref().unwrap(),
        doc.title,
        doc.subtitle.as_deref().unwrap(),
        doc.series.as_deref().unwrap(),
        doc.number.unwrap(),
        d.day,
        MONTHS[usize::from(d.month) - 1],
        d.year,
        body.trim()
    );
    for r in &doc.references {
        let mut line = String::new();
        if !r.author.is_empty() {
            line.push_str(&r.author.join(", "));
            line.push_str(", ");
        }
        line.push_str(&format!(
            "“{},” {}",
            r.title,
            r.publisher.as_deref().unwrap()
        ));
        if let Some(date) = &r.date {
            line.push_str(&format!(
                ", {} {} {}",
                date.day.unwrap(),
                MONTHS[usize::from(date.month.unwrap()) - 1],
                date.year
            ));
        }
        md.push_str(&format!("{line}\n\n{}\n\n", r.url.as_deref().unwrap()));
    }
    md.push_str(if doc.authors.len() == 1 {
        "About the author\n\n"
    } else {
        "About the authors\n\n"
    });
    for a in &doc.authors {
        md.push_str(&format!("{}\n\n", a.bio.as_deref().unwrap()));
    }
    md
}

/// The text of blocks, one string a block (figures by their alt text and caption).
fn texts(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph { content } | Block::Heading { content, .. } => {
                out.push(norm(&plain_text(content)))
            }
            Block::List { items, .. } => items.iter().for_each(|i| out.extend(texts(&i.blocks))),
            Block::Quote { blocks } => out.extend(texts(blocks)),
            Block::Table { header, rows, .. } => out.extend(
                std::iter::once(header)
                    .chain(rows)
                    .flatten()
                    .map(|c| norm(&plain_text(c))),
            ),
            Block::Figure { alt, caption, .. } => {
                out.push(norm(&format!("{alt} | {}", plain_text(caption))))
            }
            // Word keeps no language for code.
            Block::Code { text, .. } => out.push(format!("code: {text}")),
            other => out.push(format!("{other:?}")),
        }
    }
    out
}

#[test]
fn each_sample_goes_through_word_and_back_unchanged() {
    let pandoc = pandoc();
    for sample in markdown_files("samples") {
        let doc = folio::source::parse(&sample, &std::fs::read(&sample).unwrap())
            .unwrap()
            .document;
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("published.md");
        std::fs::write(&md, as_published(&sample, &doc)).unwrap();
        let docx = dir.path().join(format!(
            "{}.docx",
            sample.file_stem().unwrap().to_string_lossy()
        ));
        // As written: no smart quotes added, images from the samples' folder.
        tool(
            &pandoc,
            &[
                "-f",
                "markdown-smart",
                "--resource-path",
                root().join("samples").to_str().unwrap(),
                md.to_str().unwrap(),
                "-o",
                docx.to_str().unwrap(),
            ],
        );
        let back = import(&docx);
        let got = &back.doc;
        let name = sample.display();
        assert_eq!(
            (
                &got.title,
                &got.subtitle,
                &got.kind,
                &got.series,
                got.number,
                got.date
            ),
            (
                &doc.title,
                &doc.subtitle,
                &doc.kind,
                &doc.series,
                doc.number,
                doc.date
            ),
            "{name}"
        );
        let people = |d: &folio::Document| -> Vec<(String, String)> {
            d.authors
                .iter()
                .map(|a| (a.name.clone(), norm(a.bio.as_deref().unwrap_or(""))))
                .collect()
        };
        assert_eq!(people(got), people(&doc), "{name}: authors and bios");
        let refs = |d: &folio::Document| -> Vec<String> {
            d.references
                .iter()
                .map(|r| {
                    format!(
                        "{:?} | {} | {:?} | {:?} | {:?}",
                        r.author, r.title, r.publisher, r.date, r.url
                    )
                })
                .collect()
        };
        assert_eq!(refs(got), refs(&doc), "{name}: references");
        assert_eq!(texts(&got.lede), texts(&doc.lede), "{name}: lede");
        assert_eq!(got.sections.len(), doc.sections.len(), "{name}: sections");
        for (g, s) in got.sections.iter().zip(&doc.sections) {
            assert_eq!(norm(&g.title_text), norm(&s.title_text), "{name}");
            assert_eq!(
                texts(&g.blocks),
                texts(&s.blocks),
                "{name}: {}",
                s.title_text
            );
        }
        let notes = |d: &folio::Document| -> Vec<Vec<String>> {
            d.footnotes.iter().map(|n| texts(&n.blocks)).collect()
        };
        assert_eq!(notes(got), notes(&doc), "{name}: notes");
        assert!(back.warnings.is_empty(), "{name}: {:?}", back.warnings);
    }
}

/// Every input the tests import, the way a publisher brings in an archive: one folder.
struct Archive {
    _dir: tempfile::TempDir,
    inputs: Vec<PathBuf>,
    /// What `folio import` printed.
    err: String,
    /// The sources it wrote, sorted.
    sources: Vec<PathBuf>,
    /// The folder they were built into, in every format.
    built: PathBuf,
}

/// Every input imported into one folder and the sources built in every format, once.
fn archive() -> &'static Archive {
    static ARCHIVE: std::sync::OnceLock<Archive> = std::sync::OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("sources");
        let mut inputs: Vec<PathBuf> = fixtures("tests/fixtures/import/shapes", "txt");
        inputs.extend(fixtures("tests/fixtures/import/docx", "docx"));
        inputs.extend(fixtures("tests/fixtures/import/html", "html"));
        // The seed as a Word file becomes the same source as the seed's text: once is enough.
        inputs.retain(|p| !p.ends_with("seed-shape.docx"));
        inputs.push(root().join("tests/fixtures/import/cwa-1975-seed.txt"));
        let mut args = vec!["import".to_string()];
        args.extend(inputs.iter().map(|p| p.to_string_lossy().into_owned()));
        args.extend(["--out".to_string(), out.to_string_lossy().into_owned()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = folio(&args);
        let err = stderr(&run);
        assert!(run.status.success(), "{err}");
        let sources = markdown_files(out.to_str().unwrap());

        let built = dir.path().join("built");
        let mut args = vec!["build".to_string()];
        args.extend(sources.iter().map(|p| p.to_string_lossy().into_owned()));
        args.extend(["--out".to_string(), built.to_string_lossy().into_owned()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = folio(&args);
        assert!(run.status.success(), "{}", stderr(&run));
        Archive {
            _dir: dir,
            inputs,
            err,
            sources,
            built,
        }
    })
}

#[test]
fn every_imported_fixture_builds_in_all_three_formats_and_checks_clean() {
    let Archive {
        inputs,
        err,
        sources,
        built,
        ..
    } = archive();
    // One summary line per input: kind, number, date, authors, sections, references, warnings.
    assert_eq!(
        err.lines()
            .filter(|l| l.contains(" sections, ") || l.contains(" section, "))
            .count(),
        inputs.len(),
        "{err}"
    );
    assert_eq!(sources.len(), inputs.len());
    for s in sources {
        let stem = s.file_stem().unwrap().to_string_lossy().into_owned();
        for ext in ["pdf", "epub", "print.pdf"] {
            assert!(
                built.join(format!("{stem}.{ext}")).is_file(),
                "{stem}.{ext}"
            );
        }
    }
    // EPUBCheck on what came from Word files and web pages: `validator::…_pass_epubcheck`.

    // `folio check` finds only faults of the inputs themselves.
    let mut args = vec!["check".to_string()];
    args.extend(sources.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = folio(&args);
    let report = stderr(&run);
    assert!(run.status.success(), "{report}");
    let input_faults = [
        "reference-without-url",
        "duplicate-url",
        "author-without-bio",
        "image-without-alt",
        "numbering-gap",
        // Burmese: no font folio embeds has it; the input's name is kept as written.
        "missing-glyph",
        // A text without a date: the import writes 1970-01-01 and says so.
        "placeholder-date",
    ];
    for line in report
        .lines()
        .filter(|l| l.contains("warning[") || l.contains("error[") || l.contains("info["))
    {
        let code = line
            .split('[')
            .nth(1)
            .and_then(|c| c.split(']').next())
            .unwrap_or("");
        assert!(
            input_faults.contains(&code),
            "a finding that is not the input's fault: {line}"
        );
    }
}

#[test]
fn dry_run_writes_nothing_and_force_is_needed_to_replace() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = "tests/fixtures/import/docx/rich.docx";
    let run = folio(&["import", input, "--out", out.to_str().unwrap(), "--dry-run"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let shown = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        shown.contains("title: Fishing Across the Palk Strait"),
        "{shown}"
    );
    assert!(
        shown.contains("rich-1.png"),
        "the picture is listed: {shown}"
    );
    assert!(!out.exists(), "a dry run writes nothing");

    let run = folio(&["import", input, "--out", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(out.join("rich-1.png").is_file());
    let source = markdown_files(out.to_str().unwrap()).pop().unwrap();
    std::fs::write(&source, "edited by hand").unwrap();
    let again = folio(&["import", input, "--out", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&source).unwrap(), "edited by hand");
    let forced = folio(&["import", input, "--out", out.to_str().unwrap(), "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(
        std::fs::read_to_string(&source)
            .unwrap()
            .starts_with("---\n")
    );

    // Not a Word file: a clear error, nothing written.
    let fake = dir.path().join("fake.docx");
    std::fs::write(&fake, "plain text").unwrap();
    let bad = folio(&[
        "import",
        fake.to_str().unwrap(),
        "--out",
        dir.path().join("none").to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("fake.docx: error: not a Word document"),
        "{}",
        stderr(&bad)
    );
    assert!(!dir.path().join("none").exists());
}

#[test]
fn a_catalogue_entry_replaced_by_another_title_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let piece = |series: &str, number: u32, entry: &str| {
        format!(
            "PR Explainer\nA Piece Numbered {number}\n{series} #{number}\nAsha Rao\n1 March 2026\n\n\
             A lede long enough to be prose, about trade across the border.\n\n1. Why now?\nBecause.\n\n\
             PREVIOUS COMMENTS\n{entry}\nJanuary 2026 | {series} # 5\nRavi Kumar\n"
        )
    };
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, piece("CWA", 10, "The Water Talks")).unwrap();
    std::fs::write(&b, piece("IB", 11, "The Port Deal")).unwrap();
    let first = folio(&[
        "import",
        a.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    let second = folio(&[
        "import",
        b.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&second);
    assert!(second.status.success(), "{err}");
    assert!(
        err.contains("warning: catalogue entry #5 “The Water Talks” replaced by “The Port Deal”"),
        "{err}"
    );
}

/// The checks that need Java: EPUBCheck 5 on EPUBs the tests above build.
mod validator {
    use super::*;

    /// The EPUBs of what came from Word files and web pages (tables, notes, pictures, links).
    #[test]
    fn the_epubs_of_imported_word_files_and_pages_pass_epubcheck() {
        let Archive { sources, built, .. } = archive();
        let mut checked = 0;
        for s in sources.iter().filter(|s| {
            let n = s.file_name().unwrap().to_string_lossy().into_owned();
            ["fishing", "monsoon", "cable", "solar-pumps", "cold-chains"]
                .iter()
                .any(|k| n.contains(k))
        }) {
            let epub = built.join(format!("{}.epub", s.file_stem().unwrap().to_string_lossy()));
            let (errors, warnings, report) = epubcheck(&epub);
            assert_eq!((errors, warnings), (0, 0), "{}: {report}", epub.display());
            checked += 1;
        }
        assert!(
            checked >= 5,
            "only {checked} EPUBs from Word files and pages"
        );
    }
}
