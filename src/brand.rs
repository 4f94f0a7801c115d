//! The brand: one `brand.toml` that every backend reads (colours, fonts, page, labels, logo).
//!
//! The embedded default (`templates/brand.toml`) is complete; a publisher's file is merged over
//! it key by key, so it only names what differs. The merged brand is validated once here and
//! then serialised as data for the typst templates (and, later, for the EPUB's CSS).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, closest};
use crate::model::cite::{self, CiteStyle, locale::LocaleWords};
use crate::model::locale::{Labels, Words};
use crate::model::{ImageFormat, Lang};
use crate::resources::Templates;
use hayagriva::citationberg::IndependentStyle;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Brand {
    pub publisher: Publisher,
    pub colors: Colors,
    pub fonts: Fonts,
    pub page: Page,
    /// Overrides of the built-in words (`templates/labels/*.toml`): plain keys for every
    /// language, a table per language (`[labels.fr]`) for one. Checked when the brand loads.
    pub labels: toml::Table,
    pub print: Print,
    pub epub: EpubSettings,
    pub references: ReferenceSettings,
    pub docx: DocxSettings,
}

/// `[docx]`: the Word file's own settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocxSettings {
    /// A Word file beside the brand file whose styles, page size, margins, header and footer
    /// the Word output takes (pandoc's `--reference-doc`); empty for folio's own.
    pub reference: String,
}

/// `[references]`: the house style of reference lists and citations.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReferenceSettings {
    /// A style hayagriva ships, by name (`apa`, `chicago-author-date`, `ieee`), or a `.csl`
    /// file beside the brand file; empty for folio's own (`templates/references.csl`).
    pub style: String,
}

/// The house style as loaded: folio's own (a template filled in per language) or a CSL style.
#[derive(Debug, Clone)]
enum HouseStyle {
    Own(String),
    Csl(Box<IndependentStyle>),
}

/// The EPUB's own settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EpubSettings {
    pub cover: CoverFormat,
}

/// How the EPUB carries its cover: the same typst design as a raster or as vector graphics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CoverFormat {
    /// A PNG of 1400 × 2240 px: what retailers ask for (JPEG or PNG, at least 1400 px wide,
    /// at most 4 million pixels) and every reading system shows.
    #[default]
    Png,
    /// SVG, glyphs as outlines: a fraction of the bytes and none of the raster's cost, sharp
    /// at any size; for EPUBs a publisher hands out itself, since retailers ask for a raster
    /// and some older reading systems show no SVG cover.
    Svg,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    pub short: String,
    pub url: String,
    /// In the brand file: a path relative to its folder. After loading: the virtual path under
    /// which templates find it (`/brand/logo.svg`), or empty.
    pub logo: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Colors {
    pub primary: String,
    pub accent: String,
    pub text: String,
    pub muted: String,
    pub tint: String,
    pub rule: String,
    pub link: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fonts {
    pub body: String,
    pub heading: String,
    pub mono: String,
    pub fallback: Vec<String>,
    pub size: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Page {
    pub size: String,
    pub number_sections: bool,
    /// A "Cite as" line after the references, on the screen PDF and the web page (on unless a
    /// brand says otherwise, even one that replaces the built-in brand file).
    #[serde(default = "yes")]
    pub cite_as: bool,
}

fn yes() -> bool {
    true
}

/// The print edition's paper: trim size, bleed, slug and mirrored margins (lengths in mm).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Print {
    pub trim: String,
    pub bleed: f64,
    pub slug: f64,
    pub inside: f64,
    pub outside: f64,
}

/// A loaded brand, its logo's bytes (if it has one) and the built-in words it overrides.
#[derive(Debug, Clone)]
pub struct LoadedBrand {
    pub brand: Brand,
    pub logo: Option<(String, Vec<u8>)>,
    /// `[docx] reference`: the Word file's name as the brand gives it, and its bytes.
    pub docx_reference: Option<(String, Vec<u8>)>,
    /// `templates/labels/<language>.toml`, by language.
    built_in_labels: BTreeMap<String, toml::Table>,
    /// The file the brand was read from (for messages).
    shown: PathBuf,
    style: HouseStyle,
    /// `templates/references-locale.xml`.
    locale_template: String,
    /// The text the house style is made from (its CSL file, or folio's templates), which a
    /// build's cache keys cover.
    pub style_text: String,
    /// The house style made ready for each language tag asked for so far (a batch or a site
    /// asks once per document).
    styles: Arc<Mutex<HashMap<String, Arc<CiteStyle>>>>,
}

impl LoadedBrand {
    /// Merges the brand file at `path` (if any) over the templates' `brand.toml` (embedded or
    /// overridden), and checks its `[labels]` against the templates' label files.
    pub fn load(templates: &Templates, path: Option<&Path>) -> Result<LoadedBrand, Diagnostic> {
        let default_toml = templates.brand_toml()?;
        let default_path = Path::new("templates/brand.toml");
        let mut table = parse_table(default_path, default_toml)?;
        let mut base_dir: Option<PathBuf> = None;
        if let Some(path) = path {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Diagnostic::io(path, "cannot read brand file", &e))?;
            let user = parse_table(path, &text)?;
            // Typed check of the user's file alone, so errors point into it.
            if let Err(e) = toml::from_str::<Brand>(&text) {
                return Err(toml_error(path, &text, &e));
            }
            merge(&mut table, user);
            base_dir = Some(path.parent().unwrap_or(Path::new(".")).to_path_buf());
        }
        let mut brand: Brand =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    Diagnostic::error(default_path, 0, 0, e.message().to_string())
                })?;
        let shown = path.unwrap_or(default_path);
        brand.validate(shown)?;
        if brand.publisher.short.is_empty() {
            brand.publisher.short = brand.publisher.name.clone();
        }
        let logo = match (&base_dir, brand.publisher.logo.trim()) {
            (Some(dir), rel) if !rel.is_empty() => Some(read_logo(shown, dir, rel)?),
            _ => None,
        };
        let docx_reference = match (&base_dir, brand.docx.reference.trim()) {
            (Some(dir), rel) if !rel.is_empty() => Some((
                rel.to_string(),
                read_beside(shown, dir, rel, "reference document")?,
            )),
            _ => None,
        };
        brand.publisher.logo = logo.as_ref().map(|(p, _)| p.clone()).unwrap_or_default();
        let mut built_in_labels = BTreeMap::new();
        for (name, bytes) in templates.files() {
            let Some(language) = name
                .strip_prefix("labels/")
                .and_then(|n| n.strip_suffix(".toml"))
            else {
                continue;
            };
            let file = Path::new("templates").join(name);
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Diagnostic::error(&file, 0, 0, "not valid UTF-8"))?;
            built_in_labels.insert(language.to_string(), parse_table(&file, text)?);
        }
        let template = |name: &str| -> Result<String, Diagnostic> {
            let bytes = templates.get(name).unwrap_or_default();
            String::from_utf8(bytes.to_vec()).map_err(|_| {
                Diagnostic::error(&Path::new("templates").join(name), 0, 0, "not valid UTF-8")
            })
        };
        let (style, style_text) = house_style(
            shown,
            base_dir.as_deref(),
            &brand.references.style,
            template("references.csl")?,
        )?;
        let locale_template = template("references-locale.xml")?;
        let loaded = LoadedBrand {
            brand,
            logo,
            docx_reference,
            built_in_labels,
            shown: shown.to_path_buf(),
            style,
            style_text: format!("{style_text}\n{locale_template}"),
            locale_template,
            styles: Arc::default(),
        };
        // Every language the brand words, and English (the fallback of every other), must
        // resolve to a complete set of known labels.
        loaded.labels_for("en", "en")?;
        for (key, value) in &loaded.brand.labels {
            if value.is_table() {
                let language = key.split('-').next().unwrap_or(key);
                loaded.labels_for(language, key)?;
            }
        }
        Ok(loaded)
    }

    /// The brand file (`templates/brand.toml` for the built-in brand).
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// The words of a document in `lang`: the built-in labels of its language (English for a
    /// word it lacks, or for a language folio has none for), then the brand's.
    pub fn words(&self, lang: &Lang) -> Result<Words, Diagnostic> {
        let words = Words::new(self.labels_for(&lang.language, &lang.tag)?, &lang.tag);
        let ready = self
            .styles
            .lock()
            .ok()
            .and_then(|m| m.get(&lang.tag).cloned());
        let style = match ready {
            Some(style) => style,
            None => {
                let style = Arc::new(self.cite_style(&words, &lang.tag)?);
                if let Ok(mut m) = self.styles.lock() {
                    m.insert(lang.tag.clone(), style.clone());
                }
                style
            }
        };
        Ok(words.with_style(style))
    }

    /// The house style for documents in `tag`, with folio's words for the language as a CSL
    /// locale (and, for folio's own style, its comma).
    fn cite_style(&self, words: &Words, tag: &str) -> Result<CiteStyle, Diagnostic> {
        let (own, locale_xml) = self.reference_style_xml(words, tag)?;
        let fault =
            |name: &str, e: String| Diagnostic::error(&Path::new("templates").join(name), 0, 0, e);
        let locale =
            cite::locale::parse(&locale_xml).map_err(|e| fault("references-locale.xml", e))?;
        Ok(match (&self.style, own) {
            (_, Some(xml)) => {
                let style = CiteStyle::parse(&xml).map_err(|e| fault("references.csl", e))?;
                CiteStyle::new(style, true, locale, tag)
            }
            (HouseStyle::Csl(style), None) => CiteStyle::new((**style).clone(), false, locale, tag),
            (HouseStyle::Own(_), None) => unreachable!("folio's own style is always rendered"),
        })
    }

    /// The CSL text folio formats references of a `tag` document with: folio's own style as
    /// its template renders for the language (none for another house style), and folio's CSL
    /// locale for the language. Another CSL processor given these formats the same way.
    pub fn reference_style_xml(
        &self,
        words: &Words,
        tag: &str,
    ) -> Result<(Option<String>, String), Diagnostic> {
        let render =
            |name: &str, text: &str, ctx: minijinja::Value| -> Result<String, Diagnostic> {
                let mut env = minijinja::Environment::new();
                env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
                env.render_str(text, ctx).map_err(|e| {
                    Diagnostic::error(&Path::new("templates").join(name), 0, 0, e.to_string())
                })
            };
        let locale = render(
            "references-locale.xml",
            &self.locale_template,
            minijinja::Value::from(minijinja::value::Serde(LocaleWords::new(words, tag))),
        )?;
        let own = match &self.style {
            HouseStyle::Own(text) => Some(render(
                "references.csl",
                text,
                minijinja::Value::from(minijinja::value::Serde(&words.labels)),
            )?),
            HouseStyle::Csl(_) => None,
        };
        Ok((own, locale))
    }

    fn labels_for(&self, language: &str, tag: &str) -> Result<Labels, Diagnostic> {
        let mut table = self.built_in_labels.get("en").cloned().unwrap_or_default();
        if let Some(own) = self.built_in_labels.get(language) {
            merge(&mut table, own.clone());
        }
        let (shared, by_language): (toml::Table, toml::Table) = self
            .brand
            .labels
            .clone()
            .into_iter()
            .partition(|(_, v)| !v.is_table());
        merge(&mut table, shared);
        // `[labels.fr]`, then `[labels.fr-CA]` (tags match whatever their case).
        for key in [language, tag] {
            let own = by_language
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_table());
            if let Some(t) = own {
                merge(&mut table, t.clone());
            }
            if language.eq_ignore_ascii_case(tag) {
                break;
            }
        }
        toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| {
                let msg = e.message().trim().to_string();
                let d =
                    Diagnostic::error(&self.shown, 0, 0, format!("[labels] for `{tag}`: {msg}"));
                if msg.contains("missing field") {
                    d.with_help("every label needs a value: see templates/labels/en.toml")
                } else {
                    name_unknown_field(d, &msg, "label")
                }
            })
    }
}

impl Brand {
    /// Warnings for every brand colour that folio sets text in and that does not stand out
    /// enough from what it sits on: under WCAG 2's 4.5:1 for text of body size (every text the
    /// layouts colour is under 14 pt bold). Each names the key, the ratio and where it shows.
    pub fn contrast_warnings(&self, path: &Path) -> Vec<Diagnostic> {
        let c = &self.colors;
        let white = "#ffffff";
        let pairs: [(&str, &str, &str, &str); 8] = [
            ("text", &c.text, white, "body text"),
            ("muted", &c.muted, white, "dates, credits and footers"),
            (
                "accent",
                &c.accent,
                white,
                "the kind label and section numbers",
            ),
            ("primary", &c.primary, white, "the title and headings"),
            ("link", &c.link, white, "links"),
            (
                "primary",
                white,
                &c.primary,
                "the white text of the brand band",
            ),
            ("text", &c.text, &c.tint, "the bio box"),
            ("primary", &c.primary, &c.tint, "the bio box's heading"),
        ];
        pairs
            .iter()
            .filter_map(|(key, fg, bg, element)| {
                let ratio = contrast(fg, bg)?;
                (ratio < MIN_CONTRAST).then(|| {
                    Diagnostic::warning(
                        path,
                        0,
                        0,
                        format!(
                            "colors.{key} gives {element} a contrast of {ratio:.2}:1 against {bg}, under the {MIN_CONTRAST}:1 readers need"
                        ),
                    )
                    .with_code("low-contrast")
                    .with_help(format!("choose a darker or lighter colors.{key}"))
                })
            })
            .collect()
    }

    fn validate(&self, path: &Path) -> Result<(), Diagnostic> {
        let c = &self.colors;
        for (key, value) in [
            ("primary", &c.primary),
            ("accent", &c.accent),
            ("text", &c.text),
            ("muted", &c.muted),
            ("tint", &c.tint),
            ("rule", &c.rule),
            ("link", &c.link),
        ] {
            let ok = value.len() == 7
                && value.starts_with('#')
                && value[1..].chars().all(|ch| ch.is_ascii_hexdigit());
            if !ok {
                return Err(Diagnostic::error(
                    path,
                    0,
                    0,
                    format!("colors.{key} = `{value}` is not a colour"),
                )
                .with_help("write colours as `#rrggbb`, e.g. `#1f3a5f`"));
            }
        }
        let f = &self.fonts;
        for family in [&f.body, &f.heading, &f.mono]
            .into_iter()
            .chain(&f.fallback)
        {
            if family.is_empty()
                || !family
                    .chars()
                    .all(|c| c.is_alphanumeric() || " -_".contains(c))
            {
                return Err(Diagnostic::error(
                    path,
                    0,
                    0,
                    format!("font family `{family}` is not a plain family name"),
                )
                .with_help("use letters, digits, spaces, `-` and `_` only, e.g. `Charis SIL`"));
            }
        }
        if !(5.0..=24.0).contains(&self.fonts.size) {
            return Err(Diagnostic::error(
                path,
                0,
                0,
                format!("fonts.size = {} is outside 5–24 pt", self.fonts.size),
            ));
        }
        if self.page.size.is_empty()
            || !self
                .page
                .size
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(Diagnostic::error(
                path,
                0,
                0,
                format!("page.size = `{}` is not a paper name", self.page.size),
            )
            .with_help("use a typst paper name such as `a4`, `a5` or `us-letter`"));
        }
        Ok(())
    }
}

/// WCAG 2's least contrast for text under 18 pt (14 pt bold).
const MIN_CONTRAST: f64 = 4.5;

/// WCAG 2's contrast ratio of two `#rrggbb` colours.
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let luminance = |hex: &str| -> Option<f64> {
        let hex = hex.strip_prefix('#')?;
        let channel = |i: usize| -> Option<f64> {
            let v = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
            Some(if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            })
        };
        Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
    };
    let (x, y) = (luminance(a)?, luminance(b)?);
    Some((x.max(y) + 0.05) / (x.min(y) + 0.05))
}

fn parse_table(path: &Path, text: &str) -> Result<toml::Table, Diagnostic> {
    text.parse::<toml::Table>()
        .map_err(|e| toml_error(path, text, &e))
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let (line, col) = e.span().map_or((0, 0), |s| line_col(text, s.start));
    let msg = e.message().trim().to_string();
    name_unknown_field(Diagnostic::error(path, line, col, msg.clone()), &msg, "key")
}

/// For serde's "unknown field `x`, expected one of `a`, `b`…": "unknown `what` `x` in the brand
/// file", with the closest known name as help. Other messages pass through.
fn name_unknown_field(mut d: Diagnostic, msg: &str, what: &str) -> Diagnostic {
    if let Some(rest) = msg.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        d.message = format!("unknown {what} `{key}` in the brand file");
        if let Some(best) = closest(key, expected.iter().copied()) {
            d = d.with_help(format!("did you mean `{best}`?"));
        }
    }
    d
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn read_logo(brand_path: &Path, dir: &Path, rel: &str) -> Result<(String, Vec<u8>), Diagnostic> {
    let fail = |msg: String| Diagnostic::error(brand_path, 0, 0, msg);
    let bytes = read_beside(brand_path, dir, rel, "logo")?;
    match ImageFormat::sniff(&bytes) {
        Some(f @ (ImageFormat::Svg | ImageFormat::Png)) => {
            Ok((format!("/brand/logo.{}", f.extension()), bytes))
        }
        _ => Err(fail(format!("logo `{rel}` is not an SVG or PNG file"))),
    }
}

/// The file `rel` (the brand's `what`) in the brand file's folder `dir`, never outside it.
fn read_beside(
    brand_path: &Path,
    dir: &Path,
    rel: &str,
    what: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let fail = |msg: String| Diagnostic::error(brand_path, 0, 0, msg);
    let base = dir
        .canonicalize()
        .map_err(|e| fail(format!("cannot open brand folder: {e}")))?;
    let real = base
        .join(rel)
        .canonicalize()
        .map_err(|_| fail(format!("{what} `{rel}` not found next to the brand file")))?;
    if !real.starts_with(&base) || Path::new(rel).is_absolute() {
        return Err(fail(format!(
            "{what} `{rel}` must be inside the brand file's folder"
        )));
    }
    std::fs::read(&real).map_err(|e| fail(format!("cannot read {what} `{rel}`: {e}")))
}

/// The brand's `[references] style`: empty for folio's own, a name hayagriva knows, or a
/// `.csl` file beside the brand file (never outside its folder).
fn house_style(
    shown: &Path,
    base: Option<&Path>,
    style: &str,
    own: String,
) -> Result<(HouseStyle, String), Diagnostic> {
    let style = style.trim();
    if style.is_empty() {
        return Ok((HouseStyle::Own(own.clone()), own));
    }
    let at = |msg: String| {
        let (line, col) = std::fs::read_to_string(shown)
            .ok()
            .and_then(|t| {
                t.lines()
                    .position(|l| l.trim_start().starts_with("style"))
                    .map(|i| (i + 1, 1))
            })
            .unwrap_or((0, 0));
        Diagnostic::error(shown, line, col, msg)
    };
    if style.ends_with(".csl") {
        let Some(base) = base else {
            return Err(at(format!(
                "`{style}` is a file, and the built-in brand has no folder"
            )));
        };
        let rel = Path::new(style);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(at(format!(
                "the style `{style}` is outside the brand's folder; put the .csl file beside the brand file"
            )));
        }
        let path = base.join(rel);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Diagnostic::io(&path, "cannot read the reference style", &e))?;
        return CiteStyle::parse(&text)
            .map(|s| (HouseStyle::Csl(Box::new(s)), text.clone()))
            .map_err(|e| Diagnostic::error(&path, 1, 1, e));
    }
    match CiteStyle::archived(style) {
        Some(Ok(s)) => Ok((HouseStyle::Csl(Box::new(s)), style.to_string())),
        Some(Err(e)) => Err(at(e)),
        None => {
            let names = CiteStyle::archived_names();
            let d = at(format!("no reference style is called `{style}`"));
            Err(match closest(style, names.iter().copied()) {
                Some(best) => d.with_help(format!("did you mean `{best}`? (or give a .csl file beside the brand file)")),
                None => d.with_help("name a CSL style such as `apa`, `chicago-author-date`, `ieee`, `harvard-cite-them-right`, or give a .csl file beside the brand file"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(path: Option<&Path>) -> Result<LoadedBrand, Diagnostic> {
        LoadedBrand::load(&Templates::embedded(), path)
    }

    #[test]
    fn every_built_in_language_words_every_label() {
        let brand = load(None).unwrap();
        let english: Vec<&String> = brand.built_in_labels["en"].keys().collect();
        for (language, table) in &brand.built_in_labels {
            let keys: Vec<&String> = table.keys().collect();
            assert_eq!(keys, english, "templates/labels/{language}.toml");
            let tag = language.clone();
            let lang = Lang {
                tag: tag.clone(),
                language: tag,
                region: None,
                dir: "ltr",
            };
            brand.words(&lang).unwrap();
        }
        assert_eq!(brand.built_in_labels.len(), 7);
    }

    #[test]
    fn contrast_follows_wcag() {
        assert_eq!(
            contrast("#000000", "#ffffff").map(|r| r.round()),
            Some(21.0)
        );
        let gold = contrast("#b8862b", "#ffffff").unwrap();
        assert!((gold - 3.23).abs() < 0.01, "{gold}");
        let b = load(None).unwrap().brand;
        assert!(b.contrast_warnings(Path::new("brand.toml")).is_empty());
    }

    #[test]
    fn default_brand_is_complete_and_valid() {
        let b = load(None).unwrap().brand;
        assert_eq!(b.page.size, "a4");
        assert_eq!(b.publisher.short, "folio");
    }

    #[test]
    fn user_brand_merges_and_rejects_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("brand.toml");
        std::fs::write(&p, "[colors]\nprimary = \"#000000\"\n").unwrap();
        let b = load(Some(&p)).unwrap().brand;
        assert_eq!(b.colors.primary, "#000000");
        assert_eq!(b.colors.accent, "#c0392b");

        std::fs::write(&p, "[colors]\nprimray = \"#000000\"\n").unwrap();
        let d = load(Some(&p)).unwrap_err();
        assert_eq!(d.line, 2);
        assert_eq!(d.help.as_deref(), Some("did you mean `primary`?"));

        std::fs::write(&p, "[colors]\nprimary = \"red\"\n").unwrap();
        assert!(load(Some(&p)).is_err());
    }
}
