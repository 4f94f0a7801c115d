//! The text every reader (plain text, Word, a saved web page) produces: a flat run of blocks
//! with their inline styling and the input line each came from, and the hints a file's own
//! metadata gives. The explainer's shape is recognised on this, whatever the input was.

/// A document as read, before its shape is recognised.
#[derive(Debug, Default)]
pub struct Flow {
    pub blocks: Vec<Block>,
    /// Footnotes, by their number (`[^1]` is `notes[0]`).
    pub notes: Vec<Vec<Run>>,
    /// Metadata the file carries itself (Word's core properties, a page's `citation_*`, Open
    /// Graph and JSON-LD tags).
    pub hints: Hints,
    /// Pictures to write beside the source, by the name the source gives them.
    pub images: Vec<ImageFile>,
}

/// What a file says of itself; the recognised text wins where both speak, except where noted.
#[derive(Debug, Default, Clone)]
pub struct Hints {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub authors: Vec<HintAuthor>,
    /// An ISO date (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub keywords: Vec<String>,
    pub summary: Option<String>,
    pub doi: Option<String>,
    pub series: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub lang: Option<String>,
}

/// An author as a file's metadata names them.
#[derive(Debug, Default, Clone)]
pub struct HintAuthor {
    pub name: String,
    pub affiliation: Option<String>,
    pub orcid: Option<String>,
}

impl HintAuthor {
    pub fn named(name: impl Into<String>) -> HintAuthor {
        HintAuthor {
            name: name.into(),
            ..HintAuthor::default()
        }
    }
}

impl Flow {
    /// Every text cleaned as a source's is (no control characters or noncharacters): a page's
    /// `&#1;` or a Word file's stray control code never reaches the source.
    pub fn clean(&mut self) {
        fn runs(rs: &mut [Run]) {
            for r in rs {
                match r {
                    Run::Text { text, .. } => *text = crate::source::normalize_text(text),
                    Run::Link { runs: inner, .. } => runs(inner),
                    Run::Image { alt, title, .. } => {
                        *alt = crate::source::normalize_text(alt);
                        if let Some(t) = title {
                            *t = crate::source::normalize_text(t);
                        }
                    }
                    _ => {}
                }
            }
        }
        for b in &mut self.blocks {
            runs(&mut b.runs);
            match &mut b.kind {
                Kind::Table(rows) => rows.iter_mut().flatten().for_each(|c| runs(c)),
                Kind::Code(text) => *text = crate::source::normalize_text(text),
                _ => {}
            }
        }
        self.notes.iter_mut().for_each(|n| runs(n));
        let h = &mut self.hints;
        for s in [
            &mut h.title,
            &mut h.subtitle,
            &mut h.date,
            &mut h.summary,
            &mut h.doi,
            &mut h.series,
            &mut h.volume,
            &mut h.issue,
            &mut h.lang,
        ]
        .into_iter()
        .flatten()
        {
            *s = crate::source::normalize_text(s).trim().to_string();
        }
        for a in &mut h.authors {
            a.name = crate::source::normalize_text(&a.name).trim().to_string();
        }
        h.authors.retain(|a| !a.name.is_empty());
        for k in &mut h.keywords {
            *k = crate::source::normalize_text(k);
        }
    }
}

/// A picture the source will name.
#[derive(Debug, Clone)]
pub struct ImageFile {
    /// The file name beside the source.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// One paragraph-level piece.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The input line (plain text, web page) or paragraph number (Word) it came from.
    pub line: usize,
    pub kind: Kind,
    pub runs: Vec<Run>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Para,
    /// A paragraph styled as the document's title (Word's Title, a page's `<h1>`).
    Title,
    Subtitle,
    /// A heading of level 1–6 as the input marks it.
    Heading(u8),
    /// A list item: numbered or not, nested `depth` deep (0 at the top).
    Item {
        ordered: bool,
        depth: u8,
    },
    /// A table: rows of cells; the first row is its head.
    Table(Vec<Vec<Vec<Run>>>),
    Quote,
    /// Code or preformatted text, kept as written (its lines in the text).
    Code(String),
    /// A horizontal rule.
    Rule,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    Text {
        text: String,
        bold: bool,
        italic: bool,
    },
    Link {
        url: String,
        runs: Vec<Run>,
    },
    /// A reference to footnote N (1-based).
    Note(usize),
    /// A picture; `title` is its caption.
    Image {
        src: String,
        alt: String,
        title: Option<String>,
    },
    Break,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run::Text {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
}

impl Block {
    pub fn para(line: usize, text: impl Into<String>) -> Block {
        Block {
            line,
            kind: Kind::Para,
            runs: vec![Run::plain(text)],
        }
    }

    /// The text without styling, notes or pictures; line breaks as spaces.
    pub fn text(&self) -> String {
        let mut out = String::new();
        plain_into(&self.runs, &mut out);
        out.trim().to_string()
    }

    /// Whether the block is a heading of any kind the input marks.
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, Kind::Heading(_) | Kind::Title | Kind::Subtitle)
    }

    /// The block's only picture, when it holds a picture and nothing else.
    pub fn lone_image(&mut self) -> Option<&mut Option<String>> {
        let text_free = self.text().is_empty();
        let mut images = self.runs.iter_mut().filter_map(|r| match r {
            Run::Image { title, .. } => Some(title),
            _ => None,
        });
        let first = images.next();
        (text_free && images.next().is_none())
            .then_some(first)
            .flatten()
    }

    /// The first link's address, if any.
    pub fn first_link(&self) -> Option<&str> {
        self.runs.iter().find_map(|r| match r {
            Run::Link { url, .. } => Some(url.as_str()),
            _ => None,
        })
    }

    /// Removes the first `n` bytes of [`Block::text`] (leading whitespace not counted) from
    /// the runs, and the whitespace after them: a heading loses its "3. ".
    pub fn drop_prefix(&mut self, n: usize) {
        let mut left = n;
        strip_start(&mut self.runs, &mut left);
        let mut ws = true;
        trim_start(&mut self.runs, &mut ws);
    }
}

/// A caption without the number the input gave it ("Figure 1. Boats seized…" → "Boats
/// seized…"): folio numbers figures itself.
pub fn caption(text: &str) -> String {
    let t = text.trim();
    // English's labels and the word folio's own files use in each of its languages (French's
    // "Figure 1 : …" with a space before the colon).
    for label in [
        "Figure",
        "Fig.",
        "Fig",
        "Chart",
        "Image",
        "Abbildung",
        "Figura",
        "चित्र",
        "شکل",
        "شكل",
    ] {
        if let Some(rest) = t.strip_prefix(label) {
            let rest = rest.trim_start();
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if digits > 0
                && let Some(after) = rest[digits..]
                    .trim_start()
                    .strip_prefix(['.', ':', '–', '—', '-'])
                && !after.trim().is_empty()
            {
                return after.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// Text of runs (no notes or pictures).
pub fn plain(runs: &[Run]) -> String {
    let mut out = String::new();
    plain_into(runs, &mut out);
    out
}

fn plain_into(runs: &[Run], out: &mut String) {
    for r in runs {
        match r {
            Run::Text { text, .. } => out.push_str(text),
            Run::Link { runs, .. } => plain_into(runs, out),
            Run::Break => out.push(' '),
            Run::Note(_) | Run::Image { .. } => {}
        }
    }
}

fn strip_start(runs: &mut Vec<Run>, left: &mut usize) {
    // Leading whitespace is not counted, as `text()` trims it.
    let mut ws = true;
    trim_start(runs, &mut ws);
    while *left > 0 && !runs.is_empty() {
        match &mut runs[0] {
            Run::Text { text, .. } => {
                if text.len() <= *left {
                    *left -= text.len();
                    runs.remove(0);
                } else {
                    let mut cut = *left;
                    while !text.is_char_boundary(cut) {
                        cut += 1;
                    }
                    text.drain(..cut);
                    *left = 0;
                }
            }
            Run::Link { runs: inner, .. } => {
                strip_start(inner, left);
                if inner.is_empty() {
                    runs.remove(0);
                }
            }
            Run::Break => {
                *left = left.saturating_sub(1);
                runs.remove(0);
            }
            Run::Note(_) | Run::Image { .. } => return,
        }
    }
}

fn trim_start(runs: &mut Vec<Run>, ws: &mut bool) {
    while *ws && !runs.is_empty() {
        match &mut runs[0] {
            Run::Text { text, .. } => {
                let t = text.trim_start().to_string();
                if t.is_empty() {
                    runs.remove(0);
                } else {
                    *text = t;
                    *ws = false;
                }
            }
            Run::Break => {
                runs.remove(0);
            }
            Run::Link { runs: inner, .. } => {
                trim_start(inner, ws);
                if inner.is_empty() {
                    runs.remove(0);
                } else {
                    *ws = false;
                }
            }
            _ => *ws = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_comes_off_across_runs() {
        let mut b = Block {
            line: 1,
            kind: Kind::Para,
            runs: vec![
                Run::plain("  3. "),
                Run::Text {
                    text: "Why now".into(),
                    bold: true,
                    italic: false,
                },
                Run::plain("? | Vol. 2"),
            ],
        };
        b.drop_prefix(3);
        assert_eq!(b.text(), "Why now? | Vol. 2");
        assert!(matches!(&b.runs[0], Run::Text { bold: true, .. }));
    }
}
