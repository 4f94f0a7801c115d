//! The one way a test compares what folio wrote with an expectation file: [`file`] (a path from
//! the crate root) and [`golden`] (a file in `tests/golden/`). With `FOLIO_BLESS=1` in the
//! environment the expectation is rewritten instead (when it differs) and the comparison
//! passes; read the diff (`git diff tests/`) before committing it. Each returns the difference
//! as a readable message, so a test can compare many files and report them all at once with
//! [`all_match`].

use crate::common::root;

/// Lines of context shown before and after the first differing line.
const CONTEXT: usize = 3;

/// Whether expectations are being rewritten (`FOLIO_BLESS` set to anything but `0` or empty).
pub fn blessing() -> bool {
    std::env::var_os("FOLIO_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Compares `actual` with the golden file `tests/golden/<name>`; see [`file`].
pub fn golden(name: &str, actual: &str) -> Option<String> {
    file(&format!("tests/golden/{name}"), actual)
}

/// Compares `actual` with the file at `path` (from the crate root): `None` when they are the
/// same (or when blessing, after writing `actual` there), else where they first differ.
pub fn file(path: &str, actual: &str) -> Option<String> {
    let full = root().join(path);
    let expected = std::fs::read_to_string(&full).ok();
    if blessing() {
        if expected.as_deref() != Some(actual) {
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, actual)
                .unwrap_or_else(|e| panic!("cannot bless {}: {e}", full.display()));
            eprintln!("blessed {path}");
        }
        return None;
    }
    let Some(expected) = expected else {
        return Some(format!(
            "{path} is missing; run the test with FOLIO_BLESS=1 to write it"
        ));
    };
    (expected != actual).then(|| format!("{path} differs:\n{}", diff(&expected, actual)))
}

/// Panics with every difference in `diffs`, with how to accept them, if there is any.
pub fn all_match(diffs: impl IntoIterator<Item = Option<String>>) {
    let diffs: Vec<String> = diffs.into_iter().flatten().collect();
    assert!(
        diffs.is_empty(),
        "{}\n\nIf the change is intended, run the test again with FOLIO_BLESS=1 \
         (`FOLIO_BLESS=1 cargo test --release -- --skip validator` rewrites every \
         expectation file), then read `git diff tests/`.",
        diffs.join("\n\n")
    );
}

/// The first line where `expected` and `actual` differ, with a few lines around it, each
/// line numbered; `-` for the expectation, `+` for what was written now (lines compared by
/// number, so after a line added or removed the rest shows as changed).
pub fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    let at = old
        .iter()
        .zip(&new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    let show = |line: &str| format!("{:?}", line.strip_suffix('\n').unwrap_or(line));
    let mut out = String::new();
    for (i, line) in old
        .iter()
        .enumerate()
        .take(at)
        .skip(at.saturating_sub(CONTEXT))
    {
        out.push_str(&format!("  {:>5}   {}\n", i + 1, show(line)));
    }
    // From there, line by line: the same line once, a differing one as - and +.
    for i in at..(at + CONTEXT + 1).min(old.len().max(new.len())) {
        match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) if a == b => {
                out.push_str(&format!("  {:>5}   {}\n", i + 1, show(a)))
            }
            (a, b) => {
                if let Some(a) = a {
                    out.push_str(&format!("  {:>5} - {}\n", i + 1, show(a)));
                }
                if let Some(b) = b {
                    out.push_str(&format!("  {:>5} + {}\n", i + 1, show(b)));
                }
            }
        }
    }
    if at < old.len().min(new.len()) && show(old[at]) == show(new[at]) {
        out.push_str("  (the line differs only in its ending)\n");
    }
    out.push_str(&format!(
        "  (expected {} lines, now {})",
        old.len(),
        new.len()
    ));
    out
}

#[test]
fn a_diff_shows_the_first_differing_line_with_context() {
    let d = diff("a\nb\nc\nd\ne\n", "a\nb\nX\nd\ne\n");
    assert!(d.contains("      2   \"b\"\n"), "{d}");
    assert!(d.contains("      3 - \"c\"\n"), "{d}");
    assert!(d.contains("      3 + \"X\"\n"), "{d}");
    assert!(d.contains("      4   \"d\"\n"), "{d}");
    assert!(d.ends_with("(expected 5 lines, now 5)"), "{d}");
    let d = diff("a\nb\n", "a\nb\nc\n");
    assert!(d.contains("      3 + \"c\"\n") && !d.contains(" - "), "{d}");
    let d = diff("a\nb\n", "a\nb");
    assert!(d.contains("only in its ending"), "{d}");
}
