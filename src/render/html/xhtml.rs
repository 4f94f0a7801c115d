//! The XHTML emitter: `Document` blocks and inlines → well-formed XHTML for the EPUB, and the
//! same markup (without EPUB's `epub:type` attributes) for the web edition.
//!
//! comrak's own HTML renderer writes HTML, not XHTML (minimised attributes, `align=`), so the
//! EPUB body is written here, from folio's `Block`/`Inline` types. Every text node and attribute
//! goes through [`escape`]; raw HTML from the source only ever arrives as text. Page structure
//! (title page, bio box, references) is not here but in `templates/epub/`.

use std::fmt::Write;

use crate::model::{Align, Block, Inline, Labels, SpanStyle, ids};

/// Escapes text for XML content and attribute values (double-quoted).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 does not allow at all.
            '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{fffe}'
            | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Emits body XHTML. `image_href` maps an asset's virtual path to its href in the book.
pub struct Emitter<'a> {
    pub image_href: &'a dyn Fn(&str) -> String,
    /// How many times each footnote has been referenced so far (for unique back-link ids).
    note_refs: Vec<usize>,
    /// Heading level of a `##` section in this book (sub-headings go below it).
    pub section_level: u8,
    /// Prefixes the ids this emitter writes (note references), unique across a book.
    pub id_prefix: String,
    /// The words of the document's language: the word before a captioned figure's number
    /// ("Figure 1: …", as the PDF prints it) and a task's state.
    labels: &'a Labels,
    /// Whether the markup is for an EPUB (note references carry `epub:type`, which HTML lacks).
    pub epub: bool,
    /// The document's citations as its house style writes them (`BackMatter::citations`).
    pub citations: &'a [Vec<Inline>],
    /// Inside a link, where a citation's own links would nest (which HTML forbids).
    in_link: bool,
}

impl<'a> Emitter<'a> {
    pub fn new(
        image_href: &'a dyn Fn(&str) -> String,
        labels: &'a Labels,
        notes: usize,
        section_level: u8,
    ) -> Self {
        Emitter {
            image_href,
            note_refs: vec![0; notes + 1],
            section_level,
            id_prefix: String::new(),
            labels,
            epub: true,
            citations: &[],
            in_link: false,
        }
    }

    pub fn blocks(&mut self, blocks: &[Block]) -> String {
        let mut out = String::new();
        for b in blocks {
            self.block(b, &mut out);
        }
        out
    }

    pub fn inlines(&mut self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            self.inline(i, &mut out);
        }
        out
    }

    fn block(&mut self, b: &Block, out: &mut String) {
        match b {
            Block::Paragraph { content } => {
                let _ = writeln!(out, "<p>{}</p>", self.inlines(content));
            }
            Block::Heading { level, content } => {
                let h = (self.section_level + level).min(6);
                let _ = writeln!(out, "<h{h}>{}</h{h}>", self.inlines(content));
            }
            Block::Quote { blocks } => {
                let _ = writeln!(out, "<blockquote>\n{}</blockquote>", self.blocks(blocks));
            }
            Block::List {
                ordered,
                start,
                items,
                ..
            } => {
                let all_tasks = !items.is_empty() && items.iter().all(|i| i.task.is_some());
                if *ordered {
                    if *start == 1 {
                        out.push_str("<ol>\n");
                    } else {
                        let _ = writeln!(out, "<ol start=\"{start}\">");
                    }
                } else if all_tasks {
                    out.push_str("<ul class=\"tasks\">\n");
                } else {
                    out.push_str("<ul>\n");
                }
                for item in items {
                    out.push_str("<li>");
                    if let Some(done) = item.task {
                        // A real (read-only) check box: screen readers announce its state.
                        let _ = write!(
                            out,
                            "<input type=\"checkbox\" disabled=\"disabled\"{} aria-label=\"{}\"/> ",
                            if done { " checked=\"checked\"" } else { "" },
                            escape(if done {
                                &self.labels.task_done
                            } else {
                                &self.labels.task_open
                            })
                        );
                    }
                    // A tight item's single paragraph is written without <p>, like HTML lists.
                    match item.blocks.as_slice() {
                        [Block::Paragraph { content }] => out.push_str(&self.inlines(content)),
                        blocks => {
                            out.push('\n');
                            out.push_str(&self.blocks(blocks));
                        }
                    }
                    out.push_str("</li>\n");
                }
                out.push_str(if *ordered { "</ol>\n" } else { "</ul>\n" });
            }
            Block::Code { lang, text } => {
                let class = lang
                    .as_deref()
                    .map(|l| format!(" class=\"language-{}\"", escape(l)))
                    .unwrap_or_default();
                let _ = writeln!(out, "<pre><code{class}>{}</code></pre>", escape(text));
            }
            Block::Table {
                align,
                header,
                rows,
            } => {
                out.push_str("<table>\n<thead>\n<tr>");
                let cell_class = |i: usize| match align.get(i) {
                    Some(Align::Left) => " class=\"left\"",
                    Some(Align::Center) => " class=\"center\"",
                    Some(Align::Right) => " class=\"right\"",
                    _ => "",
                };
                for (i, cell) in header.iter().enumerate() {
                    let _ = write!(
                        out,
                        "<th scope=\"col\"{}>{}</th>",
                        cell_class(i),
                        self.inlines(cell)
                    );
                }
                out.push_str("</tr>\n</thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let _ = write!(out, "<td{}>{}</td>", cell_class(i), self.inlines(cell));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Figure {
                path,
                alt,
                caption,
                number,
            } => {
                let _ = write!(
                    out,
                    "<figure>\n<img src=\"{}\" alt=\"{}\"/>\n",
                    escape(&(self.image_href)(path)),
                    escape(alt)
                );
                if let Some(n) = number {
                    let label = format!(
                        "{} {n}{}",
                        escape(&self.labels.figure),
                        escape(self.labels.colon.trim_end())
                    );
                    let caption = self.inlines(caption);
                    let _ = writeln!(
                        out,
                        "<figcaption><span class=\"label\">{label}</span> {caption}</figcaption>"
                    );
                }
                out.push_str("</figure>\n");
            }
            Block::Rule => out.push_str("<hr/>\n"),
            Block::RawText { text } => {
                let _ = writeln!(out, "<pre class=\"raw-html\">{}</pre>", escape(text));
            }
        }
    }

    fn inline(&mut self, i: &Inline, out: &mut String) {
        match i {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Emph { content } => {
                let _ = write!(out, "<em>{}</em>", self.inlines(content));
            }
            Inline::Strong { content } => {
                let _ = write!(out, "<strong>{}</strong>", self.inlines(content));
            }
            Inline::Strike { content } => {
                let _ = write!(out, "<del>{}</del>", self.inlines(content));
            }
            Inline::Code { text } => {
                let _ = write!(out, "<code>{}</code>", escape(text));
            }
            Inline::Link { url, content } => {
                // An address shown as itself is set as one (see `.url` in the stylesheets).
                let class = if crate::model::plain_text(content) == *url {
                    " class=\"url\""
                } else {
                    ""
                };
                let outer = std::mem::replace(&mut self.in_link, true);
                let inner = self.inlines(content);
                self.in_link = outer;
                let _ = write!(out, "<a{class} href=\"{}\">{inner}</a>", escape(url));
            }
            Inline::Cite { index } => {
                let text = self.citations.get(*index).cloned().unwrap_or_default();
                let _ = write!(out, "<span class=\"cite\">{}</span>", self.inlines(&text));
            }
            Inline::Xref { content, .. } if self.in_link => {
                let inner = self.inlines(content);
                out.push_str(&inner);
            }
            Inline::Xref { target, content } => {
                let _ = write!(
                    out,
                    "<a role=\"doc-biblioref\" href=\"#{}{}\">{}</a>",
                    escape(&self.id_prefix),
                    escape(target),
                    self.inlines(content)
                );
            }
            Inline::Span { style, content } => {
                let inner = self.inlines(content);
                let _ = match style {
                    SpanStyle::Superscript => write!(out, "<sup>{inner}</sup>"),
                    SpanStyle::Subscript => write!(out, "<sub>{inner}</sub>"),
                    SpanStyle::SmallCaps => write!(out, "<span class=\"smallcaps\">{inner}</span>"),
                    SpanStyle::Underline => write!(out, "<span class=\"underline\">{inner}</span>"),
                    SpanStyle::Light => write!(out, "<span class=\"light\">{inner}</span>"),
                };
            }
            Inline::Image { path, alt } => {
                let _ = write!(
                    out,
                    "<img class=\"inline\" src=\"{}\" alt=\"{}\"/>",
                    escape(&(self.image_href)(path)),
                    escape(alt)
                );
            }
            Inline::FootnoteRef { number, .. } => {
                let n = *number;
                let seen = self.note_refs.get(n).copied().unwrap_or(0);
                if let Some(slot) = self.note_refs.get_mut(n) {
                    *slot += 1;
                }
                let p = escape(&self.id_prefix);
                let id = ids::note_ref(&p, n, seen);
                let note = ids::note(&p, n);
                let kind = if self.epub {
                    "epub:type=\"noteref\" "
                } else {
                    ""
                };
                let _ = write!(
                    out,
                    "<a {kind}role=\"doc-noteref\" id=\"{id}\" href=\"#{note}\">{n}</a>"
                );
            }
            Inline::SoftBreak => out.push('\n'),
            Inline::LineBreak => out.push_str("<br/>\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }

    #[test]
    fn raw_html_and_hostile_urls_stay_text() {
        let href = |p: &str| p.to_string();
        let labels = Labels::default();
        let mut e = Emitter::new(&href, &labels, 0, 2);
        let html = e.blocks(&[
            Block::RawText {
                text: "<script>alert(1)</script>".into(),
            },
            Block::Paragraph {
                content: vec![Inline::Link {
                    url: "https://x/\"onmouseover=\"alert(1)".into(),
                    content: vec![Inline::Text { text: "<b>".into() }],
                }],
            },
        ]);
        assert!(!html.contains("<script"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("href=\"https://x/&quot;onmouseover=&quot;alert(1)\""));
    }
}
