//! The `folio` command line: one file per command under `cli/`, each turning its arguments
//! into a library call and printing what came back. Exit codes: 0 when every input built, 1
//! when any failed, 2 for usage errors (clap's own code).

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "Typeset explainers (Markdown + YAML front matter) into branded PDFs, EPUBs, print PDFs and web pages",
    long_about = include_str!("cli/about.txt"),
    after_help = include_str!("cli/examples/folio.txt")
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build explainer sources into screen PDF, EPUB and print PDF
    #[command(after_help = include_str!("cli/examples/build.txt"))]
    Build(cli::build::BuildArgs),
    /// Build, then rebuild whenever a source, an image or the brand changes
    #[command(after_help = include_str!("cli/examples/watch.txt"))]
    Watch(cli::build::BuildArgs),
    /// Make one book (screen PDF, EPUB, print PDF) of several explainers
    #[command(after_help = include_str!("cli/examples/collection.txt"))]
    Collection(cli::book::CollectionArgs),
    /// Make the annual compilation of every explainer in a folder dated in one year
    #[command(after_help = include_str!("cli/examples/annual.txt"))]
    Annual(cli::book::AnnualArgs),
    /// Build a folder of explainers as a static web site, with their PDFs and EPUBs
    #[command(after_help = include_str!("cli/examples/site.txt"))]
    Site(cli::site::SiteArgs),
    /// Serve a built site on 127.0.0.1 to read it in a browser; with --watch, rebuild and reload
    #[command(after_help = include_str!("cli/examples/serve.txt"))]
    Serve(cli::site::ServeArgs),
    /// Lint sources without building: data faults a build lets through
    #[command(after_help = cli::check::help())]
    Check(cli::check::CheckArgs),
    /// Convert explainers published as plain text, Word files or saved web pages into folio
    /// sources (and their catalogue into series.yaml)
    #[command(after_help = include_str!("cli/examples/import.txt"))]
    Import(cli::import::ImportArgs),
    /// Start a new explainer: a source that builds, with the next free number
    #[command(after_help = include_str!("cli/examples/new.txt"))]
    New(cli::import::NewArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Build(args) => cli::build::build(args),
        Command::Watch(args) => cli::build::watch(args),
        Command::Collection(args) => cli::book::collection(args),
        Command::Annual(args) => cli::book::annual(args),
        Command::Site(args) => cli::site::site(args),
        Command::Serve(args) => cli::site::serve(args),
        Command::Check(args) => cli::check::check(args),
        Command::Import(args) => cli::import::import(args),
        Command::New(args) => cli::import::new_source(args),
    };
    ExitCode::from(u8::from(result.is_err()))
}
