//! `folio check`: lints sources without building them.
//!
//! Everything `build` would reject comes back as errors (the same diagnostics). Beyond that,
//! faults a build lets through but an editor wants to know: references that repeat a URL or lack
//! one, malformed URLs, images without alt text or credit, empty sections, skipped heading
//! levels, notes defined but not used (or used but not defined), future dates, authors without a
//! bio, titles too long for the layout; and across files, a series number used twice, one
//! author spelled two ways, and gaps in the numbering. Each finding names its lint
//! (`warning[duplicate-url]`) and the line it is on.

pub mod lints;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;
use crate::model::{Date, Document, Piece, Pos, ReferenceKind, SourceMap, normalize_url};
use crate::render::{Layout, Pages, Publication};
use crate::session::Session;

/// Most lines the title block may take before it crowds the first page.
pub const MAX_TITLE_LINES: usize = 3;

/// Every finding for `sources`, file by file in order, then those across files. `session`
/// gives the brand and templates titles are measured with (`--brand`, `--templates`).
pub fn check(session: &Session, sources: &[PathBuf], today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    // A brand that does not load fails every build that uses it: said once, as `build` says it.
    let mut brand_errors: Vec<Diagnostic> = Vec::new();
    for path in sources {
        let loaded = match crate::source::load(path) {
            Ok(l) => l,
            Err(errors) => {
                out.extend(errors);
                continue;
            }
        };
        out.extend(loaded.warnings);
        let doc = loaded.document;
        let brand = match session.brand_for(&doc.source_path) {
            Ok(brand) => Some(brand),
            Err(d) => {
                if !brand_errors.contains(&d) {
                    brand_errors.push(d.clone());
                    out.push(d);
                }
                None
            }
        };
        let mut found = front_matter_lints(session, brand.as_ref(), &doc, today);
        found.extend(body_lints(&doc));
        found.extend(session.missing_glyphs(&doc));
        found.sort_by_key(|d| (d.line, d.column));
        out.extend(found);
        docs.push(doc);
    }
    out.extend(across_files(&docs));
    out.extend(session.brand_warnings());
    out
}

/// Today's date from the system clock (UTC). `check` is the one place folio reads the clock:
/// "a date in the future" needs it; no output ever depends on it.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// What two URLs that lead to the same page share: scheme and host in lower case, no trailing
/// slash, no fragment.
pub fn url_key(url: &str) -> String {
    let url = normalize_url(url);
    let url = url.split('#').next().unwrap_or("");
    let (head, path) = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            let end = after.find('/').map_or(url.len(), |j| i + 3 + j);
            (url[..end].to_lowercase(), &url[end..])
        }
        None => (String::new(), url),
    };
    format!("{head}{}", path.trim_end_matches('/'))
}

/// What is wrong with a reference URL, if anything: (lint, message).
pub fn url_problem(url: &str) -> Option<(&'static str, String)> {
    if url.chars().any(char::is_whitespace) {
        return Some((
            lints::URL_WHITESPACE.name,
            format!("the URL `{url}` contains whitespace"),
        ));
    }
    if let Some(rest) = url.strip_prefix("mailto:") {
        return (!rest.contains('@')).then(|| {
            (
                lints::MALFORMED_URL.name,
                format!("`{url}` is not an email address"),
            )
        });
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let ok = host.is_some_and(|h| {
        let h = h.rsplit('@').next().unwrap_or(h);
        let h = h.split(':').next().unwrap_or(h);
        (h.contains('.') || h == "localhost")
            && !h.starts_with('.')
            && !h.ends_with('.')
            && h.chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
    });
    (!ok).then(|| {
        (
            lints::MALFORMED_URL.name,
            format!("`{url}` is not a web address (https://host/…)"),
        )
    })
}

/// How many lines the title block sets `doc`'s title in, on its brand's page
/// (`templates/title-fit.typ`, laid out by typst); `None` if that cannot be measured.
fn title_lines(session: &Session, brand: &LoadedBrand, doc: &Document) -> Option<usize> {
    let layout = Layout {
        format: Pages::TitleFit,
        multiple: None,
    };
    let words = brand.words(&doc.lang).ok()?;
    let piece = Piece::new(doc.clone(), &words, &brand.brand.publisher.name);
    let compiled = session
        .layout(Publication::Explainer(&piece), brand, layout)
        .ok()?;
    Some(compiled.document.pages().len())
}

/// `(line, column)` of a position, or of the file's first line when it is unknown.
fn lc(pos: Option<Pos>) -> (usize, usize) {
    pos.map_or((1, 1), |p| (p.line, p.column))
}

fn front_matter_lints(
    session: &Session,
    brand: Option<&LoadedBrand>,
    doc: &Document,
    today: Date,
) -> Vec<Diagnostic> {
    let path = doc.source_path.as_path();
    let map: &SourceMap = &doc.source_map;
    let mut out = Vec::new();
    let at = |key: &str| lc(map.key(key));

    // References: in a text that cites with `[@id]`, each one should be cited.
    if !doc.citations.is_empty() {
        for (i, r) in doc.references.iter().enumerate() {
            let cited = doc
                .citations
                .iter()
                .any(|c| c.items.iter().any(|item| item.reference == i));
            if cited {
                continue;
            }
            let (line, col) = map
                .field("references", i, "id")
                .or_else(|| map.item("references", i))
                .map_or(at("references"), |p| lc(Some(p)));
            let (msg, help) = match &r.id {
                Some(id) => (
                    format!("reference {} (`{id}`) is never cited", r.number),
                    format!("cite it with `[@{id}]` where the text relies on it, or remove it"),
                ),
                None => (
                    format!(
                        "reference {} has no `id`, so the text cannot cite it",
                        r.number
                    ),
                    "give it `id:` and cite it with `[@id]`, or remove it".to_string(),
                ),
            };
            out.push(
                Diagnostic::warning(path, line, col, msg)
                    .with_code(lints::UNCITED_REFERENCE.name)
                    .with_help(help),
            );
        }
    }
    let mut first_with: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in doc.references.iter().enumerate() {
        let (line, col) = map
            .item("references", i)
            .map_or(at("references"), |p| lc(Some(p)));
        let url_at = map
            .field("references", i, "url")
            .map_or((line, col), |p| lc(Some(p)));
        // A book or an article found by its DOI needs no address; a web page does.
        let found_otherwise = r.doi.is_some()
            || r.isbn.is_some()
            || !matches!(
                r.kind,
                None | Some(
                    ReferenceKind::Web
                        | ReferenceKind::Blog
                        | ReferenceKind::News
                        | ReferenceKind::Dataset
                )
            );
        match &r.url {
            None if found_otherwise => {}
            None => out.push(
                Diagnostic::warning(
                    path,
                    line,
                    col,
                    format!("reference {} has no URL", r.number),
                )
                .with_code(lints::REFERENCE_WITHOUT_URL.name)
                .with_help("add `url:` so readers can find the source"),
            ),
            Some(url) => {
                // What the author typed (folio escapes spaces when it loads a URL).
                let typed = map
                    .raw("references", i, "url")
                    .filter(|raw| !raw.is_empty())
                    .map_or_else(|| url.clone(), str::to_string);
                if let Some((code, msg)) = url_problem(&typed) {
                    out.push(
                        Diagnostic::warning(path, url_at.0, url_at.1, msg)
                            .with_code(code)
                            .with_help("write the full address, e.g. `https://example.org/page`"),
                    );
                }
                let key = url_key(url);
                if let Some(&first) = first_with.get(&key) {
                    let first_line = map
                        .field("references", first - 1, "url")
                        .map_or(0, |p| p.line);
                    out.push(
                        Diagnostic::warning(
                            path,
                            url_at.0,
                            url_at.1,
                            format!(
                                "reference {} has the same URL as reference {first} (line {first_line})",
                                r.number
                            ),
                        )
                        .with_code(lints::DUPLICATE_URL.name)
                        .with_help("each reference should point to its own source; check which address belongs to which"),
                    );
                } else {
                    first_with.insert(key, r.number);
                }
            }
        }
        if r.date.is_none() {
            out.push(
                Diagnostic::warning(
                    path,
                    line,
                    col,
                    format!("reference {} has no date", r.number),
                )
                .with_code(lints::REFERENCE_WITHOUT_DATE.name)
                .with_help("add `date:` (when it was published)"),
            );
        }
    }

    // The hero image.
    if let Some(img) = &doc.image {
        let (line, col) = at("image");
        if img.alt.is_none() {
            out.push(
                Diagnostic::warning(path, line, col, "the image has no alt text")
                    .with_code(lints::IMAGE_WITHOUT_ALT.name)
                    .with_help("add `alt:` describing what the image shows"),
            );
        }
        if img.credit.is_none() {
            out.push(
                Diagnostic::warning(path, line, col, "the image has no credit")
                    .with_code(lints::IMAGE_WITHOUT_CREDIT.name)
                    .with_help("add `credit:` (the \"Photo source\" line)"),
            );
        }
    }

    // The Unix epoch, or a year before explainers were written: a date left to be filled in
    // (`folio import` writes 1970-01-01 for a text without one).
    if doc.date.year < 1900 || (doc.date.year, doc.date.month, doc.date.day) == (1970, 1, 1) {
        let (line, col) = at("date");
        out.push(
            Diagnostic::warning(
                path,
                line,
                col,
                format!("the date {} looks like a placeholder", doc.date),
            )
            .with_code(lints::PLACEHOLDER_DATE.name)
            .with_help("write the publication date"),
        );
    }
    if doc.date > today {
        let (line, col) = at("date");
        out.push(
            Diagnostic::warning(
                path,
                line,
                col,
                format!("the date {} is in the future", doc.date),
            )
            .with_code(lints::FUTURE_DATE.name)
            .with_help("check the year; explainers are dated when published"),
        );
    }
    for (i, a) in doc.authors.iter().enumerate() {
        if a.bio.is_none() {
            let (line, col) = lc(map.item("authors", i).or_else(|| map.key("author")));
            out.push(
                Diagnostic::info(path, line, col, format!("{} has no bio", a.name))
                    .with_code(lints::AUTHOR_WITHOUT_BIO.name)
                    .with_help("add `bio:` for the \"About the author\" box"),
            );
        }
    }
    if let Some(lines) = brand.and_then(|brand| title_lines(session, brand, doc))
        && lines > MAX_TITLE_LINES
    {
        let (line, col) = at("title");
        out.push(
            Diagnostic::warning(
                path,
                line,
                col,
                format!(
                    "the title takes {lines} lines in the title block; it fits {MAX_TITLE_LINES}"
                ),
            )
            .with_code(lints::TITLE_TOO_LONG.name)
            .with_help("shorten it, and move the rest to `subtitle:`"),
        );
    }
    out
}

/// Lints of the Markdown body: images, sections, heading levels, notes.
fn body_lints(doc: &Document) -> Vec<Diagnostic> {
    let path = doc.source_path.as_path();
    let map = &doc.source_map;
    let mut out = Vec::new();
    // Headings: a `#`/`##` section is level 2, and each level may go one deeper at most.
    let mut previous_level = 1u8;
    for h in &map.headings {
        let level = h.level.max(2);
        if level > previous_level + 1 {
            out.push(
                Diagnostic::warning(
                    path,
                    h.at.line,
                    h.at.column,
                    format!(
                        "heading level {} follows level {previous_level}: a level is skipped",
                        h.level
                    ),
                )
                .with_code(lints::HEADING_LEVEL_SKIPPED.name)
                .with_help(format!(
                    "use {} here",
                    "#".repeat(previous_level as usize + 1)
                )),
            );
        }
        previous_level = level;
    }
    for (section, at) in doc.sections.iter().zip(&map.sections) {
        if section.blocks.is_empty() {
            out.push(empty_section(path, at.line, at.column, &section.title_text));
        }
    }
    for image in map.images.iter().filter(|i| i.alt.trim().is_empty()) {
        out.push(
            Diagnostic::warning(
                path,
                image.at.line,
                image.at.column,
                format!("image `{}` has no alt text", image.url),
            )
            .with_code(lints::IMAGE_WITHOUT_ALT.name)
            .with_help("describe it: `![what it shows](file.png)`"),
        );
    }
    for (name, at) in &map.undefined_notes {
        out.push(
            Diagnostic::warning(
                path,
                at.line,
                at.column,
                format!("note `[^{name}]` is used but not defined"),
            )
            .with_code(lints::NOTE_UNDEFINED.name)
            .with_help(format!("add a line `[^{name}]: …` with the note's text")),
        );
    }
    for (name, at) in &map.unused_notes {
        out.push(
            Diagnostic::warning(
                path,
                at.line,
                at.column,
                format!("note `[^{name}]` is defined but never used"),
            )
            .with_code(lints::NOTE_UNUSED.name)
            .with_help(format!(
                "refer to it with `[^{name}]` in the text, or remove it"
            )),
        );
    }
    out
}

fn empty_section(path: &Path, line: usize, col: usize, title: &str) -> Diagnostic {
    Diagnostic::warning(path, line, col, format!("section `{title}` is empty"))
        .with_code(lints::EMPTY_SECTION.name)
        .with_help("write its answer, or remove the heading")
}

/// Lints across files: a series number used twice, one author spelled two ways, and gaps in
/// each series' numbering.
fn across_files(docs: &[Document]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, mut d) in crate::book::duplicate_numbers(docs) {
        (d.line, d.column) = lc(docs[i].source_map.key("number"));
        out.push(d.with_code(lints::DUPLICATE_NUMBER.name));
    }

    // One author written two ways: each other spelling, where it is used, named against the
    // spelling most pieces use (the one a book prints).
    let all: Vec<&Document> = docs.iter().collect();
    for author in crate::model::contributors::contributors(&all) {
        for spelling in author.spellings.iter().filter(|s| s.name != author.name) {
            for &(piece, place) in &spelling.uses {
                let map = &docs[piece].source_map;
                let (line, col) = lc(map.item("authors", place).or_else(|| map.key("author")));
                out.push(
                    Diagnostic::warning(
                        &docs[piece].source_path,
                        line,
                        col,
                        format!("`{}` is spelled `{}` elsewhere", spelling.name, author.name),
                    )
                    .with_code(lints::AUTHOR_SPELLING.name)
                    .with_help(format!("write `{}` if it is the same person", author.name)),
                );
            }
        }
    }

    // Gaps in each series' numbering.
    let mut series: BTreeMap<Option<&str>, Vec<(u32, &Document)>> = BTreeMap::new();
    for doc in docs {
        if let Some(n) = doc.number {
            series
                .entry(doc.series.as_deref())
                .or_default()
                .push((n, doc));
        }
    }
    for (name, mut list) in series {
        list.sort_by_key(|(n, ..)| *n);
        for pair in list.windows(2) {
            let ((a, da), (b, db)) = (&pair[0], &pair[1]);
            if *b > *a + 1 {
                let (line, col) = lc(db.source_map.key("number"));
                let prefix = name.map(|s| format!("{s} ")).unwrap_or_default();
                let missing = if *b == *a + 2 {
                    format!("{prefix}#{}", a + 1)
                } else {
                    format!("{prefix}#{}–{}", a + 1, b - 1)
                };
                out.push(
                    Diagnostic::info(
                        &db.source_path,
                        line,
                        col,
                        format!(
                            "{missing} missing between {} and this file",
                            da.source_path.display()
                        ),
                    )
                    .with_code(lints::NUMBERING_GAP.name),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(20_454).to_string(), "2026-01-01");
        assert_eq!(civil_from_days(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn urls_are_checked() {
        assert!(url_problem("https://www.reuters.com/world/x").is_none());
        assert!(url_problem("mailto:a@b.org").is_none());
        assert_eq!(
            url_problem("https://exa mple.org").unwrap().0,
            "url-whitespace"
        );
        assert_eq!(url_problem("www.example.org").unwrap().0, "malformed-url");
        assert_eq!(url_problem("https://nohost").unwrap().0, "malformed-url");
        assert_eq!(
            url_problem("javascript:alert(1)").unwrap().0,
            "malformed-url"
        );
    }

    #[test]
    fn same_pages_share_a_key() {
        assert_eq!(
            url_key("https://EXAMPLE.org/same/"),
            url_key("https://example.org/same")
        );
        assert_ne!(
            url_key("https://example.org/Same"),
            url_key("https://example.org/same")
        );
    }
}
