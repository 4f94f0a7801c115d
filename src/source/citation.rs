//! The body's citations, pandoc's syntax: `[@id]`, `[@id, p. 4]` (a locator: page, chapter,
//! section, paragraph, figure, table, volume, note, line), `[@a; @b]`. Found in the body's text
//! runs as the Markdown is read, put in reading order once it is, or put back as text where
//! nothing can be cited (a book's foreword).

use std::path::Path;

use super::markdown::Body;
use crate::diag::Diagnostic;
use crate::model::{Inline, Locator, for_each_in_inlines_mut, for_each_inline_mut};

/// One `@id` of a citation, with its locator.
pub type CitedId = (String, Option<Locator>);

/// A citation as the body wrote it, before its ids are checked against the references.
#[derive(Debug, Clone)]
pub struct FoundCite {
    /// `(id, locator)` for each `@id` between the brackets.
    pub items: Vec<CitedId>,
    /// The citation as written (`[@a, p. 4]`).
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// A run of body text that starts at (`line`, `column`), its citations cut out: each becomes an
/// `Inline::Cite` indexing `cites`, where it is added; a bracket that cites in a way folio does
/// not read stays text, with a warning in `warnings`.
pub(super) fn cut(
    text: String,
    (line, column): (usize, usize),
    path: &Path,
    cites: &mut Vec<FoundCite>,
    warnings: &mut Vec<Diagnostic>,
    out: &mut Vec<Inline>,
) {
    for piece in split_citations(&text) {
        match piece {
            Piece::Text(text) => out.push(Inline::Text { text }),
            Piece::Cite { items, offset, raw } => {
                out.push(Inline::Cite { index: cites.len() });
                cites.push(FoundCite {
                    items,
                    text: raw,
                    line,
                    column: column + text[..offset].chars().count(),
                });
            }
            Piece::Unsupported { what, offset } => {
                warnings.push(Diagnostic::warning(
                    path,
                    line,
                    column + text[..offset].chars().count(),
                    what,
                ));
            }
        }
    }
}

/// Whether `text` ends inside a bracket that has begun to cite (`… [@a;`).
pub(super) fn open_citation(text: &str) -> bool {
    match text.rfind('[') {
        Some(open) => !text[open..].contains(']') && text[open..].contains('@'),
        None => false,
    }
}

/// Text cut around its `[@id]` citations.
enum Piece {
    Text(String),
    Cite {
        items: Vec<CitedId>,
        /// Byte offset of the `[` in the text.
        offset: usize,
        /// The citation as written.
        raw: String,
    },
    /// Bracketed text that looks like a citation folio does not read (kept as text).
    Unsupported {
        what: String,
        offset: usize,
    },
}

/// Finds pandoc-style citations: `[@id]`, `[@id, p. 4]`, `[@a; @b, ch. 2]`. Anything else in
/// brackets stays text; a bracket that cites with a prefix (`[see @a]`) is text with a warning.
fn split_citations(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let mut base = 0;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = &after[..close];
        let parsed = (!inner.contains('[')).then(|| parse_cite(inner)).flatten();
        plain.push_str(&rest[..open]);
        let end = open + 1 + close + 1;
        match parsed {
            Some(Ok(items)) => {
                if !plain.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut plain)));
                }
                out.push(Piece::Cite {
                    items,
                    offset: base + open,
                    raw: rest[open..end].to_string(),
                });
            }
            Some(Err(what)) => {
                out.push(Piece::Unsupported {
                    what,
                    offset: base + open,
                });
                plain.push_str(&rest[open..end]);
            }
            None => plain.push_str(&rest[open..end]),
        }
        base += end;
        rest = &rest[end..];
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Piece::Text(plain));
    }
    out
}

/// The items of `@a; @b, p. 4` (the text between the brackets); `None` when it is not a
/// citation at all, an error when it is one folio cannot read.
fn parse_cite(inner: &str) -> Option<Result<Vec<CitedId>, String>> {
    if !inner.contains('@') {
        return None;
    }
    let mut items = Vec::new();
    for part in inner.split(';') {
        let part = part.trim();
        let Some(after) = part.strip_prefix('@') else {
            // `[see @a]`, `[-@a]`: a citation, but not one folio reads; an e-mail address
            // (`[a@b.org]`) or other bracketed text is left alone.
            let at = part.find('@')?;
            let before = &part[..at];
            let key_follows = part[at + 1..].starts_with(|c: char| c.is_alphanumeric() || c == '_');
            if !key_follows || !(before.ends_with(' ') || before == "-") {
                return None;
            }
            return Some(Err(format!(
                "`[{inner}]` is not read as a citation: folio cites `[@id]`, `[@id, p. 4]` or `[@a; @b]`, without words before the `@`"
            )));
        };
        let key_len = after
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || "_-:./".contains(c)))
            .map_or(after.len(), |(i, _)| i);
        let key = after[..key_len].trim_end_matches(['.', ':', '/', '-']);
        if key.is_empty() {
            return None;
        }
        let tail = after[key.len()..].trim();
        let locator = if tail.is_empty() {
            None
        } else if let Some(loc) = tail.strip_prefix(',') {
            match locator(loc.trim()) {
                Some(l) => Some(l),
                None => {
                    return Some(Err(format!(
                        "`[{inner}]`: `{}` is not a locator folio reads, so this is not a citation; write `p. 4`, `pp. 4–6`, `ch. 2`, `sec. 3`, `para. 5`, `fig. 1`, `vol. 2` or `n. 7`",
                        loc.trim()
                    )));
                }
            }
        } else {
            return None;
        };
        items.push((key.to_string(), locator));
    }
    Some(Ok(items))
}

/// `p. 4` → page 4, `ch. 2` → chapter 2, a bare number → page.
fn locator(text: &str) -> Option<Locator> {
    const LABELS: &[(&[&str], &str)] = &[
        (&["p.", "pp.", "p", "pp", "page", "pages"], "page"),
        (&["ch.", "chap.", "chapter", "chapters"], "chapter"),
        (
            &["sec.", "secs.", "section", "sections", "§", "§§"],
            "section",
        ),
        (
            &["para.", "paras.", "¶", "¶¶", "paragraph", "paragraphs"],
            "paragraph",
        ),
        (&["fig.", "figs.", "figure", "figures"], "figure"),
        (&["tbl.", "table", "tables"], "table"),
        (&["vol.", "vols.", "volume", "volumes"], "volume"),
        (&["n.", "nn.", "note", "notes"], "note"),
        (&["l.", "ll.", "line", "lines"], "line"),
    ];
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let numberish = |v: &str| {
        !v.is_empty()
            && v.starts_with(|c: char| c.is_alphanumeric())
            && v.chars().all(|c| c.is_alphanumeric() || " ,–-".contains(c))
    };
    if text.starts_with(|c: char| c.is_ascii_digit()) && numberish(text) {
        return Some(Locator {
            label: "page".into(),
            value: text.to_string(),
        });
    }
    for (words, label) in LABELS {
        for w in *words {
            if let Some(value) = text.strip_prefix(w) {
                let value = value.trim_start_matches(['.', ' ']).trim();
                let spaced = w.ends_with('.')
                    || w.starts_with(['§', '¶'])
                    || text[w.len()..].starts_with(' ');
                if spaced && numberish(value) {
                    return Some(Locator {
                        label: label.to_string(),
                        value: value.to_string(),
                    });
                }
            }
        }
    }
    None
}

/// Puts each citation back as the text it was written as (a book's foreword, which has no
/// references to cite), with a warning at each.
pub fn citations_as_text(body: &mut Body, path: &Path, warnings: &mut Vec<Diagnostic>) {
    let cites = std::mem::take(&mut body.cites);
    for c in &cites {
        warnings.push(Diagnostic::warning(
            path,
            c.line,
            c.column,
            format!(
                "`{}` is not read as a citation here: a foreword has no references",
                c.text
            ),
        ));
    }
    let mut as_text = |inl: &mut Inline| {
        if let Inline::Cite { index } = inl {
            let text = cites
                .get(*index)
                .map(|c| c.text.clone())
                .unwrap_or_default();
            *inl = Inline::Text { text };
        }
    };
    for_each_inline_mut(&mut body.lede, &mut as_text);
    for s in &mut body.sections {
        for_each_in_inlines_mut(&mut s.title, &mut as_text);
        for_each_inline_mut(&mut s.blocks, &mut as_text);
    }
    for n in &mut body.footnotes {
        for_each_inline_mut(&mut n.blocks, &mut as_text);
    }
}

/// Renumbers the citations in reading order (lede, sections, then notes), the order a numeric
/// style numbers them in.
pub(super) fn order_citations(body: &mut Body) {
    if body.cites.is_empty() {
        return;
    }
    let mut order = Vec::new();
    let mut renumber = |inl: &mut Inline| {
        if let Inline::Cite { index } = inl {
            order.push(*index);
            *index = order.len() - 1;
        }
    };
    for_each_inline_mut(&mut body.lede, &mut renumber);
    for s in &mut body.sections {
        for_each_in_inlines_mut(&mut s.title, &mut renumber);
        for_each_inline_mut(&mut s.blocks, &mut renumber);
    }
    for n in &mut body.footnotes {
        for_each_inline_mut(&mut n.blocks, &mut renumber);
    }
    let found = std::mem::take(&mut body.cites);
    body.cites = order.iter().map(|&i| found[i].clone()).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The citations `text` holds, as `id@label:value` strings per citation, and what is left.
    fn cites(text: &str) -> (Vec<Vec<String>>, String) {
        let mut found = Vec::new();
        let mut rest = String::new();
        for piece in split_citations(text) {
            match piece {
                Piece::Text(t) => rest.push_str(&t),
                Piece::Cite { items, .. } => found.push(
                    items
                        .iter()
                        .map(|(id, loc)| match loc {
                            Some(l) => format!("{id}@{}:{}", l.label, l.value),
                            None => id.clone(),
                        })
                        .collect(),
                ),
                Piece::Unsupported { .. } => rest.push('!'),
            }
        }
        (found, rest)
    }

    #[test]
    fn citations_are_read_pandoc_style_and_nothing_else() {
        assert_eq!(cites("a [@ali-2025] b").0, [["ali-2025"]]);
        assert_eq!(
            cites("[@a, p. 4; @b:c.d, pp. 10–12; @e, ch. 2] x").0,
            [["a@page:4", "b:c.d@page:10–12", "e@chapter:2"]]
        );
        assert_eq!(cites("[@a, 33]").0, [["a@page:33"]]);
        assert_eq!(
            cites("(see [@a].)"),
            (vec![vec!["a".to_string()]], "(see .)".into())
        );
        // Not citations: an address, a link-like bracket, an unknown locator (a warning).
        assert_eq!(
            cites("mail [a@b.org] now"),
            (vec![], "mail [a@b.org] now".into())
        );
        assert_eq!(cites("[@]").0, Vec::<Vec<String>>::new());
        assert_eq!(cites("[@a, emphasis added]").1, "![@a, emphasis added]");
        assert_eq!(cites("[see @a]").1, "![see @a]");
    }
}
