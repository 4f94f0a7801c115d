//! The model: what every backend reads, and nothing that reads files or lays out pages.
//!
//! A source becomes a [`Document`] (see [`crate::source`]); many documents become a [`Book`]
//! (assembled by [`crate::book`]), and a series' many a [`Site`]. [`back_matter`] words what is derived from them (byline,
//! long date, bio box, reference list) and [`locale`] gives those words in the document's
//! language. [`date`] (the calendar and a source's dates), [`text`] (smart punctuation, the
//! plain text of inlines), [`url`] (percent-encoding) and [`names`] (a person's name as filed)
//! are what the types need beside them. Backends (`crate::render`) only ever see these types,
//! serialised as JSON for typst and as template data for the EPUB. Nothing here imports a
//! module above it.

pub mod back_matter;
pub mod book;
pub mod cite;
pub mod contributors;
pub mod date;
pub mod document;
pub mod ids;
pub mod locale;
pub mod names;
pub mod piece;
pub mod site;
pub mod slug;
pub mod source_map;
pub mod text;
pub mod url;

pub use self::url::{doi_encoded, doi_url, normalize_url, percent_encoded};
pub use back_matter::{BackMatter, Masthead};
pub use book::{Book, Chapter};
pub use contributors::{Contributor, name_key};
pub use date::{Date, PartialDate, english_month};
pub use document::*;
pub use locale::{Labels, Words};
pub use names::PersonName;
pub use piece::Piece;
pub use site::Site;
pub use slug::{file_stem, slug, slug_or, source_stem};
pub use source_map::{Pos, SourceMap};
pub use text::{plain_text, smart_punctuation};
