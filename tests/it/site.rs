//! `folio site`: the samples' site (with `[site]` in samples/folio.toml) and the annual
//! fixture's (without): the layout on disk, the Nu HTML Checker and axe-core on its pages, the
//! Atom feed read by Python's feedparser, the sitemap read as XML in its namespace, absolute
//! addresses that lead to pages that exist, hostile titles as text, a broken source left out,
//! and byte-identical rebuilds.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use scraper::{Html, Selector};

const BASE: &str = "https://explainers.example.org/";

fn site_of(dir: &Path, out: &Path) -> std::process::Output {
    folio(&[
        "site",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// The samples' site, built once.
fn samples_site() -> &'static tempfile::TempDir {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let run = site_of(&root().join("samples"), out.path());
        assert!(run.status.success(), "{}", stderr(&run));
        out
    })
}

fn select(html: &Html, css: &str) -> Vec<String> {
    html.select(&Selector::parse(css).unwrap())
        .map(|e| e.html())
        .collect()
}

fn attr(html: &Html, css: &str, name: &str) -> Vec<String> {
    html.select(&Selector::parse(css).unwrap())
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A site address under BASE → its file (a folder address → its index.html).
fn file_of(site: &Path, url: &str) -> PathBuf {
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    let mut file = site.join(percent_decode(path));
    if url.ends_with('/') {
        file = file.join("index.html");
    }
    file
}

fn percent_decode(s: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = s.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' && tail.len() >= 2 {
            bytes.push(u8::from_str_radix(std::str::from_utf8(&tail[..2]).unwrap(), 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn the_site_has_an_index_year_author_and_explainer_pages_with_downloads() {
    let site = samples_site().path();
    for page in [
        "index.html",
        "2025/index.html",
        "2026/index.html",
        "authors/lekshmi-mk/index.html",
        "authors/farah-naz-فرح-ناز/index.html",
        "assets/style.css",
        "feed.xml",
        "sitemap.xml",
    ] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
    for source in markdown_files("samples") {
        let stem = source.file_stem().unwrap().to_string_lossy().into_owned();
        for file in [
            "index.html",
            &format!("{stem}.pdf"),
            &format!("{stem}.epub"),
            &format!("{stem}.print.pdf"),
        ] {
            assert!(
                site.join(&stem).join(file).is_file(),
                "{stem}/{file} missing"
            );
        }
        // Every link of the page that stays in the site leads to a file.
        let page = site.join(&stem).join("index.html");
        let html = Html::parse_document(&std::fs::read_to_string(&page).unwrap());
        for href in attr(&html, "a[download], link[rel=stylesheet], img", "href")
            .into_iter()
            .chain(attr(&html, "img", "src"))
        {
            assert!(
                page.parent().unwrap().join(percent_decode(&href)).is_file(),
                "{stem}: {href}"
            );
        }
        // Absolute addresses: canonical, the PDF for Google Scholar, the card for previews.
        let canonical = format!("{BASE}{stem}/");
        assert_eq!(
            attr(&html, "link[rel=canonical]", "href"),
            [canonical.as_str()]
        );
        assert_eq!(
            attr(&html, "meta[name=citation_pdf_url]", "content"),
            [format!("{canonical}{stem}.pdf")]
        );
        let card = attr(&html, "meta[property=\"og:image\"]", "content");
        assert_eq!(card, [format!("{canonical}assets/card.png")]);
        assert!(file_of(site, &card[0]).is_file());
        // One stylesheet for the whole site, so its fonts are fetched once.
        assert_eq!(
            attr(&html, "link[rel=stylesheet]", "href"),
            ["../assets/style.css"]
        );
        assert!(!site.join(&stem).join("assets/style.css").exists());
    }
    // Its fonts, cut to what all the pages show, still draw every letter of every page (an
    // Urdu name in Naskh beside English text).
    let faces: Vec<Vec<u8>> = std::fs::read_dir(site.join("assets/fonts"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ttf" || x == "otf"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let faces: Vec<ttf_parser::Face> = faces
        .iter()
        .map(|b| ttf_parser::Face::parse(b, 0).unwrap())
        .collect();
    for page in html_files(site) {
        let html = Html::parse_document(&std::fs::read_to_string(&page).unwrap());
        let body = html
            .select(&scraper::Selector::parse("body").unwrap())
            .next()
            .unwrap();
        for c in body.text().flat_map(str::chars) {
            if c.is_whitespace() || c.is_control() {
                continue;
            }
            assert!(
                faces.iter().any(|f| f.glyph_index(c).is_some()),
                "{}: no font of the site draws {c:?} (U+{:04X})",
                page.display(),
                c as u32
            );
        }
    }
    // The index: newest first, grouped by year, each entry linked.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let (a, b, c) = (
        index.find("Torkham").unwrap(),
        index.find("Indus Waters").unwrap(),
        index.find("Pakistan-Taliban").unwrap(),
    );
    assert!(a < b && b < c, "not newest first");
    assert!(index.find(">2026<").unwrap() < a && a < index.find(">2025<").unwrap());
    let author = std::fs::read_to_string(site.join("authors/lekshmi-mk/index.html")).unwrap();
    assert!(
        author.contains("Lekshmi MK is pursuing postgraduation"),
        "bio missing"
    );
    assert!(author.contains("Pakistan-Taliban Peace Talks") && !author.contains("Torkham"));
}

#[test]
fn the_feed_and_the_sitemap_parse_and_point_at_pages_that_exist() {
    let site = samples_site().path();
    // feedparser: no bozo flag, three entries newest first, absolute links, authors.
    let script = "import feedparser, json, sys\n\
        f = feedparser.parse(sys.argv[1])\n\
        print(json.dumps({'bozo': bool(f.bozo), 'title': f.feed.get('title'), \
        'entries': [{'title': e.title, 'link': e.link, 'published': e.published, \
        'authors': [a.get('name') for a in e.get('authors', [])]} for e in f.entries]}))";
    let out = tool(
        "python3",
        &["-c", script, site.join("feed.xml").to_str().unwrap()],
    );
    let feed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(feed["bozo"], false, "{out}");
    assert_eq!(feed["title"], "NIAS Explainers");
    let entries = feed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert!(entries[0]["title"].as_str().unwrap().starts_with("Torkham"));
    assert_eq!(entries[2]["authors"][0], "Lekshmi MK");
    for e in entries {
        let link = e["link"].as_str().unwrap();
        assert!(file_of(site, link).is_file(), "{link}");
    }
    // The sitemap, in the sitemaps.org namespace, lists every page by an address that exists.
    let text = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let xml = roxmltree::Document::parse(&text).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert_eq!(xml.root_element().tag_name().namespace(), Some(ns));
    let locs: Vec<&str> = xml
        .descendants()
        .filter(|n| n.has_tag_name((ns, "loc")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(locs.len(), html_files(site).len(), "{locs:?}");
    for loc in locs {
        assert!(file_of(site, loc).is_file(), "{loc}");
    }
}

#[test]
fn a_folder_without_a_base_url_builds_with_a_warning_and_no_feed() {
    let out = tempfile::tempdir().unwrap();
    let run = site_of(&root().join("tests/fixtures/annual"), out.path());
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("base_url is not set"),
        "{}",
        stderr(&run)
    );
    assert!(out.path().join("index.html").is_file());
    assert!(!out.path().join("feed.xml").exists() && !out.path().join("sitemap.xml").exists());
    // The foreword is the annual's, not a piece of the site.
    assert!(!out.path().join("foreword").exists());
    let index = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(!index.contains("rel=\"canonical\""));
}

/// `[site] lang` sets the language of the site's own pages; a tag that is not one is an error
/// at its line, and nothing is written.
#[test]
fn the_site_pages_speak_the_language_folio_toml_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/ok/bom-crlf.md"),
        dir.path().join("plain.md"),
    )
    .unwrap();
    let toml = dir.path().join("folio.toml");
    std::fs::write(&toml, "[site]\ntitle = \"Notes\"\nlang = \"fr\"\n").unwrap();
    let out = dir.path().join("site");
    let run = site_of(dir.path(), &out);
    assert!(run.status.success(), "{}", stderr(&run));
    let index = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert_eq!(attr(&index, "html", "lang"), ["fr"]);
    // The explainer's own page keeps its language.
    let page =
        Html::parse_document(&std::fs::read_to_string(out.join("plain/index.html")).unwrap());
    assert_eq!(attr(&page, "html", "lang"), ["en"]);

    std::fs::write(&toml, "[site]\ntitle = \"Notes\"\nlang = \"not a tag\"\n").unwrap();
    let out = dir.path().join("site2");
    let run = site_of(dir.path(), &out);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("folio.toml:3:1: error: [site] lang"), "{err}");
    assert!(!out.exists(), "{err}");
}

#[test]
fn hostile_titles_stay_text_and_a_broken_source_is_left_out() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["hostile.md", "pixel.png"] {
        std::fs::copy(
            root().join("tests/fixtures/ok").join(file),
            dir.path().join(file),
        )
        .unwrap();
    }
    std::fs::copy(
        root().join("tests/fixtures/ok/bom-crlf.md"),
        dir.path().join("plain.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.md"),
        "---\ntitle: [unclosed\n---\nText\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let run = site_of(dir.path(), &out);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("broken.md:"), "{}", stderr(&run));
    assert!(
        out.join("hostile/index.html").is_file() && out.join("plain/index.html").is_file(),
        "{}",
        stderr(&run)
    );
    assert!(!out.join("broken").exists());
    let doc = folio::source::load(&root().join("tests/fixtures/ok/hostile.md"))
        .unwrap()
        .document;
    let html = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let titles: Vec<String> = html
        .select(&Selector::parse(".entry-title a").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert!(
        titles.iter().any(|t| t.trim() == doc.title.trim()),
        "{titles:?}"
    );
    assert!(select(&html, "script").is_empty(), "a script in the index");
}

/// Built again, with one worker instead of one per core, the site is the same file for file.
#[test]
fn rebuilding_the_site_with_one_worker_gives_the_same_bytes() {
    let again = tempfile::tempdir().unwrap();
    let samples = root().join("samples");
    let (samples, again_s) = (samples.to_str().unwrap(), again.path().to_str().unwrap());
    let run = folio(&["site", samples, "--out", again_s, "--jobs", "1"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let list = |d: &Path| {
        let mut files = Vec::new();
        let mut todo = vec![d.to_path_buf()];
        while let Some(f) = todo.pop() {
            for e in std::fs::read_dir(&f).unwrap().flatten() {
                if e.path().is_dir() {
                    todo.push(e.path());
                } else {
                    files.push(e.path().strip_prefix(d).unwrap().to_path_buf());
                }
            }
        }
        files.sort();
        files
    };
    let first = list(samples_site().path());
    assert_eq!(first, list(again.path()));
    for f in first {
        assert!(
            std::fs::read(samples_site().path().join(&f)).unwrap()
                == std::fs::read(again.path().join(&f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

/// A second run rebuilds only what changed: nothing, then the one explainer edited (and the
/// lists that show it), then a page whose assets were deleted.
#[test]
fn an_unchanged_site_is_not_rebuilt_and_an_edit_rebuilds_its_page() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.md", "b.md"] {
        std::fs::copy(
            root().join("tests/fixtures/ok/bom-crlf.md"),
            dir.path().join(name),
        )
        .unwrap();
    }
    let out = dir.path().join("site");
    let said = |run: &std::process::Output, expected: &str| {
        assert!(stderr(run).contains(expected), "{}", stderr(run));
    };
    said(
        &site_of(dir.path(), &out),
        "2 explainer pages built, 0 unchanged",
    );
    said(
        &site_of(dir.path(), &out),
        "0 explainer pages built, 2 unchanged",
    );
    let text = std::fs::read_to_string(dir.path().join("b.md")).unwrap();
    let edited = text.replacen("title: Windows file", "title: Edited", 1);
    std::fs::write(dir.path().join("b.md"), edited).unwrap();
    said(
        &site_of(dir.path(), &out),
        "1 explainer pages built, 1 unchanged",
    );
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("Edited")
    );
    assert!(
        std::fs::read_to_string(out.join("b/index.html"))
            .unwrap()
            .contains("Edited")
    );
    std::fs::remove_dir_all(out.join("a/assets")).unwrap();
    said(
        &site_of(dir.path(), &out),
        "1 explainer pages built, 1 unchanged",
    );
    assert!(out.join("a/assets/card.png").is_file());
}

/// The checks that need Java (the Nu HTML Checker) or Chromium (axe-core) on the site the tests
/// above read.
mod validator {
    use super::*;

    #[test]
    fn every_site_page_passes_the_nu_html_checker_and_axe() {
        let site = samples_site().path();
        let pages = html_files(site);
        assert!(pages.len() >= 12, "{pages:?}");
        let jar = std::env::var("VNU_JAR").unwrap_or_else(|_| {
            root()
                .join(".ci/node_modules/vnu-jar/build/dist/vnu.jar")
                .display()
                .to_string()
        });
        let run = std::process::Command::new("java")
            .args(["-jar", &jar, "--errors-only", "--also-check-css"])
            .args(&pages)
            .arg(site.join("assets/style.css"))
            .output()
            .expect("java runs");
        assert!(
            run.status.success(),
            "vnu:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let run = std::process::Command::new("node")
            .arg(root().join("tests/axe.js"))
            .args(&pages)
            .env("NODE_PATH", root().join(".ci/node_modules"))
            .output()
            .expect("node runs");
        assert!(
            run.status.success(),
            "axe:\n{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }
}
