//! A book made of many explainers (a collection or the annual), as every backend reads it.
//!
//! Everything a book shows is decided when it is assembled ([`crate::book`]): chapter order and
//! ids, each chapter's masthead and back matter in its own language, contributors, the author
//! index and the catalogue. The typst templates read this structure as `/folio/book.json`; the
//! EPUB backend writes a content document per chapter from it.

use std::path::PathBuf;

use serde::Serialize;

use super::date::Date;
use super::document::{Asset, Block, Footnote, Lang};
use super::piece::Piece;

/// Which kind of book: a collection has no series catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Collection,
    Annual,
}

/// A book, ready for every backend.
#[derive(Debug, Serialize)]
pub struct Book {
    pub kind: Kind,
    pub title: String,
    pub subtitle: Option<String>,
    /// "Edited by A and B", when the book has editors.
    pub editor_line: Option<String>,
    pub editors: Vec<String>,
    pub publisher: String,
    /// The year on the cover: the annual's, or the latest chapter's.
    pub year: i32,
    /// The book's date: its latest chapter's (never the clock, so builds repeat exactly).
    pub date: Date,
    pub lang: Lang,
    pub isbn_print: Option<String>,
    pub isbn_epub: Option<String>,
    pub copyright: String,
    pub foreword: Option<Foreword>,
    pub chapters: Vec<Chapter>,
    pub contributors: Vec<Contributor>,
    pub index: Vec<IndexEntry>,
    /// The annual's catalogue of the year's pieces.
    pub catalogue: Option<Vec<CatalogueRow>>,
    /// Every image of every chapter (and the foreword), under book-unique virtual paths.
    #[serde(skip)]
    pub assets: Vec<Asset>,
    /// What diagnostics about the whole book name: the folder or the first input.
    #[serde(skip)]
    pub origin: PathBuf,
    /// The name its output files share (`annual-2025` → `annual-2025.pdf`, the web edition's
    /// `assets/annual-2025/`).
    #[serde(skip)]
    pub stem: String,
}

/// The foreword, parsed from its Markdown file like an explainer's body.
#[derive(Debug, Serialize)]
pub struct Foreword {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    /// The prefix of its ids and labels ([`super::ids::FOREWORD`]).
    pub prefix: String,
}

/// One explainer as a chapter.
#[derive(Debug, Serialize)]
pub struct Chapter {
    /// `ch-N`: the chapter's anchor, label and EPUB file stem; prefixes its ids and notes.
    pub id: String,
    pub number: usize,
    /// The explainer, worded in its own language, its ids starting with `ch-N-`.
    #[serde(flatten)]
    pub piece: Piece,
}

/// An author, once, with what the contributors page and the index show.
#[derive(Debug, Serialize)]
pub struct Contributor {
    /// The name as most recently spelled.
    pub name: String,
    /// "Surname, Given names", for the index.
    pub sort_name: String,
    /// The most recent bio.
    pub bio: Option<String>,
    pub affiliation: Option<String>,
    /// Ids of the chapters they wrote, in book order.
    pub chapters: Vec<String>,
}

/// An author index entry: a contributor's inverted name and chapters.
#[derive(Debug, Serialize)]
pub struct IndexEntry {
    pub sort_name: String,
    pub name: String,
    pub chapters: Vec<String>,
}

/// One row of the printed catalogue.
#[derive(Debug, Serialize)]
pub struct CatalogueRow {
    pub number: Option<u32>,
    /// "31 Dec 2025" for a chapter, "Nov 2025" for a listed piece.
    pub date: String,
    pub authors: String,
    pub title: String,
    /// The chapter's id when the piece is in the book.
    pub chapter: Option<String>,
}

impl Book {
    /// A string naming this book's content: the same for every build of the same chapters
    /// (the PDF's document id; the EPUB's identifier is derived from it).
    pub fn ident(&self) -> String {
        let mut s = format!("folio/book/{}/{}", self.title, self.year);
        for ch in &self.chapters {
            // "/series-number-date-title" (as the book's identifiers have always been made).
            let d = &ch.piece.doc;
            let number = d.number.map(|n| n.to_string()).unwrap_or_default();
            let series = d.series.as_deref().unwrap_or("");
            s.push_str(&format!("/{series}-{number}-{}-{}", d.date, d.title));
        }
        s
    }
}
