//! The EPUB 3 backend: the same `Document`, brand and back matter as the PDF, as a reflowable
//! book that EPUBCheck passes without error or warning.
//!
//! Body XHTML comes from folio's own emitter ([`crate::render::html::xhtml`]); the page structure (title page, bio
//! box, references, nav, package document, CSS from the brand) from the minijinja templates in
//! `templates/epub/`, filled by the HTML stage the web edition shares ([`crate::render::html`]:
//! the template data, the fonts, the raster); the cover image from `templates/cover.typ`, laid
//! out by typst and rendered to PNG (or written as SVG, as the brand says). This module adds the
//! packaging: the part files, the package document's data and the container, written with the
//! `zip` crate: `mimetype` first and stored,
//! then every file in a fixed order with the explainer's date as timestamp, so two builds are
//! byte-identical. (epub-builder 0.8 was not used: it writes duplicate `epub-creator-0` ids,
//! leaves metadata unescaped and cannot express series or accessibility metadata.)

/// The emitter's old place, kept for callers that name it here.
pub use super::html::xhtml;

use std::io::{Cursor, Write};

use minijinja::value::merge_maps;
use minijinja::{Environment, context};
use serde::Serialize;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::html::fonts::{FONT_LICENCES, FontFile, font_licences, fonts_for, subset_fonts};
use super::html::raster::page_png;
use super::html::{
    Markup, alt_warnings, book_context, environment, explainer_context, has_code, render_template,
    subset, v,
};
use super::{Backend, Context, Layout, Pages, Publication, Rendered, layout, typst};
use crate::brand::CoverFormat;
use crate::diag::Diagnostic;
use crate::model::{Asset, Date, Words};

/// Pixels per typst point for the cover (400 × 640 pt → 1400 × 2240 px).
const COVER_SCALE: f64 = 3.5;

#[derive(Serialize)]
struct ManifestItem {
    id: String,
    href: String,
    media_type: &'static str,
}

#[derive(Serialize)]
struct Accessibility {
    access_modes: Vec<&'static str>,
    sufficient: Vec<&'static str>,
    features: Vec<&'static str>,
    summary: String,
    conforms: bool,
}

/// An image's href in the book, from its virtual path (`/assets/x` → `images/x`).
fn image_href(path: &str) -> String {
    format!("images/{}", path.trim_start_matches("/assets/"))
}

/// The EPUB's markup.
const EPUB_MARKUP: Markup<'static> = Markup {
    epub: true,
    image_href: &image_href,
    depth: 0,
};

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
        let env = environment(cx)?;
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
        part_files(publication, cx, shared, env, &mut files)?;
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

/// A file of the EPUB, under `OEBPS/`: the key templates name it by (`parts.nav` is its file
/// name, `ids.nav` its id in the package document) and the template that writes it for an
/// explainer and for a book (`None`: that publication has no such part). Written in this
/// order; a book's chapters come at `chapters`.
struct Part {
    key: &'static str,
    file: &'static str,
    id: &'static str,
    explainer: Option<&'static str>,
    book: Option<&'static str>,
}

#[rustfmt::skip]
const PARTS: &[Part] = &[
    Part { key: "package", file: "package.opf", id: "package", explainer: Some("epub/package.opf"), book: Some("epub/book-package.opf") },
    Part { key: "nav", file: "nav.xhtml", id: "nav", explainer: Some("epub/nav.xhtml"), book: Some("epub/book-nav.xhtml") },
    Part { key: "cover", file: "cover.xhtml", id: "cover", explainer: Some("epub/cover.xhtml"), book: Some("epub/book-cover.xhtml") },
    Part { key: "content", file: "content.xhtml", id: "content", explainer: Some("epub/content.xhtml"), book: None },
    Part { key: "title", file: "title.xhtml", id: "title-page", explainer: None, book: Some("epub/book-title.xhtml") },
    Part { key: "foreword", file: "foreword.xhtml", id: "foreword", explainer: None, book: Some("epub/book-foreword.xhtml") },
    Part { key: "chapters", file: "", id: "", explainer: None, book: Some("epub/content.xhtml") },
    Part { key: "contributors", file: "contributors.xhtml", id: "contributors", explainer: None, book: Some("epub/book-contributors.xhtml") },
    Part { key: "index", file: "author-index.xhtml", id: "author-index", explainer: None, book: Some("epub/book-index.xhtml") },
    Part { key: "catalogue", file: "catalogue.xhtml", id: "catalogue", explainer: None, book: Some("epub/book-catalogue.xhtml") },
    Part { key: "css", file: "style.css", id: "css", explainer: Some("epub/style.css"), book: Some("epub/style.css") },
];

/// A book's chapter's file (its id is the chapter's).
fn chapter_file(id: &str) -> String {
    format!("{id}.xhtml")
}

/// The parts' file names and ids as template data (`parts`, `ids`).
fn parts_data() -> (minijinja::Value, minijinja::Value) {
    let named = |f: fn(&Part) -> &'static str| {
        let map: std::collections::BTreeMap<&str, &str> = PARTS
            .iter()
            .filter(|p| !p.file.is_empty())
            .map(|p| (p.key, f(p)))
            .collect();
        v(map)
    };
    (named(|p| p.file), named(|p| p.id))
}

/// Every part of the EPUB of `publication`, rendered from its templates in [`PARTS`]' order:
/// an explainer's package document, nav, cover page, content document and stylesheet; a
/// book's package document, nav, cover, title page, foreword, chapters (each made by the
/// explainer's own template in its own language, with ids prefixed `ch-N-`), contributors,
/// author index, catalogue and stylesheet.
fn part_files(
    publication: Publication,
    cx: &Context,
    shared: minijinja::Value,
    env: &Environment,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), Vec<Diagnostic>> {
    let (parts, ids) = parts_data();
    let shared = context! { parts => &parts, ids => ids, ..shared };
    let ctx = match publication {
        Publication::Explainer(piece) => {
            let doc = &piece.doc;
            context! {
                identifier => publication.urn(&cx.brand.brand.publisher.name),
                description => doc.summary.clone().or_else(|| doc.subtitle.clone()),
                ..merge_maps([explainer_context(piece, &EPUB_MARKUP), shared])
            }
        }
        Publication::Book(book) => {
            book_context(book, cx, &EPUB_MARKUP, shared, parts, &chapter_file)
        }
        Publication::Site(site) => return Err(vec![super::web_only(site, "written")]),
    };
    let mut add = |name: &str, template: &str, ctx: &minijinja::Value| {
        let text = render_template(env, template, ctx)?;
        files.push((format!("OEBPS/{name}"), text.into_bytes()));
        Ok::<(), Vec<Diagnostic>>(())
    };
    for part in PARTS {
        let template = match publication {
            Publication::Book(_) => part.book,
            _ => part.explainer,
        };
        let Some(template) = template else { continue };
        match (part.key, publication) {
            ("foreword", Publication::Book(book)) if book.foreword.is_none() => {}
            ("catalogue", Publication::Book(book)) if book.catalogue.is_none() => {}
            ("chapters", Publication::Book(book)) => {
                let chapters = ctx.get_attr("chapters").unwrap_or_default();
                let each = chapters.try_iter().into_iter().flatten();
                for (ch, chapter_ctx) in book.chapters.iter().zip(each) {
                    add(&chapter_file(&ch.id), template, &chapter_ctx)?;
                }
            }
            _ => add(part.file, template, &ctx)?,
        }
    }
    Ok(())
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

const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"#;

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
