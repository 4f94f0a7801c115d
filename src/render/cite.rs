//! "Cite this": an explainer (a numbered report in its series) or a book as the files reference
//! managers import — BibTeX (`<stem>.bib`, written by the `biblatex` crate, which escapes it),
//! RIS (`<stem>.ris`, tags as Zotero reads them for a report) and CSL-JSON (`<stem>.csl.json`,
//! the format citeproc-js, pandoc and Zotero share). All three say the same: title, authors (or
//! a book's editors), date, series and number, publisher, kind, language, DOI, ISBNs, abstract
//! and keywords, from the model alone.

use biblatex::{Chunk, Entry, EntryType, Spanned};
use serde_json::{Value, json};

use super::{Backend, Context, Publication, Rendered};
use crate::diag::Diagnostic;
use crate::model::{Date, PersonName};

/// The three files of `--format cite`: the BibTeX file is the output, RIS and CSL-JSON go
/// beside it.
pub struct CiteFiles;

impl Backend for CiteFiles {
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        let work = Work::of(publication, &cx.brand.brand.publisher.name);
        let stem = publication.stem();
        let bib = work.bibtex().map_err(|e| {
            vec![Diagnostic::error(
                publication.origin(),
                0,
                0,
                format!("cannot write the BibTeX entry: {e}"),
            )]
        })?;
        let csl = serde_json::to_vec_pretty(&json!([work.csl_json()])).unwrap_or_default();
        Ok(Rendered {
            bytes: bib.into_bytes(),
            files: vec![
                (format!("{stem}.ris"), work.ris().into_bytes()),
                (format!("{stem}.csl.json"), csl),
            ],
            pages: None,
            warnings: Vec::new(),
        })
    }
}

/// What the three files describe.
struct Work {
    /// The citation key: series and number (`cwa1975`), else letters and digits of the title.
    key: String,
    book: bool,
    title: String,
    authors: Vec<PersonName>,
    editors: Vec<PersonName>,
    date: Date,
    publisher: String,
    series: Option<String>,
    number: Option<String>,
    /// "PR Explainer": the report's kind.
    genre: Option<String>,
    lang: String,
    doi: Option<String>,
    isbns: Vec<String>,
    summary: Option<String>,
    keywords: Vec<String>,
}

impl Work {
    fn of(publication: Publication, publisher: &str) -> Work {
        match publication {
            Publication::Explainer(doc) => Work {
                key: key(doc.series.as_deref(), doc.number, &doc.title, doc.date),
                book: false,
                title: doc.title.clone(),
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
                genre: doc.kind.clone(),
                lang: doc.lang.tag.clone(),
                doi: doc.doi.clone(),
                isbns: Vec::new(),
                summary: doc.summary.clone(),
                keywords: doc.keywords.clone(),
            },
            Publication::Book(book) => Work {
                key: key(None, None, &book.title, book.date),
                book: true,
                title: match &book.subtitle {
                    Some(sub) => format!("{}: {sub}", book.title),
                    None => book.title.clone(),
                },
                authors: Vec::new(),
                editors: book.editors.iter().map(|e| PersonName::parse(e)).collect(),
                date: book.date,
                publisher: book.publisher.clone(),
                series: None,
                number: None,
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
            },
        }
    }

    /// `@techreport` (a book: `@book`, or `@collection` with editors), as BibTeX.
    fn bibtex(&self) -> Result<String, biblatex::TypeError> {
        let kind = match (self.book, self.editors.is_empty()) {
            (false, _) => EntryType::TechReport,
            (true, true) => EntryType::Book,
            (true, false) => EntryType::Collection,
        };
        let mut entry = Entry::new(self.key.clone(), kind);
        let text = |s: &str| vec![Spanned::zero(Chunk::Normal(s.to_string()))];
        // A name that cannot be split is braced whole, so BibTeX reads it as one.
        let names = |list: &[PersonName]| {
            let mut chunks = Vec::new();
            for (i, name) in list.iter().enumerate() {
                if i > 0 {
                    chunks.push(Spanned::zero(Chunk::Normal(" and ".into())));
                }
                chunks.push(Spanned::zero(match name {
                    PersonName::Literal(n) => Chunk::Verbatim(n.clone()),
                    PersonName::Split { family, given, .. } => {
                        Chunk::Normal(format!("{family}, {given}"))
                    }
                }));
            }
            chunks
        };
        if !self.authors.is_empty() {
            entry.set("author", names(&self.authors));
        }
        if !self.editors.is_empty() {
            entry.set("editor", names(&self.editors));
        }
        entry.set("title", text(&self.title));
        let d = self.date;
        entry.set(
            "date",
            text(&format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        );
        if !self.publisher.is_empty() {
            let field = if self.book {
                "publisher"
            } else {
                "institution"
            };
            entry.set(field, text(&self.publisher));
        }
        if let Some(series) = &self.series {
            entry.set("series", text(series));
        }
        if let Some(number) = &self.number {
            entry.set("number", text(number));
        }
        if let Some(genre) = &self.genre {
            entry.set("type", text(genre));
        }
        entry.set("language", text(&self.lang));
        if let Some(doi) = &self.doi {
            entry.set("doi", text(doi));
            entry.set("url", text(&format!("https://doi.org/{doi}")));
        }
        if let Some(isbn) = self.isbns.first() {
            entry.set("isbn", text(isbn));
        }
        if let Some(summary) = &self.summary {
            entry.set("abstract", text(summary));
        }
        if !self.keywords.is_empty() {
            entry.set("keywords", text(&self.keywords.join(", ")));
        }
        Ok(entry.to_bibtex_string()? + "\n")
    }

    /// RIS, with the tags Zotero reads for a report (`SN` its number, `M3` its kind, `T3` the
    /// series) or a book (`A2` its editors, `SN` its ISBN).
    fn ris(&self) -> String {
        let mut lines: Vec<(&str, String)> =
            vec![("TY", if self.book { "BOOK" } else { "RPRT" }.into())];
        lines.push(("TI", self.title.clone()));
        lines.extend(self.authors.iter().map(|a| ("AU", filed(a))));
        lines.extend(self.editors.iter().map(|e| ("A2", filed(e))));
        let d = self.date;
        lines.push(("PY", format!("{:04}", d.year)));
        lines.push(("DA", format!("{:04}/{:02}/{:02}/", d.year, d.month, d.day)));
        if !self.publisher.is_empty() {
            lines.push(("PB", self.publisher.clone()));
        }
        lines.extend(self.series.iter().map(|s| ("T3", s.clone())));
        lines.extend(self.number.iter().map(|n| ("SN", n.clone())));
        lines.extend(self.isbns.iter().map(|i| ("SN", i.clone())));
        lines.extend(self.genre.iter().map(|g| ("M3", g.clone())));
        lines.push(("LA", self.lang.clone()));
        if let Some(doi) = &self.doi {
            lines.push(("DO", doi.clone()));
            lines.push(("UR", format!("https://doi.org/{doi}")));
        }
        lines.extend(self.summary.iter().map(|s| ("AB", s.clone())));
        lines.extend(self.keywords.iter().map(|k| ("KW", k.clone())));
        lines.push(("ER", String::new()));
        lines
            .into_iter()
            .map(|(tag, value)| format!("{tag}  - {}\n", one_line(&value)))
            .collect()
    }

    /// One CSL-JSON item.
    fn csl_json(&self) -> Value {
        let names = |list: &[PersonName]| -> Vec<Value> {
            list.iter()
                .map(|n| match n {
                    PersonName::Split { family, given, .. } => {
                        json!({"family": family, "given": given})
                    }
                    PersonName::Literal(name) => json!({"literal": name}),
                })
                .collect()
        };
        let d = self.date;
        let mut item = json!({
            "id": self.key,
            "type": if self.book { "book" } else { "report" },
            "title": self.title,
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
        if let Some(genre) = &self.genre {
            item["genre"] = json!(genre);
        }
        if let Some(doi) = &self.doi {
            item["DOI"] = json!(doi);
            item["URL"] = json!(format!("https://doi.org/{doi}"));
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

/// The citation key: `cwa1975` for number 1975 of the series CWA; otherwise the title's first
/// letters and digits (ASCII, lower case) and the year.
fn key(series: Option<&str>, number: Option<u32>, title: &str, date: Date) -> String {
    let ascii = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    if let (Some(series), Some(number)) = (series, number) {
        let series = ascii(series);
        if !series.is_empty() {
            return format!("{series}{number}");
        }
    }
    let words: String = title
        .split_whitespace()
        .map(ascii)
        .filter(|w| !w.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join("-");
    if words.is_empty() {
        format!("folio{}", date.year)
    } else {
        format!("{words}-{}", date.year)
    }
}

/// "Family, Given" as reference managers file a name (the name in another script, which
/// bylines add in brackets, left out); a name that cannot be split whole, as a family name
/// (`Lekshmi MK,`), so no reader splits it.
fn filed(name: &PersonName) -> String {
    match name {
        PersonName::Split { family, given, .. } => format!("{family}, {given}"),
        PersonName::Literal(name) => format!("{name},"),
    }
}

/// `s` on one line (a RIS value ends at the line's end).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
    }
}
