//! A figure as Word reads it: PNG, JPEG and GIF as they are, WebP and SVG (which Word does not
//! read, or reads only with a PNG beside it) made PNG; each with its size in pixels.

use std::io::Cursor;

use crate::model::{Asset, ImageFormat};

/// How many pixels an SVG's CSS pixel becomes (sharp when printed at its size).
const SVG_SCALE: f32 = 2.0;

/// The file Word embeds for `asset`: its bytes, extension and size in (96 dpi) pixels.
/// `None` when the image cannot be decoded.
pub fn for_word(asset: &Asset) -> Option<(Vec<u8>, &'static str, (u32, u32))> {
    match asset.format {
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif => {
            let size = image::ImageReader::new(Cursor::new(&asset.bytes))
                .with_guessed_format()
                .ok()?
                .into_dimensions()
                .ok()?;
            Some((asset.bytes.clone(), asset.format.extension(), size))
        }
        ImageFormat::Webp => {
            let img = image::load_from_memory(&asset.bytes).ok()?;
            let mut png = Vec::new();
            img.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
                .ok()?;
            Some((png, "png", (img.width(), img.height())))
        }
        ImageFormat::Svg => {
            let tree = resvg::usvg::Tree::from_data(&asset.bytes, &Default::default()).ok()?;
            let size = tree.size();
            let (w, h) = (size.width().ceil() as u32, size.height().ceil() as u32);
            let mut pixmap = resvg::tiny_skia::Pixmap::new(
                (w as f32 * SVG_SCALE) as u32,
                (h as f32 * SVG_SCALE) as u32,
            )?;
            resvg::render(
                &tree,
                resvg::tiny_skia::Transform::from_scale(SVG_SCALE, SVG_SCALE),
                &mut pixmap.as_mut(),
            );
            Some((pixmap.encode_png().ok()?, "png", (w, h)))
        }
    }
}
