//! Reference styles and `[@id]` citations, checked against citeproc-js (the CSL processor
//! Zotero uses, npm `citeproc`, installed by `.ci/run`): the same style, the same locale and
//! the same CSL-JSON items go to both, and the web page's reference list and citations must read
//! as citeproc-js's text output does. The fixture has a reference of every type.

use std::path::{Path, PathBuf};

use crate::common::*;
use folio::brand::LoadedBrand;
use folio::model::cite::item;
use folio::resources::Templates;
use serde_json::{Value, json};

const EVERY_TYPE: &str = "tests/fixtures/cite/every-type.md";

/// The fixture's references as CSL-JSON items, and its citations as citeproc-js takes them.
fn items_and_cites(source: &Path) -> (Value, Value) {
    let doc = folio::source::load(source).unwrap().document;
    let items = Value::Array(item::items(&doc.references));
    let cites: Vec<Value> = doc
        .citations
        .iter()
        .map(|c| {
            Value::Array(
                c.items
                    .iter()
                    .map(|i| {
                        let mut v = json!({ "id": item::item_id(&doc.references[i.reference]) });
                        if let Some(l) = &i.locator {
                            v["locator"] = json!(l.value);
                            v["label"] = json!(l.label);
                        }
                        v
                    })
                    .collect(),
            )
        })
        .collect();
    (items, Value::Array(cites))
}

/// citeproc-js's bibliography entries and citations for `style`, in en-US (CSL's locale file
/// beside the official styles).
fn citeproc(dir: &Path, style: &str, items: &Value, cites: &Value) -> (Vec<String>, Vec<String>) {
    let (locales, lang) = (root().join("tests/fixtures/csl"), "en-US");
    std::fs::write(dir.join("style.csl"), style).unwrap();
    std::fs::write(dir.join("items.json"), items.to_string()).unwrap();
    std::fs::write(dir.join("cites.json"), cites.to_string()).unwrap();
    let out = std::process::Command::new("node")
        .env("NODE_PATH", root().join(".ci/node_modules"))
        .env("CITEPROC_LANG", lang)
        .arg(root().join("tests/citeproc.js"))
        .arg(dir.join("style.csl"))
        .arg(&locales)
        .arg(dir.join("items.json"))
        .arg(dir.join("cites.json"))
        .output()
        .expect("node runs (run .ci/run)");
    assert!(
        out.status.success(),
        "citeproc-js failed (run .ci/run to install it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|s| normal(s.as_str().unwrap()))
            .collect()
    };
    (list("bibliography"), list("citations"))
}

/// Text with its whitespace runs (a line break included) as one space.
fn normal(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markup's text: tags dropped (a `<br/>` is a space), entities read.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        if rest[i..end].starts_with("<br") {
            out.push(' ');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    normal(&out)
}

/// Every piece of `html` between `open` (up to its `>`) and `close`.
fn between(html: &str, open: &str, close: &str) -> Vec<String> {
    html.split(open)
        .skip(1)
        .map(|part| {
            let part = &part[part.find('>').map_or(0, |i| i + 1)..];
            part[..part.find(close).unwrap_or(part.len())].to_string()
        })
        .collect()
}

/// The web page's reference list (label and text) and citations.
fn folio_page(dir: &Path, source: &Path, brand: Option<&Path>) -> (Vec<String>, Vec<String>) {
    let out_dir = dir.join("out");
    let mut args = vec![
        "build",
        source.to_str().unwrap(),
        "-f",
        "html",
        "-o",
        out_dir.to_str().unwrap(),
    ];
    if let Some(b) = brand {
        args.extend(["--brand", b.to_str().unwrap()]);
    }
    let run = folio(&args);
    assert!(run.status.success(), "{}", stderr(&run));
    let stem = source.file_stem().unwrap().to_str().unwrap();
    let html = std::fs::read_to_string(out_dir.join(format!("{stem}.html"))).unwrap();
    let section = &html[html.find("class=\"references\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    let entries = between(section, "<li", "</li>")
        .iter()
        .map(|li| text_of(&li.replace("</span><span class=\"ref-text\">", "</span> <span>")))
        .collect();
    let cites = between(&html, "<span class=\"cite\"", "</span>")
        .iter()
        .map(|c| text_of(c))
        .collect();
    (entries, cites)
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("folio-references-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A brand folder whose `[references] style` is `style` (and the style file beside it).
fn brand_with(dir: &Path, style: &str, file: Option<(&str, &str)>) -> PathBuf {
    let brand = dir.join("brand.toml");
    std::fs::write(&brand, format!("[references]\nstyle = \"{style}\"\n")).unwrap();
    if let Some((name, text)) = file {
        std::fs::write(dir.join(name), text).unwrap();
    }
    brand
}

/// Asserts the two lists are the same but for the `known` pairs (folio's text, citeproc-js's),
/// showing every other difference at once; a known difference that is gone fails too, so the
/// list stays true.
fn same(what: &str, folio: &[String], citeproc: &[String], known: &[(&str, &str)]) {
    assert_eq!(
        folio.len(),
        citeproc.len(),
        "{what}: folio {folio:#?}\nciteproc-js {citeproc:#?}"
    );
    let diffs: Vec<(&String, &String)> =
        folio.iter().zip(citeproc).filter(|(a, b)| a != b).collect();
    let unexpected: Vec<String> = diffs
        .iter()
        .filter(|(a, b)| !known.contains(&(a.as_str(), b.as_str())))
        .map(|(a, b)| format!("  folio:       {a}\n  citeproc-js: {b}"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "{what}: {} differ\n{}",
        unexpected.len(),
        unexpected.join("\n\n")
    );
    for (a, b) in known {
        assert!(
            diffs.iter().any(|(x, y)| x == a && y == b),
            "{what}: a known difference is gone (remove it from the list): {a}"
        );
    }
}

fn compare_file_style(name: &str, file: &str, known: &[(&str, &str)]) {
    let dir = temp(name);
    let style = std::fs::read_to_string(root().join("tests/fixtures/csl").join(file)).unwrap();
    let brand = brand_with(&dir, file, Some((file, &style)));
    let source = root().join(EVERY_TYPE);
    let (entries, cites) = folio_page(&dir, &source, Some(&brand));
    let (items, cite_list) = items_and_cites(&source);
    let (want_entries, want_cites) = citeproc(&dir, &style, &items, &cite_list);
    same(
        &format!("{file}: reference list"),
        &entries,
        &want_entries,
        known,
    );
    same(&format!("{file}: citations"), &cites, &want_cites, &[]);
}

// Where hayagriva 0.10 (typst's CSL processor, which folio uses) and citeproc-js read the same
// style differently. Each is hayagriva's reading, not folio's data:
// - CSL's `is-numeric`: hayagriva counts "PB-81" as a number (so APA's "No." label is printed),
//   citeproc-js does not;
// - title case: hayagriva capitalises "v." in a case name ("V.") and a five-letter preposition
//   ("After"), which citeproc-js (and Chicago's rules) keep lower case;
// - Chicago's sort by date: citeproc-js puts "2025" before "2025-05-02" (so the book is 2025a),
//   hayagriva after.
const SDPI_BRIEF_APA: (&str, &str) = (
    "Ali, I., Mir, F., & Qureshi, H. (2025). Canal Lining and Seepage Losses in the Indus Basin Irrigation System (Policy Brief No. PB-81). Sustainable Development Policy Institute. https://sdpi.org/publications/pb-81-canal-lining",
    "Ali, I., Mir, F., & Qureshi, H. (2025). Canal Lining and Seepage Losses in the Indus Basin Irrigation System (Policy Brief PB-81). Sustainable Development Policy Institute. https://sdpi.org/publications/pb-81-canal-lining",
);
const CASE_APA: (&str, &str) = (
    "Rahim Bakhsh V. Province of Sindh, 2022 PLD Supreme Court 311 (2022).",
    "Rahim Bakhsh v. Province of Sindh, 2022 PLD Supreme Court 311 (2022).",
);

#[test]
fn apa_file_matches_citeproc_js() {
    compare_file_style("apa", "apa.csl", &[SDPI_BRIEF_APA, CASE_APA]);
}

#[test]
fn chicago_author_date_file_matches_citeproc_js() {
    compare_file_style(
        "chicago",
        "chicago-author-date.csl",
        &[
            (
                "Ali, Imran. 2025b. “Why the Treaty’s Dispute Mechanism Stalled.” South Asian Voices, May 2. https://southasianvoices.org/why-the-dispute-mechanism-stalled.",
                "Ali, Imran. 2025a. The Indus Waters after the Treaty. 2nd ed. Oxford University Press.",
            ),
            (
                "Ali, Imran. 2025a. The Indus Waters After the Treaty. 2nd ed. Oxford University Press.",
                "Ali, Imran. 2025b. “Why the Treaty’s Dispute Mechanism Stalled.” South Asian Voices, May 2. https://southasianvoices.org/why-the-dispute-mechanism-stalled.",
            ),
            (
                "Ali, Imran, Farah Mir, and Hamza Qureshi. 2025. Canal Lining and Seepage Losses in the Indus Basin Irrigation System. Policy Brief No. PB-81. Sustainable Development Policy Institute. https://sdpi.org/publications/pb-81-canal-lining.",
                "Ali, Imran, Farah Mir, and Hamza Qureshi. 2025. Canal Lining and Seepage Losses in the Indus Basin Irrigation System. Policy Brief PB-81. Sustainable Development Policy Institute. https://sdpi.org/publications/pb-81-canal-lining.",
            ),
            (
                "Rahim Bakhsh V. Province of Sindh, 2022 PLD Supreme Court 311 (2022).",
                "Rahim Bakhsh v. Province of Sindh, 2022 PLD Supreme Court 311 (2022).",
            ),
        ],
    );
}

/// folio's own style, as its template renders for English, with folio's English locale.
#[test]
fn built_in_style_matches_citeproc_js() {
    let dir = temp("own");
    let brand = LoadedBrand::load(&Templates::embedded(), None).unwrap();
    let lang = folio::source::parse_lang("en").unwrap();
    let words = brand.words(&lang).unwrap();
    let (style, locale) = brand.reference_style_xml(&words, "en").unwrap();
    // folio's English words go in as the style's own locale, which both processors read before
    // CSL's en-US (citeproc-js takes a locale file's language as its region's, en-US). Its
    // style options are left out: citeproc-js reads those from locale files only, and folio's
    // English one is en-US's (punctuation inside quotes).
    assert!(
        locale.contains(r#"punctuation-in-quote="true""#),
        "{locale}"
    );
    let inner = &locale[locale.find("<date").unwrap()..locale.rfind("</locale>").unwrap()];
    let style = style.unwrap().replacen(
        "</info>",
        &format!("</info>\n<locale xml:lang=\"en-US\">{inner}</locale>"),
        1,
    );
    let source = root().join(EVERY_TYPE);
    let (entries, cites) = folio_page(&dir, &source, None);
    let (items, cite_list) = items_and_cites(&source);
    // citeproc-js stops with "Level mismatch" on a block inside a layout whose first field is
    // set apart (second-field-align), which folio's style has for its address line; a block
    // only starts a line, which this text comparison reads as a space, so citeproc-js is given
    // a space there instead.
    assert!(style.contains(r#"<group display="block">"#));
    let style = style.replace(r#"<group display="block">"#, r#"<group prefix=" ">"#);
    let (want_entries, want_cites) = citeproc(&dir, &style, &items, &cite_list);
    same("built-in: reference list", &entries, &want_entries, &[]);
    same("built-in: citations", &cites, &want_cites, &[]);
}

/// The fixture built once in every format (screen and print PDF, EPUB, web page).
fn every_format() -> &'static Path {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = temp("formats");
        let source = root().join(EVERY_TYPE);
        let run = folio(&[
            "build",
            source.to_str().unwrap(),
            "-f",
            "pdf",
            "-f",
            "print",
            "-f",
            "epub",
            "-f",
            "html",
            "-o",
            dir.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        dir
    })
}

/// Every citation of the fixture links to its entry, in every format: the web page's and the
/// EPUB's `#ref-N` targets exist (and EPUBCheck passes:
/// `validator::the_epub_with_every_type_of_citation_passes_epubcheck`), the PDFs have an
/// internal link per cited reference, and both PDFs print the citations' numbers and locators.
#[test]
fn citations_link_to_their_entries_in_every_format() {
    let dir = every_format();
    let source = root().join(EVERY_TYPE);
    let doc = folio::source::load(&source).unwrap().document;
    let links: usize = doc.citations.iter().map(|c| c.items.len()).sum();
    assert_eq!(
        links, 13,
        "the fixture's citations name 13 references in all"
    );

    let check_targets = |what: &str, markup: &str| {
        let targets: Vec<&str> = markup
            .split("role=\"doc-biblioref\" href=\"#")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(targets.len(), links, "{what}: {targets:?}");
        for t in &targets {
            assert!(
                markup.contains(&format!("id=\"{t}\"")),
                "{what}: #{t} goes nowhere"
            );
        }
    };
    let html = std::fs::read_to_string(dir.join("every-type.html")).unwrap();
    check_targets("web page", &html);
    let epub = dir.join("every-type.epub");
    let files = unzip(&epub);
    let content = files
        .iter()
        .find(|(n, _)| n.ends_with("content.xhtml"))
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .unwrap();
    check_targets("EPUB", &content);

    for pdf in ["every-type.pdf", "every-type.print.pdf"] {
        let path = dir.join(pdf);
        let text = squash(&tool("pdftotext", &[path.to_str().unwrap(), "-"]));
        for cite in ["[1, p. 214]", "[2; 3]", "[4, p. 4]", "[10, pp. 90–92]"] {
            assert!(text.contains(&squash(cite)), "{pdf}: no {cite} in {text}");
        }
        let objects = pdf_objects(&path);
        let internal = objects.matches("/Dest ").count();
        assert!(
            internal >= links,
            "{pdf}: {internal} internal links for {links} cited references"
        );
    }
}

/// A citation of an id no reference has is an error at its line and column, with the id it
/// was probably meant to be; nothing is written.
#[test]
fn an_unknown_id_is_an_error_at_its_line() {
    let dir = temp("unknown");
    let source = dir.join("piece.md");
    std::fs::write(
        &source,
        "---\ntitle: T\ndate: 2025-01-01\nauthor: A\nreferences:\n  - id: ali-2025\n    title: R\n---\n\nFirst line.\nAs shown [@ali-2052, p. 4].\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = folio(&[
        "build",
        source.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("piece.md:11:10: error: `[@ali-2052]` cites no reference"),
        "{err}"
    );
    assert!(err.contains("did you mean `@ali-2025`?"), "{err}");
    assert!(
        !out.exists() || listing(&out).is_empty(),
        "{:?}",
        listing(&out)
    );
}

/// `folio check` names each reference no citation uses, at its `id`, in a text that cites.
#[test]
fn an_uncited_reference_is_a_lint_at_its_id() {
    let source = root().join(EVERY_TYPE);
    let text = std::fs::read_to_string(&source).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let run = folio(&["check", source.to_str().unwrap()]);
    let err = stderr(&run);
    let found: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("uncited-reference"))
        .collect();
    assert_eq!(found.len(), 2, "{err}");
    for id in ["pbs-lfs-2022", "sindh-groundwater-2023"] {
        let at = format!("every-type.md:{}:", line_of(&format!("id: {id}")));
        assert!(
            found
                .iter()
                .any(|l| l.contains(&at) && l.contains(&format!("`{id}`"))),
            "{id} at {at}: {err}"
        );
    }
}

/// `style = "apa"` names the APA style hayagriva ships; citeproc-js is given that same style,
/// written back out as CSL XML.
#[test]
fn apa_by_name_matches_citeproc_js() {
    let dir = temp("apa-name");
    let style = match hayagriva::archive::ArchivedStyle::by_name("apa")
        .unwrap()
        .get()
    {
        hayagriva::citationberg::Style::Independent(s) => {
            hayagriva::citationberg::Style::Independent(s)
        }
        other => panic!("not independent: {other:?}"),
    };
    let xml = style.to_xml().unwrap();
    let brand = brand_with(&dir, "apa", None);
    let source = root().join(EVERY_TYPE);
    let (entries, cites) = folio_page(&dir, &source, Some(&brand));
    let (items, cite_list) = items_and_cites(&source);
    let (want_entries, want_cites) = citeproc(&dir, &xml, &items, &cite_list);
    same(
        "apa (by name): reference list",
        &entries,
        &want_entries,
        &[SDPI_BRIEF_APA, CASE_APA],
    );
    same("apa (by name): citations", &cites, &want_cites, &[]);
}

/// The "Cite as" line is the explainer's own reference in the house style: folio's by default,
/// APA's with `style = "apa"`, on the web page and the screen PDF alike.
#[test]
fn the_cite_as_line_follows_the_house_style() {
    let dir = temp("cite-as");
    let source = root().join("tests/fixtures/ok/bom-crlf.md");
    for (brand, want) in [
        (
            None,
            "A. Writer, Windows file, folio, 4 March 2025, https://doi.org/10.5281/zenodo.1234567",
        ),
        (
            Some(brand_with(&dir, "apa", None)),
            "Writer, A. (2025). Windows file. folio. https://doi.org/10.5281/zenodo.1234567",
        ),
    ] {
        let out = dir.join(if brand.is_some() { "apa" } else { "own" });
        let mut args = vec![
            "build",
            source.to_str().unwrap(),
            "-f",
            "pdf",
            "-f",
            "html",
            "-o",
            out.to_str().unwrap(),
        ];
        if let Some(b) = &brand {
            args.extend(["--brand", b.to_str().unwrap()]);
        }
        let run = folio(&args);
        assert!(run.status.success(), "{}", stderr(&run));
        let html = std::fs::read_to_string(out.join("bom-crlf.html")).unwrap();
        let line = between(&html, "<section class=\"cite-as\"", "</section>");
        let line = text_of(&between(&line[0], "<p", "</p>")[0]).replace('\u{a0}', " ");
        assert_eq!(line, want);
        // The title is set in italics, as the style says.
        assert!(html.contains("<em>Windows file</em>"), "{html}");
        let pdf = squash(&tool(
            "pdftotext",
            &[out.join("bom-crlf.pdf").to_str().unwrap(), "-"],
        ));
        assert!(pdf.contains(&squash(&format!("Cite as: {want}"))), "{pdf}");
    }
}

/// Citations as people write them: across a line break, in a heading (numbered in reading
/// order, after the lede's), inside a link (no link nests in another), and a text without
/// references keeping `[@…]` as text.
/// Citations as people write them, in a source built once as web page and EPUB: (the temp
/// folder, the output folder).
fn written() -> &'static (PathBuf, PathBuf) {
    static BUILT: std::sync::OnceLock<(PathBuf, PathBuf)> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = temp("written");
        let source = dir.join("piece.md");
        std::fs::write(
            &source,
            "---\ntitle: T\ndate: 2025-01-01\nauthor: A\nreferences:\n  - id: a\n    title: First\n  - id: b\n    title: Second\n  - id: c\n    title: Third\n---\n\n\
             The lede cites [@b] and, over a line break, [@a;\n@c, p.\n4]. \n\n\
             ## A heading citing [@c]\n\nSee [the source [@a]](https://example.org/x).\n",
        )
        .unwrap();
        let out = dir.join("out");
        let run = folio(&[
            "build",
            source.to_str().unwrap(),
            "-f",
            "html",
            "-f",
            "epub",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        (dir, out)
    })
}

#[test]
fn citations_as_people_write_them() {
    let (dir, out) = written();
    let html = std::fs::read_to_string(out.join("piece.html")).unwrap();
    let cites: Vec<String> = between(&html, "<span class=\"cite\"", "</span>")
        .iter()
        .map(|c| text_of(c))
        .collect();
    // b is cited first (the lede), then a and c; the heading's citation comes after the lede's.
    assert_eq!(cites, ["[1]", "[2; 3, p. 4]", "[3]", "[2]"], "{html}");
    let link = between(&html, "<a href=\"https://example.org/x\"", "</a>");
    assert!(!link[0].contains("<a"), "a link inside a link: {}", link[0]);

    // Without references, `[@name]` is what it says (a handle), not a citation.
    let plain = dir.join("plain.md");
    std::fs::write(
        &plain,
        "---\ntitle: T\ndate: 2025-01-01\nauthor: A\n---\n\nFollow us [@nias_india].\n",
    )
    .unwrap();
    let run = folio(&[
        "build",
        plain.to_str().unwrap(),
        "-f",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = std::fs::read_to_string(out.join("plain.html")).unwrap();
    assert!(
        text_of(&html).contains("Follow us [@nias_india]."),
        "{html}"
    );
}

/// Changing the brand's `.csl` file rebuilds what uses it.
#[test]
fn a_changed_style_file_rebuilds() {
    let dir = temp("restyle");
    let source = dir.join("piece.md");
    std::fs::copy(root().join(EVERY_TYPE), &source).unwrap();
    let csl = |f: &str| std::fs::read_to_string(root().join("tests/fixtures/csl").join(f)).unwrap();
    let brand = brand_with(&dir, "house.csl", Some(("house.csl", &csl("apa.csl"))));
    let out = dir.join("out");
    let build = || {
        let run = folio(&[
            "build",
            source.to_str().unwrap(),
            "-f",
            "html",
            "--brand",
            brand.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        std::fs::read_to_string(out.join("piece.html")).unwrap()
    };
    assert!(text_of(&build()).contains("(Khan & Ḥusain, 2021)"));
    std::fs::write(dir.join("house.csl"), csl("chicago-author-date.csl")).unwrap();
    assert!(text_of(&build()).contains("(Khan and Ḥusain 2021)"));
}

/// The back matter and masthead, worded once in the model for every format (moved here from
/// `model::back_matter`, which may not reach up to `source` and `brand`).
#[test]
fn citations_read_like_the_seed() {
    let src = concat!(
        "---\ntitle: T\ndate: 2025-01-01\nauthors:\n  - name: A\n    bio: B\n  - name: C\n",
        "references:\n  - author: Mushtaq Ali\n    title: Fresh round\n    publisher: Reuters\n",
        "    date: 03 December 2025\n  - title: Bare\n---\n",
    );
    let doc = folio::source::parse(std::path::Path::new("t.md"), src.as_bytes())
        .unwrap()
        .document;
    let brand = LoadedBrand::load(&Templates::embedded(), None).unwrap();
    let words = brand.words(&doc.lang).unwrap();
    let bm = folio::model::BackMatter::new(&doc, &words);
    let text = |i: usize| folio::model::plain_text(&bm.references[i].content);
    // The written date is the language's ("03 December" was never the point of it).
    assert_eq!(
        text(0),
        "Mushtaq Ali, “Fresh round,” Reuters, 3\u{a0}December\u{a0}2025"
    );
    assert_eq!(text(1), "“Bare”");
    assert_eq!(bm.references[0].label.as_deref(), Some("[1]"));
    assert_eq!(bm.bio_heading, "About the author");
    assert_eq!(bm.bios.len(), 1);
    assert_eq!(bm.bios[0].bio_rest, None);
    let m = folio::model::Piece::new(doc.clone(), &words, "NIAS").masthead;
    assert_eq!(
        (m.byline.as_str(), m.long_date.as_str()),
        ("A and C", "1 January 2025")
    );
    assert_eq!(m.series_label, None);
    // folio's own style: authors, the title (a report's, in italics), publisher, date.
    assert_eq!(
        folio::model::plain_text(&m.cite_as),
        format!("A and C, {}, NIAS, 1\u{a0}January\u{a0}2025", doc.title)
    );
    assert!(
        matches!(&m.cite_as[1], folio::model::Inline::Emph { .. }),
        "{:?}",
        m.cite_as
    );
}

/// The checks that need Java: EPUBCheck 5 on the EPUBs the tests above read.
mod validator {
    use super::*;

    #[test]
    fn the_epub_with_every_type_of_citation_passes_epubcheck() {
        let (errors, warnings, report) = epubcheck(&every_format().join("every-type.epub"));
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }

    #[test]
    fn the_epub_of_citations_as_people_write_them_passes_epubcheck() {
        let (errors, warnings, report) = epubcheck(&written().1.join("piece.epub"));
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}
