//! `folio site` and `folio serve`: a folder of explainers as a static site, and the site on
//! 127.0.0.1 (rebuilt and reloaded on change with `--watch`).

use std::path::{Path, PathBuf};

use folio::{Format, Session, Settings};

use super::{CliResult, DesignOptions, Failed, fail, print};

#[derive(clap::Args)]
pub struct SiteArgs {
    /// The folder of explainer sources (with folio.toml and brand.toml, if any)
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Formats offered for download beside each page (html alone: pages only), comma-separated
    /// [default: pdf, epub, print, cite]
    #[arg(long, short, value_delimiter = ',', value_name = "FORMAT")]
    format: Vec<Format>,
    /// Folder for the site, created if needed
    #[arg(long, short, default_value = "site", value_name = "DIR")]
    out: PathBuf,
    /// Build this many explainers at once [default: the number of cores]
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    design: DesignOptions,
    /// The Crossref deposit's timestamp (with [crossref] in folio.toml) [default: the newest
    /// publication date as yyyymmdd000000, or later than the last deposit's]
    #[arg(long, value_name = "N")]
    timestamp: Option<u64>,
    /// Print errors only
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::Args)]
pub struct ServeArgs {
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

/// A session that builds the site of `formats` (`--format`) into `out`.
fn site_session(
    design: &DesignOptions,
    formats: &[Format],
    out: &Path,
    timestamp: Option<u64>,
) -> Result<Session, Failed> {
    let downloads = folio::site::downloads(formats);
    let settings = Settings {
        timestamp,
        ..Settings::default()
    };
    design.session(downloads, out.to_path_buf(), settings)
}

/// The series as a static site; a source that fails is reported and left out.
pub fn site(args: SiteArgs) -> CliResult {
    let session = site_session(&args.design, &args.format, &args.out, args.timestamp)?;
    let jobs = args.jobs.unwrap_or_else(folio::batch::cores);
    let built = folio::site::build(&session, &args.dir, jobs).map_err(|diags| {
        let failed = fail(&diags);
        eprintln!("error: the site was not written");
        failed
    })?;
    if !args.quiet {
        built.warnings.iter().for_each(print);
    }
    built.failed.iter().flat_map(|(_, d)| d).for_each(print);
    eprintln!("{}", built.summary(&args.out));
    super::succeed_if(built.failed.is_empty())
}

/// The site on 127.0.0.1, rebuilt from `--watch DIR` on every change.
pub fn serve(args: ServeArgs) -> CliResult {
    let session = site_session(&args.design, &[], &args.site, None)?;
    let serving = folio::site::serve::Serving {
        options: session.options().clone(),
        port: args.port,
        watch: args.watch,
    };
    folio::site::serve::serve(serving, super::say).map_err(|d| fail(&[d]))
}
