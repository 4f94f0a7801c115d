//! `folio site`: a folder of explainers as a static site that works from any static host and
//! from `file://`.
//!
//! Each explainer gets `SITE/<stem>/index.html` (the web edition, `crate::render::web`) with its
//! downloads beside it, built in the same run; the site adds its index (newest first, by year),
//! a page per year and per author, an Atom feed of the newest 50 and a sitemap. Settings come
//! from `[site]` in the folder's `folio.toml`; `base_url` makes the absolute addresses feeds,
//! sitemaps, canonical links and link previews need, and without it those are left out with a
//! warning. One source that fails does not stop the others; the site's own pages list those
//! that built.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::{Value, context};
use serde::Serialize;

use crate::batch::cache::{self, Cache};
use crate::book::config::{SiteToml, read_folio_toml};
use crate::diag::Diagnostic;
use crate::model::{Block, Document, Masthead, plain_text};
use crate::render::web::{self, Download, Page, href_segment};
use crate::render::{Format, Publication};
use crate::session::{Session, Written, write_all};

/// `x` as template data.
fn v<T: Serialize + ?Sized>(x: &T) -> Value {
    Value::from(minijinja::value::Serde(x))
}

/// How many entries the feed carries.
const FEED_ENTRIES: usize = 50;

/// What a site build did: the files written, the sources that failed, and warnings.
#[derive(Debug, Default)]
pub struct SiteBuilt {
    pub written: Vec<Written>,
    pub pages: usize,
    pub failed: Vec<(PathBuf, Vec<Diagnostic>)>,
    pub warnings: Vec<Diagnostic>,
}

/// One explainer as the site's lists show it.
#[derive(Debug, Clone, Serialize)]
struct Entry {
    title: String,
    subtitle: Option<String>,
    byline: String,
    authors: Vec<AuthorLink>,
    date: String,
    long_date: String,
    year: i32,
    series_label: Option<String>,
    /// The summary, or the lede's opening.
    summary: String,
    /// The explainer's folder, as an address relative to the site's root.
    href: String,
    /// Its absolute address, with a base URL.
    url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct AuthorLink {
    name: String,
    /// `authors/<slug>/`, relative to the site's root.
    href: String,
}

/// An author's page: their latest bio and their pieces.
#[derive(Debug, Clone, Serialize)]
struct AuthorPage {
    name: String,
    /// `authors/<slug>/`: its folder and its address (a slug's letters need no encoding).
    href: String,
    bio: Option<String>,
    affiliation: Option<String>,
    entries: Vec<Entry>,
}

/// Builds the site of the explainers in `dir` into the session's output folder.
pub fn build(session: &Session, dir: &Path) -> Result<SiteBuilt, Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Err(vec![Diagnostic::error(dir, 0, 0, "not a folder")]);
    }
    let out = session.options().out_dir.clone();
    let mut built = SiteBuilt::default();
    let (settings, toml_path, foreword) = match read_folio_toml(dir)? {
        Some((toml, path)) => {
            let foreword = toml.foreword.as_ref().map(|f| dir.join(f));
            (toml.site.unwrap_or_default(), path, foreword)
        }
        None => (SiteToml::default(), dir.join("folio.toml"), None),
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

    // Each explainer: its page and its downloads, in its own folder.
    let downloads: Vec<Format> = session
        .options()
        .formats
        .iter()
        .copied()
        .filter(|f| *f != Format::Html)
        .collect();
    let brand = session
        .brand_for(&dir.join("folio.toml"))
        .map_err(|d| vec![d])?;
    // One cache for the whole site, at its root: read by the workers, written once at the end.
    let mut cache = Cache::load(&out);
    let mut docs: Vec<(Document, crate::brand::LoadedBrand)> = Vec::new();
    // Explainers side by side, one worker per core, results in the sources' order.
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut results: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|w| {
                let (sources, out, base, downloads, cache) =
                    (&sources, &out, base_url.as_deref(), &downloads, &cache);
                let site = Placement {
                    out,
                    base_url: base,
                    brand: brand.path(),
                    cache,
                };
                scope.spawn(move || {
                    sources
                        .iter()
                        .enumerate()
                        .skip(w)
                        .step_by(jobs)
                        .map(|(i, source)| {
                            let result = build_explainer(session, source, &site, downloads);
                            // As in a batch: typst's memo would keep every layout (3 GB for
                            // 200 explainers); keep what the next ones reuse.
                            typst::comemo::evict(2);
                            (i, result)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    for (i, result) in results {
        let source = &sources[i];
        match result {
            Ok((doc, brand, written, warnings)) => {
                for w in written.iter().filter(|w| !w.unchanged) {
                    cache.record(&w.path, &w.hash);
                }
                built.written.extend(written);
                built.warnings.extend(warnings);
                docs.push((doc, brand));
            }
            Err(diags) => built.failed.push((source.clone(), diags)),
        }
    }
    if docs.is_empty() {
        let _ = cache.save();
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
    docs.sort_by_key(|d| std::cmp::Reverse((d.0.date, d.0.number)));
    let lang = site_lang.unwrap_or_else(|| docs[0].0.lang.clone());
    let words = brand.words(&lang).map_err(|d| vec![d])?;
    let title = settings
        .title
        .clone()
        .unwrap_or_else(|| brand.brand.publisher.name.clone());
    let description = settings.description.clone().unwrap_or_default();
    let mut entries = Vec::new();
    let mut authors: BTreeMap<String, AuthorPage> = BTreeMap::new();
    for (doc, _) in &docs {
        let doc_words = brand.words(&doc.lang).map_err(|d| vec![d])?;
        let masthead = Masthead::lines(doc, &doc_words);
        let entry = entry_of(doc, &masthead, base_url.as_deref());
        for (author, link) in doc.authors.iter().zip(&entry.authors) {
            let page = authors
                .entry(link.href.clone())
                .or_insert_with(|| AuthorPage {
                    name: author.name.clone(),
                    href: link.href.clone(),
                    bio: None,
                    affiliation: None,
                    entries: Vec::new(),
                });
            // Newest first, so the first bio seen is the latest.
            if page.bio.is_none() {
                page.bio = author.bio.clone();
                page.affiliation = author.affiliation.clone();
            }
            page.entries.push(entry.clone());
        }
        entries.push(entry);
    }
    let mut years: Vec<(i32, Vec<Entry>)> = Vec::new();
    for e in &entries {
        match years.last_mut() {
            Some((y, list)) if *y == e.year => list.push(e.clone()),
            _ => years.push((e.year, vec![e.clone()])),
        }
    }
    let mut author_list: Vec<&AuthorPage> = authors.values().collect();
    author_list.sort_by_key(|a| crate::book::name_key(&a.name));
    let nav_years: Vec<i32> = years.iter().map(|(y, _)| *y).collect();
    let absolute = |path: &str| base_url.as_ref().map(|b| format!("{b}{path}"));
    let common = |root: &str, path: &str| {
        context! {
            site_title => &title,
            site_description => &description,
            lang => v(&lang),
            root => root,
            canonical => absolute(path),
            feed => base_url.is_some().then(|| format!("{root}feed.xml")),
            nav_years => &nav_years,
            authors => author_list.iter().map(|a| context! { name => &a.name, href => &a.href }).collect::<Vec<_>>(),
        }
    };
    // One list page: its own data over what every page shares; `root` leads back to the top.
    let list_page = |data: Value, root: &str, path: &str| {
        web::site_page(
            session.engine(),
            &brand,
            &words,
            "web/site-list.html",
            minijinja::value::merge_maps([data, common(root, path)]),
        )
    };
    let groups: Vec<_> = years
        .iter()
        .map(|(y, list)| context! { heading => y.to_string(), href => format!("{y}/"), entries => v(list) })
        .collect();
    let index = context! { heading => &title, intro => &description, groups => groups, page_title => &title };
    let mut pages: Vec<(String, String)> = vec![("index.html".into(), list_page(index, "", "")?)];
    for (year, list) in &years {
        let data = context! {
            heading => year.to_string(),
            page_title => format!("{year} | {title}"),
            groups => vec![context! { entries => v(list) }],
        };
        pages.push((
            format!("{year}/index.html"),
            list_page(data, "../", &format!("{year}/"))?,
        ));
    }
    for author in authors.values() {
        let data = context! {
            heading => &author.name,
            page_title => format!("{} | {title}", author.name),
            bio => &author.bio,
            affiliation => &author.affiliation,
            groups => vec![context! { entries => v(&author.entries) }],
        };
        let page = list_page(data, "../../", &author.href)?;
        pages.push((format!("{}index.html", author.href), page));
    }
    // One stylesheet for every page, its fonts cut to what all of them show (so a reader's
    // browser fetches them once for the whole site): the site's own pages, and each
    // explainer's as written now or in an earlier run.
    let mut texts: Vec<String> = pages.iter().map(|(_, html)| html.clone()).collect();
    for (doc, _) in &docs {
        let page = out
            .join(crate::batch::stem(&doc.source_path))
            .join("index.html");
        texts.extend(std::fs::read_to_string(page).ok());
    }
    let mut files: Vec<(String, Vec<u8>)> =
        web::site_stylesheet(session.engine(), &brand, &words, &texts)?
            .into_iter()
            .map(|(name, bytes)| (format!("assets/{name}"), bytes))
            .collect();
    built.pages = pages.len();
    files.extend(
        pages
            .into_iter()
            .map(|(name, html)| (name, html.into_bytes())),
    );
    if let Some(base) = &base_url {
        let feed = web::site_page(
            session.engine(),
            &brand,
            &words,
            "web/feed.xml",
            context! {
                site_title => &title,
                site_description => &description,
                base_url => base,
                lang => v(&lang),
                updated => &entries[0].date,
                entries => v(&entries[..entries.len().min(FEED_ENTRIES)]),
            },
        )?;
        files.push(("feed.xml".into(), feed.into_bytes()));
        let mut urls: Vec<(String, Option<String>)> =
            vec![(base.clone(), Some(entries[0].date.clone()))];
        urls.extend(nav_years.iter().map(|y| (format!("{base}{y}/"), None)));
        urls.extend(
            authors
                .values()
                .map(|a| (format!("{base}{}", a.href), None)),
        );
        urls.extend(
            entries
                .iter()
                .map(|e| (e.url.clone().unwrap_or_default(), Some(e.date.clone()))),
        );
        let sitemap = web::site_page(
            session.engine(),
            &brand,
            &words,
            "web/sitemap.xml",
            context! { urls => urls.iter().map(|(loc, lastmod)| context! { loc => loc, lastmod => lastmod }).collect::<Vec<_>>() },
        )?;
        files.push(("sitemap.xml".into(), sitemap.into_bytes()));
    }
    for (name, bytes) in files {
        let path = out.join(&name);
        crate::output::write_output(&path, &bytes)?;
    }
    // A cache that cannot be written costs the next run time, not this one its outputs.
    let _ = cache.save();
    Ok(built)
}

/// Where the site's explainers go and what they share.
struct Placement<'a> {
    /// The site's folder.
    out: &'a Path,
    base_url: Option<&'a str>,
    /// The file the site's brand was read from.
    brand: &'a Path,
    /// The site's cache as the run found it.
    cache: &'a Cache,
}

/// Renders and writes one explainer's page and downloads under `out/<stem>/`; what the cache
/// says is up to date is not rendered again. A page in the site's brand uses the site's
/// stylesheet; one with a brand of its own has its own.
#[allow(clippy::type_complexity)]
fn build_explainer(
    session: &Session,
    source: &Path,
    site: &Placement,
    formats: &[Format],
) -> Result<
    (
        Document,
        crate::brand::LoadedBrand,
        Vec<Written>,
        Vec<Diagnostic>,
    ),
    Vec<Diagnostic>,
> {
    let loaded = crate::source::load(source)?;
    let doc = loaded.document;
    let mut warnings = loaded.warnings;
    let brand = session.brand_for(source).map_err(|d| vec![d])?;
    warnings.extend(session.missing_glyphs(&doc));
    let stem = crate::batch::stem(source);
    let (base_url, folder) = (site.base_url, site.out.join(&stem));
    let words = brand.words(&doc.lang).map_err(|d| vec![d])?;
    let page = Page {
        assets: "assets/".into(),
        assets_href: "assets/".into(),
        base_url: base_url.map(str::to_string),
        path: format!("{}/index.html", href_segment(&stem)),
        stylesheet: (brand.path() == site.brand).then(|| "../assets/style.css".into()),
        downloads: formats
            .iter()
            .flat_map(|f| Download::all(*f, &stem, &words))
            .collect(),
    };
    // What is up to date (its hash in the folder's cache, its file there) is not rendered again;
    // a page's hash also covers the site's address and the downloads it links.
    let content = cache::content_hash(session.fingerprint(), &doc, &brand);
    let settings = &session.options().settings;
    let mut todo: Vec<(Format, PathBuf, String)> = formats
        .iter()
        .map(|&f| {
            let path = folder.join(format!("{stem}{}", f.suffix()));
            (f, path, cache::output_hash(&content, f, settings))
        })
        .collect();
    let page_key = format!("{content}|{base_url:?}|{formats:?}|{:?}", page.stylesheet);
    todo.push((
        Format::Html,
        folder.join("index.html"),
        cache::output_hash(&page_key, Format::Html, settings),
    ));
    // Folio once kept a cache in each explainer's folder; the site's is at its root now, and
    // an old one would be published with the page.
    let _ = std::fs::remove_file(folder.join(".folio-cache"));
    let mut unchanged = Vec::new();
    todo.retain(|(format, path, hash)| {
        // A site's page is whole with its card (and its own stylesheet, when it does not use
        // the site's); other outputs with what they write beside them.
        let whole = match format {
            Format::Html => {
                folder.join("assets/card.png").is_file()
                    && (page.stylesheet.is_some() || folder.join("assets/style.css").is_file())
            }
            f => f.companions(&stem).iter().all(|n| folder.join(n).is_file()),
        };
        let fresh = whole && site.cache.is_fresh(path, hash);
        if fresh {
            unchanged.push(Written {
                format: *format,
                path: path.clone(),
                pages: None,
                hash: hash.clone(),
                unchanged: true,
            });
        }
        !fresh
    });
    let mut rendered = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = todo
            .iter()
            .map(|(f, path, hash)| {
                let (doc, brand, page) = (&doc, &brand, &page);
                let f = *f;
                let job = scope.spawn(move || match f {
                    Format::Html => session.render_web_page(doc, brand, page),
                    _ => session.render(f, Publication::Explainer(doc), brand),
                });
                (f, path.clone(), hash.clone(), job)
            })
            .collect();
        for (f, path, hash, job) in handles {
            let result = job
                .join()
                .unwrap_or_else(|_| Err(vec![Diagnostic::error(source, 0, 0, "rendering failed")]));
            rendered.push((f, path, hash, result));
        }
    });
    let mut written = write_all(rendered, &mut warnings)?;
    written.extend(unchanged);
    Ok((doc, brand, written, warnings))
}

/// The entry of `doc` in the site's lists.
fn entry_of(doc: &Document, masthead: &Masthead, base_url: Option<&str>) -> Entry {
    let stem = crate::batch::stem(&doc.source_path);
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
                href: format!("authors/{}/", href_segment(&slug(&a.name))),
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

/// An author's folder name: letters and digits of any script in lower case, words joined by
/// hyphens ("Farah Naz" → `farah-naz`; "فرح ناز" → `فرح-ناز`).
fn slug(name: &str) -> String {
    let mut out = String::new();
    let kept = |c: char| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
    for word in name.split(|c: char| !kept(c)).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    if out.is_empty() { "author".into() } else { out }
}

/// `url` as the site's base address (absolute http(s), ending in `/`), or an error at its line.
fn checked_base_url(url: &str, toml: &Path) -> Result<String, Vec<Diagnostic>> {
    let with_slash = if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    };
    match url::Url::parse(&with_slash) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(with_slash),
        _ => {
            let line = line_of(toml, "base_url");
            Err(vec![
                Diagnostic::error(toml, line, 1, format!("[site] base_url `{url}` is not an http(s) address"))
                    .with_help("write the address the site is published at, e.g. `https://example.org/explainers/`"),
            ])
        }
    }
}

/// The line of `folio.toml` that sets `key` (0 if none does).
fn line_of(toml: &Path, key: &str) -> usize {
    std::fs::read_to_string(toml)
        .ok()
        .and_then(|t| {
            t.lines().position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_every_script_and_drop_punctuation() {
        assert_eq!(slug("Farah Naz"), "farah-naz");
        assert_eq!(slug("D. Suba Chandran"), "d-suba-chandran");
        assert_eq!(slug("فرح ناز"), "فرح-ناز");
        assert_eq!(slug("Aditya Verma (आदित्य वर्मा)"), "aditya-verma-आदित्य-वर्मा");
        assert_eq!(slug("..."), "author");
    }
}
