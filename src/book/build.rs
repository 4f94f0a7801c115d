//! Building a book: load every source, choose the chapters (the annual's year), make the
//! [`Book`], render each format and write them all, or nothing.

use std::path::{Path, PathBuf};

use super::{BookMeta, CatalogueEntry, Kind, Order};
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::render::{Destination, Format, Publication, Rendered};
use crate::session::Session;
use crate::session::{Built, write_all};

/// What to make a book of, and how.
#[derive(Debug, Clone)]
pub struct BookRequest {
    pub kind: Kind,
    pub meta: BookMeta,
    pub sources: Vec<PathBuf>,
    pub order: Order,
    /// The annual's `series.yaml`.
    pub catalogue: Option<Vec<CatalogueEntry>>,
    /// Output file stem (`annual-2025` → `annual-2025.pdf`, …).
    pub stem: String,
    /// The folder or first input, named by diagnostics about the whole book.
    pub origin: PathBuf,
}

impl BookRequest {
    /// A collection of the explainers `inputs` name (files, folders, patterns), in `order`,
    /// written as `name` (by default, the slug of its title). Returns the request and notes
    /// about files skipped.
    pub fn collection(
        meta: BookMeta,
        inputs: &[PathBuf],
        order: Order,
        name: Option<String>,
    ) -> (BookRequest, Vec<Diagnostic>) {
        let (sources, notes) = crate::source::discover(inputs);
        let stem = name.unwrap_or_else(|| crate::model::slug::slug_or(&meta.title, "collection"));
        let request = BookRequest {
            kind: Kind::Collection,
            meta,
            sources,
            order,
            catalogue: None,
            stem,
            origin: inputs.first().cloned().unwrap_or_default(),
        };
        (request, notes)
    }

    /// The annual of `year` from the folder `dir`: its explainers (searched recursively; the
    /// foreword named by `folio.toml` is not one), `folio.toml`'s settings and foreword, and
    /// `series.yaml`. Returns the request and notes about files skipped.
    pub fn annual(
        dir: &Path,
        year: i32,
    ) -> Result<(BookRequest, Vec<Diagnostic>), Vec<Diagnostic>> {
        if !dir.is_dir() {
            return Err(vec![Diagnostic::error(dir, 0, 0, "not a folder")]);
        }
        let mut meta = BookMeta {
            year: Some(year),
            ..BookMeta::default()
        };
        let mut foreword_path = None;
        if let Some((toml, toml_path)) = crate::project::read_folio_toml(dir)? {
            meta.title = toml.title.unwrap_or_default();
            meta.subtitle = toml.subtitle;
            meta.editors = toml.editors;
            meta.publisher = toml.publisher;
            meta.isbn_print = toml.isbn_print;
            meta.isbn_epub = toml.isbn_epub;
            meta.copyright = toml.copyright;
            if let Some(file) = toml.foreword {
                meta.foreword_body = Some(super::config::read_foreword(dir, &file, &toml_path)?);
                foreword_path = std::fs::canonicalize(dir.join(file)).ok();
            }
        }
        let catalogue = super::catalogue::read(dir)?;
        let (mut sources, mut notes) = crate::source::discover(&[dir.to_path_buf()]);
        // The foreword is part of the book, not a chapter.
        let is_foreword = |p: &Path| std::fs::canonicalize(p).ok() == foreword_path;
        sources.retain(|s| !is_foreword(s));
        notes.retain(|n| !is_foreword(&n.path));
        let request = BookRequest {
            kind: Kind::Annual,
            meta,
            sources,
            order: Order::Date,
            catalogue,
            stem: format!("annual-{year}"),
            origin: dir.to_path_buf(),
        };
        Ok((request, notes))
    }
}

/// Builds a book in every requested format. Any source that fails to parse fails the book
/// (all their errors are returned); on success every output is written.
pub fn build(session: &Session, request: BookRequest) -> Result<Built, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    for source in &request.sources {
        match crate::source::load(source) {
            Ok(loaded) => {
                warnings.extend(loaded.warnings);
                warnings.extend(session.missing_glyphs(&loaded.document));
                docs.push(loaded.document);
            }
            Err(diags) => errors.extend(diags),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let meta = request.meta;
    if let Some(year) = meta.year {
        docs = in_year(docs, year, &request.origin, &mut warnings)?;
    }
    let first = docs
        .first()
        .map(|d| d.source_path.clone())
        .unwrap_or_else(|| request.origin.clone());
    let brand = session.brand_for(&first).map_err(|d| vec![d])?;
    let (mut book, book_warnings) = super::assemble(
        request.kind,
        meta,
        docs,
        request.order,
        request.catalogue,
        &brand,
        &request.origin,
    )?;
    book.stem = request.stem.clone();
    warnings.extend(book_warnings);
    warnings.extend(session.brand_warnings());

    // One format after another, with typst's memo cache emptied between them: a book is
    // one large layout, and two at once would double the peak memory (about 1.4 GB each
    // for 100 explainers) for little gain, since typst already lays out pages in parallel.
    let formats = &session.options().formats;
    // A Crossref deposit's depositor and site address: folio.toml in the book's folder (the
    // annual's, or a collection's first input's).
    let depositor = match formats.contains(&Format::Crossref) {
        true => {
            let origin = &request.origin;
            let dir = if origin.is_dir() {
                origin.as_path()
            } else {
                origin.parent().unwrap_or(Path::new(""))
            };
            Some(crate::project::depositor(dir)?)
        }
        false => None,
    };
    let results: Vec<Result<Rendered, Vec<Diagnostic>>> = formats
        .iter()
        .map(|&format| {
            let mut place = Destination::Files.place(&request.stem, format, brand.path(), formats);
            if format == Format::Crossref {
                place.depositor = depositor.clone();
            }
            let result = session.render(format, Publication::Book(&book), &brand, &place);
            typst::comemo::evict(0);
            result
        })
        .collect();
    let rendered = formats.iter().zip(results).map(|(&format, result)| {
        let path = session.output_path(&request.stem, format);
        (format, path, String::new(), result)
    });
    let outputs = write_all(rendered, &mut warnings)?;
    Ok(Built {
        source: request.origin,
        outputs,
        warnings,
        document: None,
    })
}

/// The explainers dated in `year`; one warning lists those left out.
fn in_year(
    docs: Vec<Document>,
    year: i32,
    origin: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Document>, Vec<Diagnostic>> {
    let (kept, left): (Vec<Document>, Vec<Document>) =
        docs.into_iter().partition(|d| d.date.year == year);
    if !left.is_empty() {
        let mut names: Vec<String> = left
            .iter()
            .take(5)
            .map(|d| format!("{} ({})", d.source_path.display(), d.date))
            .collect();
        if left.len() > 5 {
            names.push(format!("and {} more", left.len() - 5));
        }
        warnings.push(Diagnostic::warning(
            origin,
            0,
            0,
            format!(
                "{} explainer{} not dated in {year} left out: {}",
                left.len(),
                if left.len() == 1 { "" } else { "s" },
                names.join(", ")
            ),
        ));
    }
    if kept.is_empty() {
        return Err(vec![
            Diagnostic::error(origin, 0, 0, format!("no explainer is dated in {year}"))
                .with_help("check --year, or the `date:` of the sources"),
        ]);
    }
    Ok(kept)
}
