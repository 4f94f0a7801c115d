//! Golden files for folio's two emitters, so a refactor that changes what a backend is given
//! shows up as a diff: the JSON typst reads (the `Document`, its masthead and back matter, in
//! the words of its language) and the EPUB's content document (the XHTML emitter and
//! `templates/epub/content.xhtml`). Goldens live in `tests/golden/`; after an intended change,
//! `FOLIO_BLESS=1 cargo test --release -- golden` rewrites them (then read the diff).

use std::path::Path;

use crate::common;

use folio::brand::LoadedBrand;
use folio::model::{BackMatter, Masthead};
use folio::resources::Templates;

const SOURCES: &[&str] = &[
    "samples/cwa-1975-pakistan-taliban-peace-talks.md",
    "samples/cwa-1990-torkham-crossing.md",
    "tests/fixtures/ok/hostile.md",
    "tests/fixtures/lang/urdu.md",
    "tests/fixtures/lang/french.md",
];

fn stem(source: &str) -> String {
    Path::new(source)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Compares `actual` with `tests/golden/<name>`, or writes it there when blessing.
fn golden(name: &str, actual: &str) -> Option<String> {
    let path = common::root().join("tests/golden").join(name);
    if std::env::var_os("FOLIO_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with FOLIO_BLESS=1", path.display()));
    (expected != actual).then(|| {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        format!(
            "{name} differs from its golden file at line {}:\n  golden: {:?}\n  now:    {:?}",
            line + 1,
            expected.lines().nth(line).unwrap_or(""),
            actual.lines().nth(line).unwrap_or("")
        )
    })
}

#[test]
fn the_json_typst_reads_matches_its_golden_files() {
    let templates = Templates::embedded();
    let mut diffs = Vec::new();
    for source in SOURCES {
        let doc = folio::source::load(&common::root().join(source))
            .expect("parses")
            .document;
        let beside = common::root()
            .join(source)
            .parent()
            .unwrap()
            .join("brand.toml");
        let brand =
            LoadedBrand::load(&templates, beside.is_file().then_some(beside.as_path())).unwrap();
        let words = brand.words(&doc.lang).unwrap();
        let json = serde_json::json!({
            "document": &doc,
            "masthead": Masthead::new(&doc, &words, &brand.brand.publisher.name),
            "back-matter": BackMatter::new(&doc, &words),
            "words": &words,
        });
        let text = serde_json::to_string_pretty(&json).unwrap() + "\n";
        diffs.extend(golden(&format!("{}.json", stem(source)), &text));
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

#[test]
fn the_epub_content_document_matches_its_golden_files() {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["-f", "epub"];
    args.extend_from_slice(SOURCES);
    let run = common::build_into(out.path().to_str().unwrap(), &args);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let mut diffs = Vec::new();
    for source in SOURCES {
        let epub = out.path().join(format!("{}.epub", stem(source)));
        let content = common::unzip(&epub)
            .into_iter()
            .find(|(n, _)| n == "OEBPS/content.xhtml")
            .map(|(_, b)| String::from_utf8(b).unwrap())
            .expect("content.xhtml");
        diffs.extend(golden(&format!("{}.xhtml", stem(source)), &content));
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
