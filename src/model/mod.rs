//! The model: what every backend reads, and nothing that reads files or lays out pages.
//!
//! A source becomes a [`Document`] (see [`crate::source`]); many documents become a [`Book`]
//! (assembled by [`crate::book`]), and a series' many a [`Site`]. [`back_matter`] words what is derived from them (byline,
//! long date, bio box, reference list) and [`locale`] gives those words in the document's
//! language. Backends (`crate::render`) only ever see these types, serialised as JSON for
//! typst and as template data for the EPUB. Nothing here imports a module above it.

pub mod back_matter;
pub mod book;
pub mod cite;
pub mod contributors;
pub mod document;
pub mod locale;
pub mod piece;
pub mod site;
pub mod source_map;

pub use back_matter::{BackMatter, Masthead};
pub use book::{Book, Chapter};
pub use contributors::{Contributor, name_key};
pub use document::*;
pub use locale::{Labels, Words};
pub use piece::Piece;
pub use site::Site;
pub use source_map::{Pos, SourceMap};
