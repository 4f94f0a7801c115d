//! Documents in other languages: an Urdu explainer (right to left) and a French one build in
//! every format with every word folio adds — headings, "Page 1 of 2", "accessed", captions,
//! the EPUB's labels and accessibility summary — and every date in their own language; the
//! Urdu pages mirror. Read back with pdftotext (words and their boxes) and from the EPUB.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::common::{self, build_into, epubcheck, stderr, tool, unzip};

/// The built-in labels of `lang` (`templates/labels/<lang>.toml`); English's are every word
/// folio prints itself.
fn labels_of(lang: &str) -> BTreeMap<String, String> {
    let path = common::root().join(format!("templates/labels/{lang}.toml"));
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    table
        .into_iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
        .collect()
}

/// English words that must not appear in `text` (a document in `lang`): every English label
/// that `lang` words differently, and the English month names.
fn english_in(text: &str, lang: &str) -> Vec<String> {
    let own = labels_of(lang);
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = format!(" {} ", words.join(" "));
    let mut found = Vec::new();
    for (key, english) in labels_of("en") {
        if key == "locale" || own.get(&key) == Some(&english) {
            continue;
        }
        let phrase: Vec<&str> = english
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // One-letter and symbol-only labels say nothing about the language.
        if phrase.is_empty() || phrase.join("").chars().count() < 2 {
            continue;
        }
        if joined.contains(&format!(" {} ", phrase.join(" "))) {
            found.push(format!("{key} = {english:?}"));
        }
    }
    for month in common::MONTHS {
        if joined.contains(&format!(" {month} ")) {
            found.push(month.to_string());
        }
    }
    found
}

/// Builds `tests/fixtures/lang/<name>.md` in every format into a new folder.
fn build(name: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let source = format!("tests/fixtures/lang/{name}.md");
    let run = build_into(out.path().to_str().unwrap(), &[&source]);
    assert!(run.status.success(), "{name} failed:\n{}", stderr(&run));
    out
}

/// The Urdu, French or South Asia fixture, built once in every format (see [`build`]) for the
/// tests here and the validators below.
fn built(name: &str) -> &'static Path {
    static URDU: OnceLock<tempfile::TempDir> = OnceLock::new();
    static FRENCH: OnceLock<tempfile::TempDir> = OnceLock::new();
    static SOUTH_ASIA: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = match name {
        "urdu" => &URDU,
        "french" => &FRENCH,
        "south-asia" => &SOUTH_ASIA,
        _ => panic!("no fixture `{name}` is built once"),
    };
    cell.get_or_init(|| build(name)).path()
}

/// A collection of an English sample and the Urdu explainer, built once as PDF and EPUB.
fn two_languages() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let out = tempfile::tempdir().unwrap();
            let run = common::folio(&[
                "collection",
                "samples/cwa-1975-pakistan-taliban-peace-talks.md",
                "tests/fixtures/lang/urdu.md",
                "--title",
                "Two Languages",
                "--order",
                "input",
                "-f",
                "pdf,epub",
                "--out",
                out.path().to_str().unwrap(),
            ]);
            assert!(run.status.success(), "{}", stderr(&run));
            out
        })
        .path()
}

/// Every word of the EPUB a reader or a screen reader meets: the XHTML text, attributes
/// included, and the package document's metadata (but for its controlled vocabularies).
fn epub_text(epub: &Path) -> String {
    unzip(epub)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xhtml") || name.ends_with(".opf"))
        .map(|(_, bytes)| {
            let xml = String::from_utf8(bytes).unwrap();
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let doc = roxmltree::Document::parse_with_options(&xml, options).unwrap();
            let mut text = String::new();
            for node in doc.descendants() {
                // Controlled vocabularies (`textual`, `EPUB Accessibility 1.1 - WCAG 2.1 Level
                // AA`) are identifiers, not words; the accessibility summary is prose.
                let vocabulary = node.parent().is_some_and(|p| {
                    p.tag_name().name() == "meta"
                        && p.attribute("property") != Some("schema:accessibilitySummary")
                });
                if vocabulary {
                    continue;
                }
                if node.is_text()
                    && let Some(t) = node.text()
                {
                    text.push_str(t);
                    text.push(' ');
                }
                for a in node.attributes() {
                    if matches!(a.name(), "alt" | "aria-label" | "title") {
                        text.push_str(a.value());
                        text.push(' ');
                    }
                }
            }
            text
        })
        .collect()
}

/// (word, xMin) of every word pdftotext finds on page `page` of `pdf`.
fn words_on_page(pdf: &Path, page: usize) -> Vec<(String, f64)> {
    let p = page.to_string();
    let html = tool(
        "pdftotext",
        &["-bbox", "-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
    );
    html.lines()
        .filter_map(|l| {
            let l = l.trim();
            let x = l.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let word = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((word, x))
        })
        .collect()
}

fn x_of(words: &[(String, f64)], needle: &str) -> f64 {
    words
        .iter()
        .find(|(w, _)| w.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not on the page: {words:?}"))
        .1
}

#[test]
fn an_urdu_explainer_is_urdu_throughout_and_mirrored() {
    let out = built("urdu");
    let labels = labels_of("ur");
    for file in ["urdu.pdf", "urdu.print.pdf"] {
        let pdf = out.join(file);
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert_eq!(english_in(&text, "ur"), Vec::<String>::new(), "{file}");
        for key in ["about_authors", "references", "page", "photo", "figure"] {
            assert!(text.contains(&labels[key]), "{file}: no `{}`", labels[key]);
        }
        // Dates in Urdu: the explainer's and a reference's.
        assert!(text.contains("جنوری"), "{file}: the date is not in Urdu");
        assert!(
            text.contains("اگست"),
            "{file}: the reference date is not in Urdu"
        );
        // The brand band mirrors: the publisher on the right, the series label on the left;
        // so does the byline (authors right, the date on the left half of the page).
        let page = words_on_page(&pdf, 1);
        assert!(
            x_of(&page, "folio") > x_of(&page, "#2001"),
            "{file}: band not mirrored"
        );
        assert!(
            x_of(&page, "2026") < 250.0,
            "{file}: the date is not on the left"
        );
    }
    let epub = out.join("urdu.epub");
    let text = epub_text(&epub);
    assert_eq!(english_in(&text, "ur"), Vec::<String>::new());
    assert!(text.contains(&labels["a11y_all_alt"]));
    let content = unzip(&epub)
        .into_iter()
        .find(|(n, _)| n == "OEBPS/content.xhtml")
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap();
    assert!(content.contains("dir=\"rtl\"") && content.contains("lang=\"ur\""));
}

#[test]
fn a_french_explainer_is_french_throughout() {
    let out = built("french");
    let labels = labels_of("fr");
    for file in ["french.pdf", "french.print.pdf"] {
        let pdf = out.join(file);
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert_eq!(english_in(&text, "fr"), Vec::<String>::new(), "{file}");
        for key in ["about_authors", "references", "of", "figure"] {
            assert!(text.contains(&labels[key]), "{file}: no `{}`", labels[key]);
        }
        assert!(
            text.contains("3 février 2026"),
            "{file}: the date is not in French"
        );
        assert!(text.contains("consulté le 5 janvier 2026"), "{file}");
        // Three authors joined the French way, and the title in French quotes.
        assert!(
            text.contains("Claire Dubois, Marc Lefèvre et Inès Moreau"),
            "{file}"
        );
        assert!(text.contains("« Le traité des eaux de l’Indus »"), "{file}");
        // Left to right: publisher left of the series, authors left of the date.
        let page = words_on_page(&pdf, 1);
        assert!(x_of(&page, "folio") < x_of(&page, "#2002"));
        assert!(x_of(&page, "Claire") < x_of(&page, "2026"));
        assert!(
            x_of(&page, "2026") > 350.0,
            "{file}: the date is not on the right"
        );
    }
    let epub = out.join("french.epub");
    let text = epub_text(&epub);
    assert_eq!(english_in(&text, "fr"), Vec::<String>::new());
    assert!(text.contains("Figure 1"), "the figure label");
    assert!(text.contains(&labels["a11y_all_alt"]));
}

#[test]
fn the_checker_finds_english() {
    assert_eq!(
        english_in("Références\n3 March 2026 About the authors", "fr"),
        ["about_authors = \"About the authors\"", "March"]
    );
    assert!(english_in("Page 1 sur 2", "fr").is_empty());
}

#[test]
fn a_brand_words_a_label_for_one_language_or_all() {
    let dir = tempfile::tempdir().unwrap();
    let src = common::root().join("tests/fixtures/lang");
    for f in ["french.md", "crossing.svg"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("brand.toml"),
        "[labels]\nphoto = \"Image\"\n\n[labels.fr]\nreferences = \"Sources\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = build_into(
        out.to_str().unwrap(),
        &["-f", "pdf", dir.path().join("french.md").to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let text = tool(
        "pdftotext",
        &[out.join("french.pdf").to_str().unwrap(), "-"],
    );
    assert!(text.contains("Sources") && !text.contains("Références"));
    assert!(
        text.contains("Image : NIAS") || text.contains("Image: NIAS"),
        "{text}"
    );

    // A misspelt label is an error naming the brand file, with a suggestion.
    std::fs::write(
        dir.path().join("brand.toml"),
        "[labels.fr]\nreferencs = \"x\"\n",
    )
    .unwrap();
    let run = build_into(
        out.to_str().unwrap(),
        &[dir.path().join("french.md").to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("brand.toml") && err.contains("unknown label `referencs`"),
        "{err}"
    );
    assert!(err.contains("did you mean `references`?"), "{err}");
}

#[test]
fn each_chapter_of_a_book_keeps_its_own_language() {
    let out = two_languages();
    let pdf = out.join("two-languages.pdf");
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let ur = labels_of("ur");
    // The book's own pages are English (its first chapter's language); the Urdu chapter's
    // credit line, caption, bio box and references are Urdu.
    assert!(text.contains("Contents") && text.contains("Index of authors"));
    for key in ["photo", "figure", "about_authors", "references"] {
        assert!(
            text.contains(&ur[key]),
            "no `{}` in the Urdu chapter",
            ur[key]
        );
    }
    assert!(
        !text.contains("Photo source: ادارہ"),
        "the Urdu credit line is English"
    );
    let epub = out.join("two-languages.epub");
    let chapter = unzip(&epub)
        .into_iter()
        .find(|(n, _)| n == "OEBPS/ch-2.xhtml")
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap();
    assert!(chapter.contains("dir=\"rtl\"") && chapter.contains(&ur["figure"]));
}

/// Glyph 0 (`.notdef`, an empty box) in any text typst laid out on `frame`.
fn notdef_glyphs(frame: &typst::layout::Frame, out: &mut Vec<String>) {
    for (_, item) in frame.items() {
        match item {
            typst::layout::FrameItem::Group(g) => notdef_glyphs(&g.frame, out),
            typst::layout::FrameItem::Text(t) if t.glyphs.iter().any(|g| g.id == 0) => {
                out.push(t.text.to_string())
            }
            _ => {}
        }
    }
}

/// Names in every script of South Asia that folio bundles a font for are laid out with real
/// glyphs (no `.notdef` anywhere, screen and print), embedded in the PDF, and carried by the
/// EPUB; a script no font covers (Chinese here) is a warning at its line, in build and check.
#[test]
fn every_script_of_the_region_renders_and_others_are_named() {
    use folio::render::{Layout, Pages, Publication};
    let source = common::root().join("tests/fixtures/lang/south-asia.md");
    let doc = folio::source::load(&source).unwrap().document;
    let session = folio::Session::new(folio::BuildOptions::default()).unwrap();
    let brand = session.brand_for(&source).unwrap();
    let words = brand.words(&doc.lang).unwrap();
    let piece = folio::model::Piece::new(doc.clone(), &words, "");
    for pages in [Pages::Screen, Pages::Print] {
        let layout = Layout {
            format: pages,
            multiple: Some(2),
        };
        let compiled = session
            .layout(Publication::Explainer(&piece), &brand, layout)
            .unwrap();
        let mut boxes = Vec::new();
        for page in compiled.document.pages() {
            notdef_glyphs(&page.frame, &mut boxes);
        }
        assert!(boxes.is_empty(), "{pages:?}: empty boxes for {boxes:?}");
    }
    assert!(session.missing_glyphs(&doc).is_empty());

    let out = built("south-asia");
    let fonts = tool("pdffonts", &[out.join("south-asia.pdf").to_str().unwrap()]);
    for script in [
        "Bengali",
        "Gurmukhi",
        "Gujarati",
        "Oriya",
        "Tamil",
        "Telugu",
        "Kannada",
        "Malayalam",
        "Sinhala",
    ] {
        assert!(
            fonts.contains(&format!("NotoSans{script}")),
            "{script} not embedded"
        );
    }
    let epub = out.join("south-asia.epub");
    let names: Vec<String> = unzip(&epub).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.iter().any(|n| n.contains("NotoSansTamil")),
        "{names:?}"
    );

    // Chinese: no bundled font; a warning naming the characters and the line, and a build.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("zh.md");
    std::fs::write(
        &src,
        "---\ntitle: Talks in Beijing\ndate: 2026-01-01\nauthor: Li Ming\n---\n\nThe envoy, 李明, met officials.\n",
    )
    .unwrap();
    let run = build_into(
        dir.path().join("out").to_str().unwrap(),
        &["-f", "pdf", src.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.contains("zh.md:7:12: warning[missing-glyph]: no font folio has can show `李明`"),
        "{err}"
    );
    assert!(err.contains("--fonts DIR"), "{err}");
    let check = common::folio(&["check", src.to_str().unwrap()]);
    assert!(
        stderr(&check).contains("warning[missing-glyph]"),
        "{}",
        stderr(&check)
    );
}

/// The checks that need Java: EPUBCheck 5 on the EPUBs the tests above read.
mod validator {
    use super::*;

    fn passes_epubcheck(name: &str) {
        let epub = built(name).join(format!("{name}.epub"));
        let (errors, warnings, report) = epubcheck(&epub);
        assert_eq!((errors, warnings), (0, 0), "{name}: {report}");
    }

    /// With `dir="rtl"` and `lang="ur"`.
    #[test]
    fn the_urdu_epub_passes_epubcheck() {
        passes_epubcheck("urdu");
    }

    #[test]
    fn the_french_epub_passes_epubcheck() {
        passes_epubcheck("french");
    }

    /// With a font for every script of the region.
    #[test]
    fn the_south_asia_epub_passes_epubcheck() {
        passes_epubcheck("south-asia");
    }

    #[test]
    fn a_book_in_two_languages_passes_epubcheck() {
        let (errors, warnings, report) = epubcheck(&two_languages().join("two-languages.epub"));
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}
