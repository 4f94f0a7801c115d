//! The web edition: an explainer as one accessible HTML page, from the same `Document`, brand,
//! words and markup as the EPUB (`templates/epub/explainer-body.xhtml`, written by the same
//! emitter), in `templates/web/page.html` with the EPUB's stylesheet and the web's own rules.
//!
//! The page carries what search engines, Google Scholar and Zotero read: Highwire `citation_*`
//! tags, schema.org JSON-LD (a `Report` in its series), Open Graph and Twitter card tags with a
//! card image laid out by typst from the brand (`templates/card.typ`), and a "cite as" line.
//! Its stylesheet, fonts (subset to the page's text, as in the EPUB) and images go under
//! `assets/<stem>/` beside it. Nothing from a source becomes markup or script: every value is
//! escaped by the templates, the JSON-LD is serialised by serde with `<` escaped, and a
//! Content-Security-Policy allows no script at all.

use minijinja::context;
use serde::Serialize;
use serde_json::json;

use super::epub::{self, Markup, subset};
use super::{Backend, Context, Format, Layout, Pages, Publication, Rendered, layout};
use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;
use crate::model::{BackMatter, Document, Masthead, Words};

/// Pixels per typst point for the card image (600 × 315 pt → 1200 × 630 px).
const CARD_SCALE: f64 = 2.0;

/// The web page of one explainer (`--format html`).
pub struct WebPage;

impl Backend for WebPage {
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        let Publication::Explainer(doc) = publication else {
            return Err(vec![Diagnostic::error(
                publication.origin(),
                0,
                0,
                "a book has no web edition yet: build its explainers with --format html, or the series with `folio site`",
            )]);
        };
        let stem = doc
            .source_path
            .file_stem()
            .map_or("output".into(), |s| s.to_string_lossy());
        let downloads: Vec<Download> = cx
            .settings
            .downloads
            .iter()
            .filter(|f| **f != Format::Html)
            .map(|f| {
                let href = href_segment(&format!("{stem}{}", f.suffix()));
                Download::of(*f, &href, cx.words)
            })
            .collect();
        let page = Page {
            assets: format!("assets/{stem}/"),
            assets_href: format!("assets/{}/", href_segment(&stem)),
            base_url: None,
            path: href_segment(&format!("{stem}.html")),
            downloads,
        };
        render_page(doc, cx, &page)
    }
}

/// `name` as one segment of a relative address: what a URL cannot hold as it is (spaces, `#`,
/// `?`, `%`, quotes…) percent-encoded; other characters, any script, kept (HTML takes IRIs).
pub fn href_segment(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric()
            || "-._~!$'()*+,;=@".contains(c)
            || !c.is_ascii() && !c.is_whitespace() && !c.is_control()
        {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Where a page lives and what it links: the folder of its assets (relative to the page),
/// its address under the site's `base_url` (for canonical links, feeds and metadata, which
/// need absolute addresses) and its downloads.
pub struct Page {
    /// The folder of its assets, relative to the page's folder, ending in `/`.
    pub assets: String,
    /// The same as a relative address.
    pub assets_href: String,
    /// The site's address, ending in `/`; `None` outside a site.
    pub base_url: Option<String>,
    /// The page's path under `base_url`.
    pub path: String,
    pub downloads: Vec<Download>,
}

impl Page {
    /// `relative` (from the page's folder) as an absolute address, when the site has one.
    fn absolute(&self, relative: &str) -> Option<String> {
        let base = self.base_url.as_ref()?;
        let folder = self.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let joined = if folder.is_empty() {
            relative.to_string()
        } else {
            format!("{folder}/{relative}")
        };
        Some(format!("{base}{joined}"))
    }
}

/// A file offered beside the page.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    pub label: String,
    /// Relative to the page.
    pub href: String,
    pub media_type: &'static str,
    pub format: &'static str,
}

impl Download {
    pub fn of(format: Format, href: &str, words: &Words) -> Download {
        let l = &words.labels;
        let (label, media_type) = match format {
            Format::Pdf => (&l.edition_pdf, "application/pdf"),
            Format::Epub => (&l.edition_epub, "application/epub+zip"),
            Format::Print => (&l.edition_print, "application/pdf"),
            Format::Html => (&l.edition_pdf, "text/html"),
        };
        Download {
            label: label.clone(),
            href: href.to_string(),
            media_type,
            format: format.name(),
        }
    }
}

/// `doc` as a web page placed as `page` says: the HTML, with its stylesheet, fonts, images and
/// card image as files relative to the page's folder.
pub fn render_page(doc: &Document, cx: &Context, page: &Page) -> Result<Rendered, Vec<Diagnostic>> {
    let warnings = epub::alt_warnings(doc);
    let (assets, href) = (&page.assets, &page.assets_href);
    // An image's address in the page, and its file beside it (a virtual path is folio's own,
    // made of safe characters, so only the folder needs encoding).
    let image_href = |path: &str| format!("{href}images/{}", path.trim_start_matches("/assets/"));
    let image_file = |path: &str| format!("{assets}images/{}", path.trim_start_matches("/assets/"));
    let markup = Markup {
        epub: false,
        image_href: &image_href,
    };
    let back = BackMatter::new(doc, cx.words);
    let masthead = Masthead::new(doc, cx.words);
    let text = serde_json::to_string(doc).unwrap_or_default();
    let fonts = epub::fonts_for(cx.engine, &text, epub::has_code(doc), cx.brand);
    let env = epub::environment(cx.engine)?;
    let card_href = format!("{href}card.png");
    let description = doc
        .summary
        .clone()
        .or_else(|| doc.subtitle.clone())
        .unwrap_or_else(|| doc.title.clone());
    // A folder's index is known by the folder's address.
    let canonical = match page.path.rsplit('/').next().unwrap_or(&page.path) {
        "index.html" => page.absolute(""),
        name => page.absolute(name),
    };
    let card_url = page.absolute(&card_href);
    let pdf_url = page
        .downloads
        .iter()
        .find(|d| d.format == "pdf")
        .map(|d| page.absolute(&d.href).unwrap_or_else(|| d.href.clone()));
    let publisher = &cx.brand.brand.publisher;
    let cite_as = cite_as(
        doc,
        &masthead,
        &publisher.name,
        canonical.as_deref(),
        cx.words,
    );
    let ctx = context! {
        brand => epub::v(&cx.brand.brand),
        labels => epub::v(cx.words),
        fonts => epub::v(&fonts),
        assets => href,
        description => &description,
        canonical => &canonical,
        card => card_url.as_deref().unwrap_or(&card_href),
        meta => epub::v(citation_meta(doc, &publisher.name, pdf_url.as_deref())),
        open_graph => epub::v(open_graph(doc, &description, &publisher.name, canonical.as_deref(), card_url.as_deref())),
        json_ld => json_ld(doc, &description, &publisher.name, &publisher.url, canonical.as_deref(), card_url.as_deref()),
        downloads => epub::v(&page.downloads),
        cite_as => cite_as,
        ..epub::explainer_context(doc, &back, &masthead, &cx.words.labels, "", &markup)
    };
    let html = epub::render_template(&env, "web/page.html", &ctx)?;
    let css = epub::render_template(&env, "web/style.css", &ctx)?;
    // Fonts cut to what this page shows, as in the EPUB.
    let mut files: Vec<(String, Vec<u8>)> = font_files(&fonts, &[&html], &css)
        .into_iter()
        .map(|(name, bytes)| (format!("{assets}{name}"), bytes))
        .collect();
    for asset in &doc.assets {
        files.push((image_file(&asset.path), asset.bytes.clone()));
    }
    let card = layout(
        Publication::Explainer(doc),
        cx,
        Layout {
            format: Pages::Card,
            multiple: None,
        },
    )?;
    if let Some(first) = card.document.pages().first() {
        let png = epub::page_png(first, CARD_SCALE, &doc.source_path)?;
        files.push((format!("{assets}card.png"), png));
    }
    files.push((format!("{assets}style.css"), css.into_bytes()));
    Ok(Rendered {
        bytes: html.into_bytes(),
        files,
        pages: None,
        warnings,
    })
}

/// A `<meta>` tag: its `name` or `property` and its content.
#[derive(Serialize)]
struct Meta {
    key: &'static str,
    content: String,
}

fn meta(key: &'static str, content: impl Into<String>) -> Meta {
    Meta {
        key,
        content: content.into(),
    }
}

/// The Highwire Press tags Google Scholar and Zotero read: a technical report in its series.
fn citation_meta(doc: &Document, publisher: &str, pdf: Option<&str>) -> Vec<Meta> {
    let mut out = vec![meta("citation_title", doc.title.clone())];
    out.extend(
        doc.authors
            .iter()
            .map(|a| meta("citation_author", a.name.clone())),
    );
    let d = doc.date;
    out.push(meta(
        "citation_publication_date",
        format!("{:04}/{:02}/{:02}", d.year, d.month, d.day),
    ));
    out.push(meta("citation_language", doc.lang.tag.clone()));
    if let Some(series) = &doc.series {
        out.push(meta("citation_series_title", series.clone()));
    }
    if let Some(n) = doc.number {
        out.push(meta("citation_technical_report_number", n.to_string()));
    }
    if !publisher.is_empty() {
        out.push(meta("citation_technical_report_institution", publisher));
        out.push(meta("citation_publisher", publisher));
    }
    if !doc.keywords.is_empty() {
        out.push(meta("citation_keywords", doc.keywords.join("; ")));
    }
    if let Some(pdf) = pdf {
        out.push(meta("citation_pdf_url", pdf));
    }
    out
}

/// Open Graph and Twitter card tags for link previews.
fn open_graph(
    doc: &Document,
    description: &str,
    publisher: &str,
    url: Option<&str>,
    card: Option<&str>,
) -> Vec<Meta> {
    let mut out = vec![
        meta("og:type", "article"),
        meta("og:title", doc.title.clone()),
        meta("og:description", description),
        meta("og:locale", doc.lang.tag.replace('-', "_")),
        meta("article:published_time", doc.date.to_string()),
    ];
    if !publisher.is_empty() {
        out.push(meta("og:site_name", publisher));
    }
    out.extend(
        doc.authors
            .iter()
            .map(|a| meta("article:author", a.name.clone())),
    );
    if let Some(url) = url {
        out.push(meta("og:url", url));
    }
    if let Some(card) = card {
        out.push(meta("og:image", card));
        out.push(meta("og:image:width", "1200"));
        out.push(meta("og:image:height", "630"));
    }
    out.push(meta(
        "twitter:card",
        if card.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
    ));
    out.push(meta("twitter:title", doc.title.clone()));
    out.push(meta("twitter:description", description));
    if let Some(card) = card {
        out.push(meta("twitter:image", card));
    }
    out
}

/// schema.org JSON-LD: a `Report` with its number, in its series, by its authors, as JSON safe
/// inside a `<script type="application/ld+json">` (every `<` escaped, so no text can close it).
fn json_ld(
    doc: &Document,
    description: &str,
    publisher: &str,
    publisher_url: &str,
    url: Option<&str>,
    card: Option<&str>,
) -> minijinja::Value {
    let mut report = json!({
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": doc.title,
        "name": doc.title,
        "description": description,
        "datePublished": doc.date.to_string(),
        "inLanguage": doc.lang.tag,
        "author": doc.authors.iter().map(|a| {
            let mut person = json!({"@type": "Person", "name": a.name});
            if let Some(aff) = &a.affiliation {
                person["affiliation"] = json!({"@type": "Organization", "name": aff});
            }
            if let Some(orcid) = &a.orcid {
                person["sameAs"] = json!(format!("https://orcid.org/{orcid}"));
            }
            person
        }).collect::<Vec<_>>(),
    });
    if let Some(subtitle) = &doc.subtitle {
        report["alternativeHeadline"] = json!(subtitle);
    }
    if let Some(n) = doc.number {
        report["reportNumber"] = json!(n.to_string());
    }
    if let Some(series) = &doc.series {
        report["isPartOf"] = json!({"@type": "CreativeWorkSeries", "name": series});
    }
    if !publisher.is_empty() {
        let mut org = json!({"@type": "Organization", "name": publisher});
        if !publisher_url.is_empty() {
            org["url"] = json!(publisher_url);
        }
        report["publisher"] = org;
    }
    if !doc.keywords.is_empty() {
        report["keywords"] = json!(doc.keywords.join(", "));
    }
    if let Some(url) = url {
        report["url"] = json!(url);
    }
    if let Some(card) = card {
        report["image"] = json!(card);
    }
    let text = serde_json::to_string(&report).unwrap_or_default();
    minijinja::Value::from_safe_string(
        text.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    )
}

/// The line a reader copies to cite the explainer: authors, “title”, series and number,
/// publisher, date and address, punctuated with the words of its language.
fn cite_as(
    doc: &Document,
    masthead: &Masthead,
    publisher: &str,
    url: Option<&str>,
    words: &Words,
) -> String {
    let l = &words.labels;
    let mut parts: Vec<String> = Vec::new();
    if !masthead.byline.is_empty() {
        parts.push(masthead.byline.clone());
    }
    parts.push(format!("{}{}{}", l.quote_open, doc.title, l.quote_close));
    parts.extend(masthead.series_label.clone());
    if !publisher.is_empty() {
        parts.push(publisher.to_string());
    }
    parts.push(masthead.long_date.clone());
    parts.extend(url.map(str::to_string));
    parts.join(&l.comma)
}

/// One of a site's own pages (its index, a year, an author): `template` under `web/` filled
/// with `data`, the brand and the words of the site's language.
pub fn site_page(
    engine: &super::typst::Engine,
    brand: &LoadedBrand,
    words: &Words,
    template: &str,
    data: minijinja::Value,
) -> Result<String, Vec<Diagnostic>> {
    let env = epub::environment(engine)?;
    let ctx = context! {
        brand => epub::v(&brand.brand),
        labels => epub::v(words),
        ..data
    };
    epub::render_template(&env, template, &ctx)
}

/// A site's shared stylesheet (`style.css`) and the fonts it names (under `fonts/`, subset to
/// `texts`, the site pages that use it), as files relative to the assets folder.
pub fn site_stylesheet(
    engine: &super::typst::Engine,
    brand: &LoadedBrand,
    words: &Words,
    texts: &[String],
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let all = texts.concat();
    let fonts = epub::fonts_for(engine, &all, false, brand);
    let env = epub::environment(engine)?;
    let ctx = context! {
        brand => epub::v(&brand.brand),
        labels => epub::v(words),
        fonts => epub::v(&fonts),
    };
    let css = epub::render_template(&env, "web/style.css", &ctx)?;
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut files = font_files(&fonts, &texts, &css);
    files.push(("style.css".to_string(), css.into_bytes()));
    Ok(files)
}

/// The files `css` names for `fonts`, relative to it: each font subset to what `texts` and the
/// stylesheet show, and their licence file.
fn font_files(fonts: &[epub::FontFile], texts: &[&str], css: &str) -> Vec<(String, Vec<u8>)> {
    let chars = subset::characters(texts.iter().copied().chain([css]));
    let mut files = epub::subset_fonts(fonts, &chars, &subset::requested_features(css));
    if let Some(licences) = epub::font_licences(fonts) {
        files.push((epub::FONT_LICENCES.to_string(), licences.into_bytes()));
    }
    files
}
