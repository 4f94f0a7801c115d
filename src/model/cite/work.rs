//! The work a reader cites: an explainer or a book, described once for the "cite this" files
//! (`render/cite.rs`) and the "Cite as" line the house style words.

use serde_json::{Value, json};

use crate::model::slug::Slug;
use crate::model::{Book, Date, Document, PersonName};

/// A work as reference managers and CSL describe it: an explainer (a numbered report in its
/// series) or a book.
#[derive(Debug, Clone)]
pub struct Work {
    /// The citation key: series and number (`cwa1975`), else letters and digits of the title.
    pub key: String,
    pub book: bool,
    /// The title alone.
    pub title: String,
    /// A book's subtitle, which its references print after the title ("Title: Subtitle"); an
    /// explainer is cited by its title alone.
    pub subtitle: Option<String>,
    /// Its people as its byline writes them: an explainer's authors, a book's editors.
    pub byline: Vec<String>,
    pub authors: Vec<PersonName>,
    pub editors: Vec<PersonName>,
    pub date: Date,
    pub publisher: String,
    pub series: Option<String>,
    pub number: Option<String>,
    /// A periodical series' volume and issue.
    pub volume: Option<String>,
    pub issue: Option<String>,
    /// "PR Explainer": the report's kind.
    pub genre: Option<String>,
    pub lang: String,
    pub doi: Option<String>,
    pub isbns: Vec<String>,
    pub summary: Option<String>,
    pub keywords: Vec<String>,
}

impl Work {
    /// An explainer, published by `publisher`.
    pub fn explainer(doc: &Document, publisher: &str) -> Work {
        Work {
            key: key(doc.series.as_deref(), doc.number, &doc.title, doc.date),
            book: false,
            title: doc.title.clone(),
            subtitle: None,
            byline: doc.authors.iter().map(|a| a.name.clone()).collect(),
            authors: doc
                .authors
                .iter()
                .map(|a| PersonName::parse(&a.name))
                .collect(),
            editors: Vec::new(),
            date: doc.date,
            publisher: publisher.to_string(),
            series: doc.series.clone(),
            number: doc.number.map(|n| n.to_string()),
            volume: doc.volume.clone(),
            issue: doc.issue.clone(),
            genre: doc.kind.clone(),
            lang: doc.lang.tag.clone(),
            doi: doc.doi.clone(),
            isbns: Vec::new(),
            summary: doc.summary.clone(),
            keywords: doc.keywords.clone(),
        }
    }

    /// A book, its editors as its names.
    pub fn book(book: &Book) -> Work {
        Work {
            key: key(None, None, &book.title, book.date),
            book: true,
            title: book.title.clone(),
            subtitle: book.subtitle.clone(),
            byline: book.editors.clone(),
            authors: Vec::new(),
            editors: book.editors.iter().map(|e| PersonName::parse(e)).collect(),
            date: book.date,
            publisher: book.publisher.clone(),
            series: None,
            number: None,
            volume: None,
            issue: None,
            genre: None,
            lang: book.lang.tag.clone(),
            doi: None,
            isbns: [&book.isbn_epub, &book.isbn_print]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            summary: None,
            keywords: Vec::new(),
        }
    }

    /// The title a reference prints: with a book's subtitle after a colon.
    pub fn full_title(&self) -> String {
        match &self.subtitle {
            Some(sub) => format!("{}: {sub}", self.title),
            None => self.title.clone(),
        }
    }

    /// One CSL-JSON item.
    pub fn csl_json(&self) -> Value {
        let names = |list: &[PersonName]| -> Vec<Value> {
            list.iter()
                .map(|n| match n {
                    PersonName::Split {
                        family,
                        given,
                        suffix,
                        ..
                    } if suffix.is_empty() => json!({"family": family, "given": given}),
                    PersonName::Split {
                        family,
                        given,
                        suffix,
                        ..
                    } => json!({"family": family, "given": given, "suffix": suffix}),
                    PersonName::Literal(name) => json!({"literal": name}),
                })
                .collect()
        };
        let d = self.date;
        let mut item = json!({
            "id": self.key,
            "type": if self.book { "book" } else { "report" },
            "title": self.full_title(),
            "issued": {"date-parts": [[d.year, d.month, d.day]]},
            "language": self.lang,
        });
        if !self.authors.is_empty() {
            item["author"] = json!(names(&self.authors));
        }
        if !self.editors.is_empty() {
            item["editor"] = json!(names(&self.editors));
        }
        if !self.publisher.is_empty() {
            item["publisher"] = json!(self.publisher);
        }
        if let Some(series) = &self.series {
            item["collection-title"] = json!(series);
        }
        if let Some(number) = &self.number {
            item["number"] = json!(number);
        }
        if let Some(volume) = &self.volume {
            item["volume"] = json!(volume);
        }
        if let Some(issue) = &self.issue {
            item["issue"] = json!(issue);
        }
        if let Some(genre) = &self.genre {
            item["genre"] = json!(genre);
        }
        if let Some(doi) = &self.doi {
            item["DOI"] = json!(doi);
            item["URL"] = json!(crate::model::doi_url(doi));
        }
        if let Some(isbn) = self.isbns.first() {
            item["ISBN"] = json!(isbn);
        }
        if let Some(summary) = &self.summary {
            item["abstract"] = json!(summary);
        }
        if !self.keywords.is_empty() {
            item["keyword"] = json!(self.keywords.join(", "));
        }
        item
    }
}

/// The citation key: `cwa1975` for number 1975 of the series CWA; otherwise the first three
/// words of the title's slug, in ASCII (BibTeX reads keys), and the year.
pub fn key(series: Option<&str>, number: Option<u32>, title: &str, date: Date) -> String {
    let ascii = Slug {
        ascii: true,
        ..Slug::NAME
    };
    if let (Some(series), Some(number)) = (series, number) {
        let series = Slug { join: "", ..ascii }.of(series);
        if !series.is_empty() {
            return format!("{series}{number}");
        }
    }
    let words = Slug { words: 3, ..ascii }.of(title);
    if words.is_empty() {
        format!("folio{}", date.year)
    } else {
        format!("{words}-{}", date.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_series_and_number_or_the_title() {
        let date = Date {
            year: 2025,
            month: 12,
            day: 3,
        };
        assert_eq!(key(Some("CWA"), Some(1975), "x", date), "cwa1975");
        assert_eq!(
            key(None, None, "Pakistan’s Talks: A Review", date),
            "pakistans-talks-a-2025"
        );
        assert_eq!(key(Some("سلسلہ"), Some(4), "طورخم", date), "folio2025");
        assert_eq!(
            key(None, None, "Pakistan-Taliban Peace Talks", date),
            "pakistan-taliban-peace-2025"
        );
        assert_eq!(key(Some("S#1"), Some(7), "x", date), "s17");
    }
}
