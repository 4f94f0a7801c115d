//! A site's own pages, from the [`Site`] model alone: its index (the series by year), a page
//! per year and per author, the Atom feed of the newest entries and the sitemap (both only
//! with a base URL), and the one stylesheet every page in the site's brand shares, its fonts
//! cut to what all of them show (so a reader's browser fetches them once for the whole site).

use minijinja::{Value, context};

use super::{STYLESHEET, font_files};
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::render::format::SITE_PAGE;
use crate::render::html;
use crate::render::{Context, Rendered};

/// How many entries the feed carries.
const FEED_ENTRIES: usize = 50;

/// The site's index page, with its other pages, feed, sitemap and shared stylesheet as files
/// relative to the site's root.
pub(super) fn render(site: &Site, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
    let env = html::environment(cx)?;
    let fill = |template: &str, data: Value| {
        let ctx = context! {
            brand => html::v(&cx.brand.brand),
            labels => html::v(cx.words),
            ..data
        };
        html::render_template(env, template, &ctx)
    };
    let (title, description, lang) = (&site.title, &site.description, html::v(&site.lang));
    let base_url = site.base_url.as_deref();
    let nav_years: Vec<i32> = site.years.iter().map(|(y, _)| *y).collect();
    let authors = html::v(&site.author_index);
    // One list page: its own data over what every page shares; `root` leads back to the top.
    let list_page = |data: Value, root: &str, path: &str| {
        let common = context! {
            site_title => title,
            site_description => description,
            lang => &lang,
            root => root,
            canonical => base_url.map(|b| format!("{b}{path}")),
            feed => base_url.is_some().then(|| format!("{root}feed.xml")),
            nav_years => &nav_years,
            authors => &authors,
        };
        fill(
            "web/site-list.html",
            minijinja::value::merge_maps([data, common]),
        )
    };
    let groups: Vec<_> = (site.years.iter())
        .map(|(y, list)| context! { heading => y.to_string(), href => format!("{y}/"), entries => html::v(list) })
        .collect();
    let index =
        context! { heading => title, intro => description, groups => groups, page_title => title };
    let index = list_page(index, "", "")?;
    let mut pages: Vec<(String, String)> = Vec::new();
    for (year, list) in &site.years {
        let data = context! {
            heading => year.to_string(),
            page_title => format!("{year} | {title}"),
            groups => vec![context! { entries => html::v(list) }],
        };
        let page = list_page(data, "../", &format!("{year}/"))?;
        pages.push((format!("{year}/{SITE_PAGE}"), page));
    }
    for author in &site.authors {
        let data = context! {
            heading => &author.name,
            page_title => format!("{} | {title}", author.name),
            bio => &author.bio,
            affiliation => &author.affiliation,
            groups => vec![context! { entries => html::v(&author.entries) }],
        };
        let page = list_page(data, "../../", &author.href)?;
        pages.push((format!("{}{SITE_PAGE}", author.href), page));
    }
    let mut texts: Vec<&str> = vec![index.as_str()];
    texts.extend(pages.iter().map(|(_, html)| html.as_str()));
    texts.extend(site.page_texts.iter().map(String::as_str));
    let mut files = stylesheet(cx, env, &texts)?;
    files.extend(
        pages
            .into_iter()
            .map(|(name, html)| (name, html.into_bytes())),
    );
    if let Some(base) = base_url {
        let entries = &site.entries;
        let feed = context! {
            site_title => title,
            site_description => description,
            base_url => base,
            lang => &lang,
            updated => entries.first().map(|e| &e.date),
            entries => html::v(&entries[..entries.len().min(FEED_ENTRIES)]),
        };
        files.push(("feed.xml".into(), fill("web/feed.xml", feed)?.into_bytes()));
        let newest = entries.first().map(|e| e.date.clone());
        let mut urls: Vec<(String, Option<String>)> = vec![(base.to_string(), newest)];
        urls.extend(nav_years.iter().map(|y| (format!("{base}{y}/"), None)));
        urls.extend((site.authors.iter()).map(|a| (format!("{base}{}", a.href), None)));
        urls.extend(
            entries
                .iter()
                .map(|e| (e.url.clone().unwrap_or_default(), Some(e.date.clone()))),
        );
        let urls: Vec<Value> = (urls.iter())
            .map(|(loc, lastmod)| context! { loc => loc, lastmod => lastmod })
            .collect();
        let sitemap = fill("web/sitemap.xml", context! { urls => urls })?;
        files.push(("sitemap.xml".into(), sitemap.into_bytes()));
    }
    Ok(Rendered {
        bytes: index.into_bytes(),
        files,
        pages: None,
        warnings: Vec::new(),
    })
}

/// The site's shared stylesheet and the fonts it names (subset to `texts`, every page that
/// uses it; with the mono font when one shows code), under `assets/`.
fn stylesheet(
    cx: &Context,
    env: &minijinja::Environment,
    texts: &[&str],
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let all = texts.concat();
    // Code shows in an element of its own (text that looks like one is escaped).
    let code = texts.iter().any(|t| t.contains("<code"));
    let fonts = html::fonts::fonts_for(cx.engine, &all, code, cx.brand);
    let ctx = context! {
        brand => html::v(&cx.brand.brand),
        labels => html::v(cx.words),
        fonts => html::v(&fonts),
    };
    let css = html::render_template(env, "web/style.css", &ctx)?;
    let mut files = font_files(&fonts, texts, &css);
    files.push((STYLESHEET.to_string(), css.into_bytes()));
    let assets = |(name, bytes): (String, Vec<u8>)| (format!("assets/{name}"), bytes);
    Ok(files.into_iter().map(assets).collect())
}
