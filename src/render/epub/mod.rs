//! The EPUB 3 backend: the same `Document`, brand and back matter as the PDF, as a reflowable
//! book that EPUBCheck passes without error or warning.
//!
//! Body XHTML comes from folio's own emitter ([`xhtml`]); the page structure (title page, bio
//! box, references, nav, package document, CSS from the brand) from the minijinja templates in
//! `templates/epub/`; the cover image from `templates/cover.typ`, laid out by typst and
//! rendered to PNG (or written as SVG, as the brand says). The container is written with the `zip` crate: `mimetype` first and stored,
//! then every file in a fixed order with the explainer's date as timestamp, so two builds are
//! byte-identical. (epub-builder 0.8 was not used: it writes duplicate `epub-creator-0` ids,
//! leaves metadata unescaped and cannot express series or accessibility metadata.)

pub(super) mod subset;
pub mod xhtml;

use std::io::{Cursor, Write};

use ::typst::text::FontStyle;
use minijinja::value::merge_maps;
use minijinja::{AutoEscape, Environment, context};
use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{Backend, Context, Layout, Pages, Publication, Rendered, layout, typst};
use crate::brand::{CoverFormat, LoadedBrand};
use crate::diag::Diagnostic;
use crate::model::{
    Asset, BackMatter, Block, Book, Date, Document, Footnote, Inline, Labels, Masthead, Piece,
    Words,
};

/// Pixels per typst point for the cover (400 × 640 pt → 1400 × 2240 px).
const COVER_SCALE: f64 = 3.5;

#[derive(Serialize)]
struct Section {
    id: String,
    number: usize,
    title: String,
    title_text: String,
    body: String,
}

#[derive(Serialize)]
struct Note {
    id: String,
    number: usize,
    body: String,
}

#[derive(Serialize)]
struct Hero {
    href: String,
    alt: String,
    credit: Option<String>,
}

#[derive(Serialize)]
struct ManifestItem {
    id: String,
    href: String,
    media_type: &'static str,
}

#[derive(Serialize)]
pub(super) struct FontFile {
    id: String,
    pub href: String,
    media_type: &'static str,
    family: String,
    weight: u16,
    style: &'static str,
    /// The whole font; the EPUB carries its subset.
    #[serde(skip)]
    pub font: ::typst::text::Font,
}

#[derive(Serialize)]
struct Accessibility {
    access_modes: Vec<&'static str>,
    sufficient: Vec<&'static str>,
    features: Vec<&'static str>,
    summary: String,
    conforms: bool,
}

/// Warnings for images without alt text.
pub(super) fn alt_warnings(doc: &Document) -> Vec<Diagnostic> {
    doc.images()
        .iter()
        .filter(|(_, alt)| alt.is_none())
        .map(|(path, _)| {
            let name = doc.asset_source(path).unwrap_or(path);
            Diagnostic::warning(
                &doc.source_path,
                0,
                0,
                format!("image `{name}` has no alt text"),
            )
            .with_help(
                "describe the image for readers who cannot see it: `![what it shows](file.png)`",
            )
        })
        .collect()
}

/// An image's href in the book, from its virtual path (`/assets/x` → `images/x`).
fn image_href(path: &str) -> String {
    format!("images/{}", path.trim_start_matches("/assets/"))
}

/// `value` as template data.
pub(super) fn v<T: Serialize>(x: T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(x))
}

/// The body emitter for one content document: ids prefixed with `prefix`, figures labelled with
/// the brand's word, `##` sections at `section_level`.
fn emitter<'a>(
    labels: &'a Labels,
    notes: usize,
    section_level: u8,
    prefix: &str,
    markup: &Markup<'a>,
) -> xhtml::Emitter<'a> {
    let mut emit = xhtml::Emitter::new(markup.image_href, labels, notes, section_level);
    emit.id_prefix = prefix.to_string();
    emit.epub = markup.epub;
    emit
}

/// Which markup an explainer's page is written for: the EPUB's (`epub:type` attributes,
/// images under `images/`, a book's parts in files of their own) or the web edition's (HTML,
/// images where `image_href` says, a book on one page).
pub(super) struct Markup<'a> {
    pub epub: bool,
    pub image_href: &'a dyn Fn(&str) -> String,
    /// How many levels below a page of its own an explainer's headings sit: 0, or 1 for a
    /// chapter of the web edition's one-page book (its title an `h2`).
    pub depth: u8,
}

/// The EPUB's markup.
const EPUB_MARKUP: Markup<'static> = Markup {
    epub: true,
    image_href: &image_href,
    depth: 0,
};

/// Footnotes as XHTML, their ids prefixed with `prefix`.
fn notes(emit: &mut xhtml::Emitter, footnotes: &[Footnote], prefix: &str) -> Vec<Note> {
    footnotes
        .iter()
        .map(|n| Note {
            id: format!("{prefix}{}", n.id),
            number: n.number,
            body: emit.blocks(&n.blocks),
        })
        .collect()
}

/// One entry of the reference list as XHTML, with its anchor and its margin label (`[1]`).
#[derive(Serialize)]
struct EntryMarkup {
    id: String,
    label: Option<String>,
    body: String,
}

/// What `epub/content.xhtml` needs to show one explainer: its data, back matter, masthead and
/// body XHTML, in its own language. `prefix` starts every id it writes (empty alone; `ch-N-`
/// in a book).
pub(super) fn explainer_context(
    doc: &Document,
    back: &BackMatter,
    masthead: &Masthead,
    labels: &Labels,
    prefix: &str,
    markup: &Markup,
) -> minijinja::Value {
    let mut emit = emitter(
        labels,
        doc.footnotes.len(),
        2 + markup.depth,
        prefix,
        markup,
    );
    emit.citations = &back.citations;
    let lede = emit.blocks(&doc.lede);
    let sections: Vec<Section> = doc
        .sections
        .iter()
        .map(|s| Section {
            id: format!("{prefix}{}", s.id),
            number: s.number,
            title: emit.inlines(&s.title),
            title_text: s.title_text.clone(),
            body: emit.blocks(&s.blocks),
        })
        .collect();
    let notes = notes(&mut emit, &doc.footnotes, prefix);
    let references: Vec<EntryMarkup> = back
        .references
        .iter()
        .map(|r| EntryMarkup {
            id: format!("{prefix}{}", r.id),
            label: r.label.clone(),
            body: emit.inlines(&r.content),
        })
        .collect();
    let hero = doc.image.as_ref().map(|img| Hero {
        href: (markup.image_href)(&img.path),
        alt: img.alt.clone().unwrap_or_default(),
        credit: img.credit.clone(),
    });
    context! {
        doc => v(doc),
        labels => v(labels),
        back => v(back),
        byline => &masthead.byline,
        series_label => &masthead.series_label,
        long_date => &masthead.long_date,
        lede => lede,
        sections => v(&sections),
        notes => v(&notes),
        references => v(&references),
        hero => v(&hero),
        prefix => prefix,
        epub => markup.epub,
        depth => markup.depth,
    }
}

/// Manifest items for images, numbered from `first`.
fn manifest_images(assets: &[Asset]) -> Vec<ManifestItem> {
    assets
        .iter()
        .enumerate()
        .map(|(i, a)| ManifestItem {
            id: format!("image-{}", i + 1),
            href: image_href(&a.path),
            media_type: a.format.media_type(),
        })
        .collect()
}

/// Renders the named templates of `env` with `ctx`.
pub(super) fn render_template(
    env: &Environment,
    name: &str,
    ctx: &minijinja::Value,
) -> Result<String, Vec<Diagnostic>> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| vec![template_error(name, &e)])
}

/// The EPUB 3 of an explainer (cover, one content document, nav) or of a book (cover, title
/// page and imprint, contents, foreword, one content document per chapter, contributors, author
/// index and, for the annual, the catalogue), packaged the same way.
pub struct Epub;

impl Backend for Epub {
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        let docs = publication.documents();
        let warnings: Vec<Diagnostic> = docs.iter().flat_map(|d| alt_warnings(d)).collect();
        let images = publication.images();
        let all_alt = images.iter().all(|(_, alt)| *alt);
        let a11y = accessibility(!images.is_empty(), all_alt, cx.words);
        let manifest_images = manifest_images(publication.assets());
        // Every word it prints (a book's chapters included), for the fonts it needs.
        let text = match publication {
            Publication::Explainer(piece) => serde_json::to_string(&piece.doc),
            Publication::Book(book) => serde_json::to_string(book),
            Publication::Site(site) => return Err(vec![super::web_only(site, "written")]),
        }
        .unwrap_or_default();
        let fonts = fonts_for(cx.engine, &text, docs.iter().any(|d| has_code(d)), cx.brand);
        let licences = font_licences(&fonts);
        let cover_format = cx.brand.brand.epub.cover;
        let cover_file = CoverFile::of(cover_format);
        let env = environment(cx.engine)?;
        let shared = context! {
            brand => v(&cx.brand.brand),
            labels => v(cx.words),
            images => v(&manifest_images),
            fonts => v(&fonts),
            font_licences => licences.as_ref().map(|_| FONT_LICENCES),
            cover => v(&cover_file),
            modified => format!("{}T00:00:00Z", publication.date()),
            a11y => v(&a11y),
        };
        let mut files: Vec<(String, Vec<u8>)> = vec![(
            "META-INF/container.xml".into(),
            CONTAINER.as_bytes().to_vec(),
        )];
        let ctx = match publication {
            Publication::Explainer(piece) => explainer_files(piece, cx, shared, &env, &mut files)?,
            Publication::Book(book) => book_files(book, cx, shared, &env, &mut files)?,
            Publication::Site(site) => return Err(vec![super::web_only(site, "written")]),
        };
        files.push((
            "OEBPS/style.css".into(),
            render_template(&env, "epub/style.css", &ctx)?.into_bytes(),
        ));
        let cover = layout(
            publication,
            cx,
            Layout {
                format: Pages::Cover,
                multiple: None,
            },
        )?;
        files.push((
            format!("OEBPS/{}", cover_file.href),
            cover_image(cover, cover_format, publication.origin())?,
        ));
        for (item, asset) in manifest_images.iter().zip(publication.assets()) {
            files.push((format!("OEBPS/{}", item.href), asset.bytes.clone()));
        }
        if let Some(licences) = licences {
            files.push((format!("OEBPS/{FONT_LICENCES}"), licences.into_bytes()));
        }
        let bytes = package(files, &fonts, publication.date(), publication.origin())?;
        Ok(Rendered {
            files: Vec::new(),
            bytes,
            pages: None,
            warnings,
        })
    }
}

/// An explainer's package document, nav, cover page and content document; returns the
/// template data they were made with.
fn explainer_files(
    piece: &Piece,
    cx: &Context,
    shared: minijinja::Value,
    env: &Environment,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<minijinja::Value, Vec<Diagnostic>> {
    let doc = &piece.doc;
    let ctx = context! {
        identifier => Publication::Explainer(piece).urn(&cx.brand.brand.publisher.name),
        description => doc.summary.clone().or_else(|| doc.subtitle.clone()),
        ..merge_maps([explainer_context(doc, &piece.back, &piece.masthead, &cx.words.labels, "", &EPUB_MARKUP), shared])
    };
    for (name, template) in [
        ("package.opf", "epub/package.opf"),
        ("nav.xhtml", "epub/nav.xhtml"),
        ("cover.xhtml", "epub/cover.xhtml"),
        ("content.xhtml", "epub/content.xhtml"),
    ] {
        let text = render_template(env, template, &ctx)?;
        files.push((format!("OEBPS/{name}"), text.into_bytes()));
    }
    Ok(ctx)
}

/// A book's package document, nav, cover, title page, foreword, chapters (each made by the
/// explainer's own template in its own language, with ids prefixed `ch-N-`) and back matter;
/// returns the template data they were made with.
fn book_files(
    book: &Book,
    cx: &Context,
    shared: minijinja::Value,
    env: &Environment,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<minijinja::Value, Vec<Diagnostic>> {
    let ctx = book_context(book, cx, &EPUB_MARKUP, shared);
    let mut add = |name: &str, template: &str, ctx: &minijinja::Value| {
        let text = render_template(env, template, ctx)?;
        files.push((format!("OEBPS/{name}"), text.into_bytes()));
        Ok::<(), Vec<Diagnostic>>(())
    };
    add("package.opf", "epub/book-package.opf", &ctx)?;
    add("nav.xhtml", "epub/book-nav.xhtml", &ctx)?;
    add("cover.xhtml", "epub/book-cover.xhtml", &ctx)?;
    add("title.xhtml", "epub/book-title.xhtml", &ctx)?;
    if book.foreword.is_some() {
        add("foreword.xhtml", "epub/book-foreword.xhtml", &ctx)?;
    }
    let chapters = ctx.get_attr("chapters").unwrap_or_default();
    for (ch, chapter_ctx) in book
        .chapters
        .iter()
        .zip(chapters.try_iter().into_iter().flatten())
    {
        add(
            &format!("{}.xhtml", ch.id),
            "epub/content.xhtml",
            &chapter_ctx,
        )?;
    }
    add("contributors.xhtml", "epub/book-contributors.xhtml", &ctx)?;
    add("author-index.xhtml", "epub/book-index.xhtml", &ctx)?;
    if book.catalogue.is_some() {
        add("catalogue.xhtml", "epub/book-catalogue.xhtml", &ctx)?;
    }
    Ok(ctx)
}

/// What the book's templates see (`book`, `chapters`, `foreword`, `parts`, `level`…) with
/// `shared` beneath it. Written for `markup`: the EPUB's parts are files of their own, each
/// headed by an `h1`; the web edition's are sections of one page, headed by an `h2`, their
/// addresses anchors on it.
pub(super) fn book_context(
    book: &Book,
    cx: &Context,
    markup: &Markup,
    shared: minijinja::Value,
) -> minijinja::Value {
    let one_page = !markup.epub;
    // The foreword's body and notes, emitted like a chapter's.
    let foreword = book.foreword.as_ref().map(|f| {
        let mut emit = emitter(
            &cx.words.labels,
            f.footnotes.len(),
            1 + u8::from(one_page),
            "foreword-",
            markup,
        );
        let body = emit.blocks(&f.blocks);
        let notes = notes(&mut emit, &f.footnotes, "foreword-");
        context! { body => body, notes => v(&notes) }
    });
    let chapters: Vec<minijinja::Value> = book
        .chapters
        .iter()
        .map(|ch| {
            let prefix = format!("{}-", ch.id);
            context! {
                id => &ch.id,
                href => if one_page { String::new() } else { format!("{}.xhtml", ch.id) },
                ..merge_maps([
                    explainer_context(&ch.doc, &ch.back, &ch.masthead, &ch.labels, &prefix, markup),
                    shared.clone(),
                ])
            }
        })
        .collect();
    let parts = if one_page {
        context! {
            foreword => "#foreword",
            contributors => "#contributors",
            index => "#author-index",
            catalogue => "#catalogue",
        }
    } else {
        context! {
            foreword => "foreword.xhtml",
            contributors => "contributors.xhtml",
            index => "author-index.xhtml",
            catalogue => "catalogue.xhtml",
        }
    };
    context! {
        book => v(book),
        chapters => chapters,
        foreword => foreword,
        parts => parts,
        level => 1 + u8::from(one_page),
        epub => markup.epub,
        identifier => Publication::Book(book).urn(&cx.brand.brand.publisher.name),
        site => cx.brand.brand.publisher.url.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.").trim_end_matches('/'),
        ..shared
    }
}

/// Zips `files` and the subsets of `fonts` their text needs into an EPUB container dated
/// `date`.
fn package(
    files: Vec<(String, Vec<u8>)>,
    fonts: &[FontFile],
    date: Date,
    origin: &std::path::Path,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let text = |suffix: &'static str| {
        files
            .iter()
            .filter(move |(name, _)| name.ends_with(suffix))
            .filter_map(|(_, bytes)| std::str::from_utf8(bytes).ok())
    };
    let chars = subset::characters(text(".xhtml").chain(text(".css")));
    let features: std::collections::BTreeSet<[u8; 4]> =
        text(".css").flat_map(subset::requested_features).collect();
    let mut files = files;
    for (href, bytes) in subset_fonts(fonts, &chars, &features) {
        files.push((format!("OEBPS/{href}"), bytes));
    }
    zip_container(&files, date).map_err(|e| {
        vec![Diagnostic::error(
            origin,
            0,
            0,
            format!("cannot write the EPUB container: {e}"),
        )]
    })
}

/// Each of `fonts` cut to `chars` and the glyphs the default and `features` reach, by its
/// href. A font HarfBuzz cannot subset goes in whole: bigger, never wrong.
pub(super) fn subset_fonts(
    fonts: &[FontFile],
    chars: &std::collections::BTreeSet<char>,
    features: &std::collections::BTreeSet<[u8; 4]>,
) -> Vec<(String, Vec<u8>)> {
    fonts
        .iter()
        .map(|f| {
            let bytes = subset::subset(f.font.data(), f.font.index(), chars, features)
                .unwrap_or_else(|| f.font.data().to_vec());
            (f.href.clone(), bytes)
        })
        .collect()
}

/// Whether the explainer shows code (so the book embeds the mono font).
pub(super) fn has_code(doc: &Document) -> bool {
    doc.all_blocks().any(|b| {
        let mut code = matches!(b, Block::Code { .. });
        b.for_each_inline(&mut |i| code |= matches!(i, Inline::Code { .. }));
        code
    })
}

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#;

/// The minijinja environment over the EPUB templates (embedded or overridden), escaping every
/// value for XML unless a template marks it `safe` (only emitter output is).
pub(super) fn environment(engine: &typst::Engine) -> Result<Environment<'static>, Vec<Diagnostic>> {
    let mut env = Environment::new();
    // CSS gets only brand values, which brand.rs validates (colours, family names); every XML
    // template escapes.
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".css") {
            AutoEscape::None
        } else {
            AutoEscape::Html
        }
    });
    // XML escaping for text (`& < > " '`): minijinja's HTML rules also write every `/` as
    // `&#x2f;`, which is valid but makes every address three times longer and unreadable.
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(text) if !value.is_safe() && *state.auto_escape() == AutoEscape::Html => out
            .write_str(&xhtml::escape(text))
            .map_err(minijinja::Error::from),
        _ => minijinja::escape_formatter(out, state, value),
    });
    // Every template under `epub/` and `web/` (embedded, or from a --templates folder's).
    let names = [".xhtml", ".opf", ".css", ".html", ".xml"];
    for (name, bytes) in engine.templates().files().filter(|(n, _)| {
        (n.starts_with("epub/") || n.starts_with("web/")) && names.iter().any(|e| n.ends_with(e))
    }) {
        let source = std::str::from_utf8(bytes).map_err(|_| {
            vec![Diagnostic::error(
                std::path::Path::new("templates").join(name).as_path(),
                0,
                0,
                "template is not UTF-8",
            )]
        })?;
        env.add_template_owned(name.to_string(), source.to_string())
            .map_err(|e| vec![template_error(name, &e)])?;
    }
    Ok(env)
}

fn template_error(name: &str, e: &minijinja::Error) -> Diagnostic {
    Diagnostic::error(
        std::path::Path::new("templates").join(name).as_path(),
        e.line().unwrap_or(0),
        0,
        e.to_string(),
    )
}

fn accessibility(has_images: bool, all_alt: bool, words: &Words) -> Accessibility {
    let labels = &words.labels;
    let mut access_modes = vec!["textual"];
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if has_images {
        access_modes.push("visual");
        if all_alt {
            features.push("alternativeText");
        }
    }
    let sufficient = if all_alt {
        vec!["textual"]
    } else {
        vec!["textual,visual"]
    };
    let summary = if !has_images {
        labels.a11y_text_only.clone()
    } else if all_alt {
        labels.a11y_all_alt.clone()
    } else {
        labels.a11y_some_alt.clone()
    };
    Accessibility {
        access_modes,
        sufficient,
        features,
        summary,
        conforms: all_alt,
    }
}

/// The fonts the CSS names: body and heading families in every style, the mono family when the
/// explainer has code, and a fallback family when its text needs that script.
pub(super) fn fonts_for(
    engine: &typst::Engine,
    text: &str,
    has_code: bool,
    brand: &LoadedBrand,
) -> Vec<FontFile> {
    let f = &brand.brand.fonts;
    let mut families: Vec<&str> = vec![&f.body, &f.heading];
    if has_code {
        families.push(&f.mono);
    }
    // Each character the body font lacks needs the first fallback family that has it, as a
    // reading system's font fallback (and typst's) picks it; only those families are embedded.
    let covers = |family: &str, c: char| {
        engine
            .fonts_of(family)
            .iter()
            .any(|font| font.info().coverage.contains(c as u32))
    };
    let mut lacking: Vec<char> = text
        .chars()
        .filter(|&c| !c.is_ascii() && !c.is_whitespace() && !covers(&f.body, c))
        .collect();
    lacking.sort_unstable();
    lacking.dedup();
    let mut needed = vec![false; f.fallback.len()];
    for c in lacking {
        if let Some(i) = f.fallback.iter().position(|family| covers(family, c)) {
            needed[i] = true;
        }
    }
    for (fallback, needed) in f.fallback.iter().zip(needed) {
        if needed {
            families.push(fallback);
        }
    }
    families.dedup();
    let mut out = Vec::new();
    for family in families {
        for font in engine.fonts_of(family) {
            // Colour bitmap fonts (emoji) are megabytes and reading systems bring their own.
            if has_table(font, b"CBDT") || has_table(font, b"sbix") {
                continue;
            }
            let info = font.info();
            let (ext, media_type) = if has_table(font, b"CFF ") || has_table(font, b"CFF2") {
                ("otf", "font/otf")
            } else {
                ("ttf", "font/ttf")
            };
            let style = match info.variant.style {
                FontStyle::Normal => "normal",
                FontStyle::Italic => "italic",
                FontStyle::Oblique => "oblique",
            };
            let weight = info.variant.weight.to_number();
            let slug: String = info
                .family
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            let id = format!("font-{}-{weight}-{style}", slug.to_lowercase());
            if out.iter().any(|o: &FontFile| o.id == id) {
                continue;
            }
            out.push(FontFile {
                href: format!("fonts/{slug}-{weight}-{style}.{ext}"),
                id,
                media_type,
                family: info.family.clone(),
                weight,
                style,
                font: font.clone(),
            });
        }
    }
    out
}

/// Where an EPUB keeps the licences of the fonts it embeds.
pub(super) const FONT_LICENCES: &str = "fonts/LICENSES.txt";

/// The licences of `fonts` as one text file, each licence once after the files it covers and
/// their copyright lines; `None` when no font carries one. Subsets leave the licence (name ID
/// 13, the whole OFL in some fonts) to this file, since one copy per book is enough for the OFL
/// ("included as stand-alone text files") and four copies cost the seed's EPUB 10 KB.
pub(super) fn font_licences(fonts: &[FontFile]) -> Option<String> {
    let name = |font: &::typst::text::Font, id: u16| {
        ttf_parser::Face::parse(font.data(), font.index())
            .ok()?
            .names()
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
            .map(|s| s.trim().replace("\r\n", "\n"))
            .filter(|s| !s.is_empty())
    };
    // Licence text → the files under it, in the order the fonts come.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for f in fonts {
        let Some(licence) = name(&f.font, 13) else {
            continue;
        };
        let mut entry = f.href.trim_start_matches("fonts/").to_string();
        if let Some(copyright) = name(&f.font, 0) {
            entry = format!("{entry}\n{copyright}");
        }
        let licence = match name(&f.font, 14) {
            Some(url) if !licence.contains(&url) => format!("{licence}\n{url}"),
            _ => licence,
        };
        match groups.iter_mut().find(|(l, _)| *l == licence) {
            Some((_, files)) => files.push(entry),
            None => groups.push((licence, vec![entry])),
        }
    }
    (!groups.is_empty()).then(|| {
        groups
            .iter()
            .map(|(licence, files)| format!("{}\n\n{licence}\n", files.join("\n\n")))
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

/// Whether `font` (a face of a font file or of a collection) has the table `tag`.
fn has_table(font: &::typst::text::Font, tag: &[u8; 4]) -> bool {
    let data = font.data().as_slice();
    let be32 = |at: usize| {
        data.get(at..at + 4)
            .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    // A collection lists where each face's table directory starts.
    let start = if data.starts_with(b"ttcf") {
        be32(12 + 4 * font.index() as usize)
    } else {
        0
    };
    let count = data
        .get(start + 4..start + 6)
        .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]) as usize);
    (0..count).any(|i| {
        let at = start + 12 + 16 * i;
        data.get(at..at + 4) == Some(tag.as_slice())
    })
}

/// Where the cover image is and what it is.
#[derive(Serialize)]
struct CoverFile {
    href: &'static str,
    media_type: &'static str,
}

impl CoverFile {
    fn of(format: CoverFormat) -> CoverFile {
        match format {
            CoverFormat::Png => CoverFile {
                href: "images/cover.png",
                media_type: "image/png",
            },
            CoverFormat::Svg => CoverFile {
                href: "images/cover.svg",
                media_type: "image/svg+xml",
            },
        }
    }
}

/// A laid-out cover's first page as an image file: rendered to PNG, or written as SVG (glyphs
/// as outlines, so it needs no font; a raster image the cover holds, such as a logo, is
/// embedded in it).
fn cover_image(
    compiled: typst::Compiled,
    format: CoverFormat,
    origin: &std::path::Path,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let page = compiled.document.pages().first().ok_or_else(|| {
        vec![Diagnostic::error(
            std::path::Path::new("templates/cover.typ"),
            0,
            0,
            "the cover template made no page",
        )]
    })?;
    if format == CoverFormat::Svg {
        let svg = typst::guarded(|| typst_svg::svg(page, &typst_svg::SvgOptions::default()))
            .map_err(|msg| vec![typst::internal_error(origin, &msg)])?;
        return Ok(svg.into_bytes());
    }
    page_png(page, COVER_SCALE, origin)
}

/// `page` rendered at `scale` pixels per point, as PNG.
pub(super) fn page_png(
    page: &typst_layout::Page,
    scale: f64,
    origin: &std::path::Path,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: scale.into(),
        ..Default::default()
    };
    let pixmap = typst::guarded(|| typst_render::render(page, &options))
        .map_err(|msg| vec![typst::internal_error(origin, &msg)])?;
    encode_png(&pixmap).map_err(|e| {
        vec![Diagnostic::error(
            origin,
            0,
            0,
            format!("cannot encode an image of the cover: {e}"),
        )]
    })
}

/// The cover as PNG. A designed cover is a few flat colours and the shades antialiasing puts
/// between them: when it has at most [`PALETTE_SOURCE_COLOURS`] colours, it is written with a
/// palette of its 256 most frequent ones (each other pixel takes the nearest of those), a
/// quarter of the bytes of full colour and no visible change; a cover with a photograph keeps
/// full colour.
fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_depth(png::BitDepth::Eight);
    match palette(pixmap.pixels()) {
        Some((colours, indices)) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(
                colours
                    .iter()
                    .flat_map(|c| [c[0], c[1], c[2]])
                    .collect::<Vec<_>>(),
            );
            if colours.iter().any(|c| c[3] < 255) {
                encoder.set_trns(colours.iter().map(|c| c[3]).collect::<Vec<_>>());
            }
            // Palette indices deflate best unfiltered (the "Up" filter: a third more bytes).
            encoder.set_filter(png::Filter::NoFilter);
            let mut writer = encoder.write_header()?;
            writer.write_image_data(&indices)?;
            writer.finish()?;
        }
        None => {
            encoder.set_color(png::ColorType::Rgba);
            // Fast: a full-colour cover is 3 megapixels, and the default level costs ~80 ms more.
            encoder.set_compression(png::Compression::Fast);
            let rgba: Vec<[u8; 4]> = pixmap.pixels().iter().map(straight).collect();
            let mut writer = encoder.write_header()?;
            writer.write_image_data(rgba.as_flattened())?;
            writer.finish()?;
        }
    }
    Ok(out)
}

/// A pixel's colour with its alpha divided out, as PNG stores it.
fn straight(px: &tiny_skia::PremultipliedColorU8) -> [u8; 4] {
    let c = px.demultiply();
    [c.red(), c.green(), c.blue(), c.alpha()]
}

/// Above this many colours an image is taken for a photograph, which a palette would band.
const PALETTE_SOURCE_COLOURS: usize = 4096;

/// A palette of `pixels`' 256 most frequent colours (ties broken by the colour itself, so the
/// same cover gives the same file) and each pixel's index into it, the nearest colour for those
/// not in it; `None` when the pixels have more than [`PALETTE_SOURCE_COLOURS`] colours.
fn palette(pixels: &[tiny_skia::PremultipliedColorU8]) -> Option<(Vec<[u8; 4]>, Vec<u8>)> {
    use std::collections::HashMap;
    // Covers are mostly runs of one colour: scan the pixels once, into runs.
    let mut runs: Vec<([u8; 4], usize)> = Vec::new();
    let mut counts: HashMap<[u8; 4], usize> = HashMap::new();
    for run in pixels.chunk_by(|a, b| a == b) {
        let colour = straight(&run[0]);
        runs.push((colour, run.len()));
        *counts.entry(colour).or_default() += run.len();
        if counts.len() > PALETTE_SOURCE_COLOURS {
            return None;
        }
    }
    let mut by_frequency: Vec<([u8; 4], usize)> = counts.into_iter().collect();
    by_frequency.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let colours: Vec<[u8; 4]> = by_frequency.iter().take(256).map(|(c, _)| *c).collect();
    let distance = |a: &[u8; 4], b: &[u8; 4]| -> u32 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (i32::from(*x) - i32::from(*y)).pow(2) as u32)
            .sum()
    };
    let index: HashMap<[u8; 4], u8> = by_frequency
        .iter()
        .map(|(c, _)| {
            let nearest = (0..colours.len())
                .min_by_key(|&i| distance(c, &colours[i]))
                .unwrap_or(0);
            (*c, nearest as u8)
        })
        .collect();
    let mut indices = Vec::with_capacity(pixels.len());
    for (colour, len) in runs {
        let i = index.get(&colour).copied().unwrap_or(0);
        indices.extend(std::iter::repeat_n(i, len));
    }
    Some((colours, indices))
}

/// Zips the book: `mimetype` first and stored, then `files` deflated, all with the explainer's
/// date as timestamp.
fn zip_container(files: &[(String, Vec<u8>)], date: Date) -> zip::result::ZipResult<Vec<u8>> {
    let year = date.year.clamp(1980, 2107) as u16;
    let when =
        DateTime::from_date_and_time(year, date.month, date.day, 0, 0, 0).unwrap_or_default();
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(when)
        .unix_permissions(0o644);
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    for (name, bytes) in files {
        zip.start_file(name.as_str(), deflated)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
