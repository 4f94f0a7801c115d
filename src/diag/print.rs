//! Diagnostics as a person or a program reads them: cargo's shape (the message, the source
//! line under it with a caret at the column, the help) or a JSON array, each finding with the
//! line it is on. The CLI decides where the text goes; this module only words it.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use super::{Diagnostic, Severity};

/// Words diagnostics, reading each file they name once for the lines it shows.
#[derive(Default)]
pub struct Printer {
    lines: HashMap<PathBuf, Vec<String>>,
}

/// A diagnostic with the source line it points at, as `--format json` writes it.
#[derive(Serialize)]
struct Finding<'a> {
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
    source: Option<String>,
}

impl Printer {
    /// The line `d` points at, if it names one and the file can be read.
    fn source_line(&mut self, d: &Diagnostic) -> Option<String> {
        let lines = self.lines.entry(d.path.clone()).or_insert_with(|| {
            std::fs::read_to_string(&d.path)
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        d.line.checked_sub(1).and_then(|i| lines.get(i).cloned())
    }

    /// `d` as cargo prints a lint: its message, then the source line with a caret under the
    /// column, then its help; every line ends in a newline.
    pub fn human(&mut self, d: &Diagnostic) -> String {
        let mut head = d.clone();
        let help = head.help.take();
        let mut out = format!("{head}\n");
        if let Some(line) = self.source_line(d) {
            out.push_str(&format!("{:>5} | {line}\n", d.line));
            if d.column > 0 {
                // Tabs stay tabs, so the caret lines up however the terminal shows them.
                let pad: String = line
                    .chars()
                    .take(d.column - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("{:>5} | {pad}^\n", ""));
            }
        }
        if let Some(help) = help {
            out.push_str(&format!("{:>5} = help: {help}\n", ""));
        }
        out
    }

    /// `findings` as a pretty JSON array, each with the line it points at (`source`).
    pub fn json(&mut self, findings: &[Diagnostic]) -> String {
        let items: Vec<Finding> = findings
            .iter()
            .map(|d| Finding {
                diagnostic: d,
                source: self.source_line(d),
            })
            .collect();
        serde_json::to_string_pretty(&items).unwrap_or_default()
    }
}

/// "checked 3 files: 1 error, 2 warnings, 0 notes".
pub fn check_summary(files: usize, findings: &[Diagnostic]) -> String {
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    format!(
        "checked {}: {}, {}, {}",
        plural(files, "file"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Info), "note"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn points_at_the_column_and_gives_the_help() {
        let dir = std::env::temp_dir().join(format!("folio-print-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.md");
        std::fs::write(&file, "one\n\ttwo three\n").unwrap();
        let d = Diagnostic::warning(&file, 2, 6, "bad")
            .with_code("lint")
            .with_help("fix");
        let text = Printer::default().human(&d);
        let expected = format!(
            "{}:2:6: warning[lint]: bad\n    2 | \ttwo three\n      | \t    ^\n      = help: fix\n",
            file.display()
        );
        assert_eq!(text, expected);
        let json = Printer::default().json(&[d]);
        assert!(json.contains("\"source\": \"\\ttwo three\""), "{json}");
        assert!(json.contains("\"severity\": \"warning\""), "{json}");
        std::fs::remove_dir_all(dir).unwrap();
        let none = Diagnostic::error(Path::new("/no/such"), 0, 0, "gone");
        assert_eq!(Printer::default().human(&none), "/no/such: error: gone\n");
    }

    #[test]
    fn counts_in_words() {
        let d = Diagnostic::info(Path::new("a"), 0, 0, "x");
        assert_eq!(
            check_summary(1, &[d]),
            "checked 1 file: 0 errors, 0 warnings, 1 note"
        );
    }
}
