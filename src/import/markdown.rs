//! Blocks → the Markdown body of a source. Every character of the input's text that Markdown
//! could read as syntax is escaped, so text stays text; only the structure the reader found
//! (headings, lists, tables, emphasis, links, notes, pictures) becomes Markdown.

use super::flow::{Block, Kind, Run};

/// The body: blocks separated by blank lines (list items of one list kept together), then the
/// footnotes.
pub fn body(blocks: &[Block], notes: &[Vec<Run>]) -> String {
    let mut out = String::new();
    let mut counters: Vec<u32> = Vec::new();
    let mut prev_item = false;
    for b in blocks {
        let is_item = matches!(b.kind, Kind::Item { .. });
        if !out.is_empty() {
            out.push_str(if is_item && prev_item { "\n" } else { "\n\n" });
        }
        if !is_item {
            counters.clear();
        }
        prev_item = is_item;
        match &b.kind {
            Kind::Para | Kind::Title | Kind::Subtitle => {
                out.push_str(&line_start(&inlines(&b.runs)))
            }
            Kind::Heading(level) => {
                out.push_str(&"#".repeat(usize::from((*level).clamp(2, 6))));
                out.push(' ');
                out.push_str(&inlines(&b.runs));
            }
            Kind::Quote => {
                out.push_str("> ");
                out.push_str(&line_start(&inlines(&b.runs)));
            }
            Kind::Item { ordered, depth } => {
                // An item is at most one level below the one before it (the first at the top).
                let depth = usize::from(*depth).min(counters.len());
                counters.truncate(depth + 1);
                while counters.len() <= depth {
                    counters.push(0);
                }
                counters[depth] += 1;
                out.push_str(&"    ".repeat(depth));
                if *ordered {
                    out.push_str(&format!("{}. ", counters[depth]));
                } else {
                    out.push_str("- ");
                }
                let mut text = inlines(&b.runs);
                // A task item as Word files write one (pandoc, folio): a ballot box first.
                for (box_, mark) in [("☐ ", "[ ] "), ("☒ ", "[x] "), ("☑ ", "[x] ")] {
                    if let Some(rest) = text.strip_prefix(box_) {
                        out.push_str(mark);
                        text = rest.to_string();
                        break;
                    }
                }
                out.push_str(if text.is_empty() { "\\ " } else { "" });
                out.push_str(&line_start(&text));
            }
            Kind::Table(rows) => out.push_str(&table(rows)),
            Kind::Code(text) => {
                // A fence longer than any run of backticks in the text.
                let mut longest = 0;
                let mut run = 0;
                for c in text.chars() {
                    run = if c == '`' { run + 1 } else { 0 };
                    longest = longest.max(run);
                }
                let fence = "`".repeat((longest + 1).max(3));
                out.push_str(&format!(
                    "{fence}\n{}\n{fence}",
                    text.trim_end_matches('\n')
                ));
            }
            Kind::Rule => out.push_str("* * *"),
        }
    }
    for (n, note) in notes.iter().enumerate() {
        out.push_str(&format!("\n\n[^{}]: {}", n + 1, line_start(&inlines(note))));
    }
    out
}

fn table(rows: &[Vec<Vec<Run>>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let mut out = String::new();
    for (r, row) in rows.iter().enumerate() {
        out.push('|');
        for c in 0..width {
            let cell = row.get(c).map(|runs| inlines(runs)).unwrap_or_default();
            out.push(' ');
            out.push_str(&cell);
            out.push_str(" |");
        }
        out.push('\n');
        if r == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

/// Runs as inline Markdown on one line.
pub fn inlines(runs: &[Run]) -> String {
    let mut out = String::new();
    write_runs(&merge(runs), &mut out);
    // Whitespace collapsed; no line may end up blank or indented into code.
    let collapsed: Vec<&str> = out
        .split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect();
    collapsed.join(" ").replace(" \\\n ", "\\\n")
}

/// Adjacent text runs of the same style joined, so emphasis opens and closes once.
fn merge(runs: &[Run]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for r in runs {
        match (out.last_mut(), r) {
            (
                Some(Run::Text { text, bold, italic }),
                Run::Text {
                    text: t,
                    bold: b,
                    italic: i,
                },
            ) if bold == b && italic == i => text.push_str(t),
            (_, Run::Link { url, runs }) => out.push(Run::Link {
                url: url.clone(),
                runs: merge(runs),
            }),
            _ => out.push(r.clone()),
        }
    }
    out
}

fn write_runs(runs: &[Run], out: &mut String) {
    for r in runs {
        match r {
            Run::Text { text, bold, italic } => {
                let text: String = text
                    .chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c })
                    .collect();
                let core = text.trim();
                if core.is_empty() {
                    out.push_str(&text);
                    continue;
                }
                let lead = &text[..text.len() - text.trim_start().len()];
                let trail = &text[text.trim_end().len()..];
                let mark = match (bold, italic) {
                    (true, true) => "***",
                    (true, false) => "**",
                    (false, true) => "*",
                    (false, false) => "",
                };
                out.push_str(lead);
                // Emphasis must touch a word on the outside, or Markdown leaves the marks as
                // text: glue-free emphasis after a letter gets a space.
                if !mark.is_empty() && out.ends_with(|c: char| c.is_alphanumeric()) {
                    out.push(' ');
                }
                out.push_str(mark);
                out.push_str(&escape(core));
                out.push_str(mark);
                out.push_str(trail);
            }
            Run::Link { url, runs } => {
                let mut text = String::new();
                write_runs(runs, &mut text);
                let text = text.trim();
                if url.is_empty()
                    || url
                        .chars()
                        .any(|c| c.is_whitespace() || c == '<' || c == '>')
                {
                    out.push_str(text);
                } else {
                    out.push('[');
                    out.push_str(if text.is_empty() { &url[..] } else { text });
                    out.push_str("](<");
                    out.push_str(url);
                    out.push_str(">)");
                }
            }
            Run::Note(n) => out.push_str(&format!("[^{n}]")),
            Run::Image { src, alt, title } => {
                out.push_str("![");
                out.push_str(&escape(alt.trim()));
                out.push_str("](<");
                out.push_str(src);
                out.push('>');
                if let Some(t) = title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    out.push_str(" \"");
                    for c in t.chars() {
                        if matches!(c, '"' | '\\') {
                            out.push('\\');
                        }
                        out.push(if c.is_whitespace() { ' ' } else { c });
                    }
                    out.push('"');
                }
                out.push(')');
            }
            Run::Break => out.push_str(" \\\n "),
        }
    }
}

/// Escapes every character Markdown (or folio's citation syntax) could read as markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '|'
                | '~'
                | '!'
                | '&'
                | '$'
                | '^'
                | '@'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line that would open a list, a quote, a heading or a rule escaped at its start.
pub fn line_start(line: &str) -> String {
    let mut out = line.to_string();
    let trimmed = out.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(trimmed[digits..].chars().next(), Some('.' | ')')) {
        let at = out.len() - trimmed.len() + digits;
        out.insert(at, '\\');
    } else if matches!(trimmed.chars().next(), Some('-' | '+' | '=' | ':'))
        && (trimmed.chars().nth(1).is_none_or(char::is_whitespace)
            || trimmed.chars().all(|c| c == '-' || c == '=' || c == ' '))
    {
        let at = out.len() - trimmed.len();
        out.insert(at, '\\');
    }
    out
}

/// Plain text as one Markdown paragraph.
pub fn escape_markdown(text: &str) -> String {
    line_start(&escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_is_escaped() {
        assert_eq!(
            escape_markdown("a *b* [c](d) <e> [@x]"),
            "a \\*b\\* \\[c\\](d) \\<e\\> \\[\\@x\\]"
        );
        assert_eq!(escape_markdown("1. not a list"), "1\\. not a list");
        assert_eq!(escape_markdown("- not a bullet"), "\\- not a bullet");
        assert_eq!(escape_markdown("---"), "\\---");
    }

    #[test]
    fn structure_becomes_markdown() {
        let bold = Run::Text {
            text: "bold ".into(),
            bold: true,
            italic: false,
        };
        let blocks = vec![
            Block {
                line: 1,
                kind: Kind::Para,
                runs: vec![Run::plain("A "), bold, Run::plain("word"), Run::Note(1)],
            },
            Block {
                line: 2,
                kind: Kind::Item {
                    ordered: true,
                    depth: 0,
                },
                runs: vec![Run::plain("one")],
            },
            Block {
                line: 3,
                kind: Kind::Item {
                    ordered: false,
                    depth: 1,
                },
                runs: vec![Run::Link {
                    url: "https://x.org/a_b".into(),
                    runs: vec![Run::plain("x_y")],
                }],
            },
        ];
        assert_eq!(
            body(&blocks, &[vec![Run::plain("A note.")]]),
            "A **bold** word[^1]\n\n1. one\n    - [x\\_y](<https://x.org/a_b>)\n\n[^1]: A note."
        );
    }
}
