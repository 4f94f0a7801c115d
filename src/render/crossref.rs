//! The Crossref deposit (`--format crossref`): the metadata that registers a publication's
//! DOIs, in Crossref's schema 5.3.1 (`doi_batch`). An explainer is a report (`report-paper`,
//! in its series when `folio.toml` gives the series' ISSN); a book is an edited book with one
//! `content_item` per chapter that has a DOI; a site deposits the explainers it was given
//! ([`Site::deposit`](crate::model::Site)) as reports in one file.
//!
//! This module decides what each record says (names split for Crossref, the ORCID as an
//! address, the abstract, the references and their DOIs, the page each DOI resolves to, the
//! batch id and timestamp); `templates/crossref/deposit.xml` writes it as XML, escaping every
//! value. Who deposits comes from `folio.toml` through the output's [`Place`](super::Place);
//! nothing is read here, and the same publication gives the same bytes.

use std::path::PathBuf;

use minijinja::context;
use serde::Serialize;

use super::cite::one_line;
use super::html::{environment, render_template, v};
use super::{Backend, Context, Publication, Rendered};
use crate::diag::Diagnostic;
use crate::model::{Block, Book, Date, PersonName, Piece, file_stem, plain_text};

/// The template the deposit is written with.
const TEMPLATE: &str = "crossref/deposit.xml";

/// Who deposits, and where the DOIs resolve: `folio.toml`'s `[crossref]` and `[site]
/// base_url` (see `project::depositor`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Depositor {
    /// The organisation sending the deposit.
    pub name: String,
    /// Where Crossref mails its report on the deposit.
    pub email: String,
    /// The organisation responsible for the records.
    pub registrant: String,
    /// The series' ISSN: with it, an explainer is a report in its series.
    pub issn: Option<String>,
    /// The site's address, ending in `/`: an explainer's page is `{base_url}{stem}/`.
    pub base_url: String,
    /// The timestamp of the last deposit folio wrote of these DOIs (a site keeps it): a new
    /// deposit's is later, so Crossref takes it as an update.
    pub after: u64,
    /// The `folio.toml` these settings came from.
    pub toml: PathBuf,
}

/// `--format crossref`: `<stem>.crossref.xml`.
pub struct Deposit;

impl Backend for Deposit {
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        let origin = publication.origin();
        let Some(depositor) = &cx.place.depositor else {
            return Err(vec![
                Diagnostic::error(origin, 0, 0, "a Crossref deposit needs its depositor")
                    .with_help("set `[crossref]` and `[site] base_url` in folio.toml"),
            ]);
        };
        let (body, date) = match publication {
            Publication::Explainer(piece) => {
                let report = report(piece, depositor).map_err(|d| vec![d])?;
                (Body::Reports(vec![report]), piece.doc.date)
            }
            Publication::Book(book) => (
                Body::Book(Box::new(edited_book(book, depositor)?)),
                book.date,
            ),
            Publication::Site(site) => {
                let reports = (site.deposit.iter())
                    .map(|piece| report(piece, depositor))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|d| vec![d])?;
                let date = (site.deposit.iter().map(|p| p.doc.date).max()).unwrap_or(site.date);
                (Body::Reports(reports), date)
            }
        };
        let timestamp = cx
            .settings
            .timestamp
            .unwrap_or_else(|| timestamp(date, depositor.after));
        let bytes = write(&body, depositor, timestamp, cx)?;
        Ok(Rendered {
            bytes,
            files: Vec::new(),
            pages: None,
            warnings: Vec::new(),
        })
    }
}

/// The identity of `piece`'s record as `depositor` would deposit it: the same for the same
/// record, different when anything it says changes (a site deposits only what changed).
/// `None` when it has no DOI.
pub fn fingerprint(piece: &Piece, depositor: &Depositor) -> Option<String> {
    let report = report(piece, depositor).ok()?;
    let mut h = crate::hash::Hasher::new();
    h.add(&serde_json::to_vec(&report).unwrap_or_default());
    Some(h.finish())
}

/// What a deposit registers: reports, or one book and its chapters (a deposit holds one kind).
#[derive(Serialize)]
#[serde(tag = "kind", content = "records", rename_all = "kebab-case")]
enum Body {
    Reports(Vec<Report>),
    Book(Box<EditedBook>),
}

/// An explainer as a report.
#[derive(Serialize)]
struct Report {
    /// Its series, when the depositor gives the series' ISSN (Crossref needs one).
    series: Option<Series>,
    publisher: String,
    #[serde(flatten)]
    record: Record,
}

#[derive(Serialize)]
struct Series {
    title: String,
    issn: String,
}

/// What an explainer's record says, alone or as a book's chapter.
#[derive(Serialize)]
struct Record {
    lang: String,
    contributors: Vec<Contributor>,
    title: String,
    subtitle: Option<String>,
    /// The abstract's paragraphs: the summary, or the lede's.
    summary: Vec<String>,
    date: DateParts,
    /// Its number in the series, as the report number.
    number: Option<String>,
    doi: String,
    /// Its web page.
    resource: String,
    citations: Vec<Citation>,
}

/// A book (the annual or a collection) as an edited book.
#[derive(Serialize)]
struct EditedBook {
    lang: String,
    editors: Vec<Contributor>,
    title: String,
    subtitle: Option<String>,
    date: DateParts,
    isbns: Vec<Isbn>,
    publisher: String,
    /// The chapters with a DOI, each with its number in the book.
    chapters: Vec<(usize, Record)>,
}

#[derive(Serialize)]
struct Isbn {
    value: String,
    /// `print` or `electronic`.
    media: &'static str,
}

#[derive(Serialize)]
struct DateParts {
    year: String,
    month: String,
    day: String,
}

impl From<Date> for DateParts {
    fn from(d: Date) -> Self {
        DateParts {
            year: format!("{:04}", d.year),
            month: format!("{:02}", d.month),
            day: format!("{:02}", d.day),
        }
    }
}

/// One person or organisation, as Crossref files them.
#[derive(Serialize)]
struct Contributor {
    /// `author` or `editor`.
    role: &'static str,
    /// The first of the list (`sequence="first"`).
    first: bool,
    /// A person's names; `None` for an organisation.
    given: Option<String>,
    surname: Option<String>,
    suffix: Option<String>,
    /// An organisation's name (or a name Crossref would not take as a person's).
    organization: Option<String>,
    orcid: Option<String>,
}

/// One reference: by its DOI, or as the house style writes it.
#[derive(Serialize)]
struct Citation {
    key: String,
    doi: Option<String>,
    text: Option<String>,
}

/// `piece` as a report, or an error at its title (or the front matter's top) when it has no
/// DOI.
fn report(piece: &Piece, depositor: &Depositor) -> Result<Report, Diagnostic> {
    let series = match (&piece.work.series, &depositor.issn) {
        (Some(title), Some(issn)) => Some(Series {
            title: title.clone(),
            issn: issn.clone(),
        }),
        _ => None,
    };
    Ok(Report {
        series,
        publisher: piece.work.publisher.clone(),
        record: record(piece, depositor)?,
    })
}

fn record(piece: &Piece, depositor: &Depositor) -> Result<Record, Diagnostic> {
    let Piece {
        doc, work, back, ..
    } = piece;
    let Some(doi) = &work.doi else {
        let at = doc.source_map.key("title").unwrap_or_default();
        let (line, column) = if at.line > 0 {
            (at.line, at.column)
        } else {
            (1, 1)
        };
        return Err(Diagnostic::error(
            &doc.source_path,
            line,
            column,
            format!("`{}` has no DOI, which a Crossref deposit registers", doc.title),
        )
        .with_help("add the DOI your registrant assigned it to the front matter: `doi: 10.12345/example.1`"));
    };
    let contributors = work
        .authors
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let orcid = doc.authors.get(i).and_then(|a| a.orcid.as_deref());
            contributor(name, orcid, "author", i == 0)
        })
        .collect();
    let summary = match &doc.summary {
        Some(summary) => vec![one_line(summary)],
        None => doc
            .lede
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { content } => Some(one_line(&plain_text(content))),
                _ => None,
            })
            .filter(|p| !p.is_empty())
            .collect(),
    };
    let citations = if back.references.is_empty() {
        // No house style formatted them: each by its DOI, or its title.
        (doc.references.iter())
            .map(|r| Citation {
                key: format!("ref-{}", r.number),
                doi: r.doi.clone(),
                text: r.doi.is_none().then(|| one_line(&r.title)),
            })
            .collect()
    } else {
        (back.references.iter())
            .map(|entry| {
                let doi = (entry.reference)
                    .and_then(|i| doc.references.get(i))
                    .and_then(|r| r.doi.clone());
                Citation {
                    key: entry.id.clone(),
                    text: doi.is_none().then(|| one_line(&plain_text(&entry.content))),
                    doi,
                }
            })
            .collect()
    };
    Ok(Record {
        lang: doc.lang.language.clone(),
        contributors,
        title: one_line(&work.title),
        subtitle: doc.subtitle.as_deref().map(one_line),
        summary,
        date: doc.date.into(),
        number: work.number.clone(),
        doi: doi.clone(),
        resource: page(depositor, &file_stem(&doc.source_path)),
        citations,
    })
}

/// `book` as an edited book with its chapters that have a DOI; an error when none has.
fn edited_book(book: &Book, depositor: &Depositor) -> Result<EditedBook, Vec<Diagnostic>> {
    let work = crate::model::cite::work::Work::book(book);
    let chapters: Vec<(usize, Record)> = book
        .chapters
        .iter()
        .filter(|ch| ch.piece.work.doi.is_some())
        .map(|ch| record(&ch.piece, depositor).map(|r| (ch.number, r)))
        .collect::<Result<_, _>>()
        .map_err(|d| vec![d])?;
    if chapters.is_empty() {
        return Err(vec![
            Diagnostic::error(
                &book.origin,
                0,
                0,
                "no chapter of the book has a DOI, so a Crossref deposit would register nothing",
            )
            .with_help("add `doi:` to the front matter of the chapters to register"),
        ]);
    }
    let isbns = [(&book.isbn_print, "print"), (&book.isbn_epub, "electronic")]
        .into_iter()
        .filter_map(|(isbn, media)| {
            isbn.as_ref().map(|value| Isbn {
                value: value.clone(),
                media,
            })
        })
        .collect();
    Ok(EditedBook {
        lang: book.lang.language.clone(),
        editors: (work.editors.iter().enumerate())
            .map(|(i, name)| contributor(name, None, "editor", i == 0))
            .collect(),
        title: one_line(&book.title),
        subtitle: book.subtitle.as_deref().map(one_line),
        date: book.date.into(),
        isbns,
        publisher: book.publisher.clone(),
        chapters,
    })
}

/// The deposit of `body` by `depositor` at `timestamp`, as XML.
fn write(
    body: &Body,
    depositor: &Depositor,
    timestamp: u64,
    cx: &Context,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    // The batch id names the content: the same deposit always has the same id.
    let mut h = crate::hash::Hasher::new();
    h.add(&serde_json::to_vec(body).unwrap_or_default());
    h.add(depositor.name.as_bytes());
    h.add(depositor.registrant.as_bytes());
    h.add(timestamp.to_string().as_bytes());
    let batch_id = format!("folio-{}", &h.finish()[..32]);
    let env = environment(cx)?;
    let ctx = context! {
        batch_id => batch_id,
        timestamp => timestamp,
        depositor => context! {
            name => &depositor.name,
            email => &depositor.email,
            registrant => &depositor.registrant,
        },
        body => v(body),
    };
    // minijinja drops the template's last newline; a text file ends with one.
    render_template(env, TEMPLATE, &ctx).map(|xml| format!("{xml}\n").into_bytes())
}

/// The timestamp of a deposit of work published on `date`: the date as `yyyymmdd000000`, or
/// one more than `after` (the last deposit's), whichever is later.
pub fn timestamp(date: Date, after: u64) -> u64 {
    let day =
        (date.year.max(0) as u64) * 10_000 + u64::from(date.month) * 100 + u64::from(date.day);
    (day * 1_000_000).max(after + 1)
}

/// The web page of the explainer `stem` on the site at `depositor.base_url`, as the site puts
/// it (`{base_url}{stem}/`), in ASCII.
fn page(depositor: &Depositor, stem: &str) -> String {
    let segment =
        crate::model::percent_encoded(stem, |c| c.is_ascii_alphanumeric() || "-._~".contains(c));
    format!("{}{segment}/", depositor.base_url)
}

/// `name` as Crossref files a contributor: given name and surname (each at most 60
/// characters, without digits), else as an organisation. A literal name of one to three words
/// ("Lekshmi MK") is a person's surname; a longer one, or one with "and" in it, an
/// organisation's.
fn contributor(
    name: &PersonName,
    orcid: Option<&str>,
    role: &'static str,
    first: bool,
) -> Contributor {
    let fits = |s: &str| {
        let n = s.chars().count();
        n > 0 && n <= 60 && !s.chars().any(|c| c.is_ascii_digit() || c == '?')
    };
    let orcid = orcid.and_then(orcid_address);
    let person = |given: Option<&String>, surname: &str, suffix: Option<&str>| Contributor {
        role,
        first,
        given: given.cloned(),
        surname: Some(surname.to_string()),
        suffix: suffix
            .filter(|s| !s.is_empty() && s.chars().count() <= 10)
            .map(str::to_string),
        organization: None,
        orcid: orcid.clone(),
    };
    let organization = |name: &str| Contributor {
        role,
        first,
        given: None,
        surname: None,
        suffix: None,
        organization: Some(name.chars().take(511).collect()),
        orcid: None,
    };
    match name {
        PersonName::Split {
            family,
            given,
            suffix,
            ..
        } if fits(family) && fits(given) => person(Some(given), family, Some(suffix.as_str())),
        PersonName::Split { .. } => organization(&name.inverted()),
        PersonName::Literal(name) => {
            let words: Vec<&str> = name.split_whitespace().collect();
            let institution =
                words.len() > 3 || words.iter().any(|w| w.eq_ignore_ascii_case("and"));
            if !institution && fits(name) {
                person(None, name, None)
            } else {
                organization(name)
            }
        }
    }
}

/// An ORCID iD as its address (`https://orcid.org/0000-0002-1825-0097`), however it was
/// written (bare, or as an address); `None` when it is not one.
fn orcid_address(written: &str) -> Option<String> {
    let id = written.trim().trim_end_matches('/').rsplit('/').next()?;
    let chars: Vec<char> = id.chars().collect();
    let valid = chars.len() == 19
        && chars.iter().enumerate().all(|(i, c)| match i {
            4 | 9 | 14 => *c == '-',
            18 => c.is_ascii_digit() || *c == 'X',
            _ => c.is_ascii_digit(),
        });
    valid.then(|| format!("https://orcid.org/{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_orcid_is_an_address_however_it_was_written() {
        for written in [
            "0000-0002-1825-0097",
            "https://orcid.org/0000-0002-1825-0097",
            "http://orcid.org/0000-0002-1825-0097/",
        ] {
            assert_eq!(
                orcid_address(written).as_deref(),
                Some("https://orcid.org/0000-0002-1825-0097")
            );
        }
        assert_eq!(orcid_address("0000-0002-1825-009"), None);
        assert_eq!(orcid_address("not an orcid"), None);
    }

    #[test]
    fn the_timestamp_is_the_date_or_later_than_the_last_deposit() {
        let date = Date {
            year: 2025,
            month: 3,
            day: 4,
        };
        assert_eq!(timestamp(date, 0), 20250304000000);
        assert_eq!(timestamp(date, 20250304000000), 20250304000001);
        assert_eq!(timestamp(date, 20260101000000), 20260101000001);
    }

    #[test]
    fn names_are_people_or_organisations() {
        let c = contributor(&PersonName::parse("Ravi Kumar"), None, "author", true);
        assert_eq!(
            (c.given.as_deref(), c.surname.as_deref()),
            (Some("Ravi"), Some("Kumar"))
        );
        let c = contributor(
            &PersonName::parse("Institute of Peace and Conflict Studies"),
            None,
            "author",
            true,
        );
        assert_eq!(
            c.organization.as_deref(),
            Some("Institute of Peace and Conflict Studies")
        );
        let c = contributor(&PersonName::parse("Lekshmi MK"), None, "author", false);
        assert_eq!((c.given, c.surname.as_deref()), (None, Some("Lekshmi MK")));
    }
}
