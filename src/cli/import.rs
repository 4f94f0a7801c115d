//! `folio import` (plain text, Word files and saved pages → sources, their catalogues →
//! series.yaml) and `folio new` (a source that builds, with the next free number).

use std::path::PathBuf;

use super::{CliResult, fail, print};

pub const IMPORT_EXAMPLES: &str = "Examples:
  folio import archive/cwa-1975.txt --out explainers/
  folio import drafts/piece.docx saved/page.html --out explainers/ --dry-run

Writes <series>-<number>-<slug>.md per file (with the pictures a Word file or page holds), and
merges the \"PREVIOUS COMMENTS\" catalogue into <out>/series.yaml. A photo beside a text with
the same stem becomes the hero image. Nothing is replaced without --force.";

pub const NEW_EXAMPLES: &str = "Examples:
  folio new --series CWA --title \"Water talks\" --author \"Asha Rao\" --dir explainers/";

#[derive(clap::Args)]
pub struct ImportArgs {
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
pub struct NewArgs {
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

/// Each file → a source in --out (with its pictures); the catalogues → --out/series.yaml. One
/// bad file does not stop the others.
pub fn import(args: ImportArgs) -> CliResult {
    let mut failed = false;
    let mut catalogue = Vec::new();
    let known = folio::book::catalogue::read(&args.out).unwrap_or_else(|diags| {
        diags.iter().for_each(print);
        None
    });
    for input in &args.inputs {
        let imported = match folio::import::import_file(input, known.as_deref().unwrap_or(&[])) {
            Ok(imported) => imported,
            Err(diags) => {
                fail(&diags);
                failed = true;
                continue;
            }
        };
        imported.warnings.iter().for_each(print);
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
                fail(&[d]);
                failed = true;
            }
        }
    }
    if !catalogue.is_empty() && args.dry_run {
        let (n, path) = (catalogue.len(), args.out.join("series.yaml"));
        eprintln!(
            "catalogue: {n} entries would be merged into {}",
            path.display()
        );
    } else if !catalogue.is_empty() {
        let (path, n, replaced) =
            folio::import::write_catalogue(&args.out, catalogue).map_err(|d| fail(&d))?;
        replaced.iter().for_each(print);
        eprintln!("catalogue: {n} entries in {}", path.display());
    }
    super::succeed_if(!failed)
}

/// A new source with the next free number and today's date.
pub fn new_source(args: NewArgs) -> CliResult {
    let new = folio::starter::NewSource {
        series: args.series,
        title: args.title,
        author: args.author,
        date: folio::check::today(),
    };
    let templates = folio::resources::Templates::embedded();
    let path = folio::starter::create(&args.dir, &new, &templates).map_err(|d| fail(&[d]))?;
    eprintln!("created {}", path.display());
    Ok(())
}
