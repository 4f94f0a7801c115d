//! Assembling books of many explainers: collections and the annual compilation.
//!
//! A [`Book`] (the model, in [`crate::model::book`]) is assembled here from parsed
//! [`Document`]s and the book's own settings ([`BookMeta`], from the command line or
//! `folio.toml`): chapters in order, each keeping its own title block, bio box, references and
//! notes; the contributors (every author once, deduplicated by name); the author index; and,
//! for the annual, the series catalogue (see [`catalogue`]). Everything a book shows is decided
//! here, once, for every format; the backends only lay it out. Inconsistencies found on the way
//! (a series number used twice, an author spelled two ways) come back as warnings, never
//! silently fixed.

mod build;
pub mod catalogue;
pub mod config;

use std::collections::BTreeMap;
use std::path::Path;

use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;
use crate::model::book::{Contributor, Foreword, IndexEntry};
use crate::model::{Block, Document, Inline, Piece, name_key};

pub use crate::model::book::{Book, Chapter, Kind};
pub use build::{BookRequest, build};
pub use catalogue::CatalogueEntry;
pub use config::BookMeta;

/// How chapters are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Order {
    /// By date, then series number, then title.
    #[default]
    Date,
    /// As the inputs were given.
    Input,
}

/// Makes a book of `docs` (parsed sources in input order). Returns the book and warnings
/// about inconsistencies in the material.
pub fn assemble(
    kind: Kind,
    mut meta: BookMeta,
    mut docs: Vec<Document>,
    order: Order,
    catalogue: Option<Vec<CatalogueEntry>>,
    brand: &LoadedBrand,
    origin: &Path,
) -> Result<(Book, Vec<Diagnostic>), Vec<Diagnostic>> {
    if docs.is_empty() {
        return Err(vec![Diagnostic::error(
            origin,
            0,
            0,
            "the book has no explainers",
        )]);
    }
    let mut warnings = Vec::new();
    if order == Order::Date {
        docs.sort_by(|a, b| (a.date, a.number, &a.title).cmp(&(b.date, b.number, &b.title)));
    }
    warnings.extend(duplicate_numbers(&docs).into_iter().map(|(_, d)| d));

    let contributors = contributors(&docs, &mut warnings);
    // One spelling of each name throughout the book: chapters' bylines and bio boxes use the
    // contributor's (the warning above tells the author which sources differ).
    for doc in &mut docs {
        for a in &mut doc.authors {
            let key = name_key(&a.name);
            if let Some(c) = contributors.iter().find(|c| name_key(&c.name) == key)
                && c.name != a.name
            {
                if let Some(bio) = &mut a.bio
                    && let Some(rest) = bio.strip_prefix(a.name.as_str())
                {
                    *bio = format!("{}{rest}", c.name);
                }
                a.name = c.name.clone();
            }
        }
    }
    let mut assets = Vec::new();
    let publisher = &brand.brand.publisher.name;
    let chapters: Vec<Chapter> = docs
        .into_iter()
        .enumerate()
        .map(|(i, mut doc)| {
            let id = crate::model::ids::chapter(i + 1);
            rehome_assets(&mut doc, &id);
            assets.extend(doc.assets.iter().cloned());
            // Each chapter is worded in its own language.
            let words = brand.words(&doc.lang).map_err(|d| vec![d])?;
            let prefix = crate::model::ids::prefix(&id);
            Ok(Chapter {
                piece: Piece::chapter(doc, &words, publisher, prefix),
                number: i + 1,
                id,
            })
        })
        .collect::<Result<_, Vec<Diagnostic>>>()?;
    let mut index: Vec<IndexEntry> = contributors
        .iter()
        .map(|c| IndexEntry {
            sort_name: c.sort_name.clone(),
            name: c.name.clone(),
            chapters: c.chapters.clone(),
        })
        .collect();
    index.sort_by_key(|e| sort_key(&e.sort_name));

    let date = chapters
        .iter()
        .map(|c| c.piece.doc.date)
        .max()
        .expect("a book has chapters");
    let year = meta.year.unwrap_or(date.year);
    let publisher = meta
        .publisher
        .clone()
        .unwrap_or_else(|| brand.brand.publisher.name.clone());
    let lang = chapters[0].piece.doc.lang.clone();
    let words = brand.words(&lang).map_err(|d| vec![d])?;
    if meta.title.is_empty() {
        // "CWA Annual 2025", in the book's language.
        let docs: Vec<&Document> = chapters.iter().map(|c| &c.piece.doc).collect();
        let series = most_common_series(&docs).unwrap_or(&brand.brand.publisher.short);
        meta.title = format!("{series} {} {year}", words.labels.annual);
    }
    let catalogue = (kind == Kind::Annual)
        .then(|| catalogue::rows(&chapters, catalogue.unwrap_or_default(), year, &words));
    let mut foreword = None;
    if let Some(f) = meta.foreword_body {
        let mut f = f;
        for asset in &mut f.assets {
            asset.path = asset.path.replacen("/assets/", "/assets/foreword/", 1);
        }
        let rename = |p: &mut String| *p = p.replacen("/assets/", "/assets/foreword/", 1);
        rename_images(&mut f.blocks, &rename);
        for note in &mut f.footnotes {
            rename_images(&mut note.blocks, &rename);
        }
        assets.extend(f.assets);
        foreword = Some(Foreword {
            blocks: f.blocks,
            footnotes: f.footnotes,
            prefix: crate::model::ids::FOREWORD.to_string(),
        });
    }
    let editor_line = (!meta.editors.is_empty())
        .then(|| format!("{} {}", words.labels.edited_by, words.join(&meta.editors)));
    let copyright = meta
        .copyright
        .unwrap_or_else(|| format!("© {year} {publisher}"));
    let book = Book {
        kind,
        title: meta.title,
        subtitle: meta.subtitle,
        editor_line,
        editors: meta.editors,
        publisher,
        year,
        date,
        lang,
        isbn_print: meta.isbn_print,
        isbn_epub: meta.isbn_epub,
        copyright,
        foreword,
        chapters,
        contributors,
        index,
        catalogue,
        assets,
        origin: origin.to_path_buf(),
        stem: String::new(),
    };
    Ok((book, warnings))
}

/// Moves a chapter's images under `/assets/<id>/`, so two chapters' `/assets/1.png` differ.
fn rehome_assets(doc: &mut Document, id: &str) {
    let to = format!("/assets/{id}/");
    let rename = |p: &mut String| *p = p.replacen("/assets/", &to, 1);
    for asset in &mut doc.assets {
        rename(&mut asset.path);
    }
    if let Some(img) = &mut doc.image {
        rename(&mut img.path);
    }
    rename_images(&mut doc.lede, &rename);
    for s in &mut doc.sections {
        rename_images(&mut s.blocks, &rename);
    }
    for n in &mut doc.footnotes {
        rename_images(&mut n.blocks, &rename);
    }
}

/// Applies `rename` to the path of every image in `blocks` (figures and inline images).
fn rename_images(blocks: &mut [Block], rename: &dyn Fn(&mut String)) {
    for block in blocks.iter_mut() {
        match block {
            Block::Figure { path, .. } => rename(path),
            Block::Quote { blocks } => rename_images(blocks, rename),
            Block::List { items, .. } => {
                for item in items {
                    rename_images(&mut item.blocks, rename);
                }
            }
            _ => {}
        }
    }
    crate::model::for_each_inline_mut(blocks, &mut |inl| {
        if let Inline::Image { path, .. } = inl {
            rename(path);
        }
    });
}

/// A warning for every explainer whose series and number an earlier one in `docs` already has,
/// with the explainer's index in `docs` (the warning names no line: callers that know where
/// `number:` is set it). Shared by books and `folio check`.
pub fn duplicate_numbers<'d>(
    docs: impl IntoIterator<Item = &'d Document>,
) -> Vec<(usize, Diagnostic)> {
    let mut seen: BTreeMap<(Option<&str>, u32), &Path> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let Some(n) = doc.number else { continue };
        let key = (doc.series.as_deref(), n);
        if let Some(first) = seen.get(&key) {
            let label = doc.series_label().unwrap_or_else(|| format!("#{n}"));
            out.push((
                i,
                Diagnostic::warning(
                    &doc.source_path,
                    0,
                    0,
                    format!("{label} is also the number of {}", first.display()),
                )
                .with_help("give each explainer its own number in the series"),
            ));
        } else {
            seen.insert(key, &doc.source_path);
        }
    }
    out
}

/// "Surname, Given names" (the last word is taken as the surname); a one-word name as it is,
/// and a name ending in initials ("Lekshmi MK") too. A trailing parenthesis (the name in
/// another script) stays at the end.
pub fn inverted(name: &str) -> String {
    crate::model::PersonName::parse(name).inverted()
}

/// How index entries sort: by the inverted name, ignoring case and accents' absence of order.
fn sort_key(sort_name: &str) -> String {
    sort_name.to_lowercase()
}

/// Every author of `chapters` (the book's, in order) once (see [`crate::model::contributors`]),
/// by their index name. Warns when one author's name is spelled two ways.
fn contributors(chapters: &[Document], warnings: &mut Vec<Diagnostic>) -> Vec<Contributor> {
    let docs: Vec<&Document> = chapters.iter().collect();
    let mut out: Vec<Contributor> = crate::model::contributors::contributors(&docs)
        .into_iter()
        .map(|c| {
            if c.spellings.len() > 1 {
                let file_of =
                    |s: &crate::model::contributors::Spelling| &docs[s.uses[0].0].source_path;
                let listed: Vec<String> = (c.spellings.iter())
                    .map(|s| format!("`{}` ({})", s.name, file_of(s).display()))
                    .collect();
                let file = c
                    .spellings
                    .iter()
                    .map(file_of)
                    .max()
                    .expect("two spellings");
                warnings.push(
                    Diagnostic::warning(
                        file,
                        0,
                        0,
                        format!(
                            "one author's name is spelled {} ways: {}",
                            listed.len(),
                            listed.join(", ")
                        ),
                    )
                    .with_help(format!(
                        "the book uses `{}`; spell it the same way in every source",
                        c.name
                    )),
                );
            }
            Contributor {
                sort_name: inverted(&c.name),
                chapters: (c.pieces.iter())
                    .map(|&i| crate::model::ids::chapter(i + 1))
                    .collect(),
                name: c.name,
                bio: c.bio,
                affiliation: c.affiliation,
            }
        })
        .collect();
    out.sort_by_key(|c| sort_key(&c.sort_name));
    out
}

/// The series most chapters belong to (the first such, on a tie).
fn most_common_series<'d>(docs: &[&'d Document]) -> Option<&'d str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in docs.iter().filter_map(|d| d.series.as_deref()) {
        match counts.iter_mut().find(|(name, _)| *name == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(s, _)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_names_put_the_last_word_first() {
        assert_eq!(inverted("D. Suba Chandran"), "Chandran, D. Suba");
        assert_eq!(inverted("Plato"), "Plato");
        assert_eq!(inverted("Lekshmi MK"), "Lekshmi MK");
        assert_eq!(inverted("Farah Naz (فرح ناز)"), "Naz, Farah (فرح ناز)");
    }
}
