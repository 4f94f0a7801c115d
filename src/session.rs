//! A session: what every command that lays out pages shares, built once per run.
//!
//! The typst engine (templates, fonts, standard library), the brand in effect for a source, the
//! fingerprint of everything an output depends on besides its source (folio's build, the
//! templates, extra fonts), and the settings the formats are rendered with. `build`, `watch`,
//! the book commands and `check` all use one; what to build and where to write it is theirs
//! (`crate::batch`, `crate::book`), which sit above this module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::render::typst::{Compiled, Engine};
use crate::render::{Context, Destination, Format, Layout, Place, Publication, Rendered, Settings};
use crate::resources::{self, Templates};

/// What a run needs besides its inputs.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub formats: Vec<Format>,
    pub out_dir: PathBuf,
    /// A brand file for every input; without it, `brand.toml` beside each source is used if
    /// present, else the default brand.
    pub brand: Option<PathBuf>,
    pub templates: Option<PathBuf>,
    pub fonts: Option<PathBuf>,
    pub settings: Settings,
}

/// The engine, the options and the fingerprint of one run.
pub struct Session {
    engine: Engine,
    options: BuildOptions,
    /// Hash of what every output depends on besides its source: folio's version and build id
    /// (which fix the code and the embedded fonts), the templates and any extra fonts.
    fingerprint: String,
    /// The warnings of each brand file loaded in this run (low-contrast colours), by file, so
    /// they are said once however many sources use it.
    brand_warnings: Mutex<BTreeMap<PathBuf, Vec<Diagnostic>>>,
    /// The HTML template environment, made on first use.
    html: crate::render::html::Environments,
}

impl Session {
    pub fn new(options: BuildOptions) -> Result<Session, Diagnostic> {
        let templates = match &options.templates {
            Some(dir) => Templates::with_overrides(dir)?,
            None => Templates::embedded(),
        };
        let mut hasher = crate::hash::Hasher::new();
        hasher.add(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.add(env!("FOLIO_BUILD_ID").as_bytes());
        for (name, bytes) in templates.files() {
            hasher.add(name.as_bytes());
            hasher.add(bytes);
        }
        let fonts = resources::font_files(options.fonts.as_deref())?;
        if options.fonts.is_some() {
            for font in &fonts {
                hasher.add(font);
            }
        }
        Ok(Session {
            engine: Engine::new(templates, fonts),
            options,
            fingerprint: hasher.finish(),
            brand_warnings: Mutex::default(),
            html: Default::default(),
        })
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Where the `format` output named `stem` goes in a run of files (not a site).
    pub fn output_path(&self, stem: &str, format: Format) -> PathBuf {
        self.options
            .out_dir
            .join(Destination::Files.file(stem, format))
    }

    /// The brand in effect for `source`: `--brand`, else `brand.toml` beside it, else the
    /// templates' own.
    pub fn brand_for(&self, source: &Path) -> Result<LoadedBrand, Diagnostic> {
        let beside = source.parent().unwrap_or(Path::new(".")).join("brand.toml");
        let path = match &self.options.brand {
            Some(p) => Some(p.clone()),
            None => beside.is_file().then_some(beside),
        };
        let brand = LoadedBrand::load(self.engine.templates(), path.as_deref())?;
        if let Ok(mut seen) = self.brand_warnings.lock() {
            seen.entry(brand.path().to_path_buf())
                .or_insert_with(|| brand.brand.contrast_warnings(brand.path()));
        }
        let f = &brand.brand.fonts;
        for family in [&f.body, &f.heading, &f.mono]
            .into_iter()
            .chain(&f.fallback)
        {
            if !self.engine.has_family(family) {
                let shown = path.as_deref().unwrap_or(Path::new("templates/brand.toml"));
                return Err(Diagnostic::error(
                    shown,
                    0,
                    0,
                    format!("font family `{family}` is not available"),
                )
                .with_help("name an embedded family (Charis SIL, Inter, Noto Sans Mono, Noto Naskh Arabic, Noto Sans Devanagari) or add its files with --fonts DIR"));
            }
        }
        Ok(brand)
    }

    /// A warning for each line of `doc` with characters no font folio has can show (they would
    /// print as empty boxes): Chinese, Japanese, Korean, Tibetan… with how to add a font.
    pub fn missing_glyphs(&self, doc: &Document) -> Vec<Diagnostic> {
        let text = serde_json::to_string(doc).unwrap_or_default();
        let mut missing: BTreeMap<char, ()> = BTreeMap::new();
        for c in text.chars() {
            if !c.is_whitespace()
                && !c.is_control()
                && !is_default_ignorable(c)
                && !missing.contains_key(&c)
                && !self.engine.covers(c)
            {
                missing.insert(c, ());
            }
        }
        // One warning per line, naming the characters first seen on it.
        let mut found: Vec<(usize, usize, char)> = missing
            .into_keys()
            .map(|c| {
                let at = doc.source_map.find_char(c).unwrap_or_default();
                (at.line, at.column, c)
            })
            .collect();
        found.sort();
        let mut by_line: BTreeMap<usize, (usize, String)> = BTreeMap::new();
        for (line, column, c) in found {
            by_line
                .entry(line)
                .or_insert((column, String::new()))
                .1
                .push(c);
        }
        by_line
            .into_iter()
            .map(|(line, (column, chars))| {
                let shown: String = chars.chars().take(12).collect();
                let codes: Vec<String> = chars
                    .chars()
                    .take(3)
                    .map(|c| format!("U+{:04X}", c as u32))
                    .collect();
                Diagnostic::warning(
                    &doc.source_path,
                    line,
                    column,
                    format!(
                        "no font folio has can show `{shown}` ({}{}): it would print as empty boxes",
                        codes.join(", "),
                        if chars.chars().count() > 3 { ", …" } else { "" }
                    ),
                )
                .with_code("missing-glyph")
                .with_help("add a font that has them with --fonts DIR (e.g. a Noto font for the script) and name its family in the brand's fonts.fallback")
            })
            .collect()
    }

    /// The warnings about the brands loaded so far (each brand file's once), by file.
    pub fn brand_warnings(&self) -> Vec<Diagnostic> {
        self.brand_warnings
            .lock()
            .map(|w| w.values().flatten().cloned().collect())
            .unwrap_or_default()
    }

    /// Renders `publication` in `format` with `brand`, in the words of its language, for the
    /// output's `place`.
    pub fn render(
        &self,
        format: Format,
        publication: Publication,
        brand: &LoadedBrand,
        place: &Place,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        self.with_context(publication, brand, place, |cx| {
            format.backend().render(publication, cx)
        })
    }

    /// Lays `publication` out with typst in `layout` (for measuring, as `folio check` does).
    pub fn layout(
        &self,
        publication: Publication,
        brand: &LoadedBrand,
        layout: Layout,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        self.with_context(publication, brand, &Place::default(), |cx| {
            crate::render::layout(publication, cx, layout)
        })
    }

    /// Calls `f` with the context a backend is given for `publication`: this session's engine
    /// and settings, `brand`, the words of the publication's language and the output's place.
    fn with_context<T>(
        &self,
        publication: Publication,
        brand: &LoadedBrand,
        place: &Place,
        f: impl FnOnce(&Context) -> Result<T, Vec<Diagnostic>>,
    ) -> Result<T, Vec<Diagnostic>> {
        let words = brand.words(publication.lang()).map_err(|d| vec![d])?;
        f(&Context {
            engine: &self.engine,
            brand,
            words: &words,
            settings: &self.options.settings,
            place,
            html: &self.html,
        })
    }
}

/// Writes every output of one publication once all have rendered: if any failed, nothing is
/// written and their errors are returned. Each item is (format, path, cache hash, result);
/// rendering warnings are added to `warnings`.
pub fn write_all(
    rendered: impl IntoIterator<Item = (Format, PathBuf, String, Result<Rendered, Vec<Diagnostic>>)>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let mut done = Vec::new();
    for (format, path, hash, result) in rendered {
        let out = result?;
        warnings.extend(out.warnings.iter().cloned());
        done.push((format, path, hash, out));
    }
    let mut written = Vec::new();
    for (format, path, hash, out) in done {
        let folder = path.parent().unwrap_or(Path::new("."));
        for (name, bytes) in &out.files {
            crate::output::write_output(&folder.join(name), bytes)?;
        }
        crate::output::write_output(&path, &out.bytes)?;
        written.push(Written {
            format,
            path,
            pages: out.pages,
            hash,
            unchanged: false,
        });
    }
    Ok(written)
}

/// One output, written now or found up to date.
#[derive(Debug, Clone)]
pub struct Written {
    pub format: Format,
    pub path: PathBuf,
    /// Page count of a paged output built now.
    pub pages: Option<usize>,
    /// Hash of everything the output depends on (see `crate::batch::cache`); empty for a book.
    pub hash: String,
    /// True when the output was up to date and not rebuilt.
    pub unchanged: bool,
}

/// The result of building one source (or one book): outputs written and warnings.
#[derive(Debug)]
pub struct Built {
    pub source: PathBuf,
    pub outputs: Vec<Written>,
    pub warnings: Vec<Diagnostic>,
    /// The explainer built, when the run keeps it (a site lists them).
    pub document: Option<Document>,
}

impl Built {
    /// Whether every output was up to date, so nothing was written.
    pub fn unchanged(&self) -> bool {
        self.outputs.iter().all(|o| o.unchanged)
    }
}

/// Unicode's Default_Ignorable_Code_Point characters (zero-width joiners and spaces, variation
/// selectors…): they have no glyph of their own to miss.
fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x34F | 0x61C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}
