//! `folio.toml`: a folder's own settings, read by every command that builds from a folder: a
//! book's (title, editors, ISBNs, foreword), the site's (`[site]`: its address, title,
//! language) and the Crossref depositor's (`[crossref]`). Below the book, the batch and the
//! site, which all read it; it knows nothing of them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Diagnostic;

/// `folio.toml` in an annual's folder. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FolioToml {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    #[serde(default)]
    pub editors: Vec<String>,
    pub publisher: Option<String>,
    pub isbn_print: Option<String>,
    pub isbn_epub: Option<String>,
    pub copyright: Option<String>,
    /// A Markdown file in the folder.
    pub foreword: Option<PathBuf>,
    /// `folio site`'s settings.
    pub site: Option<SiteToml>,
    /// Who deposits the DOIs with Crossref (`--format crossref`, `folio site`).
    pub crossref: Option<CrossrefToml>,
}

/// `[crossref]` in `folio.toml`: who deposits the DOIs with Crossref, and the series' ISSN.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossrefToml {
    /// The organisation sending the deposit (`depositor_name`).
    pub depositor: Option<String>,
    /// Where Crossref sends its report on the deposit.
    pub email: Option<String>,
    /// The organisation responsible for the records, usually the publisher.
    pub registrant: Option<String>,
    /// The series' ISSN: with it, an explainer is deposited as a report in its series.
    pub issn: Option<String>,
}

/// `[site]` in `folio.toml`: the series as a static site.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteToml {
    /// The address the site is published at (`https://example.org/explainers/`): canonical
    /// links, the feed, the sitemap and link previews need absolute addresses.
    pub base_url: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The language of the site's own pages (index, years, authors, feed), a BCP 47 tag;
    /// without it, the newest explainer's.
    pub lang: Option<String>,
}

/// Reads `DIR/folio.toml` if there is one: its settings, the foreword's path, warnings.
pub fn read_folio_toml(dir: &Path) -> Result<Option<(FolioToml, PathBuf)>, Vec<Diagnostic>> {
    let Some((path, text)) = read_optional(dir, "folio.toml")? else {
        return Ok(None);
    };
    let parsed: FolioToml = toml::from_str(&text).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((0, 0), |s| crate::brand::line_col(&text, s.start));
        let mut d = Diagnostic::error(&path, line, col, e.message().trim().to_string());
        if e.message().contains("unknown field") {
            d = d.with_help("folio.toml may set: title, subtitle, editors, publisher, isbn_print, isbn_epub, copyright, foreword, [site] base_url, title, description, lang, and [crossref] depositor, email, registrant, issn");
        }
        vec![d]
    })?;
    let mut errors = Vec::new();
    for (key, value) in [
        ("isbn_print", &parsed.isbn_print),
        ("isbn_epub", &parsed.isbn_epub),
    ] {
        if let Some(isbn) = value
            && let Err(msg) = check_isbn(isbn)
        {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(key))
                .map_or(0, |i| i + 1);
            errors.push(Diagnostic::error(&path, line, 1, format!("{key}: {msg}")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Some((parsed, path)))
}

/// What `[crossref]` must say, shown when it is missing or incomplete.
const CROSSREF_HELP: &str = "set who deposits in folio.toml: `[crossref]` with `depositor = \"Your Press\"`, `email = \"doi@example.org\"`, `registrant = \"Your Press\"` (and `issn = \"1234-5679\"` for a series with one)";

/// The depositor of a Crossref deposit made from the sources in `dir`: `[crossref]` and
/// `[site] base_url` of `dir/folio.toml`. Whatever is missing or wrong is an error at the line
/// that sets it (or the table it belongs in); nothing is built without them.
pub fn depositor(dir: &Path) -> Result<crate::render::crossref::Depositor, Vec<Diagnostic>> {
    let Some((toml, path)) = read_folio_toml(dir)? else {
        return Err(vec![
            Diagnostic::error(
                &dir.join("folio.toml"),
                0,
                0,
                "no folio.toml: a Crossref deposit needs its depositor (`[crossref]`) and the site's address (`[site] base_url`)",
            )
            .with_help(format!("create folio.toml beside the sources and {CROSSREF_HELP}")),
        ]);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let Some(crossref) = toml.crossref else {
        return Err(vec![
            Diagnostic::error(
                &path,
                0,
                0,
                "folio.toml has no `[crossref]`: a Crossref deposit needs its depositor",
            )
            .with_help(CROSSREF_HELP),
        ]);
    };
    let table = table_line(&text, "crossref");
    let mut errors = Vec::new();
    let mut required = |key: &str, value: Option<String>, min: usize, max: usize| {
        let value = value.map(|v| v.trim().to_string()).unwrap_or_default();
        let length = value.chars().count();
        if value.is_empty() {
            errors.push(
                Diagnostic::error(
                    &path,
                    table,
                    1,
                    format!("[crossref] has no `{key}`: a Crossref deposit needs it"),
                )
                .with_help(CROSSREF_HELP),
            );
        } else if length < min || length > max {
            errors.push(Diagnostic::error(
                &path,
                key_line(&text, "crossref", key),
                1,
                format!("[crossref] {key} must be {min} to {max} characters, not {length}"),
            ));
        }
        value
    };
    let name = required("depositor", crossref.depositor, 1, 130);
    let email = required("email", crossref.email, 6, 200);
    let registrant = required("registrant", crossref.registrant, 1, 255);
    if !email.is_empty() && !email.contains('@') {
        errors.push(
            Diagnostic::error(
                &path,
                key_line(&text, "crossref", "email"),
                1,
                format!("[crossref] email `{email}` is not an e-mail address"),
            )
            .with_help("Crossref mails its report on each deposit to this address"),
        );
    }
    let issn = crossref.issn.map(|i| i.trim().to_string());
    if let Some(issn) = &issn
        && let Err(msg) = check_issn(issn)
    {
        errors.push(Diagnostic::error(
            &path,
            key_line(&text, "crossref", "issn"),
            1,
            format!("[crossref] issn: {msg}"),
        ));
    }
    let base_url = match toml.site.and_then(|s| s.base_url) {
        Some(url) if !url.trim().is_empty() => match checked_base_url(url.trim(), &path) {
            Ok(url) => url,
            Err(e) => {
                errors.extend(e);
                String::new()
            }
        },
        _ => {
            let site = table_line(&text, "site");
            errors.push(
                Diagnostic::error(
                    &path,
                    if site > 0 { site } else { table },
                    1,
                    "[site] base_url is not set: a Crossref deposit gives each DOI the address of its web page",
                )
                .with_help("set `base_url = \"https://example.org/explainers/\"` under `[site]` in folio.toml: the address `folio site` publishes at, where an explainer's page is <base_url><stem>/"),
            );
            String::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(crate::render::crossref::Depositor {
        name,
        email,
        registrant,
        issn,
        base_url,
        after: 0,
        toml: path,
    })
}

/// The line of `[name]` in a TOML text (0 if it has none).
fn table_line(text: &str, name: &str) -> usize {
    text.lines()
        .position(|l| l.trim() == format!("[{name}]"))
        .map_or(0, |i| i + 1)
}

/// The line that sets `key` in the table `[table]` of a TOML text (0 if none does).
fn key_line(text: &str, table: &str, key: &str) -> usize {
    let start = table_line(text, table);
    text.lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(0, |(i, _)| i + 1)
}

/// Checks an ISSN (`1234-5679`) by its check digit.
pub fn check_issn(issn: &str) -> Result<(), String> {
    let chars: Vec<char> = issn.chars().filter(|c| *c != '-').collect();
    // `12345679` or `1234-5679`, as Crossref's schema takes it.
    let hyphen = issn.find('-');
    let well_formed = matches!((issn.len(), hyphen), (8, None) | (9, Some(4)))
        && chars.len() == 8
        && chars[..7].iter().all(char::is_ascii_digit)
        && (chars[7].is_ascii_digit() || chars[7] == 'X');
    if !well_formed {
        return Err(format!("`{issn}` is not an ISSN (`1234-5679`)"));
    }
    let sum: u32 = chars[..7]
        .iter()
        .zip((2..=8).rev())
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = (11 - sum % 11) % 11;
    let written = chars[7].to_digit(10).unwrap_or(10);
    if check == written {
        Ok(())
    } else {
        Err(format!("`{issn}` has a wrong check digit"))
    }
}

/// Checks an ISBN-13 or ISBN-10 (hyphens and spaces allowed) by its check digit.
pub fn check_isbn(isbn: &str) -> Result<(), String> {
    let chars: Vec<char> = isbn.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let digit = |c: char| c.to_digit(10);
    match chars.len() {
        13 => {
            let digits: Option<Vec<u32>> = chars.iter().map(|&c| digit(c)).collect();
            let digits = digits.ok_or(format!("`{isbn}` is not an ISBN (digits only)"))?;
            let sum: u32 = digits
                .iter()
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { *d } else { 3 * d })
                .sum();
            if sum.is_multiple_of(10) {
                Ok(())
            } else {
                Err(format!("`{isbn}` has a wrong check digit"))
            }
        }
        10 => {
            let mut sum = 0;
            for (i, &c) in chars.iter().enumerate() {
                let d = match (i, c) {
                    (9, 'X' | 'x') => 10,
                    _ => digit(c).ok_or(format!("`{isbn}` is not an ISBN"))?,
                };
                sum += (10 - i as u32) * d;
            }
            if sum.is_multiple_of(11) {
                Ok(())
            } else {
                Err(format!("`{isbn}` has a wrong check digit"))
            }
        }
        _ => Err(format!("`{isbn}` is not an ISBN (13 or 10 digits)")),
    }
}

/// `url` as the site's base address (absolute http(s), ending in `/`), or an error at its line.
pub(crate) fn checked_base_url(url: &str, toml: &Path) -> Result<String, Vec<Diagnostic>> {
    let with_slash = if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    };
    match url::Url::parse(&with_slash) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(with_slash),
        _ => {
            let line = line_of(toml, "base_url");
            Err(vec![
                Diagnostic::error(toml, line, 1, format!("[site] base_url `{url}` is not an http(s) address"))
                    .with_help("write the address the site is published at, e.g. `https://example.org/explainers/`"),
            ])
        }
    }
}

/// The line of `folio.toml` that sets `key` (0 if none does).
pub(crate) fn line_of(toml: &Path, key: &str) -> usize {
    std::fs::read_to_string(toml)
        .ok()
        .and_then(|t| {
            t.lines().position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
        })
        .map_or(0, |i| i + 1)
}

/// `DIR/NAME`'s text, if the file is there (`folio.toml`, a book's `series.yaml`).
pub(crate) fn read_optional(
    dir: &Path,
    name: &str,
) -> Result<Option<(PathBuf, String)>, Vec<Diagnostic>> {
    let path = dir.join(name);
    if !path.is_file() {
        return Ok(None);
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some((path, text))),
        Err(e) => Err(vec![Diagnostic::io(&path, "cannot read", &e)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbn_check_digits() {
        assert!(check_isbn("978-0-306-40615-7").is_ok());
        assert!(check_isbn("978-0-306-40615-6").is_err());
        assert!(check_isbn("0-306-40615-2").is_ok());
        assert!(check_isbn("12345").is_err());
    }

    #[test]
    fn issn_check_digits() {
        assert!(check_issn("0317-8471").is_ok());
        assert!(check_issn("2049-3630").is_ok());
        assert!(check_issn("0317-8472").is_err());
        assert!(check_issn("031-78471").is_err());
        assert!(check_issn("1234").is_err());
    }

    #[test]
    fn a_key_is_found_in_its_own_table() {
        let text = "title = \"x\"\n[site]\nbase_url = \"a\"\n[crossref]\nemail = \"b\"\n";
        assert_eq!(table_line(text, "crossref"), 4);
        assert_eq!(key_line(text, "crossref", "email"), 5);
        assert_eq!(key_line(text, "crossref", "base_url"), 0);
        assert_eq!(key_line(text, "site", "base_url"), 3);
    }
}
