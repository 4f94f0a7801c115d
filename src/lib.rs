//! folio: explainer sources (Markdown + YAML front matter) → branded PDF, EPUB and print PDF.
//!
//! The flow is one way, each stage a folder that imports only those below it:
//!
//! - [`model`]: the [`Document`], the [`model::Book`] and their words in the document's
//!   language — what every backend reads;
//! - [`source`] parses a file into a `Document`; [`brand`] loads the brand and its words;
//! - [`render`]: one [`render::Backend`] per format (screen PDF, print PDF, EPUB, web page), each turning
//!   a publication (an explainer or a book) into bytes;
//! - [`session`]: the engine, brand resolver and fingerprint a run shares;
//! - [`book`] assembles collections and the annual; [`batch`] builds many explainers with a
//!   cache; [`site`] makes a series' static site; [`check`], [`import`] and [`starter`] are
//!   the editor's tools;
//! - [`output`] writes every file atomically; [`serve`] serves a built site on 127.0.0.1.
//!
//! Errors are [`Diagnostic`] values that name a file and line; nothing here prints or exits.

pub mod batch;
pub mod book;
pub mod brand;
pub mod check;
pub mod diag;
pub mod hash;
pub mod import;
pub mod model;
pub mod output;
pub mod project;
pub mod render;
pub mod resources;
pub mod serve;
pub mod session;
pub mod site;
pub mod source;
pub mod starter;

pub use batch::{Built, Written};
pub use diag::{Diagnostic, Severity};
pub use model::Document;
pub use render::{Format, Settings};
pub use session::{BuildOptions, Session};
