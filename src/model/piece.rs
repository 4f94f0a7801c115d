//! One explainer prepared once for every format: its document, the work it is as a reference
//! (the cite files', the "Cite as" line's and the web page's), and what is worded from it in
//! its language — the masthead (with the "Cite as" line) and the back matter (the bio box and
//! the references formatted in the house style). A run prepares each piece once, and every
//! backend reads the same one.

use super::cite::work::Work;
use super::{BackMatter, Document, Masthead, Words};

#[derive(Debug, Clone)]
pub struct Piece {
    pub doc: Document,
    /// The explainer as a reference: a report in its series, by its publisher.
    pub work: Work,
    pub masthead: Masthead,
    pub back: BackMatter,
}

impl Piece {
    /// `doc` in the words `words`, published by `publisher`.
    pub fn new(doc: Document, words: &Words, publisher: &str) -> Piece {
        let work = Work::explainer(&doc, publisher);
        Piece {
            masthead: Masthead::new(&doc, &work, words),
            work,
            back: BackMatter::new(&doc, words),
            doc,
        }
    }
}
