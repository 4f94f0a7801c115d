//! A book's own settings: title, editors, publisher, ISBNs, copyright and foreword, from the
//! command line (`folio collection`) or an annual folder's `folio.toml`.
//! (`folio.toml` itself is read by `crate::project`.)

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::{Asset, Block, Footnote};

/// What a book says about itself, before its chapters are known.
#[derive(Debug, Clone, Default)]
pub struct BookMeta {
    pub title: String,
    pub subtitle: Option<String>,
    pub editors: Vec<String>,
    /// Defaults to the brand's publisher.
    pub publisher: Option<String>,
    pub isbn_print: Option<String>,
    pub isbn_epub: Option<String>,
    /// Defaults to "© YEAR PUBLISHER".
    pub copyright: Option<String>,
    /// The annual's year; a collection takes its latest chapter's.
    pub year: Option<i32>,
    pub foreword_body: Option<ForewordBody>,
}

/// A foreword read from Markdown: its blocks (sections flattened under their headings), notes
/// and images.
#[derive(Debug, Clone)]
pub struct ForewordBody {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub assets: Vec<Asset>,
}

/// Reads the foreword at `file` (relative to `dir`, and inside it).
pub fn read_foreword(
    dir: &Path,
    file: &Path,
    toml_path: &Path,
) -> Result<ForewordBody, Vec<Diagnostic>> {
    let path = dir.join(file);
    let inside = match (path.canonicalize(), dir.canonicalize()) {
        (Ok(p), Ok(d)) => p.starts_with(d),
        _ => false,
    };
    if !inside || file.is_absolute() {
        return Err(vec![
            Diagnostic::error(
                toml_path,
                0,
                0,
                format!(
                    "foreword `{}` is not a file inside {}",
                    file.display(),
                    dir.display()
                ),
            )
            .with_help("name a Markdown file in the book's folder"),
        ]);
    }
    let (body, assets) = crate::source::load_body(&path)?;
    let mut blocks = body.lede;
    for s in body.sections {
        blocks.push(Block::Heading {
            level: 1,
            content: s.title,
        });
        blocks.extend(s.blocks);
    }
    Ok(ForewordBody {
        blocks,
        footnotes: body.footnotes,
        assets,
    })
}
