//! `folio import`: what publishers already have → folio sources. Three readers turn a file into
//! one [`flow::Flow`] of blocks: plain text ([`text`], one paragraph a line, as explainers are
//! published), Word ([`docx`]: styles, emphasis, links, lists, tables, footnotes, pictures and
//! the core properties) and saved web pages ([`html`]: the article's main content found the way
//! readability.js finds it, with the page's `citation_*`, Open Graph and JSON-LD metadata). The
//! explainer's shape is then recognised on that flow ([`explainer`], reading single lines
//! through [`shapes`]) and written back as a source ([`markdown`]): the front matter through
//! serde, the body with every character Markdown would read as syntax escaped, so no text can
//! turn into markup or break the YAML. The "PREVIOUS COMMENTS" catalogue becomes `series.yaml`.

pub mod docx;
pub mod explainer;
pub mod flow;
pub mod html;
pub mod markdown;
pub mod run;
pub mod shapes;
pub mod text;

use std::path::{Path, PathBuf};

use crate::book::CatalogueEntry;
use crate::diag::Diagnostic;

pub use markdown::escape_markdown;

/// An imported explainer, ready to write.
#[derive(Debug)]
pub struct Imported {
    /// `<series>-<number>-<title>.md` ([`crate::model::source_stem`]).
    pub file_name: String,
    pub source: String,
    /// A photo beside the text file, to copy beside the source (`image.src`).
    pub image: Option<PathBuf>,
    /// Pictures from inside the input (a Word package, a page's local files), by file name.
    pub pictures: Vec<flow::ImageFile>,
    pub catalogue: Vec<CatalogueEntry>,
    pub warnings: Vec<Diagnostic>,
    /// The one-line account: kind, number, date, authors, sections, references, warnings.
    pub summary: String,
}

impl Imported {
    /// Writes the source (and its pictures) into `out`; refuses to replace an existing source
    /// or picture unless `force`. Returns the source's path.
    pub fn write(&self, out: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
        let target = out.join(&self.file_name);
        let mut targets = vec![target.clone()];
        targets.extend(self.pictures.iter().map(|p| out.join(&p.name)));
        if let Some(name) = self.image.as_ref().and_then(|i| i.file_name()) {
            targets.push(out.join(name));
        }
        if !force && let Some(there) = targets.iter().find(|t| t.exists()) {
            return Err(Diagnostic::error(there, 0, 0, "already exists")
                .with_help("use --force to replace it"));
        }
        std::fs::create_dir_all(out).map_err(|e| Diagnostic::io(out, "cannot create", &e))?;
        for p in &self.pictures {
            let to = out.join(&p.name);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Diagnostic::io(dir, "cannot create", &e))?;
            }
            crate::output::write_atomic(&to, &p.bytes)
                .map_err(|e| Diagnostic::io(&to, "cannot write", &e))?;
        }
        if let Some(img) = &self.image
            && let Some(name) = img.file_name()
        {
            let to = out.join(name);
            let bytes = std::fs::read(img).map_err(|e| Diagnostic::io(img, "cannot read", &e))?;
            crate::output::write_atomic(&to, &bytes)
                .map_err(|e| Diagnostic::io(&to, "cannot write", &e))?;
        }
        crate::output::write_atomic(&target, self.source.as_bytes())
            .map_err(|e| Diagnostic::io(&target, "cannot write", &e))?;
        Ok(target)
    }

    /// What `--dry-run` prints: the files it would write and the source.
    pub fn preview(&self, out: &Path) -> String {
        let mut s = format!(
            "--- {} ---\n{}",
            out.join(&self.file_name).display(),
            self.source
        );
        for p in &self.pictures {
            s.push_str(&format!(
                "--- {} ({} bytes) ---\n",
                out.join(&p.name).display(),
                p.bytes.len()
            ));
        }
        if let Some(name) = self.image.as_ref().and_then(|i| i.file_name()) {
            s.push_str(&format!("--- {} (copied) ---\n", out.join(name).display()));
        }
        s
    }
}

/// The kinds of file `folio import` reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InputKind {
    Text,
    Word,
    WebPage,
}

impl InputKind {
    /// By extension: `.docx`, `.html`/`.htm`/`.xhtml`, anything else plain text.
    pub fn of(path: &Path) -> InputKind {
        match path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref()
        {
            Some("docx") => InputKind::Word,
            Some("html" | "htm" | "xhtml") => InputKind::WebPage,
            _ => InputKind::Text,
        }
    }
}

/// Reads and imports the file at `path`. `known` is the series' catalogue so far (a date may
/// come from it).
pub fn import_file(path: &Path, known: &[CatalogueEntry]) -> Result<Imported, Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let flow = match InputKind::of(path) {
        InputKind::Text => {
            let text = crate::source::read_text(path).map_err(|d| vec![d])?;
            text::read(&crate::source::normalize_text(&text))
        }
        InputKind::Word => {
            let bytes =
                std::fs::read(path).map_err(|e| vec![Diagnostic::io(path, "cannot read", &e)])?;
            docx::read(path, &bytes, &mut warnings)?
        }
        InputKind::WebPage => {
            let text = crate::source::read_text(path).map_err(|d| vec![d])?;
            html::read(path, &text, &mut warnings)?
        }
    };
    import_flow(path, flow, known, warnings)
}

/// Imports the plain text of `path`.
pub fn import(path: &Path, text: &str) -> Result<Imported, Vec<Diagnostic>> {
    let flow = text::read(&crate::source::normalize_text(text));
    import_flow(path, flow, &[], Vec::new())
}

/// Recognises the explainer in `flow` and writes its source.
pub fn import_flow(
    path: &Path,
    mut flow: flow::Flow,
    known: &[CatalogueEntry],
    mut warnings: Vec<Diagnostic>,
) -> Result<Imported, Vec<Diagnostic>> {
    flow.clean();
    let pictures = std::mem::take(&mut flow.images);
    // A photo beside a plain text with the same stem is its hero image.
    let image = match InputKind::of(path) {
        InputKind::Text => ["jpg", "jpeg", "png", "webp", "svg"]
            .iter()
            .map(|ext| path.with_extension(ext))
            .find(|p| p.is_file()),
        _ => None,
    };
    let cx = explainer::Context {
        path,
        photo: image
            .as_ref()
            .and_then(|i| i.file_name())
            .map(|n| n.to_string_lossy().into_owned()),
        photo_beside: InputKind::of(path) == InputKind::Text,
        known,
    };
    let rec = explainer::recognise(flow, &cx, &mut warnings)?;
    let front = &rec.front;
    let mut source = String::from("---\n");
    source.push_str(
        &serde_yaml_ng::to_string(&front.front_matter()).map_err(|e| {
            vec![Diagnostic::error(
                path,
                0,
                0,
                format!("cannot write the front matter: {e}"),
            )]
        })?,
    );
    if let Some(c) = &rec.loose_credit {
        source.push_str(&format!(
            "# image:\n#   src: photo.jpg\n#   credit: {}\n",
            serde_yaml_ng::to_string(c).unwrap_or_default().trim()
        ));
    }
    source.push_str("---\n\n");
    source.push_str(&markdown::body(&rec.body, &rec.notes));
    let stem = crate::model::source_stem(front.series.as_deref(), front.number, &front.title);
    let file_name = format!("{stem}.md");
    let summary = summary_line(path, &rec, warnings.len());
    Ok(Imported {
        file_name,
        source: source.trim_end().to_string() + "\n",
        image,
        pictures,
        catalogue: rec.catalogue,
        warnings,
        summary,
    })
}

fn summary_line(path: &Path, rec: &explainer::Recognised, warnings: usize) -> String {
    let f = &rec.front;
    let mark = match (&f.series, f.number) {
        (Some(s), Some(n)) => format!("{s} #{n}"),
        _ => "no number".to_string(),
    };
    let names: Vec<&str> = f.authors.iter().map(|a| a.name.as_str()).collect();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}: {}, {mark}, {}, {}; {}, {}, {}",
        path.display(),
        f.kind.as_deref().unwrap_or("explainer"),
        f.date,
        names.join(", "),
        plural(rec.sections, "section", "sections"),
        plural(f.references.len(), "reference", "references"),
        plural(warnings, "warning", "warnings"),
    )
}

/// Merges `entries` into `out/series.yaml` (by number) and writes it. Returns its path, how
/// many entries it now lists, and a warning for each entry whose title another replaced (two
/// series, or two spellings, with one number).
pub fn write_catalogue(
    out: &Path,
    entries: Vec<CatalogueEntry>,
) -> Result<(PathBuf, usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let existing = crate::book::catalogue::read(out)?.unwrap_or_default();
    let (merged, replaced) = merge_catalogue(existing, entries);
    let path = out.join("series.yaml");
    let warnings = replaced
        .into_iter()
        .map(|(n, old, new)| {
            Diagnostic::warning(
                &path,
                0,
                0,
                format!("catalogue entry #{n} “{old}” replaced by “{new}”"),
            )
            .with_help(
                "series.yaml lists one series by number: import each series into its own folder",
            )
        })
        .collect();
    let yaml = serde_yaml_ng::to_string(&merged).unwrap_or_default();
    let text =
        format!("# The series catalogue (folio import; the annual's catalogue reads it).\n{yaml}");
    crate::output::write_atomic(&path, text.as_bytes())
        .map_err(|e| vec![Diagnostic::io(&path, "cannot write", &e)])?;
    Ok((path, merged.len(), warnings))
}

/// `existing` and `new` entries merged by number (a new entry replaces an old one with the
/// same number), sorted by number.
/// Also returns, for each entry replaced by one of another title, its number and both titles.
pub fn merge_catalogue(
    existing: Vec<CatalogueEntry>,
    new: Vec<CatalogueEntry>,
) -> (Vec<CatalogueEntry>, Vec<(u32, String, String)>) {
    let mut all = existing;
    let mut replaced = Vec::new();
    for e in new {
        match all.iter_mut().find(|x| x.number == e.number) {
            Some(slot) => {
                if !e.title.is_empty() || slot.title.is_empty() {
                    if !slot.title.is_empty() && !slot.title.eq_ignore_ascii_case(&e.title) {
                        replaced.push((e.number, slot.title.clone(), e.title.clone()));
                    }
                    *slot = e;
                }
            }
            None => all.push(e),
        }
    }
    all.sort_by_key(|e| e.number);
    (all, replaced)
}
