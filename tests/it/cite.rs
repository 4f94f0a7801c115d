//! `--format cite`: the BibTeX, RIS and CSL-JSON files of each explainer and of a book, read back
//! by pandoc 3 (`-f bibtex`, `-f ris`, `-f csljson` → `-t csljson`, the citeproc reader Zotero's
//! formats go through in pandoc) and compared with the front matter: title, authors or editors,
//! date, number, publisher and DOI.

use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::Value;

/// `file` read by pandoc as `from`, as CSL-JSON: its one item.
fn read_back(file: &Path, from: &str) -> Value {
    let json = tool(
        &pandoc(),
        &["-f", from, "-t", "csljson", file.to_str().unwrap()],
    );
    let items: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(items.as_array().map(Vec::len), Some(1), "{json}");
    items[0].clone()
}

fn names(item: &Value, role: &str) -> Vec<(String, String)> {
    item[role]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|n| {
                    let s = |k: &str| n[k].as_str().unwrap_or_default().to_string();
                    // A name that cannot be split is one literal.
                    match n["literal"].as_str() {
                        Some(literal) => (literal.to_string(), String::new()),
                        None => (s("family"), s("given")),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A name as the files should carry it: (family, given) or (the whole name, "").
fn filed(name: &str) -> (String, String) {
    match folio::model::PersonName::parse(name) {
        folio::model::PersonName::Split { family, given, .. } => (family, given),
        folio::model::PersonName::Literal(name) => (name, String::new()),
    }
}

fn date_parts(item: &Value) -> Vec<i64> {
    item["issued"]["date-parts"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_i64().or_else(|| p.as_str()?.parse().ok()).unwrap())
        .collect()
}

fn build(out: &Path, args: &[&str]) {
    let run = folio(args);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(out.is_dir());
}

#[test]
fn the_cite_files_of_each_explainer_read_back_as_its_front_matter() {
    let out = tempfile::tempdir().unwrap();
    let mut sources = markdown_files("samples");
    sources.push(root().join("tests/fixtures/ok/bom-crlf.md"));
    sources.push(root().join("tests/fixtures/ok/hostile.md"));
    // What BibTeX, LaTeX and RIS would read as syntax: backslashes, braces, `~`, `^`, `%`, an
    // "and" and a comma inside a name, a DOI with characters an address must encode.
    let tricky = out.path().join("tricky.md");
    std::fs::write(
        &tricky,
        "---\ntitle: 'C:\\Users {\\bf x} a~b ^ 50% $x$ & #1 TY  - JOUR'\n\
         date: 2025-05-06\nseries: 'S&P'\nnumber: 7\n\
         doi: 'https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0'\n\
         authors:\n  - name: Institute of Peace and Conflict Studies\n  - name: Smith, John\n\
         \x20 - name: Martin Luther King Jr.\n---\nText.\n",
    )
    .unwrap();
    sources.push(tricky);
    let shown: Vec<String> = sources.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["build", "-f", "cite", "--out", out.path().to_str().unwrap()];
    args.extend(shown.iter().map(String::as_str));
    build(out.path(), &args);
    for source in &sources {
        let doc = folio::source::load(source).unwrap().document;
        let stem = source.file_stem().unwrap().to_string_lossy();
        let file = |suffix: &str| -> PathBuf { out.path().join(format!("{stem}{suffix}")) };
        let authors: Vec<(String, String)> = doc.authors.iter().map(|a| filed(&a.name)).collect();
        let d = doc.date;
        let full = vec![i64::from(d.year), i64::from(d.month), i64::from(d.day)];
        for (suffix, from) in [
            (".bib", "bibtex"),
            (".ris", "ris"),
            (".csl.json", "csljson"),
        ] {
            let at = format!("{stem}{suffix}");
            let item = read_back(&file(suffix), from);
            let title = item["title"].as_str().unwrap();
            // BibTeX's title is braced, so no reader changes its capitals.
            assert_eq!(title, doc.title, "{at}");
            // RIS writes "King, Martin Luther, Jr." (family, given, suffix), as its
            // specification and Zotero read it; pandoc reads RIS names as BibTeX's "von Last,
            // Jr, First", so a name with a suffix is compared by its family name alone.
            let suffixed = |n: &str| matches!(folio::model::PersonName::parse(n), folio::model::PersonName::Split { suffix, .. } if !suffix.is_empty());
            let got = names(&item, "author");
            assert_eq!(got.len(), authors.len(), "{at}: {got:?}");
            for ((got, want), a) in got.iter().zip(&authors).zip(&doc.authors) {
                if from == "ris" && suffixed(&a.name) {
                    assert_eq!(got.0, want.0, "{at}");
                } else {
                    assert_eq!(got, want, "{at}");
                }
            }
            assert_eq!(item["type"], "report", "{at}");
            // The brand's publisher: the samples' own, the built-in brand's for the fixture.
            let publisher = item["publisher"].as_str().unwrap_or_default();
            if stem.starts_with("cwa-") {
                assert_eq!(
                    publisher, "NIAS · National Institute of Advanced Studies",
                    "{at}"
                );
            } else {
                assert!(!publisher.is_empty(), "{at}");
            }
            // pandoc's RIS reader keeps only the year (Zotero reads `DA` too), and files the
            // number (`SN`, as Zotero writes a report's) as an ISSN.
            let (date, number) = match from {
                "ris" => (vec![i64::from(d.year)], &item["ISSN"]),
                _ => (full.clone(), &item["number"]),
            };
            assert_eq!(date_parts(&item), date, "{at}");
            assert_eq!(
                number.as_str().map(str::to_string),
                doc.number.map(|n| n.to_string()),
                "{at}"
            );
            if from != "ris" {
                assert_eq!(
                    item["collection-title"].as_str().map(str::to_string),
                    doc.series.clone(),
                    "{at}"
                );
            }
            assert_eq!(
                item["DOI"].as_str().map(str::to_string),
                doc.doi.clone(),
                "{at}"
            );
        }
    }
}

#[test]
fn a_books_cite_files_name_its_editors() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let annual = root().join("tests/fixtures/annual");
    build(
        out.path(),
        &[
            "annual",
            annual.to_str().unwrap(),
            "--year",
            "2025",
            "-f",
            "cite",
            "--out",
            dir,
        ],
    );
    for (suffix, from) in [
        (".bib", "bibtex"),
        (".ris", "ris"),
        (".csl.json", "csljson"),
    ] {
        let item = read_back(&out.path().join(format!("annual-2025{suffix}")), from);
        assert_eq!(item["type"], "book", "{suffix}");
        assert_eq!(
            names(&item, "editor"),
            [
                ("Chandran".to_string(), "D. Suba".to_string()),
                ("Rao".to_string(), "Ananya".to_string())
            ],
            "{suffix}"
        );
        assert!(
            item["title"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .starts_with("nias explainers 2025"),
            "{suffix}: {item}"
        );
        assert_eq!(date_parts(&item)[0], 2025, "{suffix}");
    }
}
