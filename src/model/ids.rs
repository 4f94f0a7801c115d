//! The ids a piece's parts are found by, spelled once: its sections, notes, note references and
//! reference entries, and a book's chapters and the prefix each part's ids take in it. The EPUB
//! and the web page write them as anchors (the emitter and the templates' data), the PDF as
//! typst labels (typst reads them from the JSON it is given), the cite files as CSL ids.

/// The prefix of the foreword's ids in a book (`foreword-fn-1`).
pub const FOREWORD: &str = "foreword-";

/// A book chapter's id (`ch-3`): its anchor, label and EPUB file stem.
pub fn chapter(number: usize) -> String {
    format!("ch-{number}")
}

/// The prefix of the ids inside a part of a book (`ch-3-`), from the part's id; an explainer
/// alone has none (`""`).
pub fn prefix(part: &str) -> String {
    format!("{part}-")
}

/// A `##` section's id: `sec-2`, `ch-3-sec-2`.
pub fn section(prefix: &str, number: usize) -> String {
    format!("{prefix}sec-{number}")
}

/// A footnote's id: `fn-1`, `ch-3-fn-1`.
pub fn note(prefix: &str, number: usize) -> String {
    format!("{prefix}fn-{number}")
}

/// The id of a reference to note `number` when `seen` references to it come before: `fnref-1`
/// for the first (the one the note links back to), `fnref-1-2` for the second.
pub fn note_ref(prefix: &str, number: usize, seen: usize) -> String {
    if seen == 0 {
        format!("{prefix}fnref-{number}")
    } else {
        format!("{prefix}fnref-{number}-{}", seen + 1)
    }
}

/// An entry of the reference list, by its place in it (`ref-1`, `ch-3-ref-1`); also the CSL id
/// of a reference the source gives none.
pub fn reference(prefix: &str, number: usize) -> String {
    format!("{prefix}ref-{number}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_by_their_part() {
        assert_eq!(note("", 3), "fn-3");
        let ch = prefix(&chapter(2));
        assert_eq!(ch, "ch-2-");
        assert_eq!(note(&ch, 3), "ch-2-fn-3");
        assert_eq!(note_ref(FOREWORD, 1, 0), "foreword-fnref-1");
        assert_eq!(note_ref("", 1, 1), "fnref-1-2");
        assert_eq!(reference(&ch, 4), "ch-2-ref-4");
        assert_eq!(section("", 1), "sec-1");
    }
}
