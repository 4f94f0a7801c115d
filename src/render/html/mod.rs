//! The HTML stage both the EPUB and the web edition are made with: the template environment
//! over `templates/epub/` and `templates/web/` (every value escaped for XML unless the emitter
//! made it), the data one explainer's or book's pages are filled from (its body, notes and
//! references written by the emitter, [`xhtml`]), the fonts a page
//! embeds ([`fonts`]) and a laid-out page as an image ([`raster`]). The EPUB adds only its
//! packaging; the web page only its metadata and placement.

pub mod fonts;
pub mod raster;
pub mod subset;
pub mod xhtml;

use minijinja::value::merge_maps;
use minijinja::{AutoEscape, Environment, context};
use serde::Serialize;

use super::{Context, Publication, typst};
use crate::diag::Diagnostic;
use crate::model::{Block, Book, Document, Footnote, Inline, Labels, Piece, ids};

#[derive(Serialize)]
pub(crate) struct Section {
    id: String,
    number: usize,
    title: String,
    title_text: String,
    body: String,
}

#[derive(Serialize)]
pub(crate) struct Note {
    id: String,
    number: usize,
    body: String,
    /// The id of its first reference, which it links back to.
    backlink: String,
}

#[derive(Serialize)]
pub(crate) struct Hero {
    href: String,
    alt: String,
    credit: Option<String>,
}

/// Warnings for images without alt text.
pub(crate) fn alt_warnings(doc: &Document) -> Vec<Diagnostic> {
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

/// `value` as template data.
pub(crate) fn v<T: Serialize>(x: T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(x))
}

/// The body emitter for one content document: ids prefixed with `prefix`, figures labelled with
/// the brand's word, `##` sections at `section_level`.
pub(crate) fn emitter<'a>(
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
pub(crate) struct Markup<'a> {
    pub epub: bool,
    pub image_href: &'a dyn Fn(&str) -> String,
    /// How many levels below a page of its own an explainer's headings sit: 0, or 1 for a
    /// chapter of the web edition's one-page book (its title an `h2`).
    pub depth: u8,
}

/// Footnotes as XHTML, their ids prefixed with `prefix`.
pub(crate) fn notes(emit: &mut xhtml::Emitter, footnotes: &[Footnote], prefix: &str) -> Vec<Note> {
    footnotes
        .iter()
        .map(|n| Note {
            id: ids::note(prefix, n.number),
            number: n.number,
            body: emit.blocks(&n.blocks),
            backlink: ids::note_ref(prefix, n.number, 0),
        })
        .collect()
}

/// One entry of the reference list as XHTML, with its anchor and its margin label (`[1]`).
#[derive(Serialize)]
pub(crate) struct EntryMarkup {
    id: String,
    label: Option<String>,
    body: String,
}

/// What `epub/content.xhtml` needs to show one explainer: its data, back matter, masthead and
/// body XHTML, in its own language, every id it writes starting with its prefix (empty alone;
/// `ch-N-` in a book).
pub(crate) fn explainer_context(piece: &Piece, markup: &Markup) -> minijinja::Value {
    let Piece {
        doc,
        back,
        masthead,
        labels,
        prefix,
        ..
    } = piece;
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

/// Renders the named templates of `env` with `ctx`.
pub(crate) fn render_template(
    env: &Environment,
    name: &str,
    ctx: &minijinja::Value,
) -> Result<String, Vec<Diagnostic>> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(|e| vec![template_error(name, &e)])
}

/// What the book's templates see (`book`, `chapters`, `foreword`, `parts`, `level`…) with
/// `shared` beneath it. Written for `markup`: the EPUB's parts are files of their own, each
/// headed by an `h1`; the web edition's are sections of one page, headed by an `h2`, their
/// addresses anchors on it. `parts` gives the addresses of the foreword, contributors, index
/// and catalogue, `chapter_href` each chapter's.
pub(crate) fn book_context(
    book: &Book,
    cx: &Context,
    markup: &Markup,
    shared: minijinja::Value,
    parts: minijinja::Value,
    chapter_href: &dyn Fn(&str) -> String,
) -> minijinja::Value {
    let one_page = !markup.epub;
    // The foreword's body and notes, emitted like a chapter's.
    let foreword = book.foreword.as_ref().map(|f| {
        let mut emit = emitter(
            &cx.words.labels,
            f.footnotes.len(),
            1 + u8::from(one_page),
            &f.prefix,
            markup,
        );
        let body = emit.blocks(&f.blocks);
        let notes = notes(&mut emit, &f.footnotes, &f.prefix);
        context! { body => body, notes => v(&notes) }
    });
    let chapters: Vec<minijinja::Value> = book
        .chapters
        .iter()
        .map(|ch| {
            context! {
                id => &ch.id,
                href => chapter_href(&ch.id),
                ..merge_maps([
                    explainer_context(&ch.piece, markup),
                    shared.clone(),
                ])
            }
        })
        .collect();
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

/// Whether the explainer shows code (so the book embeds the mono font).
pub(crate) fn has_code(doc: &Document) -> bool {
    doc.all_blocks().any(|b| {
        let mut code = matches!(b, Block::Code { .. });
        b.for_each_inline(&mut |i| code |= matches!(i, Inline::Code { .. }));
        code
    })
}

/// The template environment of a session, made on first use and shared by every page after.
pub type Environments = std::sync::OnceLock<Result<Environment<'static>, Vec<Diagnostic>>>;

/// The session's template environment (see [`build_environment`]).
pub(crate) fn environment<'a>(
    cx: &Context<'a>,
) -> Result<&'a Environment<'static>, Vec<Diagnostic>> {
    let made = cx.html.get_or_init(|| build_environment(cx.engine));
    made.as_ref().map_err(Clone::clone)
}

/// The minijinja environment over the EPUB, web, Word and Crossref templates (embedded or
/// overridden), escaping every value for XML unless a template marks it `safe` (only emitter
/// output is).
fn build_environment(engine: &typst::Engine) -> Result<Environment<'static>, Vec<Diagnostic>> {
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
    // Every template under `epub/`, `web/` and `crossref/` (embedded, or from a --templates
    // folder's).
    let names = [".xhtml", ".opf", ".css", ".html", ".xml"];
    let folders = ["epub/", "web/", "docx/", "crossref/"];
    for (name, bytes) in engine.templates().files().filter(|(n, _)| {
        folders.iter().any(|f| n.starts_with(f)) && names.iter().any(|e| n.ends_with(e))
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

pub(crate) fn template_error(name: &str, e: &minijinja::Error) -> Diagnostic {
    Diagnostic::error(
        std::path::Path::new("templates").join(name).as_path(),
        e.line().unwrap_or(0),
        0,
        e.to_string(),
    )
}
