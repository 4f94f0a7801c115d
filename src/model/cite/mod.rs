//! References and citations in a CSL house style, formatted once (by hayagriva, the CSL
//! processor typst uses) into the inlines every backend prints.
//!
//! A [`CiteStyle`] is a CSL style with the CSL locales it reads its words from: folio's own
//! style (`templates/references.csl`) speaks with folio's words for the language (see
//! [`locale`]), a named or file style with CSL's locale for it. [`Bibliography::new`] runs the
//! document's references and `[@id]` citations through the style: the entries in the style's
//! order with their labels (`[1]`) and text, and each citation's text with links to its entries.

pub mod item;
pub mod locale;
pub mod work;

use std::sync::OnceLock;

use hayagriva::citationberg::taxonomy::Locator as CslLocator;
use hayagriva::citationberg::{
    Display, FontStyle, FontVariant, FontWeight, IndependentStyle, Locale, LocaleCode, Style,
    StyleClass, TextDecoration, VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, Formatting, LocatorPayload, SpecificLocator,
};
use serde::Serialize;

use super::document::{Document, Inline, SpanStyle};

/// A reference as hayagriva reads it: a CSL-JSON item.
type Item = hayagriva::citationberg::json::Item;

/// A house style, ready to format references in one language.
#[derive(Debug, Clone)]
pub struct CiteStyle {
    style: IndependentStyle,
    /// folio's own style (its words are folio's).
    own: bool,
    /// folio's words for the language, as a CSL locale.
    own_locale: Locale,
    /// The locales it reads terms, dates and punctuation from, first match wins: made when
    /// something is first formatted (CSL's locales take ~50 ms to read, which a run that
    /// formats nothing, such as a site with nothing changed, should not pay).
    locales: OnceLock<Vec<Locale>>,
    /// The locale asked for (the document's language tag).
    lang: LocaleCode,
}

/// Where a style's text came from, for what it is told.
pub enum StyleSource<'a> {
    /// folio's own style (its words are folio's).
    Own(&'a str),
    /// A style hayagriva ships, by name (`apa`), or a CSL file's text.
    Csl(&'a str),
}

impl CiteStyle {
    /// A style for documents in `lang`. `own_locale` is folio's CSL locale for the language
    /// (made from its labels), used by folio's own style, and by any other when CSL has no
    /// locale for the language.
    pub fn new(style: IndependentStyle, own: bool, own_locale: Locale, lang: &str) -> CiteStyle {
        CiteStyle {
            style,
            own,
            own_locale,
            locales: OnceLock::new(),
            lang: LocaleCode(lang.to_string()),
        }
    }

    /// Parses a CSL style (a dependent style takes its parent from the styles hayagriva ships).
    pub fn parse(xml: &str) -> Result<IndependentStyle, String> {
        let style = Style::from_xml(xml).map_err(|e| format!("not a CSL style: {e}"))?;
        let independent = match style {
            Style::Independent(s) => s,
            Style::Dependent(d) => {
                let parent = &d.parent_link.href;
                match hayagriva::archive::ArchivedStyle::by_id(parent).map(|a| a.get()) {
                    Some(Style::Independent(s)) => s,
                    _ => {
                        return Err(format!(
                            "a dependent style whose parent `{parent}` folio does not have; use the parent style's own file"
                        ));
                    }
                }
            }
        };
        usable(independent)
    }

    /// A style hayagriva ships, by one of its names (`apa`, `chicago-author-date`, `ieee`).
    pub fn archived(name: &str) -> Option<Result<IndependentStyle, String>> {
        let archived = hayagriva::archive::ArchivedStyle::by_name(name)?;
        Some(match archived.get() {
            Style::Independent(s) => usable(s),
            Style::Dependent(_) => Err(format!("`{name}` is a dependent style")),
        })
    }

    /// A citation of `items` in this style.
    fn cite<'a>(&'a self, items: Vec<CitationItem<'a, Item>>) -> CitationRequest<'a, Item> {
        CitationRequest::new(
            items,
            &self.style,
            Some(self.lang.clone()),
            self.locales(),
            None,
        )
    }

    /// The bibliography and citations of everything `driver` was given.
    fn finish(&self, driver: BibliographyDriver<'_, Item>) -> hayagriva::Rendered {
        driver.finish(BibliographyRequest::new(
            &self.style,
            Some(self.lang.clone()),
            self.locales(),
        ))
    }

    /// Every name `archived` knows.
    pub fn archived_names() -> Vec<&'static str> {
        hayagriva::archive::ArchivedStyle::all()
            .iter()
            .flat_map(|s| s.names().iter().copied())
            .collect()
    }

    /// The locales this style formats with: CSL's for the language, or folio's (filled in
    /// with CSL's nearest) for folio's own style and for a language CSL has none for.
    pub fn locales(&self) -> &[Locale] {
        self.locales
            .get_or_init(|| match (self.own, csl_locale(&self.lang)) {
                (false, Some(l)) => vec![l],
                (_, base) => {
                    let filler = base.or_else(|| csl_locale(&LocaleCode::en_us()));
                    vec![merged(self.own_locale.clone(), filler)]
                }
            })
    }
}

/// A note style puts citations in footnotes, which folio's references do not do yet.
fn usable(style: IndependentStyle) -> Result<IndependentStyle, String> {
    if style.settings.class == StyleClass::Note {
        return Err(format!(
            "`{}` is a note style (citations as footnotes), which folio does not support; choose an author-date or numeric style",
            style.info.title.value
        ));
    }
    Ok(style)
}

/// CSL's own locale for a language (its exact tag, else the language's main one), from the
/// locales hayagriva ships.
fn csl_locale(code: &LocaleCode) -> Option<Locale> {
    static ALL: OnceLock<Vec<Locale>> = OnceLock::new();
    let all = ALL.get_or_init(hayagriva::archive::locales);
    let find = |c: &LocaleCode| {
        all.iter().find(|l| {
            l.lang
                .as_ref()
                .is_some_and(|x| x.0.eq_ignore_ascii_case(&c.0))
        })
    };
    find(code)
        .or_else(|| code.fallback().as_ref().and_then(find))
        .or_else(|| {
            let base = code.0.split('-').next()?;
            all.iter().find(|l| {
                l.lang
                    .as_ref()
                    .is_some_and(|x| x.0.split('-').next() == Some(base))
            })
        })
        .cloned()
}

/// folio's locale, with the terms it lacks taken from `filler`.
fn merged(mut own: Locale, filler: Option<Locale>) -> Locale {
    let Some(filler) = filler else { return own };
    let mut terms = own
        .terms
        .take()
        .unwrap_or(hayagriva::citationberg::Terms { terms: Vec::new() });
    for t in filler.terms.map(|t| t.terms).unwrap_or_default() {
        if !terms
            .terms
            .iter()
            .any(|o| o.name == t.name && o.form == t.form)
        {
            terms.terms.push(t);
        }
    }
    own.terms = Some(terms);
    if own.date.is_empty() {
        own.date = filler.date;
    }
    if own.style_options.is_none() {
        own.style_options = filler.style_options;
    }
    own
}

/// The reference list and the citations of one document, as the style formats them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Bibliography {
    /// The entries in the style's order.
    pub entries: Vec<Entry>,
    /// Each `[@id]` citation's text, indexed by `Inline::Cite::index`.
    pub citations: Vec<Vec<Inline>>,
    /// The style sets entries with a hanging indent (author-date styles, mostly).
    pub hanging: bool,
}

/// One entry of the reference list.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Its anchor (`ref-3`): the entry's place in the list.
    pub id: String,
    /// 1-based place in the list.
    pub number: usize,
    /// What the style sets in the margin (`[1]`), for numeric styles.
    pub label: Option<String>,
    pub content: Vec<Inline>,
    /// Which of the document's `references` it is (a Crossref deposit gives its DOI).
    #[serde(skip)]
    pub reference: Option<usize>,
}

impl Bibliography {
    pub fn new(doc: &Document, style: &CiteStyle) -> Bibliography {
        let values = item::items(&doc.references);
        let items: Vec<Item> = values
            .iter()
            .filter_map(|v| serde_json::from_value(v.clone()).ok())
            .collect();
        if items.len() != doc.references.len() {
            return Bibliography::default();
        }
        let locators: Vec<Vec<Option<(CslLocator, String)>>> = doc
            .citations
            .iter()
            .map(|c| {
                c.items
                    .iter()
                    .map(|i| {
                        i.locator.as_ref().and_then(|l| {
                            let kind: CslLocator = l.label.parse().ok()?;
                            Some((kind, l.value.clone()))
                        })
                    })
                    .collect()
            })
            .collect();
        let mut driver: BibliographyDriver<Item> = BibliographyDriver::new();
        // A citation that names nothing (a text without references) is its own text.
        let real: Vec<usize> = (0..doc.citations.len())
            .filter(|&i| !doc.citations[i].items.is_empty())
            .collect();
        for (cite, locs) in doc.citations.iter().zip(&locators) {
            if cite.items.is_empty() {
                continue;
            }
            let cited = cite
                .items
                .iter()
                .zip(locs)
                .map(|(i, loc)| {
                    let locator = loc
                        .as_ref()
                        .map(|(k, v)| SpecificLocator(*k, LocatorPayload::Str(v)));
                    CitationItem::with_locator(&items[i.reference], locator)
                })
                .collect();
            driver.citation(style.cite(cited));
        }
        // Every reference is in the list, cited or not: the rest, in source order.
        for item in &items {
            driver.citation(style.cite(vec![CitationItem::new(item, None, None, true, None)]));
        }
        let rendered = style.finish(driver);
        let ids: Vec<String> = doc.references.iter().map(item::item_id).collect();
        let mut keys: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        let mut hanging = false;
        if let Some(b) = rendered.bibliography {
            hanging = b.hanging_indent;
            for (i, it) in b.items.into_iter().enumerate() {
                let reference = ids.iter().position(|id| *id == it.key);
                keys.push(it.key);
                entries.push(Entry {
                    reference,
                    id: super::ids::reference("", i + 1),
                    number: i + 1,
                    label: it.first_field.map(|f| {
                        let mut s = String::new();
                        let _ = f.write_buf(&mut s, hayagriva::BufWriteFormat::Plain);
                        s.trim().to_string()
                    }),
                    content: inlines(&it.content, &|_| None),
                });
            }
        }
        // A citation links each reference it names to that reference's entry.
        let anchor = |reference: usize| -> Option<String> {
            keys.iter()
                .position(|k| *k == ids[reference])
                .map(|i| super::ids::reference("", i + 1))
        };
        let mut formatted: Vec<Vec<Inline>> = doc
            .citations
            .iter()
            .map(|c| {
                vec![Inline::Text {
                    text: c.text.clone(),
                }]
            })
            .collect();
        for (r, &i) in rendered.citations.into_iter().zip(&real) {
            let cite = &doc.citations[i];
            let target = |k: usize| cite.items.get(k).and_then(|c| anchor(c.reference));
            let mut content = inlines(&r.citation, &target);
            // A citation whose parts are not marked per item links as a whole to its first.
            let linked = content.iter().any(|c| matches!(c, Inline::Xref { .. }));
            if !linked && let Some(t) = target(0) {
                content = vec![Inline::Xref { target: t, content }];
            }
            formatted[i] = content;
        }
        let citations = formatted;
        Bibliography {
            entries,
            citations,
            hanging,
        }
    }
}

/// One work as the style writes it in a reference list, without its label: the "Cite as" line
/// of an explainer or a book (`item` is its CSL-JSON).
pub fn entry(item: &serde_json::Value, style: &CiteStyle) -> Vec<Inline> {
    let Ok(item) = serde_json::from_value::<Item>(item.clone()) else {
        return Vec::new();
    };
    let mut driver: BibliographyDriver<Item> = BibliographyDriver::new();
    driver.citation(style.cite(vec![CitationItem::new(&item, None, None, true, None)]));
    let rendered = style.finish(driver);
    rendered
        .bibliography
        .and_then(|b| b.items.into_iter().next())
        .map(|it| inlines(&it.content, &|_| None))
        .unwrap_or_default()
}

/// hayagriva's formatted elements as folio inlines: CSL formatting as emphasis, strong and
/// spans, links kept when they are web addresses, a block-display part on a line of its own.
/// `target` gives the entry a citation's `i`-th item links to.
fn inlines(children: &ElemChildren, target: &dyn Fn(usize) -> Option<String>) -> Vec<Inline> {
    let mut out = Vec::new();
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => out.extend(styled(
                vec![Inline::Text {
                    text: t.text.clone(),
                }],
                &t.formatting,
            )),
            ElemChild::Markup(m) => out.push(Inline::Text { text: m.clone() }),
            ElemChild::Link { text, url } => {
                let content = styled(
                    vec![Inline::Text {
                        text: text.text.clone(),
                    }],
                    &text.formatting,
                );
                match web_address(url) {
                    Some(url) => out.push(Inline::Link { url, content }),
                    None => out.extend(content),
                }
            }
            ElemChild::Elem(e) => {
                let inner = inlines(&e.children, target);
                if matches!(e.display, Some(Display::Block | Display::Indent)) && !out.is_empty() {
                    out.push(Inline::LineBreak);
                }
                match e.meta {
                    Some(hayagriva::ElemMeta::Entry(i)) => match target(i) {
                        Some(t) => out.push(Inline::Xref {
                            target: t,
                            content: inner,
                        }),
                        None => out.extend(inner),
                    },
                    _ => out.extend(inner),
                }
            }
            ElemChild::Transparent { .. } => {}
        }
    }
    tidy(out)
}

/// A DOI link as folio writes DOI addresses (percent-encoded); other web addresses as they
/// are; anything else is no link.
fn web_address(url: &str) -> Option<String> {
    if let Some(doi) = url.strip_prefix("https://doi.org/") {
        return Some(super::doi_url(doi));
    }
    let url = super::normalize_url(url);
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

fn styled(mut content: Vec<Inline>, f: &Formatting) -> Vec<Inline> {
    let span = |style, content| vec![Inline::Span { style, content }];
    if f.font_style == FontStyle::Italic {
        content = vec![Inline::Emph { content }];
    }
    match f.font_weight {
        FontWeight::Bold => content = vec![Inline::Strong { content }],
        FontWeight::Light => content = span(SpanStyle::Light, content),
        FontWeight::Normal => {}
    }
    if f.font_variant == FontVariant::SmallCaps {
        content = span(SpanStyle::SmallCaps, content);
    }
    if f.text_decoration == TextDecoration::Underline {
        content = span(SpanStyle::Underline, content);
    }
    match f.vertical_align {
        VerticalAlign::Sup => content = span(SpanStyle::Superscript, content),
        VerticalAlign::Sub => content = span(SpanStyle::Subscript, content),
        _ => {}
    }
    content
}

/// Merges neighbouring text, and neighbouring runs of the same style, that hayagriva hands
/// over in pieces.
fn tidy(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for inl in inlines {
        match (out.last_mut(), inl) {
            (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
            (Some(Inline::Emph { content }), Inline::Emph { content: more }) => {
                content.extend(more);
                *content = tidy(std::mem::take(content));
            }
            (Some(Inline::Strong { content }), Inline::Strong { content: more }) => {
                content.extend(more);
                *content = tidy(std::mem::take(content));
            }
            (
                Some(Inline::Span { style, content }),
                Inline::Span {
                    style: other,
                    content: more,
                },
            ) if *style == other => {
                content.extend(more);
                *content = tidy(std::mem::take(content));
            }
            (_, inl) => out.push(inl),
        }
    }
    out
}
