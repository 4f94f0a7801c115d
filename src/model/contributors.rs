//! One author across many pieces, worked out once: the book's contributors and index, the
//! site's author pages and `folio check`'s author-spelling lint all read this.
//!
//! Two bylines name one author when their [`name_key`]s match (case, spacing and full stops
//! ignored). The author is known by the spelling most pieces use (the latest on a tie), with
//! the latest bio and affiliation any piece gives.

use std::collections::BTreeMap;

use super::{Date, Document};

/// The key two spellings of one name share: case, spacing and full stops ignored.
pub fn name_key(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One author of one or more pieces.
#[derive(Debug, Clone)]
pub struct Contributor {
    /// The spelling most pieces use (the latest on a tie).
    pub name: String,
    /// Every spelling, in alphabetical order (one for most authors).
    pub spellings: Vec<Spelling>,
    /// The latest bio and affiliation a piece gives.
    pub bio: Option<String>,
    pub affiliation: Option<String>,
    /// The pieces (indexes into the documents given) by this author, in their order.
    pub pieces: Vec<usize>,
}

/// One way an author's name is written, and where.
#[derive(Debug, Clone)]
pub struct Spelling {
    pub name: String,
    /// Each byline that writes it: (piece, author's place in its byline).
    pub uses: Vec<(usize, usize)>,
    /// The date of the latest piece that writes it.
    pub latest: Date,
}

/// Every author of `docs` once, in the order of their [`name_key`]s.
pub fn contributors(docs: &[&Document]) -> Vec<Contributor> {
    /// A spelling's uses (piece, place in its byline) and its latest date.
    type Uses = (Vec<(usize, usize)>, Date);
    #[derive(Default)]
    struct Seen<'d> {
        spellings: BTreeMap<&'d str, Uses>,
        bio: Option<(Date, &'d str)>,
        affiliation: Option<(Date, &'d str)>,
        pieces: Vec<usize>,
    }
    let mut by_key: BTreeMap<String, Seen> = BTreeMap::new();
    for (piece, doc) in docs.iter().enumerate() {
        let date = doc.date;
        for (place, author) in doc.authors.iter().enumerate() {
            let seen = by_key.entry(name_key(&author.name)).or_default();
            let spelling =
                (seen.spellings.entry(author.name.as_str())).or_insert_with(|| (Vec::new(), date));
            spelling.0.push((piece, place));
            spelling.1 = spelling.1.max(date);
            let newer = |old: Option<(Date, &str)>| old.is_none_or(|(d, _)| date >= d);
            if let Some(bio) = author.bio.as_deref()
                && newer(seen.bio)
            {
                seen.bio = Some((date, bio));
            }
            if let Some(aff) = author.affiliation.as_deref()
                && newer(seen.affiliation)
            {
                seen.affiliation = Some((date, aff));
            }
            if !seen.pieces.contains(&piece) {
                seen.pieces.push(piece);
            }
        }
    }
    by_key
        .into_values()
        .map(|seen| {
            let spellings: Vec<Spelling> = (seen.spellings.into_iter())
                .map(|(name, (uses, latest))| Spelling {
                    name: name.to_string(),
                    uses,
                    latest,
                })
                .collect();
            let name = (spellings.iter())
                .max_by_key(|s| (s.uses.len(), s.latest))
                .map(|s| s.name.clone())
                .unwrap_or_default();
            Contributor {
                name,
                spellings,
                bio: seen.bio.map(|(_, b)| b.to_string()),
                affiliation: seen.affiliation.map(|(_, a)| a.to_string()),
                pieces: seen.pieces,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_case_spacing_and_full_stops() {
        assert_eq!(name_key("Ravi  Kumar"), name_key("ravi kumar"));
        assert_eq!(name_key("D. Suba Chandran"), name_key("D Suba  Chandran"));
        assert_ne!(name_key("Ravi Kumar"), name_key("Ravi Kumari"));
    }
}
