//! Word (`.docx`) → a [`Flow`]. The package is read with `zip` and its XML with `roxmltree`:
//! paragraphs with their styles (Title, Subtitle, Heading N, Quote, list styles), bold and
//! italic runs, hyperlinks, numbered and bulleted lists (from `numbering.xml`), tables,
//! footnotes, inline pictures with their alt text (`wp:docPr/@descr`) and the core properties
//! (`docProps/core.xml`) as hints. A block's "line" is its paragraph's number in the document.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use roxmltree::{Document, Node};

use super::flow::{Block, Flow, Hints, ImageFile, Kind, Run};
use crate::diag::Diagnostic;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
/// No part of a package is read beyond this (a guard against zip bombs).
const PART_LIMIT: u64 = 64 << 20;

/// Reads a Word package.
pub fn read(
    path: &Path,
    bytes: &[u8],
    warnings: &mut Vec<Diagnostic>,
) -> Result<Flow, Vec<Diagnostic>> {
    let bad = |msg: String| {
        vec![Diagnostic::error(path, 0, 0, msg).with_help(
            "folio import reads Word 2007+ documents (.docx); save older .doc files as .docx first",
        )]
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("not a Word document (.docx): {e}")))?;
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let f = zip.by_name(name).ok()?;
        let mut out = Vec::new();
        f.take(PART_LIMIT).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let document = part("word/document.xml")
        .ok_or_else(|| bad("no word/document.xml in the package".into()))?;
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let document = text(&document);
    let styles = part("word/styles.xml")
        .map(|b| text(&b))
        .unwrap_or_default();
    let numbering = part("word/numbering.xml")
        .map(|b| text(&b))
        .unwrap_or_default();
    let rels = part("word/_rels/document.xml.rels")
        .map(|b| text(&b))
        .unwrap_or_default();
    let footnotes = part("word/footnotes.xml")
        .map(|b| text(&b))
        .unwrap_or_default();
    let note_rels = part("word/_rels/footnotes.xml.rels")
        .map(|b| text(&b))
        .unwrap_or_default();
    let core = part("docProps/core.xml")
        .map(|b| text(&b))
        .unwrap_or_default();

    let doc = parse_xml(&document)
        .map_err(|e| bad(format!("word/document.xml is not well-formed XML: {e}")))?;
    let styles = parse_xml(&styles).ok();
    let numbering = parse_xml(&numbering).ok();
    let rels = parse_xml(&rels).ok();
    let footnotes = parse_xml(&footnotes).ok();
    let core = parse_xml(&core).ok();
    let note_rels = parse_xml(&note_rels).ok();

    let mut reader = Reader {
        styles: styles.as_ref().map(read_styles).unwrap_or_default(),
        numbering: numbering.as_ref().map(read_numbering).unwrap_or_default(),
        rels: rels.as_ref().map(read_rels).unwrap_or_default(),
        note_ids: Vec::new(),
        pictures: Vec::new(),
        stem: crate::model::slug_or(&crate::model::file_stem(path), "word"),
        paragraph: 0,
        last_author: false,
        last_code: false,
        last_picture_title: None,
        path,
        warnings,
    };
    let body = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name((W, "body")))
        .ok_or_else(|| bad("word/document.xml has no body".into()))?;
    let mut blocks = Vec::new();
    reader.blocks(body, &mut blocks);
    // The pictures' bytes, from the package (targets are relative to word/).
    for pic in &mut reader.pictures {
        let target = String::from_utf8_lossy(&pic.bytes).into_owned();
        let name = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("word/{target}").replace("word/../", ""),
        };
        pic.bytes = part(&name).unwrap_or_default();
    }
    // A picture folio cannot place is left out, with a warning naming it and why.
    let mut bad: Vec<String> = Vec::new();
    reader
        .pictures
        .retain(|p| match crate::source::images::usable(&p.bytes) {
            Ok(_) => true,
            Err(why) => {
                reader.warnings.push(Diagnostic::warning(
                    path,
                    0,
                    0,
                    format!("a picture in the document is left out: {}: {why}", p.name),
                ));
                bad.push(p.name.clone());
                false
            }
        });
    for b in &mut blocks {
        b.runs
            .retain(|r| !matches!(r, Run::Image { src, .. } if bad.contains(src)));
    }

    // Footnotes in the order they are referred to.
    let mut notes = Vec::new();
    // A note's links are its own part's relationships.
    reader.rels = note_rels.as_ref().map(read_rels).unwrap_or_default();
    if let Some(f) = &footnotes {
        let by_id: HashMap<&str, Node> = f
            .root_element()
            .children()
            .filter(|n| n.has_tag_name((W, "footnote")))
            .filter_map(|n| Some((n.attribute((W, "id"))?, n)))
            .collect();
        for id in reader.note_ids.clone() {
            let mut runs = Vec::new();
            if let Some(n) = by_id.get(id.as_str()) {
                for (k, p) in n
                    .children()
                    .filter(|c| c.has_tag_name((W, "p")))
                    .enumerate()
                {
                    if k > 0 {
                        runs.push(Run::plain(" "));
                    }
                    reader.runs(p, &mut runs, false);
                }
            }
            notes.push(runs);
        }
    }
    // Word writes the footnote mark's own run inside the note (`w:footnoteRef`): no text.
    // The language is the core properties' (`dc:language`), not the styles' default, which is
    // the installation's.
    let hints = core.as_ref().map(read_core).unwrap_or_default();
    Ok(Flow {
        blocks,
        notes,
        hints,
        images: std::mem::take(&mut reader.pictures),
    })
}

/// XML without DTDs (no entity expansion) and with a bound on its size.
fn parse_xml(s: &str) -> Result<Document<'_>, roxmltree::Error> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 4_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(s, opts)
}

struct Reader<'a> {
    /// Style id → (name in lower case, its paragraph numbering if any).
    styles: HashMap<String, StyleInfo>,
    /// numId → levels' formats (bullet or not).
    numbering: HashMap<String, Vec<bool>>,
    /// Relationship id → target.
    rels: HashMap<String, String>,
    note_ids: Vec<String>,
    pictures: Vec<ImageFile>,
    stem: String,
    paragraph: usize,
    /// The last picture's title (`wp:docPr/@title`), when it differs from its alt text.
    last_picture_title: Option<String>,
    /// Whether the last paragraph was code.
    last_code: bool,
    /// Whether the last paragraph was in pandoc's Author style.
    last_author: bool,
    path: &'a Path,
    warnings: &'a mut Vec<Diagnostic>,
}

#[derive(Default, Clone)]
struct StyleInfo {
    name: String,
    based_on: Option<String>,
    num_id: Option<String>,
    level: u8,
}

fn w<'a>(n: Node<'a, '_>, tag: &str) -> Option<Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name((W, tag)))
}

fn val<'a>(n: Node<'a, '_>) -> Option<&'a str> {
    n.attribute((W, "val"))
}

fn read_styles(doc: &Document) -> HashMap<String, StyleInfo> {
    let mut out = HashMap::new();
    for s in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((W, "style")))
    {
        let Some(id) = s.attribute((W, "styleId")) else {
            continue;
        };
        let num = w(s, "pPr").and_then(|p| w(p, "numPr"));
        out.insert(
            id.to_string(),
            StyleInfo {
                name: w(s, "name").and_then(val).unwrap_or(id).to_lowercase(),
                based_on: w(s, "basedOn").and_then(val).map(str::to_string),
                num_id: num
                    .and_then(|n| w(n, "numId"))
                    .and_then(val)
                    .map(str::to_string),
                level: num
                    .and_then(|n| w(n, "ilvl"))
                    .and_then(val)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
            },
        );
    }
    out
}

fn read_numbering(doc: &Document) -> HashMap<String, Vec<bool>> {
    let root = doc.root_element();
    let abstracts: HashMap<&str, Vec<bool>> = root
        .children()
        .filter(|n| n.has_tag_name((W, "abstractNum")))
        .filter_map(|a| {
            let id = a.attribute((W, "abstractNumId"))?;
            let mut levels = vec![true; 9];
            for l in a.children().filter(|n| n.has_tag_name((W, "lvl"))) {
                let k: usize = l.attribute((W, "ilvl"))?.parse().ok()?;
                let bullet = w(l, "numFmt")
                    .and_then(val)
                    .is_none_or(|f| f == "bullet" || f == "none");
                if k < levels.len() {
                    levels[k] = bullet;
                }
            }
            Some((id, levels))
        })
        .collect();
    root.children()
        .filter(|n| n.has_tag_name((W, "num")))
        .filter_map(|n| {
            let id = n.attribute((W, "numId"))?;
            let abs = w(n, "abstractNumId").and_then(val)?;
            Some((id.to_string(), abstracts.get(abs)?.clone()))
        })
        .collect()
}

fn read_rels(doc: &Document) -> HashMap<String, String> {
    doc.root_element()
        .children()
        .filter_map(|r| {
            Some((
                r.attribute("Id")?.to_string(),
                r.attribute("Target")?.to_string(),
            ))
        })
        .collect()
}

fn read_core(doc: &Document) -> Hints {
    let mut h = Hints::default();
    for n in doc.root_element().children().filter(Node::is_element) {
        let text = n.text().unwrap_or("").trim().to_string();
        if text.is_empty() {
            continue;
        }
        match n.tag_name().name() {
            "title" => h.title = Some(text),
            "subject" => h.subtitle = Some(text),
            "creator" => {
                h.authors = text
                    .split([';', ','])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(super::flow::HintAuthor::named)
                    .collect()
            }
            "keywords" => {
                h.keywords = text
                    .split([';', ','])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            // Tools write their own name here ("generated by python-docx"): not a summary.
            "description" if !text.to_lowercase().contains("generated by") => {
                h.summary = Some(text)
            }
            "language" => h.lang = Some(text),
            "created" => {
                h.date = text
                    .get(..10)
                    .filter(|d| crate::model::Date::parse_iso(d).is_ok())
                    .map(str::to_string)
            }
            _ => {}
        }
    }
    h
}

impl Reader<'_> {
    /// The style's name, following `basedOn` for headings and lists.
    fn style(&self, id: &str) -> Option<&StyleInfo> {
        self.styles.get(id)
    }

    fn blocks(&mut self, parent: Node, out: &mut Vec<Block>) {
        for n in parent.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "p" if n.tag_name().namespace() == Some(W) => self.paragraph(n, out),
                "tbl" => {
                    self.paragraph += 1;
                    let line = self.paragraph;
                    let rows = n
                        .children()
                        .filter(|r| r.has_tag_name((W, "tr")))
                        .map(|r| {
                            r.children()
                                .filter(|c| c.has_tag_name((W, "tc")))
                                .map(|c| {
                                    let mut runs = Vec::new();
                                    for (k, p) in c
                                        .descendants()
                                        .filter(|p| p.has_tag_name((W, "p")))
                                        .enumerate()
                                    {
                                        if k > 0 {
                                            runs.push(Run::plain(" "));
                                        }
                                        self.runs(p, &mut runs, false);
                                    }
                                    runs
                                })
                                .collect::<Vec<_>>()
                        })
                        .filter(|r: &Vec<Vec<Run>>| !r.is_empty())
                        .collect::<Vec<_>>();
                    if !rows.is_empty() {
                        out.push(Block {
                            line,
                            kind: Kind::Table(rows),
                            runs: Vec::new(),
                        });
                    }
                }
                "sdt" => {
                    if let Some(c) = w(n, "sdtContent") {
                        self.blocks(c, out);
                    }
                }
                "customXml" | "ins" | "smartTag" => self.blocks(n, out),
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: Node, out: &mut Vec<Block>) {
        self.paragraph += 1;
        let line = self.paragraph;
        let ppr = w(p, "pPr");
        let style_id = ppr
            .and_then(|x| w(x, "pStyle"))
            .and_then(val)
            .unwrap_or("Normal");
        // The style and the ones it is based on, nearest first.
        let mut chain = Vec::new();
        let mut id = Some(style_id.to_string());
        while let Some(s) = id.and_then(|i| self.style(&i).cloned()) {
            if chain.len() > 8 {
                break;
            }
            id = s.based_on.clone();
            chain.push(s);
        }
        let names: Vec<&str> = chain.iter().map(|s| s.name.as_str()).collect();
        let own = names
            .first()
            .copied()
            .unwrap_or(&style_id.to_lowercase())
            .to_string();
        // The furniture of a Word file folio wrote: its publisher band and its "Cite as" line
        // are made from the front matter, not part of the text.
        if matches!(own.as_str(), "band" | "cite as") {
            self.last_code = false;
            return;
        }
        let heading = names.iter().find_map(|n| {
            n.strip_prefix("heading ")
                .and_then(|l| l.trim().parse::<u8>().ok())
        });
        let outline = ppr
            .and_then(|x| w(x, "outlineLvl"))
            .and_then(val)
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|l| *l < 9);
        let num = ppr.and_then(|x| w(x, "numPr"));
        let num_id = num
            .and_then(|n| w(n, "numId"))
            .and_then(val)
            .map(str::to_string)
            .or_else(|| chain.iter().find_map(|s| s.num_id.clone()))
            .filter(|id| id != "0");
        let level: u8 = num
            .and_then(|n| w(n, "ilvl"))
            .and_then(val)
            .and_then(|v| v.parse().ok())
            .or_else(|| chain.iter().find(|s| s.num_id.is_some()).map(|s| s.level))
            .unwrap_or(0);
        let code = matches!(
            own.as_str(),
            "source code" | "html preformatted" | "code" | "plain text" | "macro text" | "verbatim"
        );
        let rule = p
            .descendants()
            .any(|n| n.attribute(("urn:schemas-microsoft-com:office:office", "hr")) == Some("t"));
        // "List Bullet 2" is a level below "List Bullet".
        let style_depth = if own.starts_with("list ") {
            own.rsplit(' ')
                .next()
                .and_then(|n| n.parse::<u8>().ok())
                .map_or(0, |n| n.saturating_sub(1).min(8))
        } else {
            0
        };
        let kind = if code {
            Kind::Code(String::new())
        } else if rule {
            Kind::Rule
        } else if own == "author" || own == "date" || own == "abstract" {
            // pandoc's front-matter paragraphs: read as the text they are (a byline, a date).
            Kind::Para
        } else if names.contains(&"title") {
            Kind::Title
        } else if names.contains(&"subtitle") {
            Kind::Subtitle
        } else if let Some(l) = heading.or(outline.map(|o| o + 1)) {
            Kind::Heading(l.clamp(1, 6))
        } else if let Some(id) = &num_id {
            let bullet = self
                .numbering
                .get(id)
                .and_then(|levels| levels.get(usize::from(level)).copied())
                .unwrap_or(!own.contains("number"));
            Kind::Item {
                ordered: !bullet,
                depth: level.max(style_depth).min(8),
            }
        } else if own.contains("list bullet") || own.contains("list number") {
            Kind::Item {
                ordered: own.contains("list number"),
                depth: style_depth,
            }
        } else if own == "quote" || own == "intense quote" || own == "block text" {
            Kind::Quote
        } else {
            Kind::Para
        };
        let mut runs = Vec::new();
        self.runs(p, &mut runs, false);
        if kind == Kind::Code(String::new()) {
            // Code as written, line breaks kept; consecutive code paragraphs are one block.
            let mut text = String::new();
            for r in &runs {
                match r {
                    Run::Text { text: t, .. } => text.push_str(t),
                    Run::Break => text.push('\n'),
                    _ => {}
                }
            }
            match out.last_mut() {
                Some(Block {
                    kind: Kind::Code(prev),
                    ..
                }) if self.last_code => {
                    prev.push('\n');
                    prev.push_str(&text);
                }
                _ => out.push(Block {
                    line,
                    kind: Kind::Code(text),
                    runs: Vec::new(),
                }),
            }
            self.last_code = true;
            return;
        }
        self.last_code = false;
        if kind == Kind::Rule && super::flow::plain(&runs).trim().is_empty() {
            out.push(Block {
                line,
                kind,
                runs: Vec::new(),
            });
            return;
        }
        // A caption under a picture is the picture's caption.
        if matches!(
            own.as_str(),
            "caption" | "image caption" | "figure caption" | "table caption"
        ) && let Some(last) = out.last_mut()
            && let Some(alt) = last.runs.iter().find_map(|r| match r {
                Run::Image { alt, .. } => Some(alt.clone()),
                _ => None,
            })
            && let Some(title) = last.lone_image()
            && title.is_none()
        {
            // pandoc captions a figure with its alt text and keeps the caption proper as the
            // picture's title: the title, then.
            let text = super::flow::plain(&runs).trim().to_string();
            *title = match self.last_picture_title.take() {
                Some(t) if text == alt => Some(super::flow::caption(&t)),
                _ => Some(super::flow::caption(&text)),
            };
            return;
        }
        // pandoc writes one Author paragraph a name: one byline.
        let author = own == "author";
        if author
            && self.last_author
            && let Some(prev) = out.last_mut()
        {
            prev.runs.push(Run::plain(", "));
            prev.runs.extend(runs);
            return;
        }
        self.last_author = author;
        // A line break inside a paragraph typed as separate lines ("Title\nSubtitle") splits
        // the paragraph in the seed's shape: each line is a block of its own.
        let split = kind == Kind::Para && runs.iter().any(|r| matches!(r, Run::Break));
        if split {
            let mut cur = Vec::new();
            for r in runs {
                if matches!(r, Run::Break) {
                    out.push(Block {
                        line,
                        kind: Kind::Para,
                        runs: std::mem::take(&mut cur),
                    });
                } else {
                    cur.push(r);
                }
            }
            out.push(Block {
                line,
                kind,
                runs: cur,
            });
            return;
        }
        out.push(Block { line, kind, runs });
    }

    /// The runs under `n` (a paragraph, a hyperlink, a field…).
    fn runs(&mut self, n: Node, out: &mut Vec<Run>, in_link: bool) {
        for c in n.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "r" => self.run(c, out),
                "hyperlink" => {
                    let url = c
                        .attribute((R, "id"))
                        .and_then(|id| self.rels.get(id).cloned())
                        .filter(|u| {
                            u.starts_with("http://")
                                || u.starts_with("https://")
                                || u.starts_with("mailto:")
                        });
                    let mut inner = Vec::new();
                    self.runs(c, &mut inner, true);
                    match url {
                        Some(url) if !in_link => out.push(Run::Link { url, runs: inner }),
                        _ => out.extend(inner),
                    }
                }
                "ins" | "smartTag" | "customXml" | "fldSimple" | "sdtContent" | "bdo" | "dir" => {
                    self.runs(c, out, in_link)
                }
                "sdt" => {
                    if let Some(content) = w(c, "sdtContent") {
                        self.runs(content, out, in_link);
                    }
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, r: Node, out: &mut Vec<Run>) {
        let rpr = w(r, "rPr");
        let on = |tag: &str| {
            rpr.and_then(|p| w(p, tag))
                .is_some_and(|t| !matches!(val(t), Some("0" | "false" | "off")))
        };
        let (bold, italic) = (on("b"), on("i"));
        let vanish = on("vanish");
        for c in r.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "t" if !vanish => out.push(Run::Text {
                    text: c.text().unwrap_or("").to_string(),
                    bold,
                    italic,
                }),
                "tab" => out.push(Run::plain(" ")),
                "noBreakHyphen" => out.push(Run::plain("‑")),
                "br" | "cr" if !matches!(c.attribute((W, "type")), Some("page" | "column")) => {
                    out.push(Run::Break);
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = c.attribute((W, "id")) {
                        self.note_ids.push(id.to_string());
                        out.push(Run::Note(self.note_ids.len()));
                    }
                }
                "drawing" => self.picture(c, out),
                _ => {}
            }
        }
    }

    fn picture(&mut self, drawing: Node, out: &mut Vec<Run>) {
        let doc_pr = drawing
            .descendants()
            .find(|n| n.has_tag_name((WP, "docPr")));
        let alt = doc_pr
            .and_then(|d| {
                d.attribute("descr")
                    .filter(|s| !s.trim().is_empty())
                    .or(d.attribute("title"))
            })
            .unwrap_or("")
            .trim()
            .to_string();
        self.last_picture_title = doc_pr
            .and_then(|d| d.attribute("title"))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && *t != alt);
        // The picture: an SVG (`asvg:svgBlip`, inside the blip) before its PNG fallback.
        let blip = drawing.descendants().find(|n| n.has_tag_name((A, "blip")));
        let target = blip
            .and_then(|b| {
                b.descendants()
                    .find(|n| n.tag_name().name() == "svgBlip")
                    .and_then(|s| s.attribute((R, "embed")))
                    .or(b.attribute((R, "embed")))
            })
            .and_then(|id| self.rels.get(id).cloned());
        let Some(target) = target else {
            self.warnings.push(Diagnostic::warning(
                self.path,
                self.paragraph,
                1,
                "a picture linked from outside the document is left out (folio reads only pictures inside it)",
            ));
            return;
        };
        let ext = Path::new(&target)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !matches!(
            ext.as_str(),
            "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
        ) {
            self.warnings.push(Diagnostic::warning(
                self.path,
                self.paragraph,
                1,
                format!("a picture in a format folio does not place (.{ext}) is left out"),
            ));
            return;
        }
        let name = format!("{}-{}.{ext}", self.stem, self.pictures.len() + 1);
        // The bytes are read by the caller's package after the walk; here the target is kept.
        self.pictures.push(ImageFile {
            name: name.clone(),
            bytes: target.into_bytes(),
        });
        if alt.is_empty() {
            self.warnings.push(Diagnostic::warning(
                self.path,
                self.paragraph,
                1,
                "a picture without alt text (Word's Alt Text / description): write its `![…]`",
            ));
        }
        out.push(Run::Image {
            src: name,
            alt,
            title: None,
        });
    }
}
