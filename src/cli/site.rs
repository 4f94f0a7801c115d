//! `folio site` and `folio serve`: a folder of explainers as a static site, and the site on
//! 127.0.0.1 (rebuilt and reloaded on change with `--watch`).

use std::path::{Path, PathBuf};

use folio::{Format, Session, Settings};

use super::{CliResult, DesignOptions, Failed, fail, print};

pub const SITE_EXAMPLES: &str = "Examples:
  folio site explainers/ --out site   # → site/index.html, site/<stem>/index.html, feed.xml…
  folio site explainers/ -f html      # pages only, no downloads

Settings in the folder's folio.toml:
  [site]
  base_url = \"https://example.org/explainers/\"   # feed, sitemap, canonical links
  title = \"NIAS Explainers\"
  description = \"…\"";

pub const SERVE_EXAMPLES: &str = "Examples:
  folio serve site                           # http://127.0.0.1:8000/
  folio serve site --watch explainers/ -p 3000   # build explainers/ into site/, rebuild on change

Only files inside the site's folder are served; the pages reload themselves after a rebuild.";

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
fn site_session(design: &DesignOptions, formats: &[Format], out: &Path) -> Result<Session, Failed> {
    let downloads = folio::site::downloads(formats);
    design.session(downloads, out.to_path_buf(), Settings::default())
}

/// The series as a static site; a source that fails is reported and left out.
pub fn site(args: SiteArgs) -> CliResult {
    let session = site_session(&args.design, &args.format, &args.out)?;
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
    let pages = built.written.iter().filter(|w| w.format == Format::Html);
    let unchanged = pages.clone().filter(|w| w.unchanged).count();
    let (out, fresh) = (args.out.display(), pages.count() - unchanged);
    let (site_pages, failed) = (built.pages, built.failed.len());
    eprintln!(
        "site {out}: {fresh} explainer pages built, {unchanged} unchanged, {site_pages} site pages, {failed} failed"
    );
    super::succeed_if(built.failed.is_empty())
}

/// Builds the site of `dir` as `folio site` would, printing what happened.
fn build_site(session: &Session, dir: &Path) {
    match folio::site::build(session, dir, folio::batch::cores()) {
        Ok(built) => {
            built.warnings.iter().for_each(print);
            built.failed.iter().flat_map(|(_, d)| d).for_each(print);
            let failed = built.failed.len();
            eprintln!("built the site of {} ({failed} failed)", dir.display());
        }
        Err(diags) => diags.iter().for_each(print),
    }
}

/// The site on 127.0.0.1, rebuilt from `--watch DIR` on every change.
pub fn serve(args: ServeArgs) -> CliResult {
    let session = site_session(&args.design, &[], &args.site)?;
    if let Some(dir) = &args.watch {
        build_site(&session, dir);
    }
    if !args.site.is_dir() {
        let shown = args.site.display();
        eprintln!("error: {shown} is not a folder: build it with `folio site`");
        return Err(Failed);
    }
    let server =
        folio::serve::Server::bind(&args.site, args.port, args.watch.is_some()).map_err(|e| {
            eprintln!("error: cannot serve on 127.0.0.1:{}: {e}", args.port);
            Failed
        })?;
    // Watch first, then say where the site is: an edit made after that line is always seen.
    if let Some(dir) = args.watch.clone() {
        let (reloader, options) = (server.reloader(), session.options().clone());
        let (design, site) = (args.design.clone(), args.site.clone());
        let inputs = vec![dir.clone()];
        let rebuild = move |_| {
            // A template or font folder may have changed: a new session reads them again.
            match site_session(&design, &[], &site) {
                Ok(session) => build_site(&session, &dir),
                Err(Failed) => return,
            }
            reloader.reloaded();
        };
        folio::batch::watch::watch_in_background(inputs, options, rebuild, |d| print(&d));
    }
    match server.address() {
        Ok(addr) => eprintln!(
            "serving {} at http://{addr}/ (Ctrl-C stops)",
            args.site.display()
        ),
        Err(e) => eprintln!("serving {}: {e}", args.site.display()),
    }
    server.run();
    Ok(())
}
