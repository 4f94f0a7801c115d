//! The command line's contract: help text with examples, exit codes, hostile input printed
//! literally, PDF standards.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::common::*;

#[test]
fn help_explains_every_option_with_an_example() {
    let top = folio(&["--help"]);
    assert!(top.status.success());
    let text = String::from_utf8_lossy(&top.stdout);
    assert!(
        text.contains("build") && text.contains("folio build samples/*.md"),
        "{text}"
    );

    let build = build_into("/tmp/folio-never", &["--help"]);
    let text = String::from_utf8_lossy(&build.stdout);
    for option in [
        "--format",
        "--out",
        "--brand",
        "--templates",
        "--fonts",
        "--pdf-standard",
        "--quiet",
    ] {
        assert!(text.contains(option), "`{option}` not in build --help");
    }
    assert!(text.contains("Examples:"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(folio(&["build"]).status.code(), Some(2));
    assert_eq!(
        folio(&["build", "x.md", "--format", "rtf"]).status.code(),
        Some(2)
    );
    assert_eq!(folio(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_missing_input_is_an_error_naming_it() {
    let out = folio(&["build", "no/such/file.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("no/such/file.md: error: cannot read file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn typst_markup_and_html_in_a_source_print_literally() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = build_into(
        out_dir.path().to_str().unwrap(),
        &["tests/fixtures/ok/hostile.md"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("tests/fixtures/ok/hostile.md:28:1: warning: raw HTML is not rendered"),
        "{err}"
    );
    let pdf = out_dir.path().join("hostile.pdf");
    let info = pdfinfo(&pdf);
    assert_eq!(
        field(&info, "Title"),
        "Title #read(“/etc/passwd”) $x$ <lbl> @ref // c"
    );
    assert_eq!(field(&info, "Author"), "Name #let x = 1 *b* _i_");
    let text = squashed_text(&pdf);
    for literal in [
        "Sub #import “a.typ”: * [b] {c} \\ `t`",
        "#SET TEXT(RED)",
        "Bio /* block */ #include “x.typ” ]]] }}}",
        "Credit $ @ < >",
        "Ref title $x$ [y]",
        "Pub #sys.inputs",
        "$math$, <label>, @ref, // comment and /* block */",
        "#heading[x]",
        r#"<script>alert("x")</script>"#,
        "<img src=x onerror=alert(1)>",
        r#"#read("/etc/passwd")"#,
    ] {
        assert!(
            text.contains(&squash(literal)),
            "`{literal}` not printed literally"
        );
    }
    let objects = pdf_objects(&pdf);
    assert!(
        !objects.contains("javascript:"),
        "a javascript: link reached the PDF"
    );
    assert!(objects.contains("/URI (https://example.org/a?b=1&c=%5B2%5D#frag)"));
}

#[test]
fn bom_and_crlf_sources_build() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = build_into(
        out_dir.path().to_str().unwrap(),
        &["tests/fixtures/ok/bom-crlf.md"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = out_dir.path().join("bom-crlf.pdf");
    assert_eq!(field(&pdfinfo(&pdf), "Title"), "Windows file");
    assert!(squashed_text(&pdf).contains("1.Asection"));
}

#[test]
fn pdf_ua_requires_alt_text_and_names_the_image() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/ok/pixel.png"),
        tmp.path().join("chart.png"),
    )
    .unwrap();
    let source = tmp.path().join("noalt.md");
    std::fs::write(
        &source,
        "---\ntitle: T\ndate: 2025-01-01\nauthor: A\n---\n\n![](chart.png)\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[source.to_str().unwrap(), "--pdf-standard", "ua-1"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("image `chart.png` has no alt text, which PDF/UA-1 requires"),
        "{}",
        stderr(&out)
    );
    assert!(!out_dir.exists());

    // With alt text it builds, and declares PDF/UA-1.
    std::fs::write(
        &source,
        "---\ntitle: T\ndate: 2025-01-01\nauthor: A\n---\n\n![A red bar](chart.png)\n",
    )
    .unwrap();
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[source.to_str().unwrap(), "--pdf-standard", "ua-1"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let objects = pdf_objects(&out_dir.join("noalt.pdf"));
    assert!(
        objects.contains("pdfuaid:part"),
        "no PDF/UA identification in the XMP"
    );
}

#[test]
fn pdf_a_2b_is_declared() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = build_into(
        out_dir.path().to_str().unwrap(),
        &[
            "samples/cwa-1975-pakistan-taliban-peace-talks.md",
            "--pdf-standard",
            "a-2b",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let objects = pdf_objects(
        &out_dir
            .path()
            .join("cwa-1975-pakistan-taliban-peace-talks.pdf"),
    );
    assert!(
        objects.contains("pdfaid:part>2<") || objects.contains("pdfaid:part=\"2\""),
        "no PDF/A-2 identification"
    );
}

#[test]
fn a_brand_file_changes_the_look_and_a_bad_one_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let brand = tmp.path().join("brand.toml");
    std::fs::write(&brand, "[publisher]\nname = \"Acme Policy Lab\"\n").unwrap();
    let out_dir = tmp.path().join("out");
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[
            "tests/fixtures/ok/bom-crlf.md",
            "--brand",
            brand.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(squashed_text(&out_dir.join("bom-crlf.pdf")).contains("AcmePolicyLab"));

    std::fs::write(&brand, "[colours]\nprimary = \"#000000\"\n").unwrap();
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[
            "tests/fixtures/ok/bom-crlf.md",
            "--brand",
            brand.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "{}:1:2: error: unknown key `colours`",
            brand.display()
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `colors`?"), "{err}");
}

#[test]
fn a_templates_folder_overrides_templates_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("explainer.typ"),
        "#import \"components.typ\": *\n#let doc = load-piece().doc\n#set document(title: doc.title)\nCustom layout for #doc.title\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[
            "tests/fixtures/ok/bom-crlf.md",
            "--format",
            "pdf",
            "--templates",
            templates.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = squashed_text(&out_dir.join("bom-crlf.pdf"));
    assert!(text.contains("CustomlayoutforWindowsfile"), "{text}");

    // A broken template is an error located in the template, and nothing is written.
    std::fs::write(templates.join("explainer.typ"), "#let x = (\n").unwrap();
    let out_dir = tmp.path().join("out2");
    let out = build_into(
        out_dir.to_str().unwrap(),
        &[
            "tests/fixtures/ok/bom-crlf.md",
            "--templates",
            templates.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("templates/explainer.typ:"),
        "{}",
        stderr(&out)
    );
    assert!(!out_dir.exists());
}

/// A source whose image has no alt text, built once as EPUB: (the EPUB, stderr).
fn without_alt_text() -> &'static (PathBuf, String) {
    static BUILT: OnceLock<(tempfile::TempDir, (PathBuf, String))> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            std::fs::copy(
                root().join("tests/fixtures/ok/pixel.png"),
                tmp.path().join("bar.png"),
            )
            .unwrap();
            let source = tmp.path().join("noalt.md");
            std::fs::write(
                &source,
                "---\ntitle: T\ndate: 2025-01-01\nauthor: A\n---\n\n![](bar.png)\n",
            )
            .unwrap();
            let out_dir = tmp.path().join("out");
            let out = build_into(
                out_dir.to_str().unwrap(),
                &[source.to_str().unwrap(), "--format", "epub"],
            );
            assert!(out.status.success(), "{}", stderr(&out));
            let built = (out_dir.join("noalt.epub"), stderr(&out));
            (tmp, built)
        })
        .1
}

#[test]
fn an_image_without_alt_text_is_a_warning_for_the_epub() {
    let (epub, err) = without_alt_text();
    assert!(
        err.contains("warning: image `bar.png` has no alt text"),
        "{err}"
    );
    assert!(epub.is_file());
}

/// A brand colour that folio sets text in, too pale against its background, is a warning that
/// names the key, the ratio and where it shows — once per run however many sources use the
/// brand, in `build` and in `check` — and the build goes on. (The samples' brand passes.)
#[test]
fn low_contrast_brand_colours_are_named() {
    let dir = tempfile::tempdir().unwrap();
    for i in 1..=2 {
        std::fs::write(
            dir.path().join(format!("p{i}.md")),
            format!(
                "---\ntitle: P{i}\ndate: 2025-01-01\nauthor: A\nkind: Explainer\n---\n\nText.\n"
            ),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("brand.toml"),
        "[colors]\naccent = \"#b8862b\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = build_into(
        out.to_str().unwrap(),
        &["-f", "pdf", dir.path().to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    assert_eq!(err.matches("warning[low-contrast]").count(), 1, "{err}");
    assert!(
        err.contains("colors.accent gives the kind label and section numbers a contrast of 3.2"),
        "{err}"
    );
    let check = folio(&["check", dir.path().to_str().unwrap()]);
    assert!(
        stderr(&check).contains("warning[low-contrast]"),
        "{}",
        stderr(&check)
    );

    let samples = folio(&["check", "samples"]);
    assert!(
        !stderr(&samples).contains("low-contrast"),
        "{}",
        stderr(&samples)
    );
}

/// The checks that need Java: EPUBCheck 5 on an EPUB the tests above build.
mod validator {
    use super::*;

    /// An image without alt text is a warning for the reader, not an invalid EPUB.
    #[test]
    fn an_epub_with_an_image_without_alt_text_passes_epubcheck() {
        let (errors, warnings, report) = epubcheck(&without_alt_text().0);
        assert_eq!((errors, warnings), (0, 0), "{report}");
    }
}
