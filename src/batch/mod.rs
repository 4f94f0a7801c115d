//! Building explainers, one or many: discovery of inputs (files and folders), the rule that two
//! inputs may not write one file, a content cache so unchanged outputs are not rebuilt,
//! parallel builds sharing one session, and the run's report.
//!
//! The CLI decides what to print; this module returns what happened to each source, in input
//! order, through a callback as each one finishes.

pub mod cache;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::output;
use crate::render::{Format, Publication, Rendered};
use crate::session::{Session, write_all};

pub use crate::session::{Built, Written};
pub use cache::Cache;

/// What building one source gave: its outputs, or its diagnostics.
pub type Outcome = Result<Built, Vec<Diagnostic>>;

/// The stem an explainer's outputs are named after: its source file's.
pub fn stem(source: &Path) -> String {
    crate::model::file_stem(source)
}

/// Refuses a run in which two sources would write the same output file.
pub fn check_collisions(session: &Session, sources: &[PathBuf]) -> Result<(), Diagnostic> {
    let mut seen = std::collections::HashMap::new();
    for input in sources {
        let out = session.output_path(&stem(input), Format::Pdf);
        if let Some(first) = seen.insert(out.clone(), input.clone()) {
            return Err(Diagnostic::error(
                input,
                0,
                0,
                format!(
                    "`{}` and `{}` would both write `{}`",
                    first.display(),
                    input.display(),
                    out.display()
                ),
            )
            .with_help("rename one of them"));
        }
    }
    Ok(())
}

/// Parses `source`, renders every requested format in memory (skipping outputs `cache` knows
/// to be up to date), then writes them all. On any error nothing is written for this source.
pub fn build_source(session: &Session, source: &Path, cache: Option<&Cache>) -> Outcome {
    let loaded = crate::source::load(source)?;
    let brand = session.brand_for(source).map_err(|d| vec![d])?;
    let doc = &loaded.document;
    let mut warnings = loaded.warnings;
    warnings.extend(session.missing_glyphs(doc));
    let mut outputs = Vec::new();
    let mut todo = Vec::new();
    let content = cache::content_hash(session.fingerprint(), doc, &brand);
    for &format in &session.options().formats {
        let path = session.output_path(&stem(source), format);
        let hash = cache::output_hash(&content, format, &session.options().settings);
        // A web page is only whole with its stylesheet beside it, a BibTeX file with its RIS
        // and CSL-JSON.
        let out_dir = &session.options().out_dir;
        let whole = format
            .companions(&stem(source))
            .iter()
            .all(|name| out_dir.join(name).is_file());
        if whole && cache.is_some_and(|c| c.is_fresh(&path, &hash)) {
            outputs.push(Written {
                format,
                path,
                pages: None,
                hash,
                unchanged: true,
            });
        } else {
            todo.push((format, path, hash));
        }
    }
    // The formats of one source are independent: render them side by side.
    let results: Vec<Result<Rendered, Vec<Diagnostic>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = todo
            .iter()
            .map(|(format, _, _)| {
                let brand = &brand;
                scope.spawn(move || session.render(*format, Publication::Explainer(doc), brand))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Vec::new())))
            .collect()
    });
    let rendered = todo
        .into_iter()
        .zip(results)
        .map(|((format, path, hash), result)| (format, path, hash, result));
    outputs.extend(write_all(rendered, &mut warnings)?);
    Ok(Built {
        source: source.to_path_buf(),
        outputs,
        warnings,
    })
}

/// What a run of many sources gave.
pub struct Run {
    /// Each source's outcome, in input order.
    pub outcomes: Vec<Outcome>,
    /// Why the cache could not be saved, if it could not (the outputs are written all the same).
    pub cache_warning: Option<Diagnostic>,
}

/// Builds `sources` on `jobs` threads with the output folder's cache (empty with `force`);
/// calls `done(index, result)` as each finishes, then saves the cache.
pub fn build_all(
    session: &Session,
    sources: &[PathBuf],
    jobs: usize,
    force: bool,
    done: &(dyn Fn(usize, &Outcome) + Sync),
) -> Run {
    let out_dir = &session.options().out_dir;
    let cache = Mutex::new(if force {
        Cache::empty(out_dir)
    } else {
        Cache::load(out_dir)
    });
    let outcomes = build_with(session, sources, jobs, &cache, done);
    let cache_warning = match cache.lock().map(|c| c.save()) {
        Ok(Err(e)) => Some(Diagnostic {
            severity: crate::diag::Severity::Warning,
            ..Diagnostic::io(out_dir, "cannot save the build cache", &e)
        }),
        _ => None,
    };
    Run {
        outcomes,
        cache_warning,
    }
}

fn build_with(
    session: &Session,
    sources: &[PathBuf],
    jobs: usize,
    cache: &Mutex<Cache>,
    done: &(dyn Fn(usize, &Outcome) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..sources.len()).map(|_| None).collect());
    let snapshot = cache.lock().map(|c| c.clone()).unwrap_or_default();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, sources.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(source) = sources.get(i) else { break };
                    let result = build_source(session, source, Some(&snapshot));
                    // typst memoises layout across compiles; without eviction a batch's memory
                    // grows with every source (3.3 GB for 200; 0.3 GB with this). Keep what the last builds reuse.
                    typst::comemo::evict(2);
                    if let (Ok(built), Ok(mut c)) = (&result, cache.lock()) {
                        for out in &built.outputs {
                            c.record(&out.path, &out.hash);
                        }
                    }
                    done(i, &result);
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Vec::new())))
        .collect()
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
                        status: if done.outputs.iter().all(|o| o.unchanged) {
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
