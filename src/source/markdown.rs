//! The Markdown body (CommonMark + GFM + footnotes, parsed by comrak) → `Document` blocks.
//!
//! comrak gives the AST; this module maps every node to folio's own [`Block`]/[`Inline`] types,
//! splits the body into lede and `##` sections, and numbers footnotes; its `[@id]` citations are
//! [`super::citation`]'s. Raw HTML never becomes
//! markup: comments are dropped, `<br>` becomes a line break, anything else is kept as literal
//! text with a warning naming its line.

use std::collections::HashMap;
use std::path::Path;

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, parse_document};

use super::citation::{self, FoundCite, open_citation, order_citations};
use super::images::ImageStore;
use crate::diag::Diagnostic;
use crate::model::source_map::{Heading, ImageAt, Pos, SourceMap};
use crate::model::{Align, Block, Footnote, Inline, ListItem, Section, normalize_url, plain_text};

/// The body split the way the `Document` wants it, and where its parts are.
pub struct Body {
    pub lede: Vec<Block>,
    pub sections: Vec<Section>,
    pub footnotes: Vec<Footnote>,
    /// Headings, sections, images and notes with their lines (the front-matter part is empty).
    pub map: SourceMap,
    /// The `[@id]` citations in reading order; `Inline::Cite::index` indexes this.
    pub cites: Vec<FoundCite>,
}

/// The comrak options folio reads Markdown with (shared with every later reader of sources).
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.parse.smart = true;
    // A backslash-escaped character is its own node, so `\[@a]` is never a citation.
    o.parse.escaped_char_spans = true;
    o
}

struct Walker<'s> {
    path: &'s Path,
    /// Added to comrak's body-relative lines to get file lines.
    line_offset: usize,
    images: &'s mut ImageStore,
    warnings: &'s mut Vec<Diagnostic>,
    /// Footnote name → number, in order of first reference.
    notes: HashMap<String, usize>,
    /// Citations in the order met (renumbered in reading order once the body is read).
    cites: Vec<FoundCite>,
}

pub fn parse(
    path: &Path,
    body: &str,
    body_line: usize,
    images: &mut ImageStore,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Body, Vec<Diagnostic>> {
    let arena = Arena::new();
    let protected = protect_labels(body);
    let root = parse_document(&arena, &protected, &options());
    let mut w = Walker {
        path,
        line_offset: body_line - 1,
        images,
        warnings,
        notes: HashMap::new(),
        cites: Vec::new(),
    };

    // Number notes by the order comrak gives their first reference.
    let mut refs: Vec<(u32, String)> = Vec::new();
    for node in root.descendants() {
        if let NodeValue::FootnoteReference(r) = &node.data().value {
            refs.push((r.ix, r.name.clone()));
        }
    }
    refs.sort();
    for (_, name) in refs {
        let next = w.notes.len() + 1;
        w.notes.entry(name).or_insert(next);
    }

    let lines: Vec<&str> = body.lines().collect();
    let mut map = positions(root, &lines, body_line);
    let mut lede = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut footnotes = Vec::new();
    for node in root.children() {
        let value = node.data().value.clone();
        match value {
            NodeValue::Heading(h) if h.level <= 2 => {
                map.sections.push(at(node, body_line - 1, &lines));
                let title = w.inlines(node);
                let number = sections.len() + 1;
                sections.push(Section {
                    number,
                    id: crate::model::ids::section("", number),
                    title_text: plain_text(&title).trim().to_string(),
                    title,
                    blocks: Vec::new(),
                });
            }
            NodeValue::FootnoteDefinition(def) => {
                if let Some(&number) = w.notes.get(&def.name) {
                    let blocks = w.blocks(node);
                    footnotes.push(Footnote {
                        number,
                        id: crate::model::ids::note("", number),
                        blocks,
                    });
                }
            }
            _ => {
                let blocks = w.block(node);
                match sections.last_mut() {
                    Some(s) => s.blocks.extend(blocks),
                    None => lede.extend(blocks),
                }
            }
        }
    }
    footnotes.sort_by_key(|f| f.number);
    let mut body = Body {
        lede,
        sections,
        footnotes,
        map,
        cites: std::mem::take(&mut w.cites),
    };
    order_citations(&mut body);
    mark_first_references(&mut body);
    number_figures(&mut body);
    Ok(body)
}

/// Numbers the captioned figures from 1 in reading order: lede, sections, notes.
fn number_figures(body: &mut Body) {
    fn walk(blocks: &mut [Block], next: &mut usize) {
        for block in blocks {
            match block {
                Block::Figure {
                    caption, number, ..
                } if !caption.is_empty() => {
                    *next += 1;
                    *number = Some(*next);
                }
                Block::Quote { blocks } => walk(blocks, next),
                Block::List { items, .. } => {
                    for item in items {
                        walk(&mut item.blocks, next);
                    }
                }
                _ => {}
            }
        }
    }
    let mut next = 0;
    walk(&mut body.lede, &mut next);
    for s in &mut body.sections {
        walk(&mut s.blocks, &mut next);
    }
    for n in &mut body.footnotes {
        walk(&mut n.blocks, &mut next);
    }
}

/// Marks each note's first reference in reading order (lede, sections, then the notes
/// themselves): the one every format attaches the note to, with later references pointing back.
/// comrak's own order can put a note's first reference inside a note, which no layout reaches
/// before the note exists.
fn mark_first_references(body: &mut Body) {
    let mut seen = std::collections::HashSet::new();
    let mut mark = |inl: &mut Inline| {
        if let Inline::FootnoteRef { number, first } = inl {
            *first = seen.insert(*number);
        }
    };
    crate::model::for_each_inline_mut(&mut body.lede, &mut mark);
    for s in &mut body.sections {
        crate::model::for_each_in_inlines_mut(&mut s.title, &mut mark);
        crate::model::for_each_inline_mut(&mut s.blocks, &mut mark);
    }
    for n in &mut body.footnotes {
        crate::model::for_each_inline_mut(&mut n.blocks, &mut mark);
    }
}

/// Where a comrak node starts in the file: its body-relative line moved by `offset`, and its
/// column in characters (comrak counts bytes) along `lines`, the body's.
fn at(node: &AstNode<'_>, offset: usize, lines: &[&str]) -> Pos {
    let pos = node.data().sourcepos;
    let column = lines
        .get(pos.start.line.wrapping_sub(1))
        .and_then(|line| line.get(..pos.start.column.saturating_sub(1)))
        .map_or(pos.start.column, |before| before.chars().count() + 1);
    Pos::new(pos.start.line + offset, column)
}

/// The body's headings, images and notes with their places, from the same AST the blocks are
/// made of (and, for notes comrak drops because nothing refers to them, from the lines).
fn positions<'a>(root: &'a AstNode<'a>, lines: &[&str], body_line: usize) -> SourceMap {
    let offset = body_line - 1;
    let mut map = SourceMap::default();
    let mut referenced: Vec<String> = Vec::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Heading(h) => map.headings.push(Heading {
                level: h.level,
                at: at(node, offset, lines),
            }),
            NodeValue::Image(link) => map.images.push(ImageAt {
                url: link.url.clone(),
                alt: node
                    .descendants()
                    .filter_map(|n| match &n.data().value {
                        NodeValue::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect(),
                at: at(node, offset, lines),
            }),
            NodeValue::FootnoteReference(r) => referenced.push(label(&r.name)),
            NodeValue::Text(t) => {
                for name in undefined_note_refs(t) {
                    map.undefined_notes.push((name, at(node, offset, lines)));
                }
            }
            _ => {}
        }
    }
    // Notes defined (`[^name]: …` at the start of a line, outside code) but never referenced.
    let mut in_fence = false;
    for (i, line) in lines.iter().enumerate() {
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
            let indent = line[..line.len() - t.len()].chars().count();
            let pos = Pos::new(i + 1 + offset, indent + 1);
            map.unused_notes.push((name.to_string(), pos));
        }
    }
    map
}

/// Stand-ins for the characters smart punctuation changes (`"`, `'`, `-` of `--`, `.` of
/// `...`), one byte for one byte.
const LABEL_STAND_INS: [(char, char); 4] = [
    ('"', '\u{1}'),
    ('\'', '\u{2}'),
    ('-', '\u{3}'),
    ('.', '\u{4}'),
];

/// comrak reads a note reference's label from its text after smart punctuation has curled its
/// quotes (and made dashes and ellipses of `--` and `...`), but a definition's label as
/// written, so `[^"a"]` never finds `[^"a"]: …` and stays text. The labels of definitions that
/// hold such characters are spelled with stand-ins, in the definitions and the references alike
/// (outside fenced code), before comrak reads the body; [`label`] gives them back their own.
/// Each stand-in is one byte for one, so every node keeps its line and column.
fn protect_labels(body: &str) -> std::borrow::Cow<'_, str> {
    let at_risk =
        |name: &str| name.contains(['"', '\'']) || name.contains("--") || name.contains("...");
    let mut names: Vec<&str> = Vec::new();
    for (line, outside) in lines_outside_fences(body) {
        if outside
            && let Some(rest) = line.trim_start().strip_prefix("[^")
            && let Some((name, _)) = rest.split_once("]:")
            && at_risk(name)
        {
            names.push(name);
        }
    }
    if names.is_empty() {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    for (line, outside) in lines_outside_fences(body) {
        let mut line = line.to_string();
        if outside {
            for name in &names {
                line = line.replace(
                    &format!("[^{name}]"),
                    &format!("[^{}]", stand_ins(name, true)),
                );
            }
        }
        out.push_str(&line);
    }
    std::borrow::Cow::Owned(out)
}

/// The body's lines (with their ends), each with whether it is outside fenced code (a fence's
/// opening line counts as inside, its closing line as outside).
fn lines_outside_fences(body: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut in_fence = false;
    body.split_inclusive('\n').map(move |line| {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        (line, !in_fence)
    })
}

/// A note's label as the source writes it (see [`protect_labels`]).
fn label(name: &str) -> String {
    stand_ins(name, false)
}

/// `name` with the characters smart punctuation changes replaced by their stand-ins (`hide`),
/// or the stand-ins by their characters.
fn stand_ins(name: &str, hide: bool) -> String {
    name.chars()
        .map(|c| {
            let pair = LABEL_STAND_INS
                .iter()
                .find(|(own, stand_in)| c == if hide { *own } else { *stand_in });
            pair.map_or(c, |(own, stand_in)| if hide { *stand_in } else { *own })
        })
        .collect()
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

impl Walker<'_> {
    fn line_of(&self, node: &AstNode<'_>) -> (usize, usize) {
        let pos = node.data().sourcepos;
        (pos.start.line + self.line_offset, pos.start.column.max(1))
    }

    fn warn(&mut self, node: &AstNode<'_>, message: String) {
        let (line, col) = self.line_of(node);
        self.warnings
            .push(Diagnostic::warning(self.path, line, col, message));
    }

    fn blocks<'a>(&mut self, parent: &'a AstNode<'a>) -> Vec<Block> {
        parent.children().flat_map(|c| self.block(c)).collect()
    }

    /// One comrak block node → zero or more folio blocks.
    fn block<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Block> {
        let value = node.data().value.clone();
        match value {
            NodeValue::Paragraph => {
                let content = self.inlines(node);
                if let [Inline::Image { path, alt }] = content.as_slice() {
                    let caption = match &node.first_child().map(|c| c.data().value.clone()) {
                        Some(NodeValue::Image(link)) if !link.title.trim().is_empty() => {
                            vec![Inline::Text {
                                text: link.title.trim().to_string(),
                            }]
                        }
                        _ => Vec::new(),
                    };
                    return vec![Block::Figure {
                        path: path.clone(),
                        alt: alt.clone(),
                        caption,
                        number: None,
                    }];
                }
                if content.is_empty() {
                    return Vec::new();
                }
                vec![Block::Paragraph { content }]
            }
            NodeValue::Heading(h) => vec![Block::Heading {
                level: h.level.saturating_sub(2).max(1),
                content: self.inlines(node),
            }],
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
                vec![Block::Quote {
                    blocks: self.blocks(node),
                }]
            }
            NodeValue::List(list) => {
                let items = node
                    .children()
                    .map(|item| {
                        let task = match &item.data().value {
                            NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
                            _ => None,
                        };
                        ListItem {
                            task,
                            blocks: self.blocks(item),
                        }
                    })
                    .collect();
                vec![Block::List {
                    ordered: list.list_type == ListType::Ordered,
                    start: list.start,
                    tight: list.tight,
                    items,
                }]
            }
            NodeValue::CodeBlock(code) => vec![Block::Code {
                lang: code
                    .info
                    .split_whitespace()
                    .next()
                    .map(str::to_string)
                    .filter(|l| !l.is_empty()),
                text: code.literal.trim_end_matches('\n').to_string(),
            }],
            NodeValue::HtmlBlock(html) => {
                let text = html.literal.trim_end().to_string();
                if is_html_comment(&text) {
                    return Vec::new();
                }
                self.warn(
                    node,
                    "raw HTML is not rendered; it is shown as literal text".to_string(),
                );
                vec![Block::RawText { text }]
            }
            NodeValue::ThematicBreak => vec![Block::Rule],
            NodeValue::Table(table) => {
                let align: Vec<Align> = table
                    .alignments
                    .iter()
                    .map(|a| match a {
                        TableAlignment::None => Align::None,
                        TableAlignment::Left => Align::Left,
                        TableAlignment::Center => Align::Center,
                        TableAlignment::Right => Align::Right,
                    })
                    .collect();
                let width = align.len();
                let mut header = Vec::new();
                let mut rows = Vec::new();
                for row in node.children() {
                    let is_header = matches!(row.data().value, NodeValue::TableRow(true));
                    let mut cells: Vec<Vec<Inline>> =
                        row.children().map(|cell| self.inlines(cell)).collect();
                    cells.resize(width, Vec::new());
                    if is_header {
                        header = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                vec![Block::Table {
                    align,
                    header,
                    rows,
                }]
            }
            // Definitions are collected at the top level; nothing else is block-level here.
            NodeValue::FootnoteDefinition(_) => Vec::new(),
            _ => {
                // Containers of extensions folio does not enable: keep their content.
                if node.first_child().is_some() {
                    self.blocks(node)
                } else {
                    Vec::new()
                }
            }
        }
    }

    fn inlines<'a>(&mut self, parent: &'a AstNode<'a>) -> Vec<Inline> {
        // Adjacent text is merged (comrak leaves `[`, `@a` and `]` apart), remembering where
        // each run of text starts so a citation in it can be placed. A line break inside one
        // being written (`[@a;` at a line's end) is a space in it. (An escaped node, which
        // comrak makes only when asked to, is never part of one.)
        let mut merged: Vec<(Inline, (usize, usize), bool)> = Vec::new();
        for child in parent.children() {
            let at = self.line_of(child);
            let escaped = matches!(child.data().value, NodeValue::Escaped);
            for inline in self.inline(child) {
                let inline = match (merged.last(), inline) {
                    (Some((Inline::Text { text }, _, false)), Inline::SoftBreak)
                        if open_citation(text) =>
                    {
                        Inline::Text { text: " ".into() }
                    }
                    (_, inline) => inline,
                };
                match (merged.last_mut(), inline) {
                    (Some((Inline::Text { text }, _, false)), Inline::Text { text: more })
                        if !escaped =>
                    {
                        text.push_str(&more)
                    }
                    (_, inline) => merged.push((inline, at, escaped)),
                }
            }
        }
        let mut out = Vec::new();
        for (inline, (line, column), escaped) in merged {
            match inline {
                Inline::Text { text } if !escaped && text.contains('[') && text.contains('@') => {
                    citation::cut(
                        text,
                        (line, column),
                        self.path,
                        &mut self.cites,
                        self.warnings,
                        &mut out,
                    );
                }
                inline => out.push(inline),
            }
        }
        // Escaped characters were kept apart only to keep them out of citations.
        let mut joined: Vec<Inline> = Vec::with_capacity(out.len());
        for inline in out {
            match (joined.last_mut(), inline) {
                (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
                (_, inline) => joined.push(inline),
            }
        }
        joined
    }

    fn inline<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<Inline> {
        let value = node.data().value.clone();
        let text = |t: &str| {
            vec![Inline::Text {
                text: t.to_string(),
            }]
        };
        match value {
            NodeValue::Text(t) => text(&t),
            NodeValue::SoftBreak => vec![Inline::SoftBreak],
            NodeValue::LineBreak => vec![Inline::LineBreak],
            NodeValue::Code(c) => vec![Inline::Code { text: c.literal }],
            NodeValue::Emph => vec![Inline::Emph {
                content: self.inlines(node),
            }],
            NodeValue::Strong => vec![Inline::Strong {
                content: self.inlines(node),
            }],
            NodeValue::Strikethrough => vec![Inline::Strike {
                content: self.inlines(node),
            }],
            NodeValue::Link(link) => {
                let content = self.inlines(node);
                let url = normalize_url(&link.url);
                if is_linkable(&link.url) && is_valid_address(&url) {
                    vec![Inline::Link { url, content }]
                } else {
                    if !link.url.is_empty() && !link.url.starts_with('#') {
                        let shown = link.url.chars().take(100).collect::<String>();
                        let why = if is_linkable(&link.url) {
                            "is not a valid address"
                        } else {
                            "is not a web or mail address"
                        };
                        self.warn(
                            node,
                            format!(
                                "link target `{shown}` {why}; the text is kept without the link"
                            ),
                        );
                    }
                    content
                }
            }
            NodeValue::Image(link) => {
                let alt = plain_text(&self.inlines(node)).trim().to_string();
                let (line, col) = self.line_of(node);
                let path = self.images.add(&link.url, line, col);
                vec![Inline::Image { path, alt }]
            }
            NodeValue::FootnoteReference(r) => match self.notes.get(&r.name) {
                Some(&number) => vec![Inline::FootnoteRef {
                    number,
                    first: r.ref_num <= 1,
                }],
                None => text(&format!("[^{}]", label(&r.name))),
            },
            NodeValue::HtmlInline(html) => {
                let lower = html.to_ascii_lowercase();
                let tag = lower
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .trim_end_matches('/');
                if is_html_comment(&html) {
                    Vec::new()
                } else if tag.trim() == "br" {
                    vec![Inline::LineBreak]
                } else {
                    self.warn(
                        node,
                        format!(
                            "inline HTML `{}` is not rendered; it is shown as literal text",
                            html.chars().take(60).collect::<String>()
                        ),
                    );
                    text(&html)
                }
            }
            NodeValue::Raw(r) => text(&r),
            _ => {
                if node.first_child().is_some() {
                    self.inlines(node)
                } else {
                    Vec::new()
                }
            }
        }
    }
}

fn is_html_comment(s: &str) -> bool {
    let t = s.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// Links that mean something in a PDF or EPUB read anywhere: web, mail and phone addresses.
fn is_linkable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// Whether `url` (a web, FTP, mail or phone address, percent-encoded) parses as one (the
/// WHATWG parser of the `url` crate) with a host made of non-empty labels: reading systems and
/// EPUBCheck reject `https://../` and the like.
fn is_valid_address(url: &str) -> bool {
    let Ok(parsed) = url::Url::parse(url) else {
        return false;
    };
    match parsed.host() {
        Some(url::Host::Domain(domain)) => domain
            .trim_end_matches('.')
            .split('.')
            .all(|label| !label.is_empty()),
        Some(_) => true,
        None => matches!(parsed.scheme(), "mailto" | "tel") && !parsed.path().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_must_be_real_addresses() {
        for ok in [
            "https://www.reuters.com/world/x",
            "http://localhost:8080/",
            "https://192.168.1.1/",
            "mailto:a@b.org",
            "tel:+911234",
            "ftp://ftp.example.org/file",
        ] {
            assert!(is_valid_address(ok), "{ok}");
        }
        for bad in [
            "https://../",
            "https://",
            "http://.a/",
            "https://a..b/",
            "mailto:",
        ] {
            assert!(!is_valid_address(bad), "{bad}");
        }
    }

    #[test]
    fn undefined_notes_are_found_in_text() {
        assert_eq!(undefined_note_refs("see [^a] and [^b c]"), ["a"]);
    }

    fn body(md: &str) -> (Body, Vec<Diagnostic>) {
        let dir = std::env::temp_dir();
        let mut images = ImageStore::new(Path::new("t.md"), &dir);
        let mut warnings = Vec::new();
        let b = parse(Path::new("t.md"), md, 5, &mut images, &mut warnings).unwrap();
        (b, warnings)
    }

    #[test]
    fn lede_sections_and_subheadings() {
        let (b, _) = body("Lede.\n\n## 1. One?\n\nA.\n\n### Sub\n\n## Two\n\nB.\n");
        assert_eq!(b.lede.len(), 1);
        assert_eq!(b.sections.len(), 2);
        assert_eq!(b.sections[0].title_text, "1. One?");
        assert!(matches!(
            b.sections[0].blocks[1],
            Block::Heading { level: 1, .. }
        ));
    }

    #[test]
    fn footnotes_numbered_by_first_reference() {
        let (b, _) = body("A[^b] and[^a] again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n");
        assert_eq!(b.footnotes.len(), 2);
        let Block::Paragraph { content } = &b.lede[0] else {
            panic!()
        };
        let refs: Vec<(usize, bool)> = content
            .iter()
            .filter_map(|i| match i {
                Inline::FootnoteRef { number, first } => Some((*number, *first)),
                _ => None,
            })
            .collect();
        assert_eq!(refs, vec![(1, true), (2, true), (1, false)]);
        assert_eq!(
            plain_text(match &b.footnotes[0].blocks[0] {
                Block::Paragraph { content } => content,
                _ => panic!(),
            }),
            "Note B."
        );
    }

    /// A label smart punctuation would change (cmark-gfm's "Footnote reference labels are
    /// href escaped" example) still joins a reference to its note, and columns stay put.
    #[test]
    fn note_labels_with_quotes_and_markup_find_their_notes() {
        let (b, w) = body(
            "Hello[^\"><script>alert(1)</script>] and[^it's--so...]\n\n[^\"><script>alert(1)</script>]: pwned\n\n[^it's--so...]: two\n",
        );
        let Block::Paragraph { content } = &b.lede[0] else {
            panic!()
        };
        let refs = content
            .iter()
            .filter(|i| matches!(i, Inline::FootnoteRef { .. }))
            .count();
        assert_eq!(refs, 2, "{content:?}");
        assert_eq!(b.footnotes.len(), 2);
        assert!(b.map.unused_notes.is_empty(), "{:?}", b.map.unused_notes);
        assert!(w.iter().all(|d| !d.message.contains("\u{1}")), "{w:?}");
    }

    #[test]
    fn raw_html_is_text_with_a_warning_on_its_line() {
        let (b, w) =
            body("Hi <script>alert(1)</script> there<br>x\n\n<div onclick=\"x\">y</div>\n");
        let all = format!("{:?}", b.lede);
        assert!(all.contains("<script>") && all.contains("LineBreak"));
        assert!(matches!(b.lede[1], Block::RawText { .. }));
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].line, 5);
        assert_eq!(w[2].line, 7);
    }

    #[test]
    fn unsafe_links_lose_their_target() {
        let (b, w) = body("[x](javascript:alert(1)) [y](https://example.org)\n");
        let all = format!("{:?}", b.lede);
        assert!(!all.contains("javascript"));
        assert!(all.contains("https://example.org"));
        assert_eq!(w.len(), 1);
    }
}
