//! `folio serve`: a built site on 127.0.0.1 (through [`crate::serve`]) and, with a folder to
//! watch, its site built now and after every change (through the batch's watcher), the open
//! pages told to reload.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Said};
use crate::session::{BuildOptions, Session};

/// What to serve.
pub struct Serving {
    /// The design and formats each build of the watched folder uses; its output folder is the
    /// site served.
    pub options: BuildOptions,
    /// Port on 127.0.0.1 (0: any free one).
    pub port: u16,
    /// The folder of sources whose site is rebuilt on change.
    pub watch: Option<PathBuf>,
}

/// Serves the site until the process ends; an error if there is no site to serve or the port
/// cannot be had.
pub fn serve(
    serving: Serving,
    say: impl Fn(Said) + Clone + Send + 'static,
) -> Result<(), Diagnostic> {
    let site = serving.options.out_dir.clone();
    if let Some(dir) = &serving.watch {
        rebuild(&serving.options, dir, &say);
    }
    if !site.is_dir() {
        return Err(Diagnostic::error(&site, 0, 0, "not a folder")
            .with_help("build it with `folio site`, or serve it with --watch and its sources"));
    }
    let port = serving.port;
    let server = crate::serve::Server::bind(&site, port, serving.watch.is_some())
        .map_err(|e| Diagnostic::io(&site, &format!("cannot serve on 127.0.0.1:{port}"), &e))?;
    // Watch first, then say where the site is: an edit made after that line is always seen.
    if let Some(dir) = serving.watch {
        let (reloader, options, said) = (server.reloader(), serving.options.clone(), say.clone());
        let failed = say.clone();
        let inputs = vec![dir.clone()];
        let changed = move |_| {
            rebuild(&options, &dir, &said);
            reloader.reloaded();
        };
        let options = serving.options;
        crate::batch::watch::watch_in_background(inputs, options, changed, move |d| {
            failed(Said::Diagnostic(d))
        });
    }
    say(Said::Line(match server.address() {
        Ok(addr) => format!(
            "serving {} at http://{addr}/ (Ctrl-C stops)",
            site.display()
        ),
        Err(e) => format!("serving {}: {e}", site.display()),
    }));
    server.run();
    Ok(())
}

/// Builds the site of `dir` as `folio site` does, in a session made anew (a template or font
/// folder may have changed), saying what happened.
fn rebuild(options: &BuildOptions, dir: &Path, say: &impl Fn(Said)) {
    let session = match Session::new(options.clone()) {
        Ok(session) => session,
        Err(d) => return say(Said::Diagnostic(d)),
    };
    match super::build(&session, dir, crate::batch::cores()) {
        Ok(built) => {
            let failed = built.failed.len();
            built
                .warnings
                .into_iter()
                .for_each(|d| say(Said::Diagnostic(d)));
            let errors = built.failed.into_iter().flat_map(|(_, d)| d);
            errors.for_each(|d| say(Said::Diagnostic(d)));
            say(Said::Line(format!(
                "built the site of {} ({failed} failed)",
                dir.display()
            )));
        }
        Err(diags) => diags.into_iter().for_each(|d| say(Said::Diagnostic(d))),
    }
}
