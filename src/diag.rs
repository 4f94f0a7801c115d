//! Diagnostics: one type for every error and warning folio reports about a file.
//!
//! A `Diagnostic` names the file, the 1-based line and column, a severity and a message, with an
//! optional help line. It prints as `path:line:col: error: message` (the shape compilers and
//! editors understand). The library returns them as values; [`print`] words them for a person
//! (with the source line) or as JSON, and the CLI decides where that goes.

pub mod print;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, not a fault (`folio check` only).
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Its fields are in alphabetical order: serialised (`folio check --format json`), it keeps
/// the order the findings have always been written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// A lint's name (`duplicate-url`), printed as `warning[duplicate-url]`.
    pub code: Option<&'static str>,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub help: Option<String>,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
    pub path: PathBuf,
    pub severity: Severity,
}

impl Diagnostic {
    pub fn error(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            code: None,
        }
    }

    pub fn warning(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn info(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// An I/O failure on `path`: "`what`: reason" (without Rust's "(os error N)").
    pub fn io(path: &Path, what: &str, e: &std::io::Error) -> Self {
        Diagnostic::error(path, 0, 0, format!("{what}: {}", io_reason(e)))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::error::Error for Diagnostic {}

/// What a long library call (an import, a served site's rebuilds) says as it goes, for the
/// CLI to print as it comes.
pub enum Said {
    /// A warning or error about a file.
    Diagnostic(Diagnostic),
    /// Text for standard output (what a dry run would write).
    Output(String),
    /// A line for the person running it (a summary, where a site is served).
    Line(String),
}

/// An I/O error's reason without Rust's "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        match self.code {
            Some(code) => write!(f, ": {}[{code}]: {}", self.severity, self.message)?,
            None => write!(f, ": {}: {}", self.severity, self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_a_compiler() {
        let d = Diagnostic::error(Path::new("a.md"), 3, 7, "bad").with_help("fix it");
        assert_eq!(d.to_string(), "a.md:3:7: error: bad\n  = help: fix it");
    }

    #[test]
    fn suggests_close_keys() {
        assert_eq!(
            closest("titel", ["title", "subtitle", "date"]),
            Some("title")
        );
        assert_eq!(closest("authr", ["author", "authors"]), Some("author"));
        assert_eq!(closest("zzzzzz", ["title", "date"]), None);
    }
}
