//! A reference as a CSL-JSON item: the data model every CSL processor reads (hayagriva here,
//! citeproc-js and pandoc elsewhere), so the same item can be checked against them.

use serde_json::{Map, Value, json};

use crate::model::{PartialDate, Reference};

/// The CSL-JSON items of `references`, in order. An item's `id` is the reference's own, or
/// `ref-N` for one without.
pub fn items(references: &[Reference]) -> Vec<Value> {
    references.iter().map(item).collect()
}

/// The id a reference goes by in CSL.
pub fn item_id(r: &Reference) -> String {
    r.id.clone()
        .unwrap_or_else(|| crate::model::ids::reference("", r.number))
}

fn item(r: &Reference) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(item_id(r)));
    // A reference without a type reads as before types existed: a web page when it has an
    // address, a document otherwise.
    let kind = match r.kind {
        Some(k) => k.csl(),
        None if r.url.is_some() => "webpage",
        None => "document",
    };
    m.insert("type".into(), json!(kind));
    let names = |list: &[String]| Value::Array(list.iter().map(|n| name(n)).collect());
    if !r.author.is_empty() {
        m.insert("author".into(), names(&r.author));
    }
    if !r.editor.is_empty() {
        m.insert("editor".into(), names(&r.editor));
    }
    m.insert("title".into(), json!(r.title));
    let text_fields = [
        ("container-title", &r.container),
        ("publisher", &r.publisher),
        ("publisher-place", &r.place),
        ("volume", &r.volume),
        ("issue", &r.issue),
        ("page", &r.pages),
        ("edition", &r.edition),
        ("number", &r.report_number),
        ("genre", &r.genre),
        ("DOI", &r.doi),
        ("ISBN", &r.isbn),
        ("URL", &r.url),
    ];
    for (key, value) in text_fields {
        if let Some(v) = value {
            m.insert(key.into(), json!(v));
        }
    }
    if let Some(d) = r.date {
        m.insert("issued".into(), date(d));
    }
    if let Some(d) = r.accessed {
        m.insert("accessed".into(), date(d));
    }
    Value::Object(m)
}

fn date(d: PartialDate) -> Value {
    let mut parts = vec![d.year as i64];
    parts.extend(d.month.map(i64::from));
    parts.extend(d.day.filter(|_| d.month.is_some()).map(i64::from));
    json!({ "date-parts": [parts] })
}

/// "Family, Given" is a person a style may invert and abbreviate; anything else, and a name
/// whose parts read as an institution's ("Ministry of Finance, Government of India"), is kept
/// whole.
fn name(text: &str) -> Value {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let institutional = |s: &str| {
        s.split_whitespace()
            .any(|w| matches!(w, "of" | "the" | "for" | "and" | "on" | "&"))
    };
    match parts.as_slice() {
        [family, given]
            if !family.is_empty()
                && !given.is_empty()
                && !institutional(family)
                && !institutional(given) =>
        {
            json!({ "family": family, "given": given })
        }
        _ => json!({ "literal": text }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_only_when_written_family_first() {
        assert_eq!(
            name("Ali, Mushtaq"),
            json!({"family": "Ali", "given": "Mushtaq"})
        );
        assert_eq!(name("Mushtaq Ali"), json!({"literal": "Mushtaq Ali"}));
        assert_eq!(
            name("Ministry of External Affairs, Government of India"),
            json!({"literal": "Ministry of External Affairs, Government of India"})
        );
        assert_eq!(name("A, B, C"), json!({"literal": "A, B, C"}));
    }
}
