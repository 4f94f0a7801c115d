//! The web edition, checked with the field's tools: the Nu HTML Checker (vnu.jar) on every page
//! and stylesheet; axe-core in headless Chromium at phone and desktop widths; the `citation_*` tags, JSON-LD and Open Graph read back with an HTML parser
//! (html5ever, through scraper) and compared with the front matter; hostile text stays text;
//! every asset a page names exists; footnotes link both ways; byte-identical rebuilds.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use scraper::{Html, Selector};

/// The samples and the hostile, BOM/CRLF and Urdu fixtures, built once as web pages with
/// their PDFs and EPUBs (which the pages link).
fn built() -> &'static (tempfile::TempDir, Vec<PathBuf>) {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut sources = markdown_files("samples");
        for f in [
            "tests/fixtures/ok/hostile.md",
            "tests/fixtures/ok/bom-crlf.md",
            "tests/fixtures/lang/urdu.md",
        ] {
            sources.push(root().join(f));
        }
        let out = tempfile::tempdir().unwrap();
        build_all(&sources, out.path());
        (out, sources)
    })
}

/// The web editions of two books: the annual fixture (with its PDF, which it links) and a
/// collection whose chapters are in English, Urdu and French.
fn books() -> &'static (tempfile::TempDir, [PathBuf; 2]) {
    static BOOKS: OnceLock<(tempfile::TempDir, [PathBuf; 2])> = OnceLock::new();
    BOOKS.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().to_str().unwrap();
        let annual = root().join("tests/fixtures/annual");
        let run = folio(&[
            "annual",
            annual.to_str().unwrap(),
            "--year",
            "2025",
            "-f",
            "html",
            "-f",
            "pdf",
            "--out",
            dir,
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        let chapters: Vec<String> = [
            "samples/cwa-1975-pakistan-taliban-peace-talks.md",
            "tests/fixtures/lang/urdu.md",
            "tests/fixtures/lang/french.md",
        ]
        .iter()
        .map(|f| root().join(f).display().to_string())
        .collect();
        let mut args = vec!["collection", "--title", "Borders", "--name", "borders"];
        args.extend(chapters.iter().map(String::as_str));
        args.extend(["-f", "html", "--out", dir]);
        let run = folio(&args);
        assert!(run.status.success(), "{}", stderr(&run));
        let pages = [
            out.path().join("annual-2025.html"),
            out.path().join("borders.html"),
        ];
        (out, pages)
    })
}

/// Every page the tests build: each explainer's and each book's.
fn all_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = built().1.iter().map(|s| page_of(s)).collect();
    pages.extend(books().1.iter().cloned());
    pages
}

fn build_all(sources: &[PathBuf], out: &Path) {
    let mut args = vec!["-f", "html", "-f", "pdf", "-f", "epub", "-f", "cite"];
    let shown: Vec<String> = sources.iter().map(|p| p.display().to_string()).collect();
    args.extend(shown.iter().map(String::as_str));
    let run = build_into(out.to_str().unwrap(), &args);
    assert!(run.status.success(), "{}", stderr(&run));
}

fn page_of(source: &Path) -> PathBuf {
    let stem = source.file_stem().unwrap().to_string_lossy();
    built().0.path().join(format!("{stem}.html"))
}

fn parse(page: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(page).unwrap())
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// The `content` of every `<meta name=NAME>`.
fn metas(html: &Html, name: &str) -> Vec<String> {
    select(
        html,
        &format!("meta[name=\"{name}\"], meta[property=\"{name}\"]"),
    )
    .iter()
    .filter_map(|m| m.value().attr("content").map(str::to_string))
    .collect()
}

/// vnu.jar: `$VNU_JAR`, or the npm `vnu-jar` package `.ci/run` installs under `.ci/`.
fn vnu() -> String {
    if let Ok(jar) = std::env::var("VNU_JAR") {
        return jar;
    }
    let jar = root().join(".ci/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "the Nu HTML Checker is missing: run .ci/run (npm install --prefix .ci vnu-jar) or set VNU_JAR"
    );
    jar.display().to_string()
}

#[test]
fn the_metadata_scholars_and_search_engines_read_matches_the_front_matter() {
    for source in &built().1 {
        let doc = folio::source::load(source).unwrap().document;
        let html = parse(&page_of(source));
        let at = source.display();
        assert_eq!(metas(&html, "citation_title"), [doc.title.as_str()], "{at}");
        assert_eq!(
            metas(&html, "citation_author"),
            doc.author_names(),
            "{at}: authors"
        );
        let d = doc.date;
        assert_eq!(
            metas(&html, "citation_publication_date"),
            [format!("{:04}/{:02}/{:02}", d.year, d.month, d.day)],
            "{at}"
        );
        assert_eq!(
            metas(&html, "citation_technical_report_number"),
            doc.number
                .map(|n| n.to_string())
                .into_iter()
                .collect::<Vec<_>>(),
            "{at}"
        );
        assert_eq!(
            metas(&html, "citation_series_title"),
            doc.series.clone().into_iter().collect::<Vec<_>>(),
            "{at}"
        );
        assert_eq!(
            metas(&html, "citation_technical_report_institution").len(),
            1
        );
        let stem = source.file_stem().unwrap().to_string_lossy();
        assert_eq!(metas(&html, "citation_pdf_url"), [format!("{stem}.pdf")]);
        assert_eq!(metas(&html, "og:title"), [doc.title.as_str()]);
        assert_eq!(
            metas(&html, "citation_doi"),
            doc.doi.clone().into_iter().collect::<Vec<_>>(),
            "{at}"
        );
        // The JSON-LD is a schema.org Report with the same facts.
        let scripts = select(&html, "script[type=\"application/ld+json\"]");
        assert_eq!(scripts.len(), 1, "{at}");
        let ld: serde_json::Value =
            serde_json::from_str(&scripts[0].text().collect::<String>()).expect("JSON-LD parses");
        assert_eq!(ld["@type"], "Report");
        assert_eq!(ld["name"], doc.title.as_str());
        assert_eq!(ld["datePublished"], doc.date.to_string());
        let names: Vec<&str> = ld["author"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, doc.author_names(), "{at}");
        if let Some(n) = doc.number {
            assert_eq!(ld["reportNumber"], n.to_string());
        }
        if let Some(series) = &doc.series {
            assert_eq!(ld["isPartOf"]["name"], series.as_str());
        }
        // The cite files built beside it, linked under the "cite as" line.
        let cite_files: Vec<&str> = select(&html, ".cite-as a[download]")
            .iter()
            .map(|a| a.value().attr("href").unwrap())
            .collect();
        assert_eq!(
            cite_files,
            [".bib", ".ris", ".csl.json"].map(|s| format!("{stem}{s}")),
            "{at}"
        );
        // A DOI: its identifier, and the address the "cite as" line gives.
        if let Some(doi) = &doc.doi {
            assert_eq!(ld["identifier"]["propertyID"], "DOI");
            assert_eq!(ld["identifier"]["value"], doi.as_str());
            let cite = select(&html, ".cite-as p")[0].text().collect::<String>();
            assert!(cite.ends_with(&format!("https://doi.org/{doi}")), "{cite}");
        }
        // Language and direction, and a skip link to the main content.
        let root_el = select(&html, "html")[0];
        assert_eq!(root_el.value().attr("lang"), Some(doc.lang.tag.as_str()));
        assert_eq!(root_el.value().attr("dir"), Some(doc.lang.dir));
        let skip = select(&html, "a.skip-link");
        assert_eq!(skip[0].value().attr("href"), Some("#main"));
        assert_eq!(select(&html, "main#main").len(), 1);
    }
}

#[test]
fn nothing_from_a_source_becomes_markup_or_script() {
    for source in &built().1 {
        let text = std::fs::read_to_string(page_of(source)).unwrap();
        let html = Html::parse_document(&text);
        let at = source.display();
        // One script element, the JSON-LD data block; no handlers, no script URLs, no frames.
        for el in select(&html, "*") {
            let name = el.value().name();
            assert!(
                !["iframe", "object", "embed", "form", "style", "base"].contains(&name),
                "{at}: <{name}>"
            );
            if name == "script" {
                assert_eq!(el.value().attr("type"), Some("application/ld+json"), "{at}");
            }
            for (attr, value) in el.value().attrs() {
                assert!(!attr.starts_with("on"), "{at}: {attr}=");
                assert!(
                    !value
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("javascript:"),
                    "{at}: {attr}={value}"
                );
            }
        }
        let csp = select(&html, "meta[http-equiv=\"Content-Security-Policy\"]");
        assert!(
            csp[0]
                .value()
                .attr("content")
                .unwrap()
                .contains("script-src 'none'"),
            "{at}"
        );
    }
    // The hostile fixture's title (HTML and script) is shown as its characters.
    let source = root().join("tests/fixtures/ok/hostile.md");
    let doc = folio::source::load(&source).unwrap().document;
    let html = parse(&page_of(&source));
    let h1: String = select(&html, "h1")[0].text().collect();
    assert_eq!(h1.trim(), doc.title.trim());
    let title: String = select(&html, "title")[0].text().collect();
    assert!(title.starts_with(doc.title.trim()), "{title}");
}

#[test]
fn every_asset_a_page_names_exists_and_notes_link_both_ways() {
    let out = built().0.path();
    for source in &built().1 {
        let page = page_of(source);
        let html = parse(&page);
        let at = source.display();
        let mut names: Vec<String> = Vec::new();
        for (css, attr) in [
            ("link[rel=stylesheet]", "href"),
            ("img", "src"),
            ("a[download]", "href"),
        ] {
            for el in select(&html, css) {
                names.push(el.value().attr(attr).unwrap().to_string());
            }
        }
        let stylesheet = names[0].clone();
        let css = std::fs::read_to_string(out.join(&stylesheet)).unwrap();
        let folder = Path::new(&stylesheet).parent().unwrap();
        for font in css.split("url(\"").skip(1) {
            let href = font.split('"').next().unwrap();
            names.push(folder.join(href).display().to_string());
        }
        assert!(
            names
                .iter()
                .any(|n| n.ends_with(".otf") || n.ends_with(".ttf")),
            "{at}: no fonts"
        );
        for name in &names {
            assert!(out.join(name).is_file(), "{at}: {name} is missing");
        }
        // Card image for link previews: a 1200 × 630 PNG.
        let card = metas(&html, "og:image");
        assert!(
            card.is_empty(),
            "{at}: og:image needs an absolute address, so only in a site"
        );
        let stem = source.file_stem().unwrap().to_string_lossy();
        let png = std::fs::read(out.join(format!("assets/{stem}/card.png"))).unwrap();
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        assert_eq!((be(&png[16..20]), be(&png[20..24])), (1200, 630));
        // Footnotes: each reference leads to its note, each note back to a reference.
        let ids: Vec<String> = select(&html, "[id]")
            .iter()
            .map(|e| e.value().attr("id").unwrap().to_string())
            .collect();
        for link in select(&html, "a[role=doc-noteref], a[role=doc-backlink]") {
            let target = link.value().attr("href").unwrap().trim_start_matches('#');
            assert!(
                ids.iter().any(|i| i == target),
                "{at}: #{target} goes nowhere"
            );
        }
    }
}

/// A book's web edition: one page with its contents, every chapter in its own language and
/// one level down, the back matter, metadata for a book (editors, ISBNs, its chapters as
/// reports) and every link inside it landing on something.
#[test]
fn a_book_is_one_page_with_its_contents_chapters_and_back_matter() {
    let (out, [annual, borders]) = books();
    let html = parse(annual);
    assert_eq!(metas(&html, "citation_title"), ["NIAS Explainers 2025"]);
    assert_eq!(
        metas(&html, "citation_editor"),
        ["D. Suba Chandran", "Ananya Rao"]
    );
    assert_eq!(metas(&html, "citation_isbn").len(), 2);
    assert_eq!(metas(&html, "citation_pdf_url"), ["annual-2025.pdf"]);
    assert!(out.path().join("annual-2025.pdf").is_file());
    let ld: serde_json::Value = serde_json::from_str(
        &select(&html, "script[type=\"application/ld+json\"]")[0].inner_html(),
    )
    .unwrap();
    assert_eq!(ld["@type"], "Book");
    let parts = ld["hasPart"].as_array().unwrap();
    assert_eq!(parts.len(), 4, "{ld}");
    assert_eq!(parts[0]["@type"], "Report");
    assert_eq!(parts[0]["reportNumber"], "1950");
    // One h1 (the book's); each chapter's title an h2 inside its article.
    assert_eq!(select(&html, "h1").len(), 1);
    let chapters = select(&html, "article.chapter");
    assert_eq!(chapters.len(), 4);
    for (i, ch) in chapters.iter().enumerate() {
        let title = ch
            .select(&Selector::parse("h2").unwrap())
            .next()
            .expect("a chapter title");
        assert_eq!(
            title.value().attr("id"),
            Some(format!("ch-{}-title", i + 1).as_str())
        );
    }
    for part in [
        "nav#toc",
        "#foreword",
        "#contributors",
        "#author-index",
        "#catalogue",
        ".imprint",
    ] {
        assert_eq!(select(&html, part).len(), 1, "{part}");
    }
    assert!(out.path().join("assets/annual-2025/cover.png").is_file());
    for page in [annual, borders] {
        let html = parse(page);
        let ids: Vec<&str> = select(&html, "[id]")
            .iter()
            .map(|e| e.value().attr("id").unwrap())
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{}: ids repeat", page.display());
        for a in select(&html, "a[href^=\"#\"]") {
            let target = &a.value().attr("href").unwrap()[1..];
            assert!(
                ids.contains(&target),
                "{}: #{target} goes nowhere",
                page.display()
            );
        }
        for img in select(&html, "img") {
            let src = img.value().attr("src").unwrap();
            assert!(out.path().join(src).is_file(), "{src} is missing");
        }
    }
    // Chapters in another language than the book's say so, and which way they run.
    let html = parse(borders);
    let langs: Vec<(Option<&str>, Option<&str>)> = select(&html, "article.chapter")
        .iter()
        .map(|a| (a.value().attr("lang"), a.value().attr("dir")))
        .collect();
    assert_eq!(
        langs,
        [
            (None, None),
            (Some("ur"), Some("rtl")),
            (Some("fr"), Some("ltr"))
        ]
    );
}

#[test]
fn rebuilding_gives_the_same_bytes() {
    let again = tempfile::tempdir().unwrap();
    build_all(&built().1, again.path());
    let first = files_under(built().0.path());
    assert!(first.len() > 40, "{first:?}");
    assert_eq!(first, files_under(again.path()));
    for name in &first {
        let (a, b) = (built().0.path().join(name), again.path().join(name));
        assert!(
            std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
            "{name} differs"
        );
    }
}

/// Every file under `dir` (paths relative to it), sorted, without folio's build cache.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if entry.file_name() == ".folio-cache" {
                continue;
            }
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// The BOM/CRLF fixture as `my piece #2.md`, built once as web page and PDF: the output folder.
fn odd_name() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let source = dir.path().join("my piece #2.md");
            std::fs::copy(root().join("tests/fixtures/ok/bom-crlf.md"), &source).unwrap();
            let out = dir.path().join("out");
            let run = build_into(
                out.to_str().unwrap(),
                &["-f", "html", "-f", "pdf", source.to_str().unwrap()],
            );
            assert!(run.status.success(), "{}", stderr(&run));
            (dir, out)
        })
        .1
}

/// A file name with a space and a `#` still gives working addresses: the page's links are
/// percent-encoded, the files keep the name, and vnu finds no error
/// (`validator::a_page_whose_file_name_a_url_cannot_hold_passes_the_nu_html_checker`).
#[test]
fn a_file_name_a_url_cannot_hold_as_it_is_still_links() {
    let out = odd_name();
    let page = out.join("my piece #2.html");
    let html = parse(&page);
    let decode = |href: &str| {
        let mut bytes = Vec::new();
        let mut rest = href.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if b == b'%' {
                let hex = std::str::from_utf8(&tail[..2]).unwrap();
                bytes.push(u8::from_str_radix(hex, 16).unwrap());
                rest = &tail[2..];
            } else {
                bytes.push(b);
                rest = tail;
            }
        }
        String::from_utf8(bytes).unwrap()
    };
    let links: Vec<String> = select(&html, "link[rel=stylesheet], a[download]")
        .iter()
        .map(|e| e.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links.len(), 2);
    for href in &links {
        assert!(!href.contains(' ') && !href.contains('#'), "{href}");
        assert!(out.join(decode(href)).is_file(), "{href} leads nowhere");
    }
}

/// The checks that need Java (the Nu HTML Checker) or Chromium (axe-core) on the pages the
/// tests above build.
mod validator {
    use super::*;

    #[test]
    fn every_page_and_stylesheet_passes_the_nu_html_checker() {
        let mut files: Vec<String> = all_pages()
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        for out in [built().0.path(), books().0.path()] {
            for entry in std::fs::read_dir(out.join("assets")).unwrap().flatten() {
                files.push(entry.path().join("style.css").display().to_string());
            }
        }
        let run = std::process::Command::new("java")
            .arg("-jar")
            .arg(vnu())
            .args(["--errors-only", "--also-check-css"])
            .args(&files)
            .output()
            .expect("java runs");
        let report = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success() && report.trim().is_empty(),
            "vnu found errors:\n{report}"
        );
    }

    /// axe-core in headless Chromium (`tests/axe.js`): no violation of WCAG 2.1 A/AA or best
    /// practice on any page, at 360 and 1280 px, and no sideways scrolling on a phone.
    #[test]
    fn every_page_passes_axe_at_phone_and_desktop_widths() {
        let modules = root().join(".ci/node_modules");
        assert!(
            modules.join("axe-core").is_dir() && modules.join("puppeteer-core").is_dir(),
            "axe-core and puppeteer-core are missing: run .ci/run"
        );
        let pages = all_pages();
        let run = std::process::Command::new("node")
            .arg(root().join("tests/axe.js"))
            .args(&pages)
            .env("NODE_PATH", &modules)
            .output()
            .expect("node runs");
        let report = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "axe:\n{report}{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(
            report
                .lines()
                .filter(|l| l.contains("0 violations"))
                .count(),
            pages.len() * 2
        );
    }

    #[test]
    fn a_page_whose_file_name_a_url_cannot_hold_passes_the_nu_html_checker() {
        let page = odd_name().join("my piece #2.html");
        let run = std::process::Command::new("java")
            .arg("-jar")
            .arg(vnu())
            .arg("--errors-only")
            .arg(&page)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}
