//! The formats folio writes, each described once: its name, the files it writes (its own and
//! those beside it), what a web page offers of it, and its backend. Adding a format is a new
//! backend file and one row here.
//!
//! Where an output goes is decided here too: a [`Destination`] (files in one folder, or a
//! site's folder per explainer) gives each output its [`Place`], which tells its backend what
//! sits beside it.

use std::path::Path;

use super::{Backend, cite, crossref, docx, epub, pdf, print, web};
use crate::model::Labels;

/// An output format folio writes. Its doc comments are the `--format` help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Branded screen PDF (<stem>.pdf)
    Pdf,
    /// EPUB 3 (<stem>.epub)
    Epub,
    /// Print-ready PDF with bleed, crop marks and page boxes (<stem>.print.pdf)
    Print,
    /// The web edition: an accessible page (<stem>.html) with its assets under assets/<stem>/
    Html,
    /// "Cite this" files for reference managers: <stem>.bib, <stem>.ris and <stem>.csl.json
    Cite,
    /// A Word document in the house styles (<stem>.docx)
    Docx,
    /// Crossref deposit (schema 5.3.1) registering the DOIs, for upload to Crossref
    /// (<stem>.crossref.xml); needs [crossref] and [site] base_url in folio.toml
    Crossref,
}

/// One file a web page offers for download.
pub struct Offer {
    /// Its link text: a word of the page's language, or a format's own name.
    pub label: fn(&Labels) -> &str,
    /// After the stem.
    pub suffix: &'static str,
    pub media_type: &'static str,
}

/// What folio knows of a format.
struct Row {
    format: Format,
    name: &'static str,
    /// The output's file name after the stem.
    suffix: &'static str,
    /// Files written beside it, by their name after the stem.
    beside: &'static [&'static str],
    offers: &'static [Offer],
    backend: &'static dyn Backend,
}

/// The RIS file beside a BibTeX file.
pub const RIS: &str = ".ris";
/// The CSL-JSON file beside a BibTeX file.
pub const CSL_JSON: &str = ".csl.json";
/// A site's page in its folder (an explainer's, a year's, the index).
pub const SITE_PAGE: &str = "index.html";

const ROWS: &[Row] = &[
    Row {
        format: Format::Pdf,
        name: "pdf",
        suffix: ".pdf",
        beside: &[],
        offers: &[Offer {
            label: |l| &l.edition_pdf,
            suffix: ".pdf",
            media_type: "application/pdf",
        }],
        backend: &pdf::ScreenPdf,
    },
    Row {
        format: Format::Epub,
        name: "epub",
        suffix: ".epub",
        beside: &[],
        offers: &[Offer {
            label: |l| &l.edition_epub,
            suffix: ".epub",
            media_type: "application/epub+zip",
        }],
        backend: &epub::Epub,
    },
    Row {
        format: Format::Print,
        name: "print",
        suffix: ".print.pdf",
        beside: &[],
        offers: &[Offer {
            label: |l| &l.edition_print,
            suffix: ".print.pdf",
            media_type: "application/pdf",
        }],
        backend: &print::PrintPdf,
    },
    Row {
        format: Format::Html,
        name: "html",
        suffix: ".html",
        beside: &[],
        offers: &[],
        backend: &web::WebPage,
    },
    Row {
        format: Format::Cite,
        name: "cite",
        suffix: ".bib",
        beside: &[RIS, CSL_JSON],
        offers: &[
            Offer {
                label: |_| "BibTeX",
                suffix: ".bib",
                media_type: "application/x-bibtex",
            },
            Offer {
                label: |_| "RIS",
                suffix: RIS,
                media_type: "application/x-research-info-systems",
            },
            Offer {
                label: |_| "CSL JSON",
                suffix: CSL_JSON,
                media_type: "application/vnd.citationstyles.csl+json",
            },
        ],
        backend: &cite::CiteFiles,
    },
    Row {
        format: Format::Docx,
        name: "docx",
        suffix: ".docx",
        beside: &[],
        offers: &[Offer {
            label: |_| "Word",
            suffix: ".docx",
            media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }],
        backend: &docx::Docx,
    },
    Row {
        format: Format::Crossref,
        name: "crossref",
        suffix: ".crossref.xml",
        beside: &[],
        // Metadata for Crossref, not a download for readers.
        offers: &[],
        backend: &crossref::Deposit,
    },
];

impl Format {
    /// The formats built when none is named, in the order outputs are built.
    pub const ALL: &[Format] = &[Format::Pdf, Format::Epub, Format::Print];

    /// The formats `named` (`--format`), in build order and each once; [`ALL`](Self::ALL)
    /// when none is named.
    pub fn chosen(named: &[Format]) -> Vec<Format> {
        if named.is_empty() {
            return Format::ALL.to_vec();
        }
        let mut formats = named.to_vec();
        formats.sort();
        formats.dedup();
        formats
    }

    fn row(self) -> &'static Row {
        ROWS.iter()
            .find(|r| r.format == self)
            .expect("every format has a row")
    }

    /// The output file name's suffix after the stem.
    pub fn suffix(self) -> &'static str {
        self.row().suffix
    }

    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The backend that writes this format.
    pub fn backend(self) -> &'static dyn Backend {
        self.row().backend
    }

    /// What a web page beside it offers for download: one file, several (the cite files), or
    /// none (the web page itself).
    pub fn offers(self) -> &'static [Offer] {
        self.row().offers
    }
}

/// How a run lays its outputs out.
#[derive(Debug, Clone, Default)]
pub enum Destination {
    /// Every output in the output folder, named after its stem (`<stem>.pdf`, `<stem>.html`
    /// with its assets under `assets/<stem>/`).
    #[default]
    Files,
    /// A site: each explainer in a folder of its own (`<stem>/index.html`, its downloads
    /// beside it, its assets under `<stem>/assets/`).
    Site {
        /// The site's address, ending in `/`.
        base_url: Option<String>,
        /// The brand file the site's shared stylesheet is made for: a page in it links that
        /// stylesheet, a page in another brand has its own.
        brand: std::path::PathBuf,
    },
}

impl Destination {
    /// Where the `format` output named `stem` goes, relative to the output folder.
    pub fn file(&self, stem: &str, format: Format) -> String {
        match (self, format) {
            (Destination::Files, _) => format!("{stem}{}", format.suffix()),
            (Destination::Site { .. }, Format::Html) => format!("{stem}/{SITE_PAGE}"),
            (Destination::Site { .. }, _) => format!("{stem}/{stem}{}", format.suffix()),
        }
    }

    /// Where the `format` output named `stem`, in `brand`, goes and what sits beside it (the
    /// other formats of the run, `beside`).
    pub fn place(&self, stem: &str, format: Format, brand: &Path, beside: &[Format]) -> Place {
        let beside = beside.iter().copied().filter(|f| *f != format).collect();
        match self {
            Destination::Files => Place {
                file: self.file(stem, format),
                assets: format!("assets/{stem}/"),
                base_url: None,
                stylesheet: None,
                beside,
                depositor: None,
            },
            Destination::Site {
                base_url,
                brand: site_brand,
            } => Place {
                file: self.file(stem, format),
                assets: "assets/".into(),
                base_url: base_url.clone(),
                stylesheet: (brand == site_brand).then(|| "../assets/style.css".into()),
                beside,
                depositor: None,
            },
        }
    }
}

/// Where one output goes and what sits beside it: what its backend needs to name its own
/// files and link its neighbours.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The output's file, relative to the output folder, `/`-separated.
    pub file: String,
    /// The folder of its assets (a web page's stylesheet, fonts and images), relative to the
    /// output's folder, ending in `/`.
    pub assets: String,
    /// The site's address, ending in `/`; `None` outside a site.
    pub base_url: Option<String>,
    /// A stylesheet shared by many pages (a site's), relative to the page; `None`: the page
    /// has its own under `assets`.
    pub stylesheet: Option<String>,
    /// The other formats written beside it, which a web page offers as downloads.
    pub beside: Vec<Format>,
    /// A Crossref deposit's depositor and the site its DOIs resolve to (`folio.toml`'s
    /// `[crossref]` and `[site] base_url`, read by whoever places the deposit); `None` for
    /// every other format.
    pub depositor: Option<crossref::Depositor>,
}

impl Place {
    /// The files that must be beside the output of `format` named `stem` for it to be whole
    /// (a cache that finds one missing builds it again), relative to its folder.
    pub fn companions(&self, stem: &str, format: Format) -> Vec<String> {
        let mut files: Vec<String> = format
            .row()
            .beside
            .iter()
            .map(|suffix| format!("{stem}{suffix}"))
            .collect();
        if format == Format::Html {
            files.push(format!("{}{}", self.assets, web::CARD));
            if self.stylesheet.is_none() {
                files.push(format!("{}{}", self.assets, web::STYLESHEET));
            }
        }
        files
    }
}
