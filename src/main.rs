//! The `folio` command line: argument parsing, progress lines, diagnostics and exit codes.
//!
//! All work happens in the library; this file decides what to print and how to exit:
//! 0 when every input built, 1 when any failed, 2 for usage errors (clap's own code).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use folio::render::pdf::Standard;
use folio::{BuildOptions, Builder, Diagnostic, Format, Settings};

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "Typeset explainers (Markdown + YAML front matter) into branded PDFs, EPUBs and print PDFs",
    long_about = "folio turns an explainer written in Markdown with YAML front matter into a branded \
screen PDF and an EPUB 3, each with an author bio box and a reference section. Fonts and templates are built in; \
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
        after_help = "Examples:\n  folio build samples/*.md                  # every sample → ./out/<name>.pdf, .epub, .print.pdf\n  \
folio build piece.md --out dist -f epub  # → dist/piece.epub
  folio build piece.md -f print            # → out/piece.print.pdf (trim, bleed, crop marks)\n  \
folio build piece.md --brand house.toml  # with a publisher's brand\n  \
folio build piece.md --pdf-standard ua-1 # accessible PDF/UA-1"
    )]
    Build(BuildArgs),
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Explainer source files (Markdown with YAML front matter)
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,

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
    /// components.typ, brand.toml)
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
    }
}

fn build(args: BuildArgs) -> ExitCode {
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
        out_dir: args.out,
        brand: args.brand,
        templates: args.templates,
        fonts: args.fonts,
        settings: Settings {
            pdf_standard: args.pdf_standard.map(|s| match s {
                StandardArg::A2b => Standard::A2b,
                StandardArg::Ua1 => Standard::Ua1,
            }),
            saddle_stitch: args.saddle_stitch,
        },
    };
    let builder = match Builder::new(options) {
        Ok(b) => b,
        Err(d) => {
            print_diagnostic(&d);
            return ExitCode::from(1);
        }
    };

    // Two inputs that would write the same file are refused before anything is built.
    let mut seen = std::collections::HashMap::new();
    for input in &args.inputs {
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

    let mut failed = Vec::new();
    let mut built = 0;
    for input in &args.inputs {
        match builder.build(input) {
            Ok(done) => {
                built += 1;
                for w in &done.warnings {
                    if !args.quiet {
                        print_diagnostic(w);
                    }
                }
                if !args.quiet {
                    for out in &done.outputs {
                        let pages = match out.pages {
                            Some(1) => " (1 page)".to_string(),
                            Some(n) => format!(" ({n} pages)"),
                            None => String::new(),
                        };
                        eprintln!(
                            "   built {} → {}{pages}",
                            input.display(),
                            out.path.display()
                        );
                    }
                }
            }
            Err(diags) => {
                for d in &diags {
                    print_diagnostic(d);
                }
                failed.push((input.clone(), diags));
            }
        }
    }
    if (args.inputs.len() > 1 && !args.quiet) || !failed.is_empty() {
        eprintln!("{built} built, {} failed", failed.len());
        for (input, diags) in &failed {
            let first = diags
                .iter()
                .find(|d| d.is_error())
                .map(|d| d.message.as_str());
            eprintln!(
                "  failed: {} ({})",
                input.display(),
                first.unwrap_or("error")
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
