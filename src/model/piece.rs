//! One explainer prepared once for every format: its document, and what is worded from it in
//! its language — the masthead (with the "Cite as" line) and the back matter (the bio box and
//! the references formatted in the house style). A run prepares each piece once, and every
//! backend reads the same one.

use super::{BackMatter, Document, Masthead, Words};

#[derive(Debug, Clone)]
pub struct Piece {
    pub doc: Document,
    pub masthead: Masthead,
    pub back: BackMatter,
}

impl Piece {
    /// `doc` in the words `words`, published by `publisher`.
    pub fn new(doc: Document, words: &Words, publisher: &str) -> Piece {
        Piece {
            masthead: Masthead::new(&doc, words, publisher),
            back: BackMatter::new(&doc, words),
            doc,
        }
    }
}
