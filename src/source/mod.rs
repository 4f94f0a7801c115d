//! Explainer sources → typed [`Document`].
//!
//! A source is UTF-8 Markdown with YAML front matter. This module reads the bytes, normalises
//! them (BOM, CRLF, control characters), splits off the front matter, and hands the two halves to
//! [`front_matter`] and [`markdown`] (its citations read by [`citation`]). Images are read and checked here too ([`images`]), so a
//! backend never touches the file system. Every problem becomes a [`Diagnostic`] with a line.

pub(crate) mod citation;
pub mod discover;
mod front_matter;
pub mod images;
pub(crate) mod markdown;
mod positions;

pub use discover::{discover, discover_some};
pub use front_matter::{
    AuthorMeta, FrontMatter, ImageMeta, Names, ReferenceMeta, keys, parse_lang,
};
pub use markdown::Body;
pub use markdown::options as markdown_options;

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::model::Document;

/// A parsed source: the document and the warnings met on the way.
#[derive(Debug)]
pub struct Loaded {
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and parses one explainer source.
///
/// On failure, returns every error found (at least one); nothing is written anywhere.
pub fn load(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let bytes = read(path).map_err(|d| vec![d])?;
    parse(path, &bytes)
}

/// A file's bytes, or the diagnostic every command gives for a file it cannot read.
pub fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| Diagnostic::io(path, "cannot read file", &e))
}

/// A text file, decoded and cleaned as a source is (UTF-8 checked with the place of the first
/// bad byte, BOM and CRLF handled, control characters dropped).
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    decode(path, &read(path)?)
}

/// Parses source bytes as if they had been read from `path` (which locates images).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Loaded, Vec<Diagnostic>> {
    let text = decode(path, bytes).map_err(|d| vec![d])?;
    let (fm, body, body_line) = split_front_matter(path, &text).map_err(|d| vec![d])?;
    let meta = front_matter::parse(path, fm)?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let mut images = images::ImageStore::new(path, &base);
    let mut warnings = Vec::new();
    let mut parsed = markdown::parse(path, body, body_line, &mut images, &mut warnings)?;
    let mut map = std::mem::take(&mut parsed.map);
    map.front_matter = positions::front_matter(fm, front_matter::FIRST_YAML_LINE);
    map.lines = text.lines().map(str::to_string).collect();
    let document = front_matter::build(path, meta, parsed, &map, &mut images, &mut warnings)?;
    let mut errors: Vec<Diagnostic> = images.take_errors();
    if !errors.is_empty() {
        errors.sort_by_key(|d| (d.line, d.column));
        return Err(errors);
    }
    let mut document = document;
    document.assets = images.into_assets();
    document.source_path = path.to_path_buf();
    document.source_map = map;
    Ok(Loaded { document, warnings })
}

/// Reads a Markdown file that is not an explainer (a book's foreword): its body (front matter,
/// if any, is ignored) and the images it uses, checked like an explainer's.
pub fn load_body(path: &Path) -> Result<(Body, Vec<crate::model::Asset>), Vec<Diagnostic>> {
    let text = read_text(path).map_err(|d| vec![d])?;
    let (body, body_line) = match split_front_matter(path, &text) {
        Ok((_, body, line)) if text.starts_with("---\n") => (body, line),
        _ => (text.as_str(), 1),
    };
    let base = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut images = images::ImageStore::new(path, &base);
    let mut warnings = Vec::new();
    let mut parsed = markdown::parse(path, body, body_line, &mut images, &mut warnings)?;
    citation::citations_as_text(&mut parsed, path, &mut warnings);
    let errors = images.take_errors();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((parsed, images.into_assets()))
}

/// Checks UTF-8, drops a BOM, turns CRLF/CR into LF and removes control characters other than
/// tab and newline (they have no meaning in prose and break XML and PDF text).
fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            return Err(Diagnostic::error(
                path,
                line,
                column,
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X} at offset {})",
                    bytes[e.valid_up_to()],
                    e.valid_up_to()
                ),
            )
            .with_help("save the file as UTF-8 (folio reads no other encoding)"));
        }
    };
    Ok(normalize_text(text))
}

/// Drops a BOM, turns CRLF/CR into LF and removes control characters other than tab and
/// newline, and noncharacters (they have no meaning in prose and break XML and PDF text).
pub fn normalize_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter(|&c| {
            c == '\n'
                || c == '\t'
                || !(c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
        })
        .collect()
}

/// Splits `---\n<yaml>\n---\n<body>`; returns the YAML, the body and the body's first line number.
fn split_front_matter<'t>(
    path: &Path,
    text: &'t str,
) -> Result<(&'t str, &'t str, usize), Diagnostic> {
    let missing = || {
        Diagnostic::error(path, 1, 1, "the file has no front matter")
            .with_help("start the file with a `---` line, the YAML keys (title, date, authors…), and another `---` line")
    };
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Err(missing());
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Ok((yaml, body, body_line));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, 1, 1, "the front matter is not closed")
            .with_help("end the YAML front matter with a line holding only `---`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_normalises_line_endings_bom_and_controls() {
        let t = decode(Path::new("x.md"), "\u{feff}a\r\nb\rc\u{7}d\te".as_bytes()).unwrap();
        assert_eq!(t, "a\nb\ncd\te");
    }

    #[test]
    fn decode_reports_non_utf8_position() {
        let d = decode(Path::new("x.md"), b"ok\nab\xffc").unwrap_err();
        assert_eq!((d.line, d.column), (2, 3));
        assert!(d.message.contains("not valid UTF-8"));
    }

    #[test]
    fn front_matter_split_counts_lines() {
        let (fm, body, line) =
            split_front_matter(Path::new("x"), "---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!((fm, body, line), ("title: A\n", "Body\n", 4));
        assert!(split_front_matter(Path::new("x"), "no front matter").is_err());
        assert!(split_front_matter(Path::new("x"), "---\ntitle: A\n").is_err());
    }
}
