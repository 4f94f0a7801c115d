//! Font subsetting for the EPUB: each embedded font keeps only the glyphs its book can show, by
//! HarfBuzz's subsetter (the one behind Google Fonts and Chromium's font tooling). It keeps the
//! `cmap` for those characters and the `GSUB`/`GPOS`/`GDEF` tables with every glyph their rules
//! reach from them (ligatures, Arabic joining forms, Devanagari conjuncts and marks), so text
//! shapes exactly as with the whole font, in TrueType and CFF fonts alike.
//!
//! Hinting is kept too, but one rasteriser can still tell: FreeType's light auto-hinter (Linux
//! Chromium's) measures each script's zones on reference glyphs, and gives a ligature to the
//! first script whose rules reach it (Charis's "fi" is Cyrillic). Keeping those reference
//! characters (its `afblue.dat`) made a Charis test page's screenshots identical, but costs
//! 38 KB more for the seed's EPUB (a fifth); without them a few glyphs differ by a shade of
//! antialiasing at text sizes (`bench/subset_pixels.py`), and shaping not at all.

use std::collections::BTreeSet;
use std::ffi::{c_char, c_uint, c_void};

/// HarfBuzz's C API, the part the subsetter needs (hb-blob.h, hb-face.h, hb-set.h, hb-subset.h).
#[allow(non_camel_case_types)]
mod ffi {
    use std::ffi::{c_char, c_int, c_uint, c_void};

    #[repr(C)]
    pub struct hb_blob_t {
        _private: [u8; 0],
    }
    #[repr(C)]
    pub struct hb_face_t {
        _private: [u8; 0],
    }
    #[repr(C)]
    pub struct hb_set_t {
        _private: [u8; 0],
    }
    #[repr(C)]
    pub struct hb_subset_input_t {
        _private: [u8; 0],
    }

    /// `HB_MEMORY_MODE_READONLY`: HarfBuzz reads the bytes in place and never writes them.
    pub const MEMORY_MODE_READONLY: c_int = 1;
    /// `HB_SUBSET_SETS_NAME_ID`.
    pub const SETS_NAME_ID: c_uint = 4;
    /// `HB_SUBSET_SETS_LAYOUT_FEATURE_TAG`.
    pub const SETS_LAYOUT_FEATURE_TAG: c_uint = 6;

    // The symbols come from harfbuzz-sys's HarfBuzz core and the subsetter build.rs compiles.
    unsafe extern "C" {
        pub fn hb_blob_create_or_fail(
            data: *const c_char,
            length: c_uint,
            mode: c_int,
            user_data: *mut c_void,
            destroy: Option<unsafe extern "C" fn(*mut c_void)>,
        ) -> *mut hb_blob_t;
        pub fn hb_blob_get_data(blob: *mut hb_blob_t, length: *mut c_uint) -> *const c_char;
        pub fn hb_blob_destroy(blob: *mut hb_blob_t);
        pub fn hb_face_create(blob: *mut hb_blob_t, index: c_uint) -> *mut hb_face_t;
        pub fn hb_face_reference_blob(face: *mut hb_face_t) -> *mut hb_blob_t;
        pub fn hb_face_get_glyph_count(face: *const hb_face_t) -> c_uint;
        pub fn hb_face_destroy(face: *mut hb_face_t);
        pub fn hb_set_add(set: *mut hb_set_t, codepoint: u32);
        pub fn hb_set_del(set: *mut hb_set_t, codepoint: u32);
        pub fn hb_subset_input_create_or_fail() -> *mut hb_subset_input_t;
        pub fn hb_subset_input_unicode_set(input: *mut hb_subset_input_t) -> *mut hb_set_t;
        pub fn hb_subset_input_set(
            input: *mut hb_subset_input_t,
            set_type: c_uint,
        ) -> *mut hb_set_t;
        pub fn hb_subset_input_destroy(input: *mut hb_subset_input_t);
        pub fn hb_subset_or_fail(
            source: *mut hb_face_t,
            input: *const hb_subset_input_t,
        ) -> *mut hb_face_t;
    }
}

// Links HarfBuzz's core (the subsetter's own symbols come from build.rs).
use harfbuzz_sys as _;

/// Characters a reading system draws without their being in the text: the hyphen it adds when
/// it hyphenates, list markers, quotation marks of `<q>`, the ellipsis of an overflowing line,
/// the dotted circle a shaper puts under a mark with no base.
const DRAWN_BY_READERS: &str = "\u{25cc}\u{a0}\u{ad}\u{2010}\u{2011}\u{2013}\u{2014}\u{2022}\u{25e6}\u{25aa}\u{2026}\u{201c}\u{201d}\u{2018}\u{2019}\u{201e}\u{201a}\u{ab}\u{bb}\u{2039}\u{203a}";

/// Every character an EPUB may draw with its fonts: each character of `texts` (its documents
/// and stylesheet) in its own, upper and lower case (CSS `text-transform` and small caps draw
/// those), decomposed and composed (a shaper splits a two-part vowel such as Odia "ୋ" into the
/// characters it is made of, and joins a letter and its accent when the font has the whole),
/// printable ASCII (counters, generated content) and what readers add themselves.
pub fn characters<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<char> {
    use unicode_normalization::char::decompose_canonical;
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let mut set: BTreeSet<char> = (' '..='~').collect();
    // Each character is looked at once (a site's pages are megabytes of mostly ASCII).
    let mut seen_ascii = [false; 128];
    let mut seen = std::collections::HashSet::new();
    let mut add = |c: char| {
        let new = match usize::try_from(u32::from(c)) {
            Ok(i) if i < 128 => !std::mem::replace(&mut seen_ascii[i], true),
            _ => seen.insert(c),
        };
        if !new {
            return;
        }
        for variant in [c]
            .into_iter()
            .chain(c.to_uppercase())
            .chain(c.to_lowercase())
        {
            set.insert(variant);
            decompose_canonical(variant, |part| {
                set.insert(part);
            });
        }
    };
    for text in texts {
        text.chars().for_each(&mut add);
        // Composed forms, where the text has any to compose (most text is already NFC).
        if is_nfc_quick(text.chars()) != IsNormalized::Yes {
            text.nfc().for_each(&mut add);
        }
    }
    set.extend(DRAWN_BY_READERS.chars());
    set
}

/// The OpenType features `css` asks for beyond those reading systems apply anyway (HarfBuzz's
/// default set): the tags of `font-feature-settings` and those the `font-variant-*` keywords
/// stand for, so small caps or old-style figures keep their glyphs.
pub fn requested_features(css: &str) -> BTreeSet<[u8; 4]> {
    const KEYWORDS: &[(&str, &[&[u8; 4]])] = &[
        ("all-small-caps", &[b"smcp", b"c2sc"]),
        ("small-caps", &[b"smcp"]),
        ("all-petite-caps", &[b"pcap", b"c2pc"]),
        ("petite-caps", &[b"pcap"]),
        ("titling-caps", &[b"titl"]),
        ("unicase", &[b"unic"]),
        ("oldstyle-nums", &[b"onum"]),
        ("lining-nums", &[b"lnum"]),
        ("tabular-nums", &[b"tnum"]),
        ("proportional-nums", &[b"pnum"]),
        ("diagonal-fractions", &[b"frac"]),
        ("stacked-fractions", &[b"afrc"]),
        ("ordinal", &[b"ordn"]),
        ("slashed-zero", &[b"zero"]),
        ("discretionary-ligatures", &[b"dlig"]),
        ("historical-ligatures", &[b"hlig"]),
        ("historical-forms", &[b"hist"]),
        ("super", &[b"sups"]),
        ("sub", &[b"subs"]),
    ];
    let mut tags = BTreeSet::new();
    for (property, value) in css
        .split([';', '{', '}'])
        .filter_map(|declaration| declaration.split_once(':'))
    {
        let property = property.trim();
        if property == "font-feature-settings" {
            // Quoted four-letter tags: "smcp", 'onum' 1.
            for quoted in value.split(['"', '\'']).skip(1).step_by(2) {
                if let Ok(tag) = <[u8; 4]>::try_from(quoted.as_bytes()) {
                    tags.insert(tag);
                }
            }
        } else if property.starts_with("font-variant") {
            for word in value.split_whitespace() {
                if let Some((_, found)) = KEYWORDS.iter().find(|(k, _)| *k == word) {
                    tags.extend(found.iter().map(|t| **t));
                }
            }
        }
    }
    tags
}

/// The font at `index` of `data` cut down to `chars` and what its layout tables reach from
/// them under the default features and `features`; `None` when HarfBuzz cannot read or subset
/// it.
pub fn subset(
    data: &[u8],
    index: u32,
    chars: &BTreeSet<char>,
    features: &BTreeSet<[u8; 4]>,
) -> Option<Vec<u8>> {
    let length = c_uint::try_from(data.len()).ok()?;
    // SAFETY: every pointer passed is one HarfBuzz returned (checked for null where it can fail)
    // or `data`, which outlives the read-only blob over it; each object is destroyed once, and
    // the output bytes are copied before their blob is.
    unsafe {
        let blob = ffi::hb_blob_create_or_fail(
            data.as_ptr() as *const c_char,
            length,
            ffi::MEMORY_MODE_READONLY,
            std::ptr::null_mut::<c_void>(),
            None,
        );
        if blob.is_null() {
            return None;
        }
        let face = ffi::hb_face_create(blob, index);
        ffi::hb_blob_destroy(blob);
        // What is not a font reads as an empty face, which HarfBuzz would "subset" too.
        if ffi::hb_face_get_glyph_count(face) == 0 {
            ffi::hb_face_destroy(face);
            return None;
        }
        let input = ffi::hb_subset_input_create_or_fail();
        if input.is_null() {
            ffi::hb_face_destroy(face);
            return None;
        }
        let unicodes = ffi::hb_subset_input_unicode_set(input);
        for &c in chars {
            ffi::hb_set_add(unicodes, c as u32);
        }
        // HarfBuzz keeps names 0–6 (copyright, family, style…); keep the licence's address
        // (14) too. The licence text (13) goes once per book beside the fonts (the EPUB's
        // fonts/LICENSES.txt), not into every face.
        let names = ffi::hb_subset_input_set(input, ffi::SETS_NAME_ID);
        ffi::hb_set_add(names, 14);
        let tags = ffi::hb_subset_input_set(input, ffi::SETS_LAYOUT_FEATURE_TAG);
        for tag in features {
            ffi::hb_set_add(tags, u32::from_be_bytes(*tag));
        }
        // Shapers apply the fraction features (in HarfBuzz's default set) only around a
        // FRACTION SLASH; without one in the text, and unless the stylesheet asks for
        // fractions, their glyphs are never shown (Inter's are a fifth of each face).
        if !chars.contains(&'\u{2044}') && !features.contains(b"frac") {
            for tag in [b"frac", b"numr", b"dnom"] {
                ffi::hb_set_del(tags, u32::from_be_bytes(*tag));
            }
        }
        let result = ffi::hb_subset_or_fail(face, input);
        ffi::hb_subset_input_destroy(input);
        ffi::hb_face_destroy(face);
        if result.is_null() {
            return None;
        }
        let out = ffi::hb_face_reference_blob(result);
        let mut len: c_uint = 0;
        let ptr = ffi::hb_blob_get_data(out, &mut len);
        let bytes = (!ptr.is_null() && len > 0)
            .then(|| std::slice::from_raw_parts(ptr as *const u8, len as usize).to_vec());
        ffi::hb_blob_destroy(out);
        ffi::hb_face_destroy(result);
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_is_smaller_and_keeps_its_characters() {
        let whole = std::fs::read("fonts/Inter-Regular.otf").unwrap();
        let chars = characters(["Peace talks"]);
        let cut = subset(&whole, 0, &chars, &BTreeSet::new()).expect("HarfBuzz subsets Inter");
        assert!(
            cut.len() * 4 < whole.len(),
            "{} of {}",
            cut.len(),
            whole.len()
        );
        assert!(cut.starts_with(b"OTTO"), "a CFF font stays CFF");
    }

    #[test]
    fn fraction_glyphs_stay_only_with_a_fraction_slash_or_when_asked_for() {
        let whole = std::fs::read("fonts/Inter-Regular.otf").unwrap();
        let none = BTreeSet::new();
        let plain = subset(&whole, 0, &characters(["1/2"]), &none).unwrap();
        let slash = subset(&whole, 0, &characters(["1\u{2044}2"]), &none).unwrap();
        let asked = subset(&whole, 0, &characters(["1/2"]), &BTreeSet::from([*b"frac"])).unwrap();
        let glyphs = |font: &[u8]| ttf_parser::Face::parse(font, 0).unwrap().number_of_glyphs();
        assert!(
            glyphs(&slash) > glyphs(&plain) + 10,
            "{} {}",
            glyphs(&slash),
            glyphs(&plain)
        );
        assert_eq!(glyphs(&asked), glyphs(&slash));
    }

    #[test]
    fn characters_come_in_both_cases_decomposed_with_what_readers_draw() {
        let chars = characters(["é ୋ e\u{301}"]);
        for c in ['é', 'É', 'x', '\u{2010}', '\u{b47}', '\u{b3e}', '\u{301}'] {
            assert!(chars.contains(&c), "{c}");
        }
    }

    #[test]
    fn what_is_not_a_font_is_none() {
        let none = BTreeSet::new();
        assert_eq!(subset(b"not a font", 0, &characters([""]), &none), None);
    }

    #[test]
    fn a_stylesheet_asking_for_small_caps_and_figures_keeps_those_features() {
        let css = ".a { font-variant: small-caps; } .b { font-variant-numeric: oldstyle-nums \
                   tabular-nums } .c { font-feature-settings: \"ss01\", 'zero' 1; color: red }";
        let tags: Vec<String> = requested_features(css)
            .iter()
            .map(|t| String::from_utf8_lossy(t).into_owned())
            .collect();
        assert_eq!(tags, ["onum", "smcp", "ss01", "tnum", "zero"]);
    }
}
