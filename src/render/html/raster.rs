//! A laid-out page as a PNG image (the EPUB's cover, the web page's card and a book's web
//! cover): rendered by typst-render, written with a palette when the page is a few flat
//! colours.

use crate::diag::Diagnostic;
use crate::render::typst;

/// `page` rendered at `scale` pixels per point, as PNG.
pub(crate) fn page_png(
    page: &typst_layout::Page,
    scale: f64,
    origin: &std::path::Path,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let options = typst_render::RenderOptions {
        pixel_per_pt: scale.into(),
        ..Default::default()
    };
    let pixmap = typst::guarded(|| typst_render::render(page, &options))
        .map_err(|msg| vec![typst::internal_error(origin, &msg)])?;
    encode_png(&pixmap).map_err(|e| {
        vec![Diagnostic::error(
            origin,
            0,
            0,
            format!("cannot encode an image of the cover: {e}"),
        )]
    })
}

/// The cover as PNG. A designed cover is a few flat colours and the shades antialiasing puts
/// between them: when it has at most [`PALETTE_SOURCE_COLOURS`] colours, it is written with a
/// palette of its 256 most frequent ones (each other pixel takes the nearest of those), a
/// quarter of the bytes of full colour and no visible change; a cover with a photograph keeps
/// full colour.
pub(crate) fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_depth(png::BitDepth::Eight);
    match palette(pixmap.pixels()) {
        Some((colours, indices)) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(
                colours
                    .iter()
                    .flat_map(|c| [c[0], c[1], c[2]])
                    .collect::<Vec<_>>(),
            );
            if colours.iter().any(|c| c[3] < 255) {
                encoder.set_trns(colours.iter().map(|c| c[3]).collect::<Vec<_>>());
            }
            // Palette indices deflate best unfiltered (the "Up" filter: a third more bytes).
            encoder.set_filter(png::Filter::NoFilter);
            let mut writer = encoder.write_header()?;
            writer.write_image_data(&indices)?;
            writer.finish()?;
        }
        None => {
            encoder.set_color(png::ColorType::Rgba);
            // Fast: a full-colour cover is 3 megapixels, and the default level costs ~80 ms more.
            encoder.set_compression(png::Compression::Fast);
            let rgba: Vec<[u8; 4]> = pixmap.pixels().iter().map(straight).collect();
            let mut writer = encoder.write_header()?;
            writer.write_image_data(rgba.as_flattened())?;
            writer.finish()?;
        }
    }
    Ok(out)
}

/// A pixel's colour with its alpha divided out, as PNG stores it.
pub(crate) fn straight(px: &tiny_skia::PremultipliedColorU8) -> [u8; 4] {
    let c = px.demultiply();
    [c.red(), c.green(), c.blue(), c.alpha()]
}

/// Above this many colours an image is taken for a photograph, which a palette would band.
pub(crate) const PALETTE_SOURCE_COLOURS: usize = 4096;

/// A palette of `pixels`' 256 most frequent colours (ties broken by the colour itself, so the
/// same cover gives the same file) and each pixel's index into it, the nearest colour for those
/// not in it; `None` when the pixels have more than [`PALETTE_SOURCE_COLOURS`] colours.
pub(crate) fn palette(
    pixels: &[tiny_skia::PremultipliedColorU8],
) -> Option<(Vec<[u8; 4]>, Vec<u8>)> {
    use std::collections::HashMap;
    // Covers are mostly runs of one colour: scan the pixels once, into runs.
    let mut runs: Vec<([u8; 4], usize)> = Vec::new();
    let mut counts: HashMap<[u8; 4], usize> = HashMap::new();
    for run in pixels.chunk_by(|a, b| a == b) {
        let colour = straight(&run[0]);
        runs.push((colour, run.len()));
        *counts.entry(colour).or_default() += run.len();
        if counts.len() > PALETTE_SOURCE_COLOURS {
            return None;
        }
    }
    let mut by_frequency: Vec<([u8; 4], usize)> = counts.into_iter().collect();
    by_frequency.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let colours: Vec<[u8; 4]> = by_frequency.iter().take(256).map(|(c, _)| *c).collect();
    let distance = |a: &[u8; 4], b: &[u8; 4]| -> u32 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (i32::from(*x) - i32::from(*y)).pow(2) as u32)
            .sum()
    };
    let index: HashMap<[u8; 4], u8> = by_frequency
        .iter()
        .map(|(c, _)| {
            let nearest = (0..colours.len())
                .min_by_key(|&i| distance(c, &colours[i]))
                .unwrap_or(0);
            (*c, nearest as u8)
        })
        .collect();
    let mut indices = Vec::with_capacity(pixels.len());
    for (colour, len) in runs {
        let i = index.get(&colour).copied().unwrap_or(0);
        indices.extend(std::iter::repeat_n(i, len));
    }
    Some((colours, indices))
}
