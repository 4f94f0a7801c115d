//! The fonts an HTML page embeds: the brand's families (and a fallback family only when the
//! text needs its script), each cut by HarfBuzz to the characters shown, and their licences.

use ::typst::text::FontStyle;
use serde::Serialize;

use super::subset;
use crate::brand::LoadedBrand;
use crate::render::typst;

#[derive(Serialize)]
pub(crate) struct FontFile {
    id: String,
    pub href: String,
    media_type: &'static str,
    family: String,
    weight: u16,
    style: &'static str,
    /// The whole font; the EPUB carries its subset.
    #[serde(skip)]
    pub font: ::typst::text::Font,
}

/// Each of `fonts` cut to `chars` and the glyphs the default and `features` reach, by its
/// href. A font HarfBuzz cannot subset goes in whole: bigger, never wrong.
pub(crate) fn subset_fonts(
    fonts: &[FontFile],
    chars: &std::collections::BTreeSet<char>,
    features: &std::collections::BTreeSet<[u8; 4]>,
) -> Vec<(String, Vec<u8>)> {
    fonts
        .iter()
        .map(|f| {
            let bytes = subset::subset(f.font.data(), f.font.index(), chars, features)
                .unwrap_or_else(|| f.font.data().to_vec());
            (f.href.clone(), bytes)
        })
        .collect()
}

/// The brand's fallback families `text` needs, in the brand's order: each character the body
/// font lacks needs the first fallback family that has it, as a reading system's font fallback
/// (and typst's) picks it.
pub(crate) fn fallbacks_for<'b>(
    engine: &typst::Engine,
    text: &str,
    brand: &'b LoadedBrand,
) -> Vec<&'b str> {
    in_brand_order(brand, fallback_of_chars(engine, text, brand).into_values())
}

/// The brand's fallback families among `used`, each once, in the brand's order.
pub(crate) fn in_brand_order<'b, 'u>(
    brand: &'b LoadedBrand,
    used: impl IntoIterator<Item = &'u str>,
) -> Vec<&'b str> {
    let used: Vec<&str> = used.into_iter().collect();
    brand
        .brand
        .fonts
        .fallback
        .iter()
        .map(String::as_str)
        .filter(|family| used.contains(family))
        .collect()
}

/// Each character of `text` the body font lacks, with the first of the brand's fallback
/// families that has it (characters none has are left out).
pub(crate) fn fallback_of_chars<'b>(
    engine: &typst::Engine,
    text: &str,
    brand: &'b LoadedBrand,
) -> std::collections::BTreeMap<char, &'b str> {
    let f = &brand.brand.fonts;
    let covers = |family: &str, c: char| {
        engine
            .fonts_of(family)
            .iter()
            .any(|font| font.info().coverage.contains(c as u32))
    };
    let mut lacking: Vec<char> = text
        .chars()
        .filter(|&c| !c.is_ascii() && !c.is_whitespace() && !covers(&f.body, c))
        .collect();
    lacking.sort_unstable();
    lacking.dedup();
    lacking
        .into_iter()
        .filter_map(|c| {
            let family = f.fallback.iter().find(|family| covers(family, c))?;
            Some((c, family.as_str()))
        })
        .collect()
}

/// The fonts the CSS names: body and heading families in every style, the mono family when the
/// explainer has code, and a fallback family when its text needs that script.
pub(crate) fn fonts_for(
    engine: &typst::Engine,
    text: &str,
    has_code: bool,
    brand: &LoadedBrand,
) -> Vec<FontFile> {
    let f = &brand.brand.fonts;
    let mut families: Vec<&str> = vec![&f.body, &f.heading];
    if has_code {
        families.push(&f.mono);
    }
    families.extend(fallbacks_for(engine, text, brand));
    families.dedup();
    let mut out = Vec::new();
    for family in families {
        for font in engine.fonts_of(family) {
            // Colour bitmap fonts (emoji) are megabytes and reading systems bring their own.
            if has_table(font, b"CBDT") || has_table(font, b"sbix") {
                continue;
            }
            let info = font.info();
            let (ext, media_type) = if has_table(font, b"CFF ") || has_table(font, b"CFF2") {
                ("otf", "font/otf")
            } else {
                ("ttf", "font/ttf")
            };
            let style = match info.variant.style {
                FontStyle::Normal => "normal",
                FontStyle::Italic => "italic",
                FontStyle::Oblique => "oblique",
            };
            let weight = info.variant.weight.to_number();
            // The family as one ASCII word, its capitals kept: `NotoSansArabic`.
            let slug: String = (info.family.chars())
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let id = format!("font-{}-{weight}-{style}", slug.to_lowercase());
            if out.iter().any(|o: &FontFile| o.id == id) {
                continue;
            }
            out.push(FontFile {
                href: format!("fonts/{slug}-{weight}-{style}.{ext}"),
                id,
                media_type,
                family: info.family.clone(),
                weight,
                style,
                font: font.clone(),
            });
        }
    }
    out
}

/// Where an EPUB keeps the licences of the fonts it embeds.
pub(crate) const FONT_LICENCES: &str = "fonts/LICENSES.txt";

/// The licences of `fonts` as one text file, each licence once after the files it covers and
/// their copyright lines; `None` when no font carries one. Subsets leave the licence (name ID
/// 13, the whole OFL in some fonts) to this file, since one copy per book is enough for the OFL
/// ("included as stand-alone text files") and four copies cost the seed's EPUB 10 KB.
pub(crate) fn font_licences(fonts: &[FontFile]) -> Option<String> {
    let name = |font: &::typst::text::Font, id: u16| {
        ttf_parser::Face::parse(font.data(), font.index())
            .ok()?
            .names()
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
            .map(|s| s.trim().replace("\r\n", "\n"))
            .filter(|s| !s.is_empty())
    };
    // Licence text → the files under it, in the order the fonts come.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for f in fonts {
        let Some(licence) = name(&f.font, 13) else {
            continue;
        };
        let mut entry = f.href.trim_start_matches("fonts/").to_string();
        if let Some(copyright) = name(&f.font, 0) {
            entry = format!("{entry}\n{copyright}");
        }
        let licence = match name(&f.font, 14) {
            Some(url) if !licence.contains(&url) => format!("{licence}\n{url}"),
            _ => licence,
        };
        match groups.iter_mut().find(|(l, _)| *l == licence) {
            Some((_, files)) => files.push(entry),
            None => groups.push((licence, vec![entry])),
        }
    }
    (!groups.is_empty()).then(|| {
        groups
            .iter()
            .map(|(licence, files)| format!("{}\n\n{licence}\n", files.join("\n\n")))
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

/// Whether `font` (a face of a font file or of a collection) has the table `tag`.
pub(crate) fn has_table(font: &::typst::text::Font, tag: &[u8; 4]) -> bool {
    let data = font.data().as_slice();
    let be32 = |at: usize| {
        data.get(at..at + 4)
            .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    // A collection lists where each face's table directory starts.
    let start = if data.starts_with(b"ttcf") {
        be32(12 + 4 * font.index() as usize)
    } else {
        0
    };
    let count = data
        .get(start + 4..start + 6)
        .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]) as usize);
    (0..count).any(|i| {
        let at = start + 12 + 16 * i;
        data.get(at..at + 4) == Some(tag.as_slice())
    })
}
