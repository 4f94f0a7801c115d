//! The WordprocessingML emitter: `Document` blocks and inlines → the paragraphs, runs, tables,
//! pictures, hyperlinks and footnote references of `word/document.xml`, in the named styles of
//! `templates/docx/styles.xml`.
//!
//! What a body needs besides its own XML (a hyperlink's relationship, a picture's media file, a
//! footnote's text, a list's numbering instance, a bookmark's id) is collected in the
//! [`Package`] the whole Word file shares, so a book's chapters number them across the book.
//! Every text and attribute goes through [`escape`]; raw HTML from the source only ever arrives
//! as text. Page structure (title block, bio box, references) is not here but in the templates.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{Align, Block, Footnote, Inline, Labels, SpanStyle};
use crate::render::html::xhtml::escape;

/// Twentieths of a point a list level indents by.
const LIST_INDENT: u32 = 360;
/// EMUs per pixel at 96 dpi, and the widest a picture is set (the text width of an A4 page
/// with 2.5 cm margins, 16 cm).
const EMU_PER_PX: u64 = 9525;
const MAX_WIDTH_EMU: u64 = 5_760_000;

/// A relationship of `word/document.xml` (a hyperlink's address or a picture's file).
#[derive(Debug, Clone)]
pub struct Relationship {
    pub id: String,
    pub kind: &'static str,
    pub target: String,
    pub external: bool,
}

/// One list's numbering instance (`w:num`): bullets or numbers, starting at `start` at `level`.
#[derive(Debug, Clone)]
pub struct ListInstance {
    pub id: usize,
    pub ordered: bool,
    pub level: usize,
    pub start: usize,
}

/// Everything the parts of one Word file share: relationships, media, footnotes, list
/// instances and the counters of picture and bookmark ids.
#[derive(Debug, Default)]
pub struct Package {
    pub relationships: Vec<Relationship>,
    /// `word/media/…` files, by their name there.
    pub media: Vec<(String, Vec<u8>)>,
    /// Footnotes' XML (`<w:footnote>` elements), in Word's id order from 1.
    pub footnotes: Vec<String>,
    pub lists: Vec<ListInstance>,
    hyperlinks: BTreeMap<String, String>,
    /// Virtual image path → (relationship id, width and height in EMU).
    pictures: BTreeMap<String, (String, u64, u64)>,
    drawings: usize,
    bookmarks: usize,
}

impl Package {
    fn relationship(&mut self, kind: &'static str, target: String, external: bool) -> String {
        let id = format!("rIdF{}", self.relationships.len() + 1);
        self.relationships.push(Relationship {
            id: id.clone(),
            kind,
            target,
            external,
        });
        id
    }

    /// The relationship of a hyperlink to `url`, one per address.
    fn hyperlink(&mut self, url: &str) -> String {
        if let Some(id) = self.hyperlinks.get(url) {
            return id.clone();
        }
        let id = self.relationship(HYPERLINK, url.to_string(), true);
        self.hyperlinks.insert(url.to_string(), id.clone());
        id
    }

    /// A new bookmark id (unique in the file).
    pub fn bookmark(&mut self) -> usize {
        self.bookmarks += 1;
        self.bookmarks
    }

    /// A new drawing id (`wp:docPr/@id`, unique in the file).
    fn drawing(&mut self) -> usize {
        self.drawings += 1;
        self.drawings
    }

    /// A picture's relationship and size, its file added once: PNG, JPEG and GIF as they are,
    /// SVG and WebP (which Word does not read) as PNG. `None` when it cannot be read.
    pub fn picture(
        &mut self,
        path: &str,
        assets: &[crate::model::Asset],
    ) -> Option<(String, u64, u64)> {
        if let Some(p) = self.pictures.get(path) {
            return Some(p.clone());
        }
        let asset = assets.iter().find(|a| a.path == path)?;
        let (bytes, ext, (w, h)) = super::image::for_word(asset)?;
        let name = format!("media/folio-{}.{ext}", self.media.len() + 1);
        self.media.push((name.clone(), bytes));
        let id = self.relationship(IMAGE, name, false);
        // Pixels at 96 dpi, no wider than the text.
        let (mut cx, mut cy) = (w as u64 * EMU_PER_PX, h as u64 * EMU_PER_PX);
        if cx > MAX_WIDTH_EMU {
            cy = cy * MAX_WIDTH_EMU / cx;
            cx = MAX_WIDTH_EMU;
        }
        let picture = (id, cx.max(1), cy.max(1));
        self.pictures.insert(path.to_string(), picture.clone());
        Some(picture)
    }
}

pub const HYPERLINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
pub const IMAGE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";

/// The language a piece is written in, as its runs and paragraphs say it.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// The BCP 47 tag, written on runs when it is not the file's own language.
    pub lang: Option<String>,
    /// Right to left (Urdu, Arabic): `w:bidi` on paragraphs, `w:rtl` on runs.
    pub rtl: bool,
    /// The family for complex scripts (`w:rFonts/@w:cs`) when the brand's body font lacks the
    /// piece's script: the piece's first such family, for runs whose text is not known here.
    pub cs_font: Option<String>,
    /// Each character the body font lacks → the fallback family that has it, so a run in
    /// Devanagari beside one in Arabic script names its own family.
    pub fonts: BTreeMap<char, String>,
}

/// How a run is set: what the inlines around it asked for.
#[derive(Debug, Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
    strike: bool,
    code: bool,
    link: bool,
    superscript: bool,
    subscript: bool,
    small_caps: bool,
    underline: bool,
    light: bool,
}

/// Emits one piece's body (or a book part's) into a [`Package`].
pub struct Emitter<'a> {
    pub package: &'a mut Package,
    pub labels: &'a Labels,
    /// The piece's citations as its house style writes them (`BackMatter::citations`).
    pub citations: &'a [Vec<Inline>],
    pub footnotes: &'a [Footnote],
    pub assets: &'a [crate::model::Asset],
    /// Starts every bookmark name (a book chapter's `ch-N-`).
    pub prefix: String,
    pub script: Script,
    /// The Word heading level of a `###` heading inside a section (2 for an explainer, whose
    /// sections are Heading 1).
    pub heading_base: u8,
    /// Folio's note number → the bookmark around its first reference.
    note_marks: BTreeMap<usize, String>,
    /// Inside a footnote (Word has no footnote inside a footnote).
    in_note: bool,
    /// The list depth of the blocks being written (0 outside lists).
    depth: usize,
}

impl<'a> Emitter<'a> {
    pub fn new(
        package: &'a mut Package,
        labels: &'a Labels,
        footnotes: &'a [Footnote],
        assets: &'a [crate::model::Asset],
    ) -> Self {
        Emitter {
            package,
            labels,
            citations: &[],
            footnotes,
            assets,
            prefix: String::new(),
            script: Script::default(),
            heading_base: 2,
            note_marks: BTreeMap::new(),
            in_note: false,
            depth: 0,
        }
    }

    /// A bookmark name from an id of folio's (`ch-3-ref-2` → `ch_3_ref_2`): Word's names are
    /// letters, digits and underscores, at most 40 of them.
    pub fn bookmark_name(id: &str) -> String {
        let mut name: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .take(40)
            .collect();
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            name.insert(0, 'b');
            name.truncate(40);
        }
        name
    }

    /// `<w:bookmarkStart/>…<w:bookmarkEnd/>` around `inner`, named after folio's `id`.
    pub fn bookmarked(&mut self, id: &str, inner: &str) -> String {
        let n = self.package.bookmark();
        format!(
            "<w:bookmarkStart w:id=\"{n}\" w:name=\"{}\"/>{inner}<w:bookmarkEnd w:id=\"{n}\"/>",
            Self::bookmark_name(id)
        )
    }

    /// The paragraph properties of a paragraph in `style` (and `extra` properties after the
    /// numbering, in the schema's order).
    pub fn ppr(&self, style: &str, numbering: Option<(usize, usize)>, extra: &str) -> String {
        let mut p = format!("<w:pPr><w:pStyle w:val=\"{style}\"/>");
        if let Some((num, level)) = numbering {
            let _ = write!(
                p,
                "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
            );
        }
        if self.script.rtl {
            p.push_str("<w:bidi/>");
        }
        p.push_str(extra);
        p.push_str("</w:pPr>");
        p
    }

    /// A paragraph in `style` holding `inlines`.
    pub fn paragraph(&mut self, style: &str, inlines: &[Inline]) -> String {
        let runs = self.inlines(inlines);
        let ppr = self.ppr(style, None, &self.list_indent());
        format!("<w:p>{ppr}{runs}</w:p>\n")
    }

    /// The indent of a paragraph inside a list item at the current depth (none outside lists).
    fn list_indent(&self) -> String {
        if self.depth == 0 {
            return String::new();
        }
        format!(
            "<w:ind w:left=\"{}\"/>",
            LIST_INDENT * 2 * self.depth as u32
        )
    }

    pub fn blocks(&mut self, blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks {
            self.block(b, &mut out);
        }
        out
    }

    /// The blocks of a quote or a note: their paragraphs in `style`.
    pub fn styled_blocks(&mut self, blocks: &[Block], style: &str) -> String {
        let mut out = String::new();
        for b in blocks {
            match b {
                Block::Paragraph { content } => out.push_str(&self.paragraph(style, content)),
                Block::Quote { blocks } => out.push_str(&self.styled_blocks(blocks, style)),
                other => self.block(other, &mut out),
            }
        }
        out
    }

    fn block(&mut self, b: &Block, out: &mut String) {
        match b {
            Block::Paragraph { content } => {
                let style = if self.depth > 0 {
                    "ListContinue"
                } else {
                    "BodyText"
                };
                out.push_str(&self.paragraph(style, content));
            }
            Block::Heading { level, content } => {
                let h = (self.heading_base + level - 1).clamp(1, 6);
                out.push_str(&self.paragraph(&format!("Heading{h}"), content));
            }
            Block::Quote { blocks } => out.push_str(&self.styled_blocks(blocks, "Quote")),
            Block::List {
                ordered,
                start,
                items,
                ..
            } => self.list(*ordered, *start, items, out),
            Block::Code { text, .. } => out.push_str(&self.preformatted(text)),
            Block::RawText { text } => out.push_str(&self.preformatted(text)),
            Block::Table {
                align,
                header,
                rows,
            } => self.table(align, header, rows, out),
            Block::Figure {
                path,
                alt,
                caption,
                number,
            } => {
                let picture = self.picture(path, alt);
                let keep = if number.is_some() {
                    "<w:keepNext/>"
                } else {
                    ""
                };
                let ppr = self.ppr("Figure", None, "");
                let ppr = ppr.replacen("/>", &format!("/>{keep}"), 1);
                let _ = writeln!(out, "<w:p>{ppr}{picture}</w:p>");
                if let Some(n) = number {
                    out.push_str(&self.caption(*n, caption));
                }
            }
            Block::Rule => {
                let ppr = self.ppr("Rule", None, "");
                let _ = writeln!(out, "<w:p>{ppr}</w:p>");
            }
        }
    }

    /// A captioned figure's caption: "Figure 1: …", its number a SEQ field Word keeps counting.
    fn caption(&mut self, number: usize, caption: &[Inline]) -> String {
        let plain = Format::default();
        let label = self.run(&format!("{} ", self.labels.figure), plain);
        let seq = format!(
            "<w:fldSimple w:instr=\" SEQ Figure \\* ARABIC \">{}</w:fldSimple>",
            self.run(&number.to_string(), plain)
        );
        let colon = self.run(&self.labels.colon.clone(), plain);
        let text = self.inlines(caption);
        let ppr = self.ppr("Caption", None, "");
        format!("<w:p>{ppr}{label}{seq}{colon}{text}</w:p>\n")
    }

    /// Code or raw text, line by line in one paragraph.
    fn preformatted(&mut self, text: &str) -> String {
        let mut runs = String::new();
        let text = text.strip_suffix('\n').unwrap_or(text);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                runs.push_str("<w:r><w:br/></w:r>");
            }
            runs.push_str(&self.run(line, Format::default()));
        }
        let ppr = self.ppr("SourceCode", None, &self.list_indent());
        format!("<w:p>{ppr}{runs}</w:p>\n")
    }

    fn list(
        &mut self,
        ordered: bool,
        start: usize,
        items: &[crate::model::ListItem],
        out: &mut String,
    ) {
        let level = self.depth.min(8);
        let id = self.package.lists.len() + 1;
        self.package.lists.push(ListInstance {
            id,
            ordered,
            level,
            start,
        });
        let style = if ordered { "ListNumber" } else { "ListBullet" };
        for item in items {
            let task = item.task.map(|done| if done { "☒ " } else { "☐ " });
            let (first, rest) = match item.blocks.split_first() {
                Some((Block::Paragraph { content }, rest)) => (Some(content), rest),
                _ => (None, item.blocks.as_slice()),
            };
            let mut runs = String::new();
            if let Some(mark) = task {
                runs.push_str(&self.run(mark, Format::default()));
            }
            if let Some(content) = first {
                runs.push_str(&self.inlines(content));
            }
            let ppr = self.ppr(style, Some((id, level)), "");
            let _ = writeln!(out, "<w:p>{ppr}{runs}</w:p>");
            self.depth += 1;
            let rest = self.blocks(rest);
            self.depth -= 1;
            out.push_str(&rest);
        }
    }

    fn table(
        &mut self,
        align: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        out: &mut String,
    ) {
        let columns = header.len().max(1);
        let width = 9000 / columns;
        out.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"FolioTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>");
        if self.script.rtl {
            out.push_str("<w:bidiVisual/>");
        }
        out.push_str("<w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
        for _ in 0..columns {
            let _ = write!(out, "<w:gridCol w:w=\"{width}\"/>");
        }
        out.push_str("</w:tblGrid>\n");
        let row = |this: &mut Self, cells: &[Vec<Inline>], head: bool| {
            let mut xml = String::from("<w:tr>");
            if head {
                xml.push_str("<w:trPr><w:tblHeader/></w:trPr>");
            }
            // A row has as many cells as the header (GFM pads short rows and drops extra cells).
            for i in 0..columns {
                let jc = match align.get(i) {
                    Some(Align::Center) => "<w:jc w:val=\"center\"/>",
                    Some(Align::Right) => "<w:jc w:val=\"end\"/>",
                    Some(Align::Left) => "<w:jc w:val=\"start\"/>",
                    _ => "",
                };
                let empty = Vec::new();
                let runs = this.inlines(cells.get(i).unwrap_or(&empty));
                let ppr = this.ppr(if head { "TableHeading" } else { "TableText" }, None, jc);
                let _ = write!(
                    xml,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr><w:p>{ppr}{runs}</w:p></w:tc>"
                );
            }
            xml.push_str("</w:tr>\n");
            xml
        };
        let head = row(self, header, true);
        out.push_str(&head);
        for cells in rows {
            let r = row(self, cells, false);
            out.push_str(&r);
        }
        out.push_str("</w:tbl>\n");
        // Word needs a paragraph between two tables, and one after a table ending a cell.
        let ppr = self.ppr("TableText", None, "");
        let _ = writeln!(out, "<w:p>{ppr}</w:p>");
    }

    /// An inline picture of the image at `path`, described by `alt`; its alt text as plain
    /// text when the image cannot be placed.
    fn picture(&mut self, path: &str, alt: &str) -> String {
        let Some((rel, cx, cy)) = self.package.picture(path, self.assets) else {
            return self.run(alt, Format::default());
        };
        let id = self.package.drawing();
        format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr bwMode=\"auto\"><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
            alt = escape(alt)
        )
    }

    pub fn inlines(&mut self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            self.inline(i, Format::default(), &mut out);
        }
        out
    }

    fn inlines_as(&mut self, inlines: &[Inline], f: Format, out: &mut String) {
        for i in inlines {
            self.inline(i, f, out);
        }
    }

    fn inline(&mut self, i: &Inline, f: Format, out: &mut String) {
        match i {
            Inline::Text { text } => out.push_str(&self.run(text, f)),
            Inline::Emph { content } => self.inlines_as(content, Format { italic: true, ..f }, out),
            Inline::Strong { content } => self.inlines_as(content, Format { bold: true, ..f }, out),
            Inline::Strike { content } => {
                self.inlines_as(content, Format { strike: true, ..f }, out)
            }
            Inline::Code { text } => out.push_str(&self.run(text, Format { code: true, ..f })),
            // A link inside a link (a citation's own in a linked phrase): Word nests none.
            Inline::Link { content, .. } | Inline::Xref { content, .. } if f.link => {
                self.inlines_as(content, f, out);
            }
            Inline::Link { url, content } => {
                let mut inner = String::new();
                self.inlines_as(content, Format { link: true, ..f }, &mut inner);
                if let Some(anchor) = url.strip_prefix('#') {
                    let _ = write!(
                        out,
                        "<w:hyperlink w:anchor=\"{}\">{inner}</w:hyperlink>",
                        Self::bookmark_name(&format!("{}{anchor}", self.prefix))
                    );
                } else {
                    let rel = self.package.hyperlink(url);
                    let _ = write!(
                        out,
                        "<w:hyperlink r:id=\"{rel}\" w:history=\"1\">{inner}</w:hyperlink>"
                    );
                }
            }
            Inline::Xref { target, content } => {
                let mut inner = String::new();
                self.inlines_as(content, Format { link: true, ..f }, &mut inner);
                let _ = write!(
                    out,
                    "<w:hyperlink w:anchor=\"{}\">{inner}</w:hyperlink>",
                    Self::bookmark_name(&format!("{}{target}", self.prefix))
                );
            }
            Inline::Cite { index } => {
                let cite = self.citations.get(*index).cloned().unwrap_or_default();
                self.inlines_as(&cite, f, out);
            }
            Inline::Span { style, content } => {
                let f = match style {
                    SpanStyle::Superscript => Format {
                        superscript: true,
                        ..f
                    },
                    SpanStyle::Subscript => Format {
                        subscript: true,
                        ..f
                    },
                    SpanStyle::SmallCaps => Format {
                        small_caps: true,
                        ..f
                    },
                    SpanStyle::Underline => Format {
                        underline: true,
                        ..f
                    },
                    SpanStyle::Light => Format { light: true, ..f },
                };
                self.inlines_as(content, f, out);
            }
            Inline::Image { path, alt } => out.push_str(&self.picture(path, alt)),
            Inline::FootnoteRef { number, .. } => self.note_reference(*number, f, out),
            Inline::SoftBreak => out.push_str(&self.run(" ", f)),
            Inline::LineBreak => out.push_str("<w:r><w:br/></w:r>"),
        }
    }

    /// A reference to note `number`: the first makes a Word footnote (its text written into
    /// the package) with a bookmark around it; a later one is a NOTEREF field to that bookmark,
    /// which shows the same number and links to the note, as Word writes a second reference.
    fn note_reference(&mut self, number: usize, f: Format, out: &mut String) {
        let mark = Format {
            superscript: true,
            ..f
        };
        if let Some(name) = self.note_marks.get(&number).cloned() {
            let _ = write!(
                out,
                "<w:fldSimple w:instr=\" NOTEREF {name} \\f \\h \">{}</w:fldSimple>",
                self.run_styled(&number.to_string(), "FootnoteReference", f)
            );
            return;
        }
        let Some(note) = self.footnotes.iter().find(|n| n.number == number) else {
            out.push_str(&self.run(&number.to_string(), mark));
            return;
        };
        if self.in_note {
            out.push_str(&self.run(&number.to_string(), mark));
            return;
        }
        let id = self.package.footnotes.len() + 1;
        let name = Self::bookmark_name(&format!("_Ref_{}fn_{number}", self.prefix));
        self.note_marks.insert(number, name.clone());
        let rpr = self.rpr(f, Some("FootnoteReference"));
        let reference = format!("<w:r>{rpr}<w:footnoteReference w:id=\"{id}\"/></w:r>");
        let n = self.package.bookmark();
        let _ = write!(
            out,
            "<w:bookmarkStart w:id=\"{n}\" w:name=\"{name}\"/>{reference}<w:bookmarkEnd w:id=\"{n}\"/>"
        );
        // The note's text, its first paragraph opening with the note's own mark.
        self.package.footnotes.push(String::new());
        let depth = std::mem::replace(&mut self.depth, 0);
        self.in_note = true;
        let blocks = note.blocks.clone();
        let mut body = self.styled_blocks(&blocks, "FootnoteText");
        self.in_note = false;
        self.depth = depth;
        let own_mark = format!(
            "<w:r>{}<w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>",
            self.rpr(Format::default(), Some("FootnoteReference"))
        );
        match body.find("</w:pPr>") {
            Some(at) => body.insert_str(at + "</w:pPr>".len(), &own_mark),
            None => {
                body = format!(
                    "<w:p>{}{own_mark}</w:p>",
                    self.ppr("FootnoteText", None, "")
                )
            }
        }
        self.package.footnotes[id - 1] = format!("<w:footnote w:id=\"{id}\">{body}</w:footnote>\n");
    }

    /// A run of `text` set as `f` says.
    fn run(&self, text: &str, f: Format) -> String {
        let style = if f.link {
            Some("Hyperlink")
        } else if f.code {
            Some("VerbatimChar")
        } else if f.light {
            Some("Light")
        } else {
            None
        };
        self.run_with(text, f, style)
    }

    fn run_styled(&self, text: &str, style: &str, f: Format) -> String {
        self.run_with(text, f, Some(style))
    }

    fn run_with(&self, text: &str, f: Format, style: Option<&str>) -> String {
        if text.is_empty() {
            return String::new();
        }
        let mut out = String::new();
        for (family, segment) in self.by_family(text) {
            let rpr = self.rpr_in(f, style, family.or(self.script.cs_font.as_deref()));
            // Tabs are elements of their own in a run.
            for (i, part) in segment.split('\t').enumerate() {
                if i > 0 {
                    let _ = write!(out, "<w:r>{rpr}<w:tab/></w:r>");
                }
                if !part.is_empty() {
                    let _ = write!(
                        out,
                        "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                        escape(part)
                    );
                }
            }
        }
        out
    }

    /// `text` cut where its complex-script family changes (a character the body font has, or
    /// none has, stays with the text around it): each piece with the family it needs.
    fn by_family<'t>(&self, text: &'t str) -> Vec<(Option<&str>, &'t str)> {
        let mut pieces: Vec<(Option<&str>, &'t str)> = Vec::new();
        let (mut start, mut current) = (0, None);
        for (at, c) in text.char_indices() {
            let Some(family) = self.script.fonts.get(&c).map(String::as_str) else {
                continue;
            };
            match current {
                None => current = Some(family),
                Some(f) if f != family => {
                    pieces.push((current, &text[start..at]));
                    (start, current) = (at, Some(family));
                }
                Some(_) => {}
            }
        }
        pieces.push((current, &text[start..]));
        pieces
    }

    /// Run properties, in the order the schema gives them.
    fn rpr(&self, f: Format, style: Option<&str>) -> String {
        self.rpr_in(f, style, self.script.cs_font.as_deref())
    }

    /// Run properties with `cs` as the complex-script family.
    fn rpr_in(&self, f: Format, style: Option<&str>, cs: Option<&str>) -> String {
        let mut p = String::new();
        if let Some(s) = style {
            let _ = write!(p, "<w:rStyle w:val=\"{s}\"/>");
        }
        if let (Some(cs), false) = (cs, f.code) {
            let _ = write!(p, "<w:rFonts w:cs=\"{}\"/>", escape(cs));
        }
        if f.bold {
            p.push_str("<w:b/><w:bCs/>");
        }
        if f.italic {
            p.push_str("<w:i/><w:iCs/>");
        }
        if f.small_caps {
            p.push_str("<w:smallCaps/>");
        }
        if f.strike {
            p.push_str("<w:strike/>");
        }
        if f.underline {
            p.push_str("<w:u w:val=\"single\"/>");
        }
        if f.superscript {
            p.push_str("<w:vertAlign w:val=\"superscript\"/>");
        } else if f.subscript {
            p.push_str("<w:vertAlign w:val=\"subscript\"/>");
        }
        if self.script.rtl {
            p.push_str("<w:rtl/>");
        }
        if let Some(lang) = &self.script.lang {
            let lang = escape(lang);
            if self.script.rtl {
                let _ = write!(p, "<w:lang w:bidi=\"{lang}\"/>");
            } else {
                let _ = write!(p, "<w:lang w:val=\"{lang}\"/>");
            }
        }
        if p.is_empty() {
            return p;
        }
        format!("<w:rPr>{p}</w:rPr>")
    }

    /// The properties of a plain run of the piece (its language, direction and script font).
    pub fn plain_rpr(&self) -> String {
        self.rpr(Format::default(), None)
    }

    /// Plain text as runs (for the template's lines: byline, dates, names).
    pub fn plain(&self, text: &str) -> String {
        self.run(text, Format::default())
    }

    /// `inlines` as runs, bold.
    pub fn bold(&self, text: &str) -> String {
        self.run(
            text,
            Format {
                bold: true,
                ..Format::default()
            },
        )
    }

    /// A hyperlink to `url` showing `text`.
    pub fn link(&mut self, url: &str, text: &str) -> String {
        let rel = self.package.hyperlink(url);
        let inner = self.run(
            text,
            Format {
                link: true,
                ..Format::default()
            },
        );
        format!("<w:hyperlink r:id=\"{rel}\" w:history=\"1\">{inner}</w:hyperlink>")
    }

    /// An internal hyperlink to the bookmark of folio's `id` showing `text`.
    pub fn anchor_link(&self, id: &str, text: &str) -> String {
        let inner = self.run(
            text,
            Format {
                link: true,
                ..Format::default()
            },
        );
        format!(
            "<w:hyperlink w:anchor=\"{}\">{inner}</w:hyperlink>",
            Self::bookmark_name(id)
        )
    }

    /// A block picture of the image at `path` (the hero image).
    pub fn figure(&mut self, path: &str, alt: &str) -> String {
        let picture = self.picture(path, alt);
        let ppr = self.ppr("Figure", None, "");
        format!("<w:p>{ppr}{picture}</w:p>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bookmark_names_are_words_word_accepts() {
        assert_eq!(Emitter::bookmark_name("ch-3-ref-12"), "ch_3_ref_12");
        assert_eq!(Emitter::bookmark_name("1x"), "b1x");
        assert!(Emitter::bookmark_name(&"x".repeat(80)).len() <= 40);
    }

    #[test]
    fn text_and_urls_stay_text() {
        let mut package = Package::default();
        let labels = Labels::default();
        let mut e = Emitter::new(&mut package, &labels, &[], &[]);
        let xml = e.blocks(&[
            Block::RawText {
                text: "<w:p>x</w:p>".into(),
            },
            Block::Paragraph {
                content: vec![Inline::Link {
                    url: "https://x/\"><w:p/>".into(),
                    content: vec![Inline::Text { text: "<b>".into() }],
                }],
            },
        ]);
        assert!(!xml.contains("<w:p>x"));
        assert!(xml.contains("&lt;b&gt;"));
        assert_eq!(package.relationships[0].target, "https://x/\"><w:p/>");
    }
}
