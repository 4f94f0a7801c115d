//! The print-ready PDF: page boxes, crop marks, even page counts, printed URLs, A4 and A5.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;

const MM: f64 = 72.0 / 25.4;

fn built() -> &'static (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    static BUILT: OnceLock<(tempfile::TempDir, Vec<(PathBuf, PathBuf)>)> = OnceLock::new();
    BUILT.get_or_init(|| build_set(markdown_files("samples"), "print", ".print.pdf"))
}

/// Every page's boxes as `[x0, y0, x1, y1]`, from `pdfinfo -box`.
fn boxes(pdf: &Path) -> Vec<[(String, [f64; 4]); 3]> {
    let pages: usize = field(&pdfinfo(pdf), "Pages").parse().unwrap();
    let out = tool(
        "pdfinfo",
        &[
            "-box",
            "-f",
            "1",
            "-l",
            &pages.to_string(),
            pdf.to_str().unwrap(),
        ],
    );
    (1..=pages)
        .map(|n| {
            let get = |name: &str| -> (String, [f64; 4]) {
                let prefix = format!("Page {n:>4} {name}:");
                let line = out
                    .lines()
                    .find(|l| l.starts_with(&prefix))
                    .unwrap_or_else(|| panic!("no {prefix}"));
                let v: Vec<f64> = line[prefix.len()..]
                    .split_whitespace()
                    .map(|x| x.parse().unwrap())
                    .collect();
                (name.to_string(), [v[0], v[1], v[2], v[3]])
            };
            [get("MediaBox"), get("BleedBox"), get("TrimBox")]
        })
        .collect()
}

fn assert_boxes(pdf: &Path, trim_w: f64, trim_h: f64) {
    for (i, [(_, media), (_, bleed), (_, trim)]) in boxes(pdf).into_iter().enumerate() {
        let page = i + 1;
        let close = |a: f64, b: f64| (a - b).abs() < 0.05;
        assert!(
            close(trim[2] - trim[0], trim_w) && close(trim[3] - trim[1], trim_h),
            "page {page}: trim {trim:?}"
        );
        for k in 0..2 {
            assert!(
                close(trim[k] - bleed[k], 3.0 * MM),
                "page {page}: bleed {bleed:?} vs trim {trim:?}"
            );
            assert!(
                close(bleed[k + 2] - trim[k + 2], 3.0 * MM),
                "page {page}: bleed {bleed:?} vs trim {trim:?}"
            );
            assert!(
                media[k] < bleed[k] && media[k + 2] > bleed[k + 2],
                "page {page}: media {media:?} not outside bleed"
            );
        }
    }
}

/// Page 1 rendered at 72 dpi (1 px = 1 pt) in grey: (width, height, pixels).
fn first_page_pixels(pdf: &Path) -> (usize, usize, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("p");
    tool(
        "pdftoppm",
        &[
            "-r",
            "72",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(dir.path().join("p.pgm")).unwrap();
    // Binary PGM: "P5\n<w> <h>\n255\n" then one byte a pixel.
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..pos]).into_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[pos + 1..].to_vec())
}

#[test]
fn every_page_has_media_bleed_and_trim_boxes_with_3mm_bleed() {
    for (_, pdf) in &built().1 {
        assert_boxes(pdf, 595.28, 841.89);
    }
}

#[test]
fn crop_marks_are_in_all_four_corners_outside_the_bleed() {
    for (_, pdf) in &built().1 {
        let (w, h, px) = first_page_pixels(pdf);
        let [(_, _), (_, bleed), (_, trim)] = boxes(pdf).remove(0);
        let dark = |x: usize, y: usize| px[y * w + x] < 160;
        // pdftoppm's y runs down from the top; PDF's up from the bottom.
        let top = (h as f64 - trim[3]).round() as usize;
        let bottom = (h as f64 - trim[1]).round() as usize;
        let (left, right) = (trim[0].round() as usize, trim[2].round() as usize);
        let bleed_left = bleed[0].floor() as usize;
        let bleed_right = bleed[2].ceil() as usize;
        let bleed_top = (h as f64 - bleed[3]).floor() as usize;
        let bleed_bottom = (h as f64 - bleed[1]).ceil() as usize;
        let near = |c: usize| c.saturating_sub(1)..=c + 1;
        // Horizontal marks: on the trim's top and bottom lines, left of and right of the bleed.
        for y in [top, bottom] {
            assert!(
                near(y).any(|yy| (2..bleed_left - 1).any(|x| dark(x, yy))),
                "{}: no mark left at y={y}",
                pdf.display()
            );
            assert!(
                near(y).any(|yy| (bleed_right + 1..w - 2).any(|x| dark(x, yy))),
                "{}: no mark right at y={y}",
                pdf.display()
            );
        }
        // Vertical marks: on the trim's left and right lines, above and below the bleed.
        for x in [left, right] {
            assert!(
                near(x).any(|xx| (2..bleed_top - 1).any(|y| dark(xx, y))),
                "{}: no mark above at x={x}",
                pdf.display()
            );
            assert!(
                near(x).any(|xx| (bleed_bottom + 1..h - 2).any(|y| dark(xx, y))),
                "{}: no mark below at x={x}",
                pdf.display()
            );
        }
        // Nothing is drawn in the slug's outer corners (marks stop short of each other).
        assert!(
            !(0..6).any(|y| (0..6).any(|x| dark(x, y))),
            "ink in the page corner"
        );
    }
}

#[test]
fn page_counts_are_even_fonts_embedded_and_qpdf_is_clean() {
    for (_, pdf) in &built().1 {
        let pages: usize = field(&pdfinfo(pdf), "Pages").parse().unwrap();
        assert_eq!(pages % 2, 0, "{}: {pages} pages", pdf.display());
        let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
        for row in fonts.lines().skip(2) {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
        }
        let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
    }
}

#[test]
fn urls_are_printed_in_full_and_nothing_is_a_link() {
    for (source, pdf) in &built().1 {
        let doc = folio::source::load(source).unwrap().document;
        // pdftotext drops a hyphen at a line's end, so compare without hyphens.
        let text = squashed_text(pdf).replace('-', "");
        for r in &doc.references {
            if let Some(url) = &r.url {
                assert!(
                    text.contains(&url.replace('-', "")),
                    "{}: `{url}` not printed",
                    pdf.display()
                );
            }
        }
        assert!(
            !pdf_objects(pdf).contains("/URI"),
            "{}: print PDF has link annotations",
            pdf.display()
        );
    }
}

/// A URL copied from the print edition works: no zero-width space was put into the samples'
/// addresses to let them break (which `squashed_text` above would not see).
#[test]
fn printed_urls_carry_no_zero_width_spaces() {
    for (_, pdf) in &built().1 {
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert!(
            !text.contains('\u{200b}'),
            "{}: a zero-width space in the text",
            pdf.display()
        );
    }
}

#[test]
fn repeat_builds_are_identical() {
    let (_, pairs) = built();
    let (_keep, again) = build_set(
        pairs.iter().map(|(s, _)| s.clone()).collect(),
        "print",
        ".print.pdf",
    );
    for ((_, a), (_, b)) in pairs.iter().zip(&again) {
        assert!(
            std::fs::read(a).unwrap() == std::fs::read(b).unwrap(),
            "{} differs",
            a.display()
        );
    }
}

#[test]
fn a5_trim_and_saddle_stitch_work() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("piece.md");
    std::fs::copy(
        root().join("samples/cwa-1975-pakistan-taliban-peace-talks.md"),
        &source,
    )
    .unwrap();
    std::fs::write(tmp.path().join("brand.toml"), "[print]\ntrim = \"a5\"\n").unwrap();
    let out_dir = tmp.path().join("out");
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[source.to_str().unwrap(), "-f", "print", "--saddle-stitch"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = out_dir.join("piece.print.pdf");
    assert_boxes(&pdf, 419.53, 595.28);
    let pages: usize = field(&pdfinfo(&pdf), "Pages").parse().unwrap();
    assert_eq!(pages % 4, 0, "{pages} pages for a saddle-stitched booklet");
}

#[test]
fn low_resolution_images_are_named_in_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/ok/pixel.png"),
        tmp.path().join("tiny.png"),
    )
    .unwrap();
    let source = tmp.path().join("lowres.md");
    std::fs::write(
        &source,
        "---\ntitle: T\ndate: 2025-01-01\nauthor: A\n---\n\n![A tiny chart](tiny.png)\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[source.to_str().unwrap(), "-f", "print"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: image `tiny.png` prints at"),
        "{}",
        stderr(&out)
    );
}
