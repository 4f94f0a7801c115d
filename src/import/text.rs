//! Plain text → a [`Flow`]: one paragraph block per non-empty line (as explainers published as
//! plain text have one line per paragraph), each with its input line.

use super::flow::{Block, Flow};

/// Reads plain text (already cleaned of a BOM, CR line ends and control characters).
pub fn read(text: &str) -> Flow {
    let blocks = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Block::para(i + 1, collapse(l)))
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
