//! Images a source refers to: resolved inside the source's folder, read once, checked.
//!
//! This is the only place folio opens a file a source names. A path must stay inside the
//! source's own folder after symlinks are resolved; remote URLs are refused (folio never touches
//! the network); the bytes must be an image format typst and EPUB readers both show. Each image
//! gets a virtual path (`/assets/N.ext`) under which backends find it.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::model::{Asset, ImageFormat};

pub struct ImageStore {
    source: PathBuf,
    base: PathBuf,
    assets: Vec<(PathBuf, Asset)>,
    errors: Vec<Diagnostic>,
}

impl ImageStore {
    pub fn new(source: &Path, base: &Path) -> Self {
        ImageStore {
            source: source.to_path_buf(),
            base: base.to_path_buf(),
            assets: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Registers the image `src` met at `line:column`; returns its virtual path. A refused image
    /// is recorded as an error (reported with the others once parsing ends).
    pub fn add(&mut self, src: &str, line: usize, column: usize) -> String {
        match self.resolve(src) {
            Ok(path) => path,
            Err(msg) => {
                self.errors
                    .push(Diagnostic::error(&self.source, line, column, msg));
                String::new()
            }
        }
    }

    fn resolve(&mut self, src: &str) -> Result<String, String> {
        let shown = src.chars().take(200).collect::<String>();
        if src.trim().is_empty() {
            return Err("an image has an empty path".into());
        }
        let lower = src.to_ascii_lowercase();
        if lower.contains("://") || lower.starts_with("//") || lower.starts_with("data:") {
            return Err(format!(
                "image `{shown}` is a remote URL: folio works offline and fetches nothing; save the image next to the source"
            ));
        }
        let rel = Path::new(src);
        if rel.is_absolute() || src.starts_with('\\') || src.get(1..3) == Some(":\\") {
            return Err(format!(
                "image `{shown}` is an absolute path: images must be inside the source's folder"
            ));
        }
        if escapes(rel) {
            return Err(format!(
                "image `{shown}` leaves the source's folder: images must be inside it (no `../`, no symlinks out)"
            ));
        }
        let base = self.base.canonicalize().map_err(|e| {
            format!(
                "cannot open the source's folder: {}",
                crate::diag::io_reason(&e)
            )
        })?;
        let full = base.join(rel);
        let real = full.canonicalize().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                format!("image `{shown}` not found")
            } else {
                format!(
                    "cannot open image `{shown}`: {}",
                    crate::diag::io_reason(&e)
                )
            }
        })?;
        if !real.starts_with(&base) {
            return Err(format!(
                "image `{shown}` leaves the source's folder: images must be inside it (no `../`, no symlinks out)"
            ));
        }
        if let Some((_, asset)) = self.assets.iter().find(|(p, _)| *p == real) {
            return Ok(asset.path.clone());
        }
        if !real.is_file() {
            return Err(format!("image `{shown}` is not a file"));
        }
        let bytes = std::fs::read(&real).map_err(|e| {
            format!(
                "cannot read image `{shown}`: {}",
                crate::diag::io_reason(&e)
            )
        })?;
        let format = ImageFormat::sniff(&bytes).ok_or_else(|| {
            format!("`{shown}` is not an image folio can use (PNG, JPEG, GIF, WebP or SVG)")
        })?;
        if format == ImageFormat::Svg {
            check_svg(&bytes).map_err(|why| format!("SVG image `{shown}` {why}"))?;
        }
        let path = format!("/assets/{}.{}", self.assets.len() + 1, format.extension());
        self.assets.push((
            real,
            Asset {
                path: path.clone(),
                source: src.to_string(),
                bytes,
                format,
            },
        ));
        Ok(path)
    }

    pub fn take_errors(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.errors)
    }

    pub fn into_assets(self) -> Vec<Asset> {
        self.assets.into_iter().map(|(_, a)| a).collect()
    }
}

/// Whether a relative path climbs above its starting folder (`a/../../b`), judged on its text.
fn escapes(rel: &Path) -> bool {
    use std::path::Component;
    let mut depth: i64 = 0;
    for c in rel.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return true,
        }
        if depth < 0 {
            return true;
        }
    }
    false
}

/// Refuses SVGs that reach outside themselves (external files, URLs, entities): an EPUB reader
/// or typst would otherwise try to load them.
/// The format of picture bytes folio can place, or why not (an SVG that reaches outside itself,
/// bytes that are no picture).
pub fn usable(bytes: &[u8]) -> Result<ImageFormat, String> {
    let format = ImageFormat::sniff(bytes)
        .ok_or_else(|| "is not an image folio can use (PNG, JPEG, GIF, WebP or SVG)".to_string())?;
    if format == ImageFormat::Svg {
        check_svg(bytes)?;
    }
    Ok(format)
}

fn check_svg(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is not valid UTF-8".to_string())?;
    let lower = text.to_ascii_lowercase();
    if lower.contains("<!entity") || lower.contains("<!doctype") {
        return Err("declares a DOCTYPE or entities, which folio does not allow".into());
    }
    if lower.contains("<script") || lower.contains("<foreignobject") {
        return Err("contains a script or foreignObject, which folio does not allow".into());
    }
    for (i, _) in lower.match_indices("href") {
        let rest = lower[i + 4..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let value = rest.trim_start().trim_start_matches(['"', '\'']);
        if !(value.starts_with('#') || value.starts_with("data:image/")) {
            let end = value.find(['"', '\'']).unwrap_or(value.len()).min(80);
            return Err(format!(
                "refers to an external resource (`{}`); embed it or remove the reference",
                &text[text.len() - value.len()..][..end]
            ));
        }
    }
    if lower.contains("url(") && !lower.contains("url(#") {
        return Err("refers to an external resource through `url(…)`".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_svg;

    #[test]
    fn svg_external_references_are_refused() {
        assert!(check_svg(br##"<svg><use href="#a"/></svg>"##).is_ok());
        assert!(check_svg(br#"<svg><image href="/etc/passwd"/></svg>"#).is_err());
        assert!(check_svg(br#"<svg><image xlink:href = 'http://x/y.png'/></svg>"#).is_err());
        assert!(
            check_svg(br#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg/>"#)
                .is_err()
        );
    }
}
