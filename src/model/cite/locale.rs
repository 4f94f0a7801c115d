//! folio's words for a language as a CSL locale: the month names, the written date and the
//! "and" that ICU gives folio's own dates and lists, with the quotes, "accessed" and page
//! abbreviation of its labels. `templates/references-locale.xml` lays them out as CSL XML; a
//! style reads them wherever CSL's locales have no such language (Urdu) and folio's own style
//! always does, so a reference's date reads like every other date in the document.

use hayagriva::citationberg::{Locale, LocaleFile};
use serde::Serialize;

use crate::model::Words;

/// What `templates/references-locale.xml` is given.
#[derive(Debug, Clone, Serialize)]
pub struct LocaleWords {
    pub lang: String,
    /// `month-01` … `month-12`, long and short.
    pub months: Vec<String>,
    pub short_months: Vec<String>,
    /// The written date ("31 December 2025") as CSL date parts in order, with the text between
    /// them (spaces no-break, so a date stays on one line).
    pub date_parts: Vec<DatePart>,
    /// Before the first part.
    pub date_prefix: String,
    pub and: String,
    pub open_quote: String,
    pub close_quote: String,
    pub punctuation_in_quote: bool,
    pub accessed: String,
    pub page: String,
    pub pages: String,
    /// "Edited by", before a book's editors.
    pub edited_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatePart {
    /// `day`, `month` or `year`.
    pub name: &'static str,
    pub suffix: String,
}

impl LocaleWords {
    pub fn new(words: &Words, lang: &str) -> LocaleWords {
        let l = &words.labels;
        let (long, short) = words.months_of(2025, 28);
        let long: Vec<String> = long.iter().map(|d| ascii_digits(d)).collect();
        let short: Vec<String> = short.iter().map(|d| ascii_digits(d)).collect();
        let (months, skeleton) = varying(&long);
        let (short_months, _) = varying(&short);
        let (date_prefix, date_parts) = parts(&skeleton);
        let joined = words.join(&["\u{1}", "\u{2}"]);
        let and = joined
            .split(['\u{1}', '\u{2}'])
            .nth(1)
            .unwrap_or(" and ")
            .trim()
            .to_string();
        LocaleWords {
            lang: lang.to_string(),
            months,
            short_months,
            date_parts,
            date_prefix,
            and,
            open_quote: l.quote_open.clone(),
            close_quote: l.quote_close.clone(),
            punctuation_in_quote: l.comma_in_quotes,
            accessed: l.accessed.clone(),
            page: l.page_abbrev.clone(),
            pages: l.pages_abbrev.clone(),
            edited_by: l.edited_by.clone(),
        }
    }
}

/// A CSL locale from its XML.
pub fn parse(xml: &str) -> Result<Locale, String> {
    LocaleFile::from_xml(xml)
        .map(Locale::from)
        .map_err(|e| format!("not a CSL locale: {e}"))
}

/// The part that differs between the twelve strings (the month's name) and the string with
/// it replaced by `{M}`.
fn varying(all: &[String]) -> (Vec<String>, String) {
    let chars: Vec<Vec<char>> = all.iter().map(|s| s.chars().collect()).collect();
    let first = &chars[0];
    let prefix = (0..first.len())
        .take_while(|&i| chars.iter().all(|c| c.get(i) == Some(&first[i])))
        .count();
    let suffix = (0..first.len() - prefix)
        .take_while(|&i| {
            chars
                .iter()
                .all(|c| c.len() > prefix + i && c[c.len() - 1 - i] == first[first.len() - 1 - i])
        })
        .count();
    let names = chars
        .iter()
        .map(|c| c[prefix..c.len() - suffix].iter().collect())
        .collect();
    let skeleton = format!(
        "{}{{M}}{}",
        first[..prefix].iter().collect::<String>(),
        first[first.len() - suffix..].iter().collect::<String>()
    );
    (names, skeleton)
}

/// `28 {M} 2025` → day, month, year with what lies between them.
fn parts(skeleton: &str) -> (String, Vec<DatePart>) {
    let mut found: Vec<(usize, &'static str, usize)> = Vec::new();
    for (pat, name) in [("2025", "year"), ("{M}", "month"), ("28", "day")] {
        if let Some(i) = skeleton.find(pat) {
            found.push((i, name, pat.len()));
        }
    }
    found.sort();
    let nbsp = |s: &str| s.replace(' ', "\u{a0}");
    let prefix = found
        .first()
        .map_or(String::new(), |f| nbsp(&skeleton[..f.0]));
    let mut parts = Vec::new();
    for (k, &(i, name, len)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(skeleton.len(), |n| n.0);
        parts.push(DatePart {
            name,
            suffix: nbsp(&skeleton[i + len..end]),
        });
    }
    (prefix, parts)
}

/// Digits of any script as ASCII digits (CSL processors write dates in ASCII digits).
fn ascii_digits(s: &str) -> String {
    const ZEROS: [u32; 6] = [0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xbe6];
    s.chars()
        .map(|c| {
            let u = c as u32;
            ZEROS
                .iter()
                .find(|&&z| (z..z + 10).contains(&u))
                .and_then(|&z| char::from_digit(u - z, 10))
                .unwrap_or(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_and_date_order_come_from_the_written_date() {
        let (names, skeleton) = varying(&[
            "28 January 2025".to_string(),
            "28 February 2025".to_string(),
            "28 March 2025".to_string(),
        ]);
        assert_eq!(names, ["January", "February", "March"]);
        assert_eq!(skeleton, "28 {M} 2025");
        let (prefix, p) = parts("{M} 28, 2025");
        assert_eq!(prefix, "");
        let got: Vec<(&str, &str)> = p.iter().map(|p| (p.name, p.suffix.as_str())).collect();
        assert_eq!(got, [("month", "\u{a0}"), ("day", ",\u{a0}"), ("year", "")]);
        assert_eq!(ascii_digits("٢٨ يناير ٢٠٢٥"), "28 يناير 2025");
    }
}
