//! The print-ready PDF: `templates/print.typ` (the screen design laid out for paper; a book:
//! `book.typ`) exported by typst-pdf, then given its BleedBox. One post-pass for explainers and
//! books: the page multiple, the low-resolution warning, the export and the BleedBox.
//!
//! typst lays out the trim size with `bleed` = bleed + slug, so the MediaBox holds the slug and
//! typst writes the TrimBox; a printer also needs the BleedBox (trim + bleed), which typst does
//! not write, so a small post-pass with lopdf adds it to every page. Raster images printed
//! below 300 dpi are reported.

use typst::layout::{Frame, FrameItem};
use typst::visualize::ImageKind;

use super::pdf::export;
use super::{Backend, Context, Layout, Pages, Publication, Rendered, layout};
use crate::diag::Diagnostic;
use crate::model::Asset;

/// Points per millimetre.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// The resolution below which a printed raster image looks soft.
const MIN_DPI: f64 = 300.0;

/// The print-ready PDF of an explainer (`print.typ`) or a book (`book.typ` on paper).
pub struct PrintPdf;

impl Backend for PrintPdf {
    fn render(&self, publication: Publication, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
        // Printers need an even page count; a saddle-stitched booklet and a bound book a
        // multiple of four. The template pads with blank pages.
        let multiple = match publication {
            Publication::Book(_) | Publication::Site(_) => 4,
            Publication::Explainer(_) if cx.settings.saddle_stitch => 4,
            Publication::Explainer(_) => 2,
        };
        let compiled = layout(
            publication,
            cx,
            Layout {
                format: Pages::Print,
                multiple: Some(multiple),
            },
        )?;
        let pages = compiled.document.pages().len();
        if pages % multiple != 0 {
            let template = match publication {
                Publication::Explainer(_) => "templates/print.typ",
                Publication::Book(_) | Publication::Site(_) => "templates/book.typ",
            };
            return Err(vec![Diagnostic::error(
                std::path::Path::new(template),
                0,
                0,
                format!("the print layout has {pages} pages, not a multiple of {multiple}"),
            )]);
        }
        let mut warnings = compiled.warnings;
        for page in compiled.document.pages() {
            low_resolution_images(
                &page.frame,
                publication.assets(),
                publication.origin(),
                &mut warnings,
            );
        }
        warnings.dedup();
        let pdf = export(publication, &compiled.document, cx.settings.pdf_standard)?;
        let bytes = add_bleed_box(&pdf, cx.brand.brand.print.bleed * PT_PER_MM).map_err(|e| {
            vec![Diagnostic::error(
                publication.origin(),
                0,
                0,
                format!("cannot set the print page boxes: {e}"),
            )]
        })?;
        Ok(Rendered {
            files: Vec::new(),
            bytes,
            pages: Some(pages),
            warnings,
        })
    }
}

/// Warns about raster images printed below [`MIN_DPI`], naming the source file.
pub fn low_resolution_images(
    frame: &Frame,
    assets: &[Asset],
    origin: &std::path::Path,
    warnings: &mut Vec<Diagnostic>,
) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                low_resolution_images(&group.frame, assets, origin, warnings)
            }
            FrameItem::Image(image, size, _) => {
                let ImageKind::Raster(raster) = image.kind() else {
                    continue;
                };
                let printed_inches = size.x.to_pt() / 72.0;
                if printed_inches <= 0.0 {
                    continue;
                }
                let dpi = f64::from(raster.width()) / printed_inches;
                if dpi < MIN_DPI {
                    let name = assets
                        .iter()
                        .find(|a| a.bytes.as_slice() == raster.data().as_slice())
                        .map_or("an image", |a| a.source.as_str());
                    warnings.push(
                        Diagnostic::warning(
                            origin,
                            0,
                            0,
                            format!(
                                "image `{name}` prints at {dpi:.0} dpi, below {MIN_DPI:.0} dpi"
                            ),
                        )
                        .with_help("supply a larger image for print, or show it smaller"),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Sets every page's BleedBox to its TrimBox grown by `bleed` points on each side.
pub fn add_bleed_box(pdf: &[u8], bleed: f64) -> Result<Vec<u8>, String> {
    use lopdf::{Document as Pdf, Object};
    let mut pdf = Pdf::load_mem(pdf).map_err(|e| e.to_string())?;
    let pages: Vec<_> = pdf.get_pages().into_values().collect();
    for id in pages {
        let page = pdf.get_dictionary_mut(id).map_err(|e| e.to_string())?;
        let trim = page
            .get(b"TrimBox")
            .map_err(|_| "a page has no TrimBox".to_string())?;
        let numbers: Vec<f64> = trim
            .as_array()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|o| {
                o.as_float()
                    .map(f64::from)
                    .or_else(|_| o.as_i64().map(|i| i as f64))
            })
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        let [x0, y0, x1, y1] = numbers[..] else {
            return Err("a TrimBox is not four numbers".into());
        };
        let (lo_x, hi_x) = (x0.min(x1), x0.max(x1));
        let (lo_y, hi_y) = (y0.min(y1), y0.max(y1));
        let r = |v: f64| Object::Real((v * 1000.0).round() as f32 / 1000.0);
        page.set(
            "BleedBox",
            Object::Array(vec![
                r(lo_x - bleed),
                r(lo_y - bleed),
                r(hi_x + bleed),
                r(hi_y + bleed),
            ]),
        );
    }
    let mut out = Vec::new();
    pdf.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}
