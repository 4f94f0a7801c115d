//! Every lint `folio check` reports, declared once: its name (printed as
//! `warning[duplicate-url]`), whether it looks across files, and whether it is only a note.
//! `folio check --help` lists them from here, and a test holds the README's table to them.

/// One lint.
pub struct Lint {
    pub name: &'static str,
    /// It compares several files (a series' numbers, an author's spellings).
    pub across_files: bool,
    /// Worth knowing, not a fault: reported as `info`.
    pub info: bool,
}

const fn file(name: &'static str) -> Lint {
    Lint {
        name,
        across_files: false,
        info: false,
    }
}

pub const DUPLICATE_URL: Lint = file("duplicate-url");
pub const REFERENCE_WITHOUT_URL: Lint = file("reference-without-url");
pub const REFERENCE_WITHOUT_DATE: Lint = file("reference-without-date");
pub const UNCITED_REFERENCE: Lint = file("uncited-reference");
pub const MALFORMED_URL: Lint = file("malformed-url");
pub const URL_WHITESPACE: Lint = file("url-whitespace");
pub const IMAGE_WITHOUT_ALT: Lint = file("image-without-alt");
pub const IMAGE_WITHOUT_CREDIT: Lint = file("image-without-credit");
pub const EMPTY_SECTION: Lint = file("empty-section");
pub const HEADING_LEVEL_SKIPPED: Lint = file("heading-level-skipped");
pub const NOTE_UNUSED: Lint = file("note-unused");
pub const NOTE_UNDEFINED: Lint = file("note-undefined");
pub const FUTURE_DATE: Lint = file("future-date");
pub const PLACEHOLDER_DATE: Lint = file("placeholder-date");
pub const AUTHOR_WITHOUT_BIO: Lint = Lint {
    info: true,
    ..file("author-without-bio")
};
pub const TITLE_TOO_LONG: Lint = file("title-too-long");
pub const DUPLICATE_NUMBER: Lint = Lint {
    across_files: true,
    ..file("duplicate-number")
};
pub const AUTHOR_SPELLING: Lint = Lint {
    across_files: true,
    ..file("author-spelling")
};
pub const NUMBERING_GAP: Lint = Lint {
    across_files: true,
    info: true,
    ..file("numbering-gap")
};

/// Every lint, in the order the help lists them.
pub const ALL: &[Lint] = &[
    DUPLICATE_URL,
    REFERENCE_WITHOUT_URL,
    REFERENCE_WITHOUT_DATE,
    UNCITED_REFERENCE,
    MALFORMED_URL,
    URL_WHITESPACE,
    IMAGE_WITHOUT_ALT,
    IMAGE_WITHOUT_CREDIT,
    EMPTY_SECTION,
    HEADING_LEVEL_SKIPPED,
    NOTE_UNUSED,
    NOTE_UNDEFINED,
    FUTURE_DATE,
    PLACEHOLDER_DATE,
    AUTHOR_WITHOUT_BIO,
    TITLE_TOO_LONG,
    DUPLICATE_NUMBER,
    AUTHOR_SPELLING,
    NUMBERING_GAP,
];

/// The lints as `--help` lists them: those of one file, then those across files, notes
/// marked `(info)`, wrapped at 100 columns.
pub fn help() -> String {
    let named = |across: bool| -> Vec<String> {
        ALL.iter()
            .filter(|l| l.across_files == across)
            .map(|l| format!("{}{}", l.name, if l.info { " (info)" } else { "" }))
            .collect()
    };
    let text = format!(
        "Lints: {}; across files: {}.",
        named(false).join(", "),
        named(true).join(", ")
    );
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > 100 {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out + &line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_documents_every_lint() {
        let readme = include_str!("../../README.md");
        let table = &readme[readme.find("| lint | what |").expect("the lints table")..];
        let table = &table[..table.find("\n\n").unwrap_or(table.len())];
        for lint in ALL {
            assert!(
                table.contains(&format!("`{}`", lint.name)),
                "README's lint table lacks `{}`",
                lint.name
            );
        }
    }

    #[test]
    fn the_help_names_every_lint_once() {
        let help = help();
        for lint in ALL {
            assert_eq!(help.matches(lint.name).count(), 1, "{}", lint.name);
        }
        assert!(help.contains("author-without-bio (info)"));
        assert!(help.lines().all(|l| l.len() <= 100), "{help}");
    }
}
