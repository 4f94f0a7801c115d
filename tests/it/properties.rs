//! Property tests on the two emitters (bounded so CI stays fast): for arbitrary Markdown and
//! arbitrary metadata strings, the typst data path lays out and shows the text literally, and the
//! XHTML emitter writes well-formed XML.

use std::path::Path;
use std::sync::OnceLock;

use folio::brand::LoadedBrand;
use folio::render::epub::xhtml::Emitter;
use folio::render::typst::Engine;
use folio::render::{Context, Layout, Pages, Publication, Settings, layout};
use folio::resources::{Templates, font_files};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Pieces of Markdown, typst, HTML and YAML syntax, and text in several scripts.
const FRAGMENTS: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "- ",
    "1. ",
    "> ",
    "* ",
    "_",
    "**",
    "~~",
    "`",
    "```\n",
    "    ",
    "\n",
    "\n\n",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    "&amp;",
    "&#1;",
    "&nbsp;",
    "<script>",
    "</div>",
    "<!--",
    "-->",
    "| a | b |\n|---|---|\n| c | d |\n",
    "[^1]",
    "[^1]: note\n",
    "- [ ] ",
    "- [x] ",
    "---\n",
    "***",
    "#",
    "$",
    "@",
    "\\",
    "/",
    "//",
    "/*",
    "*/",
    "{",
    "}",
    "=",
    "#read(\"/etc/passwd\")",
    "#let x = 1",
    "https://example.org/a?b=1&c=[2]",
    "<https://x.org>",
    "word",
    "سلام",
    "नमस्ते",
    "🎉",
    "e\u{301}",
    "\t",
    "\u{7}",
    "\u{200b}",
    "\u{feff}",
    "\"",
    "'",
    ":",
    "%",
    "\u{fffe}",
];

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

/// Metadata text: any characters, weighted towards syntax that means something to typst/XML.
fn metadata() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            2 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            1 => "[a-zA-Z0-9 ]{1,8}",
            1 => any::<String>(),
        ],
        1..12,
    )
    .prop_map(|v| v.concat())
}

/// A source with `title` and `bio` (as YAML strings) and `body`.
fn source(title: &str, bio: &str, body: &str) -> String {
    // JSON strings are valid YAML double-quoted scalars, so any text can be written safely.
    let q = |s: &str| serde_json::to_string(s).unwrap();
    format!(
        "---\ntitle: {}\ndate: 2025-01-01\nauthors:\n  - name: {}\n    bio: {}\nkeywords: [{}]\n---\n{body}",
        q(title),
        q(bio),
        q(bio),
        q(title)
    )
}

fn engine() -> &'static (Engine, LoadedBrand) {
    static ENGINE: OnceLock<(Engine, LoadedBrand)> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let templates = Templates::embedded();
        let brand = LoadedBrand::load(&templates, None).unwrap();
        (Engine::new(templates, font_files(None).unwrap()), brand)
    })
}

fn session() -> &'static folio::Session {
    static SESSION: OnceLock<folio::Session> = OnceLock::new();
    SESSION.get_or_init(|| folio::Session::new(folio::BuildOptions::default()).unwrap())
}

/// Unicode's Default_Ignorable_Code_Point set (DerivedCoreProperties).
fn default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

fn squash(s: &str) -> String {
    // Default-ignorable characters (zero-width spaces and joiners…) have no glyph to lay out.
    s.chars()
        .filter(|c| !c.is_whitespace() && !default_ignorable(*c))
        .collect()
}

/// Whether `text` holds every character of `expected` at least as often. Shaping may split a
/// cluster across fallback fonts (repeating a combining mark in two runs) and lays right-to-left
/// runs in visual order, so exact substrings are checked by the fixed-string tests instead; this
/// catches what matters here: a character dropped or consumed as markup.
fn holds_all_chars(text: &str, expected: &str) -> bool {
    let mut counts = std::collections::HashMap::new();
    for c in text.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let mut need = std::collections::HashMap::new();
    for c in expected.chars() {
        *need.entry(c).or_insert(0usize) += 1;
    }
    need.iter()
        .all(|(c, n)| counts.get(c).copied().unwrap_or(0) >= *n)
}

fn laid_out_text(frame: &typst::layout::Frame, out: &mut String) {
    for (_, item) in frame.items() {
        match item {
            typst::layout::FrameItem::Group(g) => laid_out_text(&g.frame, out),
            typst::layout::FrameItem::Text(t) => out.push_str(&t.text),
            _ => {}
        }
    }
}

/// proptest's settings here: `cases` cases, after the failures it saved, which live beside this
/// file in `properties.proptest-regressions` (proptest's default, `SourceParallel`, would look
/// in `tests/proptest-regressions/`, this crate's `main.rs` being beside this file).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_typst_path_lays_out_any_text_literally(title in metadata(), bio in metadata(), body in markdown()) {
        let src = source(&title, &bio, &body);
        // Sources that name images or are otherwise invalid are refused with diagnostics: fine.
        let Ok(loaded) = folio::source::parse(Path::new("prop.md"), src.as_bytes()) else { return Ok(()) };
        let (engine, brand) = engine();
        let words = brand.words(&loaded.document.lang).unwrap();
        let (place, html) = (Default::default(), Default::default());
        let cx = Context { engine, brand, words: &words, settings: &Settings::default(), place: &place, html: &html };
        let piece = folio::model::Piece::new(loaded.document.clone(), &words, "");
        let publication = Publication::Explainer(&piece);
        let compiled = match layout(publication, &cx, Layout { format: Pages::Screen, multiple: None }) {
            Ok(c) => c,
            // typst 0.15 panics on a few combining-mark sequences (shaping.rs:444); folio turns
            // that into this diagnostic. Anything else is a failure.
            Err(e) if e.iter().all(|d| d.message.starts_with("typst failed on this source")) => return Ok(()),
            Err(e) => return Err(TestCaseError::fail(format!("typst failed: {e:?}"))),
        };
        let mut text = String::new();
        for page in compiled.document.pages() {
            laid_out_text(&page.frame, &mut text);
        }
        let text = squash(&text);
        let title = squash(&loaded.document.title);
        prop_assert!(holds_all_chars(&text, &title), "title `{}` not laid out literally", title);
        if let Some(bio) = &loaded.document.authors[0].bio {
            prop_assert!(holds_all_chars(&text, &squash(bio)), "bio `{}` not laid out literally", bio);
        }
        // Plain ASCII (no shaping subtleties) must appear exactly.
        if title.is_ascii() {
            prop_assert!(text.contains(&title), "title `{}` not laid out literally", title);
        }
        // And the PDF exports.
        folio::render::pdf::export(publication, &compiled.document, None)
            .map_err(|e| TestCaseError::fail(format!("export failed: {e:?}")))?;
    }

    #[test]
    fn the_xhtml_emitter_writes_well_formed_xml(body in markdown()) {
        let src = source("T", "B", &body);
        let Ok(loaded) = folio::source::parse(Path::new("prop.md"), src.as_bytes()) else { return Ok(()) };
        let doc = &loaded.document;
        let href = |p: &str| p.to_string();
        let labels = folio::model::Labels::default();
        let mut emit = Emitter::new(&href, &labels, doc.footnotes.len(), 2);
        let mut xhtml = emit.blocks(&doc.lede);
        for s in &doc.sections {
            xhtml.push_str(&format!("<h2>{}</h2>", emit.inlines(&s.title)));
            xhtml.push_str(&emit.blocks(&s.blocks));
        }
        for n in &doc.footnotes {
            xhtml.push_str(&emit.blocks(&n.blocks));
        }
        let wrapped = format!(
            "<div xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">{xhtml}</div>"
        );
        if let Err(e) = roxmltree::Document::parse(&wrapped) {
            return Err(TestCaseError::fail(format!("not well-formed ({e}):\n{wrapped}")));
        }
        prop_assert!(!wrapped.contains("<script"));
    }
}

/// Lines of the plain-text explainer shape, for the importer.
const PLAIN_LINES: &[&str] = &[
    "PR Explainer",
    "A Title",
    "A subtitle, with words",
    "CWA #1975",
    "CWA # 12",
    "Asha Rao and Vikram Nair",
    "31 December 2025",
    "February 2026",
    "Photo Source: Reuters",
    "Photo Source:",
    "1. Why did it happen?",
    "2. What next?",
    "References",
    "Jane Doe, “A title,” Publisher, 3 March 2025",
    "“Quoted only,” Paper",
    "https://example.org/a",
    "About the author",
    "About the authors",
    "PREVIOUS COMMENTS",
    "February 2026 | CWA # 1957",
    "May 2025 | CWA # 1",
    "R Preetha | R Preetha is a researcher.",
    "",
    "",
];

fn plain_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PLAIN_LINES).prop_map(str::to_string),
            1 => metadata(),
        ],
        0..40,
    )
    .prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(config(256))]

    /// The importer never panics, and what it writes always parses as a source whose title is
    /// the text's (no text turns into YAML or Markdown syntax).
    #[test]
    fn imported_text_always_parses(text in plain_text()) {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("in.txt");
        if let Ok(imported) = folio::import::import(&txt, &text) {
            let path = dir.path().join(&imported.file_name);
            let loaded = folio::source::parse(&path, imported.source.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("import wrote a source that does not parse: {e:?}\n{}", imported.source)))?;
            prop_assert!(!loaded.document.title.is_empty());
        }
    }

    /// `folio check` never panics on any source, and every finding names the file.
    #[test]
    fn check_reports_without_panicking(title in metadata(), body in markdown()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, source(&title, "Bio", &body)).unwrap();
        let today = folio::check::civil_from_days(20_000);
        for d in folio::check::check(session(), std::slice::from_ref(&path), today) {
            prop_assert_eq!(&d.path, &path);
        }
    }
}

/// Pieces of a saved web page: structure, furniture, metadata and text that looks like markup.
const PAGE_PIECES: &[&str] = &[
    "<article>",
    "</article>",
    "<header>",
    "</header>",
    "<h1>Title</h1>",
    "<h2>Why now?</h2>",
    "<p>",
    "</p>",
    "<p>A paragraph of prose that is long enough to count as text, with words.</p>",
    "<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul>",
    "<ol><li>first</li></ol>",
    "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td></tr></table>",
    "<nav><a href=\"/\">Home</a></nav>",
    "<footer>© 2026</footer>",
    "<script>alert(1)</script>",
    "<style>p{}</style>",
    "<img src=\"x.png\" alt=\"alt\">",
    "<img src=\"https://cdn.example.org/a.jpg\">",
    "<img src=\"../../etc/passwd\">",
    "<figure><img src=\"y.png\"><figcaption>Cap</figcaption></figure>",
    "<a href=\"https://example.org/a_b\">link *x*</a>",
    "<a href=\"javascript:alert(1)\">js</a>",
    "<strong>bold</strong>",
    "<em>it</em>",
    "<br>",
    "<pre>code ```</pre>",
    "<hr>",
    "CWA #12",
    "PR Explainer · CWA #7",
    "By A Writer and B Writer | 5 Jan 2024 | 3 min read",
    "<time datetime=\"2026-02-30\">x</time>",
    "<meta name=\"citation_title\" content=\"T: *x*\">",
    "<meta name=\"citation_author\" content=\"Doe, Jane\">",
    "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":[{\"name\":\"Z\"}]}</script>",
    "<script type=\"application/ld+json\">{\"@graph\":[[[]]]}</script>",
    "References",
    "About the author",
    "[@x]",
    "$x$",
    "#import",
    "<!--",
    "-->",
    "&amp;",
    "&#0;",
    "\u{202e}",
    "ـ",
    "1. ",
    "- ",
];

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PAGE_PIECES).prop_map(str::to_string),
            1 => metadata(),
        ],
        0..60,
    )
    .prop_map(|v| {
        format!(
            "<!doctype html><html><head><title>t</title></head><body>{}</body></html>",
            v.join("\n")
        )
    })
}

/// Pieces of a Word body: paragraphs in styles, runs, lists, tables, notes, pictures, fields.
const WORD_PIECES: &[&str] = &[
    "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>Title *x*</w:t></w:r></w:p>",
    "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>Why?</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>CWA #12</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>A Writer and B Writer</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>5 January 2024</w:t></w:r></w:p>",
    "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>bold [x](y)</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\"> tail </w:t></w:r></w:p>",
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"7\"/><w:numId w:val=\"9\"/></w:numPr></w:pPr><w:r><w:t>item</w:t></w:r></w:p>",
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"x\"/><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>odd</w:t></w:r></w:p>",
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr><w:tr></w:tr></w:tbl>",
    "<w:p><w:r><w:footnoteReference w:id=\"99\"/></w:r></w:p>",
    "<w:p><w:hyperlink r:id=\"rId404\"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>",
    "<w:p><w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"p\" descr=\"alt\"/><a:graphic><a:graphicData><a:blip r:embed=\"rId7\"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
    "<w:p><w:pPr><w:pStyle w:val=\"SourceCode\"/></w:pPr><w:r><w:t>```</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>References</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>https://example.org/a</w:t></w:r></w:p>",
    "<w:p><w:r><w:t>About the author</w:t></w:r></w:p>",
    "<w:p/>",
    "<w:sdt><w:sdtContent><w:p><w:r><w:t>sdt</w:t></w:r></w:p></w:sdtContent></w:sdt>",
];

fn word_body() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(WORD_PIECES).prop_map(str::to_string),
            1 => metadata().prop_map(|t| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"))),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

/// A Word package around `body` (with a picture part and a relationship to it).
fn docx(body: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let doc = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    for (name, bytes) in [
        ("word/document.xml", doc.into_bytes()),
        ("word/_rels/document.xml.rels", b"<Relationships><Relationship Id=\"rId7\" Target=\"media/../../x.png\"/></Relationships>".to_vec()),
        ("word/x.png", vec![0u8; 10]),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

proptest! {
    #![proptest_config(config(128))]

    /// A saved page of any shape never makes the importer panic; what it writes parses.
    #[test]
    fn imported_pages_always_parse(html in page()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, &html).unwrap();
        if let Ok(imported) = folio::import::import_file(&path, &[]) {
            let out = dir.path().join("out");
            let source = imported.write(&out, false).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            folio::source::parse(&source, imported.source.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("import wrote a source that does not parse: {e:?}\n{}", imported.source)))?;
        }
    }

    /// A Word file of any body (or no Word file at all) never makes the importer panic; what
    /// it writes parses.
    #[test]
    fn imported_word_files_always_parse(body in word_body(), junk in prop::collection::vec(any::<u8>(), 0..64)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("piece.docx");
        std::fs::write(&path, &junk).unwrap();
        let _ = folio::import::import_file(&path, &[]);
        std::fs::write(&path, docx(&body)).unwrap();
        if let Ok(imported) = folio::import::import_file(&path, &[]) {
            let out = dir.path().join("out");
            let source = imported.write(&out, false).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            folio::source::parse(&source, imported.source.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("import wrote a source that does not parse: {e:?}\n{}", imported.source)))?;
        }
    }
}
