//! The screen PDF, checked as a user's tools see it: pdfinfo, pdffonts, qpdf, pdftotext.
//!
//! Every sample is built once (into a temp folder) and then checked against its own source:
//! the expectations come from the parsed front matter, so a new sample is checked without
//! writing a new test.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;

/// The samples, built once per test binary.
fn built_samples() -> &'static (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<(PathBuf, PathBuf)>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let sources = markdown_files("samples");
        assert!(
            sources.len() >= 3,
            "expected the seed and at least two more samples"
        );
        build_set(sources, "pdf", ".pdf")
    })
}

fn document(source: &Path) -> folio::Document {
    folio::source::load(source).expect("sample parses").document
}

#[test]
fn metadata_matches_the_front_matter() {
    for (source, pdf) in &built_samples().1 {
        let doc = document(source);
        let info = pdfinfo(pdf);
        assert_eq!(field(&info, "Title"), doc.title, "{}", pdf.display());
        let author = field(&info, "Author");
        for a in &doc.authors {
            assert!(
                author.contains(&a.name),
                "author `{}` missing in {}",
                a.name,
                pdf.display()
            );
        }
        let subject = field(&info, "Subject");
        let expected = doc
            .summary
            .clone()
            .or(doc.subtitle.clone())
            .unwrap_or_default();
        assert_eq!(subject, expected, "{}", pdf.display());
        assert_eq!(field(&info, "Tagged"), "yes", "{}", pdf.display());
        for k in &doc.keywords {
            assert!(field(&info, "Keywords").contains(k.as_str()));
        }
        // The PDF's dates are the explainer's, never the build's.
        assert!(field(&info, "CreationDate").contains(&doc.date.year.to_string()));
        let objects = pdf_objects(pdf);
        assert!(
            objects.contains(&format!("/Lang ({})", doc.lang.tag)),
            "/Lang missing in {}",
            pdf.display()
        );
    }
}

#[test]
fn every_font_is_embedded() {
    for (_, pdf) in &built_samples().1 {
        let listing = tool("pdffonts", &[pdf.to_str().unwrap()]);
        let rows: Vec<&str> = listing.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts listed for {}", pdf.display());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(
                cols[cols.len() - 5],
                "yes",
                "font not embedded in {}: {row}",
                pdf.display()
            );
        }
    }
}

#[test]
fn qpdf_finds_no_errors() {
    for (_, pdf) in &built_samples().1 {
        let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
        assert!(
            out.contains("No syntax or stream encoding errors"),
            "{}: {out}",
            pdf.display()
        );
    }
}

#[test]
fn text_holds_the_whole_explainer() {
    for (source, pdf) in &built_samples().1 {
        let doc = document(source);
        let text = squashed_text(pdf);
        let mut expect: Vec<String> = vec![doc.title.clone()];
        expect.extend(doc.subtitle.clone());
        expect.extend(doc.series_label());
        for a in &doc.authors {
            expect.push(a.name.clone());
            expect.extend(a.bio.clone());
        }
        for r in &doc.references {
            expect.push(r.title.clone());
            expect.extend(r.author.clone());
            expect.extend(r.publisher.clone());
        }
        for s in &doc.sections {
            expect.push(s.title_text.clone());
        }
        expect.push(
            if doc.authors.iter().filter(|a| a.bio.is_some()).count() == 1 {
                "About the author".into()
            } else {
                "About the authors".into()
            },
        );
        expect.push("References".into());
        for e in expect {
            assert!(
                holds(&text, &e),
                "`{e}` not found in the text of {}",
                pdf.display()
            );
        }
    }
}

#[test]
fn references_are_live_links_and_sections_are_bookmarked() {
    for (source, pdf) in &built_samples().1 {
        let doc = document(source);
        let objects = pdf_objects(pdf);
        for r in &doc.references {
            if let Some(url) = &r.url {
                assert!(
                    objects.contains(&format!("/URI ({url})")),
                    "no link to {url} in {}",
                    pdf.display()
                );
            }
        }
        assert!(
            objects.contains("/Outlines"),
            "no outline in {}",
            pdf.display()
        );
        for s in doc.sections.iter() {
            let bookmark = format!("/Title ({}. {})", s.number, s.title_text);
            // Non-ASCII titles are written as UTF-16 strings; the samples' titles are ASCII.
            if s.title_text.is_ascii() && !s.title_text.contains(['(', ')', '\\']) {
                assert!(
                    objects.contains(&bookmark),
                    "no bookmark `{bookmark}` in {}",
                    pdf.display()
                );
            }
        }
    }
}

#[test]
fn the_seed_is_a_short_a4_brief() {
    let (_, pairs) = built_samples();
    let (_, pdf) = pairs
        .iter()
        .find(|(s, _)| s.ends_with("cwa-1975-pakistan-taliban-peace-talks.md"))
        .expect("the seed sample exists");
    let info = pdfinfo(pdf);
    let pages: usize = field(&info, "Pages").parse().unwrap();
    assert!((2..=6).contains(&pages), "{pages} pages");
    assert!(field(&info, "Page size").contains("A4"));
    let text = squashed_text(pdf);
    for needle in [
        "CWA#1975",
        "PREXPLAINER",
        "LekshmiMK",
        "31December2025",
        "Page1of",
    ] {
        assert!(text.contains(needle), "`{needle}` missing");
    }
}

#[test]
fn arabic_and_devanagari_names_use_the_embedded_script_fonts() {
    let (_, pairs) = built_samples();
    let (source, pdf) = pairs
        .iter()
        .find(|(s, _)| s.ends_with("cwa-1982-indus-waters-treaty-in-abeyance.md"))
        .expect("the Indus sample exists");
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("NotoNaskhArabic"), "{fonts}");
    assert!(fonts.contains("NotoSansDevanagari"), "{fonts}");
    let text = squashed_text(pdf);
    assert!(text.contains("रोहनमेहता"), "Devanagari name missing");
    assert!(text.contains("فرحناز"), "Arabic-script name missing");
    // The hero image and its credit.
    let doc = document(source);
    let credit = doc
        .image
        .as_ref()
        .and_then(|i| i.credit.clone())
        .expect("sample has a credit");
    assert!(text.contains(&squash(&credit)));
}

#[test]
fn rebuilding_gives_identical_bytes() {
    let (_, pairs) = built_samples();
    let again = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build".to_string(),
        "--out".into(),
        again.path().display().to_string(),
    ];
    args.extend(pairs.iter().map(|(s, _)| s.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(folio(&args).status.success());
    for (_, pdf) in pairs {
        let second = again.path().join(pdf.file_name().unwrap());
        assert!(
            std::fs::read(pdf).unwrap() == std::fs::read(&second).unwrap(),
            "{} differs between two builds",
            pdf.display()
        );
    }
}

#[test]
fn copied_text_carries_no_zero_width_spaces() {
    // Break opportunities are added only inside 30-character runs with none of their own, so
    // the samples' URLs and words copy out of the screen PDF exactly.
    for (_, pdf) in &built_samples().1 {
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert!(
            !text.contains('\u{200b}'),
            "a zero-width space in {}",
            pdf.display()
        );
    }
}

/// The screen PDF ends with a "Cite as" line (with the DOI's address when the source has one)
/// and carries the DOI in its metadata;
/// the print PDF has none, and a brand with `cite_as = false` turns it off there and on the
/// web page.
#[test]
fn the_screen_pdf_says_how_to_cite_it_unless_the_brand_says_not_to() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let source = root().join("tests/fixtures/ok/bom-crlf.md");
    let source = source.to_str().unwrap();
    let run = folio(&["build", "-f", "pdf", "-f", "print", "--out", dir, source]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = squash(&tool(
        "pdftotext",
        &[out.path().join("bom-crlf.pdf").to_str().unwrap(), "-"],
    ));
    assert!(
        text.contains(&squash(
            "Cite as: A. Writer, Windows file, folio, 4 March 2025, https://doi.org/10.5281/zenodo.1234567"
        )),
        "{text}"
    );
    let print = tool(
        "pdftotext",
        &[out.path().join("bom-crlf.print.pdf").to_str().unwrap(), "-"],
    );
    assert!(!print.contains("Cite as"), "{print}");
    // The DOI is in the PDF's own metadata too (XMP, Dublin Core's identifier), as it is in an
    // archival PDF/A-2b, which qpdf still finds sound.
    let identifier = "<dc:identifier>doi:10.5281/zenodo.1234567</dc:identifier>";
    let meta = tool(
        "pdfinfo",
        &["-meta", out.path().join("bom-crlf.pdf").to_str().unwrap()],
    );
    assert!(meta.contains(identifier), "{meta}");
    let archival = out.path().join("a2b");
    let run = folio(&[
        "build",
        "-f",
        "pdf",
        "--pdf-standard",
        "a-2b",
        "--out",
        archival.to_str().unwrap(),
        source,
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let a2b = archival.join("bom-crlf.pdf");
    assert!(tool("pdfinfo", &["-meta", a2b.to_str().unwrap()]).contains(identifier));
    assert!(
        tool("qpdf", &["--check", a2b.to_str().unwrap()])
            .contains("No syntax or stream encoding errors")
    );

    let brand = out.path().join("brand.toml");
    std::fs::write(&brand, "[page]\ncite_as = false\n").unwrap();
    let off = out.path().join("off");
    let run = folio(&[
        "build",
        "-f",
        "pdf",
        "-f",
        "html",
        "--brand",
        brand.to_str().unwrap(),
        "--out",
        off.to_str().unwrap(),
        source,
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = tool(
        "pdftotext",
        &[off.join("bom-crlf.pdf").to_str().unwrap(), "-"],
    );
    assert!(!text.contains("Cite as"), "{text}");
    // The web page follows the same switch.
    let html = std::fs::read_to_string(off.join("bom-crlf.html")).unwrap();
    assert!(!html.contains("cite-as"), "{html}");
}
