//! The library's stages import only the stages below them: data flows one way, from the model
//! up to the commands. Read from the source tree itself (every `crate::…` path in code, tests
//! and comments aside), so a new import that reaches up fails here.

use std::collections::BTreeMap;
use std::path::Path;

/// Each top-level module of `src/` and its layer; a module may use those of lower layers only.
const LAYERS: &[(&str, u8)] = &[
    ("diag", 0),
    ("hash", 0),
    ("output", 1),
    ("serve", 1),
    ("resources", 1),
    ("model", 1),
    ("source", 2),
    ("brand", 2),
    ("render", 3),
    ("session", 4),
    ("project", 4),
    ("book", 5),
    ("batch", 5),
    ("site", 6),
    ("check", 6),
    ("import", 6),
    ("starter", 7),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules a file names as `crate::module`, in its code and its test modules alike
/// (comments aside).
fn used_modules(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                used.push(name);
            }
        }
    }
    used
}

#[test]
fn no_module_imports_one_above_it() {
    let layers: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut faults = Vec::new();
    let mut seen = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // The binary (main.rs and its commands in cli/) uses the library as `folio::…`.
        if module == "lib" || module == "main" || module == "cli" {
            continue;
        }
        let Some(&own) = layers.get(module.as_str()) else {
            faults.push(format!("{}: module `{module}` has no layer", rel.display()));
            continue;
        };
        seen += 1;
        for used in used_modules(&std::fs::read_to_string(file).unwrap()) {
            if used == module {
                continue;
            }
            match layers.get(used.as_str()) {
                Some(&layer) if layer < own => {}
                _ => faults.push(format!(
                    "{}: `{module}` (layer {own}) uses `crate::{used}`",
                    rel.display()
                )),
            }
        }
    }
    assert!(seen > 20, "the source tree was not read");
    assert!(
        faults.is_empty(),
        "imports that reach up:\n{}",
        faults.join("\n")
    );
}

#[test]
fn the_checker_sees_a_reach_up() {
    assert_eq!(
        used_modules("use crate::render::Format;\n// crate::book\n#[cfg(test)]\nuse crate::batch;"),
        ["render", "batch"]
    );
}
