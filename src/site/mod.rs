//! `folio site`: a folder of explainers as a static site that works from any static host and
//! from `file://`.
//!
//! Each explainer gets `SITE/<stem>/index.html` (the web edition, `crate::render::web`) with its
//! downloads beside it, built in the same run; the site adds its index (newest first, by year),
//! a page per year and per author, an Atom feed and a sitemap (the [`Site`] model, laid out by
//! the web backend like every other page). The explainers are built by the batch (one pool,
//! one cache at the site's root), each into a folder of its own. Settings come
//! from `[site]` in the folder's `folio.toml`; `base_url` makes the absolute addresses feeds,
//! sitemaps, canonical links and link previews need, and without it those are left out with a
//! warning. One source that fails does not stop the others; the site's own pages list those
//! that built.

pub mod serve;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::batch::Plan;
use crate::diag::Diagnostic;
use crate::model::site::{AuthorLink, AuthorPage, Entry, Site};
use crate::model::{Block, Document, Masthead, Piece, file_stem, plain_text, slug_or};
use crate::project::{SiteToml, checked_base_url, line_of, read_folio_toml};
use crate::render::format::SITE_PAGE;
use crate::render::web::href_segment;
use crate::render::{Destination, Format, Place, Publication};
use crate::session::{Session, Written, write_all};

/// What a site build did: the files written, the sources that failed, and warnings.
#[derive(Debug, Default)]
pub struct SiteBuilt {
    pub written: Vec<Written>,
    pub pages: usize,
    pub failed: Vec<(PathBuf, Vec<Diagnostic>)>,
    pub warnings: Vec<Diagnostic>,
}

impl SiteBuilt {
    /// "site OUT: 3 explainer pages built, 0 unchanged, 9 site pages, 0 failed".
    pub fn summary(&self, out: &Path) -> String {
        let pages = self.written.iter().filter(|w| w.format == Format::Html);
        let unchanged = pages.clone().filter(|w| w.unchanged).count();
        format!(
            "site {}: {} explainer pages built, {unchanged} unchanged, {} site pages, {} failed",
            out.display(),
            pages.count() - unchanged,
            self.pages,
            self.failed.len()
        )
    }
}

/// The formats a site offers beside each page when `requested` (`--format`) names none: the
/// PDFs, the EPUB and the cite files. The page itself is always built.
pub fn downloads(requested: &[Format]) -> Vec<Format> {
    if requested.is_empty() {
        return vec![Format::Pdf, Format::Epub, Format::Print, Format::Cite];
    }
    let mut formats = Format::chosen(requested);
    formats.retain(|f| *f != Format::Html);
    formats
}

/// Builds the site of the explainers in `dir` into the session's output folder, its
/// explainers on `jobs` workers, offering the session's formats beside each page.
pub fn build(session: &Session, dir: &Path, jobs: usize) -> Result<SiteBuilt, Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Err(vec![Diagnostic::error(dir, 0, 0, "not a folder")]);
    }
    let out = session.options().out_dir.clone();
    let mut built = SiteBuilt::default();
    let (settings, toml_path, foreword, crossref) = match read_folio_toml(dir)? {
        Some((toml, path)) => {
            let foreword = toml.foreword.as_ref().map(|f| dir.join(f));
            let crossref = toml.crossref.is_some();
            (toml.site.unwrap_or_default(), path, foreword, crossref)
        }
        None => (SiteToml::default(), dir.join("folio.toml"), None, false),
    };
    // With `[crossref]`, the site deposits its DOIs: its settings are checked before anything
    // is built.
    let depositor = match crossref {
        true => Some(crate::project::depositor(dir)?),
        false => None,
    };
    let base_url = match settings.base_url.as_deref().map(str::trim) {
        Some(url) if !url.is_empty() => Some(checked_base_url(url, &toml_path)?),
        _ => {
            built.warnings.push(
                Diagnostic::warning(
                    &toml_path,
                    0,
                    0,
                    "[site] base_url is not set: the site has no feed, no sitemap, no canonical links and no link-preview images",
                )
                .with_help("set `base_url = \"https://example.org/explainers/\"` under `[site]` in folio.toml"),
            );
            None
        }
    };
    let site_lang = settings
        .lang
        .as_deref()
        .map(|tag| {
            crate::source::parse_lang(tag).map_err(|msg| {
                vec![
                    Diagnostic::error(
                        &toml_path,
                        line_of(&toml_path, "lang"),
                        1,
                        format!("[site] lang: {msg}"),
                    )
                    .with_help("use a BCP 47 tag such as `en`, `en-GB`, `ur` or `hi-IN`"),
                ]
            })
        })
        .transpose()?;
    let (mut sources, notes) = crate::source::discover(&[dir.to_path_buf()]);
    built.warnings.extend(notes);
    let foreword = foreword.and_then(|f| std::fs::canonicalize(f).ok());
    sources.retain(|s| std::fs::canonicalize(s).ok() != foreword);

    // Each explainer: its page and its downloads in a folder of its own, built by the batch
    // (one pool, the site's one cache at its root).
    let brand = session
        .brand_for(&dir.join("folio.toml"))
        .map_err(|d| vec![d])?;
    for source in &sources {
        // Folio once kept a cache in each explainer's folder; the site's is at its root now,
        // and an old one would be published with the page.
        let _ = std::fs::remove_file(out.join(file_stem(source)).join(".folio-cache"));
    }
    let mut formats: Vec<Format> = session
        .options()
        .formats
        .iter()
        .copied()
        .filter(|f| *f != Format::Html)
        .collect();
    formats.push(Format::Html);
    let plan = Plan {
        formats,
        destination: Destination::Site {
            base_url: base_url.clone(),
            brand: brand.path().to_path_buf(),
        },
        jobs,
        force: false,
        keep_documents: true,
    };
    let run = crate::batch::build_all(session, &sources, &plan, &|_, _| {});
    built.warnings.extend(run.cache_warning);
    let mut docs: Vec<Document> = Vec::new();
    for (source, outcome) in sources.iter().zip(run.outcomes) {
        match outcome {
            Ok(done) => {
                built.written.extend(done.outputs);
                built.warnings.extend(done.warnings);
                docs.extend(done.document);
            }
            Err(diags) => built.failed.push((source.clone(), diags)),
        }
    }
    if docs.is_empty() {
        if built.failed.is_empty() {
            return Err(vec![Diagnostic::error(
                dir,
                0,
                0,
                "no explainer sources in the folder",
            )]);
        }
        return Ok(built);
    }

    // The site's own pages, in the words of its newest explainer's language.
    docs.sort_by_key(|d| std::cmp::Reverse((d.date, d.number)));
    let lang = site_lang.unwrap_or_else(|| docs[0].lang.clone());
    let title = settings
        .title
        .clone()
        .unwrap_or_else(|| brand.brand.publisher.name.clone());
    let description = settings.description.clone().unwrap_or_default();
    let mut entries = Vec::new();
    // Each author's page, under the spelling most pieces use, with the latest bio; every
    // byline that names them links it.
    let all: Vec<&Document> = docs.iter().collect();
    let contributors = crate::model::contributors::contributors(&all);
    let page_of = |name: &str| {
        let key = crate::model::name_key(name);
        let c = contributors
            .iter()
            .find(|c| crate::model::name_key(&c.name) == key);
        format!(
            "authors/{}/",
            href_segment(&slug_or(c.map_or(name, |c| &c.name), "author"))
        )
    };
    let mut pieces = Vec::new();
    for doc in &docs {
        let doc_words = brand.words(&doc.lang).map_err(|d| vec![d])?;
        let masthead = Masthead::lines(doc, &doc_words);
        entries.push(entry_of(doc, &masthead, base_url.as_deref(), &page_of));
        if depositor.is_some() && doc.doi.is_some() {
            pieces.push(Piece::new(
                doc.clone(),
                &doc_words,
                &brand.brand.publisher.name,
            ));
        }
    }
    let mut authors: BTreeMap<String, (AuthorPage, Vec<usize>)> = BTreeMap::new();
    for c in &contributors {
        let href = page_of(&c.name);
        let (page, pieces) = authors.entry(href.clone()).or_insert_with(|| {
            let page = AuthorPage {
                name: c.name.clone(),
                href,
                bio: c.bio.clone(),
                affiliation: c.affiliation.clone(),
                entries: Vec::new(),
            };
            (page, Vec::new())
        });
        pieces.extend(&c.pieces);
        // Two names that make one address share its page, newest piece first.
        pieces.sort_unstable();
        pieces.dedup();
        page.entries = pieces.iter().map(|&i| entries[i].clone()).collect();
    }
    let authors: BTreeMap<String, AuthorPage> = authors
        .into_iter()
        .map(|(href, (page, _))| (href, page))
        .collect();
    let mut years: Vec<(i32, Vec<Entry>)> = Vec::new();
    for e in &entries {
        match years.last_mut() {
            Some((y, list)) if *y == e.year => list.push(e.clone()),
            _ => years.push((e.year, vec![e.clone()])),
        }
    }
    let mut author_index: Vec<AuthorLink> = (authors.values())
        .map(|a| AuthorLink {
            name: a.name.clone(),
            href: a.href.clone(),
        })
        .collect();
    author_index.sort_by_key(|a| crate::model::name_key(&a.name));
    // The explainers' pages as written now or in an earlier run: the site's shared fonts
    // must show their text too.
    let page_texts = (docs.iter())
        .map(|doc| {
            out.join(
                plan.destination
                    .file(&file_stem(&doc.source_path), Format::Html),
            )
        })
        .filter_map(|page| std::fs::read_to_string(page).ok())
        .collect();
    let site = Site {
        title,
        description,
        lang,
        base_url,
        date: docs[0].date,
        entries,
        years,
        authors: authors.into_values().collect(),
        author_index,
        page_texts,
        origin: dir.to_path_buf(),
        deposit: Vec::new(),
    };
    built.pages = 1 + site.years.len() + site.authors.len();
    let place = Place {
        file: SITE_PAGE.into(),
        ..Place::default()
    };
    let rendered = session.render(Format::Html, Publication::Site(&site), &brand, &place);
    let index = out.join(SITE_PAGE);
    let mut outputs = vec![(Format::Html, index, String::new(), rendered)];
    // The Crossref deposit of the DOIs changed since the last one, written with the pages.
    let timestamp = session.options().settings.timestamp;
    let deposit = depositor.map(|d| Deposited::new(&out, d, pieces, timestamp));
    if let Some(deposit) = &deposit
        && !deposit.pieces.is_empty()
    {
        let site = Site {
            deposit: deposit.pieces.clone(),
            ..site
        };
        let place = Place {
            file: CROSSREF_DEPOSIT.into(),
            depositor: Some(deposit.depositor.clone()),
            ..Place::default()
        };
        let rendered = session.render(Format::Crossref, Publication::Site(&site), &brand, &place);
        outputs.push((
            Format::Crossref,
            out.join(CROSSREF_DEPOSIT),
            String::new(),
            rendered,
        ));
    }
    built.written.extend(
        write_all(outputs, &mut built.warnings)?
            .into_iter()
            .filter(|w| w.format == Format::Crossref),
    );
    if let Some(deposit) = deposit {
        deposit.record(&out)?;
    }
    Ok(built)
}

/// The site's Crossref deposit, at its root.
pub const CROSSREF_DEPOSIT: &str = "crossref.xml";

/// What the site last deposited, at its root: the timestamp of its last deposit and a
/// fingerprint of each DOI's record then.
const DEPOSITED: &str = ".folio-crossref.json";

/// The record of what the site's Crossref deposits registered.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Record {
    timestamp: u64,
    /// DOI → the fingerprint of its record as last deposited.
    records: BTreeMap<String, String>,
}

/// The site's next deposit: the explainers whose records changed since the last one.
struct Deposited {
    depositor: crate::render::crossref::Depositor,
    pieces: Vec<Piece>,
    record: Record,
}

impl Deposited {
    /// Of `pieces` (those with a DOI), the ones whose record differs from what the site's
    /// record in `out` says was last deposited (or was never deposited); the deposit's
    /// timestamp is `timestamp`, or later than the last deposit's.
    fn new(
        out: &Path,
        mut depositor: crate::render::crossref::Depositor,
        pieces: Vec<Piece>,
        timestamp: Option<u64>,
    ) -> Deposited {
        let mut record: Record = std::fs::read(out.join(DEPOSITED))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        depositor.after = record.timestamp;
        let mut changed = Vec::new();
        for piece in pieces {
            let (Some(doi), Some(print)) = (
                piece.doc.doi.clone(),
                crate::render::crossref::fingerprint(&piece, &depositor),
            ) else {
                continue;
            };
            if record.records.get(&doi) != Some(&print) {
                record.records.insert(doi, print);
                changed.push(piece);
            }
        }
        if let Some(newest) = changed.iter().map(|p| p.doc.date).max() {
            record.timestamp = timestamp
                .unwrap_or_else(|| crate::render::crossref::timestamp(newest, depositor.after));
        }
        Deposited {
            depositor,
            pieces: changed,
            record,
        }
    }

    /// Records what was deposited; with nothing changed, removes an earlier run's deposit, so
    /// a `crossref.xml` at the root is always the deposit of the run that left it.
    fn record(&self, out: &Path) -> Result<(), Vec<Diagnostic>> {
        if self.pieces.is_empty() {
            let stale = out.join(CROSSREF_DEPOSIT);
            if stale.is_file() {
                std::fs::remove_file(&stale)
                    .map_err(|e| vec![Diagnostic::io(&stale, "cannot remove", &e)])?;
            }
            return Ok(());
        }
        let bytes = serde_json::to_vec_pretty(&self.record).unwrap_or_default();
        crate::output::write_output(&out.join(DEPOSITED), &bytes)
    }
}

/// The entry of `doc` in the site's lists.
fn entry_of(
    doc: &Document,
    masthead: &Masthead,
    base_url: Option<&str>,
    page_of: &dyn Fn(&str) -> String,
) -> Entry {
    let stem = file_stem(&doc.source_path);
    let href = format!("{}/", href_segment(&stem));
    let summary = doc.summary.clone().unwrap_or_else(|| opening(&doc.lede));
    Entry {
        title: doc.title.clone(),
        subtitle: doc.subtitle.clone(),
        byline: masthead.byline.clone(),
        authors: doc
            .authors
            .iter()
            .map(|a| AuthorLink {
                name: a.name.clone(),
                href: page_of(&a.name),
            })
            .collect(),
        date: doc.date.to_string(),
        long_date: masthead.long_date.clone(),
        year: doc.date.year,
        series_label: masthead.series_label.clone(),
        summary,
        url: base_url.map(|b| format!("{b}{href}")),
        href,
    }
}

/// The lede's first paragraph as plain text, cut at a word near 240 characters.
fn opening(lede: &[Block]) -> String {
    let text = lede
        .iter()
        .find_map(|b| match b {
            Block::Paragraph { content } => Some(plain_text(content)),
            _ => None,
        })
        .unwrap_or_default();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 240 {
        return text;
    }
    let cut: String = text.chars().take(240).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}
