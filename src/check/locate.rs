//! Where things are in a source's front matter: the lines of top-level keys, of list items and
//! of fields inside them, found by reading the YAML's lines (block style, as folio's samples
//! and `folio new` write it). Flow-style YAML falls back to the key's line.

/// The front matter's lines, with their 1-based numbers.
pub struct FrontMatterLines {
    lines: Vec<(usize, String)>,
    /// The first line of the Markdown body.
    pub body_line: usize,
}

impl FrontMatterLines {
    pub fn new(text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = Vec::new();
        let mut body_line = 1;
        let mut all = text.lines().enumerate();
        if let Some((_, first)) = all.next()
            && first.trim_end() == "---"
        {
            for (i, line) in all {
                let bare = line.trim_end();
                if bare == "---" || bare == "..." {
                    body_line = i + 2;
                    break;
                }
                lines.push((i + 1, line.to_string()));
            }
        }
        FrontMatterLines { lines, body_line }
    }

    /// (line, column) of the top-level `key:`.
    pub fn key(&self, key: &str) -> Option<(usize, usize)> {
        self.lines
            .iter()
            .find(|(_, l)| is_key(l, key))
            .map(|(n, _)| (*n, 1))
    }

    /// The lines under the top-level `key:` (up to the next top-level key).
    fn block(&self, key: &str) -> &[(usize, String)] {
        let Some(start) = self.lines.iter().position(|(_, l)| is_key(l, key)) else {
            return &[];
        };
        let rest = &self.lines[start + 1..];
        let end = rest
            .iter()
            .position(|(_, l)| !l.is_empty() && !l.starts_with([' ', '\t', '-', '#']))
            .unwrap_or(rest.len());
        &rest[..end]
    }

    /// The lines of item `index` of the list under `key`: (its first line's index in the
    /// block, the block).
    fn item_range(&self, key: &str, index: usize) -> Option<&[(usize, String)]> {
        let block = self.block(key);
        let indent = block
            .iter()
            .find(|(_, l)| l.trim_start().starts_with('-'))
            .map(|(_, l)| l.len() - l.trim_start().len())?;
        let starts: Vec<usize> = block
            .iter()
            .enumerate()
            .filter(|(_, (_, l))| {
                l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('-')
            })
            .map(|(i, _)| i)
            .collect();
        let start = *starts.get(index)?;
        let end = starts.get(index + 1).copied().unwrap_or(block.len());
        Some(&block[start..end])
    }

    /// (line, column) of item `index` of the list under `key`.
    pub fn item(&self, key: &str, index: usize) -> Option<(usize, usize)> {
        let item = self.item_range(key, index)?;
        let (n, l) = item.first()?;
        Some((*n, l.len() - l.trim_start().len() + 1))
    }

    /// The value of `field:` in item `index` as written (quotes removed), for checks of what
    /// the author typed rather than what folio made of it.
    pub fn raw_in_item(&self, key: &str, index: usize, field: &str) -> Option<String> {
        let (line, col) = self.field_in_item(key, index, field)?;
        let text = &self.lines.iter().find(|(n, _)| *n == line)?.1;
        let value: String = text.chars().skip(col - 1).collect();
        let value = value.trim_end();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        Some(unquoted.to_string())
    }

    /// (line, column of the value) of `field:` in item `index` of the list under `key`.
    pub fn field_in_item(&self, key: &str, index: usize, field: &str) -> Option<(usize, usize)> {
        let item = self.item_range(key, index)?;
        item.iter().find_map(|(n, l)| {
            let t = l.trim_start().trim_start_matches('-').trim_start();
            let rest = t.strip_prefix(field)?.strip_prefix(':')?;
            let value = rest.trim_start();
            Some((*n, l.len() - value.len() + 1))
        })
    }
}

fn is_key(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|r| r.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FM: &str = "---\ntitle: T\nreferences:\n  - title: A\n    url: https://a.org\n  - title: B\n    url: https://b.org\nauthors:\n  - name: X\n---\nBody\n";

    #[test]
    fn finds_keys_items_and_fields() {
        let f = FrontMatterLines::new(FM);
        assert_eq!(f.key("title"), Some((2, 1)));
        assert_eq!(f.item("references", 1), Some((6, 3)));
        assert_eq!(f.field_in_item("references", 1, "url"), Some((7, 10)));
        assert_eq!(f.item("authors", 0), Some((9, 3)));
        assert_eq!(f.item("authors", 1), None);
        assert_eq!(f.body_line, 11);
    }
}
