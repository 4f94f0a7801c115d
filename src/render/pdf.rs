//! The branded screen PDF: `templates/explainer.typ` (a book: `book.typ`) laid out by typst,
//! exported by typst-pdf.
//!
//! Links, outline, metadata and tags come from the template and typst-pdf; this module only
//! chooses the export options (a stable document id, the explainer's date as timestamp, the
//! requested PDF standard) and checks what a standard needs before typst sees the document.

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::{Backend, Context, Layout, Pages, Publication, Rendered, layout};
use crate::diag::Diagnostic;

/// A PDF standard folio can ask typst-pdf to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Standard {
    /// PDF/A-2b: archival.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/UA-1: accessible (every image needs alt text).
    #[value(name = "ua-1")]
    Ua1,
}

/// The branded screen PDF of an explainer (`explainer.typ`) or a book (`book.typ`).
pub struct ScreenPdf;

impl Backend for ScreenPdf {
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        // A book's settings are those of its print edition (its templates read one layout).
        let multiple = matches!(publication, Publication::Book(_)).then_some(4);
        let compiled = layout(
            publication,
            cx,
            Layout {
                format: Pages::Screen,
                multiple,
            },
        )?;
        let bytes = export(publication, &compiled.document, cx.settings.pdf_standard)?;
        Ok(Rendered {
            files: Vec::new(),
            bytes,
            pages: Some(compiled.document.pages().len()),
            warnings: compiled.warnings,
        })
    }
}

/// Exports laid-out pages as PDF: tagged, with a stable id and the content's date as
/// timestamp, following `standard` if one is asked for. Shared by every PDF folio writes.
pub fn export(
    publication: Publication,
    document: &PagedDocument,
    standard: Option<Standard>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let origin = publication.origin();
    if standard == Some(Standard::Ua1) {
        let missing: Vec<Diagnostic> = publication
            .images()
            .iter()
            .filter(|(_, alt)| !alt)
            .map(|(name, _)| {
                Diagnostic::error(
                    origin,
                    0,
                    0,
                    format!("image `{name}` has no alt text, which PDF/UA-1 requires"),
                )
                .with_help("describe the image: `![what it shows](file.png)`, or `alt:` for the hero image")
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
    }
    let standards = match standard {
        None => PdfStandards::default(),
        Some(Standard::A2b) => PdfStandards::new(&[PdfStandard::A_2b]).expect("a valid set"),
        Some(Standard::Ua1) => PdfStandards::new(&[PdfStandard::Ua_1]).expect("a valid set"),
    };
    let date = publication.date();
    let date = Datetime::from_ymd(date.year, date.month, date.day);
    let options = PdfOptions {
        ident: Smart::Custom(publication.ident()),
        timestamp: date.map(Timestamp::new_utc),
        creator: Smart::Custom(Some(format!("folio {} (typst)", env!("CARGO_PKG_VERSION")))),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| Diagnostic::error(origin, 0, 0, format!("PDF export: {}", e.message)))
            .collect::<Vec<_>>()
    })?;
    match publication {
        Publication::Explainer(piece) => match &piece.doc.doi {
            Some(doi) => add_doi(&bytes, doi)
                .map_err(|e| vec![Diagnostic::error(origin, 0, 0, format!("PDF export: {e}"))]),
            None => Ok(bytes),
        },
        Publication::Book(_) | Publication::Site(_) => Ok(bytes),
    }
}

/// Adds the DOI to the PDF's XMP metadata as Dublin Core's identifier (`doi:10.…`), where
/// reference managers and indexers look for it; typst writes the rest of the metadata but has
/// no identifier. Dublin Core is one of PDF/A's predefined schemas, so an archival PDF stays
/// valid.
pub fn add_doi(pdf: &[u8], doi: &str) -> Result<Vec<u8>, String> {
    use lopdf::{Document as Pdf, Object};
    let mut pdf = Pdf::load_mem(pdf).map_err(|e| e.to_string())?;
    let id = pdf
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference)
        .map_err(|_| "the PDF has no XMP metadata".to_string())?;
    let stream = pdf
        .get_object_mut(id)
        .and_then(Object::as_stream_mut)
        .map_err(|e| e.to_string())?;
    let xml = match stream.decompressed_content() {
        Ok(bytes) => bytes,
        Err(_) => stream.content.clone(),
    };
    let xml = String::from_utf8(xml).map_err(|e| e.to_string())?;
    let identifier = format!(
        "<dc:identifier>doi:{}</dc:identifier>",
        crate::render::html::xhtml::escape(doi)
    );
    let Some(at) = xml.find("</rdf:Description>") else {
        return Err("the XMP metadata has no description".into());
    };
    let xml = format!("{}{identifier}{}", &xml[..at], &xml[at..]);
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_content(xml.into_bytes());
    let mut out = Vec::new();
    pdf.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}
