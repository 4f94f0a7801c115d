//! "Cite this": an explainer (a numbered report in its series) or a book as the files reference
//! managers import — BibTeX (`<stem>.bib`, every value escaped for LaTeX),
//! RIS (`<stem>.ris`, tags as Zotero reads them for a report) and CSL-JSON (`<stem>.csl.json`,
//! the format citeproc-js, pandoc and Zotero share). All three say the same: title, authors (or
//! a book's editors), date, series and number, publisher, kind, language, DOI, ISBNs, abstract
//! and keywords, from the model alone.

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
        let bib = work.bibtex();
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

    /// `@techreport` (a book: `@book`, with its editors), as BibTeX: every value escaped for
    /// LaTeX (a backslash, brace, `~` or `^` in a source is a character, never a command), the
    /// title and series braced so styles keep their capitals, each name's parts braced so an
    /// "and" or a comma inside one is not read as a separator.
    fn bibtex(&self) -> String {
        let kind = if self.book { "book" } else { "techreport" };
        let mut fields: Vec<(&str, String)> = Vec::new();
        let names = |list: &[PersonName]| {
            list.iter()
                .map(|name| match name {
                    PersonName::Split {
                        family,
                        given,
                        suffix,
                        ..
                    } if suffix.is_empty() => {
                        format!("{{{}}}, {{{}}}", latex(family), latex(given))
                    }
                    PersonName::Split {
                        family,
                        given,
                        suffix,
                        ..
                    } => format!(
                        "{{{}}}, {{{}}}, {{{}}}",
                        latex(family),
                        latex(suffix),
                        latex(given)
                    ),
                    PersonName::Literal(name) => format!("{{{}}}", latex(name)),
                })
                .collect::<Vec<_>>()
                .join(" and ")
        };
        if !self.authors.is_empty() {
            fields.push(("author", names(&self.authors)));
        }
        if !self.editors.is_empty() {
            fields.push(("editor", names(&self.editors)));
        }
        fields.push(("title", format!("{{{}}}", latex(&self.title))));
        let d = self.date;
        fields.push(("year", format!("{:04}", d.year)));
        fields.push(("month", d.month.to_string()));
        fields.push(("day", d.day.to_string()));
        if !self.publisher.is_empty() {
            let field = if self.book {
                "publisher"
            } else {
                "institution"
            };
            fields.push((field, latex(&self.publisher)));
        }
        if let Some(series) = &self.series {
            fields.push(("series", format!("{{{}}}", latex(series))));
        }
        if let Some(number) = &self.number {
            fields.push(("number", latex(number)));
        }
        if let Some(genre) = &self.genre {
            fields.push(("type", latex(genre)));
        }
        fields.push(("language", latex(&self.lang)));
        if let Some(doi) = &self.doi {
            // Verbatim fields: the DOI as it is (a brace or backslash, which would break the
            // entry and which no registered DOI has, percent-encoded), its address encoded.
            let verbatim = doi
                .replace('\\', "%5C")
                .replace('{', "%7B")
                .replace('}', "%7D");
            fields.push(("doi", verbatim));
            fields.push(("url", crate::model::doi_url(doi)));
        }
        if let Some(isbn) = self.isbns.first() {
            fields.push(("isbn", latex(isbn)));
        }
        if let Some(summary) = &self.summary {
            fields.push(("abstract", latex(summary)));
        }
        if !self.keywords.is_empty() {
            fields.push(("keywords", latex(&self.keywords.join(", "))));
        }
        let mut out = format!("@{kind}{{{},\n", self.key);
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        out.push_str("}\n");
        out
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
            lines.push(("UR", crate::model::doi_url(doi)));
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
        PersonName::Split {
            family,
            given,
            suffix,
            ..
        } if suffix.is_empty() => format!("{family}, {given}"),
        PersonName::Split {
            family,
            given,
            suffix,
            ..
        } => format!("{family}, {given}, {suffix}"),
        PersonName::Literal(name) => format!("{name},"),
    }
}

/// `s` as LaTeX text in a BibTeX value: its characters, never commands. BibTeX counts braces
/// even after a backslash, so `\{` and `\}` (which every reader knows) are used only when the
/// braces pair up; a lone one is written as `\textbraceleft{}`/`\textbraceright{}`.
fn latex(s: &str) -> String {
    let text = one_line(s);
    let mut depth = 0i64;
    let balanced = text.chars().all(|c| {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        depth >= 0
    }) && depth == 0;
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' if !balanced => out.push_str("\\textbraceleft{}"),
            '}' if !balanced => out.push_str("\\textbraceright{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `s` on one line (a RIS value ends at the line's end).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_text_is_characters_and_braces_stay_balanced() {
        assert_eq!(
            latex("a\\b ~ ^ 5% & $ # _"),
            "a\\textbackslash{}b \\textasciitilde{} \\textasciicircum{} 5\\% \\& \\$ \\# \\_"
        );
        assert_eq!(latex("{x}"), "\\{x\\}");
        // A lone brace would end a BibTeX value early, escaped or not.
        assert_eq!(latex("} {"), "\\textbraceright{} \\textbraceleft{}");
    }

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
