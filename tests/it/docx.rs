//! The Word file (`--format docx`) read back by the tools that read Word files: python-docx
//! (styles, headings, lists, tables, footnotes, pictures, core properties), pandoc's docx reader
//! (every word of the piece), `folio import` (the piece itself: a round trip) and, in
//! `validator`, LibreOffice, which opens and prints each one. A brand's reference document
//! changes the styles' fonts and the page; two builds are byte-identical.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::*;
use folio::model::{Block, plain_text};

/// The explainers built as Word files: every sample, the French and Urdu fixtures and the
/// hostile one.
fn explainer_sources() -> Vec<PathBuf> {
    let mut sources = markdown_files("samples");
    for f in [
        "tests/fixtures/lang/french.md",
        "tests/fixtures/lang/urdu.md",
        "tests/fixtures/ok/hostile.md",
    ] {
        sources.push(root().join(f));
    }
    sources
}

/// Every explainer above and the annual fixture, built as Word files once.
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    /// The explainers' Word files, with their sources.
    explainers: Vec<(PathBuf, PathBuf)>,
    annual: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        let sources = explainer_sources();
        let mut args = vec!["-f", "docx"];
        let names: Vec<String> = sources
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        args.extend(names.iter().map(String::as_str));
        let run = build_into(out.to_str().unwrap(), &args);
        assert!(run.status.success(), "{}", stderr(&run));
        let explainers = sources
            .into_iter()
            .map(|s| {
                let docx = out.join(format!("{}.docx", s.file_stem().unwrap().to_string_lossy()));
                assert!(docx.is_file(), "{} not written", docx.display());
                (s, docx)
            })
            .collect();
        let run = folio(&[
            "annual",
            "tests/fixtures/annual",
            "--year",
            "2025",
            "-f",
            "docx",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        let annual = out.join("annual-2025.docx");
        assert!(annual.is_file());
        Built {
            _dir: dir,
            out,
            explainers,
            annual,
        }
    })
}

/// What python-docx reads in `docx` (tests/docx_read.py).
fn python_docx(docx: &Path) -> Value {
    let json = tool(
        "python3",
        &[
            root().join("tests/docx_read.py").to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    serde_json::from_str(&json).unwrap()
}

fn parse(source: &Path) -> folio::Document {
    folio::source::parse(source, &std::fs::read(source).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e:?}", source.display()))
        .document
}

/// The paragraphs python-docx read in `style`, their text.
fn in_style(read: &Value, style: &str) -> Vec<String> {
    read["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["style"] == style)
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect()
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The texts of `blocks`, depth first (paragraphs, headings, items, cells, captions, code).
fn texts(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph { content } | Block::Heading { content, .. } => {
                out.push(plain_text(content))
            }
            Block::List { items, .. } => items.iter().for_each(|i| texts(&i.blocks, out)),
            Block::Quote { blocks } => texts(blocks, out),
            Block::Table { header, rows, .. } => out.extend(
                std::iter::once(header)
                    .chain(rows)
                    .flatten()
                    .map(|c| plain_text(c)),
            ),
            Block::Figure { caption, .. } => out.push(plain_text(caption)),
            Block::Code { text, .. } | Block::RawText { text } => out.push(text.clone()),
            Block::Rule => {}
        }
    }
}

/// Every text of a piece a reader must find in its Word file: title, subtitle, lede, section
/// titles and bodies, notes, authors and bios, and the references' titles.
fn piece_texts(doc: &folio::Document) -> Vec<String> {
    let mut out = vec![doc.title.clone()];
    out.extend(doc.subtitle.clone());
    texts(&doc.lede, &mut out);
    for s in &doc.sections {
        out.push(s.title_text.clone());
        texts(&s.blocks, &mut out);
    }
    for n in &doc.footnotes {
        texts(&n.blocks, &mut out);
    }
    for a in &doc.authors {
        out.push(a.name.clone());
        out.extend(a.bio.clone());
    }
    out.extend(doc.references.iter().map(|r| r.title.clone()));
    out
}

/// The words of `text` (letters and digits of any script, lower case).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && !is_mark(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Combining marks (Devanagari's vowel signs, Arabic's diacritics) belong to their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0DFF | 0x200C | 0x200D)
}

#[test]
fn python_docx_reads_real_word_structure() {
    let b = built();
    let indus = b
        .explainers
        .iter()
        .find(|(s, _)| s.to_string_lossy().contains("indus"))
        .unwrap();
    let doc = parse(&indus.0);
    let read = python_docx(&indus.1);
    assert_eq!(in_style(&read, "Title"), std::slice::from_ref(&doc.title));
    assert_eq!(in_style(&read, "Subtitle"), [doc.subtitle.clone().unwrap()]);
    assert_eq!(in_style(&read, "Kind"), [doc.kind.clone().unwrap()]);
    assert_eq!(in_style(&read, "Series"), ["CWA #1982"]);
    assert_eq!(in_style(&read, "Date"), ["14 January 2026"]);
    // The numbered questions are Heading 1, and so are the references' heading.
    let headings = in_style(&read, "Heading 1");
    let questions: Vec<String> = doc
        .sections
        .iter()
        .map(|s| format!("{}. {}", s.number, s.title_text))
        .collect();
    assert_eq!(headings[..questions.len()], questions[..]);
    assert_eq!(headings.last().unwrap(), "References");
    // Lists are real numbered paragraphs (numbering.xml), in the list styles.
    let paragraphs = read["paragraphs"].as_array().unwrap();
    for style in ["List Bullet", "List Number"] {
        let items: Vec<&Value> = paragraphs.iter().filter(|p| p["style"] == style).collect();
        assert!(!items.is_empty(), "no {style}");
        assert!(items.iter().all(|p| p["numbered"] == true), "{style}");
    }
    assert_eq!(in_style(&read, "List Number").len(), 4);
    // The table: a header row that repeats, and every row of the source.
    let table = &read["tables"][0];
    assert_eq!(table["header"], true);
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0][0], "River");
    assert_eq!(rows[4][1], "Pakistan");
    // Footnotes are Word footnotes, in order.
    let notes = read["footnotes"].as_array().unwrap();
    assert_eq!(notes.len(), doc.footnotes.len());
    assert!(notes[1].as_str().unwrap().starts_with("Million acre-feet"));
    // The picture carries its alt text; its credit is a caption.
    let alt = doc.image.as_ref().unwrap().alt.clone().unwrap();
    assert_eq!(read["pictures"][0]["descr"], alt.as_str());
    assert!(in_style(&read, "Caption")[0].contains("NIAS design desk"));
    assert_eq!(in_style(&read, "Quote").len(), 1);
    // The bio box and the references in their own styles, the Cite-as line last.
    let bios = in_style(&read, "Bio");
    assert!(bios[0].starts_with("Farah Naz"));
    assert_eq!(in_style(&read, "Bio Heading"), ["About the authors"]);
    let references = in_style(&read, "Reference");
    assert_eq!(references.len(), doc.references.len());
    assert!(references[0].starts_with("[1]\tWorld Bank, “Fact Sheet"));
    assert!(in_style(&read, "Cite As")[0].starts_with("Cite as: Farah Naz"));
    // Core properties.
    let core = &read["core"];
    assert_eq!(core["title"], doc.title.as_str());
    assert_eq!(
        core["author"],
        "Farah Naz (فرح ناز); Rohan Mehta (रोहन मेहता); Ananya Rao"
    );
    assert_eq!(core["subject"], doc.subtitle.as_deref().unwrap());
    assert_eq!(core["keywords"], doc.keywords.join(", ").as_str());
    assert_eq!(core["language"], "en-GB");
    assert_eq!(core["created"], "2026-01-14T00:00:00+00:00");
    // A4, from the brand.
    assert_eq!(read["section"]["width"], 7_560_310);
}

#[test]
fn a_doi_is_a_core_property_and_right_to_left_pieces_stay_right_to_left() {
    let b = built();
    for (source, docx) in &b.explainers {
        let doc = parse(source);
        let read = python_docx(docx);
        let identifier = read["core"]["identifier"].as_str().unwrap_or_default();
        match &doc.doi {
            Some(doi) => assert_eq!(identifier, format!("doi:{doi}")),
            None => assert_eq!(identifier, ""),
        }
        assert_eq!(read["core"]["language"], doc.lang.tag.as_str());
        let rtl = doc.lang.dir == "rtl";
        let paragraphs = read["paragraphs"].as_array().unwrap();
        assert!(
            paragraphs
                .iter()
                .filter(|p| !p["text"].as_str().unwrap().is_empty())
                .all(|p| p["rtl"] == rtl),
            "{}: every paragraph's direction is the piece's",
            source.display()
        );
    }
}

/// A run in Devanagari and one in Arabic script, in the same byline, each name the brand's
/// fallback family for their script as their complex-script font.
#[test]
fn each_script_names_its_own_font() {
    let (_, docx) = built()
        .explainers
        .iter()
        .find(|(s, _)| s.to_string_lossy().contains("indus"))
        .unwrap();
    let files = unzip(docx);
    let document = files
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    let doc = roxmltree::Document::parse(&document).unwrap();
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let font_of = |word: &str| -> Option<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name((W, "r")))
            .find(|r| {
                r.descendants()
                    .any(|t| t.has_tag_name((W, "t")) && t.text().is_some_and(|t| t.contains(word)))
            })?
            .descendants()
            .find(|n| n.has_tag_name((W, "rFonts")))?
            .attribute((W, "cs"))
            .map(str::to_string)
    };
    assert_eq!(font_of("रोहन").as_deref(), Some("Noto Sans Devanagari"));
    assert_eq!(font_of("فرح").as_deref(), Some("Noto Naskh Arabic"));
}

#[test]
fn pandoc_reads_back_every_word() {
    let pandoc = pandoc();
    for (source, docx) in &built().explainers {
        let doc = parse(source);
        // Markdown, whose writer keeps figure captions (the plain writer drops them).
        let back = tool(
            &pandoc,
            &[
                "-f",
                "docx",
                "-t",
                "markdown",
                "--wrap=none",
                docx.to_str().unwrap(),
            ],
        );
        let found: std::collections::BTreeSet<String> = words(&back).into_iter().collect();
        let missing: Vec<String> = piece_texts(&doc)
            .iter()
            .flat_map(|t| words(t))
            .filter(|w| !found.contains(w))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: pandoc does not find {missing:?} in\n{back}",
            source.display()
        );
    }
}

#[test]
fn folio_import_gives_the_piece_back() {
    // The hostile fixture is left out: its title and byline are code-like text, kept as text
    // in the Word file (pandoc finds every word of it above), not a shape to recognise.
    for (source, docx) in built()
        .explainers
        .iter()
        .filter(|(s, _)| !s.ends_with("hostile.md"))
    {
        let doc = parse(source);
        let imported = folio::import::import_file(docx, &[])
            .unwrap_or_else(|e| panic!("{} does not import: {e:?}", docx.display()));
        let dir = tempfile::tempdir().unwrap();
        let path = imported.write(dir.path(), false).unwrap();
        let got = parse(&path);
        let name = source.display();
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
        let (got_people, people) = (people(&got), people(&doc));
        assert_eq!(
            got_people.iter().map(|p| &p.0).collect::<Vec<_>>(),
            people.iter().map(|p| &p.0).collect::<Vec<_>>(),
            "{name}: authors"
        );
        for ((_, got_bio), (_, bio)) in got_people.iter().zip(&people) {
            assert!(
                got_bio.contains(bio.as_str()),
                "{name}: bio `{bio}` not in `{got_bio}`"
            );
        }
        let titles = |d: &folio::Document| -> Vec<String> {
            d.sections.iter().map(|s| norm(&s.title_text)).collect()
        };
        assert_eq!(titles(&got), titles(&doc), "{name}: sections");
        for (g, s) in got.sections.iter().zip(&doc.sections) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            texts(&g.blocks, &mut a);
            texts(&s.blocks, &mut b);
            let clean = |v: Vec<String>| -> Vec<String> {
                v.iter()
                    .map(|t| norm(t))
                    .filter(|t| !t.is_empty())
                    .collect()
            };
            assert_eq!(clean(a), clean(b), "{name}: {}", s.title_text);
        }
        // The references come back one for one, with their addresses.
        assert_eq!(
            got.references.len(),
            doc.references.len(),
            "{name}: references"
        );
        for (g, r) in got.references.iter().zip(&doc.references) {
            assert_eq!(g.url, r.url, "{name}: reference {}", r.title);
            assert!(
                norm(&g.title).contains(&norm(&r.title)),
                "{name}: reference `{}` read as `{}`",
                r.title,
                g.title
            );
        }
        let captions = |d: &folio::Document| -> Vec<String> {
            let mut all = Vec::new();
            for s in &d.sections {
                for b in &s.blocks {
                    if let Block::Figure { caption, .. } = b {
                        all.push(norm(&plain_text(caption)));
                    }
                }
            }
            all
        };
        assert_eq!(captions(&got), captions(&doc), "{name}: figure captions");
    }
}

#[test]
fn the_annual_is_one_word_file_with_a_contents_field_and_every_chapter() {
    let b = built();
    let read = python_docx(&b.annual);
    assert_eq!(in_style(&read, "Book Title Page"), ["NIAS Explainers 2025"]);
    let chapters: Vec<String> = ["a-march", "b-july", "c-september", "d-december"]
        .iter()
        .map(|s| parse(&root().join(format!("tests/fixtures/annual/{s}.md"))).title)
        .collect();
    let headings = in_style(&read, "Heading 1");
    for title in &chapters {
        assert!(
            headings.contains(title),
            "no chapter `{title}` in {headings:?}"
        );
    }
    for part in [
        "Foreword",
        "Contributors",
        "Index of authors",
        "Series catalogue",
    ] {
        assert!(
            headings.iter().any(|h| h == part),
            "no {part} in {headings:?}"
        );
    }
    // The contents: a TOC field Word updates, already holding the chapters' titles.
    let toc = in_style(&read, "toc 1");
    assert_eq!(toc, chapters);
    let files = unzip(&b.annual);
    let document = files
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(document.contains(" TOC \\o \"1-1\" \\h \\z \\u "));
    // Each chapter's title is a bookmark the contents link to.
    assert!(
        document.contains("w:anchor=\"ch_1_title\"") && document.contains("w:name=\"ch_1_title\"")
    );
    // The catalogue is a Word table with its header row.
    assert!(
        read["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["header"] == true && t["rows"][0].as_array().unwrap().len() == 4)
    );
}

/// A collection of an English, a French and an Urdu piece: each chapter in its own language,
/// the Urdu one right to left.
#[test]
fn a_book_keeps_each_chapters_language_and_direction() {
    let dir = tempfile::tempdir().unwrap();
    let run = folio(&[
        "collection",
        "samples/cwa-1975-pakistan-taliban-peace-talks.md",
        "tests/fixtures/lang/french.md",
        "tests/fixtures/lang/urdu.md",
        "--title",
        "Three languages",
        "-f",
        "docx",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let docx = dir.path().join("three-languages.docx");
    let read = python_docx(&docx);
    let paragraphs = read["paragraphs"].as_array().unwrap();
    let urdu_title = parse(&root().join("tests/fixtures/lang/urdu.md")).title;
    let at = paragraphs
        .iter()
        .position(|p| p["text"] == urdu_title.as_str() && p["style"] == "Heading 1")
        .unwrap();
    assert_eq!(paragraphs[at]["rtl"], true);
    assert!(
        paragraphs
            .iter()
            .any(|p| p["text"] == "Three languages" && p["rtl"] == false)
    );
    let files = unzip(&docx);
    let document = files
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert!(
        document.contains("<w:lang w:bidi=\"ur\"/>"),
        "Urdu runs say so"
    );
    assert!(
        document.contains("<w:lang w:val=\"fr\"/>"),
        "French runs say so"
    );
    assert!(document.contains("<w:rtl/>"));
}

#[test]
fn rebuilding_gives_the_same_bytes() {
    let b = built();
    let dir = tempfile::tempdir().unwrap();
    let (source, first) = &b.explainers[1];
    let run = build_into(
        dir.path().to_str().unwrap(),
        &["-f", "docx", source.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let again = dir.path().join(first.file_name().unwrap());
    assert_eq!(std::fs::read(first).unwrap(), std::fs::read(again).unwrap());
    // Every part is dated by the content, not the clock.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(first).unwrap()).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (2026, 1, 14),
            "{:?}",
            f.name()
        );
    }
}

/// A reference document made by python-docx (as a publisher's house.docx would be): B5 pages
/// and Liberation Serif in Normal. Returns the folder holding it and a brand naming it.
fn house_brand() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let house = dir.path().join("house.docx");
    tool(
        "python3",
        &[
            "-c",
            "import sys, docx\nfrom docx.shared import Mm\nd = docx.Document()\ns = d.sections[0]\ns.page_width, s.page_height = Mm(176), Mm(250)\nd.styles['Normal'].font.name = 'Liberation Serif'\nd.styles['Heading 1'].font.name = 'Liberation Serif'\nd.save(sys.argv[1])",
            house.to_str().unwrap(),
        ],
    );
    let brand = dir.path().join("brand.toml");
    std::fs::write(&brand, "[docx]\nreference = \"house.docx\"\n").unwrap();
    (dir, brand)
}

/// The 1975 sample built as a Word file with `brand` into `out`: the run, and the file.
fn build_with_brand(out: &Path, brand: &Path) -> (std::process::Output, PathBuf) {
    let run = build_into(
        out.to_str().unwrap(),
        &[
            "-f",
            "docx",
            "samples/cwa-1975-pakistan-taliban-peace-talks.md",
            "--brand",
            brand.to_str().unwrap(),
        ],
    );
    (run, out.join("cwa-1975-pakistan-taliban-peace-talks.docx"))
}

#[test]
fn a_reference_document_gives_its_styles_and_page() {
    let (dir, brand) = house_brand();
    let out = dir.path().join("out");
    let (run, docx) = build_with_brand(&out, &brand);
    assert!(run.status.success(), "{}", stderr(&run));
    let read = python_docx(&docx);
    // B5 (176 × 250 mm, 6 336 000 × 9 000 000 EMU, to Word's twentieth of a point), from the
    // reference's section.
    let emu = |key: &str| read["section"][key].as_i64().unwrap();
    assert!((emu("width") - 6_336_000).abs() < 1000, "{}", emu("width"));
    assert!(
        (emu("height") - 9_000_000).abs() < 1000,
        "{}",
        emu("height")
    );
    let styles = &read["styles"];
    assert_eq!(styles["Normal"]["font"], "Liberation Serif");
    assert_eq!(styles["Heading 1"]["font"], "Liberation Serif");
    // folio's own styles the reference lacks are added, on the reference's Normal.
    assert_eq!(styles["Bio"]["based_on"], "Normal");
    assert_eq!(in_style(&read, "Bio").len(), 1);
    assert_eq!(in_style(&read, "Heading 1").len(), 5);
    // Without it: the brand's A4 and its body font.
    let plain = python_docx(&built().explainers[0].1);
    assert_eq!(plain["section"]["height"], 10_692_130);
    assert_eq!(plain["styles"]["Heading 1"]["font"], "Inter");
}

#[test]
fn a_reference_document_that_is_not_a_word_file_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("house.docx"), b"not a zip").unwrap();
    let brand = dir.path().join("brand.toml");
    std::fs::write(&brand, "[docx]\nreference = \"house.docx\"\n").unwrap();
    let out = dir.path().join("out");
    let (run, docx) = build_with_brand(&out, &brand);
    assert_eq!(run.status.code(), Some(1));
    assert!(!docx.exists());
    let err = stderr(&run);
    assert!(
        err.contains("brand.toml")
            && err.contains("reference document `house.docx` is not a Word document"),
        "{err}"
    );
    assert!(
        listing(&out).iter().all(|f| !f.ends_with(".docx")),
        "{:?}",
        listing(&out)
    );
    // Outside the brand's folder: refused before anything is read.
    std::fs::write(&brand, "[docx]\nreference = \"../house.docx\"\n").unwrap();
    let (run, docx) = build_with_brand(&out, &brand);
    assert_ne!(run.status.code(), Some(0));
    assert!(!docx.exists());
}

/// LibreOffice (headless, as a publisher's conversion server runs it) opens every Word file
/// and prints it; the PDF has the piece's text on the brand's (or the reference's) page.
mod validator {
    use super::*;

    /// `docx` files converted to PDF by LibreOffice into `out`, in one run.
    fn libreoffice(files: &[&Path], out: &Path) {
        let mut args: Vec<String> = vec![
            format!("-env:UserInstallation=file://{}/profile", out.display()),
            "--headless".into(),
            "--convert-to".into(),
            "pdf".into(),
            "--outdir".into(),
            out.to_string_lossy().into_owned(),
        ];
        args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        tool("soffice", &args);
    }

    #[test]
    fn libreoffice_opens_and_prints_every_word_file() {
        let b = built();
        let pdfs = b.out.join("libreoffice");
        let mut files: Vec<&Path> = b.explainers.iter().map(|(_, d)| d.as_path()).collect();
        files.push(&b.annual);
        libreoffice(&files, &pdfs);
        for (source, docx) in &b.explainers {
            let pdf = pdfs.join(docx.with_extension("pdf").file_name().unwrap());
            assert!(
                pdf.is_file(),
                "LibreOffice did not convert {}",
                docx.display()
            );
            let info = pdfinfo(&pdf);
            assert!(field(&info, "Page size").contains("(A4)"), "{info:?}");
            let text = squashed_text(&pdf);
            let doc = parse(source);
            assert!(
                holds(&text, &doc.title),
                "{}: no title in {text}",
                source.display()
            );
            for s in &doc.sections {
                assert!(
                    holds(&text, &s.title_text),
                    "{}: no `{}`",
                    source.display(),
                    s.title_text
                );
            }
            for r in doc.references.iter().filter_map(|r| r.url.as_ref()) {
                // Long addresses wrap in the PDF; their host is enough to find.
                let host = r.split('/').nth(2).unwrap();
                assert!(text.contains(host), "{}: no {host}", source.display());
            }
        }
        let annual = pdfs.join("annual-2025.pdf");
        let pages: usize = field(&pdfinfo(&annual), "Pages").parse().unwrap();
        assert!(pages >= 8, "{pages} pages");
        let text = squashed_text(&annual);
        for part in [
            "NIASExplainers2025",
            "Foreword",
            "Contributors",
            "Seriescatalogue",
        ] {
            assert!(text.contains(part), "annual: no {part}");
        }
    }

    #[test]
    fn libreoffice_prints_a_reference_documents_page_and_font() {
        let (dir, brand) = house_brand();
        let out = dir.path().join("out");
        let (run, docx) = build_with_brand(&out, &brand);
        assert!(run.status.success(), "{}", stderr(&run));
        libreoffice(&[&docx], &out);
        let pdf = out.join("cwa-1975-pakistan-taliban-peace-talks.pdf");
        let size = field(&pdfinfo(&pdf), "Page size");
        assert!(
            size.starts_with("498.") && size.contains(" x 708."),
            "B5: {size}"
        );
        let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
        assert!(fonts.contains("LiberationSerif"), "{fonts}");
    }
}
