//! One explainer prepared once for every format: its document, the work it is as a reference
//! (the cite files', the "Cite as" line's and the web page's), and what is worded from it in
//! its language — the masthead (with the "Cite as" line) and the back matter (the bio box and
//! the references formatted in the house style). A run prepares each piece once, and every
//! backend reads the same one.

use serde::Serialize;

use super::cite::work::Work;
use super::{BackMatter, Document, Labels, Masthead, Words};

#[derive(Debug, Clone, Serialize)]
pub struct Piece {
    pub doc: Document,
    /// The explainer as a reference: a report in its series, by its publisher.
    #[serde(skip)]
    pub work: Work,
    pub masthead: Masthead,
    /// The bio box and the references, worded in the piece's language.
    pub back: BackMatter,
    /// The words of its language (its captions, credit line, labels).
    pub labels: Labels,
    /// What starts each of its ids: nothing alone, `ch-N-` as a book's chapter
    /// ([`super::ids::prefix`]).
    pub prefix: String,
}

impl Piece {
    /// `doc` alone, in the words `words`, published by `publisher`.
    pub fn new(doc: Document, words: &Words, publisher: &str) -> Piece {
        let work = Work::explainer(&doc, publisher);
        Piece {
            masthead: Masthead::new(&doc, &work, words),
            ..Piece::part(doc, work, words, String::new())
        }
    }

    /// `doc` as a chapter of a book by `publisher`, its ids starting with `prefix`: its
    /// masthead without a "Cite as" line (the book is what is cited).
    pub fn chapter(doc: Document, words: &Words, publisher: &str, prefix: String) -> Piece {
        let work = Work::explainer(&doc, publisher);
        Piece::part(doc, work, words, prefix)
    }

    fn part(doc: Document, work: Work, words: &Words, prefix: String) -> Piece {
        Piece {
            masthead: Masthead::lines(&doc, words),
            back: BackMatter::new(&doc, words),
            labels: words.labels.clone(),
            prefix,
            work,
            doc,
        }
    }
}
