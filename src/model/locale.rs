//! Words in a document's language: the labels every format prints (headings, "Page 1 of 2",
//! the EPUB's accessibility summary…) and dates and name lists written the way that language
//! writes them.
//!
//! The labels are data: `templates/labels/<language>.toml`, merged over `en.toml` and under the
//! brand's `[labels]` (see [`crate::brand`], which resolves them). Month names, date patterns
//! and list patterns ("A, B and C") come from CLDR through ICU4X, so no table of them is
//! written here. A language tag without a region takes the CLDR locale its label file names
//! (`locale = "en-GB"` for English, so a bare `en` writes "31 December 2025").

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{YM, YMD};
use icu_list::ListFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};
use icu_locale_core::Locale;
use serde::{Deserialize, Serialize};

use super::date::Date;

/// Every word folio prints that does not come from the source, in one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// The CLDR locale for dates and lists when the document's tag names no region.
    pub locale: String,
    pub about_author: String,
    pub about_authors: String,
    pub references: String,
    pub notes: String,
    pub photo: String,
    /// "Page" and "of" in the footer's "Page 1 of 2".
    pub page: String,
    pub of: String,
    /// "page" in the print edition's job line.
    pub job_page: String,
    /// Before a captioned figure's number: "Figure 1: …".
    pub figure: String,
    /// The lede's accessible name.
    pub summary: String,
    /// "Accessed" before a reference's accessed date.
    pub accessed: String,
    /// A reference's punctuation: the quotes around its title, the comma between its parts,
    /// and whether that comma goes inside the closing quote (`“Title,” Publisher`).
    pub quote_open: String,
    pub quote_close: String,
    pub comma: String,
    pub comma_in_quotes: bool,
    /// After a label: "Photo source: …", "Figure 1: …".
    pub colon: String,
    /// Between the items of a list that holds commas ("A, p. 3; B, p. 9").
    pub semicolon: String,
    /// "p." before a page number.
    pub page_abbrev: String,
    pub pages_abbrev: String,
    /// "1 explainer", "12 explainers" on a book's cover (`{n}` is the number).
    pub count_one: String,
    pub count_many: String,
    pub cover: String,
    /// "by" in the cover image's description ("Cover: Title, by A and B").
    pub by: String,
    pub landmarks: String,
    /// The state of a task-list item, for screen readers.
    pub task_done: String,
    pub task_open: String,
    // Books (collections and the annual).
    pub contents: String,
    pub foreword: String,
    pub contributors: String,
    pub author_index: String,
    pub catalogue: String,
    pub not_included: String,
    /// The catalogue's column heads.
    pub col_number: String,
    pub col_date: String,
    pub col_authors: String,
    pub col_title: String,
    pub col_page: String,
    pub edited_by: String,
    pub annual: String,
    pub imprint: String,
    pub published_by: String,
    /// "(print)" and "(EPUB)" after an ISBN.
    pub isbn_print: String,
    pub isbn_epub: String,
    pub imprint_note: String,
    pub typeset_with: String,
    // The web edition: the skip link, the downloads and the citation line.
    pub skip_link: String,
    pub downloads: String,
    pub edition_pdf: String,
    pub edition_epub: String,
    pub edition_print: String,
    pub cite_as: String,
    /// The site's lists of years and authors, and its feed.
    pub site_years: String,
    pub site_authors: String,
    pub site_feed: String,
    // The EPUB's accessibility summary, by what its images need.
    pub a11y_text_only: String,
    pub a11y_all_alt: String,
    pub a11y_some_alt: String,
}

/// The labels of one language with the CLDR locale that writes its dates and lists.
#[derive(Debug, Clone, Serialize)]
pub struct Words {
    #[serde(flatten)]
    pub labels: Labels,
    /// The locale dates and lists are written in: the document's tag when it names a region,
    /// else the labels' `locale`.
    #[serde(skip)]
    locale: Locale,
    /// The house style of references and citations, for this language.
    #[serde(skip)]
    pub style: Option<std::sync::Arc<super::cite::CiteStyle>>,
}

impl Words {
    /// The CLDR locale its dates and lists are written in.
    pub fn locale(&self) -> String {
        self.locale.to_string()
    }

    /// `labels` for a document tagged `tag`: its dates and lists follow the tag when it names a
    /// region, else the labels' `locale` if that is of the tag's language, else the tag alone
    /// (a language folio has no labels for still gets CLDR's dates and lists).
    pub fn new(labels: Labels, tag: &str) -> Words {
        let own: Option<Locale> = tag.parse().ok();
        let named: Option<Locale> = labels.locale.parse().ok();
        let locale = match (own, named) {
            (Some(own), _) if own.id.region.is_some() => own,
            (Some(own), Some(named)) if named.id.language == own.id.language => named,
            (Some(own), _) => own,
            (None, Some(named)) => named,
            (None, None) => icu_locale_core::locale!("en-GB"),
        };
        Words {
            labels,
            locale,
            style: None,
        }
    }

    /// These words with the house style that formats references in their language.
    pub fn with_style(mut self, style: std::sync::Arc<super::cite::CiteStyle>) -> Words {
        self.style = Some(style);
        self
    }

    /// "31 December 2025", "31 décembre 2025", "31 دسمبر، 2025".
    pub fn long_date(&self, date: Date) -> String {
        self.format(date, DateFields::Day(YMD::long()))
            .unwrap_or_else(|| date.to_string())
    }

    /// "31 Dec 2025".
    pub fn short_date(&self, date: Date) -> String {
        self.format(date, DateFields::Day(YMD::medium()))
            .unwrap_or_else(|| date.to_string())
    }

    /// "Nov 2025".
    pub fn month(&self, year: i32, month: u8) -> String {
        let date = Date {
            year,
            month,
            day: 1,
        };
        self.format(date, DateFields::Month(YM::medium()))
            .unwrap_or_else(|| format!("{year:04}-{month:02}"))
    }

    /// A date written in the source (ISO `YYYY-MM-DD` is written out in this language; any
    /// other text is kept as the author wrote it).
    pub fn written_date(&self, text: &str) -> String {
        match Date::parse_iso(text) {
            Ok(date) => self.long_date(date),
            Err(_) => text.to_string(),
        }
    }

    /// "A", "A and B", "A, B and C" in this language.
    pub fn join<S: AsRef<str>>(&self, items: &[S]) -> String {
        let options = ListFormatterOptions::default().with_length(ListLength::Wide);
        match ListFormatter::try_new_and((&self.locale).into(), options) {
            Ok(list) => list.format_to_string(items.iter().map(|s| s.as_ref())),
            Err(_) => items
                .iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The twelve months of `year`, each as a long date on day `day` and as a short month
    /// ("Dec 2025"), with one formatter each (making one is most of the cost).
    pub fn months_of(&self, year: i32, day: u8) -> (Vec<String>, Vec<String>) {
        let prefs = (&self.locale).into();
        let long =
            FixedCalendarDateTimeFormatter::<Gregorian, YMD>::try_new(prefs, YMD::long()).ok();
        let short =
            FixedCalendarDateTimeFormatter::<Gregorian, YM>::try_new(prefs, YM::medium()).ok();
        (1..=12u8)
            .map(|m| {
                let date = IcuDate::try_new_gregorian(year, m, day).ok();
                let l = match (&long, &date) {
                    (Some(f), Some(d)) => f.format(d).to_string(),
                    _ => format!("{year:04}-{m:02}-{day:02}"),
                };
                let s = match (&short, &date) {
                    (Some(f), Some(d)) => f.format(d).to_string(),
                    _ => format!("{year:04}-{m:02}"),
                };
                (l, s)
            })
            .unzip()
    }

    /// `date` in the Gregorian calendar with `fields` (a day or a month) in this locale.
    fn format(&self, date: Date, fields: DateFields) -> Option<String> {
        let prefs = (&self.locale).into();
        let date = IcuDate::try_new_gregorian(date.year, date.month, date.day).ok()?;
        let text = match fields {
            DateFields::Day(f) => {
                FixedCalendarDateTimeFormatter::<Gregorian, YMD>::try_new(prefs, f)
                    .ok()?
                    .format(&date)
                    .to_string()
            }
            DateFields::Month(f) => {
                FixedCalendarDateTimeFormatter::<Gregorian, YM>::try_new(prefs, f)
                    .ok()?
                    .format(&date)
                    .to_string()
            }
        };
        Some(text)
    }
}

/// Which parts of a date to write.
enum DateFields {
    Day(YMD),
    Month(YM),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(locale: &str, tag: &str) -> Words {
        let labels = Labels {
            locale: locale.into(),
            ..Labels::default()
        };
        Words::new(labels, tag)
    }

    #[test]
    fn dates_and_lists_follow_the_language() {
        let date = Date {
            year: 2025,
            month: 12,
            day: 31,
        };
        assert_eq!(words("en-GB", "en").long_date(date), "31 December 2025");
        assert_eq!(words("en-GB", "en-US").long_date(date), "December 31, 2025");
        assert_eq!(words("fr-FR", "fr").long_date(date), "31 décembre 2025");
        assert_eq!(words("en-GB", "en").short_date(date), "31 Dec 2025");
        assert_eq!(words("en-GB", "en").join(&["A", "B", "C"]), "A, B and C");
        assert_eq!(words("fr-FR", "fr").join(&["A", "B", "C"]), "A, B et C");
        // A language without labels of its own (English words) still gets its own dates.
        assert_eq!(
            words("en-GB", "pt").long_date(date),
            "31 de dezembro de 2025"
        );
        assert_eq!(words("en-GB", "pt").locale(), "pt");
        // ISO dates in the text are written out; anything else is kept as written.
        assert_eq!(
            words("en-GB", "en").written_date("2025-12-03"),
            "3 December 2025"
        );
        assert_eq!(
            words("en-GB", "en").written_date("03 Dec 2025"),
            "03 Dec 2025"
        );
    }
}
