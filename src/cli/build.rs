//! `folio build` and `folio watch`: explainers into their outputs, with a progress bar on a
//! terminal and a line per output elsewhere.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use folio::Session;
use folio::batch::{Outcome, Plan, Report};

use super::{CliResult, Failed, OutputOptions, fail, print};

pub const BUILD_EXAMPLES: &str = "Examples:
  folio build samples/*.md                  # every sample → ./out/<name>.pdf, .epub, .print.pdf
  folio build explainers/ --jobs 4          # a whole folder; unchanged outputs are skipped
  folio build piece.md --out dist -f epub  # → dist/piece.epub
  folio build piece.md -f print            # → out/piece.print.pdf (trim, bleed, crop marks)
  folio build piece.md --brand house.toml  # with a publisher's brand
  folio build piece.md --pdf-standard ua-1 # accessible PDF/UA-1";

pub const WATCH_EXAMPLES: &str =
    "Examples:\n  folio watch piece.md -f pdf   # keep out/piece.pdf up to date while you write";

#[derive(clap::Args)]
pub struct BuildArgs {
    /// Explainer sources: Markdown files with YAML front matter, or folders (searched
    /// recursively for *.md files that start with front matter)
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Build this many sources at once [default: the number of cores]
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,

    /// Rebuild every output, even those the cache (<out>/.folio-cache) knows to be up to date
    #[arg(long)]
    force: bool,

    /// Write a JSON manifest of the run (per source: outputs, hashes, pages, warnings)
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,

    /// Print format: pad to a multiple of four pages for a saddle-stitched booklet (default:
    /// an even page count)
    #[arg(long)]
    saddle_stitch: bool,

    #[command(flatten)]
    options: OutputOptions,
}

pub fn build(args: BuildArgs) -> CliResult {
    run(&args, &args.options.session(args.saddle_stitch)?)
}

/// Builds, then rebuilds whenever a source, an image or the brand changes. The cache makes
/// each rebuild touch only what changed. Runs until interrupted.
pub fn watch(args: BuildArgs) -> CliResult {
    let mut session = args.options.session(args.saddle_stitch)?;
    let _ = run(&args, &session);
    eprintln!("watching for changes (Ctrl-C to stop)");
    let options = session.options().clone();
    folio::batch::watch::watch(&args.inputs, &options, |engine_changed| {
        if engine_changed {
            // On failure the diagnostic is printed; keep the last good session.
            match args.options.session(args.saddle_stitch) {
                Ok(s) => session = s,
                Err(Failed) => return,
            }
        }
        let _ = run(&args, &session);
    })
    .map_err(|d| fail(&[d]))
}

/// One build of every input; prints progress, diagnostics and the summary.
fn run(args: &BuildArgs, session: &Session) -> CliResult {
    let quiet = args.options.quiet;
    let (sources, notes) = folio::source::discover(&args.inputs);
    if !quiet {
        notes.iter().for_each(print);
    }
    if sources.is_empty() {
        eprintln!("error: no explainer sources found in the inputs");
        return Err(Failed);
    }
    // Two inputs that would write the same file are refused before anything is built.
    folio::batch::check_collisions(session, &sources).map_err(|d| fail(&[d]))?;
    let mut plan = Plan::new(session);
    plan.jobs = args.jobs.unwrap_or(plan.jobs);
    plan.force = args.force;
    let started = Instant::now();
    // On a terminal: a progress bar with counts, the current file and an ETA, with diagnostics
    // printed above it. Elsewhere (CI, pipes): one plain line per output.
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar =
            ProgressBar::with_draw_target(Some(sources.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} {wide_msg} ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let say = |text: String| match &bar {
        Some(bar) => bar.println(text.trim_end()),
        None => eprint!("{text}"),
    };
    let report_one = |_: usize, result: &Outcome| {
        let Ok(done) = result else {
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            let Err(diags) = result else { return };
            return say(diags.iter().map(|d| format!("{d}\n")).collect());
        };
        if let Some(bar) = &bar {
            bar.inc(1);
            bar.set_message(done.source.display().to_string());
        }
        if quiet {
            return;
        }
        let mut lines: String = done.warnings.iter().map(|w| format!("{w}\n")).collect();
        for out in done.outputs.iter().filter(|_| bar.is_none()) {
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
            let (from, to) = (done.source.display(), out.path.display());
            lines.push_str(&format!("{verb} {from} → {to}{pages}\n"));
        }
        if !lines.is_empty() {
            say(lines);
        }
    };
    let run = folio::batch::build_all(session, &sources, &plan, &report_one);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    run.cache_warning.iter().for_each(print);
    if !quiet {
        session.brand_warnings().iter().for_each(print);
    }
    if let Some(path) = &args.report {
        let ms = started.elapsed().as_millis();
        let report = Report::new(&sources, &run.outcomes, ms);
        report.write(path).map_err(|d| fail(&[d]))?;
    }
    let (built, unchanged, failed) = run.counts();
    if (sources.len() > 1 && !quiet) || failed > 0 {
        eprintln!("{built} built, {unchanged} unchanged, {failed} failed");
        for (input, outcome) in sources.iter().zip(&run.outcomes) {
            if let Err(diags) = outcome {
                let first = diags.iter().find(|d| d.is_error()).map(|d| d.to_string());
                let shown = first.unwrap_or_else(|| input.display().to_string());
                eprintln!("  failed: {shown}");
            }
        }
    }
    super::succeed_if(failed == 0)
}
