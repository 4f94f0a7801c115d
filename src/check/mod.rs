//! `folio check`: lints sources without building them.
//!
//! Everything `build` would reject comes back as errors (the same diagnostics). Beyond that,
//! faults a build lets through but an editor wants to know: references that repeat a URL or lack
//! one, malformed URLs, images without alt text or credit, empty sections, skipped heading
//! levels, notes defined but not used (or used but not defined), future dates, authors without a
//! bio, titles too long for the layout; and across files, a series number used twice, one
//! author spelled two ways, and gaps in the numbering. Each finding names its lint
//! (`warning[duplicate-url]`) and the line it is on.

mod locate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use comrak::nodes::NodeValue;
use comrak::{Arena, parse_document};

use crate::diag::Diagnostic;
use crate::document::{Date, Document, normalize_url};
use locate::FrontMatterLines;

/// Most lines the title block may take before it crowds the first page.
pub const MAX_TITLE_LINES: usize = 3;

/// Every finding for `sources`, file by file in order, then those across files.
pub fn check(sources: &[PathBuf], today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut docs: Vec<(Document, FrontMatterLines)> = Vec::new();
    for path in sources {
        let bytes = match crate::source::read(path) {
            Ok(b) => b,
            Err(d) => {
                out.push(d);
                continue;
            }
        };
        let loaded = match crate::source::parse(path, &bytes) {
            Ok(l) => l,
            Err(errors) => {
                out.extend(errors);
                continue;
            }
        };
        out.extend(loaded.warnings);
        let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        let lines = FrontMatterLines::new(&text);
        let doc = loaded.document;
        let mut found = front_matter_lints(&doc, &lines, today);
        found.extend(body_lints(&doc.source_path, &text, lines.body_line));
        found.sort_by_key(|d| (d.line, d.column));
        out.extend(found);
        docs.push((doc, lines));
    }
    out.extend(across_files(&docs));
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
            "url-whitespace",
            format!("the URL `{url}` contains whitespace"),
        ));
    }
    if let Some(rest) = url.strip_prefix("mailto:") {
        return (!rest.contains('@'))
            .then(|| ("malformed-url", format!("`{url}` is not an email address")));
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
            "malformed-url",
            format!("`{url}` is not a web address (https://host/…)"),
        )
    })
}

/// How many lines the title block sets `doc`'s title in, on its brand's page
/// (`templates/title-fit.typ`, laid out by typst); `None` if that cannot be measured.
fn title_lines(doc: &Document) -> Option<usize> {
    use std::sync::OnceLock;
    static BUILDER: OnceLock<Option<crate::Builder>> = OnceLock::new();
    let builder = BUILDER
        .get_or_init(|| crate::Builder::new(crate::BuildOptions::default()).ok())
        .as_ref()?;
    let brand = builder.brand_for(&doc.source_path).ok()?;
    let compiled = builder
        .engine
        .compile(
            "title-fit.typ",
            doc,
            &brand,
            serde_json::json!({"format": "pdf"}),
        )
        .ok()?;
    Some(compiled.document.pages().len())
}

fn front_matter_lints(doc: &Document, lines: &FrontMatterLines, today: Date) -> Vec<Diagnostic> {
    let path = doc.source_path.as_path();
    let mut out = Vec::new();
    let at = |key: &str| lines.key(key).unwrap_or((1, 1));

    // References.
    let mut first_with: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in doc.references.iter().enumerate() {
        let item = lines.item("references", i);
        let (line, col) = item.unwrap_or(at("references"));
        let url_at = lines
            .field_in_item("references", i, "url")
            .unwrap_or((line, col));
        match &r.url {
            None => out.push(
                Diagnostic::warning(
                    path,
                    line,
                    col,
                    format!("reference {} has no URL", r.number),
                )
                .with_code("reference-without-url")
                .with_help("add `url:` so readers can find the source"),
            ),
            Some(url) => {
                // What the author typed (folio escapes spaces when it loads a URL).
                let typed = lines
                    .raw_in_item("references", i, "url")
                    .filter(|raw| !raw.is_empty())
                    .unwrap_or_else(|| url.clone());
                if let Some((code, msg)) = url_problem(&typed) {
                    out.push(
                        Diagnostic::warning(path, url_at.0, url_at.1, msg)
                            .with_code(code)
                            .with_help("write the full address, e.g. `https://example.org/page`"),
                    );
                }
                let key = url_key(url);
                if let Some(&first) = first_with.get(&key) {
                    let first_line = lines
                        .field_in_item("references", first - 1, "url")
                        .map_or(0, |(l, _)| l);
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
                        .with_code("duplicate-url")
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
                .with_code("reference-without-date")
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
                    .with_code("image-without-alt")
                    .with_help("add `alt:` describing what the image shows"),
            );
        }
        if img.credit.is_none() {
            out.push(
                Diagnostic::warning(path, line, col, "the image has no credit")
                    .with_code("image-without-credit")
                    .with_help("add `credit:` (the \"Photo source\" line)"),
            );
        }
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
            .with_code("future-date")
            .with_help("check the year; explainers are dated when published"),
        );
    }
    for (i, a) in doc.authors.iter().enumerate() {
        if a.bio.is_none() {
            let (line, col) = lines
                .item("authors", i)
                .or_else(|| lines.key("author"))
                .unwrap_or((1, 1));
            out.push(
                Diagnostic::info(path, line, col, format!("{} has no bio", a.name))
                    .with_code("author-without-bio")
                    .with_help("add `bio:` for the \"About the author\" box"),
            );
        }
    }
    if let Some(lines) = title_lines(doc)
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
            .with_code("title-too-long")
            .with_help("shorten it, and move the rest to `subtitle:`"),
        );
    }
    out
}

/// Lints of the Markdown body: images, sections, heading levels, notes.
fn body_lints(path: &Path, text: &str, body_line: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let body: String = text
        .split_inclusive('\n')
        .skip(body_line.saturating_sub(1))
        .collect();
    let offset = body_line.saturating_sub(1);
    let arena = Arena::new();
    let root = parse_document(&arena, &body, &crate::source::markdown_options());

    // Headings: sections (`#`/`##`) and the levels below them.
    let mut previous_level = 1u8;
    let mut open_section: Option<(usize, usize, String, bool)> = None;
    let mut referenced: Vec<String> = Vec::new();
    for node in root.descendants() {
        let data = node.data();
        let (line, col) = (
            data.sourcepos.start.line + offset,
            data.sourcepos.start.column,
        );
        match &data.value {
            NodeValue::Heading(h) => {
                let level = h.level.max(2);
                if level > previous_level + 1 {
                    out.push(
                        Diagnostic::warning(
                            path,
                            line,
                            col,
                            format!(
                                "heading level {} follows level {previous_level}: a level is skipped",
                                h.level
                            ),
                        )
                        .with_code("heading-level-skipped")
                        .with_help(format!("use {} here", "#".repeat(previous_level as usize + 1))),
                    );
                }
                previous_level = level;
                if h.level <= 2 {
                    if let Some((l, c, title, false)) = open_section.take() {
                        out.push(empty_section(path, l, c, &title));
                    }
                    let title = crate::source::plain_heading(node);
                    open_section = Some((line, col, title, false));
                } else if let Some(s) = &mut open_section {
                    s.3 = true;
                }
            }
            NodeValue::Image(link) => {
                let alt: String = node
                    .descendants()
                    .filter_map(|n| match &n.data().value {
                        NodeValue::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                if alt.trim().is_empty() {
                    out.push(
                        Diagnostic::warning(
                            path,
                            line,
                            col,
                            format!("image `{}` has no alt text", link.url),
                        )
                        .with_code("image-without-alt")
                        .with_help("describe it: `![what it shows](file.png)`"),
                    );
                }
            }
            NodeValue::FootnoteReference(r) => referenced.push(r.name.to_string()),
            NodeValue::Text(t) => {
                for name in undefined_note_refs(t) {
                    out.push(
                        Diagnostic::warning(
                            path,
                            line,
                            col,
                            format!("note `[^{name}]` is used but not defined"),
                        )
                        .with_code("note-undefined")
                        .with_help(format!("add a line `[^{name}]: …` with the note's text")),
                    );
                }
            }
            _ => {}
        }
        // Any block inside a section other than its heading gives it content.
        let is_block_content = !matches!(
            data.value,
            NodeValue::Document | NodeValue::Heading(_) | NodeValue::FootnoteDefinition(_)
        ) && node
            .parent()
            .is_some_and(|p| matches!(p.data().value, NodeValue::Document));
        if is_block_content && let Some(s) = &mut open_section {
            s.3 = true;
        }
    }
    if let Some((l, c, title, false)) = open_section {
        out.push(empty_section(path, l, c, &title));
    }

    // Notes defined (`[^name]: …` at the start of a line) but never referenced.
    let mut in_fence = false;
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        if let Some(rest) = t.strip_prefix("[^")
            && let Some((name, _)) = rest.split_once("]:")
            && !referenced.iter().any(|r| r.eq_ignore_ascii_case(name))
        {
            out.push(
                Diagnostic::warning(
                    path,
                    i + 1 + offset,
                    line.len() - t.len() + 1,
                    format!("note `[^{name}]` is defined but never used"),
                )
                .with_code("note-unused")
                .with_help(format!(
                    "refer to it with `[^{name}]` in the text, or remove it"
                )),
            );
        }
    }
    out
}

fn empty_section(path: &Path, line: usize, col: usize, title: &str) -> Diagnostic {
    Diagnostic::warning(path, line, col, format!("section `{title}` is empty"))
        .with_code("empty-section")
        .with_help("write its answer, or remove the heading")
}

/// `[^name]` references left as text (comrak makes a note reference only when the note is
/// defined).
fn undefined_note_refs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("[^") {
        rest = &rest[i + 2..];
        if let Some(end) = rest.find(']') {
            let name = &rest[..end];
            if !name.is_empty() && !name.contains(char::is_whitespace) {
                out.push(name.to_string());
            }
            rest = &rest[end..];
        }
    }
    out
}

/// Lints across files: a series number used twice, one author spelled two ways, and gaps in
/// each series' numbering.
fn across_files(docs: &[(Document, FrontMatterLines)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, mut d) in crate::book::duplicate_numbers(docs.iter().map(|(doc, _)| doc)) {
        (d.line, d.column) = docs[i].1.key("number").unwrap_or((1, 1));
        out.push(d.with_code("duplicate-number"));
    }

    // Spellings of each author (by crate::book::name_key), with where they occur.
    type Uses<'d> = Vec<(&'d Path, (usize, usize))>;
    let mut spellings: BTreeMap<String, BTreeMap<&str, Uses>> = BTreeMap::new();
    for (doc, lines) in docs {
        for (i, a) in doc.authors.iter().enumerate() {
            let at = lines
                .item("authors", i)
                .or_else(|| lines.key("author"))
                .unwrap_or((1, 1));
            spellings
                .entry(crate::book::name_key(&a.name))
                .or_default()
                .entry(a.name.as_str())
                .or_default()
                .push((&doc.source_path, at));
        }
    }
    for forms in spellings.values().filter(|f| f.len() > 1) {
        let (common, _) = forms
            .iter()
            .max_by_key(|(_, uses)| uses.len())
            .expect("two or more spellings");
        for (name, uses) in forms.iter().filter(|(n, _)| *n != common) {
            for (path, (line, col)) in uses {
                out.push(
                    Diagnostic::warning(
                        path,
                        *line,
                        *col,
                        format!("`{name}` is spelled `{common}` elsewhere"),
                    )
                    .with_code("author-spelling")
                    .with_help(format!("write `{common}` if it is the same person")),
                );
            }
        }
    }

    // Gaps in each series' numbering.
    let mut series: BTreeMap<Option<&str>, Vec<(u32, &Document, &FrontMatterLines)>> =
        BTreeMap::new();
    for (doc, lines) in docs {
        if let Some(n) = doc.number {
            series
                .entry(doc.series.as_deref())
                .or_default()
                .push((n, doc, lines));
        }
    }
    for (name, mut list) in series {
        list.sort_by_key(|(n, ..)| *n);
        for pair in list.windows(2) {
            let ((a, da, _), (b, db, lb)) = (&pair[0], &pair[1]);
            if *b > *a + 1 {
                let (line, col) = lb.key("number").unwrap_or((1, 1));
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
                    .with_code("numbering-gap"),
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

    #[test]
    fn undefined_notes_are_found_in_text() {
        assert_eq!(undefined_note_refs("see [^a] and [^b c]"), ["a"]);
    }
}
