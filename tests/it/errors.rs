//! Broken sources: each fixture in tests/fixtures/broken/ must fail with the diagnostic in its
//! `.expected` file (`path:line:col: error: …`), exit 1, write nothing and never panic.
//! Adding a case is adding a fixture pair (`FOLIO_BLESS=1` writes the `.expected` file; read it).

use std::path::Path;

use crate::common::*;
use crate::expect;

#[test]
fn every_broken_fixture_fails_with_its_expected_diagnostic() {
    let cases = markdown_files("tests/fixtures/broken");
    assert!(cases.len() >= 15, "broken fixtures went missing");
    let mut diffs = Vec::new();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let rel = format!("tests/fixtures/broken/{name}");
        let out_dir = tempfile::tempdir().unwrap();
        let out = build_into(out_dir.path().to_str().unwrap(), &[&rel]);
        assert_eq!(out.status.code(), Some(1), "{name}: exit code");
        let err = stderr(&out);
        // The first diagnostic is the golden file's one line.
        let stem = case.file_stem().unwrap().to_string_lossy();
        diffs.push(expect::file(
            &format!("tests/fixtures/broken/{stem}.expected"),
            &format!("{}\n", err.lines().next().unwrap_or("")),
        ));
        assert!(
            listing(out_dir.path()).is_empty(),
            "{name}: wrote {:?}",
            listing(out_dir.path())
        );
        assert!(
            err.contains("0 built, 0 unchanged, 1 failed"),
            "{name}: summary missing"
        );
    }
    expect::all_match(diffs);
}

#[test]
fn a_symlink_out_of_the_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside.png");
    std::fs::copy(root().join("tests/fixtures/ok/pixel.png"), &outside).unwrap();
    let folder = tmp.path().join("piece");
    std::fs::create_dir(&folder).unwrap();
    std::os::unix::fs::symlink(&outside, folder.join("photo.png")).unwrap();
    let source = folder.join("piece.md");
    std::fs::write(
        &source,
        "---\ntitle: T\ndate: 2025-01-01\nauthor: A\n---\n\n![a photo](photo.png)\n",
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let out = build_into(out_dir.to_str().unwrap(), &[source.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "{}:7:1: error: image `photo.png` leaves the source's folder",
            source.display()
        )),
        "{err}"
    );
    assert!(
        !out_dir.exists(),
        "output folder created for a failed build"
    );

    // The same image inside the folder is fine.
    std::fs::remove_file(folder.join("photo.png")).unwrap();
    std::fs::copy(&outside, folder.join("photo.png")).unwrap();
    let out = build_into(out_dir.to_str().unwrap(), &[source.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = build_into(
        out_dir.path().to_str().unwrap(),
        &[
            "tests/fixtures/broken/misspelt-key.md",
            "tests/fixtures/ok/bom-crlf.md",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        listing(out_dir.path()),
        vec!["bom-crlf.epub", "bom-crlf.pdf", "bom-crlf.print.pdf"]
    );
    let err = stderr(&out);
    assert!(err.contains("1 built, 0 unchanged, 1 failed"), "{err}");
    assert!(
        err.contains("failed: tests/fixtures/broken/misspelt-key.md"),
        "{err}"
    );
}

#[test]
fn an_unwritable_output_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = build_into(
        blocker.to_str().unwrap(),
        &["tests/fixtures/ok/bom-crlf.md"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot write output"),
        "{}",
        stderr(&out)
    );
    assert!(Path::new(&blocker).is_file());
}
