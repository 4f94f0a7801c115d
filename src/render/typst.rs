//! typst as a library: the engine (fonts and standard library, built once per process) and the
//! `World` through which one compile sees its files.
//!
//! The World is typst's only door to files, fonts and the clock, so it is where folio's sandbox
//! lives. A compile sees exactly: the templates (`/templates/…`), the model and brand as JSON
//! data (`/folio/document.json`, `/folio/masthead.json`, `/folio/back-matter.json` or
//! `/folio/book.json`; `/folio/brand.json`, `/folio/words.json`, `/folio/settings.json`; see
//! [`super::layout`]), the images the source parser already
//! read and checked (`/assets/N.ext`) and the brand's logo (`/brand/logo.ext`). There is no path
//! to the real file system, no package download, and `today()` is the explainer's date.

use std::collections::HashMap;
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::brand::LoadedBrand;
use crate::diag::Diagnostic;
use crate::model::Date;
use crate::resources::Templates;

/// What every compile in a process shares: fonts, font book, standard library, templates.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    templates: Templates,
}

impl Engine {
    pub fn new(templates: Templates, font_files: Vec<Vec<u8>>) -> Self {
        let fonts: Vec<Font> = font_files
            .into_iter()
            .flat_map(|bytes| Font::iter(Bytes::new(bytes)))
            .collect();
        Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            templates,
        }
    }

    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Family names of the fonts this engine has, for checking a brand's choices.
    pub fn has_family(&self, family: &str) -> bool {
        self.book.contains_family(&family.to_lowercase())
    }

    /// The fonts of one family (for embedding in an EPUB), in the order they were loaded.
    pub fn fonts_of(&self, family: &str) -> Vec<&Font> {
        self.book
            .select_family(&family.to_lowercase())
            .filter_map(|i| self.fonts.get(i))
            .collect()
    }

    /// Whether any font of the engine has a glyph for `c` (typst falls back to every font it
    /// has when the brand's families lack one).
    pub fn covers(&self, c: char) -> bool {
        self.fonts
            .iter()
            .any(|font| font.info().coverage.contains(c as u32))
    }

    /// Lays out `main` with `data` as its files; `today` is the date typst sees, `origin` the
    /// file a diagnostic without a location names.
    pub fn compile(
        &self,
        main: &str,
        data: Data,
        today: Date,
        origin: &std::path::Path,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let world = FolioWorld {
            engine: self,
            main: file_id(&format!("/templates/{main}")),
            files: data.files,
            sources: Default::default(),
            today,
        };
        let warned = guarded(|| typst::compile::<PagedDocument>(&world))
            .map_err(|msg| vec![internal_error(origin, &msg)])?;
        let warnings = warned
            .warnings
            .iter()
            .map(|w| world.diagnostic(w, origin))
            .collect();
        match warned.output {
            Ok(document) => Ok(Compiled { document, warnings }),
            Err(errors) => Err(errors.iter().map(|e| world.diagnostic(e, origin)).collect()),
        }
    }
}

/// The files a compile sees besides the templates: JSON data under `/folio/`, images under
/// `/assets/` and the brand's logo.
pub struct Data {
    files: HashMap<String, Bytes>,
}

impl Data {
    /// The brand (`/folio/brand.json`, its logo) and the layout's `settings.json`.
    pub fn new<S: serde::Serialize>(brand: &LoadedBrand, settings: &S) -> Self {
        let mut data = Data {
            files: HashMap::new(),
        };
        data.json("/folio/brand.json", &brand.brand);
        data.json("/folio/settings.json", settings);
        if let Some((path, bytes)) = &brand.logo {
            data.files.insert(path.clone(), Bytes::new(bytes.clone()));
        }
        data
    }

    /// `value` as JSON at `path`.
    pub fn json<T: serde::Serialize>(&mut self, path: &str, value: &T) {
        let bytes = serde_json::to_vec(value).expect("folio's data types always serialise");
        self.files.insert(path.into(), Bytes::new(bytes));
    }

    /// Checked images, at their virtual paths.
    pub fn assets(&mut self, assets: &[crate::model::Asset]) {
        for asset in assets {
            self.files
                .insert(asset.path.clone(), Bytes::new(asset.bytes.clone()));
        }
    }
}

/// A typst panic, reported as an error on the source instead of a crash.
pub fn internal_error(origin: &std::path::Path, msg: &str) -> Diagnostic {
    Diagnostic::error(
        origin,
        0,
        0,
        format!("typst failed on this source (internal error: {msg})"),
    )
    .with_help("a character sequence in the text may be one typst cannot shape; please report it with the file")
}

thread_local! {
    /// Set while folio runs typst code under [`guarded`], so the panic hook stays quiet there.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PANIC_MESSAGE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `f` (typst layout, export or rendering), turning a panic inside it into `Err(message)`.
/// typst has panicked on rare inputs (e.g. some combining-mark sequences); folio must still end
/// with a diagnostic, not a crash, and must not print a panic message.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(|g| g.get()) {
                let msg = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                let at = info.location().map(|l| {
                    format!(
                        " at {}:{}",
                        l.file().rsplit('/').next().unwrap_or(""),
                        l.line()
                    )
                });
                PANIC_MESSAGE
                    .with(|m| *m.borrow_mut() = format!("{msg}{}", at.unwrap_or_default()));
            } else {
                default(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    result.map_err(|_| PANIC_MESSAGE.with(|m| m.borrow().clone()))
}

/// A laid-out document and the warnings typst gave.
pub struct Compiled {
    pub document: PagedDocument,
    pub warnings: Vec<Diagnostic>,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("folio's virtual paths are valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

struct FolioWorld<'e> {
    engine: &'e Engine,
    main: FileId,
    files: HashMap<String, Bytes>,
    /// Parsed templates, so typst's repeated `source()` calls parse each once.
    sources: Mutex<HashMap<FileId, Source>>,
    today: Date,
}

impl FolioWorld<'_> {
    fn path_of(id: FileId) -> FileResult<String> {
        let rooted = id.get();
        if !matches!(rooted.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "packages are not available: folio works offline".into(),
            )));
        }
        Ok(rooted.vpath().get_with_slash().to_string())
    }

    fn bytes(&self, id: FileId) -> FileResult<Bytes> {
        let path = Self::path_of(id)?;
        if let Some(name) = path.strip_prefix("/templates/") {
            return self
                .engine
                .templates
                .get(name)
                .map(|b| Bytes::new(b.to_vec()))
                .ok_or_else(|| FileError::NotFound(path.clone().into()));
        }
        self.files
            .get(&path)
            .cloned()
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    /// A typst diagnostic as folio's: located in the template it comes from.
    fn diagnostic(&self, d: &SourceDiagnostic, origin: &std::path::Path) -> Diagnostic {
        let (path, line, col) = match d.span.id() {
            Some(id) => {
                let vpath = Self::path_of(id).unwrap_or_default();
                let (line, col) = match (self.source(id), self.range(d.span)) {
                    (Ok(src), Some(range)) => {
                        let text = src.text();
                        crate::brand::line_col(text, range.start)
                    }
                    _ => (0, 0),
                };
                (vpath.trim_start_matches('/').to_string(), line, col)
            }
            None => (origin.display().to_string(), 0, 0),
        };
        let message = d.message.to_string();
        let mut out = match d.severity {
            TypstSeverity::Error => {
                Diagnostic::error(std::path::Path::new(&path), line, col, message)
            }
            TypstSeverity::Warning => {
                Diagnostic::warning(std::path::Path::new(&path), line, col, message)
            }
        };
        if let Some(hint) = d.hints.first() {
            out = out.with_help(hint.v.to_string());
        }
        out
    }
}

impl World for FolioWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut cache = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(source) = cache.get(&id) {
            return Ok(source.clone());
        }
        let bytes = self.bytes(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_string());
        cache.insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.bytes(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(self.today.year, self.today.month, self.today.day)
    }
}

#[cfg(test)]
mod tests {
    //! The source-text-is-data guarantee, checked at the typst boundary: text full of typst
    //! markup and code goes in through the document JSON and comes out of layout as the same
    //! characters, with nothing evaluated.

    use std::path::Path;

    use typst::layout::{Frame, FrameItem};

    use super::*;
    use crate::resources::{Templates, font_files};

    fn laid_out_text(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => laid_out_text(&g.frame, out),
                FrameItem::Text(t) => out.push_str(&t.text),
                _ => {}
            }
        }
    }

    #[test]
    fn typst_markup_in_every_field_is_laid_out_literally() {
        let hostile = [
            "#read(\"/etc/passwd\")",
            "#import \"x.typ\": *",
            "$x^2$",
            "<label>",
            "@ref",
            "// not a comment",
            "/* nor this */",
            "a\\b",
            "[brackets] {braces}",
            "`ticks`",
            "*star* _under_",
            "#set text(red)",
        ];
        let joined = hostile.join(" ");
        let source = format!(
            "---\ntitle: '{t}'\nsubtitle: '{t}'\ndate: 2025-01-01\nkind: '{t}'\nseries: '{t}'\n\
             authors:\n  - name: '{t}'\n    bio: '{t}'\nkeywords: ['{t}']\n\
             references:\n  - title: '{t}'\n    author: '{t}'\n    publisher: '{t}'\n---\n\n\
             Lede {t}\n\n## Section {t}\n\nBody {t}[^n]\n\n[^n]: Note {t}\n",
            t = joined.replace('\'', "''")
        );
        let loaded =
            crate::source::parse(Path::new("hostile.md"), source.as_bytes()).expect("parses");
        // Markdown keeps its own syntax (`*star*` is emphasis, a backslash escapes): compare
        // against the document's own text, which is what must reach the page unchanged.
        let engine = Engine::new(Templates::embedded(), font_files(None).unwrap());
        let brand = LoadedBrand::load(&Templates::embedded(), None).unwrap();
        let words = brand.words(&loaded.document.lang).unwrap();
        let cx = super::super::Context {
            engine: &engine,
            brand: &brand,
            words: &words,
            settings: &Default::default(),
            place: &Default::default(),
            html: &Default::default(),
        };
        let piece = crate::model::Piece::new(loaded.document.clone(), &words, "");
        let compiled = super::super::layout(
            super::super::Publication::Explainer(&piece),
            &cx,
            super::super::Layout {
                format: super::super::Pages::Screen,
                multiple: None,
            },
        )
        .unwrap_or_else(|e| panic!("compile failed: {e:?}"));
        let mut text = String::new();
        for page in compiled.document.pages() {
            laid_out_text(&page.frame, &mut text);
        }
        let squash = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '\u{ad}' && *c != '\u{200b}')
                .collect::<String>()
        };
        let text = squash(&text);
        for needle in hostile {
            // Front-matter fields carry the text verbatim; the title appears at least there.
            assert!(
                text.contains(&squash(needle)),
                "`{needle}` missing from the laid-out text"
            );
        }
        assert!(!text.contains("root:x:0:0"), "a file was read");
    }
}
