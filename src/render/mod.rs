//! Backends: each turns a [`Document`] (and the brand) into the bytes of one output format.
//!
//! Every backend reads the same `Document`; none reaches back into parsing. The typst engine
//! ([`typst`]) is shared by the PDF backends.

pub mod back_matter;
pub mod book;
pub mod epub;
pub mod pdf;
pub mod print;
pub mod typst;

use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;
use crate::document::Document;

/// An output format folio writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Branded screen PDF: `<stem>.pdf`.
    Pdf,
    /// EPUB 3: `<stem>.epub`.
    Epub,
    /// Print-ready PDF with bleed, crop marks and page boxes: `<stem>.print.pdf`.
    Print,
}

impl Format {
    /// Every format, in the order outputs are built.
    pub const ALL: &[Format] = &[Format::Pdf, Format::Epub, Format::Print];

    /// The output file name's suffix after the stem.
    pub fn suffix(self) -> &'static str {
        match self {
            Format::Pdf => ".pdf",
            Format::Epub => ".epub",
            Format::Print => ".print.pdf",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Epub => "epub",
            Format::Print => "print",
        }
    }
}

/// Options that change what a backend produces.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub pdf_standard: Option<pdf::Standard>,
    /// Print: pad to a multiple of four pages (a saddle-stitched booklet), not just of two.
    pub saddle_stitch: bool,
}

/// One rendered output, not yet written.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Page count, for paged formats.
    pub pages: Option<usize>,
    pub warnings: Vec<Diagnostic>,
}

/// Renders `doc` in `format`.
pub fn render(
    format: Format,
    engine: &typst::Engine,
    doc: &Document,
    brand: &LoadedBrand,
    settings: &Settings,
) -> Result<Rendered, Vec<Diagnostic>> {
    match format {
        Format::Pdf => pdf::render(engine, doc, brand, settings),
        Format::Epub => epub::render(engine, doc, brand),
        Format::Print => print::render(engine, doc, brand, settings),
    }
}
