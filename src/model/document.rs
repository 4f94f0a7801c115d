//! The typed `Document`: the one model every backend reads.
//!
//! A source file is parsed once (see [`crate::source`]) into this structure; the PDF, EPUB and
//! print backends only ever see a `Document`, never Markdown or YAML. It serialises (serde) to the
//! JSON that typst templates read, so all numbering decided here (sections, references, footnotes)
//! is the numbering every format shows. Text in it is plain data: no field is ever markup.

use std::path::PathBuf;

use serde::Serialize;

use super::date::{Date, PartialDate};

/// One explainer, fully parsed and validated.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    /// Label such as "PR Explainer".
    pub kind: Option<String>,
    /// Series code such as "CWA".
    pub series: Option<String>,
    /// Number in the series, e.g. 1975.
    pub number: Option<u32>,
    pub date: Date,
    pub lang: Lang,
    pub authors: Vec<Author>,
    pub keywords: Vec<String>,
    pub image: Option<HeroImage>,
    /// The reference section, in source order (a house style may sort it; see
    /// `BackMatter::references`).
    pub references: Vec<Reference>,
    /// The `[@id]` citations of the body, in the order they occur; `Inline::Cite::index`
    /// indexes this.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Cite>,
    pub summary: Option<String>,
    /// The explainer's DOI, bare (`10.5281/zenodo.1234567`), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// The volume and issue of a series that numbers its pieces as a periodical does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    /// Blocks before the first section heading.
    pub lede: Vec<Block>,
    pub sections: Vec<Section>,
    /// Footnotes in order of first reference; `Inline::FootnoteRef::number` indexes this from 1.
    pub footnotes: Vec<Footnote>,
    /// Images the document uses, already read and checked; the JSON names them by `path`.
    #[serde(skip)]
    pub assets: Vec<Asset>,
    /// Where the source came from (for diagnostics and output names).
    #[serde(skip)]
    pub source_path: PathBuf,
    /// Where its keys, headings, images and notes are in the source.
    #[serde(skip)]
    pub source_map: super::SourceMap,
}

impl Document {
    /// "CWA #1975", or just the series, or nothing.
    pub fn series_label(&self) -> Option<String> {
        match (&self.series, self.number) {
            (Some(s), Some(n)) => Some(format!("{s} #{n}")),
            (Some(s), None) => Some(s.clone()),
            (None, Some(n)) => Some(format!("#{n}")),
            (None, None) => None,
        }
    }

    /// A string naming this explainer: the same for every build of it (the PDF's document id,
    /// and a book's is made of its chapters').
    pub fn ident(&self) -> String {
        format!(
            "folio/{}/{}/{}/{}",
            self.series.as_deref().unwrap_or(""),
            self.number.map(|n| n.to_string()).unwrap_or_default(),
            self.date,
            self.title
        )
    }

    /// Author names joined for metadata ("A, B and C").
    pub fn author_names(&self) -> Vec<&str> {
        self.authors.iter().map(|a| a.name.as_str()).collect()
    }

    /// Every image the document shows (virtual path, alt text if any), hero first.
    pub fn images(&self) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        if let Some(img) = &self.image {
            out.push((img.path.clone(), img.alt.clone()));
        }
        let mut visit = |inl: &Inline| {
            if let Inline::Image { path, alt } = inl {
                out.push((path.clone(), (!alt.is_empty()).then(|| alt.clone())));
            }
        };
        for block in self.all_blocks() {
            block.for_each_inline(&mut visit);
        }
        out
    }

    /// The path an asset had in the source, from its virtual path.
    pub fn asset_source(&self, path: &str) -> Option<&str> {
        self.assets
            .iter()
            .find(|a| a.path == path)
            .map(|a| a.source.as_str())
    }

    /// The lede, every section's blocks and every footnote's blocks.
    pub fn all_blocks(&self) -> impl Iterator<Item = &Block> {
        self.lede
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.blocks.iter()))
            .chain(self.footnotes.iter().flat_map(|f| f.blocks.iter()))
    }
}

/// The document language, split the way typst and EPUB need it.
#[derive(Debug, Clone, Serialize)]
pub struct Lang {
    /// The BCP 47 tag as written, e.g. `en-GB`.
    pub tag: String,
    /// ISO 639 language, lower case, e.g. `en`.
    pub language: String,
    /// ISO 3166 region, upper case, if the tag has one.
    pub region: Option<String>,
    /// `rtl` for right-to-left languages, else `ltr`.
    pub dir: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Author {
    pub name: String,
    pub bio: Option<String>,
    pub affiliation: Option<String>,
    pub email: Option<String>,
    pub orcid: Option<String>,
}

/// The hero image shown under the title.
#[derive(Debug, Clone, Serialize)]
pub struct HeroImage {
    /// Virtual path of the checked asset (see [`Asset`]).
    pub path: String,
    pub alt: Option<String>,
    /// The "Photo Source" line.
    pub credit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// 1-based position in the source's list.
    pub number: usize,
    /// What `[@id]` cites it by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What it is (`type:`); `None` reads as before types existed.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ReferenceKind>,
    /// Names as written: "Family, Given" for a person a style may invert and abbreviate, a
    /// name without a comma (an institution) kept whole.
    pub author: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editor: Vec<String>,
    pub title: String,
    /// The journal, newspaper, website or book it is part of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// The publisher, or the institution that issued a report or thesis.
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    /// A report's, bill's or case's number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_number: Option<String>,
    /// "Policy brief", "PhD thesis".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    /// Bare (`10.1234/x`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isbn: Option<String>,
    pub date: Option<PartialDate>,
    pub url: Option<String>,
    pub accessed: Option<PartialDate>,
}

/// What a reference is, as its `type:` names it; each maps to one CSL item type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceKind {
    Article,
    News,
    Magazine,
    Report,
    Book,
    Chapter,
    Web,
    Blog,
    Legal,
    Legislation,
    Dataset,
    Thesis,
    Conference,
    Document,
}

impl ReferenceKind {
    /// Every kind, by the name a source writes.
    pub const ALL: &[(&str, ReferenceKind)] = &[
        ("article", ReferenceKind::Article),
        ("news", ReferenceKind::News),
        ("magazine", ReferenceKind::Magazine),
        ("report", ReferenceKind::Report),
        ("book", ReferenceKind::Book),
        ("chapter", ReferenceKind::Chapter),
        ("web", ReferenceKind::Web),
        ("blog", ReferenceKind::Blog),
        ("legal", ReferenceKind::Legal),
        ("legislation", ReferenceKind::Legislation),
        ("dataset", ReferenceKind::Dataset),
        ("thesis", ReferenceKind::Thesis),
        ("conference", ReferenceKind::Conference),
        ("document", ReferenceKind::Document),
    ];

    pub fn from_name(name: &str) -> Option<ReferenceKind> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, k)| k)
    }

    /// The CSL item type (CSL 1.0.2's names).
    pub fn csl(self) -> &'static str {
        match self {
            ReferenceKind::Article => "article-journal",
            ReferenceKind::News => "article-newspaper",
            ReferenceKind::Magazine => "article-magazine",
            ReferenceKind::Report => "report",
            ReferenceKind::Book => "book",
            ReferenceKind::Chapter => "chapter",
            ReferenceKind::Web => "webpage",
            ReferenceKind::Blog => "post-weblog",
            ReferenceKind::Legal => "legal_case",
            ReferenceKind::Legislation => "legislation",
            ReferenceKind::Dataset => "dataset",
            ReferenceKind::Thesis => "thesis",
            ReferenceKind::Conference => "paper-conference",
            ReferenceKind::Document => "document",
        }
    }
}

/// One `[@id]`, `[@id, p. 4]` or `[@a; @b]` of the body.
#[derive(Debug, Clone, Serialize)]
pub struct Cite {
    /// Empty when the document has no references at all: then `[@x]` is text (a handle), shown
    /// as written.
    pub items: Vec<CiteItem>,
    /// The citation as written (`[@a, p. 4]`).
    pub text: String,
}

/// One reference a citation names.
#[derive(Debug, Clone, Serialize)]
pub struct CiteItem {
    pub id: String,
    /// Index into `Document::references`.
    pub reference: usize,
    /// "p. 4" → page "4".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<Locator>,
}

/// Where in a work a citation points.
#[derive(Debug, Clone, Serialize)]
pub struct Locator {
    /// A CSL locator type: `page`, `chapter`, `section`, `paragraph`, `figure`, `table`,
    /// `volume`, `note`, `line`.
    pub label: String,
    pub value: String,
}

/// A `##` section of the body.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// 1-based; templates may show it ("1. Why did…").
    pub number: usize,
    /// Stable id for anchors (`sec-1`, …; [`super::ids::section`]).
    pub id: String,
    pub title: Vec<Inline>,
    /// The heading as plain text (outline, nav, PDF bookmarks).
    pub title_text: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Footnote {
    /// 1-based, in order of first reference.
    pub number: usize,
    /// Stable id for anchors and labels (`fn-1`, …; [`super::ids::note`]).
    pub id: String,
    pub blocks: Vec<Block>,
}

/// A block-level element of the body.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
    },
    /// A heading inside a section; `level` 1 is a subsection (`###` in the source).
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    List {
        ordered: bool,
        start: usize,
        tight: bool,
        items: Vec<ListItem>,
    },
    #[serde(rename = "code-block")]
    Code {
        lang: Option<String>,
        text: String,
    },
    Table {
        align: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A paragraph holding one image alone: shown as a figure.
    Figure {
        path: String,
        alt: String,
        caption: Vec<Inline>,
        /// "Figure 1": captioned figures are numbered from 1 in reading order (lede,
        /// sections, notes), here, for every format; a figure without a caption has none.
        number: Option<usize>,
    },
    Rule,
    /// Raw HTML from the source, kept as literal text (never as markup).
    RawText {
        text: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    /// `Some(done)` for a task-list item.
    pub task: Option<bool>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// An inline element.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emph {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strike {
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    Link {
        url: String,
        content: Vec<Inline>,
    },
    Image {
        path: String,
        alt: String,
    },
    /// A citation in the house style; `index` is its place in `Document::citations` and in
    /// the back matter's formatted `citations`.
    Cite {
        index: usize,
    },
    /// Text a house style sets apart (superscript, small capitals, light); only citations and
    /// references made by the style contain it.
    Span {
        style: SpanStyle,
        content: Vec<Inline>,
    },
    /// A link inside the document (a citation to its entry in the reference list); `target` is
    /// the entry's id without a book chapter's prefix.
    Xref {
        target: String,
        content: Vec<Inline>,
    },
    /// `first` marks the first reference to a note (later ones point back to it).
    FootnoteRef {
        number: usize,
        first: bool,
    },
    SoftBreak,
    LineBreak,
}

/// How a house style sets text apart (CSL's `vertical-align`, `font-variant`, `font-weight`
/// and `text-decoration`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpanStyle {
    Superscript,
    Subscript,
    SmallCaps,
    Underline,
    /// `font-weight="light"`: set quieter (the brand's muted colour, a little smaller).
    Light,
}

impl Block {
    /// Calls `f` on every inline in this block, depth first.
    pub fn for_each_inline(&self, f: &mut dyn FnMut(&Inline)) {
        fn walk(inlines: &[Inline], f: &mut dyn FnMut(&Inline)) {
            for inl in inlines {
                f(inl);
                match inl {
                    Inline::Emph { content }
                    | Inline::Strong { content }
                    | Inline::Strike { content }
                    | Inline::Span { content, .. }
                    | Inline::Xref { content, .. }
                    | Inline::Link { content, .. } => walk(content, f),
                    _ => {}
                }
            }
        }
        match self {
            Block::Paragraph { content } | Block::Heading { content, .. } => walk(content, f),
            Block::Quote { blocks } => blocks.iter().for_each(|b| b.for_each_inline(f)),
            Block::List { items, .. } => items
                .iter()
                .flat_map(|i| i.blocks.iter())
                .for_each(|b| b.for_each_inline(f)),
            Block::Table { header, rows, .. } => {
                header.iter().for_each(|c| walk(c, f));
                rows.iter().flatten().for_each(|c| walk(c, f));
            }
            Block::Figure {
                path, alt, caption, ..
            } => {
                f(&Inline::Image {
                    path: path.clone(),
                    alt: alt.clone(),
                });
                walk(caption, f);
            }
            Block::Code { .. } | Block::Rule | Block::RawText { .. } => {}
        }
    }
}

/// Calls `f` on every inline of `inlines` and inside them, depth first, mutably.
pub fn for_each_in_inlines_mut(inlines: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for inl in inlines {
        f(inl);
        match inl {
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Strike { content }
            | Inline::Span { content, .. }
            | Inline::Xref { content, .. }
            | Inline::Link { content, .. } => for_each_in_inlines_mut(content, f),
            _ => {}
        }
    }
}

/// Calls `f` on every inline of `blocks`, depth first, mutably.
pub fn for_each_inline_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    let walk = for_each_in_inlines_mut;
    for block in blocks {
        match block {
            Block::Paragraph { content } | Block::Heading { content, .. } => walk(content, f),
            Block::Quote { blocks } => for_each_inline_mut(blocks, f),
            Block::List { items, .. } => {
                for item in items {
                    for_each_inline_mut(&mut item.blocks, f);
                }
            }
            Block::Table { header, rows, .. } => {
                header.iter_mut().for_each(|c| walk(c, f));
                rows.iter_mut().flatten().for_each(|c| walk(c, f));
            }
            Block::Figure { caption, .. } => walk(caption, f),
            Block::Code { .. } | Block::Rule | Block::RawText { .. } => {}
        }
    }
}

/// An image file the document uses, read from the source's folder and checked.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Virtual path under which templates see it, e.g. `/assets/1.png`.
    pub path: String,
    /// The path as the source wrote it (for messages).
    pub source: String,
    pub bytes: Vec<u8>,
    pub format: ImageFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl ImageFormat {
    /// Sniffs the format from the file's first bytes (never from its name).
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(ImageFormat::Gif)
        } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
            let head = head.trim_start_matches('\u{feff}').trim_start();
            (head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")))
                .then_some(ImageFormat::Svg)
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::Webp => "webp",
            ImageFormat::Svg => "svg",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }
}
