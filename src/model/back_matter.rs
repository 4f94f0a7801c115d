//! The words every format prints that are derived from the `Document`: the masthead (byline,
//! series label, long date) and the back matter (the "About the author(s)" box and the
//! reference list), decided once here from the `Document` and the words of its language.
//!
//! Which authors get an entry, the box's heading (singular or plural) and the wording of each
//! citation are content decisions; the typst and XHTML templates only style what this gives
//! them (as `/folio/masthead.json` and `/folio/back-matter.json`, and as template data).

use serde::Serialize;

use super::cite::{self, Bibliography, Entry, work::Work};
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
    /// The line a reader copies to cite the explainer, in the house style (`cite_as`), with its
    /// DOI's address when it has one.
    pub cite_as: Vec<Inline>,
}

impl Masthead {
    /// The masthead of `doc`, which is `work` as a reference.
    pub fn new(doc: &Document, work: &Work, words: &Words) -> Self {
        Masthead {
            cite_as: cite_as(work, None, words),
            ..Masthead::lines(doc, words)
        }
    }

    /// The byline, series label and date without the "Cite as" line (a site's lists of
    /// explainers, which format no reference).
    pub fn lines(doc: &Document, words: &Words) -> Self {
        Masthead {
            byline: words.join(&doc.author_names()),
            series_label: doc.series_label(),
            long_date: words.long_date(doc.date),
            cite_as: Vec::new(),
        }
    }
}

/// The line a reader copies to cite `work`, as the house style writes its reference: with its
/// DOI's address, or `address` (the web page's) when it has none.
pub fn cite_as(work: &Work, address: Option<&str>, words: &Words) -> Vec<Inline> {
    let Some(style) = &words.style else {
        return Vec::new();
    };
    let mut item = work.csl_json();
    if let (None, Some(url)) = (item.get("URL"), address) {
        item["URL"] = serde_json::json!(url);
    }
    // One line: a part the style sets on a line of its own (folio's address line) follows on
    // after the language's comma.
    cite::entry(&item, style)
        .into_iter()
        .map(|i| match i {
            Inline::LineBreak => Inline::Text {
                text: words.labels.comma.clone(),
            },
            other => other,
        })
        .collect()
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
