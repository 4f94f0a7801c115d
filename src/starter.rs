//! `folio new`: a new source that builds, from `templates/new.md` — every front-matter key
//! present (the optional ones commented), the next free number in the series, today's date and
//! one example section.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::model::Date;
use crate::resources::Templates;

/// What the new source says.
#[derive(Debug, Clone)]
pub struct NewSource {
    pub series: String,
    pub title: String,
    pub author: String,
    pub date: Date,
}

/// The next free number of `series` in `dir`: one more than the highest among its sources and
/// its `series.yaml`, or 1.
pub fn next_number(dir: &Path, series: &str) -> u32 {
    let (sources, _) = crate::source::discover(&[dir.to_path_buf()]);
    let from_sources = sources
        .iter()
        .filter_map(|p| crate::source::load(p).ok())
        .filter(|l| l.document.series.as_deref() == Some(series))
        .filter_map(|l| l.document.number);
    let from_catalogue = crate::book::catalogue::read(dir)
        .ok()
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.number);
    from_sources
        .chain(from_catalogue)
        .max()
        .map_or(1, |n| n + 1)
}

/// Writes the new source into `dir`; returns its path. Never overwrites a file.
pub fn create(dir: &Path, new: &NewSource, templates: &Templates) -> Result<PathBuf, Diagnostic> {
    let number = next_number(dir, &new.series);
    let yaml = |s: &str| {
        serde_yaml_ng::to_string(s)
            .map(|y| y.trim_end().to_string())
            .unwrap_or_default()
    };
    let template = templates
        .get("new.md")
        .and_then(|b| std::str::from_utf8(b).ok())
        .ok_or_else(|| {
            Diagnostic::error(Path::new("templates/new.md"), 0, 0, "template missing")
        })?;
    let series_line = if new.series.is_empty() {
        "# series: CWA".to_string()
    } else {
        format!("series: {}", yaml(&new.series))
    };
    let text = template
        .replace("{{ title }}", &yaml(&new.title))
        .replace("{{ series_line }}", &series_line)
        .replace("{{ number }}", &number.to_string())
        .replace("{{ date }}", &new.date.to_string())
        .replace("{{ author }}", &yaml(&new.author));
    let stem = crate::model::source_stem(Some(&new.series), Some(number), &new.title);
    let path = dir.join(format!("{stem}.md"));
    if path.exists() {
        return Err(Diagnostic::error(&path, 0, 0, "the file already exists")
            .with_help("choose another --title, or remove the file"));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Diagnostic::io(dir, "cannot create the folder", &e))?;
    crate::output::write_atomic(&path, text.as_bytes())
        .map_err(|e| Diagnostic::io(&path, "cannot write", &e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The template shows every key the front matter declares ([`crate::source::keys`]), set or
    /// commented, but these: a periodical series' volume and issue, and the one-author shorthand
    /// (it shows `authors:`).
    #[test]
    fn the_template_shows_every_front_matter_key() {
        const NOT_SHOWN: &[&str] = &["volume", "issue", "author"];
        let templates = Templates::embedded();
        let text = std::str::from_utf8(templates.get("new.md").unwrap()).unwrap();
        let shown = |key: &str| {
            text.lines().any(|l| {
                let l = l.trim_start().trim_start_matches("# ");
                l.starts_with(&format!("{key}:"))
                    || l.starts_with("{{ series_line }}") && key == "series"
            })
        };
        let missing: Vec<&str> = crate::source::keys()
            .iter()
            .copied()
            .filter(|k| !shown(k))
            .collect();
        assert_eq!(missing, NOT_SHOWN);
    }
}
