//! Templates and fonts: embedded in the binary, overridable from folders.
//!
//! folio runs offline from a single binary, so its layout templates (`templates/`) and OFL
//! fonts (`fonts/`) are compiled in. `--templates DIR` replaces any template by file name (and
//! may add files, such as a logo a template uses); `--fonts DIR` adds font files whose families a
//! brand can then name.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostic;

/// Embeds files of `templates/` under their names there.
macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../templates/", $name)))),*]
    };
}

/// Files of `templates/`, by name.
const TEMPLATES: &[(&str, &[u8])] = templates![
    "brand.toml",
    "explainer.typ",
    "components.typ",
    "cover.typ",
    "card.typ",
    "print.typ",
    "book.typ",
    "book-parts.typ",
    "book-cover.typ",
    "new.md",
    "title-fit.typ",
    "references.csl",
    "references-locale.xml",
    "epub/content.xhtml",
    "epub/explainer-body.xhtml",
    "epub/nav.xhtml",
    "epub/cover.xhtml",
    "epub/package.opf",
    "epub/style.css",
    "epub/book-package.opf",
    "epub/book-nav.xhtml",
    "epub/book-cover.xhtml",
    "epub/book-title.xhtml",
    "epub/book-foreword.xhtml",
    "epub/book-contributors.xhtml",
    "epub/book-index.xhtml",
    "epub/book-catalogue.xhtml",
    "epub/book-title-body.xhtml",
    "epub/book-imprint-body.xhtml",
    "epub/book-contents-body.xhtml",
    "epub/book-foreword-body.xhtml",
    "epub/book-contributors-body.xhtml",
    "epub/book-index-body.xhtml",
    "epub/book-catalogue-body.xhtml",
    "web/page.html",
    "web/book.html",
    "web/head.html",
    "web/footer.html",
    "web/style.css",
    "web/site-list.html",
    "web/feed.xml",
    "web/sitemap.xml",
    "docx/document.xml",
    "docx/explainer-body.xml",
    "docx/book.xml",
    "docx/macros.xml",
    "docx/styles.xml",
    "docx/numbering.xml",
    "docx/footnotes.xml",
    "docx/settings.xml",
    "docx/core.xml",
    "docx/app.xml",
    "docx/content-types.xml",
    "docx/package-rels.xml",
    "docx/part-rels.xml",
    "crossref/deposit.xml",
    "labels/en.toml",
    "labels/fr.toml",
    "labels/de.toml",
    "labels/es.toml",
    "labels/hi.toml",
    "labels/ur.toml",
    "labels/ar.toml",
];

/// The embedded fonts (OFL; licences in `fonts/licenses/`).
const FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/CharisSIL-Regular.ttf"),
    include_bytes!("../fonts/CharisSIL-Italic.ttf"),
    include_bytes!("../fonts/CharisSIL-Bold.ttf"),
    include_bytes!("../fonts/CharisSIL-BoldItalic.ttf"),
    include_bytes!("../fonts/Inter-Regular.otf"),
    include_bytes!("../fonts/Inter-Italic.otf"),
    include_bytes!("../fonts/Inter-SemiBold.otf"),
    include_bytes!("../fonts/Inter-Bold.otf"),
    include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoNaskhArabic-Bold.ttf"),
    include_bytes!("../fonts/NotoSansDevanagari-Regular.ttf"),
    include_bytes!("../fonts/NotoSansDevanagari-Bold.ttf"),
    include_bytes!("../fonts/NotoSansBengali-Regular.ttf"),
    include_bytes!("../fonts/NotoSansBengali-Bold.ttf"),
    include_bytes!("../fonts/NotoSansGurmukhi-Regular.ttf"),
    include_bytes!("../fonts/NotoSansGurmukhi-Bold.ttf"),
    include_bytes!("../fonts/NotoSansGujarati-Regular.ttf"),
    include_bytes!("../fonts/NotoSansGujarati-Bold.ttf"),
    include_bytes!("../fonts/NotoSansOriya-Regular.ttf"),
    include_bytes!("../fonts/NotoSansOriya-Bold.ttf"),
    include_bytes!("../fonts/NotoSansTamil-Regular.ttf"),
    include_bytes!("../fonts/NotoSansTamil-Bold.ttf"),
    include_bytes!("../fonts/NotoSansTelugu-Regular.ttf"),
    include_bytes!("../fonts/NotoSansTelugu-Bold.ttf"),
    include_bytes!("../fonts/NotoSansKannada-Regular.ttf"),
    include_bytes!("../fonts/NotoSansKannada-Bold.ttf"),
    include_bytes!("../fonts/NotoSansMalayalam-Regular.ttf"),
    include_bytes!("../fonts/NotoSansMalayalam-Bold.ttf"),
    include_bytes!("../fonts/NotoSansSinhala-Regular.ttf"),
    include_bytes!("../fonts/NotoSansSinhala-Bold.ttf"),
    include_bytes!("../fonts/NotoSansMono-Regular.ttf"),
    include_bytes!("../fonts/NotoColorEmoji.ttf"),
];

/// Largest file accepted from an override folder.
const MAX_OVERRIDE_BYTES: u64 = 64 * 1024 * 1024;

/// The templates in effect: embedded ones, with a user's folder laid over them.
#[derive(Debug, Clone)]
pub struct Templates {
    files: BTreeMap<String, Vec<u8>>,
}

impl Templates {
    pub fn embedded() -> Self {
        Templates {
            files: TEMPLATES
                .iter()
                .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
                .collect(),
        }
    }

    /// Embedded templates overridden by every regular file in `dir` (and in `dir/epub/` for
    /// the EPUB templates, `dir/docx/` for the Word file's parts, `dir/crossref/` for the deposit, `dir/labels/` for the words
    /// of a language), matched by name.
    pub fn with_overrides(dir: &Path) -> Result<Self, Diagnostic> {
        let mut t = Templates::embedded();
        for (name, bytes) in read_folder(dir)? {
            t.files.insert(name, bytes);
        }
        for sub in ["epub", "docx", "crossref", "labels"] {
            if dir.join(sub).is_dir() {
                for (name, bytes) in read_folder(&dir.join(sub))? {
                    t.files.insert(format!("{sub}/{name}"), bytes);
                }
            }
        }
        Ok(t)
    }

    /// Every template, by name (sorted).
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(n, b)| (n.as_str(), b.as_slice()))
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.get(name).map(Vec::as_slice)
    }

    /// The default brand text (`brand.toml`).
    pub fn brand_toml(&self) -> Result<&str, Diagnostic> {
        std::str::from_utf8(self.get("brand.toml").unwrap_or_default()).map_err(|_| {
            Diagnostic::error(Path::new("templates/brand.toml"), 0, 0, "not valid UTF-8")
        })
    }
}

/// Font files: the embedded set plus, optionally, those in a folder.
pub fn font_files(extra: Option<&Path>) -> Result<Vec<Vec<u8>>, Diagnostic> {
    let mut fonts: Vec<Vec<u8>> = FONTS.iter().map(|f| f.to_vec()).collect();
    if let Some(dir) = extra {
        for (name, bytes) in read_folder(dir)? {
            let lower = name.to_ascii_lowercase();
            if [".ttf", ".otf", ".ttc", ".otc"]
                .iter()
                .any(|e| lower.ends_with(e))
            {
                fonts.push(bytes);
            }
        }
    }
    Ok(fonts)
}

/// Regular files directly inside `dir`, sorted by name (so builds are deterministic).
fn read_folder(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let fail = |msg: String| Diagnostic::error(dir, 0, 0, msg);
    let entries =
        std::fs::read_dir(dir).map_err(|e| Diagnostic::io(dir, "cannot read folder", &e))?;
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() || meta.len() > MAX_OVERRIDE_BYTES {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| {
            fail(format!(
                "cannot read `{name}`: {}",
                crate::diag::io_reason(&e)
            ))
        })?;
        out.push((name.to_string(), bytes));
    }
    out.sort();
    Ok(out)
}
