//! The words every format prints that are derived from the `Document`: the masthead (byline,
//! series label, long date) and the back matter (the "About the author(s)" box and the
//! reference list), decided once here from the `Document` and the words of its language.
//!
//! Which authors get an entry, the box's heading (singular or plural) and the wording of each
//! citation are content decisions; the typst and XHTML templates only style what this gives
//! them (as `/folio/masthead.json` and `/folio/back-matter.json`, and as template data).

use serde::Serialize;

use super::cite::{Bibliography, Entry};
use super::document::{Author, Document, Inline};
use super::locale::Words;

#[derive(Debug, Clone, Serialize)]
pub struct BackMatter {
    /// "About the author" or "About the authors"; empty when no author has a bio.
    pub bio_heading: String,
    /// Authors with a bio, in byline order.
    pub bios: Vec<Bio>,
    pub references_heading: String,
    /// The reference list in the house style's order and words.
    pub references: Vec<Entry>,
    /// Each `[@id]` citation of the body as the style writes it, by `Inline::Cite::index`.
    pub citations: Vec<Vec<Inline>>,
    /// The style sets entries with a hanging indent rather than a number in the margin.
    pub hanging: bool,
}

/// The explainer's identifying lines as every format prints them (title block, brand band,
/// footer, cover, EPUB title page), worded once here.
#[derive(Debug, Clone, Serialize)]
pub struct Masthead {
    /// "A", "A and B", "A, B and C".
    pub byline: String,
    /// "CWA #1975", or just the series or the number; absent when neither is given.
    pub series_label: Option<String>,
    /// "31 December 2025".
    pub long_date: String,
    /// The line a reader copies to cite the explainer: authors, “title”, series and number,
    /// `publisher`, date and, with a DOI, its address; punctuated in the words of its language.
    /// The web page adds its own address when there is no DOI.
    pub cite_as: String,
}

impl Masthead {
    pub fn new(doc: &Document, words: &Words, publisher: &str) -> Self {
        let byline = words.join(&doc.author_names());
        let series_label = doc.series_label();
        let long_date = words.long_date(doc.date);
        let l = &words.labels;
        let mut parts: Vec<String> = Vec::new();
        if !byline.is_empty() {
            parts.push(byline.clone());
        }
        parts.push(l.quoted(&doc.title));
        parts.extend(series_label.clone());
        if !publisher.is_empty() {
            parts.push(publisher.to_string());
        }
        parts.push(long_date.clone());
        parts.extend(doc.doi.as_deref().map(super::doi_url));
        Masthead {
            byline,
            series_label,
            long_date,
            cite_as: parts.join(&l.comma),
        }
    }
}

/// One entry of the bio box.
#[derive(Debug, Clone, Serialize)]
pub struct Bio {
    #[serde(flatten)]
    pub author: Author,
    /// When the bio opens with the author's name (as most do), the bio after the name, so the
    /// name can be set in bold in its place instead of printed twice.
    pub bio_rest: Option<String>,
}

impl BackMatter {
    pub fn new(doc: &Document, words: &Words) -> Self {
        let labels = &words.labels;
        let bios: Vec<Bio> = doc
            .authors
            .iter()
            .filter_map(|a| {
                let bio = a.bio.as_deref()?;
                let bio_rest = bio
                    .strip_prefix(a.name.as_str())
                    .filter(|r| r.starts_with([' ', ',']))
                    .map(str::to_string);
                Some(Bio {
                    author: a.clone(),
                    bio_rest,
                })
            })
            .collect();
        let bio_heading = match bios.len() {
            0 => String::new(),
            1 => labels.about_author.clone(),
            _ => labels.about_authors.clone(),
        };
        let bibliography = match &words.style {
            Some(style) => Bibliography::new(doc, style),
            None => Bibliography::default(),
        };
        BackMatter {
            bio_heading,
            bios,
            references_heading: labels.references.clone(),
            references: bibliography.entries,
            citations: bibliography.citations,
            hanging: bibliography.hanging,
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
        let brand = crate::brand::LoadedBrand::load(&crate::resources::Templates::embedded(), None)
            .unwrap();
        let words = brand.words(&doc.lang).unwrap();
        let bm = BackMatter::new(&doc, &words);
        let text = |i: usize| crate::model::plain_text(&bm.references[i].content);
        // The written date is the language's ("03 December" was never the point of it).
        assert_eq!(
            text(0),
            "Mushtaq Ali, “Fresh round,” Reuters, 3\u{a0}December\u{a0}2025"
        );
        assert_eq!(text(1), "“Bare”");
        assert_eq!(bm.references[0].label.as_deref(), Some("[1]"));
        assert_eq!(bm.bio_heading, "About the author");
        assert_eq!(bm.bios.len(), 1);
        assert_eq!(bm.bios[0].bio_rest, None);
        let m = Masthead::new(&doc, &words, "NIAS");
        assert_eq!(
            (m.byline.as_str(), m.long_date.as_str()),
            ("A and C", "1 January 2025")
        );
        assert_eq!(m.series_label, None);
        // Authors, quoted title, publisher and date, with the language's punctuation.
        assert_eq!(
            m.cite_as,
            format!("A and C, “{}”, NIAS, 1 January 2025", doc.title)
        );
    }
}
