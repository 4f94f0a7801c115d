//! Gives the binary a build id: a hash of its own sources and templates, so the output cache
//! (which keys on it) never trusts outputs made by a different build of the same version; and
//! compiles HarfBuzz's subsetter (the EPUB's font subsetting) against the HarfBuzz core that
//! `harfbuzz-sys` builds from its bundled source.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    for dir in ["src", "templates"] {
        walk(Path::new(dir), &mut files);
        println!("cargo:rerun-if-changed={dir}");
    }
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in files {
        file.hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    println!("cargo:rustc-env=FOLIO_BUILD_ID={:016x}", hasher.finish());
    build_subsetter();
}

/// The translation units HarfBuzz's own `harfbuzz-subset.cc` adds to `harfbuzz.cc` (which
/// `harfbuzz-sys` compiles): the subsetter, its CFF and layout serialisers and the repacker.
const SUBSET_UNITS: &[&str] = &[
    "graph/gsubgpos-context.cc",
    "hb-subset-cff-common.cc",
    "hb-subset-cff1.cc",
    "hb-subset-cff2.cc",
    "hb-subset-input.cc",
    "hb-subset-instancer-iup.cc",
    "hb-subset-instancer-solver.cc",
    "hb-subset-plan.cc",
    "hb-subset-repacker.cc",
    "hb-subset.cc",
];

fn build_subsetter() {
    let include = PathBuf::from(
        std::env::var_os("DEP_HARFBUZZ_INCLUDE").expect("harfbuzz-sys gives its source folder"),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let unit = out.join("harfbuzz-subset-units.cc");
    let text: String = SUBSET_UNITS
        .iter()
        .map(|u| format!("#include \"{}\"\n", include.join(u).display()))
        .collect();
    std::fs::write(&unit, text).expect("write the subsetter's unit");
    cc::Build::new()
        .cpp(true)
        .flag_if_supported("-std=c++11")
        .warnings(false)
        .define("HAVE_PTHREAD", "1")
        .include(&include)
        .file(&unit)
        .compile("folio_harfbuzz_subset");
}
