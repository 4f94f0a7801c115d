//! folio's integration tests, one test crate (one binary to link): each module is one part of
//! the tool checked from outside, through the `folio` binary or the library. Fixtures are read
//! from the crate root (`tests/fixtures/`, `samples/`), goldens from `tests/golden/`.

mod common;
mod expect;

mod batch;
mod book;
mod check;
mod cite;
mod cli;
mod epub;
mod errors;
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
