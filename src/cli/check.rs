//! `folio check`: every finding, with the source line it is on; fails on errors (and on
//! warnings with `--deny warnings`).

use std::path::PathBuf;

use clap::ValueEnum;
use folio::diag::print::{Printer, check_summary};
use folio::{Settings, Severity};

use super::{CliResult, DesignOptions};

/// The examples, then every lint's name.
pub fn help() -> String {
    let examples = include_str!("examples/check.txt");
    format!("{examples}\n{}", folio::check::lints::help())
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Explainer sources: files, folders or quoted globs, as for `build`
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Also fail (exit 1) on warnings
    #[arg(long, value_name = "LEVEL")]
    deny: Option<Deny>,
    /// Output: human (cargo-style, on stderr) or json (an array on stdout)
    #[arg(long, value_enum, default_value = "human")]
    format: Output,
    /// The design titles are measured with, as a build would use it
    #[command(flatten)]
    design: DesignOptions,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Output {
    Human,
    Json,
}

pub fn check(args: CheckArgs) -> CliResult {
    let (mut findings, sources) = folio::source::discover_some(&args.inputs);
    let sources = sources.unwrap_or_else(|none| {
        findings.push(none);
        Vec::new()
    });
    let session = (args.design).session(Vec::new(), PathBuf::new(), Settings::default())?;
    let today = folio::check::today();
    findings.extend(folio::check::check(&session, &sources, today));
    let mut printer = Printer::default();
    if args.format == Output::Json {
        println!("{}", printer.json(&findings));
    } else {
        findings
            .iter()
            .for_each(|d| eprint!("{}", printer.human(d)));
        eprintln!("{}", check_summary(sources.len(), &findings));
    }
    let any = |severity| findings.iter().any(|d| d.severity == severity);
    super::succeed_if(!any(Severity::Error) && (args.deny.is_none() || !any(Severity::Warning)))
}
