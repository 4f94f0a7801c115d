//! The `folio` command line: argument parsing, progress lines, diagnostics and exit codes.
//!
//! All work happens in the library; this file decides what to print and how to exit:
//! 0 when every input built, 1 when any failed, 2 for usage errors (clap's own code).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use folio::render::pdf::Standard;
use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use folio::batch::{Outcome, Report};
use folio::book::{BookMeta, BookRequest, Kind, Order};
use folio::{BuildOptions, Diagnostic, Format, Session, Settings};

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "Typeset explainers (Markdown + YAML front matter) into branded PDFs, EPUBs, print PDFs and web pages",
    long_about = "folio turns an explainer written in Markdown with YAML front matter into a branded \
screen PDF, an EPUB 3 and a print-ready PDF, each with an author bio box and a reference section, \
and an accessible web page; makes books (a collection, the annual compilation) of many and a series' \
static site (site, serve); lints sources (check), imports explainers from plain text, Word \
files and saved web pages (import) and starts new ones (new). Fonts and templates are built in; folio works offline \
and never runs code from a source.",
    after_help = "Examples:\n  folio build samples/*.md\n  folio build piece.md --out dist --brand house/brand.toml\n  \
folio annual explainers/ --year 2025\n  folio site explainers/ --out site\n  folio check explainers/ --deny warnings\n\n\
Each command has its own --help with examples."
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
    /// Make one book (screen PDF, EPUB, print PDF) of several explainers
    #[command(
        after_help = "Examples:\n  folio collection water/*.md --title \"Water in South Asia\"   # → out/water-in-south-asia.pdf, .epub, .print.pdf\n  \
folio collection a.md b.md --title \"Two Pieces\" --order input -f epub"
    )]
    Collection(CollectionArgs),
    /// Make the annual compilation of every explainer in a folder dated in one year
    #[command(
        after_help = "Examples:\n  folio annual explainers/ --year 2025   # → out/annual-2025.pdf, .epub, .print.pdf\n\n\
The folder may hold folio.toml (title, subtitle, editors, publisher, isbn_print, isbn_epub,\n\
copyright, foreword = \"foreword.md\") and series.yaml (the series catalogue)."
    )]
    Annual(AnnualArgs),
    /// Build a folder of explainers as a static web site, with their PDFs and EPUBs
    #[command(
        after_help = "Examples:\n  folio site explainers/ --out site   # → site/index.html, site/<stem>/index.html, feed.xml…\n  \
folio site explainers/ -f html      # pages only, no downloads\n\n\
Settings in the folder's folio.toml:\n  [site]\n  base_url = \"https://example.org/explainers/\"   # feed, sitemap, canonical links\n  \
title = \"NIAS Explainers\"\n  description = \"…\""
    )]
    Site(SiteArgs),
    /// Serve a built site on 127.0.0.1 to read it in a browser; with --watch, rebuild and reload
    #[command(
        after_help = "Examples:\n  folio serve site                           # http://127.0.0.1:8000/\n  \
folio serve site --watch explainers/ -p 3000   # build explainers/ into site/, rebuild on change\n\n\
Only files inside the site's folder are served; the pages reload themselves after a rebuild."
    )]
    Serve(ServeArgs),
    /// Lint sources without building: data faults a build lets through
    #[command(
        after_help = "Examples:\n  folio check samples/                      # every source in a folder, and across them\n  \
folio check piece.md --deny warnings      # fail on warnings too (CI)\n  \
folio check explainers/ --format json     # machine-readable, for editors and CI\n\n\
Lints: duplicate-url, reference-without-url, reference-without-date, uncited-reference,\n\
malformed-url, url-whitespace, image-without-alt, image-without-credit, empty-section, heading-level-skipped,\n\
note-unused, note-undefined, future-date, placeholder-date, author-without-bio (info), title-too-long;\n\
across files: duplicate-number, author-spelling, numbering-gap (info)."
    )]
    Check(CheckArgs),
    /// Convert explainers published as plain text, Word files or saved web pages into folio
    /// sources (and their catalogue into series.yaml)
    #[command(
        after_help = "Examples:\n  folio import archive/cwa-1975.txt --out explainers/\n  \
folio import drafts/piece.docx saved/page.html --out explainers/ --dry-run\n\n\
Writes <series>-<number>-<slug>.md per file (with the pictures a Word file or page holds), and\n\
merges the \"PREVIOUS COMMENTS\" catalogue into <out>/series.yaml. A photo beside a text with\n\
the same stem becomes the hero image. Nothing is replaced without --force."
    )]
    Import(ImportArgs),
    /// Start a new explainer: a source that builds, with the next free number
    #[command(
        after_help = "Examples:\n  folio new --series CWA --title \"Water talks\" --author \"Asha Rao\" --dir explainers/"
    )]
    New(NewArgs),
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The folder of explainer sources (with folio.toml and brand.toml, if any)
    #[arg(value_name = "DIR")]
    dir: PathBuf,

    /// Formats offered for download beside each page (html alone: pages only), comma-separated
    /// [default: pdf, epub, print, cite]
    #[arg(long, short, value_delimiter = ',', value_name = "FORMAT")]
    format: Vec<FormatArg>,

    /// Folder for the site, created if needed
    #[arg(long, short, default_value = "site", value_name = "DIR")]
    out: PathBuf,

    #[command(flatten)]
    design: DesignOptions,

    /// Print errors only
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// The site's folder (what `folio site` wrote)
    #[arg(value_name = "SITE")]
    site: PathBuf,

    /// Port on 127.0.0.1 (0: any free port)
    #[arg(long, short, default_value_t = 8000)]
    port: u16,

    /// A folder of explainer sources: build its site into SITE now and after every change, and
    /// reload the open pages
    #[arg(long, value_name = "DIR")]
    watch: Option<PathBuf>,

    #[command(flatten)]
    design: DesignOptions,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// Explainers: plain text (.txt), Word (.docx) or saved web pages (.html)
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,

    /// Folder for the sources and series.yaml
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    out: PathBuf,

    /// Replace sources that already exist
    #[arg(long)]
    force: bool,

    /// Print what would be written, write nothing
    #[arg(long)]
    dry_run: bool,
}

#[derive(clap::Args)]
struct NewArgs {
    /// Series code
    #[arg(long, default_value = "CWA")]
    series: String,

    /// Title
    #[arg(long, default_value = "Untitled explainer")]
    title: String,

    /// Author's name
    #[arg(long, default_value = "Author Name")]
    author: String,

    /// Folder to write the source in (its sources decide the next number)
    #[arg(long, default_value = ".", value_name = "DIR")]
    dir: PathBuf,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Explainer sources: files, folders or quoted globs, as for `build`
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// Also fail (exit 1) on warnings
    #[arg(long, value_name = "LEVEL")]
    deny: Option<DenyArg>,

    /// Output: human (cargo-style, on stderr) or json (an array on stdout)
    #[arg(long, value_enum, default_value = "human")]
    format: CheckFormat,

    /// The design titles are measured with, as a build would use it
    #[command(flatten)]
    design: DesignOptions,
}

#[derive(Clone, Copy, ValueEnum)]
enum DenyArg {
    Warnings,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum CheckFormat {
    Human,
    Json,
}

/// The design: brand, templates and fonts (every command that lays out pages, and `check`).
#[derive(clap::Args)]
struct DesignOptions {
    /// Brand file (brand.toml) [default: brand.toml beside each source (a book: its first),
    /// else the built-in brand]
    #[arg(long, value_name = "FILE")]
    brand: Option<PathBuf>,

    /// Folder whose files replace the built-in templates of the same name (explainer.typ,
    /// print.typ, book.typ, components.typ, brand.toml…; EPUB templates in its epub/ subfolder,
    /// the words of a language in labels/)
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,

    /// Folder of extra font files (.ttf, .otf) a brand may name
    #[arg(long, value_name = "DIR")]
    fonts: Option<PathBuf>,
}

/// What to write and with which design: options shared by `build`, `watch`, `collection` and
/// `annual`.
#[derive(clap::Args)]
struct OutputOptions {
    /// Formats to write, comma-separated [default: every format]
    #[arg(long, short, value_delimiter = ',', value_name = "FORMAT")]
    format: Vec<FormatArg>,

    /// Folder for the outputs, created if needed; an explainer's are named after its source
    /// (<stem>.pdf, .epub, .print.pdf)
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    out: PathBuf,

    #[command(flatten)]
    design: DesignOptions,

    /// Make the PDFs conform to a standard: a-2b (archival) or ua-1 (accessible; every image
    /// needs alt text)
    #[arg(long, value_name = "STANDARD")]
    pdf_standard: Option<StandardArg>,

    /// Print errors only
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args)]
struct CollectionArgs {
    /// Explainer sources: files, folders or quoted globs, as for `build`
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// The book's title
    #[arg(long, required = true)]
    title: String,

    /// The book's subtitle
    #[arg(long)]
    subtitle: Option<String>,

    /// An editor's name (repeat for several)
    #[arg(long = "editor", value_name = "NAME")]
    editors: Vec<String>,

    /// Output file stem [default: a slug of the title]
    #[arg(long, value_name = "STEM")]
    name: Option<String>,

    /// Chapter order: by date then series number, or as the inputs are given
    #[arg(long, value_enum, default_value = "date")]
    order: OrderArg,

    #[command(flatten)]
    options: OutputOptions,
}

#[derive(clap::Args)]
struct AnnualArgs {
    /// The folder of explainers (searched recursively), with optional folio.toml and
    /// series.yaml
    #[arg(value_name = "DIR")]
    dir: PathBuf,

    /// The year: explainers dated in it become the book's chapters
    #[arg(long, value_name = "YYYY")]
    year: i32,

    #[command(flatten)]
    options: OutputOptions,
}

#[derive(Clone, Copy, ValueEnum)]
enum OrderArg {
    /// By date, then series number
    Date,
    /// As the inputs are given
    Input,
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

    /// Print format: pad to a multiple of four pages for a saddle-stitched booklet (default:
    /// an even page count)
    #[arg(long)]
    saddle_stitch: bool,

    #[command(flatten)]
    options: OutputOptions,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Branded screen PDF (<stem>.pdf)
    Pdf,
    /// EPUB 3 (<stem>.epub)
    Epub,
    /// Print-ready PDF with bleed, crop marks and page boxes (<stem>.print.pdf)
    Print,
    /// The web edition: an accessible page (<stem>.html) with its assets under assets/<stem>/
    Html,
    /// "Cite this" files for reference managers: <stem>.bib, <stem>.ris and <stem>.csl.json
    Cite,
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
        Command::Collection(args) => collection(args),
        Command::Annual(args) => annual(args),
        Command::Site(args) => site(args),
        Command::Serve(args) => serve(args),
        Command::Check(args) => check(args),
        Command::Import(args) => import(args),
        Command::New(args) => new_source(args),
    }
}

/// `folio import`: each file → a source in --out (with its pictures); the catalogues →
/// --out/series.yaml. One bad file does not stop the others.
fn import(args: ImportArgs) -> ExitCode {
    let mut failed = 0;
    let mut catalogue = Vec::new();
    let known = match folio::book::catalogue::read(&args.out) {
        Ok(k) => k.unwrap_or_default(),
        Err(diags) => {
            diags.iter().for_each(print_diagnostic);
            Vec::new()
        }
    };
    for input in &args.inputs {
        let imported = match folio::import::import_file(input, &known) {
            Ok(i) => i,
            Err(diags) => {
                diags.iter().for_each(print_diagnostic);
                failed += 1;
                continue;
            }
        };
        imported.warnings.iter().for_each(print_diagnostic);
        if args.dry_run {
            print!("{}", imported.preview(&args.out));
            eprintln!("{}", imported.summary);
            catalogue.extend(imported.catalogue);
            continue;
        }
        match imported.write(&args.out, args.force) {
            Ok(target) => {
                eprintln!("{} → {}", imported.summary, target.display());
                catalogue.extend(imported.catalogue);
            }
            Err(d) => {
                print_diagnostic(&d);
                failed += 1;
            }
        }
    }
    if !catalogue.is_empty() {
        if args.dry_run {
            eprintln!(
                "catalogue: {} entries would be merged into {}",
                catalogue.len(),
                args.out.join("series.yaml").display()
            );
        } else {
            match folio::import::write_catalogue(&args.out, catalogue) {
                Ok((path, n, replaced)) => {
                    replaced.iter().for_each(print_diagnostic);
                    eprintln!("catalogue: {n} entries in {}", path.display())
                }
                Err(diags) => {
                    diags.iter().for_each(print_diagnostic);
                    return ExitCode::from(1);
                }
            }
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `folio new`: a new source with the next free number and today's date.
fn new_source(args: NewArgs) -> ExitCode {
    let new = folio::starter::NewSource {
        series: args.series,
        title: args.title,
        author: args.author,
        date: folio::check::today(),
    };
    match folio::starter::create(&args.dir, &new, &folio::resources::Templates::embedded()) {
        Ok(path) => {
            eprintln!("created {}", path.display());
            ExitCode::SUCCESS
        }
        Err(d) => {
            print_diagnostic(&d);
            ExitCode::from(1)
        }
    }
}

/// `folio check`: every finding, with the source line it is on; exit 1 on errors (and on
/// warnings with `--deny warnings`).
fn check(args: CheckArgs) -> ExitCode {
    use folio::Severity;
    let (sources, mut findings) = folio::source::discover(&args.inputs);
    if sources.is_empty() {
        eprintln!("error: no explainer sources found in the inputs");
        return ExitCode::from(1);
    }
    let design = &args.design;
    let session = match Session::new(BuildOptions {
        brand: design.brand.clone(),
        templates: design.templates.clone(),
        fonts: design.fonts.clone(),
        ..BuildOptions::default()
    }) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostic(&d);
            return ExitCode::from(1);
        }
    };
    findings.extend(folio::check::check(
        &session,
        &sources,
        folio::check::today(),
    ));
    let mut texts: std::collections::HashMap<PathBuf, Vec<String>> = Default::default();
    let mut source_line = |d: &Diagnostic| -> Option<String> {
        let lines = texts.entry(d.path.clone()).or_insert_with(|| {
            std::fs::read_to_string(&d.path)
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        (d.line > 0)
            .then(|| lines.get(d.line - 1).cloned())
            .flatten()
    };
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    if args.format == CheckFormat::Json {
        let items: Vec<serde_json::Value> = findings
            .iter()
            .map(|d| {
                serde_json::json!({
                    "path": d.path.display().to_string(),
                    "line": d.line,
                    "column": d.column,
                    "severity": d.severity.to_string(),
                    "code": d.code,
                    "message": d.message,
                    "help": d.help,
                    "source": source_line(d),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        );
    } else {
        for d in &findings {
            let mut head = d.clone();
            let help = head.help.take();
            eprintln!("{head}");
            if let Some(line) = source_line(d) {
                let n = d.line.to_string();
                eprintln!("{n:>5} | {line}");
                if d.column > 0 {
                    let pad: String = line
                        .chars()
                        .take(d.column - 1)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    eprintln!("{:>5} | {pad}^", "");
                }
            }
            if let Some(help) = help {
                eprintln!("{:>5} = help: {help}", "");
            }
        }
        eprintln!(
            "checked {} file{}: {errors} error{}, {warnings} warning{}, {infos} note{}",
            sources.len(),
            if sources.len() == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
            if infos == 1 { "" } else { "s" },
        );
    }
    let denied = args.deny.is_some() && warnings > 0;
    if errors > 0 || denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `folio collection`: one book of the given explainers.
fn collection(args: CollectionArgs) -> ExitCode {
    let (sources, notes) = folio::source::discover(&args.inputs);
    if !args.options.quiet {
        notes.iter().for_each(print_diagnostic);
    }
    let stem = args
        .name
        .clone()
        .unwrap_or_else(|| folio::import::slug_or(&args.title, "collection"));
    let origin = args.inputs.first().cloned().unwrap_or_default();
    let request = BookRequest {
        kind: Kind::Collection,
        meta: BookMeta {
            title: args.title,
            subtitle: args.subtitle,
            editors: args.editors,
            ..BookMeta::default()
        },
        sources,
        order: match args.order {
            OrderArg::Date => Order::Date,
            OrderArg::Input => Order::Input,
        },
        catalogue: None,
        stem,
        origin,
    };
    build_book(&args.options, request)
}

/// `folio annual`: the year's explainers in DIR as one book, with folio.toml's settings and
/// series.yaml's catalogue.
fn annual(args: AnnualArgs) -> ExitCode {
    match BookRequest::annual(&args.dir, args.year) {
        Ok((request, notes)) => {
            if !args.options.quiet {
                notes.iter().for_each(print_diagnostic);
            }
            build_book(&args.options, request)
        }
        Err(diags) => {
            diags.iter().for_each(print_diagnostic);
            ExitCode::from(1)
        }
    }
}

/// `folio site`: the series as a static site; a source that fails is reported and left out.
fn site(args: SiteArgs) -> ExitCode {
    let mut formats = formats_of(&args.format);
    formats.retain(|f| *f != Format::Html);
    // A site offers the cite files beside each page unless -f names what it offers.
    if args.format.is_empty() {
        formats.push(Format::Cite);
    }
    let options = BuildOptions {
        formats,
        out_dir: args.out.clone(),
        brand: args.design.brand.clone(),
        templates: args.design.templates.clone(),
        fonts: args.design.fonts.clone(),
        settings: Settings::default(),
    };
    let session = match Session::new(options) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostic(&d);
            return ExitCode::from(1);
        }
    };
    match folio::site::build(&session, &args.dir) {
        Ok(built) => {
            if !args.quiet {
                built.warnings.iter().for_each(print_diagnostic);
            }
            for (_, diags) in &built.failed {
                diags.iter().for_each(print_diagnostic);
            }
            let pages = built.written.iter().filter(|w| w.format == Format::Html);
            let unchanged = pages.clone().filter(|w| w.unchanged).count();
            eprintln!(
                "site {}: {} explainer pages built, {unchanged} unchanged, {} site pages, {} failed",
                args.out.display(),
                pages.count() - unchanged,
                built.pages,
                built.failed.len()
            );
            if built.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(diags) => {
            diags.iter().for_each(print_diagnostic);
            eprintln!("error: the site was not written");
            ExitCode::from(1)
        }
    }
}

/// `folio serve`: the site on 127.0.0.1, rebuilt from `--watch DIR` on every change.
fn serve(args: ServeArgs) -> ExitCode {
    let options = BuildOptions {
        formats: Format::ALL.to_vec(),
        out_dir: args.site.clone(),
        brand: args.design.brand.clone(),
        templates: args.design.templates.clone(),
        fonts: args.design.fonts.clone(),
        settings: Settings::default(),
    };
    let build_site = |options: &BuildOptions, dir: &PathBuf| match Session::new(options.clone()) {
        Ok(session) => match folio::site::build(&session, dir) {
            Ok(built) => {
                built.warnings.iter().for_each(print_diagnostic);
                built
                    .failed
                    .iter()
                    .flat_map(|(_, d)| d)
                    .for_each(print_diagnostic);
                eprintln!(
                    "built the site of {} ({} failed)",
                    dir.display(),
                    built.failed.len()
                );
            }
            Err(diags) => diags.iter().for_each(print_diagnostic),
        },
        Err(d) => print_diagnostic(&d),
    };
    if let Some(dir) = &args.watch {
        build_site(&options, dir);
    }
    if !args.site.is_dir() {
        eprintln!(
            "error: {} is not a folder: build it with `folio site`",
            args.site.display()
        );
        return ExitCode::from(1);
    }
    let server = match folio::serve::Server::bind(&args.site, args.port, args.watch.is_some()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot serve on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::from(1);
        }
    };
    // Watch first, then say where the site is: an edit made after that line is always seen.
    if let Some(dir) = args.watch.clone() {
        let reloader = server.reloader();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let inputs = vec![dir.clone()];
            let result = folio::batch::watch::watch_then(
                &inputs,
                &options,
                || {
                    let _ = ready_tx.send(());
                },
                |_| {
                    build_site(&options, &dir);
                    reloader.reloaded();
                },
            );
            if let Err(d) = result {
                print_diagnostic(&d);
            }
        });
        let _ = ready_rx.recv();
    }
    match server.address() {
        Ok(addr) => eprintln!(
            "serving {} at http://{addr}/ (Ctrl-C stops)",
            args.site.display()
        ),
        Err(e) => eprintln!("serving {}: {e}", args.site.display()),
    }
    server.run();
    ExitCode::SUCCESS
}

/// Builds a book and reports it like `build` reports a source.
fn build_book(options: &OutputOptions, request: BookRequest) -> ExitCode {
    let session = match Session::new(build_options(options, false)) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostic(&d);
            return ExitCode::from(1);
        }
    };
    match folio::book::build(&session, request) {
        Ok(done) => {
            if !options.quiet {
                done.warnings.iter().for_each(print_diagnostic);
                for out in &done.outputs {
                    let pages = out
                        .pages
                        .map(|n| format!(" ({n} pages)"))
                        .unwrap_or_default();
                    eprintln!("    built {}{pages}", out.path.display());
                }
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            diags.iter().for_each(print_diagnostic);
            eprintln!("error: the book was not written");
            ExitCode::from(1)
        }
    }
}

fn formats_of(args: &[FormatArg]) -> Vec<Format> {
    if args.is_empty() {
        return Format::ALL.to_vec();
    }
    let mut f: Vec<Format> = args
        .iter()
        .map(|f| match f {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Epub => Format::Epub,
            FormatArg::Print => Format::Print,
            FormatArg::Html => Format::Html,
            FormatArg::Cite => Format::Cite,
        })
        .collect();
    f.sort();
    f.dedup();
    f
}

fn standard_of(s: StandardArg) -> Standard {
    match s {
        StandardArg::A2b => Standard::A2b,
        StandardArg::Ua1 => Standard::Ua1,
    }
}

/// The library's options from the command line's.
fn build_options(options: &OutputOptions, saddle_stitch: bool) -> BuildOptions {
    let formats = formats_of(&options.format);
    BuildOptions {
        settings: Settings {
            pdf_standard: options.pdf_standard.map(standard_of),
            saddle_stitch,
            downloads: if formats.contains(&Format::Html) {
                formats.clone()
            } else {
                Vec::new()
            },
        },
        formats,
        out_dir: options.out.clone(),
        brand: options.design.brand.clone(),
        templates: options.design.templates.clone(),
        fonts: options.design.fonts.clone(),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    match make_session(&args) {
        Ok(session) => run(&args, &session),
        Err(code) => code,
    }
}

/// `folio watch`: build, then rebuild whenever a source, an image or the brand changes. The
/// cache makes each rebuild touch only what changed. Runs until interrupted.
fn watch(args: BuildArgs) -> ExitCode {
    let mut session = match make_session(&args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    run(&args, &session);
    eprintln!("watching for changes (Ctrl-C to stop)");
    let options = session.options().clone();
    let watched = folio::batch::watch::watch(&args.inputs, &options, |engine_changed| {
        if engine_changed {
            match make_session(&args) {
                Ok(s) => session = s,
                // The diagnostic is printed; keep the last good session and wait for a fix.
                Err(_) => return,
            }
        }
        run(&args, &session);
    });
    match watched {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            print_diagnostic(&d);
            ExitCode::from(1)
        }
    }
}

fn make_session(args: &BuildArgs) -> Result<Session, ExitCode> {
    Session::new(build_options(&args.options, args.saddle_stitch)).map_err(|d| {
        print_diagnostic(&d);
        ExitCode::from(1)
    })
}

/// One build of every input; prints progress, diagnostics and the summary.
fn run(args: &BuildArgs, session: &Session) -> ExitCode {
    let (sources, notes) = folio::source::discover(&args.inputs);
    if !args.options.quiet {
        notes.iter().for_each(print_diagnostic);
    }
    if sources.is_empty() {
        eprintln!("error: no explainer sources found in the inputs");
        return ExitCode::from(1);
    }

    // Two inputs that would write the same file are refused before anything is built.
    if let Err(d) = folio::batch::check_collisions(session, &sources) {
        print_diagnostic(&d);
        return ExitCode::from(1);
    }

    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let started = Instant::now();
    let quiet = args.options.quiet;
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
    let run = folio::batch::build_all(session, &sources, jobs, args.force, &report_one);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if let Some(d) = &run.cache_warning {
        print_diagnostic(d);
    }
    if !quiet {
        session.brand_warnings().iter().for_each(print_diagnostic);
    }
    let results = run.outcomes;

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
        let report = Report::new(&sources, &results, started.elapsed().as_millis()).write(report);
        if let Err(d) = report {
            print_diagnostic(&d);
            return ExitCode::from(1);
        }
    }
    if (sources.len() > 1 && !args.options.quiet) || !failed.is_empty() {
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

fn print_diagnostic(d: &Diagnostic) {
    eprintln!("{d}");
}
