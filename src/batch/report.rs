//! What a run says about itself: the `--report` manifest (JSON), and the lines a person reads
//! — one per output, and the run's summary. The CLI decides where they go.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Outcome, Run, Written};
use crate::diag::Diagnostic;
use crate::output;

/// "    built a.md → out/a.pdf (3 pages)", or "unchanged …" for an output found up to date;
/// a book's outputs have no source to name.
pub fn output_line(source: Option<&Path>, out: &Written) -> String {
    let pages = match out.pages {
        Some(1) => " (1 page)".to_string(),
        Some(n) => format!(" ({n} pages)"),
        None => String::new(),
    };
    let verb = if out.unchanged {
        "unchanged"
    } else {
        "    built"
    };
    let to = out.path.display();
    match source {
        Some(from) => format!("{verb} {} → {to}{pages}", from.display()),
        None => format!("{verb} {to}{pages}"),
    }
}

impl Run {
    /// "2 built, 1 unchanged, 1 failed", then a line naming each failure's first error.
    pub fn summary(&self, sources: &[PathBuf]) -> String {
        let (built, unchanged, failed) = self.counts();
        let mut out = format!("{built} built, {unchanged} unchanged, {failed} failed");
        for (input, outcome) in sources.iter().zip(&self.outcomes) {
            if let Err(diags) = outcome {
                let first = diags.iter().find(|d| d.is_error()).map(|d| d.to_string());
                let shown = first.unwrap_or_else(|| input.display().to_string());
                out.push_str(&format!("\n  failed: {shown}"));
            }
        }
        out
    }

    /// The run's `--report` manifest.
    pub fn report(&self, sources: &[PathBuf]) -> Report {
        Report::new(sources, &self.outcomes, self.milliseconds)
    }
}

/// The `--report` manifest of a run: per source, its outputs, their hashes and pages, its
/// warnings or errors; and the run's milliseconds.
#[derive(Debug, Serialize)]
pub struct Report {
    pub sources: Vec<ReportEntry>,
    pub milliseconds: u128,
}

#[derive(Debug, Serialize)]
pub struct ReportEntry {
    pub source: String,
    /// "built", "unchanged" or "failed".
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outputs: Option<Vec<ReportOutput>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warnings: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct ReportOutput {
    pub format: &'static str,
    pub path: String,
    pub hash: String,
    pub pages: Option<usize>,
    pub unchanged: bool,
}

impl Report {
    pub fn new(sources: &[PathBuf], results: &[Outcome], milliseconds: u128) -> Report {
        let entries = sources
            .iter()
            .zip(results)
            .map(|(source, result)| {
                let source = source.display().to_string();
                match result {
                    Ok(done) => ReportEntry {
                        source,
                        status: if done.unchanged() {
                            "unchanged"
                        } else {
                            "built"
                        },
                        outputs: Some(
                            done.outputs
                                .iter()
                                .map(|o| ReportOutput {
                                    format: o.format.name(),
                                    path: o.path.display().to_string(),
                                    hash: o.hash.clone(),
                                    pages: o.pages,
                                    unchanged: o.unchanged,
                                })
                                .collect(),
                        ),
                        warnings: Some(done.warnings.iter().map(|w| w.to_string()).collect()),
                        errors: None,
                    },
                    Err(diags) => ReportEntry {
                        source,
                        status: "failed",
                        outputs: None,
                        warnings: None,
                        errors: Some(diags.iter().map(|d| d.to_string()).collect()),
                    },
                }
            })
            .collect();
        Report {
            sources: entries,
            milliseconds,
        }
    }

    /// Writes the report as pretty JSON, atomically.
    pub fn write(&self, path: &Path) -> Result<(), Diagnostic> {
        let json = serde_json::to_string_pretty(self).unwrap_or_default();
        output::write_atomic(path, json.as_bytes())
            .map_err(|e| Diagnostic::io(path, "cannot write the report", &e))
    }
}
