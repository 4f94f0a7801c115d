//! The EPUB's subset fonts against the whole fonts they were cut from: every character of the
//! book that a whole font has, its subset has; every text run shapes (rustybuzz, HarfBuzz's
//! port) into the same glyph outlines at the same positions; and each subset is a fraction of
//! its font. Run on the samples and on fixtures in the Arabic script and every bundled script of
//! South Asia, where joining forms, conjuncts and two-part vowels live.

use std::path::PathBuf;

use crate::common::*;
use rustybuzz::ttf_parser::{self, GlyphId, OutlineBuilder};
use rustybuzz::{Face, UnicodeBuffer};

/// A glyph's outline as its drawing commands, to compare glyphs across differently numbered
/// fonts.
#[derive(Default, PartialEq, Debug)]
struct Outline(Vec<(char, Vec<i32>)>);

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(('M', vec![x as i32, y as i32]));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(('L', vec![x as i32, y as i32]));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0
            .push(('Q', [x1, y1, x, y].iter().map(|v| *v as i32).collect()));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let points = [x1, y1, x2, y2, x, y];
        self.0
            .push(('C', points.iter().map(|v| *v as i32).collect()));
    }
    fn close(&mut self) {
        self.0.push(('Z', vec![]));
    }
}

/// How `face` shapes `text`: per glyph its cluster, advance, offset and outline.
fn shape(face: &Face, text: &str) -> Vec<(u32, i32, i32, i32, Outline)> {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let glyphs = rustybuzz::shape(face, &[], buffer);
    glyphs
        .glyph_infos()
        .iter()
        .zip(glyphs.glyph_positions())
        .map(|(info, pos)| {
            let mut outline = Outline::default();
            face.outline_glyph(GlyphId(info.glyph_id as u16), &mut outline);
            (
                info.cluster,
                pos.x_advance,
                pos.x_offset,
                pos.y_offset,
                outline,
            )
        })
        .collect()
}

/// Family (name ID 1, which a subset keeps), weight and italic of a font.
fn identity(face: &ttf_parser::Face) -> (String, u16, bool) {
    let family = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
        .find_map(|n| n.to_string())
        .unwrap_or_default();
    (family, face.weight().to_number(), face.is_italic())
}

/// The bundled fonts, read.
fn bundled() -> Vec<(PathBuf, Vec<u8>)> {
    let mut fonts: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(root().join("fonts"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    fonts.sort();
    fonts
}

/// The text of every element of every XHTML file: what a reading system sets.
fn text_runs(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut runs = Vec::new();
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let text = std::str::from_utf8(bytes).unwrap();
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let xml = roxmltree::Document::parse_with_options(text, options)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        runs.extend(
            xml.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string),
        );
    }
    runs
}

/// The font's name `id` (13: its licence), in the first Unicode record that has it.
fn name_record(face: &ttf_parser::Face, id: u16) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == id && n.is_unicode())
        .find_map(|n| n.to_string())
        .map(|s| s.trim().replace("\r\n", "\n"))
}

#[test]
fn subset_fonts_cover_and_shape_every_run_like_the_whole_fonts() {
    let mut sources = markdown_files("samples");
    sources.extend(markdown_files("tests/fixtures/lang"));
    let (_dir, built) = build_set(sources, "epub", ".epub");
    let whole = bundled();
    let mut compared = 0;
    for (_, epub) in &built {
        let files = unzip(epub);
        let runs = text_runs(&files);
        let fonts: Vec<_> = files
            .iter()
            .filter(|(n, _)| n.starts_with("OEBPS/fonts/") && !n.ends_with(".txt"))
            .collect();
        assert!(!fonts.is_empty(), "{}: no fonts", epub.display());
        let licences = files
            .iter()
            .find(|(n, _)| n == "OEBPS/fonts/LICENSES.txt")
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_else(|| panic!("{}: no font licence file", epub.display()));
        for (name, bytes) in fonts {
            let cut = Face::from_slice(bytes, 0)
                .unwrap_or_else(|| panic!("{}: {name} is not a font", epub.display()));
            let (path, original) = whole
                .iter()
                .find(|(_, data)| {
                    ttf_parser::Face::parse(data, 0).is_ok_and(|f| identity(&f) == identity(&cut))
                })
                .unwrap_or_else(|| panic!("{name}: no bundled font is {:?}", identity(&cut)));
            let full = Face::from_slice(original, 0).unwrap();
            // The licence the whole font carries is in the book's licence file, under this
            // file's name, and not in every subset.
            if let Some(licence) = name_record(&full, 13) {
                let file = name.trim_start_matches("OEBPS/fonts/");
                let (listed, text) = (licences.find(file), licences.find(&licence));
                assert!(
                    matches!((listed, text), (Some(l), Some(t)) if l < t),
                    "{}: {file}'s licence is not in LICENSES.txt after its name",
                    epub.display()
                );
                assert_eq!(
                    name_record(&cut, 13),
                    None,
                    "{name} still carries its licence"
                );
            }
            assert!(
                bytes.len() * 2 < original.len(),
                "{name} is {} bytes of {}'s {}: not subset",
                bytes.len(),
                path.display(),
                original.len()
            );
            for run in &runs {
                // The stretches of the run this font has every character of: what a reading
                // system sets in it (the rest falls back to another font).
                let covered = |c: char| full.glyph_index(c).is_some();
                for piece in run
                    .split(|c: char| !covered(c))
                    .filter(|p| !p.trim().is_empty())
                {
                    for c in piece.chars() {
                        assert!(
                            cut.glyph_index(c).is_some(),
                            "{}: {name} lost {c:?} (U+{:04X})",
                            epub.display(),
                            c as u32
                        );
                    }
                    let (got, want) = (shape(&cut, piece), shape(&full, piece));
                    if got != want {
                        let at = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
                        panic!(
                            "{}: {name} shapes {piece:?} unlike {}: {} glyphs for {}, the first \
                             difference at glyph {at}",
                            epub.display(),
                            path.display(),
                            got.len(),
                            want.len()
                        );
                    }
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 1000, "only {compared} runs compared");
}
