//! `folio build` and `folio watch`: explainers into their outputs, with a progress bar on a
//! terminal and a line per output elsewhere.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use folio::Session;
use folio::batch::{Outcome, Plan, report::output_line};

use super::{CliResult, Failed, OutputOptions, fail, print};

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
    let (notes, sources) = folio::batch::sources(session, &args.inputs);
    if !quiet {
        notes.iter().for_each(print);
    }
    let sources = sources.map_err(|d| fail(&[d]))?;
    let mut plan = Plan::new(session);
    plan.jobs = args.jobs.unwrap_or(plan.jobs);
    plan.force = args.force;
    // On a terminal: a progress bar with counts, the current file and an ETA, with diagnostics
    // printed above it. Elsewhere (CI, pipes): one plain line per output.
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let style = "{bar:30.cyan/blue} {pos}/{len} {wide_msg} ETA {eta}";
        let bar =
            ProgressBar::with_draw_target(Some(sources.len() as u64), ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template(style).unwrap_or(ProgressStyle::default_bar()));
        bar
    });
    let report_one = |_: usize, result: &Outcome| {
        let lines: Vec<String> = match result {
            Err(diags) => diags.iter().map(|d| d.to_string()).collect(),
            Ok(_) if quiet => Vec::new(),
            Ok(done) => (done.warnings.iter().map(|w| w.to_string()))
                .chain(
                    (done.outputs.iter().filter(|_| bar.is_none()))
                        .map(|out| output_line(Some(&done.source), out)),
                )
                .collect(),
        };
        if let Some(bar) = &bar {
            bar.inc(1);
            if let Ok(done) = result {
                bar.set_message(done.source.display().to_string());
            }
            lines.iter().for_each(|l| bar.println(l));
        } else {
            lines.iter().for_each(|l| eprintln!("{l}"));
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
        run.report(&sources).write(path).map_err(|d| fail(&[d]))?;
    }
    let failed = run.counts().2;
    if (sources.len() > 1 && !quiet) || failed > 0 {
        eprintln!("{}", run.summary(&sources));
    }
    super::succeed_if(failed == 0)
}
