//! "Cite this": an explainer (a numbered report in its series) or a book as the files reference
//! managers import — BibTeX (`<stem>.bib`, every value escaped for LaTeX),
//! RIS (`<stem>.ris`, tags as Zotero reads them for a report) and CSL-JSON (`<stem>.csl.json`,
//! the format citeproc-js, pandoc and Zotero share). All three say the same: title, authors (or
//! a book's editors), date, series and number, publisher, kind, language, DOI, ISBNs, abstract
//! and keywords, from the model alone.

use serde_json::json;

use super::format::{CSL_JSON, RIS};
use super::{Backend, Context, Publication, Rendered};
use crate::diag::Diagnostic;
use crate::model::PersonName;
use crate::model::cite::work::Work;

/// The three files of `--format cite`: the BibTeX file is the output, RIS and CSL-JSON go
/// beside it.
pub struct CiteFiles;

impl Backend for CiteFiles {
    fn render(&self, publication: Publication, _: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        let book;
        let work = match publication {
            Publication::Explainer(piece) => &piece.work,
            Publication::Book(b) => {
                book = Work::book(b);
                &book
            }
            Publication::Site(site) => return Err(vec![super::web_only(site, "written")]),
        };
        let stem = publication.stem();
        let bib = bibtex(work);
        let csl = serde_json::to_vec_pretty(&json!([work.csl_json()])).unwrap_or_default();
        Ok(Rendered {
            bytes: bib.into_bytes(),
            files: vec![
                (format!("{stem}{RIS}"), ris(work).into_bytes()),
                (format!("{stem}{CSL_JSON}"), csl),
            ],
            pages: None,
            warnings: Vec::new(),
        })
    }
}

/// `@techreport` (a book: `@book`, with its editors), as BibTeX: every value escaped for
/// LaTeX (a backslash, brace, `~` or `^` in a source is a character, never a command), the
/// title and series braced so styles keep their capitals, each name's parts braced so an
/// "and" or a comma inside one is not read as a separator.
fn bibtex(work: &Work) -> String {
    let kind = if work.book { "book" } else { "techreport" };
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
    if !work.authors.is_empty() {
        fields.push(("author", names(&work.authors)));
    }
    if !work.editors.is_empty() {
        fields.push(("editor", names(&work.editors)));
    }
    fields.push(("title", format!("{{{}}}", latex(&work.full_title()))));
    let d = work.date;
    fields.push(("year", format!("{:04}", d.year)));
    fields.push(("month", d.month.to_string()));
    fields.push(("day", d.day.to_string()));
    if !work.publisher.is_empty() {
        let field = if work.book {
            "publisher"
        } else {
            "institution"
        };
        fields.push((field, latex(&work.publisher)));
    }
    if let Some(series) = &work.series {
        fields.push(("series", format!("{{{}}}", latex(series))));
    }
    if let Some(number) = &work.number {
        fields.push(("number", latex(number)));
    }
    if let Some(genre) = &work.genre {
        fields.push(("type", latex(genre)));
    }
    fields.push(("language", latex(&work.lang)));
    if let Some(doi) = &work.doi {
        // Verbatim fields: the DOI as it is (a brace or backslash, which would break the
        // entry and which no registered DOI has, percent-encoded), its address encoded.
        let verbatim = doi
            .replace('\\', "%5C")
            .replace('{', "%7B")
            .replace('}', "%7D");
        fields.push(("doi", verbatim));
        fields.push(("url", crate::model::doi_url(doi)));
    }
    if let Some(isbn) = work.isbns.first() {
        fields.push(("isbn", latex(isbn)));
    }
    if let Some(summary) = &work.summary {
        fields.push(("abstract", latex(summary)));
    }
    if !work.keywords.is_empty() {
        fields.push(("keywords", latex(&work.keywords.join(", "))));
    }
    let mut out = format!("@{kind}{{{},\n", work.key);
    for (name, value) in fields {
        out.push_str(&format!("  {name} = {{{value}}},\n"));
    }
    out.push_str("}\n");
    out
}

/// RIS, with the tags Zotero reads for a report (`SN` its number, `M3` its kind, `T3` the
/// series) or a book (`A2` its editors, `SN` its ISBN).
fn ris(work: &Work) -> String {
    let mut lines: Vec<(&str, String)> =
        vec![("TY", if work.book { "BOOK" } else { "RPRT" }.into())];
    lines.push(("TI", work.full_title()));
    lines.extend(work.authors.iter().map(|a| ("AU", filed(a))));
    lines.extend(work.editors.iter().map(|e| ("A2", filed(e))));
    let d = work.date;
    lines.push(("PY", format!("{:04}", d.year)));
    lines.push(("DA", format!("{:04}/{:02}/{:02}/", d.year, d.month, d.day)));
    if !work.publisher.is_empty() {
        lines.push(("PB", work.publisher.clone()));
    }
    lines.extend(work.series.iter().map(|s| ("T3", s.clone())));
    lines.extend(work.number.iter().map(|n| ("SN", n.clone())));
    lines.extend(work.isbns.iter().map(|i| ("SN", i.clone())));
    lines.extend(work.genre.iter().map(|g| ("M3", g.clone())));
    lines.push(("LA", work.lang.clone()));
    if let Some(doi) = &work.doi {
        lines.push(("DO", doi.clone()));
        lines.push(("UR", crate::model::doi_url(doi)));
    }
    lines.extend(work.summary.iter().map(|s| ("AB", s.clone())));
    lines.extend(work.keywords.iter().map(|k| ("KW", k.clone())));
    lines.push(("ER", String::new()));
    lines
        .into_iter()
        .map(|(tag, value)| format!("{tag}  - {}\n", one_line(&value)))
        .collect()
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

/// `s` on one line, its spaces collapsed (a RIS value ends at the line's end).
pub(crate) fn one_line(s: &str) -> String {
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
}
