//! `folio import` (plain text, Word files and saved pages → sources, their catalogues →
//! series.yaml) and `folio new` (a source that builds, with the next free number).

use std::path::PathBuf;

use super::{CliResult, fail};

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
    use folio::import::run::Request;
    let request = Request {
        inputs: &args.inputs,
        out: &args.out,
        force: args.force,
        dry_run: args.dry_run,
    };
    let ok = folio::import::run::run(&request, &mut super::say);
    super::succeed_if(ok)
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
