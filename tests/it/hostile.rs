//! Hostile and broken sources (issue #6): code in every field prints literally in every format,
//! scripts and pathological text stay inside the margins, huge sources build, and outputs are
//! never seen half-written, even when a build is killed or two run at once.

use std::path::Path;
use std::process::Command;

use crate::common::*;

fn build_all(source: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = build_into(out.path().to_str().unwrap(), &[source]);
    assert!(run.status.success(), "{source}: {}", stderr(&run));
    out
}

#[test]
fn code_in_every_field_prints_literally_in_the_print_pdf_too() {
    let out = build_all("tests/fixtures/ok/hostile.md");
    for pdf in ["hostile.pdf", "hostile.print.pdf"] {
        let pdf = out.path().join(pdf);
        assert_eq!(
            field(&pdfinfo(&pdf), "Title"),
            "Title #read(“/etc/passwd”) $x$ <lbl> @ref // c"
        );
        let text = squashed_text(&pdf);
        for literal in [
            "Sub #import “a.typ”: * [b] {c} \\ `t`",
            "Bio /* block */ #include “x.typ” ]]] }}}",
            "Ref title $x$ [y]",
            r#"<iframe src="https://example.org"></iframe>"#,
            "<style>body { display: none }</style>",
            "Entities & ©",
            r#"<span onclick="alert(1)">a span</span>"#,
        ] {
            assert!(
                text.contains(&squash(literal)),
                "{}: `{literal}` not printed literally",
                pdf.display()
            );
        }
        assert!(!text.contains("root:x:0"), "a file was read");
    }
}

/// Words (from `pdftotext -bbox`) as (page, xMin, xMax, word).
fn words(pdf: &Path) -> Vec<(usize, f64, f64, String)> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut page = 0;
    let mut out = Vec::new();
    for line in html.lines() {
        if line.contains("<page ") {
            page += 1;
        }
        if let Some(rest) = line.trim().strip_prefix("<word ") {
            let attr = |name: &str| -> f64 {
                let start = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                rest[start..].split('"').next().unwrap().parse().unwrap()
            };
            let word = rest
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("")
                .to_string();
            out.push((page, attr("xMin"), attr("xMax"), word));
        }
    }
    out
}

#[test]
fn long_words_urls_and_mixed_scripts_stay_inside_the_margins() {
    let out = build_all("tests/fixtures/ok/scripts.md");
    // Screen PDF: A4, 22 mm side margins.
    let right = 595.28 - 22.0 * 72.0 / 25.4;
    let screen = out.path().join("scripts.pdf");
    let all = words(&screen);
    assert!(all.len() > 50, "too few words extracted");
    // typst lets a line-end hyphen hang slightly into the margin (optical margin alignment).
    for (page, _, x_max, word) in &all {
        assert!(
            *x_max <= right + 3.0,
            "page {page}: `{word}` runs to {x_max:.1} (margin at {right:.1})"
        );
    }
    // Print PDF: nothing past the trim's right edge.
    let print = out.path().join("scripts.print.pdf");
    let trim_right = 15.0 * 72.0 / 25.4 + 595.28;
    for (page, _, x_max, word) in words(&print) {
        assert!(
            x_max <= trim_right,
            "print page {page}: `{word}` runs to {x_max:.1}"
        );
    }
    // The scripts use their fonts, emoji included.
    let fonts = tool("pdffonts", &[screen.to_str().unwrap()]);
    for family in ["NotoNaskhArabic", "NotoSansDevanagari", "Type 3"] {
        assert!(fonts.contains(family), "{family} missing:\n{fonts}");
    }
    let text = squashed_text(&screen);
    for phrase in [
        "پاکستان اور افغانستان",
        "د سولې خبرې",
        "भारत और पाकिस्तान",
        "मीरा नायर",
        "Pneumonoultramicroscopicsilicovolcanoconiosis",
    ] {
        assert!(holds(&text, phrase), "`{phrase}` missing");
    }
}

#[test]
fn a_megabyte_of_text_500_references_and_100_footnotes_build() {
    let tmp = tempfile::tempdir().unwrap();
    let mut src = String::from(
        "---\ntitle: A very large explainer\ndate: 2025-01-01\nauthor: A\nreferences:\n",
    );
    for i in 1..=500 {
        src.push_str(&format!(
            "  - title: Reference number {i}\n    url: https://example.org/ref/{i}\n"
        ));
    }
    src.push_str("---\n\n");
    let mut n = 0;
    while src.len() < 1_000_000 {
        n += 1;
        if n % 40 == 0 {
            src.push_str(&format!("## Section {n}\n\n"));
        }
        let note = if n <= 100 {
            format!("[^n{n}]")
        } else {
            String::new()
        };
        src.push_str(&format!(
            "Paragraph {n} of a long explainer, with *emphasis*, `code` and a footnote{note}. {}\n\n",
            "The talks were rooted in longstanding security and border-related tensions. ".repeat(6)
        ));
    }
    for i in 1..=100 {
        src.push_str(&format!("[^n{i}]: Footnote number {i}.\n"));
    }
    let source = tmp.path().join("large.md");
    std::fs::write(&source, &src).unwrap();
    let out_dir = tmp.path().join("out");
    let out = build_into(out_dir.to_str().unwrap(), &[source.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        listing(&out_dir),
        vec!["large.epub", "large.pdf", "large.print.pdf"]
    );
    let pages: usize = field(&pdfinfo(&out_dir.join("large.pdf")), "Pages")
        .parse()
        .unwrap();
    assert!(pages > 100, "{pages} pages for a megabyte of text");
}

#[test]
fn a_killed_build_never_leaves_a_truncated_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let source = root().join("samples/cwa-1982-indus-waters-treaty-in-abeyance.md");
    for delay_ms in [5u64, 20, 40, 60, 80, 120] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args([
                "build",
                source.to_str().unwrap(),
                "--quiet",
                "--out",
                out_dir.to_str().unwrap(),
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever exists under its final name is complete.
        for name in listing(&out_dir) {
            let path = out_dir.join(&name);
            if name.ends_with(".pdf") {
                let check = tool("qpdf", &["--check", path.to_str().unwrap()]);
                assert!(
                    check.contains("No syntax or stream encoding errors"),
                    "{name} after kill at {delay_ms} ms"
                );
            } else if name.ends_with(".epub") {
                assert!(
                    zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).is_ok(),
                    "{name} truncated"
                );
            } else {
                assert!(
                    name.starts_with('.') && name.ends_with(".tmp"),
                    "unexpected file {name}"
                );
            }
        }
    }
}

#[test]
fn two_builds_into_one_folder_at_once_both_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let source = root().join("samples/cwa-1975-pakistan-taliban-peace-talks.md");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_folio"))
            .args([
                "build",
                source.to_str().unwrap(),
                "--quiet",
                "--out",
                out_dir.to_str().unwrap(),
            ])
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    let once = build_all(source.to_str().unwrap());
    for name in [
        "cwa-1975-pakistan-taliban-peace-talks.pdf",
        "cwa-1975-pakistan-taliban-peace-talks.epub",
        "cwa-1975-pakistan-taliban-peace-talks.print.pdf",
    ] {
        assert!(
            std::fs::read(out_dir.join(name)).unwrap()
                == std::fs::read(once.path().join(name)).unwrap(),
            "{name} differs after concurrent builds"
        );
    }
    assert_eq!(
        listing(&out_dir).len(),
        3,
        "temp files left: {:?}",
        listing(&out_dir)
    );
}

#[test]
fn a_typst_panic_is_a_diagnostic_not_a_crash() {
    // This sequence makes typst 0.15's shaper panic (typst-layout shaping.rs:444).
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("shaping.md");
    std::fs::write(
        &source,
        "---\ntitle: T\ndate: 2025-01-01\nauthor: A\n---\n\n\u{1EE42}\u{859}\u{200B}\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    // `folio` itself asserts exit code 101 and "panicked at" never appear.
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[source.to_str().unwrap(), "-f", "pdf"],
    );
    if out.status.code() == Some(1) {
        assert!(
            stderr(&out).contains("typst failed on this source (internal error"),
            "{}",
            stderr(&out)
        );
        assert!(!out_dir.exists(), "output written for a failed build");
    } else {
        // Should typst stop panicking, the build simply succeeds.
        assert!(out.status.success(), "{}", stderr(&out));
    }
}
