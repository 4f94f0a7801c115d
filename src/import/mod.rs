//! `folio import`: explainers published as plain text (the format of the NIAS seed) → folio
//! sources, and their "PREVIOUS COMMENTS" catalogue → `series.yaml`.
//!
//! The plain text has no markup, so the importer reads its shape: the header (kind label, title,
//! subtitle, `CWA #N`), the author line, the date line, "Photo Source:", the lede, numbered
//! questions, "References" (a citation line, then its URL), "About the author(s)" and the
//! catalogue (title / `Month YYYY | CWA # N` / author [| bio]). Whatever it cannot place with
//! confidence becomes a warning naming the input line. Text is written back as Markdown with
//! every character that Markdown would read as syntax escaped, and the front matter through
//! serde, so no text can turn into markup or break the YAML.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::book::CatalogueEntry;
use crate::diag::Diagnostic;

/// An imported explainer, ready to write.
#[derive(Debug)]
pub struct Imported {
    /// `<series>-<number>-<slug>.md`.
    pub file_name: String,
    pub source: String,
    /// A photo beside the text file, to copy beside the source (`image.src`).
    pub image: Option<PathBuf>,
    pub catalogue: Vec<CatalogueEntry>,
    pub warnings: Vec<Diagnostic>,
}

impl Imported {
    /// Writes the source (and copies its photo) into `out`; refuses to replace an existing
    /// source unless `force`. Returns the source's path.
    pub fn write(&self, out: &Path, force: bool) -> Result<PathBuf, Diagnostic> {
        let target = out.join(&self.file_name);
        if target.exists() && !force {
            return Err(Diagnostic::error(&target, 0, 0, "already exists")
                .with_help("use --force to replace it"));
        }
        let written = std::fs::create_dir_all(out)
            .and_then(|_| crate::output::write_atomic(&target, self.source.as_bytes()));
        let copied = match &self.image {
            Some(img) => img
                .file_name()
                .map(|name| std::fs::copy(img, out.join(name)).map(|_| ()))
                .unwrap_or(Ok(())),
            None => Ok(()),
        };
        written
            .and(copied)
            .map_err(|e| Diagnostic::io(&target, "cannot write", &e))?;
        Ok(target)
    }
}

/// Merges `entries` into `out/series.yaml` (by number) and writes it. Returns its path and how
/// many entries it now lists.
pub fn write_catalogue(
    out: &Path,
    entries: Vec<CatalogueEntry>,
) -> Result<(PathBuf, usize), Vec<Diagnostic>> {
    let existing = crate::book::catalogue::read(out)?.unwrap_or_default();
    let merged = merge_catalogue(existing, entries);
    let path = out.join("series.yaml");
    let yaml = serde_yaml_ng::to_string(&merged).unwrap_or_default();
    let text =
        format!("# The series catalogue (folio import; the annual's catalogue reads it).\n{yaml}");
    crate::output::write_atomic(&path, text.as_bytes())
        .map_err(|e| vec![Diagnostic::io(&path, "cannot write", &e)])?;
    Ok((path, merged.len()))
}

#[derive(Debug, Serialize)]
struct FrontMatter {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<u32>,
    date: String,
    authors: Vec<AuthorOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<ImageOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    references: Vec<ReferenceOut>,
}

#[derive(Debug, Serialize)]
struct AuthorOut {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    bio: Option<String>,
}

#[derive(Debug, Serialize)]
struct ImageOut {
    src: String,
    credit: String,
}

#[derive(Debug, Serialize)]
struct ReferenceOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// "31 December 2025" (or "December 31, 2025") → "2025-12-31".
pub fn parse_long_date(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (day, month, year) = match words.as_slice() {
        [d, m, y] if d.chars().all(|c| c.is_ascii_digit()) => (*d, *m, *y),
        [m, d, y] if d.chars().all(|c| c.is_ascii_digit()) => (*d, *m, *y),
        _ => return None,
    };
    let month = crate::model::english_month(month)?;
    let day: u8 = day.parse().ok()?;
    let year: i32 = year.parse().ok()?;
    let iso = format!("{year:04}-{month:02}-{day:02}");
    crate::model::Date::parse_iso(&iso).ok().map(|_| iso)
}

/// "February 2026" → "2026-02".
fn parse_month(s: &str) -> Option<String> {
    let mut words = s.split_whitespace();
    let month = crate::model::english_month(words.next()?)?;
    let year: i32 = words.next()?.parse().ok()?;
    (words.next().is_none() && (1000..=9999).contains(&year)).then(|| format!("{year}-{month:02}"))
}

/// `CWA #1975` / `CWA # 1975` → ("CWA", 1975).
fn parse_series(s: &str) -> Option<(String, u32)> {
    let (series, number) = s.split_once('#')?;
    let series = series.trim();
    let number: u32 = number.trim().parse().ok()?;
    (!series.is_empty()
        && series.len() <= 12
        && series
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'))
    .then(|| (series.to_string(), number))
}

/// "1. Why did…?" → the question.
fn numbered_question(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = line[digits..].strip_prefix('.')?;
    let q = rest.trim();
    (rest.starts_with(' ') && !q.is_empty()).then_some(q)
}

/// "A, B and C" → [A, B, C].
pub fn split_authors(line: &str) -> Vec<String> {
    line.split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Plain text as Markdown: every character Markdown could read as syntax is escaped.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A line that would open a list, a quote or a heading.
    let trimmed = out.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(trimmed[digits..].chars().next(), Some('.' | ')')) {
        let at = out.len() - trimmed.len() + digits;
        out.insert(at, '\\');
    } else if matches!(trimmed.chars().next(), Some('-' | '+' | '='))
        && trimmed.chars().nth(1).is_none_or(char::is_whitespace)
    {
        let at = out.len() - trimmed.len();
        out.insert(at, '\\');
    }
    out
}

/// A file-name slug of a title: lower-case ASCII letters and digits, words joined by `-`, about
/// 60 characters at most; empty when the title has no such letters.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()) {
        let w: String = word
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
        if out.len() > 60 {
            break;
        }
    }
    out
}

/// [`slug`], or `fallback` when the title gives none.
pub fn slug_or(title: &str, fallback: &str) -> String {
    match slug(title) {
        s if s.is_empty() => fallback.to_string(),
        s => s,
    }
}

/// A reference line: `Author(s), “Title,” Publisher, Date`.
fn parse_citation(line: &str) -> (ReferenceOut, bool) {
    let open = line.find(['“', '"']);
    let close = open.and_then(|o| {
        let after = o + line[o..].chars().next().map_or(1, char::len_utf8);
        line[after..].find(['”', '"']).map(|c| (after, after + c))
    });
    let Some((start, end)) = close else {
        return (
            ReferenceOut {
                author: None,
                title: line.trim().to_string(),
                publisher: None,
                date: None,
                url: None,
            },
            false,
        );
    };
    let author = line[..open.unwrap_or(0)]
        .trim()
        .trim_end_matches(',')
        .trim();
    let title = line[start..end].trim().trim_end_matches([',', '.']).trim();
    let rest = line[end..]
        .trim_start_matches(['”', '"'])
        .trim()
        .trim_start_matches(',')
        .trim();
    let parts: Vec<&str> = rest
        .split(", ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let (publisher, date) = match parts.as_slice() {
        [] => (None, None),
        [one] if parse_long_date(one).is_some() => (None, Some(one.to_string())),
        [one] => (Some(one.to_string()), None),
        [init @ .., last]
            if parse_long_date(last).is_some() || last.chars().any(|c| c.is_ascii_digit()) =>
        {
            (Some(init.join(", ")), Some(last.to_string()))
        }
        all => (Some(all.join(", ")), None),
    };
    (
        ReferenceOut {
            author: (!author.is_empty()).then(|| author.to_string()),
            title: title.to_string(),
            publisher,
            date,
            url: None,
        },
        true,
    )
}

/// Imports the plain text of `path`.
pub fn import(path: &Path, text: &str) -> Result<Imported, Vec<Diagnostic>> {
    // The same cleaning as a source gets: no BOM, LF line ends, no control characters or
    // noncharacters.
    let text = crate::source::normalize_text(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .collect();
    let mut warnings = Vec::new();
    let warn = |warnings: &mut Vec<Diagnostic>, line: usize, msg: String| {
        warnings.push(Diagnostic::warning(path, line, 1, msg));
    };
    let fail = |line: usize, msg: &str| {
        vec![
            Diagnostic::error(path, line, 1, msg.to_string())
                .with_help("folio import reads explainers in the plain-text shape of the NIAS seed: kind, title, subtitle, `CWA #N`, author, date, text, References, About the author"),
        ]
    };

    // Header: everything up to the series line.
    let series_at = lines
        .iter()
        .take(20)
        .position(|(_, l)| parse_series(l).is_some())
        .ok_or_else(|| fail(1, "no series line (e.g. `CWA #1975`) in the first 20 lines"))?;
    let (series, number) = parse_series(lines[series_at].1).expect("found above");
    let mut header: Vec<(usize, &str)> = Vec::new();
    for &(n, l) in &lines[..series_at] {
        if !l.trim().is_empty() && header.last().is_none_or(|(_, prev)| *prev != l) {
            header.push((n, l.trim()));
        }
    }
    let (kind, title, subtitle) = match header.as_slice() {
        [] => return Err(fail(lines[series_at].0, "no title before the series line")),
        [(_, t)] => (None, t.to_string(), None),
        [(_, k), (_, t)] if k.split_whitespace().count() <= 3 => {
            (Some(k.to_string()), t.to_string(), None)
        }
        [(_, t), (_, s)] => (None, t.to_string(), Some(s.to_string())),
        [(_, k), (_, t), (_, s)] => (Some(k.to_string()), t.to_string(), Some(s.to_string())),
        [(_, k), (_, t), rest @ ..] => {
            warn(
                &mut warnings,
                rest[0].0,
                "more header lines than kind, title and subtitle: the rest joined to the subtitle"
                    .into(),
            );
            let sub: Vec<&str> = rest.iter().map(|(_, l)| *l).collect();
            (Some(k.to_string()), t.to_string(), Some(sub.join(" ")))
        }
    };

    // Author and date lines, then "Photo Source:".
    let mut i = series_at + 1;
    let next_text = |i: &mut usize| -> Option<(usize, &str)> {
        while *i < lines.len() && lines[*i].1.trim().is_empty() {
            *i += 1;
        }
        let found = lines.get(*i).copied();
        *i += 1;
        found
    };
    let (author_line, author_text) =
        next_text(&mut i).ok_or_else(|| fail(lines.len(), "no author line"))?;
    let mut authors: Vec<AuthorOut> = split_authors(author_text)
        .into_iter()
        .map(|name| AuthorOut { name, bio: None })
        .collect();
    if authors.is_empty() {
        return Err(fail(author_line, "no author on the author line"));
    }
    let (date_line, date_text) =
        next_text(&mut i).ok_or_else(|| fail(lines.len(), "no date line"))?;
    let date = parse_long_date(date_text).ok_or_else(|| {
        fail(
            date_line,
            &format!("`{date_text}` is not a date like `31 December 2025`"),
        )
    })?;
    let mut credit = None;
    let mut j = i;
    if let Some((n, l)) = next_text(&mut j)
        && let Some(rest) = l
            .strip_prefix("Photo Source:")
            .or_else(|| l.strip_prefix("Photo source:"))
    {
        let rest = rest.trim();
        if !rest.is_empty() {
            credit = Some((n, rest.to_string()));
        }
        i = j;
    }

    // Body: lede, then numbered questions, up to "References" / "About the author(s)".
    let is_refs = |l: &str| l.trim().eq_ignore_ascii_case("references");
    let is_about = |l: &str| {
        let t = l.trim().to_lowercase();
        t == "about the author" || t == "about the authors"
    };
    let is_previous = |l: &str| l.trim().eq_ignore_ascii_case("previous comments");
    let mut lede: Vec<String> = Vec::new();
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    while i < lines.len() {
        let (_, l) = lines[i];
        if is_refs(l) || is_about(l) || is_previous(l) {
            break;
        }
        i += 1;
        if l.trim().is_empty() {
            continue;
        }
        if let Some(q) = numbered_question(l.trim()) {
            sections.push((q.to_string(), Vec::new()));
        } else if let Some((_, paras)) = sections.last_mut() {
            paras.push(l.trim().to_string());
        } else {
            lede.push(l.trim().to_string());
        }
    }
    if sections.is_empty() {
        warn(
            &mut warnings,
            lines.get(series_at).map_or(1, |l| l.0),
            "no numbered questions (`1. …`): the whole text is the lede".into(),
        );
    }

    // References: a citation line, then (usually) its URL.
    let mut references: Vec<ReferenceOut> = Vec::new();
    if i < lines.len() && is_refs(lines[i].1) {
        i += 1;
        while i < lines.len() && !is_about(lines[i].1) && !is_previous(lines[i].1) {
            let (n, l) = lines[i];
            i += 1;
            let l = l.trim();
            if l.is_empty() {
                continue;
            }
            if l.starts_with("http://") || l.starts_with("https://") {
                match references.last_mut() {
                    Some(r) if r.url.is_none() => r.url = Some(l.to_string()),
                    _ => warn(
                        &mut warnings,
                        n,
                        format!("a URL with no reference before it: {l}"),
                    ),
                }
                continue;
            }
            let (r, sure) = parse_citation(l);
            if !sure {
                warn(
                    &mut warnings,
                    n,
                    "reference without a quoted title: the whole line is taken as its title".into(),
                );
            }
            references.push(r);
        }
        for (k, r) in references.iter().enumerate() {
            if r.url.is_none() {
                warn(
                    &mut warnings,
                    0,
                    format!("reference {} (“{}”) has no URL", k + 1, r.title),
                );
            }
        }
    }

    // About the author(s): bios, split per author where each paragraph or sentence run opens
    // with an author's name.
    if i < lines.len() && is_about(lines[i].1) {
        let about_line = lines[i].0;
        i += 1;
        let mut paragraphs: Vec<String> = Vec::new();
        while i < lines.len() && !is_previous(lines[i].1) {
            let l = lines[i].1.trim();
            if !l.is_empty() {
                paragraphs.push(l.to_string());
            }
            i += 1;
        }
        assign_bios(&mut authors, &paragraphs, about_line, path, &mut warnings);
    }

    // The catalogue.
    let mut catalogue = Vec::new();
    if i < lines.len() && is_previous(lines[i].1) {
        catalogue = parse_catalogue(&lines[i + 1..], path, &mut warnings);
    }

    // The photo: a file beside the text with the same stem.
    let image = ["jpg", "jpeg", "png", "webp", "svg"]
        .iter()
        .map(|ext| path.with_extension(ext))
        .find(|p| p.is_file());
    let image_out = match (&image, &credit) {
        (Some(file), credit) => Some(ImageOut {
            src: file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            credit: credit.as_ref().map(|c| c.1.clone()).unwrap_or_default(),
        }),
        (None, Some((n, c))) => {
            warn(
                &mut warnings,
                *n,
                format!(
                    "photo credit `{c}` but no photo beside the text (looked for {}.jpg/.png/.svg): the credit is kept as a comment",
                    path.file_stem().unwrap_or_default().to_string_lossy()
                ),
            );
            None
        }
        (None, None) => None,
    };

    let fm = FrontMatter {
        title: title.clone(),
        subtitle,
        kind,
        series: Some(series.clone()),
        number: Some(number),
        date,
        authors,
        image: image_out,
        references,
    };
    let mut source = String::from("---\n");
    source.push_str(&serde_yaml_ng::to_string(&fm).map_err(|e| {
        vec![Diagnostic::error(
            path,
            0,
            0,
            format!("cannot write the front matter: {e}"),
        )]
    })?);
    if fm.image.is_none()
        && let Some((_, c)) = &credit
    {
        source.push_str(&format!(
            "# image:\n#   src: photo.jpg\n#   credit: {}\n",
            serde_yaml_ng::to_string(c).unwrap_or_default().trim()
        ));
    }
    source.push_str("---\n\n");
    for p in &lede {
        source.push_str(&escape_markdown(p));
        source.push_str("\n\n");
    }
    for (q, paras) in &sections {
        source.push_str("## ");
        source.push_str(&escape_markdown(q));
        source.push_str("\n\n");
        for p in paras {
            source.push_str(&escape_markdown(p));
            source.push_str("\n\n");
        }
    }
    let file_name = format!(
        "{}-{number}-{}.md",
        series.to_lowercase(),
        slug_or(&title, "explainer")
    );
    Ok(Imported {
        file_name,
        source: source.trim_end().to_string() + "\n",
        image,
        catalogue,
        warnings,
    })
}

/// Gives each author their bio: paragraphs (or, in one paragraph, sentence runs) that open with
/// an author's name go to that author; with one author, everything is theirs.
fn assign_bios(
    authors: &mut [AuthorOut],
    paragraphs: &[String],
    about_line: usize,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) {
    if paragraphs.is_empty() {
        return;
    }
    if authors.len() == 1 {
        authors[0].bio = Some(paragraphs.join(" "));
        return;
    }
    // Split the text into runs, each starting where an author's name starts a sentence.
    let text = paragraphs.join(" ");
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (k, a) in authors.iter().enumerate() {
        let mut from = 0;
        while let Some(pos) = text[from..].find(&a.name) {
            let at = from + pos;
            let sentence_start = at == 0 || text[..at].trim_end().ends_with(['.', '!', '?']);
            if sentence_start {
                starts.push((at, k));
                break;
            }
            from = at + a.name.len();
        }
    }
    starts.sort();
    if starts.len() == authors.len() && starts.first().is_some_and(|(at, _)| *at == 0) {
        for (n, &(at, k)) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(text.len(), |(e, _)| *e);
            authors[k].bio = Some(text[at..end].trim().to_string());
        }
    } else {
        authors[0].bio = Some(text);
        warnings.push(Diagnostic::warning(
            path,
            about_line,
            1,
            "cannot tell which part of \"About the authors\" is whose: all of it is given to the first author",
        ));
    }
}

/// The "PREVIOUS COMMENTS" entries: a title line, `Month YYYY | CWA # N`, an author line
/// (`Name [| bio]`).
fn parse_catalogue(
    lines: &[(usize, &str)],
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<CatalogueEntry> {
    let text: Vec<(usize, &str)> = lines
        .iter()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| (*n, l.trim()))
        .collect();
    let month_line = |l: &str| -> Option<(String, u32)> {
        let (month, series) = l.split_once('|')?;
        Some((parse_month(month.trim())?, parse_series(series.trim())?.1))
    };
    let mut out: Vec<CatalogueEntry> = Vec::new();
    let mut pending_title: Option<&str> = None;
    let mut k = 0;
    while k < text.len() {
        let (n, l) = text[k];
        if let Some((month, number)) = month_line(l) {
            let title_line = pending_title.map(|t| (text[k - 1].0, t));
            let title = match pending_title.take() {
                Some(t) => t.trim_end_matches(':').trim().to_string(),
                None => {
                    warnings.push(Diagnostic::warning(
                        path,
                        n,
                        1,
                        format!("catalogue entry #{number} has no title line before it"),
                    ));
                    String::new()
                }
            };
            if let Some((tn, raw)) = title_line
                && raw.ends_with(':')
            {
                warnings.push(Diagnostic::warning(
                    path,
                    tn,
                    1,
                    format!("catalogue title `{raw}` ends with a colon: it may be cut short"),
                ));
            }
            let (authors, bio) = match text.get(k + 1) {
                Some((_, a)) if month_line(a).is_none() => {
                    k += 1;
                    match a.split_once(" | ") {
                        Some((names, bio)) => (split_authors(names), Some(bio.trim().to_string())),
                        None => (split_authors(a), None),
                    }
                }
                _ => {
                    warnings.push(Diagnostic::warning(
                        path,
                        n,
                        1,
                        format!("catalogue entry #{number} has no author line"),
                    ));
                    (Vec::new(), None)
                }
            };
            if !out.iter().any(|e| e.number == number) {
                out.push(CatalogueEntry {
                    number,
                    month,
                    title,
                    authors,
                    bio,
                });
            }
        } else if pending_title.is_some() {
            warnings.push(Diagnostic::warning(
                path,
                n,
                1,
                format!("line not understood in the catalogue: {l}"),
            ));
        } else {
            pending_title = Some(l);
        }
        k += 1;
    }
    out
}

/// `existing` and `new` entries merged by number (a new entry replaces an old one with the
/// same number), sorted by number.
pub fn merge_catalogue(
    existing: Vec<CatalogueEntry>,
    new: Vec<CatalogueEntry>,
) -> Vec<CatalogueEntry> {
    let mut all = existing;
    for e in new {
        match all.iter_mut().find(|x| x.number == e.number) {
            Some(slot) => {
                if !e.title.is_empty() || slot.title.is_empty() {
                    *slot = e;
                }
            }
            None => all.push(e),
        }
    }
    all.sort_by_key(|e| e.number);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_months_and_series() {
        assert_eq!(
            parse_long_date("31 December 2025").as_deref(),
            Some("2025-12-31")
        );
        assert_eq!(
            parse_long_date("December 31, 2025").as_deref(),
            Some("2025-12-31")
        );
        assert_eq!(parse_long_date("31 Smarch 2025"), None);
        assert_eq!(parse_month("February 2026").as_deref(), Some("2026-02"));
        assert_eq!(parse_series("CWA # 1957"), Some(("CWA".into(), 1957)));
        assert_eq!(parse_series("CWA #1975"), Some(("CWA".into(), 1975)));
    }

    #[test]
    fn citations_split_into_parts() {
        let (r, sure) =
            parse_citation("Mushtaq Ali, “Fresh round of talks fails,” Reuters, 03 December 2025");
        assert!(sure);
        assert_eq!(r.author.as_deref(), Some("Mushtaq Ali"));
        assert_eq!(r.title, "Fresh round of talks fails");
        assert_eq!(r.publisher.as_deref(), Some("Reuters"));
        assert_eq!(r.date.as_deref(), Some("03 December 2025"));
        let (r, _) = parse_citation("“After four days,” The News International, 29 October 2025");
        assert_eq!(r.author, None);
        assert_eq!(r.publisher.as_deref(), Some("The News International"));
    }

    #[test]
    fn markdown_syntax_is_escaped() {
        assert_eq!(
            escape_markdown("a *b* [c](d) <e>"),
            "a \\*b\\* \\[c\\](d) \\<e\\>"
        );
        assert_eq!(escape_markdown("1. not a list"), "1\\. not a list");
        assert_eq!(escape_markdown("- not a bullet"), "\\- not a bullet");
        assert_eq!(split_authors("A, B and C"), ["A", "B", "C"]);
    }
}
