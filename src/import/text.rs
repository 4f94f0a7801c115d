//! Plain text → a [`Flow`]: one paragraph block per non-empty line (as explainers published as
//! plain text have one line per paragraph), each with its input line.

use super::flow::{Block, Flow, Kind, Run};

/// Reads plain text (already cleaned of a BOM, CR line ends and control characters).
pub fn read(text: &str) -> Flow {
    let blocks = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let text = collapse(l);
            // An indented bullet is a level down.
            let indent = l.len() - l.trim_start().len();
            match super::shapes::bullet(&text) {
                Some(len) if indent >= 2 => Block {
                    line: i + 1,
                    kind: Kind::Item {
                        ordered: false,
                        depth: 1,
                    },
                    runs: vec![Run::plain(&text[len..])],
                },
                _ => Block::para(i + 1, text),
            }
        })
        .collect();
    Flow {
        blocks,
        ..Flow::default()
    }
}

/// Runs of spaces and tabs as one space, the ends trimmed.
fn collapse(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}
