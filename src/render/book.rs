//! Books (collections, the annual) in every format: `templates/book.typ` lays out the whole
//! book once, as one typst document, for the screen PDF and the print PDF (so contents, index
//! and page numbers are true); the EPUB backend writes one content document per chapter with
//! the same templates as a single explainer.

use super::pdf::{ExportInfo, export};
use super::print::{PT_PER_MM, add_bleed_box, low_resolution_images};
use super::typst::{Data, Engine};
use super::{Format, Rendered, Settings};
use crate::book::Book;
use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;

/// Renders `book` in `format`.
pub fn render(
    format: Format,
    engine: &Engine,
    book: &Book,
    brand: &LoadedBrand,
    settings: &Settings,
) -> Result<Rendered, Vec<Diagnostic>> {
    match format {
        Format::Epub => super::epub::render_book(engine, book, brand),
        Format::Pdf | Format::Print => paged(format, engine, book, brand, settings),
    }
}

/// The screen or print PDF of a book.
fn paged(
    format: Format,
    engine: &Engine,
    book: &Book,
    brand: &LoadedBrand,
    settings: &Settings,
) -> Result<Rendered, Vec<Diagnostic>> {
    let print = format == Format::Print;
    // A bound book's page count is a multiple of four.
    let multiple = 4;
    let mut data = Data::new(
        brand,
        serde_json::json!({"format": format.name(), "multiple": multiple}),
    );
    data.json("/folio/book.json", &book.to_json(&brand.brand));
    data.assets(&book.assets);
    let compiled = engine.compile_data("book.typ", data, book.date, &book.origin)?;
    let pages = compiled.document.pages().len();
    let mut warnings = compiled.warnings;
    if print {
        if pages % multiple != 0 {
            return Err(vec![Diagnostic::error(
                std::path::Path::new("templates/book.typ"),
                0,
                0,
                format!("the print layout has {pages} pages, not a multiple of {multiple}"),
            )]);
        }
        for page in compiled.document.pages() {
            low_resolution_images(&page.frame, &book.assets, &book.origin, &mut warnings);
        }
        warnings.dedup();
    }
    let info = ExportInfo {
        origin: &book.origin,
        date: book.date,
        ident: book.ident(),
        images: book
            .chapters
            .iter()
            .flat_map(|ch| ExportInfo::of(&ch.doc).images)
            .collect(),
    };
    let mut bytes = export(&info, &compiled.document, settings.pdf_standard)?;
    if print {
        bytes = add_bleed_box(&bytes, brand.brand.print.bleed * PT_PER_MM).map_err(|e| {
            vec![Diagnostic::error(
                &book.origin,
                0,
                0,
                format!("cannot set the print page boxes: {e}"),
            )]
        })?;
    }
    Ok(Rendered {
        bytes,
        pages: Some(pages),
        warnings,
    })
}
