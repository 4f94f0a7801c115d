//! `folio check` (issue #9): every lint against a fixture whose expected findings are a golden
//! file (`tests/fixtures/check/NAME.expected`, the `path:line:col: severity[code]: message`
//! lines in order; `FOLIO_BLESS=1` rewrites them, see `expect`); the seed's duplicated
//! reference URLs; `--deny warnings`; JSON output; and everything `build` rejects reported the
//! same way.

use crate::common::*;
use crate::expect;

/// The finding lines (without source excerpts and help) `folio check` prints for `input`.
fn findings(input: &str, extra: &[&str]) -> (Option<i32>, Vec<String>) {
    let mut args = vec!["check", input];
    args.extend_from_slice(extra);
    let out = folio(&args);
    let lines = stderr(&out)
        .lines()
        .filter(|l| l.starts_with("tests/") || l.starts_with("samples/"))
        .map(str::to_string)
        .collect();
    (out.status.code(), lines)
}

#[test]
fn every_lint_reports_its_fixture_with_file_and_line() {
    let mut diffs = Vec::new();
    for name in [
        "references",
        "content",
        "dates",
        "placeholder-date",
        "folder",
    ] {
        let input = if name == "folder" {
            "tests/fixtures/check/folder".to_string()
        } else {
            format!("tests/fixtures/check/{name}.md")
        };
        let (code, lines) = findings(&input, &[]);
        diffs.push(expect::file(
            &format!("tests/fixtures/check/{name}.expected"),
            &(lines.join("\n") + "\n"),
        ));
        // Warnings alone do not fail a check.
        assert_eq!(code, Some(0), "{name}");
    }
    expect::all_match(diffs);
}

#[test]
fn the_seed_has_two_duplicated_reference_urls() {
    let seed = "samples/cwa-1975-pakistan-taliban-peace-talks.md";
    let (code, lines) = findings(seed, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        lines,
        [
            format!(
                "{seed}:35:10: warning[duplicate-url]: reference 3 has the same URL as reference 2 (line 31)"
            ),
            format!(
                "{seed}:40:10: warning[duplicate-url]: reference 4 has the same URL as reference 1 (line 27)"
            ),
        ]
    );
    // The offending line and a caret under the URL are shown, then the help.
    let out = stderr(&folio(&["check", seed]));
    assert!(
        out.contains("   35 |     url: https://www.thenews.com.pk/"),
        "{out}"
    );
    assert!(out.contains("      |          ^\n"), "{out}");
    assert!(
        out.contains("= help: each reference should point to its own source"),
        "{out}"
    );
    assert!(
        out.contains("checked 1 file: 0 errors, 2 warnings, 0 notes"),
        "{out}"
    );
    // --deny warnings fails on them.
    let (code, _) = findings(seed, &["--deny", "warnings"]);
    assert_eq!(code, Some(1));
}

#[test]
fn json_output_parses_and_matches_the_human_output() {
    let input = "tests/fixtures/check/content.md";
    let out = folio(&["check", input, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let items: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("check --format json prints a JSON array");
    let (_, human) = findings(input, &[]);
    assert_eq!(items.len(), human.len());
    let first = &items[0];
    assert_eq!(first["path"], input);
    assert_eq!(first["line"], 5);
    assert_eq!(first["severity"], "info");
    assert_eq!(first["code"], "author-without-bio");
    assert_eq!(first["source"], "  - name: Asha Rao");
    assert!(
        items
            .iter()
            .any(|i| i["code"] == "note-unused" && i["help"].is_string())
    );
}

#[test]
fn what_build_rejects_check_reports_as_errors() {
    let mut cases = 0;
    for case in markdown_files("tests/fixtures/broken") {
        let expected = std::fs::read_to_string(case.with_extension("expected")).unwrap();
        let name = format!(
            "tests/fixtures/broken/{}",
            case.file_name().unwrap().to_string_lossy()
        );
        let (code, lines) = findings(&name, &[]);
        assert_eq!(code, Some(1), "{name}");
        assert_eq!(
            lines.first().map(String::as_str),
            expected.lines().next(),
            "{name}"
        );
        cases += 1;
    }
    assert!(cases >= 15, "only {cases} broken fixtures");
}

#[test]
fn clean_sources_pass_even_with_deny_warnings() {
    let (code, lines) = findings("tests/fixtures/check/folder/a.md", &["--deny", "warnings"]);
    assert_eq!((code, lines), (Some(0), Vec::<String>::new()));
}
