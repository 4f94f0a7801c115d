//! A series' site as its own pages show it: its explainers newest first, by year and by
//! author, with the site's title, language and address. `crate::site` makes it from the
//! explainers it built; the web backend lays out its pages (index, years, authors, feed,
//! sitemap) from it alone.

use std::path::PathBuf;

use serde::Serialize;

use super::{Date, Lang, Piece};

/// The site's own pages' content.
#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub description: String,
    /// The language of the site's own pages.
    pub lang: Lang,
    /// The site's address, ending in `/`: without it there is no feed and no sitemap.
    pub base_url: Option<String>,
    /// Every explainer, newest first.
    pub entries: Vec<Entry>,
    /// The entries by year, newest year first.
    pub years: Vec<(i32, Vec<Entry>)>,
    /// An author's page each, in the order of their addresses.
    pub authors: Vec<AuthorPage>,
    /// The authors as the pages' navigation lists them: by family name.
    pub author_index: Vec<AuthorLink>,
    /// The explainers' own pages as written, whose text the site's shared fonts must show too.
    pub page_texts: Vec<String>,
    /// The folder of sources, named by diagnostics about the site.
    pub origin: PathBuf,
    /// The newest explainer's date.
    pub date: Date,
    /// The explainers whose DOIs the site's Crossref deposit registers (those changed since
    /// the last one), newest first; empty without `[crossref]`.
    pub deposit: Vec<Piece>,
}

/// One explainer as the site's lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub title: String,
    pub subtitle: Option<String>,
    pub byline: String,
    pub authors: Vec<AuthorLink>,
    pub date: String,
    pub long_date: String,
    pub year: i32,
    pub series_label: Option<String>,
    /// The summary, or the lede's opening.
    pub summary: String,
    /// The explainer's folder, as an address relative to the site's root.
    pub href: String,
    /// Its absolute address, with a base URL.
    pub url: Option<String>,
}

/// An author of an entry, and their page.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorLink {
    pub name: String,
    /// `authors/<slug>/`, relative to the site's root.
    pub href: String,
}

/// An author's page: their latest bio and their pieces.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorPage {
    pub name: String,
    /// `authors/<slug>/`: its folder and its address (a slug's letters need no encoding).
    pub href: String,
    pub bio: Option<String>,
    pub affiliation: Option<String>,
    pub entries: Vec<Entry>,
}
