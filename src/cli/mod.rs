//! The commands, one file each, and what they share: the design and output options, and the
//! one way a diagnostic is printed.

pub mod book;
pub mod build;
pub mod check;
pub mod import;
pub mod site;

use std::path::PathBuf;

use folio::diag::Said;
use folio::render::pdf::Standard;
use folio::{BuildOptions, Diagnostic, Format, Session, Settings};

/// A command that did not do all it was asked: its diagnostics are printed; exit 1.
pub struct Failed;

/// What every command returns.
pub type CliResult = Result<(), Failed>;

/// Prints `d` where diagnostics go (stderr), as `path:line:col: error: …`.
pub fn print(d: &Diagnostic) {
    eprintln!("{d}");
}

/// Prints what a library call says: diagnostics and lines on stderr, output on stdout.
pub fn say(said: Said) {
    match said {
        Said::Diagnostic(d) => print(&d),
        Said::Output(text) => print!("{text}"),
        Said::Line(line) => eprintln!("{line}"),
    }
}

/// Prints `diags` and fails.
pub fn fail(diags: &[Diagnostic]) -> Failed {
    diags.iter().for_each(print);
    Failed
}

/// `Ok` when `ok`, else a failure (whose diagnostics were printed).
pub fn succeed_if(ok: bool) -> CliResult {
    if ok { Ok(()) } else { Err(Failed) }
}

/// The design: brand, templates and fonts (every command that lays out pages, and `check`).
#[derive(clap::Args, Clone)]
pub struct DesignOptions {
    /// Brand file (brand.toml) [default: brand.toml beside each source (a book: its first),
    /// else the built-in brand]
    #[arg(long, value_name = "FILE")]
    pub brand: Option<PathBuf>,
    /// Folder whose files replace the built-in templates of the same name (explainer.typ,
    /// print.typ, book.typ, components.typ, brand.toml…; EPUB templates in its epub/ subfolder,
    /// the Crossref deposit's in crossref/, the words of a language in labels/)
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Folder of extra font files (.ttf, .otf) a brand may name
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
}

impl DesignOptions {
    /// A session with this design, writing `formats` into `out_dir`.
    pub fn session(
        &self,
        formats: Vec<Format>,
        out_dir: PathBuf,
        settings: Settings,
    ) -> Result<Session, Failed> {
        Session::new(BuildOptions {
            formats,
            out_dir,
            brand: self.brand.clone(),
            templates: self.templates.clone(),
            fonts: self.fonts.clone(),
            settings,
        })
        .map_err(|d| fail(&[d]))
    }
}

/// What to write and with which design: options shared by `build`, `watch`, `collection` and
/// `annual`.
#[derive(clap::Args)]
pub struct OutputOptions {
    /// Formats to write, comma-separated [default: pdf, epub, print]
    #[arg(long, short, value_delimiter = ',', value_name = "FORMAT")]
    pub format: Vec<Format>,
    /// Folder for the outputs, created if needed; an explainer's are named after its source
    /// (as --format says)
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub design: DesignOptions,
    /// Make the PDFs conform to a standard: a-2b (archival) or ua-1 (accessible; every image
    /// needs alt text)
    #[arg(long, value_name = "STANDARD")]
    pub pdf_standard: Option<Standard>,
    /// Crossref deposit: the timestamp to give it (a number later than the last deposit's,
    /// e.g. `date -u +%Y%m%d%H%M%S`), for redepositing changed records [default: the
    /// publication date as yyyymmdd000000]
    #[arg(long, value_name = "N")]
    pub timestamp: Option<u64>,
    /// Print errors only
    #[arg(long, short)]
    pub quiet: bool,
}

impl OutputOptions {
    /// A session for these options (`saddle_stitch`: the print PDF padded to fours).
    pub fn session(&self, saddle_stitch: bool) -> Result<Session, Failed> {
        let settings = Settings {
            pdf_standard: self.pdf_standard,
            saddle_stitch,
            timestamp: self.timestamp,
        };
        self.design
            .session(Format::chosen(&self.format), self.out.clone(), settings)
    }
}
