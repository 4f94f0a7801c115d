//! A book's own settings: title, editors, publisher, ISBNs, copyright and foreword, from the
//! command line (`folio collection`) or an annual folder's `folio.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::model::{Asset, Block, Footnote};

/// What a book says about itself, before its chapters are known.
#[derive(Debug, Clone, Default)]
pub struct BookMeta {
    pub title: String,
    pub subtitle: Option<String>,
    pub editors: Vec<String>,
    /// Defaults to the brand's publisher.
    pub publisher: Option<String>,
    pub isbn_print: Option<String>,
    pub isbn_epub: Option<String>,
    /// Defaults to "© YEAR PUBLISHER".
    pub copyright: Option<String>,
    /// The annual's year; a collection takes its latest chapter's.
    pub year: Option<i32>,
    pub foreword_body: Option<ForewordBody>,
}

/// A foreword read from Markdown: its blocks (sections flattened under their headings), notes
/// and images.
#[derive(Debug, Clone)]
pub struct ForewordBody {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub assets: Vec<Asset>,
}

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
    let Some((path, text)) = super::read_optional(dir, "folio.toml")? else {
        return Ok(None);
    };
    let parsed: FolioToml = toml::from_str(&text).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((0, 0), |s| crate::brand::line_col(&text, s.start));
        let mut d = Diagnostic::error(&path, line, col, e.message().trim().to_string());
        if e.message().contains("unknown field") {
            d = d.with_help("folio.toml may set: title, subtitle, editors, publisher, isbn_print, isbn_epub, copyright, foreword, and [site] base_url, title, description");
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

/// Reads the foreword at `file` (relative to `dir`, and inside it).
pub fn read_foreword(
    dir: &Path,
    file: &Path,
    toml_path: &Path,
) -> Result<ForewordBody, Vec<Diagnostic>> {
    let path = dir.join(file);
    let inside = match (path.canonicalize(), dir.canonicalize()) {
        (Ok(p), Ok(d)) => p.starts_with(d),
        _ => false,
    };
    if !inside || file.is_absolute() {
        return Err(vec![
            Diagnostic::error(
                toml_path,
                0,
                0,
                format!(
                    "foreword `{}` is not a file inside {}",
                    file.display(),
                    dir.display()
                ),
            )
            .with_help("name a Markdown file in the book's folder"),
        ]);
    }
    let (body, assets) = crate::source::load_body(&path)?;
    let mut blocks = body.lede;
    for s in body.sections {
        blocks.push(Block::Heading {
            level: 1,
            content: s.title,
        });
        blocks.extend(s.blocks);
    }
    Ok(ForewordBody {
        blocks,
        footnotes: body.footnotes,
        assets,
    })
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
}
