//! Names made from text, in one place: the slug of a title or a name (a source's file name, a
//! book's, an author's folder on a site, a picture's, a citation key's words),
//! the stem a source's outputs are named after, and the name a new source is given.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

/// How a slug is written where a name must hold less than a file name may.
#[derive(Debug, Clone, Copy)]
pub struct Slug {
    /// Only ASCII letters and digits (a citation key, which BibTeX reads): a
    /// letter is written as its base letter (`é` → `e`), one with none (`ا`) is dropped.
    pub ascii: bool,
    /// What joins the words: `-`, or nothing (a citation key's series as one word).
    pub join: &'static str,
    /// At most this many words.
    pub words: usize,
    /// Stops after the word that takes it past this many characters.
    pub length: usize,
}

impl Slug {
    /// A file's, folder's or address's name: letters and digits of every script (with their
    /// marks) in lower case, words joined by `-`, about 60 characters at most.
    pub const NAME: Slug = Slug {
        ascii: false,
        join: "-",
        words: usize::MAX,
        length: 60,
    };

    /// `text` as this kind of slug: its words, written as `self` says; empty when it has none.
    pub fn of(&self, text: &str) -> String {
        let mut out = String::new();
        let mut taken = 0;
        for word in words(text) {
            let word: String = if self.ascii {
                word.nfkd().filter(char::is_ascii_alphanumeric).collect()
            } else {
                word
            };
            let word: String = word.chars().flat_map(char::to_lowercase).collect();
            if word.is_empty() {
                continue;
            }
            if taken == self.words {
                break;
            }
            if taken > 0 {
                out.push_str(self.join);
            }
            out.push_str(&word);
            taken += 1;
            if out.chars().count() > self.length {
                break;
            }
        }
        out
    }
}

/// The words of `text`: runs of letters and digits of any script, with their combining marks
/// (a Devanagari vowel sign, a virama); anything else parts them, but an apostrophe inside a
/// word ("India’s", "O'Brien") is dropped rather than splitting it.
fn words(text: &str) -> Vec<String> {
    let kept = |c: char| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if kept(c) {
            word.push(c);
        } else if matches!(c, '\'' | '’')
            && !word.is_empty()
            && chars.get(i + 1).is_some_and(|&next| kept(next))
        {
            continue;
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The slug of `text` as a name ([`Slug::NAME`]): "Farah Naz" → `farah-naz`, "فرح ناز" →
/// `فرح-ناز`; empty when it has no letters or digits.
pub fn slug(text: &str) -> String {
    Slug::NAME.of(text)
}

/// [`slug`], or `fallback` when the text gives none.
pub fn slug_or(text: &str, fallback: &str) -> String {
    match slug(text) {
        s if s.is_empty() => fallback.to_string(),
        s => s,
    }
}

/// The name a source's outputs share: its file name without the extension (`output` if it
/// has none).
pub fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

/// The file stem of a new source, as `folio import` and `folio new` name it:
/// `<series>-<number>-<title>` (`cwa-1975-pakistan-taliban-peace-talks`), or the title's slug
/// alone for a piece without a series and number (`explainer` when the title gives none).
pub fn source_stem(series: Option<&str>, number: Option<u32>, title: &str) -> String {
    let title = slug_or(title, "explainer");
    match (series.map(slug).filter(|s| !s.is_empty()), number) {
        (Some(series), Some(number)) => format!("{series}-{number}-{title}"),
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_every_script_and_drop_punctuation() {
        assert_eq!(slug("Farah Naz"), "farah-naz");
        assert_eq!(slug("D. Suba Chandran"), "d-suba-chandran");
        assert_eq!(slug("فرح ناز"), "فرح-ناز");
        assert_eq!(slug("Aditya Verma (आदित्य वर्मा)"), "aditya-verma-आदित्य-वर्मा");
        assert_eq!(slug("Le traité de l’Indus"), "le-traité-de-lindus");
        assert_eq!(slug("A *starred* <b>title</b>"), "a-starred-b-title-b");
        assert_eq!(slug("Water: talks resume"), "water-talks-resume");
        assert_eq!(
            slug("What India's “suspension” means"),
            "what-indias-suspension-means"
        );
        assert_eq!(slug("Scripts 🎉 — and, ‘quotes’"), "scripts-and-quotes");
        assert_eq!(slug("..."), "");
        assert_eq!(slug_or("...", "author"), "author");
        // About 60 characters: the word that passes them is the last.
        let long = slug(&"word ".repeat(30));
        assert_eq!(long.len(), 64);
    }

    #[test]
    fn an_ascii_slug_writes_base_letters_and_drops_other_scripts() {
        let key = Slug {
            ascii: true,
            words: 3,
            ..Slug::NAME
        };
        assert_eq!(key.of("Pakistan’s Talks: A Review"), "pakistans-talks-a");
        assert_eq!(key.of("Café اردو au lait"), "cafe-au-lait");
    }

    #[test]
    fn a_new_source_is_named_by_series_number_and_title() {
        assert_eq!(
            source_stem(Some("CWA"), Some(1991), "Water: talks resume"),
            "cwa-1991-water-talks-resume"
        );
        assert_eq!(source_stem(None, Some(3), "Water"), "water");
        assert_eq!(source_stem(Some(""), Some(3), "Water"), "water");
        assert_eq!(source_stem(Some("CWA"), None, "?"), "explainer");
        assert_eq!(file_stem(Path::new("a/b.c.md")), "b.c");
    }
}
