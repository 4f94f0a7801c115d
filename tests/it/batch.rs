//! Batch builds (issue #7): folders, a broken file among good ones, the content cache, the report,
//! duplicate output names, and progress on a terminal versus a pipe.

use std::path::Path;
use std::process::Command;

use crate::common::*;

/// A folder with 40 good explainers (copies of the samples under new names, with their images
/// and brand), one broken one and one Markdown file without front matter.
fn corpus(dir: &Path) {
    let samples = markdown_files("samples");
    std::fs::create_dir_all(dir.join("images")).unwrap();
    for entry in std::fs::read_dir(root().join("samples/images"))
        .unwrap()
        .flatten()
    {
        std::fs::copy(entry.path(), dir.join("images").join(entry.file_name())).unwrap();
    }
    std::fs::copy(root().join("samples/brand.toml"), dir.join("brand.toml")).unwrap();
    for i in 0..40 {
        let sample = &samples[i % samples.len()];
        std::fs::copy(sample, dir.join(format!("piece-{i:02}.md"))).unwrap();
    }
    std::fs::copy(
        root().join("tests/fixtures/broken/misspelt-key.md"),
        dir.join("broken.md"),
    )
    .unwrap();
    std::fs::write(dir.join("NOTES.md"), "# Not an explainer\n").unwrap();
}

fn report(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_folder_with_one_broken_file_then_unchanged_then_one_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    corpus(&src);
    let out = tmp.path().join("out");
    let rep = tmp.path().join("report.json");
    let (src_s, out_s, rep_s) = (
        src.to_str().unwrap(),
        out.to_str().unwrap(),
        rep.to_str().unwrap(),
    );

    let first = build_into(out_s, &[src_s, "--report", rep_s, "--jobs", "2"]);
    assert_eq!(first.status.code(), Some(1));
    let err = stderr(&first);
    assert!(err.contains("40 built, 0 unchanged, 1 failed"), "{err}");
    assert!(
        err.contains(&format!(
            "failed: {}:3:1: error: unknown key `subtitel`",
            src.join("broken.md").display()
        )),
        "{err}"
    );
    assert!(
        err.contains("NOTES.md: warning: skipped: no front matter"),
        "{err}"
    );
    assert_eq!(listing(&out).len(), 120, "{:?}", listing(&out));
    let r = report(&rep);
    assert_eq!(r["sources"].as_array().unwrap().len(), 41);

    // Unchanged: nothing is rebuilt, not one byte or timestamp changes.
    let stamp = |name: &str| {
        std::fs::metadata(out.join(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = stamp("piece-00.pdf");
    let second = build_into(out_s, &[src_s, "--report", rep_s]);
    assert!(
        stderr(&second).contains("0 built, 40 unchanged, 1 failed"),
        "{}",
        stderr(&second)
    );
    assert_eq!(stamp("piece-00.pdf"), before);

    // Touch one source: exactly its three outputs are rebuilt.
    let touched = src.join("piece-07.md");
    let mut text = std::fs::read_to_string(&touched).unwrap();
    text.push_str("\nOne more paragraph.\n");
    std::fs::write(&touched, text).unwrap();
    let third = build_into(out_s, &[src_s, "--report", rep_s]);
    assert!(
        stderr(&third).contains("1 built, 39 unchanged, 1 failed"),
        "{}",
        stderr(&third)
    );
    let r = report(&rep);
    let rebuilt: Vec<String> = r["sources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["outputs"].as_array().cloned().unwrap_or_default())
        .filter(|o| o["unchanged"] == false)
        .map(|o| {
            o["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        rebuilt,
        vec!["piece-07.pdf", "piece-07.epub", "piece-07.print.pdf"]
    );

    // Changing the brand rebuilds everything; --force too.
    let forced = build_into(out_s, &[src_s, "--force", "--quiet"]);
    assert_eq!(forced.status.code(), Some(1));
    assert!(
        stderr(&forced).contains("40 built, 0 unchanged, 1 failed"),
        "{}",
        stderr(&forced)
    );
    std::fs::write(src.join("brand.toml"), "[colors]\nprimary = \"#000000\"\n").unwrap();
    let rebrand = build_into(out_s, &[src_s]);
    assert!(
        stderr(&rebrand).contains("40 built, 0 unchanged, 1 failed"),
        "{}",
        stderr(&rebrand)
    );
}

#[test]
fn two_sources_with_the_same_output_name_are_refused_before_building() {
    let tmp = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(tmp.path().join(sub)).unwrap();
        std::fs::copy(
            root().join("tests/fixtures/ok/bom-crlf.md"),
            tmp.path().join(sub).join("same.md"),
        )
        .unwrap();
    }
    let out = tmp.path().join("out");
    let run = build_into(
        out.to_str().unwrap(),
        &[
            tmp.path().join("a").to_str().unwrap(),
            tmp.path().join("b").to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("would both write"),
        "{}",
        stderr(&run)
    );
    assert!(!out.exists());
}

#[test]
fn progress_is_a_bar_on_a_terminal_and_plain_lines_in_a_pipe() {
    let out = tempfile::tempdir().unwrap();
    let cmd = format!(
        "{} build {} --out {} --force",
        env!("CARGO_BIN_EXE_folio"),
        root().join("samples").display(),
        out.path().display()
    );
    // `script` runs the command on a pseudo-terminal.
    let tty = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("script(1) from util-linux");
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert!(
        shown.contains("3/3"),
        "no progress counts on a terminal: {shown:?}"
    );
    assert!(shown.contains("█"), "no bar on a terminal");
    assert!(
        !shown.contains("    built "),
        "per-file lines on a terminal"
    );

    let piped = build_into(
        out.path().to_str().unwrap(),
        &[root().join("samples").to_str().unwrap(), "--force"],
    );
    let err = stderr(&piped);
    assert!(
        !err.contains('█') && !err.contains('\r'),
        "bar drawn into a pipe"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("    built ")).count(),
        9,
        "{err}"
    );
    assert!(err.contains("3 built, 0 unchanged, 0 failed"));
}

#[test]
fn watch_rebuilds_when_a_source_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/ok/bom-crlf.md"),
        src.join("a.md"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args([
            "watch",
            src.to_str().unwrap(),
            "-f",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pdf = out.join("a.pdf");
    let wait_for = |what: &dyn Fn() -> bool| {
        for _ in 0..300 {
            if what() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    };
    let first = wait_for(&|| pdf.is_file());
    // Give the watcher a moment to start, then edit the source.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let mut text = std::fs::read_to_string(src.join("a.md")).unwrap();
    text.push_str("\r\nA paragraph added while watching.\r\n");
    std::fs::write(src.join("a.md"), text).unwrap();
    let rebuilt = wait_for(&|| {
        pdf.is_file() && squashed_text(&pdf).contains("Aparagraphaddedwhilewatching.")
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "watch did not build at start");
    assert!(rebuilt, "watch did not rebuild after the change");
}

#[test]
fn a_quoted_glob_is_expanded_by_folio() {
    let out = tempfile::tempdir().unwrap();
    let run = build_into(
        out.path().to_str().unwrap(),
        &["samples/cwa-19??-*.md", "-f", "pdf"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(listing(out.path()).len(), 3, "{:?}", listing(out.path()));
}

/// A format that joins the run is built; the outputs already there stay unchanged (a screen
/// PDF's cache entry does not cover what the web page's downloads are).
#[test]
fn a_format_joining_the_run_leaves_the_outputs_already_built_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().to_str().unwrap();
    let sample = "samples/cwa-1990-torkham-crossing.md";
    let first = build_into(out, &[sample, "-f", "pdf"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let pdf = tmp.path().join("cwa-1990-torkham-crossing.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let second = build_into(out, &[sample, "-f", "pdf,epub,html"]);
    let err = stderr(&second);
    assert!(second.status.success(), "{err}");
    assert!(
        err.contains(&format!("unchanged {sample} → {}", pdf.display())),
        "{err}"
    );
    assert!(
        err.contains("built samples/cwa-1990-torkham-crossing.md →"),
        "{err}"
    );
    assert!(err.contains("cwa-1990-torkham-crossing.epub"), "{err}");
    assert!(err.contains("cwa-1990-torkham-crossing.html"), "{err}");
    assert_eq!(before, std::fs::read(&pdf).unwrap());
}
