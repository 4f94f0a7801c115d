//! `folio watch`: waits for changes to the sources, their images, the brand, the templates or
//! the fonts, and calls back once per settled burst of changes (an editor's save is several
//! events). Outputs written by the rebuild itself are ignored.

use std::path::{Path, PathBuf};

use notify::{RecursiveMode, Watcher};

use crate::diag::Diagnostic;
use crate::session::BuildOptions;

/// Watches `inputs` and what `options` names; calls `rebuild(engine_changed)` after each change,
/// `engine_changed` being true when a template or font changed (the session must be made anew).
/// Returns when the watcher stops, or an error if a folder cannot be watched.
pub fn watch(
    inputs: &[PathBuf],
    options: &BuildOptions,
    rebuild: impl FnMut(bool),
) -> Result<(), Diagnostic> {
    watch_then(inputs, options, || {}, rebuild)
}

/// [`watch`], calling `ready` once every folder is watched (a change from then on is seen).
pub fn watch_then(
    inputs: &[PathBuf],
    options: &BuildOptions,
    ready: impl FnOnce(),
    mut rebuild: impl FnMut(bool),
) -> Result<(), Diagnostic> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| Diagnostic::error(Path::new("."), 0, 0, format!("cannot watch files: {e}")))?;
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let out = real(&options.out_dir);
    // Template and font folders are loaded into the engine: a change there remakes it.
    let engine_dirs: Vec<PathBuf> = options
        .templates
        .iter()
        .chain(&options.fonts)
        .map(|d| real(d))
        .collect();
    for input in inputs
        .iter()
        .chain(&options.brand)
        .chain(&options.templates)
        .chain(&options.fonts)
    {
        // Watch folders (sources and their images live there) rather than single files, which
        // editors replace on save.
        let target = if input.is_dir() {
            input.clone()
        } else {
            match input.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        watcher
            .watch(&target, RecursiveMode::Recursive)
            .map_err(|e| Diagnostic::error(&target, 0, 0, format!("cannot watch: {e}")))?;
    }
    ready();
    let relevant = |ev: &notify::Result<notify::Event>| {
        ev.as_ref().is_ok_and(|e| {
            !e.kind.is_access() && e.paths.iter().any(|p| !real(p).starts_with(&out))
        })
    };
    while let Ok(event) = rx.recv() {
        if !relevant(&event) {
            continue;
        }
        // Let a burst of events settle, then rebuild once.
        std::thread::sleep(std::time::Duration::from_millis(150));
        let mut events = vec![event];
        while let Ok(more) = rx.try_recv() {
            events.push(more);
        }
        let engine_changed = events
            .iter()
            .flatten()
            .flat_map(|e| &e.paths)
            .any(|p| engine_dirs.iter().any(|d| real(p).starts_with(d)));
        rebuild(engine_changed);
    }
    Ok(())
}

/// [`watch`] on a thread of its own, returning once every folder is watched; `failed` is
/// called if watching cannot start or stops with an error.
pub fn watch_in_background(
    inputs: Vec<PathBuf>,
    options: BuildOptions,
    mut rebuild: impl FnMut(bool) + Send + 'static,
    failed: impl FnOnce(Diagnostic) + Send + 'static,
) {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ready = || {
            let _ = ready_tx.send(());
        };
        if let Err(d) = watch_then(&inputs, &options, ready, &mut rebuild) {
            failed(d);
        }
    });
    // Also returns if the thread ends before it is ready (its sender dropped).
    let _ = ready_rx.recv();
}
