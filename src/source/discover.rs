//! Finding sources: files as given, folders searched recursively (sorted) for `*.md` files that
//! start with front matter, and quoted patterns (`*`, `?`) expanded here for shells that pass
//! them through. Every command that takes explainers as inputs uses it.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// As [`discover`], with no source at all an error (at the first input): the notes about
/// files skipped, and the sources.
pub fn discover_some(inputs: &[PathBuf]) -> (Vec<Diagnostic>, Result<Vec<PathBuf>, Diagnostic>) {
    let (sources, notes) = discover(inputs);
    if !sources.is_empty() {
        return (notes, Ok(sources));
    }
    let named = inputs.first().map_or(Path::new("."), PathBuf::as_path);
    let error = Diagnostic::error(named, 0, 0, "no explainer sources found in the inputs")
        .with_help("name Markdown files that start with front matter, or folders of them");
    (notes, Err(error))
}

/// The sources named by `inputs`: files as given; folders searched recursively (sorted) for
/// `*.md` files that start with front matter. Returns the sources and notes about skipped files.
pub fn discover(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut notes = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            walk(input, &mut found);
            found.sort();
            for file in found {
                if starts_with_front_matter(&file) {
                    sources.push(file);
                } else {
                    notes.push(Diagnostic::warning(
                        &file,
                        0,
                        0,
                        "skipped: no front matter (not an explainer)",
                    ));
                }
            }
        } else if !input.exists() && is_glob(input) {
            let matched = glob(input);
            if matched.is_empty() {
                notes.push(Diagnostic::warning(
                    input,
                    0,
                    0,
                    "the pattern matches no file",
                ));
            }
            sources.extend(matched);
        } else {
            sources.push(input.clone());
        }
    }
    (sources, notes)
}

fn is_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?'])
}

/// Files matching a pattern whose last component may hold `*` and `?` (for shells that pass a
/// quoted pattern through, and for Windows, where the shell expands nothing), sorted.
fn glob(pattern: &Path) -> Vec<PathBuf> {
    let dir = pattern
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = pattern
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter(|e| wildcard(&name, &e.file_name().to_string_lossy()))
                .map(|e| {
                    if pattern.parent().is_some_and(|p| p.as_os_str().is_empty()) {
                        PathBuf::from(e.file_name())
                    } else {
                        e.path()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// `*` (any run) and `?` (one character) wildcard matching.
fn wildcard(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            // Hidden folders (.git, the cache…) are not sources.
            if !entry.file_name().to_string_lossy().starts_with('.') {
                walk(&path, out);
            }
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            out.push(path);
        }
    }
}

fn starts_with_front_matter(path: &Path) -> bool {
    let mut head = [0u8; 8];
    let Ok(mut f) = std::fs::File::open(path) else {
        return true;
    };
    let n = std::io::Read::read(&mut f, &mut head).unwrap_or(0);
    let head = &head[..n];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    head.starts_with(b"---")
}

#[cfg(test)]
mod tests {
    use super::wildcard;

    #[test]
    fn wildcards() {
        assert!(wildcard("*.md", "a.md"));
        assert!(wildcard("cwa-19??-*.md", "cwa-1975-x.md"));
        assert!(!wildcard("*.md", "a.mdx"));
        assert!(!wildcard("cwa-?.md", "cwa-10.md"));
        assert!(wildcard("*", ""));
    }
}
