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

mod site;

use minijinja::context;
use serde::Serialize;
use serde_json::json;

use super::html::{self, Markup, subset};
use super::{Backend, Context, Format, Layout, Pages, Place, Publication, Rendered, layout};
use crate::diag::Diagnostic;
use crate::model::cite::work::Work;
use crate::model::{Asset, Book, Date, Document, Lang, Piece, Words, back_matter};

/// Pixels per typst point for the card image (600 × 315 pt → 1200 × 630 px).
const CARD_SCALE: f64 = 2.0;

/// The web edition (`--format html`): an explainer's page, or a book's (a collection or the
/// annual) as one page with its contents, chapters and back matter.
pub struct WebPage;

impl Backend for WebPage {
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        let page = Page::of(cx.place, &publication.stem(), cx.words);
        match publication {
            Publication::Explainer(piece) => render_page(piece, cx, &page),
            Publication::Book(book) => render_book(book, cx, &page),
            Publication::Site(site) => site::render(site, cx),
        }
    }
}

/// The link-preview image beside an explainer's page, in its assets folder.
pub const CARD: &str = "card.png";
/// A page's own stylesheet, in its assets folder.
pub const STYLESHEET: &str = "style.css";

/// `name` as one segment of a relative address: what a URL cannot hold as it is (spaces, `#`,
/// `?`, `%`, quotes…) percent-encoded; other characters, any script, kept (HTML takes IRIs).
pub fn href_segment(name: &str) -> String {
    crate::model::percent_encoded(name, |c| {
        c.is_ascii_alphanumeric()
            || "-._~!$'()*+,;=@".contains(c)
            || !c.is_ascii() && !c.is_whitespace() && !c.is_control()
    })
}

/// Where a page lives and what it links, as addresses: the folder of its assets (relative to
/// the page), its address under the site's `base_url` (for canonical links, feeds and
/// metadata, which need absolute addresses) and its downloads. Made from the output's
/// [`Place`].
struct Page {
    /// The folder of its assets, relative to the page's folder, ending in `/`.
    pub assets: String,
    /// The same as a relative address.
    pub assets_href: String,
    /// The site's address, ending in `/`; `None` outside a site.
    pub base_url: Option<String>,
    /// The page's path under `base_url`.
    pub path: String,
    pub downloads: Vec<Download>,
    /// A stylesheet shared by many pages (a site's, with the fonts of all of them), relative to
    /// the page; `None`: the page has its own, with its fonts, under `assets`.
    pub stylesheet: Option<String>,
}

impl Page {
    /// The page at `place`, named `stem`, in the words `words`.
    fn of(place: &Place, stem: &str, words: &Words) -> Page {
        let href = |path: &str| {
            path.split('/')
                .map(href_segment)
                .collect::<Vec<_>>()
                .join("/")
        };
        Page {
            assets: place.assets.clone(),
            assets_href: href(&place.assets),
            base_url: place.base_url.clone(),
            path: href(&place.file),
            downloads: place
                .beside
                .iter()
                .flat_map(|f| Download::all(*f, stem, words))
                .collect(),
            stylesheet: place.stylesheet.clone(),
        }
    }

    /// An image's address in the page, from its virtual path (folio's own, made of safe
    /// characters, so only the folder needs encoding).
    fn image_href(&self, path: &str) -> String {
        format!(
            "{}images/{}",
            self.assets_href,
            path.trim_start_matches("/assets/")
        )
    }

    /// The address of the page's stylesheet.
    fn stylesheet_href(&self) -> String {
        self.stylesheet
            .clone()
            .unwrap_or_else(|| format!("{}{STYLESHEET}", self.assets_href))
    }

    /// The page's own absolute address, when the site has one (a folder's index is known by
    /// the folder's address).
    fn canonical(&self) -> Option<String> {
        match self.path.rsplit('/').next().unwrap_or(&self.path) {
            super::format::SITE_PAGE => self.absolute(""),
            name => self.absolute(name),
        }
    }

    /// The address of its screen PDF, absolute when the site has one.
    fn pdf_url(&self) -> Option<String> {
        self.downloads
            .iter()
            .find(|d| d.format == "pdf")
            .map(|d| self.absolute(&d.href).unwrap_or_else(|| d.href.clone()))
    }

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
    /// What `format` offers beside the page of `stem`.
    fn all(format: Format, stem: &str, words: &Words) -> Vec<Download> {
        format
            .offers()
            .iter()
            .map(|offer| Download {
                label: (offer.label)(&words.labels).to_string(),
                href: href_segment(&format!("{stem}{}", offer.suffix)),
                media_type: offer.media_type,
                format: format.name(),
            })
            .collect()
    }
}

/// `doc` as a web page placed as `page` says: the HTML, with its stylesheet, fonts, images and
/// card image as files relative to the page's folder.
fn render_page(piece: &Piece, cx: &Context, page: &Page) -> Result<Rendered, Vec<Diagnostic>> {
    let doc = &piece.doc;
    let warnings = html::alt_warnings(doc);
    let (assets, href) = (&page.assets, &page.assets_href);
    let image_href = |path: &str| page.image_href(path);
    let markup = Markup {
        epub: false,
        image_href: &image_href,
        depth: 0,
    };
    let fonts = match page.stylesheet {
        Some(_) => Vec::new(),
        None => {
            let text = serde_json::to_string(doc).unwrap_or_default();
            html::fonts::fonts_for(cx.engine, &text, html::has_code(doc), cx.brand)
        }
    };
    let env = html::environment(cx)?;
    let card_href = format!("{href}{CARD}");
    let description = doc
        .summary
        .clone()
        .or_else(|| doc.subtitle.clone())
        .unwrap_or_else(|| doc.title.clone());
    let canonical = page.canonical();
    let card_url = page.absolute(&card_href);
    let pdf_url = page.pdf_url();
    let publisher = &cx.brand.brand.publisher;
    // The explainer's reference in the house style, with the page's own address when there is
    // no DOI to give.
    let address = canonical.as_deref().filter(|_| doc.doi.is_none());
    let cite_as = markup_of(
        &back_matter::cite_as(&piece.work, address, cx.words),
        cx.words,
    );
    let ctx = context! {
        brand => html::v(&cx.brand.brand),
        labels => html::v(cx.words),
        fonts => html::v(&fonts),
        assets => href,
        stylesheet => page.stylesheet_href(),
        description => &description,
        canonical => &canonical,
        card => card_url.as_deref().unwrap_or(&card_href),
        meta => html::v(citation_meta(&piece.work, pdf_url.as_deref())),
        open_graph => html::v(open_graph(&Preview {
            kind: "article",
            title: &doc.title,
            description: &description,
            lang: &doc.lang,
            date: doc.date,
            people: doc.authors.iter().map(|a| a.name.as_str()).collect(),
            publisher: &publisher.name,
            url: canonical.as_deref(),
            image: card_url.as_deref().map(|c| (c, 1200, 630)),
        })),
        json_ld => json_ld(doc, &description, &publisher.name, &publisher.url, canonical.as_deref(), card_url.as_deref()),
        downloads => html::v(&page.downloads),
        cite_as => cite_as,
        ..html::explainer_context(piece, &markup)
    };
    let card = layout(
        Publication::Explainer(piece),
        cx,
        Layout {
            format: Pages::Card,
            multiple: None,
        },
    )?;
    let mut extra = Vec::new();
    if let Some(first) = card.document.pages().first() {
        let png = html::raster::page_png(first, CARD_SCALE, &doc.source_path)?;
        extra.push((format!("{assets}{CARD}"), png));
    }
    let rendered = page_files(env, "web/page.html", &ctx, &fonts, page, &doc.assets, extra)?;
    Ok(Rendered {
        warnings,
        ..rendered
    })
}

/// Pixels across the web edition's book cover (shown at up to half that, so sharp on a
/// high-density screen, and the book's link-preview image).
const BOOK_COVER_WIDTH: f64 = 600.0;

/// A book as one web page placed as `page` says: title page with its cover, contents,
/// foreword, each chapter in its own language, contributors, author index, catalogue and
/// imprint, with its stylesheet, fonts, images and cover as files relative to the page.
fn render_book(book: &Book, cx: &Context, page: &Page) -> Result<Rendered, Vec<Diagnostic>> {
    let warnings: Vec<Diagnostic> = book
        .chapters
        .iter()
        .flat_map(|ch| html::alt_warnings(&ch.piece.doc))
        .collect();
    let (assets, href) = (&page.assets, &page.assets_href);
    let image_href = |path: &str| page.image_href(path);
    let markup = Markup {
        epub: false,
        image_href: &image_href,
        depth: 1,
    };
    let text = serde_json::to_string(book).unwrap_or_default();
    let code = book.chapters.iter().any(|ch| html::has_code(&ch.piece.doc));
    let fonts = html::fonts::fonts_for(cx.engine, &text, code, cx.brand);
    let env = html::environment(cx)?;

    let compiled = layout(
        Publication::Book(book),
        cx,
        Layout {
            format: Pages::Cover,
            multiple: None,
        },
    )?;
    let cover = match compiled.document.pages().first() {
        Some(first) => {
            let width_pt = first.frame.width().to_pt().max(1.0);
            let scale = BOOK_COVER_WIDTH / width_pt;
            let height = (first.frame.height().to_pt() * scale).round() as u32;
            let png = html::raster::page_png(first, scale, &book.origin)?;
            Some((png, BOOK_COVER_WIDTH as u32, height))
        }
        None => None,
    };
    let cover_href = format!("{href}cover.png");
    let cover_url = page.absolute(&cover_href);
    let description = book.subtitle.clone().unwrap_or_else(|| book.title.clone());
    let canonical = page.canonical();
    let publisher = &cx.brand.brand.publisher;
    let work = Work::book(book);
    let preview = Preview {
        kind: "book",
        title: &book.title,
        description: &description,
        lang: &book.lang,
        date: book.date,
        people: book.editors.iter().map(String::as_str).collect(),
        publisher: &book.publisher,
        url: canonical.as_deref(),
        image: match (&cover_url, &cover) {
            (Some(url), Some((_, w, h))) => Some((url.as_str(), *w, *h)),
            _ => None,
        },
    };
    let shared = context! {
        brand => html::v(&cx.brand.brand),
        labels => html::v(cx.words),
        fonts => html::v(&fonts),
    };
    let ctx = context! {
        assets => href,
        stylesheet => page.stylesheet_href(),
        description => &description,
        canonical => &canonical,
        cover_image => cover.as_ref().map(|_| &cover_href),
        meta => html::v(citation_meta(&work, page.pdf_url().as_deref())),
        open_graph => html::v(open_graph(&preview)),
        json_ld => book_json_ld(book, &description, &publisher.url, canonical.as_deref(), cover_url.as_deref()),
        downloads => html::v(&page.downloads),
        cite_as => markup_of(&back_matter::cite_as(&work, canonical.as_deref(), cx.words), cx.words),
        ..html::book_context(book, cx, &markup, shared, book_parts(), &|_| String::new())
    };
    let extra = cover
        .map(|(png, _, _)| (format!("{assets}cover.png"), png))
        .into_iter()
        .collect();
    let rendered = page_files(
        env,
        "web/book.html",
        &ctx,
        &fonts,
        page,
        &book.assets,
        extra,
    )?;
    Ok(Rendered {
        warnings,
        ..rendered
    })
}

/// Where a book's parts are on its one page: anchors.
fn book_parts() -> minijinja::Value {
    context! {
        foreword => "#foreword",
        contributors => "#contributors",
        index => "#author-index",
        catalogue => "#catalogue",
    }
}

/// Renders the page (`template`) with `ctx`: the HTML, and the files under the page's assets
/// folder that go with it (no warnings; the caller adds them): its images, `extra` (its card or cover) and, unless it uses
/// a shared one, its stylesheet and the fonts cut to what the page shows (as in the EPUB).
fn page_files(
    env: &minijinja::Environment,
    template: &str,
    ctx: &minijinja::Value,
    fonts: &[html::fonts::FontFile],
    page: &Page,
    images: &[Asset],
    extra: Vec<(String, Vec<u8>)>,
) -> Result<Rendered, Vec<Diagnostic>> {
    let assets = &page.assets;
    let html = html::render_template(env, template, ctx)?;
    let mut files = Vec::new();
    for image in images {
        let name = image.path.trim_start_matches("/assets/");
        files.push((format!("{assets}images/{name}"), image.bytes.clone()));
    }
    files.extend(extra);
    if page.stylesheet.is_none() {
        let css = html::render_template(env, "web/style.css", ctx)?;
        files.extend(
            font_files(fonts, &[&html], &css)
                .into_iter()
                .map(|(name, bytes)| (format!("{assets}{name}"), bytes)),
        );
        files.push((format!("{assets}{STYLESHEET}"), css.into_bytes()));
    }
    Ok(Rendered {
        bytes: html.into_bytes(),
        files,
        pages: None,
        warnings: Vec::new(),
    })
}

/// schema.org JSON-LD of a book: a `Book` by its editors, its editions' ISBNs, and its
/// chapters as the `Report`s they are.
fn book_json_ld(
    book: &Book,
    description: &str,
    publisher_url: &str,
    url: Option<&str>,
    cover: Option<&str>,
) -> minijinja::Value {
    let person = |name: &str| json!({"@type": "Person", "name": name});
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Book",
        "name": book.title,
        "description": description,
        "datePublished": book.date.to_string(),
        "inLanguage": book.lang.tag,
        "hasPart": book.chapters.iter().map(|ch| {
            let doc = &ch.piece.doc;
            let mut part = json!({
                "@type": "Report",
                "name": doc.title,
                "datePublished": doc.date.to_string(),
                "inLanguage": doc.lang.tag,
                "author": doc.authors.iter().map(|a| person(&a.name)).collect::<Vec<_>>(),
            });
            if let Some(n) = doc.number {
                part["reportNumber"] = json!(n.to_string());
            }
            if let Some(url) = url {
                part["url"] = json!(format!("{url}#{}-title", ch.id));
            }
            part
        }).collect::<Vec<_>>(),
    });
    if let Some(subtitle) = &book.subtitle {
        value["alternativeHeadline"] = json!(subtitle);
    }
    if !book.editors.is_empty() {
        value["editor"] = json!(book.editors.iter().map(|e| person(e)).collect::<Vec<_>>());
    }
    if !book.publisher.is_empty() {
        let mut org = json!({"@type": "Organization", "name": book.publisher});
        if !publisher_url.is_empty() {
            org["url"] = json!(publisher_url);
        }
        value["publisher"] = org;
    }
    let editions: Vec<serde_json::Value> = [
        (&book.isbn_epub, "https://schema.org/EBook"),
        (&book.isbn_print, "https://schema.org/Paperback"),
    ]
    .into_iter()
    .filter_map(|(isbn, format)| {
        isbn.as_ref()
            .map(|isbn| json!({"@type": "Book", "isbn": isbn, "bookFormat": format}))
    })
    .collect();
    if !editions.is_empty() {
        value["workExample"] = json!(editions);
    }
    if let Some(url) = url {
        value["url"] = json!(url);
    }
    if let Some(cover) = cover {
        value["image"] = json!(cover);
    }
    script_json(&value)
}

/// A line of inlines (the "Cite as" line) as HTML.
fn markup_of(inlines: &[crate::model::Inline], words: &Words) -> String {
    let no_images = |path: &str| path.to_string();
    let mut emit = html::xhtml::Emitter::new(&no_images, &words.labels, 0, 2);
    emit.epub = false;
    emit.inlines(inlines)
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

/// The Highwire Press tags Google Scholar and Zotero read, from the work: an explainer as a
/// technical report in its series, a book by its editors with its ISBNs.
fn citation_meta(work: &Work, pdf: Option<&str>) -> Vec<Meta> {
    let mut out = vec![meta("citation_title", work.title.clone())];
    let person = if work.book {
        "citation_editor"
    } else {
        "citation_author"
    };
    out.extend(work.byline.iter().map(|name| meta(person, name.clone())));
    let d = work.date;
    out.push(meta(
        "citation_publication_date",
        format!("{:04}/{:02}/{:02}", d.year, d.month, d.day),
    ));
    out.push(meta("citation_language", work.lang.clone()));
    if let Some(series) = &work.series {
        out.push(meta("citation_series_title", series.clone()));
    }
    if let Some(n) = &work.number {
        out.push(meta("citation_technical_report_number", n.clone()));
    }
    if let Some(v) = &work.volume {
        out.push(meta("citation_volume", v.clone()));
    }
    if let Some(i) = &work.issue {
        out.push(meta("citation_issue", i.clone()));
    }
    if !work.publisher.is_empty() {
        if !work.book {
            out.push(meta(
                "citation_technical_report_institution",
                work.publisher.clone(),
            ));
        }
        out.push(meta("citation_publisher", work.publisher.clone()));
    }
    if !work.keywords.is_empty() {
        out.push(meta("citation_keywords", work.keywords.join("; ")));
    }
    if let Some(doi) = &work.doi {
        out.push(meta("citation_doi", doi.clone()));
    }
    out.extend(
        work.isbns
            .iter()
            .map(|isbn| meta("citation_isbn", isbn.clone())),
    );
    if let Some(pdf) = pdf {
        out.push(meta("citation_pdf_url", pdf));
    }
    out
}

/// What a link preview shows of a page.
struct Preview<'a> {
    /// `article` (an explainer) or `book`.
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    lang: &'a Lang,
    date: Date,
    /// The authors of an article; the editors of a book.
    people: Vec<&'a str>,
    publisher: &'a str,
    url: Option<&'a str>,
    /// The image's absolute address, width and height in pixels.
    image: Option<(&'a str, u32, u32)>,
}

/// Open Graph and Twitter card tags for link previews.
fn open_graph(p: &Preview) -> Vec<Meta> {
    let mut out = vec![
        meta("og:type", p.kind),
        meta("og:title", p.title),
        meta("og:description", p.description),
        meta("og:locale", p.lang.tag.replace('-', "_")),
    ];
    let (date, person) = match p.kind {
        "book" => ("book:release_date", "book:author"),
        _ => ("article:published_time", "article:author"),
    };
    out.push(meta(date, p.date.to_string()));
    if !p.publisher.is_empty() {
        out.push(meta("og:site_name", p.publisher));
    }
    out.extend(p.people.iter().map(|name| meta(person, *name)));
    if let Some(url) = p.url {
        out.push(meta("og:url", url));
    }
    if let Some((image, width, height)) = p.image {
        out.push(meta("og:image", image));
        out.push(meta("og:image:width", width.to_string()));
        out.push(meta("og:image:height", height.to_string()));
    }
    // A wide card is shown large; a book's tall cover as a thumbnail.
    let large = p.image.is_some_and(|(_, w, h)| w > h);
    out.push(meta(
        "twitter:card",
        if large {
            "summary_large_image"
        } else {
            "summary"
        },
    ));
    out.push(meta("twitter:title", p.title));
    out.push(meta("twitter:description", p.description));
    if let Some((image, _, _)) = p.image {
        out.push(meta("twitter:image", image));
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
    if let Some(doi) = &doc.doi {
        report["identifier"] = json!({"@type": "PropertyValue", "propertyID": "DOI", "value": doi});
        report["sameAs"] = json!(crate::model::doi_url(doi));
    }
    if let Some(card) = card {
        report["image"] = json!(card);
    }
    script_json(&report)
}

/// `value` as JSON safe inside a `<script>` element: `<`, `>` and `&` escaped, so no text in
/// it can close the element or start a comment.
fn script_json(value: &serde_json::Value) -> minijinja::Value {
    let text = serde_json::to_string(value).unwrap_or_default();
    minijinja::Value::from_safe_string(
        text.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    )
}

/// The files `css` names for `fonts`, relative to it: each font subset to what `texts` and the
/// stylesheet show, and their licence file.
pub(super) fn font_files(
    fonts: &[html::fonts::FontFile],
    texts: &[&str],
    css: &str,
) -> Vec<(String, Vec<u8>)> {
    let chars = subset::characters(texts.iter().copied().chain([css]));
    let mut files = html::fonts::subset_fonts(fonts, &chars, &subset::requested_features(css));
    if let Some(licences) = html::fonts::font_licences(fonts) {
        files.push((
            html::fonts::FONT_LICENCES.to_string(),
            licences.into_bytes(),
        ));
    }
    files
}
