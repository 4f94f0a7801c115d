//! folio's integration tests, one test crate (one binary to link): each module is one part of
//! the tool checked from outside, through the `folio` binary or the library. Fixtures are read
//! from the crate root (`tests/fixtures/`, `samples/`), goldens from `tests/golden/` (compared
//! through `expect`, which `FOLIO_BLESS=1` turns into rewriting them).
//!
//! Tests that need Java (EPUBCheck 5, the Nu HTML Checker) or Chromium (axe-core) are in
//! modules named `validator`, one at the end of each file that has them, reading what the
//! tests above them build (built once, shared). So the fast tier,
//! `cargo test --release -- --skip validator`, runs every other test without Java or
//! Chromium; `cargo test --release` (what `.ci/run` ends with) runs them all.

mod common;
mod expect;

mod batch;
mod book;
mod check;
mod cite;
mod cli;
mod crossref;
mod docx;
mod epub;
mod errors;
mod gfm;
mod golden;
mod hostile;
mod import;
mod import_shapes;
mod lang;
mod layers;
mod pdf;
mod print;
mod properties;
mod references;
mod serve;
mod site;
mod subset;
mod web;
