//! Backends: each turns a [`Publication`] (one explainer or a whole book) into the bytes of one
//! output format, through the one [`Backend`] trait.
//!
//! Every backend reads the same model (`crate::model`), the brand and the words of the
//! publication's language from a [`Context`]; none reaches back into parsing, and none writes a
//! file (the caller writes what they return, atomically). The typst engine ([`typst`]) lays out
//! the screen and print PDFs and the EPUB's cover; what a typst template sees is made once here
//! ([`layout`]) for every backend.

pub mod cite;
pub mod crossref;
pub mod docx;
pub mod epub;
pub mod format;
pub mod html;
pub mod pdf;
pub mod print;
pub mod typst;
pub mod web;

use std::path::Path;

use serde::Serialize;

use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;
use crate::model::{Asset, Book, Date, Document, Lang, Piece, Site, Words};

pub use format::{Destination, Format, Place};

/// Options that change what a backend produces.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub pdf_standard: Option<pdf::Standard>,
    /// Print: pad to a multiple of four pages (a saddle-stitched booklet), not just of two.
    /// A bound book is always padded to four.
    pub saddle_stitch: bool,
    /// A Crossref deposit's timestamp (`--timestamp`, for a redeposit); without it, one derived
    /// from the content.
    pub timestamp: Option<u64>,
}

/// What a backend renders: one explainer (prepared once, as a [`Piece`]), a book of many, or a site's own pages (web only).
#[derive(Debug, Clone, Copy)]
pub enum Publication<'a> {
    Explainer(&'a Piece),
    Book(&'a Book),
    Site(&'a Site),
}

impl<'a> Publication<'a> {
    /// The date typst sees as today and every timestamp carries (never the clock).
    pub fn date(&self) -> Date {
        match self {
            Publication::Explainer(piece) => piece.doc.date,
            Publication::Book(book) => book.date,
            Publication::Site(site) => site.date,
        }
    }

    /// The file diagnostics without a line name.
    pub fn origin(&self) -> &'a Path {
        match self {
            Publication::Explainer(piece) => &piece.doc.source_path,
            Publication::Book(book) => &book.origin,
            Publication::Site(site) => &site.origin,
        }
    }

    /// The name its output files share: the source's file name without its extension, or the
    /// book's.
    pub fn stem(&self) -> String {
        match self {
            Publication::Explainer(piece) => crate::model::file_stem(&piece.doc.source_path),
            Publication::Book(book) => book.stem.clone(),
            Publication::Site(_) => "index".into(),
        }
    }

    pub fn lang(&self) -> &'a Lang {
        match self {
            Publication::Explainer(piece) => &piece.doc.lang,
            Publication::Book(book) => &book.lang,
            Publication::Site(site) => &site.lang,
        }
    }

    /// Every image it shows, under the virtual paths its JSON names.
    pub fn assets(&self) -> &'a [Asset] {
        match self {
            Publication::Explainer(piece) => &piece.doc.assets,
            Publication::Book(book) => &book.assets,
            Publication::Site(_) => &[],
        }
    }

    /// The explainers in it, in order.
    pub fn documents(&self) -> Vec<&'a Document> {
        match self {
            Publication::Explainer(piece) => vec![&piece.doc],
            Publication::Book(book) => book.chapters.iter().map(|c| &c.piece.doc).collect(),
            Publication::Site(_) => Vec::new(),
        }
    }

    /// A string naming the content: the same for every build of the same publication (the
    /// PDF's document id; the EPUB identifier of a book is derived from it).
    pub fn ident(&self) -> String {
        match self {
            Publication::Explainer(piece) => piece.doc.ident(),
            Publication::Book(book) => book.ident(),
            Publication::Site(site) => format!("site:{}", site.title),
        }
    }

    /// The EPUB's stable identifier, a `urn:uuid`: for an explainer, from the publisher, series
    /// and number (or title and date, without them), so a corrected edition keeps it; for a
    /// book, from its [`ident`](Self::ident).
    pub fn urn(&self, publisher: &str) -> String {
        let name = match self {
            Publication::Explainer(Piece { doc, .. }) => match (&doc.series, doc.number) {
                (Some(series), Some(number)) => format!("folio:{publisher}:{series}:{number}"),
                _ => format!("folio:{publisher}:{}:{}", doc.title, doc.date),
            },
            Publication::Book(_) | Publication::Site(_) => self.ident(),
        };
        let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
        format!("urn:uuid:{uuid}")
    }

    /// Every image shown (its name in the source, and whether it has alt text), in order.
    pub fn images(&self) -> Vec<(String, bool)> {
        self.documents()
            .into_iter()
            .flat_map(|doc| {
                doc.images().into_iter().map(|(path, alt)| {
                    (
                        doc.asset_source(&path).unwrap_or(&path).to_string(),
                        alt.is_some(),
                    )
                })
            })
            .collect()
    }
}

/// The error for a site's own pages asked of a format other than the web's (which no command
/// does): they are `what` only as web pages.
pub fn web_only(site: &Site, what: &str) -> Diagnostic {
    Diagnostic::error(
        &site.origin,
        0,
        0,
        format!("a site's own pages are {what} only as web pages"),
    )
}

/// What every backend is given besides the publication.
pub struct Context<'a> {
    pub engine: &'a typst::Engine,
    pub brand: &'a LoadedBrand,
    /// The words of the publication's language (a book's chapters carry their own back matter).
    pub words: &'a Words,
    pub settings: &'a Settings,
    /// Where the output goes and what sits beside it.
    pub place: &'a Place,
    /// The HTML templates, made once per session when a page first needs them.
    pub html: &'a html::Environments,
}

/// One output format. Every format, for explainers and books alike, goes through this trait.
pub trait Backend: Sync {
    /// Renders `publication`; nothing is written.
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>>;
}

/// One rendered output, not yet written.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Files that go with it, by path relative to its folder (the web page's assets).
    pub files: Vec<(String, Vec<u8>)>,
    /// Page count, for paged formats.
    pub pages: Option<usize>,
    pub warnings: Vec<Diagnostic>,
}

/// Which layout a typst template makes (`/folio/settings.json`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Layout {
    pub format: Pages,
    /// Print: the page count is padded to a multiple of this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple: Option<usize>,
}

/// The pages a layout is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pages {
    /// The screen PDF.
    #[serde(rename = "pdf")]
    Screen,
    /// The print PDF: trim, bleed, crop marks.
    Print,
    /// The EPUB's cover image.
    Cover,
    /// The web page's card image for link previews (1200 × 630 px).
    Card,
    /// `folio check`'s measure of an explainer's title (one page per line it takes).
    TitleFit,
}

/// Lays out `publication` with typst in `layout`: an explainer with `explainer.typ`,
/// `print.typ`, `cover.typ` or `title-fit.typ`, a book with `book.typ` or `book-cover.typ`. The templates see the
/// model as JSON (`/folio/document.json` with its back matter and masthead, or
/// `/folio/book.json`), the brand, the words of the language and the checked images.
pub fn layout(
    publication: Publication,
    cx: &Context,
    layout: Layout,
) -> Result<typst::Compiled, Vec<Diagnostic>> {
    let mut data = typst::Data::new(cx.brand, &layout);
    data.json("/folio/words.json", cx.words);
    let main = match publication {
        Publication::Explainer(piece) => {
            data.json("/folio/document.json", &piece.doc);
            data.json("/folio/back-matter.json", &piece.back);
            data.json("/folio/masthead.json", &piece.masthead);
            match layout.format {
                Pages::Screen => "explainer.typ",
                Pages::Print => "print.typ",
                Pages::Cover => "cover.typ",
                Pages::Card => "card.typ",
                Pages::TitleFit => "title-fit.typ",
            }
        }
        Publication::Book(book) => {
            data.json("/folio/book.json", book);
            match layout.format {
                Pages::Cover => "book-cover.typ",
                _ => "book.typ",
            }
        }
        Publication::Site(site) => return Err(vec![web_only(site, "laid out as pages")]),
    };
    data.assets(publication.assets());
    cx.engine
        .compile(main, data, publication.date(), publication.origin())
}
