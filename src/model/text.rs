//! Text helpers over the model's inlines: smart punctuation for plain strings, as the body gets
//! it from comrak, and the plain text of inlines.

use super::document::Inline;

/// Smart punctuation for plain text, as comrak's `smart` option gives the Markdown body:
/// straight quotes become curly (opening after a space or an opening bracket, closing
/// elsewhere; an apostrophe inside a word is a closing single quote), `---` an em dash, `--` an
/// en dash and `...` an ellipsis.
pub fn smart_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let opens = prev.is_none_or(|p| p.is_whitespace() || "([{“‘—–-/".contains(p));
        match c {
            '"' => out.push(if opens { '“' } else { '”' }),
            '\'' => out.push(if opens { '‘' } else { '’' }),
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 2;
                } else {
                    out.push('–');
                    i += 1;
                }
            }
            '.' if chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Plain text of inlines (for outlines, metadata and alt text).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    fn walk(inlines: &[Inline], out: &mut String) {
        for inl in inlines {
            match inl {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strike { content }
                | Inline::Span { content, .. }
                | Inline::Xref { content, .. }
                | Inline::Link { content, .. } => walk(content, out),
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::SoftBreak | Inline::LineBreak => out.push(' '),
                Inline::FootnoteRef { .. } | Inline::Cite { .. } => {}
            }
        }
    }
    walk(inlines, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_punctuation_matches_the_body() {
        assert_eq!(
            smart_punctuation("What India's \"suspension\" means -- 'now'... and---then"),
            "What India’s “suspension” means – ‘now’… and—then"
        );
    }
}
