//! A saved web page → a [`Flow`]. The article's main content is found by `dom_smoothie` (a port
//! of Mozilla's readability.js: it drops navigation, sidebars, footers, share buttons and
//! scripts) and walked with `dom_query` (html5ever's tree) into headings, paragraphs, lists,
//! tables, quotes, links, emphasis and pictures. The page's metadata (Highwire `citation_*`,
//! Open Graph, JSON-LD) become hints. Pictures beside the page are copied; pictures on the
//! network are never fetched (a warning). A block's "line" is its number in the article.

use std::path::{Component, Path};

use dom_query::{Document, NodeRef};

use super::flow::{Block, Flow, HintAuthor, Hints, ImageFile, Kind, Run};
use crate::diag::Diagnostic;

/// Reads a saved page.
pub fn read(
    path: &Path,
    html: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Flow, Vec<Diagnostic>> {
    let page = Document::from(html);
    let mut hints = metadata(&page);
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: 0,
        ..Default::default()
    };
    // What readers never see (hidden parts, screen-reader and field labels) goes before
    // readability reads the page: its rewriting would lose the marks that say so.
    page.select(HIDDEN).remove();
    let visible = page.html();
    let article = dom_smoothie::Readability::new(visible.as_ref(), None, Some(cfg))
        .and_then(|mut r| r.parse())
        .map_err(|e| {
            vec![Diagnostic::error(path, 0, 0, format!("no article found in the page: {e}"))
                .with_help("folio import reads a saved web page's main text; save the article's own page")]
        })?;
    if hints.title.is_none() && !article.title.trim().is_empty() {
        hints.title = Some(article.title.trim().to_string());
    }
    if hints.authors.is_empty()
        && let Some(by) = &article.byline
    {
        let names = by
            .split(['|', '·'])
            .flat_map(|p| p.split(" / "))
            .next()
            .unwrap_or("");
        hints.authors = super::shapes::split_names(names.trim())
            .into_iter()
            .map(|n| HintAuthor::named(n.name))
            .collect();
    }
    if hints.date.is_none() {
        hints.date = article.published_time.as_deref().and_then(iso_date);
    }
    // The article's own <time>, the published one first.
    if hints.date.is_none() {
        let times = page.select("article time[datetime], main time[datetime], time[datetime]");
        let nodes = times.nodes();
        let published = nodes
            .iter()
            .find(|t| {
                t.attr("class").is_some_and(|c| c.contains("publish"))
                    || t.attr("itemprop")
                        .is_some_and(|p| p.contains("datePublished"))
            })
            .or(nodes.first());
        hints.date = published
            .and_then(|t| t.attr("datetime"))
            .and_then(|d| iso_date(&d));
    }
    if hints.summary.is_none() {
        hints.summary = article.excerpt.clone().filter(|e| !e.trim().is_empty());
    }
    if hints.lang.is_none() {
        hints.lang = article.lang.clone().filter(|l| !l.trim().is_empty());
    }
    // Relative links are resolved against the page's own address, when it gives one.
    let base = page
        .select("link[rel=canonical]")
        .nodes()
        .first()
        .and_then(|l| l.attr("href"))
        .or_else(|| {
            page.select("meta[property='og:url']")
                .nodes()
                .first()
                .and_then(|m| m.attr("content"))
        })
        .and_then(|u| url::Url::parse(u.trim()).ok());
    let content = Document::from(article.content.as_ref());
    let mut walker = Walker {
        blocks: Vec::new(),
        images: Vec::new(),
        dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        stem: crate::model::slug_or(&crate::model::file_stem(path), "page"),
        base,
        header: false,
        path,
        warnings,
    };
    // The article's header (kicker, title, standfirst, byline, date), which readability sets
    // aside, read from the page itself: the recognition finds kind, series mark, byline and
    // date there as in plain text.
    let h1 = page
        .select("article h1")
        .nodes()
        .first()
        .cloned()
        .or_else(|| page.select("main h1, h1").nodes().first().cloned());
    if let Some(h1) = &h1 {
        let header = h1
            .ancestors(Some(3))
            .into_iter()
            .find(|a| name(a) == "header")
            .or_else(|| h1.parent().filter(|p| p.text().len() < 1500));
        walker.header = true;
        match header {
            Some(h) => walker.container(&h, 0),
            // No header element: the short lines around the title (a kicker above it; a
            // standfirst, byline and date below it) up to the first paragraph of prose.
            None => {
                let short = |n: &NodeRef| {
                    n.is_element()
                        && n.text().trim().len() < 300
                        && !n.descendants().into_iter().any(|d| name(&d) == "img")
                        && matches!(
                            name(n).as_str(),
                            "p" | "div" | "span" | "time" | "small" | "address"
                        )
                };
                let mut before: Vec<NodeRef> = Vec::new();
                let mut prev = h1.prev_element_sibling();
                while let Some(p) = prev.filter(|p| short(p)).filter(|_| before.len() < 3) {
                    prev = p.prev_element_sibling();
                    before.insert(0, p);
                }
                for p in &before {
                    walker.line_of_element(p);
                }
                walker.blocks.push(Block {
                    line: 0,
                    kind: Kind::Title,
                    runs: vec![Run::plain(h1.text().trim())],
                });
                let mut next = h1.next_element_sibling();
                let mut taken = 0;
                while let Some(n) = next.filter(|n| short(n)).filter(|_| taken < 5) {
                    walker.line_of_element(&n);
                    next = n.next_element_sibling();
                    taken += 1;
                }
            }
        }
        if !walker.blocks.iter().any(|b| b.kind == Kind::Title) {
            let t = h1.text().trim().to_string();
            walker.blocks.insert(
                0,
                Block {
                    line: 0,
                    kind: Kind::Title,
                    runs: vec![Run::plain(t)],
                },
            );
        }
        walker.header = false;
    }
    let head = walker.blocks.len();
    walker.container(&content.root(), 0);
    let mut blocks = walker.blocks;
    let images = walker.images;
    // What readability kept of the header is already there.
    let header_texts: Vec<String> = blocks[..head].iter().map(Block::text).collect();
    let mut k = head;
    while k < blocks.len() && k < head + 6 {
        if header_texts.contains(&blocks[k].text()) {
            blocks.remove(k);
        } else {
            k += 1;
        }
    }
    for (k, b) in blocks.iter_mut().enumerate() {
        b.line = k + 1;
    }
    Ok(Flow {
        blocks,
        notes: Vec::new(),
        hints,
        images,
    })
}

/// `2026/02/14`, `2026-02-14T10:00:00Z` → `2026-02-14`.
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim().replace('/', "-");
    let d = s.get(..10)?;
    if crate::model::Date::parse_iso(d).is_ok() {
        return Some(d.to_string());
    }
    super::shapes::parse_date(&s).map(|d| d.iso)
}

/// The page's `citation_*`, Open Graph and JSON-LD metadata, in that order of trust.
fn metadata(page: &Document) -> Hints {
    let mut h = Hints::default();
    let mut og_title = None;
    let mut og_description = None;
    for m in page.select("meta").nodes() {
        let key = m
            .attr("name")
            .or_else(|| m.attr("property"))
            .map(|k| k.to_lowercase())
            .unwrap_or_default();
        let Some(value) = m.attr("content").map(|v| v.trim().to_string()) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "citation_title" | "dc.title" => h.title = h.title.or(Some(value)),
            "citation_author" | "dc.creator" => h.authors.push(HintAuthor::named(value)),
            "citation_author_institution" => {
                if let Some(last) = h.authors.last_mut() {
                    last.affiliation = last.affiliation.take().or(Some(value));
                }
            }
            "citation_author_orcid" => {
                if let Some(last) = h.authors.last_mut() {
                    last.orcid = Some(value.trim_start_matches("https://orcid.org/").to_string());
                }
            }
            "citation_publication_date"
            | "citation_date"
            | "citation_online_date"
            | "dc.date"
            | "dcterms.date"
            | "dcterms.issued"
            | "date" => h.date = h.date.or_else(|| iso_date(&value)),
            "citation_doi" => h.doi = Some(value.trim_start_matches("doi:").to_string()),
            "citation_volume" => h.volume = Some(value),
            "citation_issue" => h.issue = Some(value),
            "citation_series_title" | "citation_journal_title" => {
                h.series = h.series.or(Some(value))
            }
            "citation_keywords" | "keywords" if h.keywords.is_empty() => {
                h.keywords = value
                    .split([';', ','])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            "citation_language" | "dc.language" => h.lang = Some(value),
            "citation_abstract" | "dc.description" | "description" => {
                h.summary = h.summary.or(Some(value))
            }
            "og:title" => og_title = Some(value),
            "og:description" => og_description = Some(value),
            "article:published_time" => h.date = h.date.or_else(|| iso_date(&value)),
            "article:author" if !value.starts_with("http") => {
                h.authors.push(HintAuthor::named(value))
            }
            _ => {}
        }
    }
    // Names are stored "Family, Given" by some publishers (Highwire allows both).
    for a in &mut h.authors {
        if let Some((family, given)) = a.name.split_once(", ")
            && given.len() < 40
        {
            a.name = format!("{given} {family}");
        }
    }
    for s in page.select("script").nodes() {
        if s.attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
            && let Ok(json) = serde_json::from_str::<serde_json::Value>(&s.text())
        {
            json_ld(&json, &mut h, 0);
        }
    }
    h.title = h.title.or(og_title);
    h.summary = h.summary.or(og_description);
    if h.lang.is_none() {
        h.lang = page
            .select("html")
            .nodes()
            .first()
            .and_then(|n| n.attr("lang"))
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty());
    }
    h
}

/// An Article (or a kind of it) in JSON-LD, possibly inside `@graph` or a list.
fn json_ld(v: &serde_json::Value, h: &mut Hints, depth: usize) {
    use serde_json::Value;
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| json_ld(i, h, depth + 1)),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                json_ld(graph, h, depth + 1);
            }
            let types: Vec<&str> = match map.get("@type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !types.iter().any(|t| {
                t.ends_with("Article")
                    || matches!(
                        *t,
                        "Report" | "BlogPosting" | "CreativeWork" | "AnalysisNewsArticle"
                    )
            }) {
                return;
            }
            let text = |k: &str| {
                map.get(k)
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            h.title = h
                .title
                .take()
                .or_else(|| text("headline"))
                .or_else(|| text("name"));
            h.date = h
                .date
                .take()
                .or_else(|| text("datePublished").and_then(|d| iso_date(&d)));
            h.summary = h.summary.take().or_else(|| text("description"));
            h.lang = h.lang.take().or_else(|| text("inLanguage"));
            // JSON-LD's people, with their affiliation and ORCID, fill in what the tags lack.
            let person = |a: &Value| -> Option<HintAuthor> {
                match a {
                    Value::String(s) => Some(HintAuthor::named(s.trim())),
                    Value::Object(o) => {
                        let name = o.get("name").and_then(Value::as_str)?.trim().to_string();
                        let affiliation = match o.get("affiliation") {
                            Some(Value::String(s)) => Some(s.trim().to_string()),
                            Some(Value::Object(org)) => org
                                .get("name")
                                .and_then(Value::as_str)
                                .map(|s| s.trim().to_string()),
                            Some(Value::Array(orgs)) => orgs
                                .first()
                                .and_then(|org| org.get("name"))
                                .and_then(Value::as_str)
                                .map(|s| s.trim().to_string()),
                            _ => None,
                        };
                        let orcid = ["identifier", "sameAs", "@id"]
                            .iter()
                            .filter_map(|k| o.get(*k).and_then(Value::as_str))
                            .find(|s| s.contains("orcid.org/"))
                            .and_then(|s| s.split("orcid.org/").nth(1))
                            .map(|s| s.trim_end_matches('/').to_string());
                        Some(HintAuthor {
                            name,
                            affiliation,
                            orcid,
                        })
                    }
                    _ => None,
                }
            };
            let people: Vec<HintAuthor> = match map.get("author") {
                Some(Value::Array(list)) => list.iter().filter_map(person).collect(),
                Some(a) => person(a).into_iter().collect(),
                None => Vec::new(),
            };
            if h.authors.is_empty() {
                h.authors = people;
            } else {
                for p in people {
                    if let Some(a) = h.authors.iter_mut().find(|a| a.name == p.name) {
                        a.affiliation = a.affiliation.take().or(p.affiliation);
                        a.orcid = a.orcid.take().or(p.orcid);
                    }
                }
            }
            if h.subtitle.is_none() {
                h.subtitle = text("alternativeHeadline");
            }
            if h.keywords.is_empty() {
                h.keywords = match map.get("keywords") {
                    Some(Value::String(s)) => s
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    Some(Value::Array(ks)) => ks
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    _ => Vec::new(),
                };
            }
            if h.doi.is_none() {
                h.doi = text("identifier")
                    .and_then(|i| i.split_once("10.").map(|(_, d)| format!("10.{d}")));
            }
            if let Some(part) = map.get("isPartOf").and_then(Value::as_object) {
                if h.volume.is_none() {
                    h.volume = part
                        .get("volumeNumber")
                        .map(|v| v.to_string().trim_matches('"').to_string());
                }
                if h.issue.is_none() {
                    h.issue = part
                        .get("issueNumber")
                        .map(|v| v.to_string().trim_matches('"').to_string());
                }
            }
        }
        _ => {}
    }
}

struct Walker<'a> {
    blocks: Vec<Block>,
    images: Vec<ImageFile>,
    dir: std::path::PathBuf,
    stem: String,
    /// The page's address, for its relative links.
    base: Option<url::Url>,
    /// Reading the article's header: lists, links-only lines (tools, share buttons) and
    /// footnote marks are left out.
    header: bool,
    path: &'a Path,
    warnings: &'a mut Vec<Diagnostic>,
}

fn name(n: &NodeRef) -> String {
    n.node_name().map(|s| s.to_lowercase()).unwrap_or_default()
}

const SKIP: [&str; 12] = [
    "script", "style", "noscript", "template", "form", "button", "nav", "iframe", "svg", "input",
    "select", "textarea",
];

impl Walker<'_> {
    fn push(&mut self, kind: Kind, runs: Vec<Run>) {
        let has_content = !super::flow::plain(&runs).trim().is_empty()
            || runs.iter().any(|r| matches!(r, Run::Image { .. }));
        if has_content {
            self.blocks.push(Block {
                line: 0,
                kind,
                runs,
            });
        }
    }

    /// Block-level content; loose inline content between blocks becomes a paragraph.
    fn container(&mut self, n: &NodeRef, depth: u8) {
        let mut loose: Vec<Run> = Vec::new();
        for c in n.children() {
            let tag = name(&c);
            if field_label(&c) {
                continue;
            }
            let block = c.is_element()
                && matches!(
                    tag.as_str(),
                    "p" | "div"
                        | "section"
                        | "article"
                        | "main"
                        | "header"
                        | "footer"
                        | "aside"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "ul"
                        | "ol"
                        | "table"
                        | "blockquote"
                        | "figure"
                        | "pre"
                        | "dl"
                        | "dt"
                        | "dd"
                        | "hr"
                        | "address"
                        | "details"
                        | "summary"
                        | "body"
                        | "html"
                );
            if !block {
                self.inline(&c, &mut loose, false, false, false);
                continue;
            }
            if !loose.is_empty() {
                let runs = std::mem::take(&mut loose);
                self.push(Kind::Para, runs);
            }
            match tag.as_str() {
                "pre" => {
                    let text = c.text().to_string();
                    if !text.trim().is_empty() {
                        self.blocks.push(Block {
                            line: 0,
                            kind: Kind::Code(text),
                            runs: Vec::new(),
                        });
                    }
                }
                "hr" => self.blocks.push(Block {
                    line: 0,
                    kind: Kind::Rule,
                    runs: Vec::new(),
                }),
                "p" | "dt" | "dd" | "address" | "summary" => {
                    let mut runs = Vec::new();
                    self.inline_children(&c, &mut runs, false, false, false);
                    if self.header && links_only(&c) {
                        continue;
                    }
                    self.split_breaks(runs);
                }
                "ul" | "ol" | "table" | "aside" | "nav" | "footer" if self.header => {}
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    let level = tag[1..].parse().unwrap_or(2);
                    let mut runs = Vec::new();
                    self.inline_children(&c, &mut runs, false, false, false);
                    self.push(
                        if level == 1 {
                            Kind::Title
                        } else {
                            Kind::Heading(level)
                        },
                        runs,
                    );
                }
                "ul" | "ol" => self.list(&c, tag == "ol", depth),
                "table" => self.table(&c),
                "blockquote" => {
                    let start = self.blocks.len();
                    self.container(&c, depth);
                    for b in &mut self.blocks[start..] {
                        if b.kind == Kind::Para {
                            b.kind = Kind::Quote;
                        }
                    }
                }
                "figure" => {
                    // A picture (or a table) and its caption: the picture's caption, or a
                    // paragraph after it.
                    let start = self.blocks.len();
                    for part in c.children() {
                        match name(&part).as_str() {
                            "figcaption" => {
                                let mut runs = Vec::new();
                                self.inline_children(&part, &mut runs, false, false, false);
                                let caption = super::flow::caption(&super::flow::plain(&runs));
                                let mine = self.blocks.len() > start;
                                match self
                                    .blocks
                                    .last_mut()
                                    .filter(|_| mine)
                                    .and_then(Block::lone_image)
                                {
                                    Some(title) if title.is_none() && !caption.is_empty() => {
                                        *title = Some(caption)
                                    }
                                    _ => self.push(Kind::Para, runs),
                                }
                            }
                            "img" => {
                                let mut runs = Vec::new();
                                self.image(&part, &mut runs);
                                self.push(Kind::Para, runs);
                            }
                            "table" => self.table(&part),
                            "picture" | "a" | "span" => {
                                let mut runs = Vec::new();
                                for img in
                                    part.descendants().into_iter().filter(|d| name(d) == "img")
                                {
                                    self.image(&img, &mut runs);
                                }
                                self.push(Kind::Para, runs);
                            }
                            _ => self.container(&part, depth),
                        }
                    }
                }
                _ => self.container(&c, depth),
            }
        }
        if !loose.is_empty() {
            self.push(Kind::Para, loose);
        }
    }

    /// One element's text as a header line (or lines, at its `<br>`s).
    fn line_of_element(&mut self, n: &NodeRef) {
        if field_label(n) || links_only(n) {
            return;
        }
        // A field of several values (a CMS's list of authors) is read block by block.
        let blocks_inside = n
            .children()
            .into_iter()
            .any(|c| matches!(name(&c).as_str(), "div" | "p" | "ul" | "ol" | "section"));
        if blocks_inside {
            self.container(n, 0);
            return;
        }
        let mut runs = Vec::new();
        self.inline_children(n, &mut runs, false, false, false);
        self.split_breaks(runs);
    }

    /// A paragraph broken with `<br>` into lines: one block a line, as plain text has them
    /// (a page's header often sets title, series mark and date this way).
    fn split_breaks(&mut self, runs: Vec<Run>) {
        let mut cur = Vec::new();
        for r in runs {
            if matches!(r, Run::Break) {
                let line = std::mem::take(&mut cur);
                self.push(Kind::Para, line);
            } else {
                cur.push(r);
            }
        }
        self.push(Kind::Para, cur);
    }

    fn list(&mut self, list: &NodeRef, ordered: bool, depth: u8) {
        for li in list.children().into_iter().filter(|c| name(c) == "li") {
            let mut runs = Vec::new();
            let mut nested = Vec::new();
            for c in li.children() {
                match name(&c).as_str() {
                    "ul" | "ol" => nested.push(c),
                    "p" | "div" => {
                        if !runs.is_empty() {
                            runs.push(Run::plain(" "));
                        }
                        self.inline_children(&c, &mut runs, false, false, false);
                    }
                    _ => self.inline(&c, &mut runs, false, false, false),
                }
            }
            self.push(
                Kind::Item {
                    ordered,
                    depth: depth.min(8),
                },
                runs,
            );
            for n in nested {
                self.list(&n, name(&n) == "ol", depth + 1);
            }
        }
    }

    fn table(&mut self, table: &NodeRef) {
        let rows: Vec<Vec<Vec<Run>>> = table
            .descendants()
            .into_iter()
            .filter(|d| name(d) == "tr")
            .map(|tr| {
                tr.children()
                    .into_iter()
                    .filter(|c| matches!(name(c).as_str(), "td" | "th"))
                    .map(|cell| {
                        let mut runs = Vec::new();
                        self.inline_children(&cell, &mut runs, false, false, false);
                        runs.retain(|r| !matches!(r, Run::Break));
                        runs
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|r| !r.is_empty())
            .collect();
        if !rows.is_empty() {
            self.blocks.push(Block {
                line: 0,
                kind: Kind::Table(rows),
                runs: Vec::new(),
            });
        }
    }

    fn inline_children(
        &mut self,
        n: &NodeRef,
        out: &mut Vec<Run>,
        bold: bool,
        italic: bool,
        in_link: bool,
    ) {
        for c in n.children() {
            self.inline(&c, out, bold, italic, in_link);
        }
    }

    fn inline(&mut self, n: &NodeRef, out: &mut Vec<Run>, bold: bool, italic: bool, in_link: bool) {
        if n.is_text() {
            // HTML's white space: any run of it is one space.
            let raw = n.text();
            let mut text = String::with_capacity(raw.len());
            let mut space = false;
            for c in raw.chars() {
                if c.is_whitespace() && c != '\u{a0}' {
                    if !space {
                        text.push(' ');
                    }
                    space = true;
                } else {
                    text.push(c);
                    space = false;
                }
            }
            out.push(Run::Text { text, bold, italic });
            return;
        }
        if !n.is_element() {
            return;
        }
        let tag = name(n);
        if field_label(n) {
            return;
        }
        match tag.as_str() {
            t if SKIP.contains(&t) => {}
            "sup"
                if self.header
                    && n.text()
                        .chars()
                        .all(|c| c.is_ascii_digit() || ",*†‡ ".contains(c)) => {}
            "br" => out.push(Run::Break),
            "strong" | "b" => self.inline_children(n, out, true, italic, in_link),
            "em" | "i" | "cite" => self.inline_children(n, out, bold, true, in_link),
            "img" => self.image(n, out),
            "a" => {
                let mut href = n
                    .attr("href")
                    .map(|h| h.trim().to_string())
                    .unwrap_or_default();
                if !href.is_empty()
                    && !href.starts_with('#')
                    && url::Url::parse(&href).is_err()
                    && let Some(joined) = self.base.as_ref().and_then(|b| b.join(&href).ok())
                {
                    href = joined.to_string();
                }
                let mut inner = Vec::new();
                self.inline_children(n, &mut inner, bold, italic, true);
                let external = href.starts_with("http://")
                    || href.starts_with("https://")
                    || href.starts_with("mailto:");
                if external && !in_link {
                    out.push(Run::Link {
                        url: href,
                        runs: inner,
                    });
                } else {
                    out.extend(inner);
                }
            }
            "ul" | "ol" | "p" | "div" | "table" => {
                // A block inside inline content: its text, on its own line.
                out.push(Run::Break);
                out.push(Run::plain(n.text().to_string()));
                out.push(Run::Break);
            }
            _ => self.inline_children(n, out, bold, italic, in_link),
        }
    }

    fn image(&mut self, img: &NodeRef, out: &mut Vec<Run>) {
        let src = img
            .attr("src")
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let alt = img
            .attr("alt")
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let warn = |w: &mut Vec<Diagnostic>, msg: String| {
            w.push(Diagnostic::warning(self.path, 0, 0, msg))
        };
        if src.is_empty() {
            return;
        }
        if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
            warn(
                self.warnings,
                format!(
                    "a picture on the network ({}) is not downloaded; its alt text: “{alt}”",
                    src.chars().take(120).collect::<String>()
                ),
            );
            return;
        }
        // A file beside the page, never outside its folder.
        let rel = src.split(['?', '#']).next().unwrap_or("");
        let rel = percent_decode(rel);
        let inside = Path::new(&rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        let file = self.dir.join(&rel);
        let ext = Path::new(&rel)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !inside
            || !matches!(
                ext.as_str(),
                "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
            )
        {
            warn(
                self.warnings,
                format!("the picture `{src}` is not a picture file beside the page: left out"),
            );
            return;
        }
        match std::fs::read(&file) {
            Ok(bytes) if crate::source::images::usable(&bytes).is_err() => warn(
                self.warnings,
                format!(
                    "the picture `{src}` is not an image folio can use: left out (its alt text: “{alt}”)"
                ),
            ),
            Ok(bytes) => {
                let name = format!("{}-{}.{ext}", self.stem, self.images.len() + 1);
                self.images.push(ImageFile {
                    name: name.clone(),
                    bytes,
                });
                if alt.is_empty() {
                    warn(
                        self.warnings,
                        format!("the picture `{src}` has no alt text"),
                    );
                }
                out.push(Run::Image {
                    src: name,
                    alt,
                    title: None,
                });
            }
            Err(_) => warn(
                self.warnings,
                format!("the picture `{src}` is not beside the page: left out"),
            ),
        }
    }
}

/// Elements readers never see (hidden, screen-reader text) and cookie banners.
const HIDDEN: &str = "[hidden], [aria-hidden=true], .sr-only, .visually-hidden, .screen-reader-text, .element-invisible, [class*=cookie], [id*=cookie], [class*=consent], [id*=consent], [class*=gdpr], [id*=gdpr]";

/// A content system's field label ("Authors", "Series" above a field's values), left out of
/// the header as readers skim past it. (Hidden parts are gone already: see [`HIDDEN`].)
fn field_label(n: &NodeRef) -> bool {
    n.is_element()
        && n.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == "field__label"))
}

/// An element of links and separators only (a row of buttons or share links).
fn links_only(n: &NodeRef) -> bool {
    let links = n
        .descendants()
        .into_iter()
        .filter(|d| name(d) == "a")
        .count();
    let mut all: String = n.text().to_string();
    for a in n.descendants().into_iter().filter(|d| name(d) == "a") {
        all = all.replacen(a.text().as_ref(), "", 1);
    }
    links > 0
        && all
            .chars()
            .all(|c| c.is_whitespace() || "|·•/–—-".contains(c))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k] == b'%'
            && k + 2 < bytes.len()
            && let Ok(hex) = std::str::from_utf8(&bytes[k + 1..k + 3])
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            k += 3;
            continue;
        }
        out.push(bytes[k]);
        k += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
