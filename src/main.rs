//! The `folio` command line: argument parsing, progress lines, diagnostics and exit codes.
//!
//! All work happens in the library; this file decides what to print and how to exit:
//! 0 when every input built, 1 when any failed, 2 for usage errors (clap's own code).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use folio::render::pdf::Standard;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use folio::batch::Cache;
use folio::{BuildOptions, Builder, Built, Diagnostic, Format, Settings};

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "Typeset explainers (Markdown + YAML front matter) into branded PDFs, EPUBs and print PDFs",
    long_about = "folio turns an explainer written in Markdown with YAML front matter into a branded \
screen PDF, an EPUB 3 and a print-ready PDF, each with an author bio box and a reference section. Fonts and templates are built in; \
folio works offline and never runs code from a source.",
    after_help = "Examples:\n  folio build samples/*.md\n  folio build piece.md --out dist --brand house/brand.toml"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build explainer sources into screen PDF, EPUB and print PDF
    #[command(
        after_help = "Examples:\n  folio build samples/*.md                  # every sample → ./out/<name>.pdf, .epub, .print.pdf
  folio build explainers/ --jobs 4          # a whole folder; unchanged outputs are skipped\n  \
folio build piece.md --out dist -f epub  # → dist/piece.epub
  folio build piece.md -f print            # → out/piece.print.pdf (trim, bleed, crop marks)\n  \
folio build piece.md --brand house.toml  # with a publisher's brand\n  \
folio build piece.md --pdf-standard ua-1 # accessible PDF/UA-1"
    )]
    Build(BuildArgs),
    /// Build, then rebuild whenever a source, an image or the brand changes
    #[command(
        after_help = "Examples:\n  folio watch piece.md -f pdf   # keep out/piece.pdf up to date while you write"
    )]
    Watch(BuildArgs),
}

#[derive(clap::Args)]
struct BuildArgs {
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

    /// Formats to write, comma-separated [default: every format]
    #[arg(long, short, value_delimiter = ',', value_name = "FORMAT")]
    format: Vec<FormatArg>,

    /// Folder for the outputs, created if needed; outputs are named after the source (<stem>.pdf)
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    out: PathBuf,

    /// Brand file (brand.toml) for every input [default: brand.toml beside each source, else
    /// the built-in brand]
    #[arg(long, value_name = "FILE")]
    brand: Option<PathBuf>,

    /// Folder whose files replace the built-in templates of the same name (explainer.typ,
    /// print.typ, cover.typ, components.typ, brand.toml; EPUB templates in its epub/ subfolder)
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,

    /// Folder of extra font files (.ttf, .otf) a brand may name
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,

    /// Make the PDF conform to a standard: a-2b (archival) or ua-1 (accessible; every image needs
    /// alt text)
    #[arg(long, value_name = "STANDARD")]
    pdf_standard: Option<StandardArg>,

    /// Print format: pad to a multiple of four pages for a saddle-stitched booklet (default:
    /// an even page count)
    #[arg(long)]
    saddle_stitch: bool,

    /// Print errors only
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Branded screen PDF (<stem>.pdf)
    Pdf,
    /// EPUB 3 (<stem>.epub)
    Epub,
    /// Print-ready PDF with bleed, crop marks and page boxes (<stem>.print.pdf)
    Print,
}

#[derive(Clone, Copy, ValueEnum)]
enum StandardArg {
    #[value(name = "a-2b")]
    A2b,
    #[value(name = "ua-1")]
    Ua1,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build(args),
        Command::Watch(args) => watch(args),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    match make_builder(&args) {
        Ok(builder) => run(&args, &builder),
        Err(code) => code,
    }
}

/// `folio watch`: build, then rebuild whenever a source, an image or the brand changes. The
/// cache makes each rebuild touch only what changed. Runs until interrupted.
fn watch(args: BuildArgs) -> ExitCode {
    use notify::{RecursiveMode, Watcher};
    let mut builder = match make_builder(&args) {
        Ok(b) => b,
        Err(code) => return code,
    };
    run(&args, &builder);
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return ExitCode::from(1);
        }
    };
    let out = std::fs::canonicalize(&args.out).unwrap_or_else(|_| args.out.clone());
    // Template and font folders are loaded into the engine: a change there rebuilds it.
    let engine_dirs: Vec<PathBuf> = args
        .templates
        .iter()
        .chain(&args.fonts)
        .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.clone()))
        .collect();
    for input in args
        .inputs
        .iter()
        .chain(&args.brand)
        .chain(&args.templates)
        .chain(&args.fonts)
    {
        // Watch folders (sources and their images live there) rather than single files, which
        // editors replace on save.
        let target = if input.is_dir() {
            input.clone()
        } else {
            input
                .parent()
                .map(|p| {
                    if p.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        p.to_path_buf()
                    }
                })
                .unwrap_or_else(|| PathBuf::from("."))
        };
        if let Err(e) = watcher.watch(&target, RecursiveMode::Recursive) {
            eprintln!("{}: error: cannot watch: {e}", target.display());
            return ExitCode::from(1);
        }
    }
    eprintln!("watching for changes (Ctrl-C to stop)");
    while let Ok(event) = rx.recv() {
        let relevant = |ev: &notify::Result<notify::Event>| {
            ev.as_ref().is_ok_and(|e| {
                !e.kind.is_access()
                    && e.paths.iter().any(|p| {
                        !std::fs::canonicalize(p)
                            .unwrap_or_else(|_| p.clone())
                            .starts_with(&out)
                    })
            })
        };
        if !relevant(&event) {
            continue;
        }
        // Let a burst of events (an editor's save) settle, then rebuild once.
        std::thread::sleep(std::time::Duration::from_millis(150));
        let mut events = vec![event];
        while let Ok(more) = rx.try_recv() {
            events.push(more);
        }
        let engine_changed = events.iter().flatten().flat_map(|e| &e.paths).any(|p| {
            let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            engine_dirs.iter().any(|d| p.starts_with(d))
        });
        if engine_changed {
            match make_builder(&args) {
                Ok(b) => builder = b,
                // The diagnostic is printed; keep the last good engine and wait for a fix.
                Err(_) => continue,
            }
        }
        run(&args, &builder);
    }
    ExitCode::SUCCESS
}

fn make_builder(args: &BuildArgs) -> Result<Builder, ExitCode> {
    let formats = if args.format.is_empty() {
        Format::ALL.to_vec()
    } else {
        let mut f: Vec<Format> = args
            .format
            .iter()
            .map(|f| match f {
                FormatArg::Pdf => Format::Pdf,
                FormatArg::Epub => Format::Epub,
                FormatArg::Print => Format::Print,
            })
            .collect();
        f.sort();
        f.dedup();
        f
    };
    let options = BuildOptions {
        formats,
        out_dir: args.out.clone(),
        brand: args.brand.clone(),
        templates: args.templates.clone(),
        fonts: args.fonts.clone(),
        settings: Settings {
            pdf_standard: args.pdf_standard.map(|s| match s {
                StandardArg::A2b => Standard::A2b,
                StandardArg::Ua1 => Standard::Ua1,
            }),
            saddle_stitch: args.saddle_stitch,
        },
    };
    Builder::new(options).map_err(|d| {
        print_diagnostic(&d);
        ExitCode::from(1)
    })
}

/// One build of every input; prints progress, diagnostics and the summary.
fn run(args: &BuildArgs, builder: &Builder) -> ExitCode {
    let (sources, notes) = folio::batch::discover(&args.inputs);
    if !args.quiet {
        notes.iter().for_each(print_diagnostic);
    }
    if sources.is_empty() {
        eprintln!("error: no explainer sources found in the inputs");
        return ExitCode::from(1);
    }

    // Two inputs that would write the same file are refused before anything is built.
    let mut seen = std::collections::HashMap::new();
    for input in &sources {
        let out = builder.output_path(input, Format::Pdf);
        if let Some(first) = seen.insert(out.clone(), input.clone()) {
            eprintln!(
                "error: `{}` and `{}` would both write `{}`; rename one of them",
                first.display(),
                input.display(),
                out.display()
            );
            return ExitCode::from(1);
        }
    }

    let cache = Mutex::new(if args.force {
        Cache::empty(&args.out)
    } else {
        Cache::load(&args.out)
    });
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let started = Instant::now();
    let quiet = args.quiet;
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
    let report_one = |_: usize, result: &Result<Built, Vec<Diagnostic>>| {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
        match result {
            Ok(done) => {
                if let Some(bar) = &bar {
                    bar.set_message(done.source.display().to_string());
                }
                if quiet {
                    return;
                }
                let mut lines = String::new();
                for w in &done.warnings {
                    lines.push_str(&format!("{w}\n"));
                }
                if bar.is_none() {
                    for out in &done.outputs {
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
                        lines.push_str(&format!(
                            "{verb} {} → {}{pages}\n",
                            done.source.display(),
                            out.path.display()
                        ));
                    }
                }
                if !lines.is_empty() {
                    say(lines);
                }
            }
            Err(diags) => say(diags.iter().map(|d| format!("{d}\n")).collect()),
        }
    };
    let results = folio::batch::build_all(builder, &sources, jobs, &cache, &report_one);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if let Some(Err(e)) = cache.lock().ok().map(|c| c.save()) {
        eprintln!(
            "warning: cannot save the build cache: {}",
            folio::io_reason(&e)
        );
    }

    let mut failed = Vec::new();
    let (mut built, mut unchanged) = (0, 0);
    for (source, result) in sources.iter().zip(&results) {
        match result {
            Ok(done) if done.outputs.iter().all(|o| o.unchanged) => unchanged += 1,
            Ok(_) => built += 1,
            Err(diags) => failed.push((source.clone(), diags.clone())),
        }
    }
    if let Some(report) = &args.report {
        let json = report_json(&sources, &results, started.elapsed().as_millis());
        if let Err(e) = folio::output::write_atomic(report, json.as_bytes()) {
            eprintln!(
                "{}: error: cannot write the report: {}",
                report.display(),
                folio::io_reason(&e)
            );
            return ExitCode::from(1);
        }
    }
    if (sources.len() > 1 && !args.quiet) || !failed.is_empty() {
        eprintln!(
            "{built} built, {unchanged} unchanged, {} failed",
            failed.len()
        );
        for (input, diags) in &failed {
            let first = diags.iter().find(|d| d.is_error()).map(|d| d.to_string());
            eprintln!(
                "  failed: {}",
                first.unwrap_or_else(|| input.display().to_string())
            );
        }
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The `--report` manifest: per source, its outputs, their hashes and pages, its warnings.
fn report_json(
    sources: &[PathBuf],
    results: &[Result<Built, Vec<Diagnostic>>],
    millis: u128,
) -> String {
    let entries: Vec<serde_json::Value> = sources
        .iter()
        .zip(results)
        .map(|(source, result)| match result {
            Ok(done) => serde_json::json!({
                "source": source.display().to_string(),
                "status": if done.outputs.iter().all(|o| o.unchanged) { "unchanged" } else { "built" },
                "outputs": done.outputs.iter().map(|o| serde_json::json!({
                    "format": o.format.name(),
                    "path": o.path.display().to_string(),
                    "hash": o.hash,
                    "pages": o.pages,
                    "unchanged": o.unchanged,
                })).collect::<Vec<_>>(),
                "warnings": done.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            }),
            Err(diags) => serde_json::json!({
                "source": source.display().to_string(),
                "status": "failed",
                "errors": diags.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            }),
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "sources": entries, "milliseconds": millis }))
        .unwrap_or_default()
}

fn print_diagnostic(d: &Diagnostic) {
    eprintln!("{d}");
}
