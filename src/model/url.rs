//! Addresses: what a URL cannot hold written as `%XX` (one encoder, told what to keep), a link
//! made valid as written, a DOI as a segment of an address and the address that resolves it.

/// `s` with each character `keep` refuses written as the `%XX` of its UTF-8 bytes.
pub fn percent_encoded(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if keep(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Makes a URL valid as written in PDF link annotations and XHTML `href`s: characters a URL may
/// not contain (spaces, brackets, quotes, non-ASCII…) are percent-encoded, and a `%` that does
/// not start an escape becomes `%25`. The address itself does not change.
pub fn normalize_url(url: &str) -> String {
    let keep = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#@!$&'()*+,;=".contains(c);
    let mut rest = url.trim();
    let mut out = String::with_capacity(rest.len());
    // An escape already written (`%41`) is kept as it is; the text between escapes is encoded.
    while let Some(i) = next_escape(rest) {
        out.push_str(&percent_encoded(&rest[..i], keep));
        out.push_str(&rest[i..i + 3]);
        rest = &rest[i + 3..];
    }
    out.push_str(&percent_encoded(rest, keep));
    out
}

/// Where the first `%XX` escape of `s` starts.
fn next_escape(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let hex = |i: usize| b.get(i).is_some_and(u8::is_ascii_hexdigit);
    (0..b.len()).find(|&i| b[i] == b'%' && hex(i + 1) && hex(i + 2))
}

/// A DOI as one segment of an address: what a URL cannot hold as it is (`#`, `?`, `%`, spaces,
/// quotes, brackets, backslashes…) percent-encoded; `/` and the rest kept.
pub fn doi_encoded(doi: &str) -> String {
    percent_encoded(doi, |c| {
        c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c)
    })
}

/// The address that resolves `doi`.
pub fn doi_url(doi: &str) -> String {
    format!("https://doi.org/{}", doi_encoded(doi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_percent_encoded_where_needed() {
        assert_eq!(
            normalize_url("https://example.org/a?b=1&c=[2]#frag"),
            "https://example.org/a?b=1&c=%5B2%5D#frag"
        );
        assert_eq!(
            normalize_url("https://x.org/ä b%zz%41"),
            "https://x.org/%C3%A4%20b%25zz%41"
        );
        assert_eq!(
            normalize_url("https://www.reuters.com/world/x-y"),
            "https://www.reuters.com/world/x-y"
        );
        // Only a `%` with two hex digits after it starts an escape.
        assert_eq!(normalize_url(" %%41%4%4 "), "%25%41%254%254");
        assert_eq!(doi_url("10.1/a b#c"), "https://doi.org/10.1/a%20b%23c");
    }
}
