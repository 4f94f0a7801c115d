//! Building explainers, one or many — the one build loop, which `folio build`, `watch` and the
//! site use: the rule that two inputs may not write one file, a content cache so unchanged
//! outputs are not rebuilt, parallel builds sharing one session (one pool, `--jobs` workers,
//! typst's memo emptied after each source), and the run's report.
//!
//! The CLI decides what to print; this module returns what happened to each source, in input
//! order, through a callback as each one finishes.

pub mod cache;
pub mod report;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::Diagnostic;
use crate::model::{Piece, file_stem};
use crate::render::{Destination, Format, Place, Publication, Rendered};
use crate::session::{Session, write_all};

pub use crate::session::{Built, Written};
pub use cache::Cache;
pub use report::Report;

/// What building one source gave: its outputs, or its diagnostics.
pub type Outcome = Result<Built, Vec<Diagnostic>>;

/// The notes about files skipped, and the sources `inputs` name (files, folders, patterns):
/// an error when there are none, or when two would write the same file (before anything is
/// built).
pub fn sources(
    session: &Session,
    inputs: &[PathBuf],
) -> (Vec<Diagnostic>, Result<Vec<PathBuf>, Diagnostic>) {
    let (notes, sources) = crate::source::discover_some(inputs);
    let checked = sources.and_then(|s| check_collisions(session, &s).map(|()| s));
    (notes, checked)
}

/// Refuses a run in which two sources would write the same output file.
pub fn check_collisions(session: &Session, sources: &[PathBuf]) -> Result<(), Diagnostic> {
    let mut seen = std::collections::HashMap::new();
    for input in sources {
        let out = session.output_path(&file_stem(input), Format::Pdf);
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

/// What a run builds and where: the formats, how the outputs are laid out, how many sources
/// are built at once, and whether the cache is ignored.
#[derive(Debug, Clone)]
pub struct Plan {
    pub formats: Vec<Format>,
    pub destination: Destination,
    /// Sources built at once (at least one).
    pub jobs: usize,
    /// Rebuild everything, whatever the cache says.
    pub force: bool,
    /// Keep each explainer's `Document` in its [`Built`] (a site lists them).
    pub keep_documents: bool,
}

impl Plan {
    /// The session's formats as files in its output folder, one source per core.
    pub fn new(session: &Session) -> Plan {
        Plan {
            formats: session.options().formats.clone(),
            destination: Destination::Files,
            jobs: cores(),
            force: false,
            keep_documents: false,
        }
    }
}

/// The cores this machine has: how many sources a run builds at once unless told.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Parses `source`, renders every format of `plan` in memory (skipping outputs `cache` knows
/// to be up to date; side by side when `parallel`), then writes them all. On any error nothing
/// is written for this source.
pub fn build_source(
    session: &Session,
    source: &Path,
    plan: &Plan,
    cache: Option<&Cache>,
    parallel: bool,
) -> Outcome {
    let loaded = crate::source::load(source)?;
    let brand = session.brand_for(source).map_err(|d| vec![d])?;
    let mut warnings = loaded.warnings;
    warnings.extend(session.missing_glyphs(&loaded.document));
    // Worded once in its language, read by every format.
    let words = brand.words(&loaded.document.lang).map_err(|d| vec![d])?;
    let piece = Piece::new(loaded.document, &words, &brand.brand.publisher.name);
    let doc = &piece.doc;
    // A Crossref deposit's depositor and site address: folio.toml beside the source.
    let depositor = match plan.formats.contains(&Format::Crossref) {
        true => Some(crate::project::depositor(
            source.parent().unwrap_or(Path::new("")),
        )?),
        false => None,
    };
    let stem = file_stem(source);
    let out_dir = &session.options().out_dir;
    let mut outputs = Vec::new();
    let mut todo = Vec::new();
    let content = cache::content_hash(session.fingerprint(), doc, &brand);
    for &format in &plan.formats {
        let mut place = plan
            .destination
            .place(&stem, format, brand.path(), &plan.formats);
        if format == Format::Crossref {
            place.depositor = depositor.clone();
        }
        let path = out_dir.join(&place.file);
        let hash = cache::output_hash(&content, format, &session.options().settings, &place);
        // An output is only whole with what it writes beside it (a web page's stylesheet and
        // card, a BibTeX file's RIS and CSL-JSON).
        let folder = path.parent().unwrap_or(out_dir);
        let whole = place
            .companions(&stem, format)
            .iter()
            .all(|name| folder.join(name).is_file());
        if whole && cache.is_some_and(|c| c.is_fresh(&path, &hash)) {
            outputs.push(Written {
                format,
                path,
                pages: None,
                hash,
                unchanged: true,
            });
        } else {
            todo.push((format, path, hash, place));
        }
    }
    let render = |(format, _, _, place): &(Format, PathBuf, String, Place)| {
        session.render(*format, Publication::Explainer(&piece), &brand, place)
    };
    // The formats of one source are independent: with cores to spare, render them side by side.
    let results: Vec<Result<Rendered, Vec<Diagnostic>>> = if parallel && todo.len() > 1 {
        std::thread::scope(|scope| {
            let handles: Vec<_> = todo.iter().map(|job| scope.spawn(|| render(job))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(Vec::new())))
                .collect()
        })
    } else {
        todo.iter().map(render).collect()
    };
    let rendered = todo
        .into_iter()
        .zip(results)
        .map(|((format, path, hash, _), result)| (format, path, hash, result));
    outputs.extend(write_all(rendered, &mut warnings)?);
    Ok(Built {
        source: source.to_path_buf(),
        outputs,
        warnings,
        document: plan.keep_documents.then_some(piece.doc),
    })
}

/// What a run of many sources gave.
pub struct Run {
    /// Each source's outcome, in input order.
    pub outcomes: Vec<Outcome>,
    /// How long the run took.
    pub milliseconds: u128,
    /// Why the cache could not be saved, if it could not (the outputs are written all the same).
    pub cache_warning: Option<Diagnostic>,
}

impl Run {
    /// How many sources were built, were up to date, and failed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let failed = self.outcomes.iter().filter(|o| o.is_err()).count();
        let unchanged = self
            .outcomes
            .iter()
            .filter(|o| o.as_ref().is_ok_and(Built::unchanged))
            .count();
        (self.outcomes.len() - failed - unchanged, unchanged, failed)
    }
}

/// Builds `sources` as `plan` says with the output folder's cache (empty with `force`), on
/// `plan.jobs` workers; calls `done(index, result)` as each finishes, then saves the cache.
pub fn build_all(
    session: &Session,
    sources: &[PathBuf],
    plan: &Plan,
    done: &(dyn Fn(usize, &Outcome) + Sync),
) -> Run {
    let started = std::time::Instant::now();
    let out_dir = &session.options().out_dir;
    let cache = Mutex::new(if plan.force {
        Cache::empty(out_dir)
    } else {
        Cache::load(out_dir)
    });
    let outcomes = build_with(session, sources, plan, &cache, done);
    let cache_warning = match cache.lock().map(|c| c.save()) {
        Ok(Err(e)) => Some(Diagnostic {
            severity: crate::diag::Severity::Warning,
            ..Diagnostic::io(out_dir, "cannot save the build cache", &e)
        }),
        _ => None,
    };
    Run {
        outcomes,
        milliseconds: started.elapsed().as_millis(),
        cache_warning,
    }
}

fn build_with(
    session: &Session,
    sources: &[PathBuf],
    plan: &Plan,
    cache: &Mutex<Cache>,
    done: &(dyn Fn(usize, &Outcome) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..sources.len()).map(|_| None).collect());
    let snapshot = cache.lock().map(|c| c.clone()).unwrap_or_default();
    let workers = plan.jobs.clamp(1, sources.len().max(1));
    // Fewer sources than jobs: the spare cores render one source's formats side by side.
    let parallel = plan.jobs / workers > 1;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(source) = sources.get(i) else { break };
                    let result = build_source(session, source, plan, Some(&snapshot), parallel);
                    // typst memoises layout across compiles; without eviction a batch's memory
                    // grows with every source (3.3 GB for 200; 0.3 GB with this). Keep what the last builds reuse.
                    typst::comemo::evict(2);
                    if let (Ok(built), Ok(mut c)) = (&result, cache.lock()) {
                        for out in built.outputs.iter().filter(|o| !o.unchanged) {
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
