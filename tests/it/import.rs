//! `folio import` and `folio new` (issue #9): the seed and a second plain-text explainer of a
//! different shape become sources that build in all three formats; the catalogue becomes
//! series.yaml (merged, deduplicated by number); a new source starts from the next free number
//! and builds.

use std::path::Path;

use crate::common::*;

/// The NIAS seed as scraped (a copy of ../shared/seed/000_6054752ca35447cb.txt).
const SEED: &str = "tests/fixtures/import/cwa-1975-seed.txt";

fn import_into(out: &Path, inputs: &[&str]) -> std::process::Output {
    let mut args = vec!["import"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--out", out.to_str().unwrap()]);
    folio(&args)
}

fn parse(path: &Path) -> folio::Document {
    let bytes = std::fs::read(path).unwrap();
    folio::source::parse(path, &bytes)
        .unwrap_or_else(|e| panic!("{} does not parse: {e:?}", path.display()))
        .document
}

/// Builds `source` in every format into `dir/out`; EPUBCheck runs on the EPUB in
/// `validator::what_import_and_new_write_builds_an_epub_epubcheck_passes`.
fn builds_in_every_format(dir: &Path, source: &Path) {
    let out = dir.join("out");
    let run = folio(&[
        "build",
        source.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let stem = source.file_stem().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        listing(&out),
        [
            format!("{stem}.epub"),
            format!("{stem}.pdf"),
            format!("{stem}.print.pdf")
        ]
    );
}

/// `folio new --title "Water: talks resume"` in a copy of the Torkham sample's folder (its
/// brand and image): the new source's path.
fn new_source(dir: &Path) -> (std::process::Output, std::path::PathBuf) {
    for f in ["cwa-1990-torkham-crossing.md", "brand.toml"] {
        std::fs::copy(root().join("samples").join(f), dir.join(f)).unwrap();
    }
    std::fs::create_dir(dir.join("images")).unwrap();
    std::fs::copy(
        root().join("samples/images/border-crossings.svg"),
        dir.join("images/border-crossings.svg"),
    )
    .unwrap();
    let run = folio(&[
        "new",
        "--series",
        "CWA",
        "--title",
        "Water: talks resume",
        "--author",
        "Asha Rao",
        "--dir",
        dir.to_str().unwrap(),
    ]);
    (run, dir.join("cwa-1991-water-talks-resume.md"))
}

#[test]
fn the_seed_imports_to_a_source_that_builds() {
    let seed = root().join(SEED);
    assert!(seed.is_file(), "the seed is at {}", seed.display());
    let dir = tempfile::tempdir().unwrap();
    let run = import_into(dir.path(), &[seed.to_str().unwrap()]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    // Unsure spots are warnings with the input line: the first catalogue entry has no title.
    assert!(
        err.contains("cwa-1975-seed.txt:57:1: warning: catalogue entry #1959 has no title"),
        "{err}"
    );
    let source = dir.path().join("cwa-1975-pakistan-taliban-peace-talks.md");
    let doc = parse(&source);
    assert_eq!(doc.title, "Pakistan-Taliban Peace Talks");
    assert_eq!(
        doc.subtitle.as_deref(),
        Some("Background, Issues, Challenges and Implications")
    );
    assert_eq!(doc.kind.as_deref(), Some("PR Explainer"));
    assert_eq!(
        (doc.series.as_deref(), doc.number),
        (Some("CWA"), Some(1975))
    );
    assert_eq!(doc.date.to_string(), "2025-12-31");
    assert_eq!(doc.author_names(), ["Lekshmi MK"]);
    assert!(
        doc.authors[0]
            .bio
            .as_deref()
            .unwrap()
            .starts_with("Lekshmi MK is pursuing postgraduation")
    );
    assert_eq!(doc.references.len(), 4);
    assert!(
        doc.references
            .iter()
            .all(|r| r.url.as_deref().is_some_and(|u| u.starts_with("https://")))
    );
    assert_eq!(doc.references[0].author, ["Mushtaq Ali"]);
    assert_eq!(
        doc.references[0].title,
        "Fresh round of Afghanistan-Pakistan talks fails to reach a deal, officials say"
    );
    assert_eq!(doc.references[0].publisher.as_deref(), Some("Reuters"));
    assert!(doc.references[1].author.is_empty());
    let titles: Vec<String> = doc.sections.iter().map(|s| s.title_text.clone()).collect();
    assert_eq!(titles.len(), 4);
    assert_eq!(
        titles[0],
        "Why did the talks happen? What are the historical background and issues?"
    );
    // The lede is the two paragraphs before the first question.
    assert_eq!(doc.lede.len(), 2);

    let catalogue = std::fs::read_to_string(dir.path().join("series.yaml")).unwrap();
    assert!(catalogue.contains("- number: 1957\n  month: 2026-02\n  title: UK and China\n  authors:\n  - R Preetha\n  bio: R Preetha is pursuing"), "{catalogue}");
    assert!(catalogue.contains("number: 1667"), "{catalogue}");
    assert!(
        catalogue.contains("- R Preetha\n  - Brighty Ann Sarah"),
        "two authors split: {catalogue}"
    );
    // The annual reads it back.
    let entries = folio::book::catalogue::read(dir.path()).unwrap().unwrap();
    assert_eq!(entries.iter().filter(|e| e.number == 1924).count(), 1);

    builds_in_every_format(dir.path(), &source);
}

#[test]
fn a_second_shape_imports_with_two_authors_three_references_and_a_photo() {
    let dir = tempfile::tempdir().unwrap();
    let run = import_into(dir.path(), &["tests/fixtures/import/wagah-trade.txt"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let source = dir
        .path()
        .join("cwa-1988-wagah-and-the-return-of-border-trade.md");
    let doc = parse(&source);
    assert_eq!(doc.kind.as_deref(), Some("Conflict Weekly"));
    assert_eq!(doc.date.to_string(), "2026-02-14");
    assert_eq!(doc.author_names(), ["Meera Iyer", "Karan Shah"]);
    // "About the authors" split per author.
    assert!(
        doc.authors[0]
            .bio
            .as_deref()
            .unwrap()
            .ends_with("working on trade and borders.")
    );
    assert!(
        doc.authors[1]
            .bio
            .as_deref()
            .unwrap()
            .starts_with("Karan Shah is a research intern")
    );
    assert_eq!(doc.references.len(), 3);
    assert_eq!(
        doc.references[2].publisher.as_deref(),
        Some("Government of India")
    );
    assert_eq!(
        doc.references[2].date,
        Some(folio::model::PartialDate {
            year: 2026,
            month: Some(2),
            day: Some(9)
        })
    );
    // The photo beside the text is the hero image, with its credit.
    let image = doc.image.as_ref().expect("a hero image");
    assert_eq!(image.credit.as_deref(), Some("Reuters/Stringer"));
    assert!(dir.path().join("wagah-trade.svg").is_file());
    assert_eq!(doc.sections.len(), 3);
    assert_eq!(
        doc.sections[0].blocks.len(),
        2,
        "two paragraphs in the first answer"
    );
    builds_in_every_format(dir.path(), &source);

    // A second import merges the catalogues by number.
    let seed = root().join(SEED);
    let run = import_into(dir.path(), &[seed.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let entries = folio::book::catalogue::read(dir.path()).unwrap().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.number == 1985 && e.title == "Monsoon Diplomacy")
    );
    assert!(entries.iter().any(|e| e.number == 1957));
    let numbers: Vec<u32> = entries.iter().map(|e| e.number).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(numbers, sorted, "sorted and deduplicated by number");
    // Importing again does not overwrite a source without --force.
    let run = import_into(dir.path(), &["tests/fixtures/import/wagah-trade.txt"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("already exists"));
}

#[test]
fn text_that_looks_like_markup_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("odd.txt");
    std::fs::write(
        &txt,
        "PR Explainer\nA *starred* <b>title</b>\nCWA #7\n\nA. Writer\n1 March 2026\n\n\
         Lede with [brackets](x) and #hash and `ticks` and [@cite-like].\n\n1. What about <script>?\n- a *bullet* [x](y)\n\n\
         References\nA. Writer, “Title,” Press, 2024\nhttps://example.org/a\n",
    )
    .unwrap();
    let run = import_into(dir.path(), &[txt.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let source = dir.path().join("cwa-7-a-starred-b-title-b.md");
    let doc = parse(&source);
    assert_eq!(doc.title, "A *starred* <b>title</b>");
    let text = serde_json::to_string(&doc.lede).unwrap();
    assert!(
        text.contains("Lede with [brackets](x) and #hash and `ticks` and [@cite-like]."),
        "{text}"
    );
    assert_eq!(doc.sections[0].title_text, "What about <script>?");
    // A "- " line is a list item, its text still text.
    match &doc.sections[0].blocks[..] {
        [folio::model::Block::List { items, .. }] => assert!(
            serde_json::to_string(&items[0].blocks)
                .unwrap()
                .contains("a *bullet* [x](y)")
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_new_source_takes_the_next_number_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (run, source) = new_source(dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    let text = std::fs::read_to_string(&source).unwrap();
    // Every key is there, the optional ones commented.
    for key in [
        "# subtitle:",
        "# lang:",
        "# keywords:",
        "# image:",
        "# references:",
        "#     url:",
    ] {
        assert!(text.contains(key), "{key} missing:\n{text}");
    }
    let doc = parse(&source);
    assert_eq!(doc.title, "Water: talks resume");
    assert_eq!(doc.number, Some(1991));
    assert_eq!(doc.date, folio::check::today());
    assert_eq!(doc.sections.len(), 1);
    builds_in_every_format(dir.path(), &source);
    // The same title again is refused rather than overwritten.
    let again = folio(&[
        "new",
        "--title",
        "Water: talks resume",
        "--dir",
        dir.path().to_str().unwrap(),
    ]);
    assert!(
        again.status.success(),
        "the next number makes a new file: {}",
        stderr(&again)
    );
    assert!(dir.path().join("cwa-1992-water-talks-resume.md").is_file());
}

/// The checks that need Java: EPUBCheck 5 on what the importer and `folio new` write, built as
/// the tests above build it.
mod validator {
    use super::*;

    #[test]
    fn what_import_and_new_write_builds_an_epub_epubcheck_passes() {
        let epub_of = |dir: &Path, source: &Path| {
            let out = dir.join("out");
            let run = build_into(
                out.to_str().unwrap(),
                &["-f", "epub", source.to_str().unwrap()],
            );
            assert!(run.status.success(), "{}", stderr(&run));
            out.join(source.with_extension("epub").file_name().unwrap())
        };
        let mut epubs = Vec::new();
        for (input, written) in [
            (SEED, "cwa-1975-pakistan-taliban-peace-talks.md"),
            (
                "tests/fixtures/import/wagah-trade.txt",
                "cwa-1988-wagah-and-the-return-of-border-trade.md",
            ),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let run = import_into(dir.path(), &[root().join(input).to_str().unwrap()]);
            assert!(run.status.success(), "{}", stderr(&run));
            epubs.push((epub_of(dir.path(), &dir.path().join(written)), dir));
        }
        let dir = tempfile::tempdir().unwrap();
        let (run, source) = new_source(dir.path());
        assert!(run.status.success(), "{}", stderr(&run));
        epubs.push((epub_of(dir.path(), &source), dir));
        for (epub, _dir) in &epubs {
            let (errors, warnings, report) = epubcheck(epub);
            assert_eq!((errors, warnings), (0, 0), "{}: {report}", epub.display());
        }
    }
}
