//! Golden files, so a refactor that changes what folio writes shows up as a diff: the JSON
//! typst reads (the `Document`, its masthead and back matter, in the words of its language),
//! the EPUB's content document (the XHTML emitter and `templates/epub/content.xhtml`) and its
//! package document (the OPF), the web page, the "cite this" files (`.bib`, `.ris`,
//! `.csl.json`) and `folio check`'s findings as JSON. Goldens live in `tests/golden/`; after an
//! intended change, `FOLIO_BLESS=1 cargo test --release -- golden` rewrites them (then read the
//! diff). Every output here is the same bytes on every machine for the same input (paths are
//! given relative to the crate root, and nothing here prints today's date), so the goldens are
//! compared byte for byte.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common;
use crate::expect;

use folio::brand::LoadedBrand;
use folio::model::Piece;
use folio::resources::Templates;

/// Every sample, the hostile fixture and the Urdu and French explainers.
fn sources() -> Vec<String> {
    let mut sources: Vec<String> = common::markdown_files("samples")
        .iter()
        .map(|p| format!("samples/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    sources.extend(
        [
            "tests/fixtures/ok/hostile.md",
            "tests/fixtures/lang/urdu.md",
            "tests/fixtures/lang/french.md",
        ]
        .map(String::from),
    );
    sources
}

fn stem(source: &str) -> String {
    Path::new(source)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The sources built once, through the binary, as EPUB, web page and cite files.
fn built() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let sources = sources();
            let mut args = vec!["-f", "epub", "-f", "html", "-f", "cite"];
            args.extend(sources.iter().map(String::as_str));
            let run = common::build_into(out.path().to_str().unwrap(), &args);
            assert!(run.status.success(), "{}", common::stderr(&run));
            out
        })
        .path()
}

/// A file of the build as text.
fn output(name: &str) -> String {
    let path: PathBuf = built().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A file inside a built EPUB as text.
fn in_epub(source: &str, name: &str) -> String {
    let epub = built().join(format!("{}.epub", stem(source)));
    common::unzip(&epub)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap_or_else(|| panic!("{} has no {name}", epub.display()))
}

#[test]
fn the_json_typst_reads_matches_its_golden_files() {
    let templates = Templates::embedded();
    expect::all_match(sources().iter().map(|source| {
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
        let piece = Piece::new(doc.clone(), &words, &brand.brand.publisher.name);
        let json = serde_json::json!({
            "document": &doc,
            "masthead": &piece.masthead,
            "back-matter": &piece.back,
            "words": &words,
        });
        let text = serde_json::to_string_pretty(&json).unwrap() + "\n";
        expect::golden(&format!("{}.json", stem(source)), &text)
    }));
}

#[test]
fn the_epub_content_document_matches_its_golden_files() {
    expect::all_match(sources().iter().map(|source| {
        let content = in_epub(source, "OEBPS/content.xhtml");
        expect::golden(&format!("{}.xhtml", stem(source)), &content)
    }));
}

#[test]
fn the_epub_package_document_matches_its_golden_files() {
    expect::all_match(sources().iter().map(|source| {
        let opf = in_epub(source, "OEBPS/package.opf");
        expect::golden(&format!("{}.opf", stem(source)), &opf)
    }));
}

#[test]
fn the_web_page_matches_its_golden_files() {
    expect::all_match(sources().iter().map(|source| {
        let name = format!("{}.html", stem(source));
        expect::golden(&name, &output(&name))
    }));
}

#[test]
fn the_cite_files_match_their_golden_files() {
    expect::all_match(sources().iter().flat_map(|source| {
        [".bib", ".ris", ".csl.json"].map(|suffix| {
            let name = format!("{}{suffix}", stem(source));
            expect::golden(&name, &output(&name))
        })
    }));
}

/// `folio check --format json` over the check fixtures: every lint's finding with its place,
/// source line and help, as tools read them.
#[test]
fn the_check_findings_as_json_match_their_golden_file() {
    let run = common::folio(&["check", "tests/fixtures/check", "--format", "json"]);
    assert_eq!(run.status.code(), Some(0), "{}", common::stderr(&run));
    let json = String::from_utf8(run.stdout).unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_str(&json).expect("a JSON array");
    assert!(items.len() >= 20, "{json}");
    expect::all_match([expect::golden("check-findings.json", &json)]);
}
