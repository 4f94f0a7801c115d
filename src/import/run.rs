//! One `folio import` run: each file imported and written (or previewed), one bad file not
//! stopping the others, then the catalogues merged into the folder's `series.yaml`. What
//! happens is told as it happens through [`Said`], for the CLI to print.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Said};

/// What to import and how.
pub struct Request<'a> {
    pub inputs: &'a [PathBuf],
    /// The folder the sources and `series.yaml` go to.
    pub out: &'a Path,
    /// Replace sources and pictures that exist.
    pub force: bool,
    /// Write nothing; say what would be written.
    pub dry_run: bool,
}

/// Imports `request.inputs`; returns whether every file imported (and the catalogue was
/// written).
pub fn run(request: &Request, say: &mut dyn FnMut(Said)) -> bool {
    let out = request.out;
    let mut ok = true;
    let mut fail = |diags: Vec<Diagnostic>, say: &mut dyn FnMut(Said)| {
        diags.into_iter().for_each(|d| say(Said::Diagnostic(d)));
        ok = false;
    };
    let known = crate::book::catalogue::read(out).unwrap_or_else(|diags| {
        diags.into_iter().for_each(|d| say(Said::Diagnostic(d)));
        None
    });
    let mut catalogue = Vec::new();
    for input in request.inputs {
        let imported = match super::import_file(input, known.as_deref().unwrap_or(&[])) {
            Ok(imported) => imported,
            Err(diags) => {
                fail(diags, say);
                continue;
            }
        };
        for w in &imported.warnings {
            say(Said::Diagnostic(w.clone()));
        }
        if request.dry_run {
            say(Said::Output(imported.preview(out)));
            say(Said::Line(imported.summary.clone()));
        } else {
            match imported.write(out, request.force) {
                Ok(target) => {
                    let line = format!("{} → {}", imported.summary, target.display());
                    say(Said::Line(line));
                }
                Err(d) => {
                    fail(vec![d], say);
                    continue;
                }
            }
        }
        catalogue.extend(imported.catalogue);
    }
    if catalogue.is_empty() {
        return ok;
    }
    let series = out.join("series.yaml");
    if request.dry_run {
        let n = catalogue.len();
        say(Said::Line(format!(
            "catalogue: {n} entries would be merged into {}",
            series.display()
        )));
        return ok;
    }
    match super::write_catalogue(out, catalogue) {
        Ok((path, n, replaced)) => {
            replaced.into_iter().for_each(|d| say(Said::Diagnostic(d)));
            say(Said::Line(format!(
                "catalogue: {n} entries in {}",
                path.display()
            )));
        }
        Err(diags) => fail(diags, say),
    }
    ok
}
