//! Gives the binary a build id: a hash of its own sources and templates, so the output cache
//! (which keys on it) never trusts outputs made by a different build of the same version; and
//! deflates the embedded fonts once, at build time, into `$OUT_DIR/fonts.zip`, whose entries
//! every EPUB copies as they are instead of compressing megabytes of fonts on each run.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
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
    compress_fonts();
}

/// Every font in `fonts/` that an EPUB may carry (colour emoji never is), deflated at the best
/// level into one archive.
fn compress_fonts() {
    println!("cargo:rerun-if-changed=fonts");
    let mut fonts = Vec::new();
    walk(Path::new("fonts"), &mut fonts);
    fonts.retain(|p| {
        let name = p.to_string_lossy();
        (name.ends_with(".ttf") || name.ends_with(".otf")) && !name.contains("ColorEmoji")
    });
    fonts.sort();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for font in fonts {
        let bytes = std::fs::read(&font).expect("read font");
        let name = font.file_name().unwrap().to_string_lossy().into_owned();
        zip.start_file(name, options).expect("zip font");
        zip.write_all(&bytes).expect("zip font");
    }
    let archive = zip.finish().expect("zip fonts").into_inner();
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out).join("fonts.zip"), archive).expect("write fonts.zip");
}
