//! folio: explainer sources (Markdown + YAML front matter) → branded PDF, EPUB and print PDF.
//!
//! The flow is one way: [`source`] parses a file into a [`Document`]; [`render`] backends turn a
//! `Document` and the [`brand`] into bytes; [`output`] writes them atomically. [`Builder`] ties
//! the stages together for the CLI and for tests. Errors are [`Diagnostic`] values that name a
//! file and line; nothing here prints or exits.

pub mod batch;
pub mod book;
pub mod brand;
pub mod check;
pub mod diag;
pub mod document;
pub mod import;
pub mod output;
pub mod render;
pub mod resources;
pub mod source;
pub mod starter;

use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Severity};
pub use document::Document;
pub use render::{Format, Settings};

use brand::LoadedBrand;
use render::typst::Engine;
use resources::Templates;

/// What a build needs besides its inputs.
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

/// One output, written now or found up to date.
#[derive(Debug, Clone)]
pub struct Written {
    pub format: Format,
    pub path: PathBuf,
    /// Page count of a paged output built now.
    pub pages: Option<usize>,
    /// Hash of everything the output depends on (see [`batch::Cache`]).
    pub hash: String,
    /// True when the output was up to date and not rebuilt.
    pub unchanged: bool,
}

/// The result of building one source: outputs written and warnings.
#[derive(Debug)]
pub struct Built {
    pub source: PathBuf,
    pub outputs: Vec<Written>,
    pub warnings: Vec<Diagnostic>,
}

/// Builds sources; holds what every build shares (fonts, templates, standard library).
pub struct Builder {
    engine: Engine,
    options: BuildOptions,
    /// Hash of what every output depends on besides its source: folio's version and build id
    /// (which fix the code and the embedded fonts), the templates and any extra fonts.
    fingerprint: String,
}

impl Builder {
    pub fn new(options: BuildOptions) -> Result<Builder, Diagnostic> {
        let templates = match &options.templates {
            Some(dir) => Templates::with_overrides(dir)?,
            None => Templates::embedded(),
        };
        let mut hasher = Hasher::new();
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
        Ok(Builder {
            engine: Engine::new(templates, fonts),
            options,
            fingerprint: hasher.finish(),
        })
    }

    /// The output path of `source` in `format`.
    pub fn output_path(&self, source: &Path, format: Format) -> PathBuf {
        let stem = source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        self.options
            .out_dir
            .join(format!("{stem}{}", format.suffix()))
    }

    /// The brand in effect for `source`.
    pub fn brand_for(&self, source: &Path) -> Result<LoadedBrand, Diagnostic> {
        let beside = source.parent().unwrap_or(Path::new(".")).join("brand.toml");
        let path = match &self.options.brand {
            Some(p) => Some(p.clone()),
            None => beside.is_file().then_some(beside),
        };
        let brand = LoadedBrand::load(self.engine.templates().brand_toml()?, path.as_deref())?;
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

    /// Parses `source`, renders every requested format in memory, then writes them all.
    /// On any error nothing is written for this source.
    pub fn build(&self, source: &Path) -> Result<Built, Vec<Diagnostic>> {
        self.build_cached(source, None)
    }

    /// [`Builder::build`], skipping outputs that `cache` knows to be up to date.
    pub fn build_cached(
        &self,
        source: &Path,
        cache: Option<&batch::Cache>,
    ) -> Result<Built, Vec<Diagnostic>> {
        let loaded = source::load(source)?;
        let brand = self.brand_for(source).map_err(|d| vec![d])?;
        let mut warnings = loaded.warnings;
        let mut rendered = Vec::new();
        let mut outputs = Vec::new();
        let content = self.content_hash(&loaded.document, &brand);
        for &format in &self.options.formats {
            let path = self.output_path(source, format);
            let hash = self.output_hash(&content, format);
            if cache.is_some_and(|c| c.is_fresh(&path, &hash)) {
                outputs.push(Written {
                    format,
                    path,
                    pages: None,
                    hash,
                    unchanged: true,
                });
                continue;
            }
            rendered.push((format, path, hash));
        }
        // The formats of one source are independent: render them side by side.
        let results: Vec<Result<render::Rendered, Vec<Diagnostic>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = rendered
                .iter()
                .map(|(format, _, _)| {
                    let (doc, brand) = (&loaded.document, &brand);
                    scope.spawn(move || {
                        render::render(*format, &self.engine, doc, brand, &self.options.settings)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(Vec::new())))
                .collect()
        });
        let mut done = Vec::new();
        for ((format, path, hash), result) in rendered.into_iter().zip(results) {
            let out = result?;
            warnings.extend(out.warnings.iter().cloned());
            done.push((format, path, hash, out));
        }
        for (format, path, hash, out) in done {
            output::write_output(&path, &out.bytes)?;
            outputs.push(Written {
                format,
                path,
                pages: out.pages,
                hash,
                unchanged: false,
            });
        }
        Ok(Built {
            source: source.to_path_buf(),
            outputs,
            warnings,
        })
    }
}

impl Builder {
    /// Hash of what every output of `doc` depends on: folio's fingerprint, the brand, the
    /// document and its images. Computed once per source.
    fn content_hash(&self, doc: &Document, brand: &LoadedBrand) -> String {
        let mut h = Hasher::new();
        h.add(self.fingerprint.as_bytes());
        h.add(&serde_json::to_vec(&brand.brand).unwrap_or_default());
        if let Some((_, logo)) = &brand.logo {
            h.add(logo);
        }
        h.add(&serde_json::to_vec(doc).unwrap_or_default());
        for asset in &doc.assets {
            h.add(&asset.bytes);
        }
        h.finish()
    }

    /// Hash of everything the `format` output depends on: the content and the format's options.
    fn output_hash(&self, content: &str, format: Format) -> String {
        let mut h = Hasher::new();
        h.add(content.as_bytes());
        h.add(format.name().as_bytes());
        h.add(format!("{:?}", self.options.settings).as_bytes());
        h.finish()
    }
}

/// SHA-256 over length-prefixed parts, as hex.
struct Hasher(sha2::Sha256);

impl Hasher {
    fn new() -> Self {
        use sha2::Digest;
        Hasher(sha2::Sha256::new())
    }

    fn add(&mut self, bytes: &[u8]) {
        use sha2::Digest;
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn finish(self) -> String {
        use sha2::Digest;
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// An I/O error's reason without Rust's "(os error N)" suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
