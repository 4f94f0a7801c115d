//! The words every format prints that are derived from the `Document`: the masthead (byline,
//! series label, long date) and the back matter (the "About the author(s)" box and the
//! reference list), decided once here from the `Document` and the brand's labels.
//!
//! Which authors get an entry, the box's heading (singular or plural) and the wording of each
//! citation are content decisions; the typst and XHTML templates only style what this gives
//! them (as `/folio/masthead.json` and `/folio/back-matter.json`, and as template data).

use serde::Serialize;

use crate::brand::Brand;
use crate::document::{Author, Document};

#[derive(Debug, Serialize)]
pub struct BackMatter<'a> {
    /// "About the author" or "About the authors"; empty when no author has a bio.
    pub bio_heading: String,
    /// Authors with a bio, in byline order.
    pub bios: Vec<Bio<'a>>,
    pub references_heading: String,
    pub references: Vec<Citation>,
}

/// The explainer's identifying lines as every format prints them (title block, brand band,
/// footer, cover, EPUB title page), worded once here.
#[derive(Debug, Serialize)]
pub struct Masthead {
    /// "A", "A and B", "A, B and C".
    pub byline: String,
    /// "CWA #1975", or just the series or the number; absent when neither is given.
    pub series_label: Option<String>,
    /// "31 December 2025".
    pub long_date: String,
}

impl Masthead {
    pub fn new(doc: &Document) -> Self {
        let byline = match doc.author_names().as_slice() {
            [] => String::new(),
            [one] => one.to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        };
        Masthead {
            byline,
            series_label: doc.series_label(),
            long_date: doc.date.long_en(),
        }
    }
}

/// One entry of the bio box.
#[derive(Debug, Serialize)]
pub struct Bio<'a> {
    #[serde(flatten)]
    pub author: &'a Author,
    /// When the bio opens with the author's name (as most do), the bio after the name, so the
    /// name can be set in bold in its place instead of printed twice.
    pub bio_rest: Option<&'a str>,
}

/// One entry of the reference list.
#[derive(Debug, Serialize)]
pub struct Citation {
    pub number: usize,
    /// `Author, “Title,” Publisher, Date`.
    pub text: String,
    pub url: Option<String>,
    /// "accessed 10 January 2026", when given.
    pub accessed: Option<String>,
}

impl<'a> BackMatter<'a> {
    pub fn new(doc: &'a Document, brand: &Brand) -> Self {
        let bios: Vec<Bio> = doc
            .authors
            .iter()
            .filter_map(|a| {
                let bio = a.bio.as_deref()?;
                let bio_rest = bio
                    .strip_prefix(a.name.as_str())
                    .filter(|r| r.starts_with([' ', ',']));
                Some(Bio {
                    author: a,
                    bio_rest,
                })
            })
            .collect();
        let bio_heading = match bios.len() {
            0 => String::new(),
            1 => brand.labels.about_author.clone(),
            _ => brand.labels.about_authors.clone(),
        };
        let references = doc
            .references
            .iter()
            .map(|r| {
                let mut head: Vec<String> = r.author.iter().cloned().collect();
                head.push(format!("“{},”", r.title));
                // A date never breaks across lines ("03 December 2025").
                let date = r.date.as_ref().map(|d| d.replace(' ', "\u{a0}"));
                let tail: Vec<&str> = r
                    .publisher
                    .iter()
                    .chain(date.iter())
                    .map(String::as_str)
                    .collect();
                let mut text = head.join(", ");
                if !tail.is_empty() {
                    text.push(' ');
                    text.push_str(&tail.join(", "));
                } else {
                    // Drop the comma inside the closing quote when nothing follows.
                    text = text.trim_end_matches(",”").to_string() + "”";
                }
                Citation {
                    number: r.number,
                    text,
                    url: r.url.clone(),
                    accessed: r.accessed.as_ref().map(|a| format!("accessed {a}")),
                }
            })
            .collect();
        BackMatter {
            bio_heading,
            bios,
            references_heading: brand.labels.references.clone(),
            references,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_read_like_the_seed() {
        let src = concat!(
            "---\ntitle: T\ndate: 2025-01-01\nauthors:\n  - name: A\n    bio: B\n  - name: C\n",
            "references:\n  - author: Mushtaq Ali\n    title: Fresh round\n    publisher: Reuters\n",
            "    date: 03 December 2025\n  - title: Bare\n---\n",
        );
        let doc = crate::source::parse(std::path::Path::new("t.md"), src.as_bytes())
            .unwrap()
            .document;
        let brand =
            crate::brand::LoadedBrand::load(include_str!("../../templates/brand.toml"), None)
                .unwrap()
                .brand;
        let bm = BackMatter::new(&doc, &brand);
        assert_eq!(
            bm.references[0].text,
            "Mushtaq Ali, “Fresh round,” Reuters, 03\u{a0}December\u{a0}2025"
        );
        assert_eq!(bm.references[1].text, "“Bare”");
        assert_eq!(bm.bio_heading, "About the author");
        assert_eq!(bm.bios.len(), 1);
        assert_eq!(bm.bios[0].bio_rest, None);
        let m = Masthead::new(&doc);
        assert_eq!(
            (m.byline.as_str(), m.long_date.as_str()),
            ("A and C", "1 January 2025")
        );
        assert_eq!(m.series_label, None);
    }
}
