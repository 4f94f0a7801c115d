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
    // This script reruns whenever a source or template changes (for the build id); the
    // subsetter only needs compiling again when HarfBuzz does (its path names its version).
    // A stamp written after a successful compile says which units the library was made of.
    let stamp = out.join("harfbuzz-subset.stamp");
    let library = out.join("libfolio_harfbuzz_subset.a");
    if library.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == text) {
        println!("cargo:rustc-link-lib=static=folio_harfbuzz_subset");
        println!("cargo:rustc-link-search=native={}", out.display());
        println!("cargo:rustc-link-lib=stdc++");
        return;
    }
    std::fs::write(&unit, &text).expect("write the subsetter's unit");
    cc::Build::new()
        .cpp(true)
        .flag_if_supported("-std=c++11")
        .warnings(false)
        .define("HAVE_PTHREAD", "1")
        .include(&include)
        .file(&unit)
        .compile("folio_harfbuzz_subset");
    std::fs::write(&stamp, &text).expect("write the subsetter's stamp");
}
