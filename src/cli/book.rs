//! `folio collection` and `folio annual`: one book of many explainers.

use std::path::PathBuf;

use folio::book::{BookMeta, BookRequest, Order};

use super::{CliResult, OutputOptions, fail, print};

#[derive(clap::Args)]
pub struct CollectionArgs {
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
    order: Order,
    #[command(flatten)]
    options: OutputOptions,
}

#[derive(clap::Args)]
pub struct AnnualArgs {
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

/// One book of the given explainers.
pub fn collection(args: CollectionArgs) -> CliResult {
    let meta = BookMeta {
        title: args.title,
        subtitle: args.subtitle,
        editors: args.editors,
        ..BookMeta::default()
    };
    let (request, notes) = BookRequest::collection(meta, &args.inputs, args.order, args.name);
    if !args.options.quiet {
        notes.iter().for_each(print);
    }
    build_book(&args.options, request)
}

/// The year's explainers in DIR as one book, with folio.toml's settings and series.yaml's
/// catalogue.
pub fn annual(args: AnnualArgs) -> CliResult {
    let (request, notes) = BookRequest::annual(&args.dir, args.year).map_err(|d| fail(&d))?;
    if !args.options.quiet {
        notes.iter().for_each(print);
    }
    build_book(&args.options, request)
}

/// Builds a book and reports it as `build` reports a source.
fn build_book(options: &OutputOptions, request: BookRequest) -> CliResult {
    let session = options.session(false)?;
    let done = folio::book::build(&session, request).map_err(|diags| {
        let failed = fail(&diags);
        eprintln!("error: the book was not written");
        failed
    })?;
    if !options.quiet {
        done.warnings.iter().for_each(print);
        for out in &done.outputs {
            eprintln!("{}", folio::batch::report::output_line(None, out));
        }
    }
    Ok(())
}
