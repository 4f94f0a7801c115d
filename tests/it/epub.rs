//! The EPUB, checked as retailers and readers see it: EPUBCheck 5 (0 errors, 0 warnings),
//! well-formed XHTML, the package metadata, nav, cover and fonts, and determinism.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;

/// Every sample and the hostile fixture, built once as EPUB.
fn built() -> &'static (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<(PathBuf, PathBuf)>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut sources = markdown_files("samples");
        sources.push(root().join("tests/fixtures/ok/hostile.md"));
        sources.push(root().join("tests/fixtures/ok/bom-crlf.md"));
        sources.push(root().join("tests/fixtures/ok/scripts.md"));
        build_set(sources, "epub", ".epub")
    })
}

fn text_bytes(files: &[(String, Vec<u8>)], name: &str) -> Vec<u8> {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, b)| b.clone())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn text_of(files: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn every_content_file_is_well_formed_xml_without_script() {
    for (_, epub) in &built().1 {
        let files = unzip(epub);
        assert_eq!(files[0].0, "mimetype", "mimetype must come first");
        assert_eq!(files[0].1, b"application/epub+zip");
        for (name, bytes) in &files {
            if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".xml") {
                let text = std::str::from_utf8(bytes).unwrap();
                let xml = roxmltree::Document::parse_with_options(
                    text,
                    roxmltree::ParsingOptions {
                        allow_dtd: true,
                        ..Default::default()
                    },
                )
                .unwrap_or_else(|e| panic!("{}: {name} is not well-formed: {e}", epub.display()));
                // No active content: no such elements, no event attributes, no script URLs.
                for node in xml.descendants().filter(|n| n.is_element()) {
                    let tag = node.tag_name().name();
                    assert!(
                        !["script", "iframe", "style", "object", "embed", "form"].contains(&tag),
                        "{}: <{tag}> in {name}",
                        epub.display()
                    );
                    for attr in node.attributes() {
                        assert!(
                            !attr.name().starts_with("on"),
                            "{}: {} attribute in {name}",
                            epub.display(),
                            attr.name()
                        );
                        assert!(
                            !attr
                                .value()
                                .to_ascii_lowercase()
                                .trim_start()
                                .starts_with("javascript:")
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_mimetype_is_stored_and_the_archive_is_deterministic() {
    let (_, pairs) = built();
    let again = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["--format".into(), "epub".into()];
    args.extend(pairs.iter().map(|(s, _)| s.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(
        build_into(again.path().to_str().unwrap(), &args)
            .status
            .success()
    );
    for (_, epub) in pairs {
        let bytes = std::fs::read(epub).unwrap();
        // Local file header: name "mimetype" at 30, compression method 0 (stored) at 8.
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(
            u16::from_le_bytes([bytes[8], bytes[9]]),
            0,
            "mimetype is compressed"
        );
        let second = std::fs::read(again.path().join(epub.file_name().unwrap())).unwrap();
        assert!(
            bytes == second,
            "{} differs between two builds",
            epub.display()
        );
    }
}

#[test]
fn the_package_carries_the_metadata() {
    for (source, epub) in &built().1 {
        let doc = folio::source::load(source).unwrap().document;
        let files = unzip(epub);
        let opf = text_of(&files, "OEBPS/package.opf");
        let xml = roxmltree::Document::parse(&opf).unwrap();
        let texts = |local: &str| -> Vec<String> {
            xml.descendants()
                .filter(|n| {
                    n.tag_name().name() == local
                        && n.tag_name().namespace() == Some("http://purl.org/dc/elements/1.1/")
                })
                .map(|n| n.text().unwrap_or("").to_string())
                .collect()
        };
        let meta = |property: &str| -> Vec<String> {
            xml.descendants()
                .filter(|n| {
                    n.tag_name().name() == "meta" && n.attribute("property") == Some(property)
                })
                .map(|n| n.text().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(texts("title")[0], doc.title);
        assert_eq!(
            texts("creator"),
            doc.authors
                .iter()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>()
        );
        assert_eq!(
            meta("role").len(),
            doc.authors.len(),
            "one aut role per creator"
        );
        assert_eq!(texts("language"), vec![doc.lang.tag.clone()]);
        assert_eq!(texts("date"), vec![doc.date.to_string()]);
        assert!(texts("identifier")[0].starts_with("urn:uuid:"));
        // A DOI is a second identifier.
        assert_eq!(
            texts("identifier")[1..],
            doc.doi
                .iter()
                .map(|d| format!("urn:doi:{d}"))
                .collect::<Vec<_>>()
        );
        assert_eq!(texts("subject"), doc.keywords);
        assert_eq!(
            meta("dcterms:modified"),
            vec![format!("{}T00:00:00Z", doc.date)]
        );
        if let (Some(series), Some(number)) = (&doc.series, doc.number) {
            assert_eq!(meta("belongs-to-collection"), vec![series.clone()]);
            assert_eq!(meta("group-position"), vec![number.to_string()]);
        }
        for property in [
            "schema:accessMode",
            "schema:accessModeSufficient",
            "schema:accessibilityFeature",
            "schema:accessibilityHazard",
            "schema:accessibilitySummary",
        ] {
            assert!(
                !meta(property).is_empty(),
                "{property} missing in {}",
                epub.display()
            );
        }
        let features = meta("schema:accessibilityFeature");
        assert!(features.contains(&"tableOfContents".to_string()));
        if doc.images().iter().all(|(_, alt)| alt.is_some()) && !doc.images().is_empty() {
            assert!(features.contains(&"alternativeText".to_string()));
        }
        // The cover is declared, and the fonts the CSS names are in the book.
        let cover = xml
            .descendants()
            .find(|n| n.attribute("properties") == Some("cover-image"))
            .expect("cover-image");
        assert_eq!(cover.attribute("media-type"), Some("image/png"));
        // Retailers' bounds for images in an EPUB: at least 1400 px wide (Apple's
        // recommendation), at most 4 million pixels (Apple's limit).
        let png = text_bytes(&files, "OEBPS/images/cover.png");
        let (w, h) = (be32(&png[16..20]), be32(&png[20..24]));
        assert!(w >= 1400 && w * h <= 4_000_000, "cover is {w} × {h}");
        let css = text_of(&files, "OEBPS/style.css");
        let fonts: Vec<_> = xml
            .descendants()
            .filter(|n| {
                n.attribute("media-type")
                    .is_some_and(|m| m.starts_with("font/"))
            })
            .collect();
        assert!(fonts.len() >= 4, "fonts not embedded in {}", epub.display());
        for f in fonts {
            let href = f.attribute("href").unwrap();
            assert!(css.contains(href), "CSS does not use {href}");
            assert!(
                files.iter().any(|(n, _)| n == &format!("OEBPS/{href}")),
                "{href} missing from the zip"
            );
        }
    }
}

#[test]
fn nav_content_bio_and_references_match_the_source() {
    for (source, epub) in &built().1 {
        let doc = folio::source::load(source).unwrap().document;
        let files = unzip(epub);
        let nav = text_of(&files, "OEBPS/nav.xhtml");
        let content = text_of(&files, "OEBPS/content.xhtml");
        let plain = |xml: &str| -> String {
            let d = roxmltree::Document::parse_with_options(
                xml,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            )
            .unwrap();
            squash(
                &d.descendants()
                    .filter(|n| n.is_text())
                    .map(|n| n.text().unwrap())
                    .collect::<String>(),
            )
        };
        let (nav_text, content_text) = (plain(&nav), plain(&content));
        for s in &doc.sections {
            assert!(
                nav_text.contains(&squash(&s.title_text)),
                "nav lacks `{}`",
                s.title_text
            );
            assert!(nav.contains(&format!("content.xhtml#{}", s.id)));
        }
        for a in &doc.authors {
            if let Some(bio) = &a.bio {
                assert!(
                    content_text.contains(&squash(bio)),
                    "bio of {} missing",
                    a.name
                );
            }
        }
        for r in &doc.references {
            assert!(
                content_text.contains(&squash(&r.title)),
                "reference `{}` missing",
                r.title
            );
            if let Some(url) = &r.url {
                assert!(
                    content.contains(&format!("href=\"{}\"", url.replace('&', "&amp;"))),
                    "no link to {url}"
                );
            }
        }
        if !doc.references.is_empty() {
            assert!(content.contains("role=\"doc-bibliography\""));
        }
        for n in &doc.footnotes {
            assert!(content.contains(&format!(
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\">",
                n.id
            )));
            assert!(
                content.contains(&format!("href=\"#{}\"", n.id)),
                "no noteref to {}",
                n.id
            );
        }
    }
}

#[test]
fn hostile_text_stays_text() {
    let (_, pairs) = built();
    let (_, epub) = pairs
        .iter()
        .find(|(s, _)| s.ends_with("hostile.md"))
        .unwrap();
    let files = unzip(epub);
    let content = text_of(&files, "OEBPS/content.xhtml");
    assert!(
        content.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2f;script&gt;")
            || content.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    );
    assert!(content.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // Every field's typst code is in the book as text.
    let xml = roxmltree::Document::parse_with_options(
        &content,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let text = squash(
        &xml.descendants()
            .filter(|n| n.is_text())
            .map(|n| n.text().unwrap())
            .collect::<String>(),
    );
    for literal in [
        "Title #read(“/etc/passwd”) $x$ <lbl> @ref // c",
        "Sub #import “a.typ”: * [b] {c} \\ `t`",
        "#set text(red)",
        "Name #let x = 1 *b* _i_",
        "Bio /* block */ #include “x.typ” ]]] }}}",
        "Credit $ @ < >",
        "Ref title $x$ [y]",
        r#"<iframe src="https://example.org"></iframe>"#,
    ] {
        assert!(
            text.contains(&squash(literal)),
            "`{literal}` not in the EPUB text"
        );
    }
    assert!(Path::new(epub).is_file());
}

#[test]
fn captioned_figures_are_numbered_as_in_the_pdf() {
    let out = tempfile::tempdir().unwrap();
    let run = build_into(
        out.path().to_str().unwrap(),
        &["samples/cwa-1990-torkham-crossing.md", "-f", "pdf,epub"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let caption = "Trucks crossing Torkham in 2025";
    let pdf = squashed_text(&out.path().join("cwa-1990-torkham-crossing.pdf"));
    assert!(
        pdf.contains(&squash(&format!("Figure 1: {caption}"))),
        "{pdf}"
    );
    let content = unzip(&out.path().join("cwa-1990-torkham-crossing.epub"))
        .into_iter()
        .find(|(n, _)| n == "OEBPS/content.xhtml")
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap();
    assert!(
        content.contains(&format!(
            "<figcaption><span class=\"label\">Figure 1:</span> {caption}"
        )),
        "{content}"
    );
}

/// Addresses are escaped for XML only: a `/` stays a `/` (the template engine's HTML rules
/// wrote `&#x2f;`, valid but three times longer and unreadable in the source).
#[test]
fn addresses_are_written_as_they_are() {
    for (_, epub) in &built().1 {
        for (name, bytes) in unzip(epub) {
            if name.ends_with(".xhtml") || name.ends_with(".opf") {
                let text = String::from_utf8(bytes).unwrap();
                assert!(!text.contains("&#x2f;"), "{}: {name}", epub.display());
            }
        }
    }
    let files = unzip(&built().1[0].1);
    assert!(text_of(&files, "OEBPS/content.xhtml").contains("href=\"https://www.reuters.com/"));
}

/// A source with invalid link targets, built once as EPUB: (source, EPUB, stderr).
fn links() -> &'static (PathBuf, PathBuf, String) {
    static BUILT: OnceLock<(tempfile::TempDir, (PathBuf, PathBuf, String))> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let src = dir.path().join("links.md");
            std::fs::write(
                &src,
                "---\ntitle: Links\ndate: 2025-01-01\nauthor: A\n---\n\nGood <https://example.org/a>.\n\nBad <https://../> and [bad](http://.a/) and <mailto:>.\n",
            )
            .unwrap();
            let out = dir.path().join("out");
            let run = build_into(
                out.to_str().unwrap(),
                &["-f", "epub", src.to_str().unwrap()],
            );
            assert!(run.status.success(), "{}", stderr(&run));
            let epub = out.join("links.epub");
            (dir, (src, epub, stderr(&run)))
        })
        .1
}

/// Autolinks that are not real addresses (from the CommonMark spec's own examples) keep their
/// text without a link, with a warning naming the line; EPUBCheck stays clean (it rejects such
/// an `href` with RSC-020: `validator::invalid_link_targets_leave_epubcheck_clean`), and
/// `folio check` reports them too.
#[test]
fn invalid_link_targets_stay_text_with_a_warning() {
    let (src, epub, err) = links();
    assert!(
        err.contains("links.md:9:") && err.contains("`https://../` is not a valid address"),
        "{err}"
    );
    let content = text_of(&unzip(epub), "OEBPS/content.xhtml");
    assert!(content.contains("href=\"https://example.org/a\""));
    assert!(!content.contains("href=\"https://../\"") && content.contains("https://../"));
    let check = folio(&["check", src.to_str().unwrap()]);
    assert!(
        stderr(&check).contains("is not a valid address"),
        "{}",
        stderr(&check)
    );
}

const SVG_COVER_SOURCE: &str = "tests/fixtures/ok/bom-crlf.md";

/// The BOM/CRLF fixture built once as EPUB with `[epub] cover = "svg"` and once with the
/// default PNG cover: (the SVG one's EPUB, the PNG one's).
fn svg_and_png_covers() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(tempfile::TempDir, (PathBuf, PathBuf))> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let brand = dir.path().join("brand.toml");
            std::fs::write(&brand, "[epub]\ncover = \"svg\"\n").unwrap();
            let source = SVG_COVER_SOURCE;
            let (svg_out, png_out) = (dir.path().join("svg"), dir.path().join("png"));
            let run = build_into(
                svg_out.to_str().unwrap(),
                &["-f", "epub", source, "--brand", brand.to_str().unwrap()],
            );
            assert!(run.status.success(), "{}", stderr(&run));
            let run = build_into(png_out.to_str().unwrap(), &["-f", "epub", source]);
            assert!(run.status.success(), "{}", stderr(&run));
            let epubs = (svg_out.join("bom-crlf.epub"), png_out.join("bom-crlf.epub"));
            (dir, epubs)
        })
        .1
}

/// `[epub] cover = "svg"` gives the same cover as vector graphics: declared as the cover image,
/// shown by the cover page, glyphs as outlines (no text, no font, no script), EPUBCheck clean
/// (`validator::an_svg_cover_passes_epubcheck`) and smaller than the PNG; a value it does not
/// know is an error at its line.
#[test]
fn a_brand_can_ask_for_an_svg_cover() {
    let (epub, png_epub) = svg_and_png_covers();
    let files = unzip(epub);
    let opf = text_of(&files, "OEBPS/package.opf");
    assert!(
        opf.contains(
            "href=\"images/cover.svg\" media-type=\"image/svg+xml\" properties=\"cover-image\""
        ),
        "{opf}"
    );
    assert!(text_of(&files, "OEBPS/cover.xhtml").contains("src=\"images/cover.svg\""));
    assert!(!files.iter().any(|(n, _)| n.ends_with("cover.png")));
    let svg = text_of(&files, "OEBPS/images/cover.svg");
    let xml = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(xml.root_element().tag_name().name(), "svg");
    for node in xml.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        assert!(
            !["script", "text", "foreignObject"].contains(&tag),
            "<{tag}>"
        );
    }
    assert!(xml.descendants().filter(|n| n.has_tag_name("use")).count() > 20);
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    assert!(size(epub) < size(png_epub));

    let dir = tempfile::tempdir().unwrap();
    let brand = dir.path().join("brand.toml");
    std::fs::write(&brand, "[epub]\ncover = \"jpg\"\n").unwrap();
    let run = build_into(
        dir.path().join("out").to_str().unwrap(),
        &[
            "-f",
            "epub",
            SVG_COVER_SOURCE,
            "--brand",
            brand.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.starts_with(&format!("{}:2:", brand.display())) && err.contains("`png`"),
        "{err}"
    );
}

/// The checks that need Java: EPUBCheck 5 on what the tests above build.
mod validator {
    use super::*;

    #[test]
    fn epubcheck_finds_no_error_and_no_warning() {
        for (_, epub) in &built().1 {
            let (errors, warnings, report) = epubcheck(epub);
            assert_eq!((errors, warnings), (0, 0), "{}:\n{report}", epub.display());
        }
    }

    /// EPUBCheck rejects an invalid `href` with RSC-020: none is left in the EPUB.
    #[test]
    fn invalid_link_targets_leave_epubcheck_clean() {
        let (errors, warnings, report) = epubcheck(&links().1);
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }

    #[test]
    fn an_svg_cover_passes_epubcheck() {
        let (errors, warnings, report) = epubcheck(&svg_and_png_covers().0);
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}
