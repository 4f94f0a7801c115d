//! The front matter's positions: the YAML read once more as events (yaml-rust2 gives each
//! event its line and column), turned into a tree of keys, list items and scalars with where
//! each one is. serde (serde_yaml_ng) does the typing; this only locates, so a YAML it cannot
//! read gives an empty map and diagnostics fall back to the key's or the file's first line.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::model::source_map::{Entry, Node, Pos};

/// The top-level entries of `yaml`, whose first line is line `first_line` of the file.
pub fn front_matter(yaml: &str, first_line: usize) -> Vec<Entry> {
    let mut events = Events(Vec::new());
    let mut parser = Parser::new_from_str(yaml);
    if parser.load(&mut events, false).is_err() {
        return Vec::new();
    }
    let lines: Vec<Vec<char>> = yaml.lines().map(|l| l.chars().collect()).collect();
    let tree = Tree {
        events: &events.0,
        lines: &lines,
        offset: first_line - 1,
    };
    // StreamStart, DocumentStart, then the root node.
    let start = events
        .0
        .iter()
        .position(|(e, _)| matches!(e, Event::MappingStart(..)));
    match start.map(|i| tree.node(i, 0)) {
        Some((Node::Map(entries), _)) => entries,
        _ => Vec::new(),
    }
}

/// How deep the tree is built (folio's front matter is three levels deep).
const MAX_DEPTH: usize = 16;

struct Events(Vec<(Event, Marker)>);

impl MarkedEventReceiver for Events {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        self.0.push((ev, mark));
    }
}

struct Tree<'e> {
    events: &'e [(Event, Marker)],
    lines: &'e [Vec<char>],
    offset: usize,
}

impl Tree<'_> {
    fn pos(&self, mark: &Marker) -> Pos {
        Pos::new(mark.line() + self.offset, mark.col() + 1)
    }

    /// The index after the collection starting at event `i`.
    fn skip(&self, i: usize) -> usize {
        let mut open = 0usize;
        for (j, (e, _)) in self.events.iter().enumerate().skip(i) {
            match e {
                Event::SequenceStart(..) | Event::MappingStart(..) => open += 1,
                Event::SequenceEnd | Event::MappingEnd => {
                    open -= 1;
                    if open == 0 {
                        return j + 1;
                    }
                }
                _ => {}
            }
        }
        self.events.len()
    }

    /// A list item's start: its `-` when it has one before it on its line.
    fn item_pos(&self, mark: &Marker) -> Pos {
        let at = self.pos(mark);
        let Some(line) = self.lines.get(mark.line().wrapping_sub(1)) else {
            return at;
        };
        let mut c = mark.col().min(line.len());
        while c > 0 && line[c - 1] == ' ' {
            c -= 1;
        }
        if c > 0 && line[c - 1] == '-' {
            Pos::new(at.line, c)
        } else {
            at
        }
    }

    /// The node starting at event `i` (`depth` collections deep), and the index after it.
    /// Deeper than any front matter needs, a collection is skipped without positions.
    fn node(&self, i: usize, depth: usize) -> (Node, usize) {
        let Some((event, mark)) = self.events.get(i) else {
            return (Node::Alias, i + 1);
        };
        if depth > MAX_DEPTH && matches!(event, Event::SequenceStart(..) | Event::MappingStart(..))
        {
            return (Node::Alias, self.skip(i));
        }
        match event {
            Event::Scalar(text, ..) => (
                Node::Scalar {
                    text: text.clone(),
                    at: self.pos(mark),
                },
                i + 1,
            ),
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                let mut j = i + 1;
                while let Some((e, m)) = self.events.get(j) {
                    if matches!(e, Event::SequenceEnd) {
                        return (Node::List(items), j + 1);
                    }
                    // A mapping's own event is marked where its first `:` is: an item starts
                    // where its first scalar does.
                    let (item, next) = self.node(j, depth + 1);
                    let first = self.events[j..next.min(self.events.len())]
                        .iter()
                        .find(|(e, _)| matches!(e, Event::Scalar(..) | Event::Alias(..)))
                        .map_or(m, |(_, mark)| mark);
                    items.push((self.item_pos(first), item));
                    j = next;
                }
                (Node::List(items), j)
            }
            Event::MappingStart(..) => {
                let mut entries = Vec::new();
                let mut j = i + 1;
                while let Some((e, m)) = self.events.get(j) {
                    if matches!(e, Event::MappingEnd) {
                        return (Node::Map(entries), j + 1);
                    }
                    let key = match e {
                        Event::Scalar(k, ..) => k.clone(),
                        _ => String::new(),
                    };
                    let at = self.pos(m);
                    let (_, after_key) = self.node(j, depth + 1);
                    let (value, next) = self.node(after_key, depth + 1);
                    entries.push(Entry { key, at, value });
                    j = next;
                }
                (Node::Map(entries), j)
            }
            _ => (Node::Alias, i + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::source_map::SourceMap;

    const YAML: &str = "title: T\nreferences:\n  - title: A\n    url: https://a.org\n  - title: \"B\"\n    url: 'https://b.org'\nauthors:\n  - name: X\nkeywords: [a, b]\n";

    #[test]
    fn finds_keys_items_and_fields() {
        let map = SourceMap {
            front_matter: front_matter(YAML, 2),
            ..SourceMap::default()
        };
        assert_eq!(map.key("title"), Some(Pos::new(2, 1)));
        assert_eq!(map.item("references", 1), Some(Pos::new(6, 3)));
        assert_eq!(map.field("references", 1, "url"), Some(Pos::new(7, 10)));
        assert_eq!(map.raw("references", 1, "url"), Some("https://b.org"));
        assert_eq!(map.field("references", 1, "title"), Some(Pos::new(6, 12)));
        assert_eq!(map.item("authors", 0), Some(Pos::new(9, 3)));
        assert_eq!(map.item("authors", 1), None);
        assert_eq!(map.key("keywords"), Some(Pos::new(10, 1)));
    }

    #[test]
    fn empty_items_and_deep_nesting_keep_their_places() {
        let map = SourceMap {
            front_matter: front_matter(
                "keywords:\n  - []\n  - b\ndeep: [[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]\nlast: 1\n",
                2,
            ),
            ..SourceMap::default()
        };
        assert_eq!(map.item("keywords", 1), Some(Pos::new(4, 3)));
        assert_eq!(map.key("last"), Some(Pos::new(6, 1)));
    }

    #[test]
    fn unreadable_yaml_has_no_positions() {
        assert!(front_matter("a: [", 2).is_empty());
    }
}
