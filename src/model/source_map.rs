//! Where things are in a source file: the front matter's keys, list items and values, and the
//! body's headings, images and notes, each with its 1-based line and column.
//!
//! The source parser fills it in the same pass that builds the [`Document`](super::Document)
//! (the YAML's events and comrak's AST carry the positions), so `folio check` and any other
//! reader of a `Document` can point at a line without reading the file again. It is not part of
//! the document's JSON: no output depends on where a key was written.

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// The positions of one source.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// The source's lines as read (after BOM, CRLF and control characters were cleaned), for
    /// pointing at text that has no structure of its own, such as a character no font has.
    pub lines: Vec<String>,
    /// The front matter's top-level keys, in order.
    pub front_matter: Vec<Entry>,
    /// Every heading of the body in reading order: its level as written (`#` is 1) and where it
    /// is.
    pub headings: Vec<Heading>,
    /// The `#`/`##` headings that open the document's sections, parallel to its `sections`.
    pub sections: Vec<Pos>,
    /// Every image of the body (inline or as a figure): its address as written, its alt text.
    pub images: Vec<ImageAt>,
    /// `[^name]` written in the text with no note of that name, so kept as text.
    pub undefined_notes: Vec<(String, Pos)>,
    /// Notes defined (`[^name]: …`) but never referred to.
    pub unused_notes: Vec<(String, Pos)>,
}

/// A key of a YAML mapping, where it is, and its value.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub at: Pos,
    pub value: Node,
}

/// A YAML value's shape and positions.
#[derive(Debug, Clone)]
pub enum Node {
    /// A scalar as written (quotes removed), at its first character (a quote, if quoted).
    Scalar {
        text: String,
        at: Pos,
    },
    /// A list; each item with where it starts (its `-` in block style).
    List(Vec<(Pos, Node)>),
    Map(Vec<Entry>),
    /// An alias (`*name`): no position of its own.
    Alias,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub at: Pos,
}

#[derive(Debug, Clone)]
pub struct ImageAt {
    pub url: String,
    pub alt: String,
    pub at: Pos,
}

impl SourceMap {
    /// Where `c` first appears in the source.
    pub fn find_char(&self, c: char) -> Option<Pos> {
        self.lines.iter().enumerate().find_map(|(i, line)| {
            let column = line.chars().position(|x| x == c)?;
            Some(Pos::new(i + 1, column + 1))
        })
    }

    /// Where the top-level `key:` is.
    pub fn key(&self, key: &str) -> Option<Pos> {
        self.entry(key).map(|e| e.at)
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.front_matter.iter().find(|e| e.key == key)
    }

    fn item_node(&self, key: &str, index: usize) -> Option<&(Pos, Node)> {
        match &self.entry(key)?.value {
            Node::List(items) => items.get(index),
            _ => None,
        }
    }

    /// Where item `index` of the list under `key` starts.
    pub fn item(&self, key: &str, index: usize) -> Option<Pos> {
        self.item_node(key, index).map(|(at, _)| *at)
    }

    fn field_node(&self, key: &str, index: usize, field: &str) -> Option<&Node> {
        match &self.item_node(key, index)?.1 {
            Node::Map(entries) => entries.iter().find(|e| e.key == field).map(|e| &e.value),
            _ => None,
        }
    }

    /// Where the value of `field:` in item `index` of the list under `key` is.
    pub fn field(&self, key: &str, index: usize, field: &str) -> Option<Pos> {
        match self.field_node(key, index, field)? {
            Node::Scalar { at, .. } => Some(*at),
            _ => None,
        }
    }

    /// The value of `field:` in item `index` of the list under `key` as the author wrote it
    /// (before folio cleaned it), for checks of what was typed.
    pub fn raw(&self, key: &str, index: usize, field: &str) -> Option<&str> {
        match self.field_node(key, index, field)? {
            Node::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }
}
