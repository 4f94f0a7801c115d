//! Collections and the annual (issue #8): `folio annual tests/fixtures/annual --year 2025` and
//! `folio collection`, checked in every format: year filtering, order, true contents and index
//! page numbers, contributor deduplication, catalogue rows, the outline, print boxes, EPUBCheck,
//! repeatability, and problems reported.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;

const ANNUAL: &str = "tests/fixtures/annual";

/// The chapters of the 2025 annual, in date order.
const CHAPTERS: [&str; 4] = [
    "Water Talks Resume",
    "The Border Trade Question",
    "Monsoon Diplomacy",
    "Peace Talks at a Crossroads",
];

/// The annual, built once for every test here: (temp dir, stderr).
fn annual() -> &'static (tempfile::TempDir, String) {
    static BUILT: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let run = folio(&[
            "annual",
            ANNUAL,
            "--year",
            "2025",
            "--out",
            out.path().to_str().unwrap(),
        ]);
        let err = stderr(&run);
        assert!(run.status.success(), "annual failed:\n{err}");
        (out, err)
    })
}

fn annual_file(suffix: &str) -> PathBuf {
    annual().0.path().join(format!("annual-2025{suffix}"))
}

/// The text of each page of a PDF.
fn pages(pdf: &Path) -> Vec<String> {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
        .split('\u{c}')
        .map(str::to_string)
        .collect()
}

/// The physical page (0-based) where each chapter opens: the first page after the contents
/// that carries its title.
fn chapter_pages(pages: &[String]) -> Vec<usize> {
    let contents = pages
        .iter()
        .position(|p| p.contains("Contents"))
        .expect("a contents page");
    CHAPTERS
        .iter()
        .map(|title| {
            (contents + 1..pages.len())
                .find(|&i| squash(&pages[i]).contains(&squash(title)))
                .unwrap_or_else(|| panic!("chapter `{title}` not found"))
        })
        .collect()
}

/// The page number of the contents entry for `title`: the last word of the first line, from
/// the title's on, that ends in a number (an entry's number sits on its last line).
fn number_after(page: &str, title: &str) -> String {
    let lines: Vec<&str> = page.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(title))
        .unwrap_or_else(|| panic!("`{title}` not on the page:\n{page}"));
    lines[at..]
        .iter()
        .filter_map(|l| l.split_whitespace().last())
        .find(|w| w.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_annual_writes_three_files_and_reports_problems() {
    let (dir, err) = annual();
    assert_eq!(
        listing(dir.path()),
        [
            "annual-2025.epub",
            "annual-2025.pdf",
            "annual-2025.print.pdf"
        ]
    );
    // The 2024 piece is left out, and said to be.
    assert!(
        err.contains("1 explainer not dated in 2025 left out"),
        "{err}"
    );
    assert!(err.contains("old-2024.md"), "{err}");
    // Two explainers share #1955.
    assert!(err.contains("CWA #1955 is also the number of"), "{err}");
    // "Ravi  kumar" and "Ravi Kumar" are one author spelled two ways.
    assert!(err.contains("spelled 2 ways"), "{err}");
    assert!(err.contains("the book uses `Ravi Kumar`"), "{err}");
}

#[test]
fn chapters_are_the_years_explainers_in_date_order() {
    let text = pages(&annual_file(".pdf")).concat();
    let squashed = squash(&text);
    assert!(!squashed.contains("APiecefrom2024"), "the 2024 piece is in");
    let at: Vec<usize> = CHAPTERS
        .iter()
        .map(|t| squashed.find(&squash(t)).expect("chapter in text"))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "chapters out of order");
    // Every chapter keeps its own references and notes.
    for n in ["1950", "1955", "1975"] {
        assert!(
            squashed.contains(&format!("mea.gov.in/statement-{n}")),
            "{n}"
        );
        assert!(
            squashed.contains(&format!("Anoteonsourcesforchapter{n}")),
            "{n}"
        );
    }
}

#[test]
fn contents_and_index_give_the_pages_chapters_open_on() {
    for suffix in [".pdf", ".print.pdf"] {
        let pdf = annual_file(suffix);
        let pages = pages(&pdf);
        let opens = chapter_pages(&pages);
        // Arabic numbering starts at 1 on the first chapter's opening page.
        let shown: Vec<String> = opens
            .iter()
            .map(|p| (p - opens[0] + 1).to_string())
            .collect();
        let contents = pages.iter().find(|p| p.contains("Contents")).unwrap();
        for (title, page) in CHAPTERS.iter().zip(&shown) {
            assert_eq!(
                &number_after(contents, title),
                page,
                "contents: {title} in {suffix}"
            );
        }
        // The index: "Iyer, Meera 2, 4" — Meera Iyer wrote chapters 2 and 4.
        let index = pages
            .iter()
            .find(|p| p.contains("Index of authors") && p.contains("Iyer, Meera"))
            .expect("an index page");
        let line = index
            .lines()
            .find(|l| l.contains("Iyer, Meera"))
            .expect("index entry");
        assert!(
            line.trim_end()
                .ends_with(&format!("{}, {}", shown[1], shown[3])),
            "index line `{line}` vs pages {shown:?} in {suffix}"
        );
        let line = index
            .lines()
            .find(|l| l.contains("Rao, Anil"))
            .expect("index entry");
        assert!(line.trim_end().ends_with(&shown[2]), "`{line}`");
    }
}

#[test]
fn contributors_appear_once_with_their_latest_bio() {
    let pages = pages(&annual_file(".pdf"));
    let page = pages
        .iter()
        .find(|p| p.contains("Contributors") && !p.contains("Contents"))
        .expect("a contributors page");
    let text = squash(page);
    assert_eq!(
        text.matches("RaviKumar").count(),
        2,
        "name + latest bio:\n{page}"
    );
    assert!(
        text.contains("RaviKumarisaResearchAssociateatNIAS"),
        "{page}"
    );
    assert!(!text.contains("researchintern"), "an older bio: {page}");
    assert!(
        !page.contains("Ravi  kumar") && !text.contains("Ravikumar"),
        "{page}"
    );
    // Ravi Kumar wrote three chapters.
    for title in [CHAPTERS[0], CHAPTERS[1], CHAPTERS[3]] {
        assert!(text.contains(&squash(title)), "{title}");
    }
    for name in ["MeeraIyer", "AnilRao"] {
        assert!(text.contains(name), "{name}");
    }
}

#[test]
fn the_catalogue_lists_the_year_and_marks_what_is_not_included() {
    let pages = pages(&annual_file(".pdf"));
    let page = pages
        .iter()
        .rev()
        .find(|p| p.contains("Series catalogue"))
        .expect("a catalogue page");
    let rows: Vec<&str> = page
        .lines()
        .filter(|l| l.trim_start().starts_with("19"))
        .collect();
    let numbers: Vec<&str> = rows
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    // 1950 (listed in series.yaml too: once), both 1955s, 1957 and 1960 from series.yaml, 1975;
    // not 1901 (2024).
    assert_eq!(
        numbers,
        ["1950", "1955", "1955", "1957", "1960", "1975"],
        "{page}"
    );
    for (number, included) in [("1957", false), ("1960", false), ("1975", true)] {
        let row = rows
            .iter()
            .find(|r| r.trim_start().starts_with(number))
            .unwrap();
        assert_eq!(!row.contains("not in this volume"), included, "row `{row}`");
    }
}

#[test]
fn the_outline_has_front_matter_chapters_with_sections_and_back_matter() {
    let outline = outline(&annual_file(".pdf"));
    let top: Vec<&str> = outline
        .iter()
        .filter(|(d, _)| *d == 0)
        .map(|(_, t)| t.as_str())
        .collect();
    let mut expected = vec!["Contents", "Foreword"];
    expected.extend(CHAPTERS);
    expected.extend(["Contributors", "Index of authors", "Series catalogue"]);
    assert_eq!(top, expected);
    // Under a chapter: its sections, bio box and references.
    let i = outline.iter().position(|(_, t)| t == CHAPTERS[3]).unwrap();
    let under: Vec<&str> = outline[i + 1..]
        .iter()
        .take_while(|(d, _)| *d == 1)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        under,
        [
            "1. What happened?",
            "2. Why does it matter?",
            "About the author",
            "References"
        ]
    );
}

/// The PDF outline as (depth, title), in order.
fn outline(pdf: &Path) -> Vec<(usize, String)> {
    use lopdf::{Document, Object};
    let doc = Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = catalog
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .unwrap();
    let first = doc
        .get_dictionary(outlines)
        .unwrap()
        .get(b"First")
        .and_then(Object::as_reference)
        .unwrap();
    let mut out = Vec::new();
    fn walk(doc: &Document, mut id: lopdf::ObjectId, depth: usize, out: &mut Vec<(usize, String)>) {
        loop {
            let item = doc.get_dictionary(id).unwrap();
            let title = lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap();
            out.push((depth, title));
            if let Ok(child) = item.get(b"First").and_then(Object::as_reference) {
                walk(doc, child, depth + 1, out);
            }
            match item.get(b"Next").and_then(Object::as_reference) {
                Ok(next) => id = next,
                Err(_) => break,
            }
        }
    }
    walk(&doc, first, 0, &mut out);
    out
}

#[test]
fn the_print_edition_has_boxes_right_hand_chapters_and_a_multiple_of_four_pages() {
    let pdf = annual_file(".print.pdf");
    let info = pdfinfo(&pdf);
    let count: usize = field(&info, "Pages").parse().unwrap();
    assert_eq!(count % 4, 0, "{count} pages");
    let boxes = tool(
        "pdfinfo",
        &[
            "-box",
            "-f",
            "1",
            "-l",
            &count.to_string(),
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(boxes.matches("TrimBox:").count(), count);
    assert_eq!(boxes.matches("BleedBox:").count(), count);
    // Every chapter opens on a right-hand (odd) page.
    for p in chapter_pages(&pages(&pdf)) {
        assert_eq!(p % 2, 0, "a chapter opens on page {} (left-hand)", p + 1);
    }
    // Print has no cover page: the title page comes first.
    let first = &pages(&pdf)[0];
    assert!(
        first.contains("NIAS Explainers 2025") && first.contains("Edited by"),
        "{first}"
    );
}

#[test]
fn every_pdf_is_clean_embedded_and_repeatable() {
    let again = tempfile::tempdir().unwrap();
    let run = folio(&[
        "annual",
        ANNUAL,
        "--year",
        "2025",
        "--out",
        again.path().to_str().unwrap(),
        "-q",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    for suffix in [".pdf", ".print.pdf", ".epub"] {
        let a = std::fs::read(annual_file(suffix)).unwrap();
        let b = std::fs::read(again.path().join(format!("annual-2025{suffix}"))).unwrap();
        assert!(a == b, "annual-2025{suffix} differs between two builds");
    }
    for suffix in [".pdf", ".print.pdf"] {
        let pdf = annual_file(suffix);
        tool("qpdf", &["--check", pdf.to_str().unwrap()]);
        let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
        for line in fonts.lines().skip(2) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "font not embedded in {suffix}: {line}");
        }
    }
    let info = pdfinfo(&annual_file(".pdf"));
    assert_eq!(field(&info, "Title"), "NIAS Explainers 2025");
    // The book's editors are the PDF's authors.
    assert_eq!(field(&info, "Author"), "D. Suba Chandran, Ananya Rao");
    // Page labels: viewers show the roman front matter and arabic chapters as printed.
    let objects = pdf_objects(&annual_file(".pdf"));
    assert!(objects.contains("/PageLabels"));
    assert!(
        objects.contains("/S /r") && objects.contains("/S /D"),
        "roman and arabic labels"
    );
}

#[test]
fn the_annual_epub_links_every_part() {
    let epub = annual_file(".epub");
    let files = unzip(&epub);
    let text = |name: &str| {
        let (_, bytes) = files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name}"));
        String::from_utf8(bytes.clone()).unwrap()
    };
    let nav = text("OEBPS/nav.xhtml");
    for (i, title) in CHAPTERS.iter().enumerate() {
        assert!(
            nav.contains(&format!("ch-{}.xhtml#ch-{}-title\">{title}", i + 1, i + 1)),
            "{title}"
        );
        let chapter = text(&format!("OEBPS/ch-{}.xhtml", i + 1));
        // Ids are prefixed by the chapter, so they are unique across the book.
        assert!(chapter.contains(&format!("id=\"ch-{}-fn-1\"", i + 1)));
        assert!(!chapter.contains("id=\"fn-1\""));
    }
    let opf = text("OEBPS/package.opf");
    assert!(opf.contains("urn:isbn:9781861978769"), "{opf}");
    assert!(opf.contains("<dc:creator id=\"editor-1\">D. Suba Chandran</dc:creator>"));
    assert!(text("OEBPS/catalogue.xhtml").contains("UK and China <em>(not in this volume)</em>"));
    let index = text("OEBPS/author-index.xhtml");
    assert!(
        index.contains("Iyer, Meera: <a href=\"ch-2.xhtml#ch-2-title\">"),
        "{index}"
    );
    assert!(text("OEBPS/foreword.xhtml").contains("The series began in 2005."));
}

/// A collection of two samples, `--order input`, built once in every format.
fn borders_and_rivers() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let run = folio(&[
                "collection",
                "samples/cwa-1990-torkham-crossing.md",
                "samples/cwa-1982-indus-waters-treaty-in-abeyance.md",
                "--title",
                "Borders & Rivers",
                "--order",
                "input",
                "--out",
                out.path().to_str().unwrap(),
            ]);
            assert!(run.status.success(), "{}", stderr(&run));
            out
        })
        .path()
}

#[test]
fn a_collection_of_two_explainers_is_an_epub_whose_nav_lists_both() {
    let out = borders_and_rivers();
    assert_eq!(
        listing(out),
        [
            "borders-rivers.epub",
            "borders-rivers.pdf",
            "borders-rivers.print.pdf"
        ]
    );
    let epub = out.join("borders-rivers.epub");
    let nav = unzip(&epub)
        .into_iter()
        .find(|(n, _)| n == "OEBPS/nav.xhtml")
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap();
    let torkham = nav.find("Torkham").expect("Torkham in nav");
    let indus = nav.find("Indus Waters").expect("Indus in nav");
    assert!(torkham < indus, "--order input keeps the given order");
    // The title's `&` is escaped in XML and printed as is in the PDF.
    assert!(
        String::from_utf8_lossy(
            &unzip(&epub)
                .into_iter()
                .find(|(n, _)| n == "OEBPS/title.xhtml")
                .unwrap()
                .1
        )
        .contains("Borders &amp; Rivers")
    );
    assert!(squashed_text(&out.join("borders-rivers.pdf")).contains("Borders&Rivers"));
}

#[test]
fn a_broken_source_fails_the_book_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("samples/cwa-1990-torkham-crossing.md"),
        dir.path().join("a.md"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("images")).unwrap();
    for img in std::fs::read_dir(root().join("samples/images"))
        .unwrap()
        .flatten()
    {
        std::fs::copy(img.path(), dir.path().join("images").join(img.file_name())).unwrap();
    }
    std::fs::write(
        dir.path().join("b.md"),
        "---\ntitle: Broken\nauthor: A\ndate: 2026-02-30\n---\nBody\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = folio(&[
        "annual",
        dir.path().to_str().unwrap(),
        "--year",
        "2026",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("b.md:4:1: error: invalid date"), "{err}");
    assert!(err.contains("the book was not written"), "{err}");
    assert!(listing(&out).is_empty());
    // No explainer in the year: an error, not an empty book.
    let run = folio(&[
        "annual",
        ANNUAL,
        "--year",
        "1999",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        stderr(&run).contains("no explainer is dated in 1999"),
        "{}",
        stderr(&run)
    );
    assert!(listing(&out).is_empty());
}

#[test]
fn an_annual_without_a_book_title_is_titled_after_its_series() {
    let out = tempfile::tempdir().unwrap();
    let run = folio(&[
        "annual",
        "samples",
        "--year",
        "2026",
        "-f",
        "pdf",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    // The seed is dated 2025-12-31: left out of 2026, and said to be.
    assert!(
        err.contains("cwa-1975-pakistan-taliban-peace-talks.md (2025-12-31)"),
        "{err}"
    );
    let info = pdfinfo(&out.path().join("annual-2026.pdf"));
    assert_eq!(field(&info, "Title"), "CWA Annual 2026");
    let text = squashed_text(&out.path().join("annual-2026.pdf"));
    // The brand beside the sources is the book's: its publisher is on the cover.
    assert!(
        text.contains("NationalInstituteofAdvancedStudies"),
        "{text}"
    );
    assert!(
        !text.contains("Pakistan-TalibanPeaceTalks"),
        "the 2025 piece is in"
    );
}

#[test]
fn bad_book_settings_are_errors_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/annual/a-march.md"),
        dir.path().join("a.md"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run_annual = || {
        folio(&[
            "annual",
            dir.path().to_str().unwrap(),
            "--year",
            "2025",
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let cases: [(&str, &str, &str); 4] = [
        (
            "folio.toml",
            "title = \"T\"\ntitel = \"U\"\n",
            "folio.toml:2:1: error: unknown field `titel`",
        ),
        (
            "folio.toml",
            "isbn_print = \"978-0-306-40615-6\"\n",
            "folio.toml:1:1: error: isbn_print: `978-0-306-40615-6` has a wrong check digit",
        ),
        (
            "folio.toml",
            "foreword = \"../outside.md\"\n",
            "error: foreword `../outside.md` is not a file inside",
        ),
        (
            "series.yaml",
            "- number: 1\n  month: November 2025\n  title: X\n",
            "series.yaml:2:1: error: month `November 2025` of #1 is not YYYY-MM",
        ),
    ];
    for (file, text, expected) in cases {
        let _ = std::fs::remove_file(dir.path().join("folio.toml"));
        let _ = std::fs::remove_file(dir.path().join("series.yaml"));
        std::fs::write(dir.path().join(file), text).unwrap();
        let run = run_annual();
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{file}: {err}");
        assert!(
            err.contains(expected),
            "{file}: expected `{expected}` in\n{err}"
        );
        assert!(listing(&out).is_empty(), "{file}: something was written");
    }
}

/// The checks that need Java: EPUBCheck 5 on the books the tests above read.
mod validator {
    use super::*;

    #[test]
    fn the_annual_epub_passes_epubcheck() {
        let (errors, warnings, report) = epubcheck(&annual_file(".epub"));
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }

    #[test]
    fn a_collection_of_two_explainers_passes_epubcheck() {
        let epub = borders_and_rivers().join("borders-rivers.epub");
        let (errors, warnings, report) = epubcheck(&epub);
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}
