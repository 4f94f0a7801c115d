//! The Word backend: the same prepared piece (or book) as every other format, as a `.docx` in
//! real Word structure: named styles from the brand's fonts and colours (or a reference
//! document's), lists in `numbering.xml`, tables with a header row, footnotes, hyperlinks,
//! pictures with their alt text, bookmarks for the reference list, core properties.
//!
//! The body's XML comes from folio's emitter ([`wml`]); the structure (title block, bio box,
//! references, a book's title page, contents and back matter) and every part's XML from the
//! minijinja templates in `templates/docx/`. This module adds the packaging: the parts in a
//! fixed order, zipped with the content's date as every timestamp, so two builds are
//! byte-identical.

mod image;
mod reference;
pub mod wml;

use std::collections::BTreeMap;
use std::io::{Cursor, Write};

use minijinja::{Environment, context};
use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::html::{environment, render_template, v};
use super::{Backend, Context, Publication, Rendered};
use crate::diag::Diagnostic;
use crate::model::{Block, Book, Date, Inline, Piece};
use reference::Reference;
use wml::{Emitter, Package, Script};

pub struct Docx;

/// The core properties (`docProps/core.xml`).
#[derive(Serialize)]
struct Core {
    title: String,
    subject: Option<String>,
    creator: String,
    keywords: String,
    description: Option<String>,
    identifier: Option<String>,
    language: String,
    date: String,
}

impl Backend for Docx {
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        let env = environment(cx)?;
        let reference = match &cx.brand.docx_reference {
            Some((name, bytes)) => Some(Reference::read(bytes).map_err(|msg| {
                vec![Diagnostic::error(
                    cx.brand.path(),
                    0,
                    0,
                    format!("reference document `{name}` {msg}"),
                )]
            })?),
            None => None,
        };
        let mut package = Package::default();
        let lang = publication.lang();
        let rtl = lang.dir == "rtl";
        let (main, core) = match publication {
            Publication::Explainer(piece) => {
                let ctx = piece_context(piece, cx, &mut package, None);
                let section = section(cx, reference.as_ref(), rtl);
                let ctx = context! { section => section, ..ctx };
                let doc = &piece.doc;
                let core = Core {
                    title: doc.title.clone(),
                    subject: doc.subtitle.clone(),
                    creator: doc.author_names().join("; "),
                    keywords: doc.keywords.join(", "),
                    description: doc.summary.clone(),
                    identifier: doc.doi.as_ref().map(|d| format!("doi:{d}")),
                    language: doc.lang.tag.clone(),
                    date: doc.date.to_string(),
                };
                (render_template(env, "docx/document.xml", &ctx)?, core)
            }
            Publication::Book(book) => {
                let xml = book_document(book, cx, env, &mut package, reference.as_ref())?;
                let core = Core {
                    title: book.title.clone(),
                    subject: book.subtitle.clone(),
                    creator: if book.editors.is_empty() {
                        book.publisher.clone()
                    } else {
                        book.editors.join("; ")
                    },
                    keywords: String::new(),
                    description: None,
                    identifier: book
                        .isbn_epub
                        .as_ref()
                        .or(book.isbn_print.as_ref())
                        .map(|i| format!("urn:isbn:{i}")),
                    language: book.lang.tag.clone(),
                    date: book.date.to_string(),
                };
                (xml, core)
            }
            Publication::Site(site) => return Err(vec![super::web_only(site, "written")]),
        };
        let cs_font = cs_font(cx, &main);
        let shared = context! {
            brand => v(&cx.brand.brand),
            labels => v(cx.words),
            lang => &lang.tag,
            rtl => rtl,
            cs_font => cs_font,
            hanging => hanging(publication),
        };
        let ours = render_template(env, "docx/styles.xml", &shared)?;
        let (styles, main, notes) = match &reference {
            Some(r) => {
                let (styles, renamed) = r.styles(&ours);
                let notes: Vec<String> = package
                    .footnotes
                    .iter()
                    .map(|n| reference::rename_styles(n, &renamed))
                    .collect();
                (styles, reference::rename_styles(&main, &renamed), notes)
            }
            None => (ours, main, package.footnotes.clone()),
        };
        let part = |name: &str, ctx: &minijinja::Value| render_template(env, name, ctx);
        let lists: Vec<_> = package
            .lists
            .iter()
            .map(|l| context! { id => l.id, ordered => l.ordered, level => l.level, start => l.start })
            .collect();
        let relationships: Vec<_> = package
            .relationships
            .iter()
            .chain(reference.iter().flat_map(|r| r.relationships.iter()))
            .map(relationship)
            .collect();
        let document_parts = [
            ("rIdStyles", STYLES, "styles.xml"),
            ("rIdNumbering", NUMBERING, "numbering.xml"),
            ("rIdFootnotes", FOOTNOTES, "footnotes.xml"),
            ("rIdSettings", SETTINGS, "settings.xml"),
        ]
        .map(|(id, kind, target)| context! { id => id, kind => kind, target => target });
        let mut media: BTreeMap<String, String> = BTreeMap::new();
        for (name, _) in &package.media {
            let ext = name.rsplit('.').next().unwrap_or_default();
            media.insert(ext.to_string(), media_type(ext).to_string());
        }
        let mut extra: Vec<(String, String)> = Vec::new();
        if let Some(r) = &reference {
            for (ext, t) in &r.defaults {
                media.entry(ext.to_lowercase()).or_insert_with(|| t.clone());
            }
            extra.extend(r.overrides.iter().cloned());
        }
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut add = |name: &str, text: String| files.push((name.to_string(), text.into_bytes()));
        add(
            "[Content_Types].xml",
            part(
                "docx/content-types.xml",
                &context! { media => media.into_iter().collect::<Vec<_>>(), extra => extra },
            )?,
        );
        add("_rels/.rels", part("docx/package-rels.xml", &context! {})?);
        add(
            "docProps/core.xml",
            part("docx/core.xml", &context! { core => v(&core) })?,
        );
        add("docProps/app.xml", part("docx/app.xml", &shared)?);
        add("word/document.xml", main);
        add(
            "word/_rels/document.xml.rels",
            part(
                "docx/part-rels.xml",
                &context! { parts => document_parts, relationships => &relationships },
            )?,
        );
        add("word/styles.xml", styles);
        add(
            "word/numbering.xml",
            part("docx/numbering.xml", &context! { lists => lists })?,
        );
        add(
            "word/footnotes.xml",
            part("docx/footnotes.xml", &context! { notes => notes })?,
        );
        add(
            "word/_rels/footnotes.xml.rels",
            part(
                "docx/part-rels.xml",
                &context! { parts => Vec::<()>::new(), relationships => &relationships },
            )?,
        );
        add("word/settings.xml", part("docx/settings.xml", &shared)?);
        for (name, bytes) in package.media {
            files.push((format!("word/{name}"), bytes));
        }
        if let Some(r) = reference {
            for (name, bytes) in r.parts {
                files.push((format!("word/{name}"), bytes));
            }
        }
        let bytes = zip_package(&files, publication.date()).map_err(|e| {
            vec![Diagnostic::error(
                publication.origin(),
                0,
                0,
                format!("cannot write the Word file: {e}"),
            )]
        })?;
        Ok(Rendered {
            bytes,
            files: Vec::new(),
            pages: None,
            warnings: Vec::new(),
        })
    }
}

const STYLES: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const NUMBERING: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering";
const FOOTNOTES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes";
const SETTINGS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings";

fn relationship(r: &wml::Relationship) -> minijinja::Value {
    context! { id => &r.id, kind => r.kind, target => &r.target, external => r.external }
}

fn media_type(ext: &str) -> &'static str {
    match ext {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        _ => "application/octet-stream",
    }
}

/// Whether the house style sets references with a hanging indent (the first piece's says).
fn hanging(publication: Publication) -> bool {
    match publication {
        Publication::Explainer(piece) => piece.back.hanging,
        Publication::Book(book) => book.chapters.iter().any(|c| c.piece.back.hanging),
        Publication::Site(_) => false,
    }
}

/// The family Word sets the file's complex-script text in (Arabic script, the scripts of South
/// Asia): the first of the brand's fallbacks its text needs, when the body font lacks a script.
fn cs_font(cx: &Context, xml: &str) -> Option<String> {
    super::html::fonts::fallbacks_for(cx.engine, xml, cx.brand)
        .into_iter()
        .next()
        .map(str::to_string)
}

/// The page: the reference document's last section, or the brand's paper with 2.5 cm margins.
fn section(cx: &Context, reference: Option<&Reference>, rtl: bool) -> String {
    if let Some(section) = reference.and_then(|r| r.section.clone()) {
        return section;
    }
    let paper: typst::layout::Paper = cx
        .brand
        .brand
        .page
        .size
        .parse()
        .unwrap_or(typst::layout::Paper::A4);
    let twips = |pt: f64| (pt * 20.0).round() as i64;
    let (w, h) = (twips(paper.width().to_pt()), twips(paper.height().to_pt()));
    format!(
        "<w:sectPr><w:pgSz w:w=\"{w}\" w:h=\"{h}\"/><w:pgMar w:top=\"1418\" w:right=\"1418\" w:bottom=\"1418\" w:left=\"1418\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>{}</w:sectPr>",
        if rtl { "<w:bidi/>" } else { "" }
    )
}

/// What `docx/explainer-body.xml` needs to show one piece, its body written into `package`;
/// `book_lang` is the book's language when the piece is a chapter of one.
fn piece_context(
    piece: &Piece,
    cx: &Context,
    package: &mut Package,
    book_lang: Option<&str>,
) -> minijinja::Value {
    let Piece {
        doc,
        back,
        masthead,
        labels,
        prefix,
        ..
    } = piece;
    let chapter = book_lang.is_some();
    let assets: &[crate::model::Asset] = &doc.assets;
    let mut emit = Emitter::new(package, labels, &doc.footnotes, assets);
    emit.prefix = prefix.clone();
    emit.citations = &back.citations;
    emit.heading_base = if chapter { 3 } else { 2 };
    // Every text the piece shows, for the families its scripts need.
    let text = [
        serde_json::to_string(doc),
        serde_json::to_string(back),
        serde_json::to_string(masthead),
    ]
    .map(Result::unwrap_or_default)
    .concat();
    let fonts = super::html::fonts::fallback_of_chars(cx.engine, &text, cx.brand);
    emit.script = Script {
        lang: book_lang
            .filter(|tag| *tag != doc.lang.tag)
            .map(|_| doc.lang.tag.clone()),
        rtl: doc.lang.dir == "rtl",
        cs_font: super::html::fonts::in_brand_order(cx.brand, fonts.values().copied())
            .first()
            .map(|f| f.to_string()),
        fonts: fonts
            .into_iter()
            .map(|(c, family)| (c, family.to_string()))
            .collect(),
    };
    let hero = doc
        .image
        .as_ref()
        .map(|img| emit.figure(&img.path, img.alt.as_deref().unwrap_or_default()));
    let lede = emit.styled_blocks(&doc.lede, "Lede");
    let numbered = cx.brand.brand.page.number_sections;
    let sections: Vec<minijinja::Value> = doc
        .sections
        .iter()
        .map(|s| {
            let mut title = String::new();
            if numbered {
                title.push_str(&emit.plain(&format!("{}. ", s.number)));
            }
            title.push_str(&emit.inlines(&s.title));
            let title = emit.bookmarked(&s.id, &title);
            let body = emit.blocks(&s.blocks);
            context! { title => title, body => body }
        })
        .collect();
    let mut bios = Vec::new();
    for a in &back.bios {
        let name = &a.author.name;
        match &a.bio_rest {
            Some(rest) => bios.push(emit.bold(name) + &emit.plain(rest)),
            None => {
                let mut line = emit.bold(name);
                if let Some(aff) = &a.author.affiliation {
                    line.push_str(&emit.plain(&format!(" · {aff}")));
                }
                bios.push(line);
                if let Some(bio) = &a.author.bio {
                    bios.push(emit.plain(bio));
                }
            }
        }
        let mut contact = String::new();
        if let Some(email) = &a.author.email {
            contact.push_str(&emit.link(&format!("mailto:{email}"), email));
        }
        if let Some(orcid) = &a.author.orcid {
            if !contact.is_empty() {
                contact.push_str(&emit.plain(" · "));
            }
            contact.push_str(&emit.link(
                &format!("https://orcid.org/{orcid}"),
                &format!("ORCID {orcid}"),
            ));
        }
        if !contact.is_empty() {
            bios.push(contact);
        }
    }
    let references: Vec<String> = back
        .references
        .iter()
        .map(|r| {
            let mut runs = String::new();
            if let Some(label) = &r.label {
                runs.push_str(&emit.plain(&format!("{label}\t")));
            }
            runs.push_str(&emit.inlines(&r.content));
            emit.bookmarked(&format!("{prefix}{}", r.id), &runs)
        })
        .collect();
    let cite_as =
        (cx.brand.brand.page.cite_as && !chapter && !masthead.cite_as.is_empty()).then(|| {
            emit.bold(&format!("{}{}", labels.cite_as, labels.colon))
                + &emit.inlines(&masthead.cite_as)
        });
    let title_xml = {
        let runs = emit.plain(&doc.title);
        emit.bookmarked(&format!("{prefix}title"), &runs)
    };
    let rpr = emit.plain_rpr();
    let bidi = if emit.script.rtl { "<w:bidi/>" } else { "" };
    context! {
        doc => v(doc),
        labels => v(labels),
        back => v(back),
        brand => v(&cx.brand.brand),
        byline => &masthead.byline,
        series_label => &masthead.series_label,
        long_date => &masthead.long_date,
        hero => hero,
        lede => lede,
        sections => sections,
        bios => bios,
        references => references,
        cite_as => cite_as,
        title_xml => title_xml,
        title_runs => emit.plain(&doc.title),
        subtitle_runs => doc.subtitle.as_deref().map(|t| emit.plain(t)),
        byline_runs => emit.plain(&masthead.byline),
        chapter => chapter,
        level => u8::from(chapter),
        outline => if chapter { "<w:outlineLvl w:val=\"1\"/>" } else { "" },
        rpr => rpr,
        bidi => bidi,
    }
}

/// A book's `word/document.xml`: its chapters each made by the explainer's template in their
/// own language, its own parts by `docx/book.xml`.
fn book_document(
    book: &Book,
    cx: &Context,
    env: &Environment,
    package: &mut Package,
    reference: Option<&Reference>,
) -> Result<String, Vec<Diagnostic>> {
    let labels = &cx.words.labels;
    let rtl = book.lang.dir == "rtl";
    let script = Script {
        lang: None,
        rtl,
        cs_font: None,
        fonts: Default::default(),
    };
    // The foreword, written like a chapter's body.
    let foreword = book.foreword.as_ref().map(|f| {
        let mut emit = Emitter::new(package, labels, &f.footnotes, &book.assets);
        emit.prefix = f.prefix.clone();
        emit.script = script.clone();
        emit.blocks(&f.blocks)
    });
    let mut chapters = Vec::new();
    for ch in &book.chapters {
        let ctx = piece_context(&ch.piece, cx, package, Some(&book.lang.tag));
        let xml = render_template(env, "docx/explainer-body.xml", &ctx)?;
        let emit = Emitter::new(package, labels, &[], &[]);
        let toc = emit.anchor_link(&format!("{}title", ch.piece.prefix), &ch.piece.doc.title);
        chapters.push(context! { xml => xml, toc => toc });
    }
    let mut emit = Emitter::new(package, labels, &[], &book.assets);
    emit.script = script;
    let link = |emit: &Emitter, id: &str| {
        book.chapters
            .iter()
            .find(|c| c.id == id)
            .map(|c| emit.anchor_link(&format!("{}title", c.piece.prefix), &c.piece.doc.title))
            .unwrap_or_default()
    };
    let contributors: Vec<minijinja::Value> = book
        .contributors
        .iter()
        .map(|p| {
            let mut name = emit.bold(&p.name);
            if let Some(aff) = &p.affiliation {
                name.push_str(&emit.plain(&format!(" · {aff}")));
            }
            let chapters: Vec<String> = p.chapters.iter().map(|id| link(&emit, id)).collect();
            context! {
                name => name,
                bio => &p.bio,
                chapters => chapters.join(&emit.plain(&labels.semicolon)),
            }
        })
        .collect();
    let index: Vec<String> = book
        .index
        .iter()
        .map(|e| {
            let links: Vec<String> = e.chapters.iter().map(|id| link(&emit, id)).collect();
            emit.plain(&format!("{}{}", e.sort_name, labels.colon))
                + &links.join(&emit.plain(&labels.semicolon))
        })
        .collect();
    let catalogue = book.catalogue.as_ref().map(|rows| {
        let text = |s: &str| {
            vec![Inline::Text {
                text: s.to_string(),
            }]
        };
        let header = vec![
            text(&labels.col_number),
            text(&labels.col_date),
            text(&labels.col_authors),
            text(&labels.col_title),
        ];
        let rows = rows
            .iter()
            .map(|r| {
                let title = match r
                    .chapter
                    .as_ref()
                    .and_then(|id| book.chapters.iter().find(|c| &c.id == id))
                {
                    Some(ch) => vec![Inline::Xref {
                        target: format!("{}title", ch.piece.prefix),
                        content: text(&r.title),
                    }],
                    None => vec![
                        Inline::Text {
                            text: format!("{} ", r.title),
                        },
                        Inline::Emph {
                            content: text(&format!("({})", labels.not_included)),
                        },
                    ],
                };
                vec![
                    text(&r.number.map(|n| n.to_string()).unwrap_or_default()),
                    text(&r.date),
                    text(&r.authors),
                    title,
                ]
            })
            .collect();
        emit.blocks(&[Block::Table {
            align: Vec::new(),
            header,
            rows,
        }])
    });
    let mut imprint_title = emit.bold(&book.title);
    if let Some(sub) = &book.subtitle {
        imprint_title.push_str(&emit.plain(&format!(" — {sub}")));
    }
    let ctx = context! {
        book => v(book),
        brand => v(&cx.brand.brand),
        labels => v(labels),
        rpr => emit.plain_rpr(),
        bidi => if rtl { "<w:bidi/>" } else { "" },
        imprint_title => imprint_title,
        foreword => foreword,
        chapters => chapters,
        contributors => contributors,
        index => index,
        catalogue => catalogue,
        section => section(cx, reference, rtl),
    };
    render_template(env, "docx/book.xml", &ctx)
}

/// Zips the parts in their order, every one dated `date` (the content's, never the clock).
fn zip_package(files: &[(String, Vec<u8>)], date: Date) -> zip::result::ZipResult<Vec<u8>> {
    let year = date.year.clamp(1980, 2107) as u16;
    let when =
        DateTime::from_date_and_time(year, date.month, date.day, 0, 0, 0).unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(when)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
