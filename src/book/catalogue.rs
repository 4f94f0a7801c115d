//! The series catalogue: every piece of a year, like the "PREVIOUS COMMENTS" list of a printed
//! explainer. Rows come from the book's chapters and from `series.yaml` (written by
//! `folio import` from published catalogues), which may list pieces that are not in the book;
//! those appear too, marked as not included.
//!
//! `series.yaml` is a list of entries:
//!
//! ```yaml
//! - number: 1957
//!   month: 2025-11        # YYYY-MM
//!   title: UK and China
//!   authors: [Jane Doe]
//!   bio: optional
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::model::Words;
use crate::model::book::{CatalogueRow, Chapter};

/// One entry of `series.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CatalogueEntry {
    pub number: u32,
    /// `YYYY-MM`.
    pub month: String,
    pub title: String,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
}

/// Reads `DIR/series.yaml` if there is one.
pub fn read(dir: &Path) -> Result<Option<Vec<CatalogueEntry>>, Vec<Diagnostic>> {
    let Some((path, text)) = crate::project::read_optional(dir, "series.yaml")? else {
        return Ok(None);
    };
    let entries: Vec<CatalogueEntry> = serde_yaml_ng::from_str(&text).map_err(|e| {
        let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        vec![Diagnostic::error(&path, line, col, e.to_string())]
    })?;
    let mut errors = Vec::new();
    for e in &entries {
        if month_of(&e.month).is_none() {
            let line = text
                .lines()
                .position(|l| l.contains(&e.month))
                .map_or(0, |i| i + 1);
            errors.push(
                Diagnostic::error(
                    &path,
                    line,
                    1,
                    format!("month `{}` of #{} is not YYYY-MM", e.month, e.number),
                )
                .with_help("write the month as e.g. `2025-11`"),
            );
        }
    }
    if errors.is_empty() {
        Ok(Some(entries))
    } else {
        Err(errors)
    }
}

/// `(year, month)` of a `YYYY-MM` string.
pub fn month_of(s: &str) -> Option<(i32, u8)> {
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, u8) = (y.parse().ok()?, m.parse().ok()?);
    (y.to_string().len() == 4 && (1..=12).contains(&m) && s.len() == 7).then_some((y, m))
}

/// The catalogue of `year`: every chapter, and every listed piece of that year whose number no
/// chapter has. Sorted by number (pieces without one last, by date).
pub fn rows(
    chapters: &[Chapter],
    listed: Vec<CatalogueEntry>,
    year: i32,
    words: &Words,
) -> Vec<CatalogueRow> {
    /// A row with what it sorts by: number, then (year, month, day).
    type Keyed = (Option<u32>, (i32, u8, u8), CatalogueRow);
    let mut rows: Vec<Keyed> = chapters
        .iter()
        .map(|ch| {
            let d = ch.piece.doc.date;
            (
                ch.piece.doc.number,
                (d.year, d.month, d.day),
                CatalogueRow {
                    number: ch.piece.doc.number,
                    date: words.short_date(d),
                    authors: words.join(&ch.piece.doc.author_names()),
                    title: ch.piece.doc.title.clone(),
                    chapter: Some(ch.id.clone()),
                },
            )
        })
        .collect();
    let mut taken: Vec<u32> = chapters.iter().filter_map(|c| c.piece.doc.number).collect();
    for e in listed {
        let Some((y, m)) = month_of(&e.month) else {
            continue;
        };
        if y != year || taken.contains(&e.number) {
            continue;
        }
        taken.push(e.number);
        rows.push((
            Some(e.number),
            (y, m, 0),
            CatalogueRow {
                number: Some(e.number),
                date: words.month(y, m),
                authors: words.join(&e.authors),
                title: e.title,
                chapter: None,
            },
        ));
    }
    rows.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.1.cmp(&b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(&b.1),
    });
    rows.into_iter().map(|(_, _, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_must_be_yyyy_mm() {
        assert_eq!(month_of("2025-11"), Some((2025, 11)));
        assert_eq!(month_of("2025-13"), None);
        assert_eq!(month_of("November 2025"), None);
        assert_eq!(month_of("2025-1"), None);
    }
}
