//! The content cache: for each output, a hash of everything it depends on (source bytes, its
//! images, the brand, the templates, the fonts, folio's version, the format and its options).
//! An output whose hash is unchanged and which still exists is not rebuilt. Stored as JSON in
//! `<out>/.folio-cache`, written atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::brand::LoadedBrand;
use crate::hash::Hasher;
use crate::model::Document;
use crate::render::{Format, Place, Settings};

const FILE: &str = ".folio-cache";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Cache {
    /// Output path, relative to the cache's folder (a file name in a batch; `<stem>/index.html`
    /// in a site) → hash of its inputs.
    outputs: BTreeMap<String, String>,
    #[serde(skip)]
    dir: PathBuf,
    /// Whether anything was recorded since loading (an unchanged run writes nothing).
    #[serde(skip)]
    dirty: bool,
}

impl Cache {
    /// The cache of `out_dir` (empty if there is none or it cannot be read).
    pub fn load(out_dir: &Path) -> Cache {
        let mut cache: Cache = std::fs::read(out_dir.join(FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        cache.dir = out_dir.to_path_buf();
        cache
    }

    /// An empty cache for `out_dir` (`--force`).
    pub fn empty(out_dir: &Path) -> Cache {
        Cache {
            outputs: BTreeMap::new(),
            dir: out_dir.to_path_buf(),
            dirty: false,
        }
    }

    /// `path` relative to the cache's folder, `/`-separated (its file name if it is elsewhere).
    fn key(&self, path: &Path) -> String {
        match path.strip_prefix(&self.dir) {
            Ok(relative) => relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Whether `path` exists and was built from inputs hashing to `hash`.
    pub fn is_fresh(&self, path: &Path, hash: &str) -> bool {
        self.outputs.get(&self.key(path)).is_some_and(|h| h == hash) && path.is_file()
    }

    pub fn record(&mut self, path: &Path, hash: &str) {
        let key = self.key(path);
        if self.outputs.insert(key, hash.to_string()).as_deref() != Some(hash) {
            self.dirty = true;
        }
    }

    /// Writes the cache beside the outputs (only if that folder exists).
    pub fn save(&self) -> std::io::Result<()> {
        if !self.dirty || !self.dir.is_dir() {
            return Ok(());
        }
        let bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::output::write_atomic(&self.dir.join(FILE), &bytes)
    }
}

/// Hash of what every output of `doc` depends on: the session's fingerprint, the brand, the
/// document and its images. Computed once per source.
pub fn content_hash(fingerprint: &str, doc: &Document, brand: &LoadedBrand) -> String {
    let mut h = Hasher::new();
    h.add(fingerprint.as_bytes());
    h.add(&serde_json::to_vec(&brand.brand).unwrap_or_default());
    h.add(brand.style_text.as_bytes());
    if let Some((_, logo)) = &brand.logo {
        h.add(logo);
    }
    h.add(&serde_json::to_vec(doc).unwrap_or_default());
    for asset in &doc.assets {
        h.add(&asset.bytes);
    }
    h.finish()
}

/// Hash of everything the `format` output depends on: the content, the format's options and,
/// for a web page, its place (a site's address, the downloads it links, its stylesheet), and
/// for a Crossref deposit, its depositor and the site's address (from `folio.toml`), which no
/// other format's bytes depend on (a PDF built alone is still fresh when an EPUB is added).
pub fn output_hash(content: &str, format: Format, settings: &Settings, place: &Place) -> String {
    let mut h = Hasher::new();
    h.add(content.as_bytes());
    h.add(format.name().as_bytes());
    h.add(format!("{settings:?}").as_bytes());
    if matches!(format, Format::Html | Format::Crossref) {
        h.add(format!("{place:?}").as_bytes());
    }
    h.finish()
}
