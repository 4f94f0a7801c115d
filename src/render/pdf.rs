//! The branded screen PDF: `templates/explainer.typ` laid out by typst, exported by typst-pdf.
//!
//! Links, outline, metadata and tags come from the template and typst-pdf; this module only
//! chooses the export options (a stable document id, the explainer's date as timestamp, the
//! requested PDF standard) and checks what a standard needs before typst sees the document.

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::typst::Engine;
use super::{Rendered, Settings};
use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;
use crate::document::Document;

/// A PDF standard folio can ask typst-pdf to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    /// PDF/A-2b: archival.
    A2b,
    /// PDF/UA-1: accessible (every image needs alt text).
    Ua1,
}

pub fn render(
    engine: &Engine,
    doc: &Document,
    brand: &LoadedBrand,
    settings: &Settings,
) -> Result<Rendered, Vec<Diagnostic>> {
    let compiled = engine.compile(
        "explainer.typ",
        doc,
        brand,
        serde_json::json!({"format": "pdf"}),
    )?;
    let bytes = export(
        &ExportInfo::of(doc),
        &compiled.document,
        settings.pdf_standard,
    )?;
    Ok(Rendered {
        bytes,
        pages: Some(compiled.document.pages().len()),
        warnings: compiled.warnings,
    })
}

/// What a PDF export needs to know of its content besides the pages.
pub struct ExportInfo<'a> {
    /// The file diagnostics name.
    pub origin: &'a std::path::Path,
    /// The PDF's timestamp.
    pub date: crate::document::Date,
    /// The PDF's document id: the same for every build of the same content.
    pub ident: String,
    /// Every image shown: its name in the source, and whether it has alt text.
    pub images: Vec<(String, bool)>,
}

impl<'a> ExportInfo<'a> {
    pub fn of(doc: &'a Document) -> Self {
        ExportInfo {
            origin: &doc.source_path,
            date: doc.date,
            ident: stable_ident(doc),
            images: doc
                .images()
                .into_iter()
                .map(|(path, alt)| {
                    (
                        doc.asset_source(&path).unwrap_or(&path).to_string(),
                        alt.is_some(),
                    )
                })
                .collect(),
        }
    }
}

/// Exports laid-out pages as PDF: tagged, with a stable id and the content's date as
/// timestamp, following `standard` if one is asked for. Shared by every PDF folio writes.
pub fn export(
    info: &ExportInfo,
    document: &PagedDocument,
    standard: Option<Standard>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    if standard == Some(Standard::Ua1) {
        let missing: Vec<Diagnostic> = info
            .images
            .iter()
            .filter(|(_, alt)| !alt)
            .map(|(name, _)| {
                Diagnostic::error(
                    info.origin,
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
    let date = Datetime::from_ymd(info.date.year, info.date.month, info.date.day);
    let options = PdfOptions {
        ident: Smart::Custom(info.ident.clone()),
        timestamp: date.map(Timestamp::new_utc),
        creator: Smart::Custom(Some(format!("folio {} (typst)", env!("CARGO_PKG_VERSION")))),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| Diagnostic::error(info.origin, 0, 0, format!("PDF export: {}", e.message)))
            .collect::<Vec<_>>()
    })
}

/// The PDF's document id: the same for every build of the same explainer.
fn stable_ident(doc: &Document) -> String {
    format!(
        "folio/{}/{}/{}/{}",
        doc.series.as_deref().unwrap_or(""),
        doc.number.map(|n| n.to_string()).unwrap_or_default(),
        doc.date,
        doc.title
    )
}
