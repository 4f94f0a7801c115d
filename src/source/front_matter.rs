//! The YAML front matter: typed keys (issue #3's schema), with errors that point at a line.
//!
//! serde does the typing (`deny_unknown_fields` catches misspelt keys); this module turns serde's
//! messages into diagnostics with the file's own line numbers and a "did you mean" hint, then
//! assembles the [`Document`] from the front matter and the parsed body.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::images::ImageStore;
use super::markdown::Body;
use crate::diag::{Diagnostic, closest};
use crate::model::{
    Author, Cite, CiteItem, Date, Document, HeroImage, Lang, PartialDate, Reference, ReferenceKind,
    SourceMap, normalize_url,
};

/// Line of the front matter's first key: the `---` is line 1.
pub const FIRST_YAML_LINE: usize = 2;

/// The front matter's keys, declared once: what a source may say (read here, `deny_unknown_fields`
/// naming a misspelt key and serde's list of the others giving the "did you mean"), in the order
/// `folio import` writes them (it writes this struct). `folio new`'s template shows each one.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The volume and issue a periodical series gives the piece ("Vol. 2, No. 25").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authors: Option<Vec<AuthorMeta>>,
    /// One author's name, the shorthand for `authors:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageMeta>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ReferenceMeta>,
}

/// One of `authors:`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorMeta {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orcid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `image:`, the hero image.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImageMeta {
    pub src: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// One of `references:`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Names>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub editor: Option<Names>,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isbn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessed: Option<String>,
}

/// One name or a list of names.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    fn into_vec(self) -> Vec<String> {
        match self {
            Names::One(n) => vec![n],
            Names::Many(v) => v,
        }
    }
}

/// The keys of the front matter's top level, as [`FrontMatter`] declares them (serde's own
/// list of its fields).
pub fn keys() -> &'static [&'static str] {
    use serde::de::{Error, Visitor, value};
    /// A deserializer that only notes the fields a struct asks for.
    struct Fields<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Fields<'_> {
        type Error = value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, value::Error> {
            Err(value::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, value::Error> {
            *self.0 = fields;
            Err(value::Error::custom("fields noted"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = FrontMatter::deserialize(Fields(&mut fields));
    fields
}

/// Where the front matter's text is, for locating keys after serde has done its work.
pub struct Meta<'t> {
    fields: FrontMatter,
    yaml: &'t str,
}

/// Deserialises the YAML between the `---` lines.
pub fn parse<'t>(path: &Path, yaml: &'t str) -> Result<Meta<'t>, Vec<Diagnostic>> {
    if yaml.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(path, 1, 1, "the front matter is empty")
                .with_help("add at least `title:`, `date:` and `author:`"),
        ]);
    }
    match serde_yaml_ng::from_str::<FrontMatter>(yaml) {
        Ok(fields) => Ok(Meta { fields, yaml }),
        Err(e) => Err(vec![yaml_error(path, &e)]),
    }
}

fn yaml_error(path: &Path, e: &serde_yaml_ng::Error) -> Diagnostic {
    let (line, column) = e
        .location()
        .map_or((1, 1), |l| (l.line() + FIRST_YAML_LINE - 1, l.column()));
    let full = e.to_string();
    // serde_yaml_ng appends its own (front-matter relative) position; ours replaces it.
    let message = match full.rfind(" at line ") {
        Some(i) if e.location().is_some() => full[..i].to_string(),
        _ => full,
    };
    let message = shift_line_numbers(&message, FIRST_YAML_LINE - 1);
    let mut diag;
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|list| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let scope = message
            .split(": unknown field")
            .next()
            .filter(|s| !s.contains(' '));
        let what = match scope {
            Some(s) if !s.is_empty() => format!("unknown key `{key}` in `{s}`"),
            _ => format!("unknown key `{key}`"),
        };
        diag = Diagnostic::error(path, line, column, what);
        diag = match closest(key, expected.iter().copied()) {
            Some(best) => diag.with_help(format!("did you mean `{best}`?")),
            None => diag.with_help(format!("known keys: {}", expected.join(", "))),
        };
    } else {
        let message = message.replace("expected u32", "expected a whole number");
        // serde_yaml_ng prefixes the key path ("number: invalid type…"); quote it.
        let message = match message.split_once(": ") {
            Some((key, rest)) if !key.contains(' ') => format!("`{key}`: {rest}"),
            _ => message,
        };
        diag = Diagnostic::error(path, line, column, message);
    }
    diag
}

/// Rewrites "line N" inside a YAML message (relative to the front matter) as a file line.
fn shift_line_numbers(message: &str, by: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if let Ok(n) = rest[..digits].parse::<usize>() {
            out.push_str(&(n + by).to_string());
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Finds the line and column of a top-level `key:` in the front matter (for errors serde cannot
/// place, such as a missing or empty value).
fn key_position(yaml: &str, key: &str) -> (usize, usize) {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or((1, 1), |i| (i + FIRST_YAML_LINE, 1))
}

/// Assembles the [`Document`] once body and metadata are both parsed.
pub fn build(
    path: &Path,
    meta: Meta<'_>,
    body: Body,
    map: &SourceMap,
    images: &mut ImageStore,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Document, Vec<Diagnostic>> {
    let Meta { fields: fm, yaml } = meta;
    let mut errors = Vec::new();
    let err_at = |key: &str, msg: String| {
        let (line, col) = key_position(yaml, key);
        Diagnostic::error(path, line, col, msg)
    };

    let title = prose(fm.title.as_deref()).unwrap_or_default();
    if fm.title.is_none() {
        errors.push(
            Diagnostic::error(path, 1, 1, "missing required key `title`")
                .with_help("add `title: \"…\"` to the front matter"),
        );
    } else if title.is_empty() {
        errors.push(err_at("title", "`title` is empty".into()));
    }
    let date = match fm.date.as_deref().map(str::trim) {
        None => {
            errors.push(
                Diagnostic::error(path, 1, 1, "missing required key `date`")
                    .with_help("add the publication date, e.g. `date: 2025-12-31`"),
            );
            None
        }
        Some(text) => match Date::parse_iso(text) {
            Ok(d) => Some(d),
            Err(msg) => {
                errors.push(
                    err_at("date", msg)
                        .with_help("write the date as YYYY-MM-DD, e.g. `date: 2025-12-31`"),
                );
                None
            }
        },
    };

    let mut authors: Vec<Author> = Vec::new();
    match (fm.author, fm.authors) {
        (Some(_), Some(_)) => errors.push(
            err_at("author", "both `author` and `authors` are given".into())
                .with_help("use `authors:` (a list) or the `author:` shorthand, not both"),
        ),
        (Some(name), None) => authors.push(Author {
            name: clean(Some(&name)).unwrap_or_default(),
            bio: None,
            affiliation: None,
            email: None,
            orcid: None,
        }),
        (None, Some(list)) => authors.extend(list.into_iter().map(|a| Author {
            name: clean(Some(&a.name)).unwrap_or_default(),
            bio: prose(a.bio.as_deref()),
            affiliation: prose(a.affiliation.as_deref()),
            email: clean(a.email.as_deref()),
            orcid: clean(a.orcid.as_deref()),
        })),
        (None, None) => errors.push(
            Diagnostic::error(path, 1, 1, "missing required key `authors`").with_help(
                "add `author: \"Name\"`, or `authors:` with a `name:` (and `bio:`) per author",
            ),
        ),
    }
    if authors.iter().any(|a| a.name.is_empty()) {
        errors.push(err_at("authors", "an author has an empty `name`".into()));
    } else if authors.is_empty() && errors.is_empty() {
        errors.push(err_at(
            "authors",
            "`authors` is empty: at least one author is required".into(),
        ));
    }

    let lang = match parse_lang(fm.lang.as_deref().unwrap_or("en")) {
        Ok(l) => l,
        Err(msg) => {
            errors.push(
                err_at("lang", msg)
                    .with_help("use a BCP 47 tag such as `en`, `en-GB`, `ur` or `hi-IN`"),
            );
            parse_lang("en").expect("`en` is a valid tag")
        }
    };

    let image = fm.image.map(|img| {
        let (line, _) = key_position(yaml, "image");
        HeroImage {
            path: images.add(&img.src, line, 1),
            alt: prose(img.alt.as_deref()),
            credit: prose(img.credit.as_deref()),
        }
    });

    let references = references(path, fm.references, map, &err_at, &mut errors, warnings);
    let citations = resolve_citations(path, &body.cites, &references, &mut errors);

    let doi = match clean(fm.doi.as_deref()).map(|text| bare_doi(&text)) {
        None => None,
        Some(Ok(doi)) => Some(doi),
        Some(Err(text)) => {
            errors.push(
                err_at("doi", format!("`{text}` is not a DOI"))
                    .with_help("write it as `10.` + the registrant's number + `/` + its suffix, e.g. `doi: 10.5281/zenodo.1234567`"),
            );
            None
        }
    };

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Document {
        title,
        subtitle: prose(fm.subtitle.as_deref()),
        kind: prose(fm.kind.as_deref()),
        series: clean(fm.series.as_deref()),
        number: fm.number,
        date: date.expect("checked above"),
        lang,
        authors,
        keywords: fm.keywords.iter().filter_map(|k| clean(Some(k))).collect(),
        image,
        references,
        citations,
        summary: prose(fm.summary.as_deref()),
        doi,
        volume: clean(fm.volume.as_deref()),
        issue: clean(fm.issue.as_deref()),
        lede: body.lede,
        sections: body.sections,
        footnotes: body.footnotes,
        assets: Vec::new(),
        source_path: path.to_path_buf(),
        source_map: Default::default(),
    })
}

/// The references of the front matter, checked: a title each, a known `type`, dates a CSL
/// processor can read, unique ids, an institution only where a style prints one. Errors point at
/// the reference's own key.
fn references(
    path: &Path,
    metas: Vec<ReferenceMeta>,
    map: &SourceMap,
    err_at: &dyn Fn(&str, String) -> Diagnostic,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut ids: Vec<(String, usize)> = Vec::new();
    for (i, r) in metas.into_iter().enumerate() {
        let n = i + 1;
        let at = |field: &str, msg: String| match map
            .field("references", i, field)
            .or_else(|| map.item("references", i))
        {
            Some(p) => Diagnostic::error(path, p.line, p.column, msg),
            None => err_at("references", msg),
        };
        if clean(Some(&r.title)).is_none() {
            errors.push(at("title", format!("reference {n} has an empty `title`")));
        }
        let kind = match clean(r.kind.as_deref()) {
            None => None,
            Some(name) => match ReferenceKind::from_name(&name) {
                Some(k) => Some(k),
                None => {
                    let names = ReferenceKind::ALL.iter().map(|(n, _)| *n);
                    let help = match crate::diag::closest(&name, names.clone()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("known types: {}", names.collect::<Vec<_>>().join(", ")),
                    };
                    errors.push(
                        at(
                            "type",
                            format!("reference {n} has an unknown type `{name}`"),
                        )
                        .with_help(help),
                    );
                    None
                }
            },
        };
        let id = clean(r.id.as_deref());
        if let Some(id) = &id {
            if !id
                .chars()
                .all(|c| c.is_alphanumeric() || "_-:./".contains(c))
                || !id.starts_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                errors.push(
                    at(
                        "id",
                        format!("reference {n} has the id `{id}`, which `[@…]` cannot name"),
                    )
                    .with_help(
                        "use letters, digits and `_ - : . /`, starting with a letter or digit",
                    ),
                );
            } else if let Some((_, first)) = ids.iter().find(|(other, _)| other == id) {
                errors.push(at(
                    "id",
                    format!("reference {n} has the id `{id}` of reference {first} already"),
                ));
            } else {
                ids.push((id.clone(), n));
            }
        }
        // A date a style cannot read was free text before dates were read: the source still
        // builds, and the reference is listed without it, with a warning.
        let mut date_of = |field: &str, text: Option<&str>| {
            let text = clean(text)?;
            match PartialDate::parse(&text) {
                Some(d) => Some(d),
                None => {
                    let d = at(field, String::new());
                    warnings.push(
                        Diagnostic::warning(
                            path,
                            d.line,
                            d.column,
                            format!("reference {n} has the date `{text}`, which is not a date; the reference is listed without it"),
                        )
                        .with_help("write it as YYYY-MM-DD (or YYYY-MM, or YYYY), e.g. `2025-12-03`"),
                    );
                    None
                }
            }
        };
        let date = date_of("date", r.date.as_deref());
        let accessed = date_of("accessed", r.accessed.as_deref());
        let publisher = match (
            prose(r.publisher.as_deref()),
            prose(r.institution.as_deref()),
        ) {
            (Some(p), Some(_)) => {
                errors.push(
                    at(
                        "institution",
                        format!("reference {n} has both a `publisher` and an `institution`"),
                    )
                    .with_help(
                        "a report's or thesis's institution is its publisher: keep one of them",
                    ),
                );
                Some(p)
            }
            (Some(p), None) => Some(p),
            (None, Some(inst)) => {
                if !matches!(kind, Some(ReferenceKind::Report | ReferenceKind::Thesis)) {
                    errors.push(
                        at(
                            "institution",
                            format!(
                                "reference {n} has an `institution` but is not a report or thesis"
                            ),
                        )
                        .with_help("write `publisher:`, or `type: report` / `type: thesis`"),
                    );
                }
                Some(inst)
            }
            (None, None) => None,
        };
        let doi = match clean(r.doi.as_deref()).map(|t| bare_doi(&t)) {
            None => None,
            Some(Ok(d)) => Some(d),
            Some(Err(t)) => {
                errors.push(at(
                    "doi",
                    format!("reference {n} has `{t}`, which is not a DOI"),
                ));
                None
            }
        };
        let names = |names: Option<Names>| -> Vec<String> {
            names
                .map(Names::into_vec)
                .unwrap_or_default()
                .iter()
                .filter_map(|a| prose(Some(a)))
                .collect()
        };
        out.push(Reference {
            number: n,
            id,
            kind,
            author: names(r.author),
            editor: names(r.editor),
            title: prose(Some(&r.title)).unwrap_or_default(),
            container: prose(r.container.as_deref()),
            publisher,
            place: prose(r.place.as_deref()),
            volume: clean(r.volume.as_deref()),
            issue: clean(r.issue.as_deref()),
            pages: clean(r.pages.as_deref()),
            edition: clean(r.edition.as_deref()),
            report_number: clean(r.number.as_deref()),
            genre: prose(r.genre.as_deref()),
            doi,
            isbn: clean(r.isbn.as_deref()),
            date,
            url: clean(r.url.as_deref()).map(|u| normalize_url(&u)),
            accessed,
        });
    }
    out
}

/// The body's `[@id]` citations with the references they name; an id no reference has is an
/// error at the citation.
fn resolve_citations(
    path: &Path,
    found: &[super::citation::FoundCite],
    references: &[Reference],
    errors: &mut Vec<Diagnostic>,
) -> Vec<Cite> {
    let ids: Vec<&str> = references.iter().filter_map(|r| r.id.as_deref()).collect();
    // A text without references cites nothing: `[@x]` there is what it says (a handle).
    if references.is_empty() {
        return found
            .iter()
            .map(|f| Cite {
                items: Vec::new(),
                text: f.text.clone(),
            })
            .collect();
    }
    found
        .iter()
        .map(|f| Cite {
            text: f.text.clone(),
            items: f
                .items
                .iter()
                .filter_map(|(id, locator)| {
                    match references.iter().position(|r| r.id.as_deref() == Some(id)) {
                        Some(reference) => Some(CiteItem {
                            id: id.clone(),
                            reference,
                            locator: locator.clone(),
                        }),
                        None => {
                            let mut d = Diagnostic::error(
                                path,
                                f.line,
                                f.column,
                                format!("`[@{id}]` cites no reference: none has the id `{id}`"),
                            );
                            d = match crate::diag::closest(id, ids.iter().copied()) {
                                Some(best) => d.with_help(format!("did you mean `@{best}`?")),
                                None if ids.is_empty() => d.with_help(
                                    "give the reference `id: …` in the front matter's `references`",
                                ),
                                None => d.with_help(format!("the ids are: {}", ids.join(", "))),
                            };
                            errors.push(d);
                            None
                        }
                    }
                })
                .collect(),
        })
        .collect()
}

/// A DOI as written (`10.1000/xyz`, `doi:10.1000/xyz`, or a doi.org address, whose path is
/// percent-decoded and whose query and fragment are not part of it) without its prefix; the
/// text back if it is none: `10.`, the registrant's dotted number, `/`, a suffix of visible
/// characters.
fn bare_doi(text: &str) -> Result<String, String> {
    let lower = text.to_ascii_lowercase();
    let doi = if lower.starts_with("http://") || lower.starts_with("https://") {
        let url = url::Url::parse(text).map_err(|_| text.to_string())?;
        let host = url.host_str().unwrap_or_default();
        if !matches!(host, "doi.org" | "dx.doi.org" | "www.doi.org") {
            return Err(text.to_string());
        }
        let path = url.path().trim_start_matches('/');
        percent_decode(path).ok_or_else(|| text.to_string())?
    } else if lower.starts_with("doi:") {
        text[4..].trim().to_string()
    } else {
        text.to_string()
    };
    let valid = doi
        .strip_prefix("10.")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(registrant, suffix)| {
            !registrant.is_empty()
                && registrant
                    .split('.')
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                && !suffix.is_empty()
                // Visible characters only: no spaces, controls or invisible format marks.
                && !suffix.chars().any(|c| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}')
                })
        });
    if valid {
        Ok(doi)
    } else {
        Err(text.to_string())
    }
}

/// `%XX` sequences as the UTF-8 they encode; `None` if they do not make UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Trims and drops empty strings; folds internal line breaks of YAML block scalars into spaces;
/// removes control characters and the two non-characters XML forbids (YAML escapes such as
/// `"\u0001"` can produce them, and they mean nothing in a title or a bio).
/// [`clean`] text that is prose (titles, bios, captions, citations): with the same smart
/// punctuation as the Markdown body (comrak's `smart`), so a subtitle's apostrophe matches the
/// text's.
fn prose(s: Option<&str>) -> Option<String> {
    clean(s).map(|s| crate::model::smart_punctuation(&s))
}

fn clean(s: Option<&str>) -> Option<String> {
    let s = s?
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|&c| !c.is_control() && !matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!s.is_empty()).then_some(s)
}

/// Validates a BCP 47 tag's shape and splits off language and region.
pub fn parse_lang(tag: &str) -> Result<Lang, String> {
    let parts: Vec<&str> = tag.split(['-', '_']).collect();
    let language = parts[0].to_ascii_lowercase();
    let ok_lang =
        (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
    let ok_rest = parts[1..]
        .iter()
        .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !ok_lang || !ok_rest {
        return Err(format!("`{tag}` is not a valid language tag"));
    }
    let region = parts[1..]
        .iter()
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|p| p.to_ascii_uppercase());
    let script_arab = parts[1..].iter().any(|p| p.eq_ignore_ascii_case("arab"));
    let rtl = matches!(
        language.as_str(),
        "ar" | "fa" | "ur" | "ps" | "he" | "yi" | "sd" | "ug" | "ckb" | "dv"
    ) || script_arab;
    Ok(Lang {
        tag: tag.replace('_', "-"),
        language,
        region,
        dir: if rtl { "rtl" } else { "ltr" },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(yaml: &str) -> Diagnostic {
        parse(Path::new("a.md"), yaml)
            .err()
            .expect("should fail")
            .remove(0)
    }

    #[test]
    fn unknown_key_names_it_and_suggests() {
        let d = err("title: A\ndate: 2025-01-01\nsubtitel: B\n");
        assert_eq!(d.line, 4);
        assert!(
            d.message.contains("unknown key `subtitel`"),
            "{}",
            d.message
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `subtitle`?"));
    }

    #[test]
    fn invalid_date_points_at_its_line() {
        let src = "---\ntitle: A\ndate: 2025-02-30\nauthor: X\n---\nBody\n";
        let d = crate::source::parse(Path::new("a.md"), src.as_bytes())
            .unwrap_err()
            .remove(0);
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.message.contains("2025-02-30"), "{}", d.message);
    }

    #[test]
    fn a_doi_is_kept_bare_however_it_is_written_and_a_wrong_one_is_an_error_at_its_line() {
        for written in [
            "10.5281/zenodo.1234567",
            "doi:10.5281/zenodo.1234567",
            "https://doi.org/10.5281/zenodo.1234567",
            "https://dx.doi.org/10.5281/zenodo.1234567",
        ] {
            assert_eq!(bare_doi(written).as_deref(), Ok("10.5281/zenodo.1234567"));
        }
        for wrong in [
            "5281/zenodo",
            "10./x",
            "10.12a/x",
            "10.1234/",
            "10.1234/a b",
        ] {
            assert!(bare_doi(wrong).is_err(), "{wrong}");
        }
        let src = "---\ntitle: A\ndate: 2025-02-03\nauthor: X\ndoi: 10.1234\n---\nBody\n";
        let d = crate::source::parse(Path::new("a.md"), src.as_bytes())
            .unwrap_err()
            .remove(0);
        assert_eq!((d.line, d.column), (5, 1));
        assert!(
            d.message.contains("`10.1234` is not a DOI"),
            "{}",
            d.message
        );
    }

    #[test]
    fn wrong_type_is_an_error() {
        let d = err("title: A\nnumber: many\n");
        assert_eq!(d.line, 3);
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn languages() {
        assert_eq!(parse_lang("ur").unwrap().dir, "rtl");
        let l = parse_lang("en-GB").unwrap();
        assert_eq!(
            (l.language.as_str(), l.region.as_deref(), l.dir),
            ("en", Some("GB"), "ltr")
        );
        assert!(parse_lang("english!").is_err());
        assert!(parse_lang("").is_err());
    }
}
