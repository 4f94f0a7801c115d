//! The shapes of single lines an explainer's text is made of: dates in their written forms, the
//! series line (`CWA # 166`), a volume-and-issue mark, numbered questions, list markers,
//! bylines and catalogue lines. Each reads one line and says what it is, or nothing.

/// A date as written, read: long ("28 September 2019", "September 28, 2019", "28th Sept.
/// 2019"), short ("5 Jan 2024") or numeric ("28/09/2019", "28.09.2019", "2019-09-28").
/// `uncertain` is set when day and month could be either way round (day first is taken).
#[derive(Debug, PartialEq)]
pub struct ReadDate {
    pub iso: String,
    pub uncertain: bool,
}

pub fn parse_date(s: &str) -> Option<ReadDate> {
    let mut s = s.trim().trim_end_matches('.');
    // "Monday, 12 August 2024": the weekday says nothing more.
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if let Some(first) = s.split([',', ' ']).next()
        && DAYS
            .iter()
            .any(|d| d.starts_with(&first.to_lowercase()) && first.len() >= 3)
    {
        s = s[first.len()..].trim_start_matches(',').trim();
    }
    let sure = |iso: String| {
        Some(ReadDate {
            iso,
            uncertain: false,
        })
    };
    // Numeric forms.
    let parts: Vec<&str> = s.split(['/', '.', '-']).map(str::trim).collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if n.len() != 3 {
            return None;
        }
        if parts[0].len() == 4 {
            return iso(n[0] as i32, n[1], n[2]).and_then(sure);
        }
        if parts[2].len() != 4 {
            return None;
        }
        let (a, b, y) = (n[0], n[1], n[2] as i32);
        return match (iso(y, b, a), iso(y, a, b)) {
            (Some(day_first), Some(_)) if a != b => Some(ReadDate {
                iso: day_first,
                uncertain: true,
            }),
            (Some(day_first), _) => sure(day_first),
            (None, Some(month_first)) => sure(month_first),
            (None, None) => None,
        };
    }
    // Written forms.
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let day = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        (!w.is_empty() && w.len() <= 2)
            .then(|| w.parse().ok())
            .flatten()
    };
    let year = |w: &str| -> Option<i32> { (w.len() == 4).then(|| w.parse().ok()).flatten() };
    let (d, m, y) = match words.as_slice() {
        [d, m, y] if day(d).is_some() => (day(d)?, month(m)?, year(y)?),
        [m, d, y] => (day(d)?, month(m)?, year(y)?),
        _ => return None,
    };
    iso(y, m, d).and_then(sure)
}

fn iso(year: i32, month: u32, day: u32) -> Option<String> {
    let s = format!("{year:04}-{month:02}-{day:02}");
    crate::model::Date::parse_iso(&s).ok().map(|_| s)
}

/// An English month name, full or short ("Sept", "Sep.", "jan").
pub fn month(word: &str) -> Option<u32> {
    crate::model::english_month(word.trim_end_matches('.')).map(u32::from)
}

/// "February 2026" (or "Feb 2026") → "2026-02".
pub fn parse_month(s: &str) -> Option<String> {
    let mut words = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    let m = month(words.next()?)?;
    let year: i32 = words.next()?.parse().ok()?;
    (words.next().is_none() && (1000..=9999).contains(&year)).then(|| format!("{year}-{m:02}"))
}

/// A series mark at the start of a line: `CWA #1975`, `CWA # 166`, `GP-Brief #12`, with what
/// follows it (a date, a volume mark) after a separator.
#[derive(Debug, PartialEq)]
pub struct SeriesMark<'a> {
    pub label: String,
    pub number: u32,
    /// Text after the mark and its separator (`, 28 September 2019`).
    pub rest: &'a str,
}

pub fn series_mark(line: &str) -> Option<SeriesMark<'_>> {
    let (label, after) = line.split_once('#')?;
    let label = label.trim();
    let ok_label = !label.is_empty()
        && label.len() <= 12
        && label.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !ok_label {
        return None;
    }
    let after = after.trim_start();
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    let number: u32 = after[..digits].parse().ok()?;
    let rest = after[digits..].trim();
    let rest = rest
        .strip_prefix([',', '|', '–', '—', '-', ':', '/', ';'])
        .map(str::trim)
        .unwrap_or(rest);
    // Something glued to the number ("#12abc") is not a series mark.
    if !after[digits..].is_empty()
        && !after[digits..].starts_with(|c: char| c.is_whitespace() || ",|–—-:/;".contains(c))
    {
        return None;
    }
    Some(SeriesMark {
        label: label.to_string(),
        number,
        rest,
    })
}

/// A series mark alone on its line, or after a kicker ("PR Explainer · CWA #2110"): the text
/// before it, if any, and the mark.
pub fn series_in(line: &str) -> Option<(Option<&str>, SeriesMark<'_>)> {
    if let Some(m) = series_mark(line) {
        return Some((None, m));
    }
    for sep in [" · ", " | ", " • ", " – ", " — ", " / "] {
        if let Some((before, after)) = line.split_once(sep)
            && let Some(m) = series_mark(after.trim())
        {
            return Some((Some(before.trim()), m));
        }
    }
    // "PR Explainer CWA #2163": the mark is the last word before `#` and what follows.
    let hash = line.find('#')?;
    let label_at = line[..hash].trim_end().rfind(' ')? + 1;
    let m = series_mark(&line[label_at..])?;
    let before = line[..label_at].trim();
    // Only a kicker of a few words, the mark ending the line (or a date after it).
    (before.split_whitespace().count() <= 4
        && !before.ends_with(['.', ',', ':'])
        && (m.rest.is_empty() || parse_date(m.rest).is_some()))
    .then_some((Some(before), m))
}

/// A volume-and-issue mark ("Vol. 2, No. 25", "Vol 3 No 4", "Volume 2 Issue 5") ending `text`,
/// or being all of it: (the text before it without its separator, volume, issue).
pub fn volume_mark(text: &str) -> Option<(&str, String, Option<String>)> {
    let lower = text.to_lowercase();
    let at = lower.rfind("vol")?;
    if at > 0
        && lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let tail = &lower[at..];
    let mut words = tail
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == ':')
        .filter(|w| !w.is_empty());
    if !matches!(words.next()?, "vol" | "volume") {
        return None;
    }
    let volume = words.next()?;
    if !volume.chars().all(|c| c.is_ascii_alphanumeric())
        || !volume
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        return None;
    }
    let issue = match words.next() {
        None => None,
        Some("no" | "issue" | "number" | "iss") => {
            let n = words.next()?;
            if !n.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            Some(n.to_string())
        }
        Some(_) => return None,
    };
    if words.next().is_some() {
        return None;
    }
    let before = text[..at]
        .trim_end()
        .trim_end_matches(['|', '–', '—', '-', ',', ':', ';', '/', '('])
        .trim_end();
    Some((before, volume.to_string(), issue))
}

/// A question's number at the start of a line: "1. ", "2) ", "Q3. ", "Q3: ", "Question 4:".
/// Returns the number and the length of the mark (with its space).
pub fn numbered(line: &str) -> Option<(u32, usize)> {
    let mut start = 0;
    for prefix in ["Question ", "Q. ", "Q.", "Q "] {
        if line.starts_with(prefix) {
            start = prefix.len();
            break;
        }
    }
    if start == 0 && line.starts_with('Q') && line[1..].starts_with(|c: char| c.is_ascii_digit()) {
        start = 1;
    }
    let rest = &line[start..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let n: u32 = rest[..digits].parse().ok()?;
    let after = &rest[digits..];
    let punct = after.chars().next()?;
    if !matches!(punct, '.' | ')' | ':') {
        return None;
    }
    let body = &after[1..];
    if !body.starts_with(char::is_whitespace) || body.trim().is_empty() {
        return None;
    }
    Some((n, line.len() - body.trim_start().len()))
}

/// The punctuation after a numbered line's number ('.', ')' or ':').
pub fn number_mark(line: &str) -> Option<char> {
    let (_, len) = numbered(line)?;
    line[..len].trim_end().chars().last()
}

/// A bullet mark ("• ", "- ", "– ", "* ", "· ", "▪ ", "◦ ", "o ") at the start of a line: the
/// length of the mark with its space.
pub fn bullet(line: &str) -> Option<usize> {
    let c = line.chars().next()?;
    if !matches!(
        c,
        '•' | '-'
            | '–'
            | '—'
            | '*'
            | '·'
            | '▪'
            | '◦'
            | '‣'
            | '●'
            | '○'
            | '■'
            | '□'
            | '➢'
            | '►'
            | '✓'
    ) {
        return None;
    }
    let rest = &line[c.len_utf8()..];
    (rest.starts_with(char::is_whitespace) && !rest.trim().is_empty())
        .then(|| line.len() - rest.trim_start().len())
}

/// A letter item ("a) ", "(b) ") at the start of a line: the length of its mark.
pub fn letter_item(line: &str) -> Option<usize> {
    let inner = line.strip_prefix('(').unwrap_or(line);
    let mut chars = inner.chars();
    let letter = chars.next()?;
    if !letter.is_ascii_lowercase() || chars.next()? != ')' {
        return None;
    }
    let rest = chars.as_str();
    (rest.starts_with(' ') && !rest.trim().is_empty()).then(|| line.len() - rest.trim_start().len())
}

/// Whether a line reads as a web address.
pub fn is_url(line: &str) -> bool {
    let l = line.trim();
    (l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www."))
        && !l.contains(char::is_whitespace)
}

/// A person's or team's name split from a byline: "Ayesha Siddiqui (عائشہ صدیقی)" → name and
/// native spelling; "Ravi Kumar (Pune)" → name and affiliation.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Name {
    pub name: String,
    pub native: Option<String>,
    pub affiliation: Option<String>,
}

/// The word a byline joins its last two names with, in each language folio writes bylines in
/// (CLDR's list patterns: en, fr, de, es, hi, ur), spaces around it.
const CONJUNCTIONS: [&str; 7] = [" and ", " And ", " et ", " und ", " y ", " और ", " اور "];

/// "A, B and C" / "A, B, and C" / "A & B" / "By A; B" → names (brackets kept with their name);
/// "A et B", "A und B", "A y B", "A और B", "A اور B" as folio writes bylines in those languages.
pub fn split_names(line: &str) -> Vec<Name> {
    let line = line.trim();
    let line = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("by "))
        .unwrap_or(line);
    // Split at top-level separators only (not inside brackets).
    let mut parts: Vec<String> = vec![String::new()];
    let mut depth = 0i32;
    let chars: Vec<char> = line.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth == 0 && (c == ',' || c == ';' || c == '&') {
            parts.push(String::new());
            k += 1;
            continue;
        }
        let rest: String = chars[k..].iter().take(6).collect();
        if depth == 0
            && let Some(and) = CONJUNCTIONS.iter().find(|and| rest.starts_with(*and))
        {
            parts.push(String::new());
            k += and.chars().count();
            continue;
        }
        parts.last_mut().expect("one part").push(c);
        k += 1;
    }
    parts
        .iter()
        .map(|p| p.trim())
        .map(|p| p.strip_prefix("and ").unwrap_or(p).trim())
        .filter(|p| !p.is_empty())
        .map(name)
        .collect()
}

/// Honorifics a name may carry in a byline ("Dr Meera Nair"); the name is written without.
pub const HONORIFICS: [&str; 16] = [
    "Dr. ",
    "Dr ",
    "Prof. ",
    "Prof ",
    "Professor ",
    "Mr. ",
    "Mr ",
    "Ms. ",
    "Ms ",
    "Mrs. ",
    "Mrs ",
    "Ambassador ",
    "Amb. ",
    "Lt Gen ",
    "Maj Gen ",
    "Shri ",
];

fn name(part: &str) -> Name {
    let part = HONORIFICS
        .iter()
        .find_map(|h| part.strip_prefix(h))
        .unwrap_or(part)
        .trim();
    if let Some(open) = part.find(['(', '[']) {
        let inner = part[open + 1..]
            .trim_end()
            .trim_end_matches([')', ']'])
            .trim();
        let name = part[..open].trim().to_string();
        if !name.is_empty() && !inner.is_empty() {
            let native = inner
                .chars()
                .any(|c| c.is_alphabetic() && !c.is_ascii() && !is_latin(c));
            // A name's own-script spelling stays with it, as folio's sources write it
            // ("Zarmina Khan (زرمینہ خان)"); a place in brackets is an affiliation.
            return Name {
                name: if native {
                    format!("{name} ({inner})")
                } else {
                    name
                },
                native: native.then(|| inner.to_string()),
                affiliation: (!native).then(|| inner.to_string()),
            };
        }
    }
    Name {
        name: part.to_string(),
        ..Name::default()
    }
}

/// Letters of the Latin script beyond ASCII (é, ā, ş…).
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{00C0}'..='\u{024F}').contains(&c)
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Whether a line could be a byline: a few capitalised words, no sentence.
pub fn could_be_byline(line: &str) -> bool {
    let l = line.trim();
    let l = l.strip_prefix("By ").unwrap_or(l);
    let words = l.split_whitespace().count();
    let first = l.chars().next();
    words > 0
        && words <= 16
        && l.len() < 160
        && !l.ends_with(['.', '?', '!', ':'])
        && first.is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !is_latin(c)))
        && !l.contains(['“', '"', '#'])
        && !l.chars().any(|c| c.is_ascii_digit())
}

/// Whether a line is a list of people's names and nothing else ("Farah Naz, Ishaan Gupta, and
/// Nusrat Jahan"): stricter than [`could_be_byline`], for a line that could also be a subtitle.
pub fn looks_like_names(line: &str) -> bool {
    if !could_be_byline(line) {
        return false;
    }
    let names = split_names(line);
    let particles = [
        "bin", "binti", "de", "van", "von", "der", "al", "el", "da", "di", "du", "la", "le", "ibn",
        "ul",
    ];
    let function_words = [
        "the", "and", "of", "in", "for", "on", "a", "an", "to", "at", "with", "from", "why",
        "what", "how", "who", "is", "are", "after", "new",
    ];
    !names.is_empty()
        && names.len() <= 8
        && !names.iter().any(|n| {
            n.name
                .split_whitespace()
                .any(|w| function_words.contains(&w.to_lowercase().as_str()))
        })
        && names.iter().all(|n| {
            let latin = match &n.native {
                Some(native) => n.name.trim_end_matches(&format!(" ({native})")),
                None => n.name.as_str(),
            };
            let words: Vec<&str> = latin.split_whitespace().collect();
            (2..=5).contains(&words.len())
                && words.iter().all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || !is_latin(c))
                        || particles.contains(&w.to_lowercase().as_str())
                })
        })
}

/// A section heading the explainer's end matter opens with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EndHeading {
    References,
    About,
    Catalogue,
}

pub fn end_heading(line: &str) -> Option<EndHeading> {
    let l = line.trim().trim_end_matches(':').trim().to_lowercase();
    match l.as_str() {
        "references"
        | "sources"
        | "bibliography"
        | "notes and references"
        | "works cited"
        | "references and notes"
        | "endnotes"
        | "further reading" => Some(EndHeading::References),
        "about the author"
        | "about the authors"
        | "about the author(s)"
        | "about the contributors"
        | "the author"
        | "the authors"
        | "author bio"
        | "author bios"
        | "about the writer" => Some(EndHeading::About),
        "previous comments"
        | "also read"
        | "previous explainers"
        | "earlier explainers"
        | "previous issues"
        | "read also"
        | "more explainers"
        | "previously"
        | "recent comments" => Some(EndHeading::Catalogue),
        _ => label_headings()
            .iter()
            .find(|(heading, _)| *heading == l)
            .map(|(_, kind)| *kind),
    }
}

/// What follows "accessed" (or the word for it in any language folio writes, from
/// `templates/labels/*.toml`) at the start of `note`.
pub fn strip_accessed(note: &str) -> Option<&str> {
    static WORDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        label_words(&["accessed"])
            .into_iter()
            .map(|(w, _)| w)
            .collect()
    });
    let lower = note.to_lowercase();
    words.iter().find_map(|w| {
        // Lower-casing keeps these words' lengths (no letter changes its byte length here).
        lower
            .starts_with(w.as_str())
            .then(|| note.get(w.len()..))
            .flatten()
            .map(|rest| rest.trim_start_matches([':', ' ', '\u{a0}']).trim())
            .filter(|rest| !rest.is_empty())
    })
}

/// The words of `keys` in every label file folio embeds, lower case, each with its key.
fn label_words(keys: &[&'static str]) -> Vec<(String, &'static str)> {
    let templates = crate::resources::Templates::embedded();
    let mut out = Vec::new();
    for (name, bytes) in templates.files() {
        if !name.starts_with("labels/") {
            continue;
        }
        let Ok(table) = std::str::from_utf8(bytes)
            .unwrap_or_default()
            .parse::<toml::Table>()
        else {
            continue;
        };
        for key in keys {
            if let Some(word) = table.get(*key).and_then(|v| v.as_str()) {
                out.push((word.trim().to_lowercase(), *key));
            }
        }
    }
    out
}

/// The end headings folio itself writes in every language it has words for
/// (`templates/labels/*.toml`: `references`, `about_author(s)`, `catalogue`), lower case, so
/// a file folio wrote in French or Urdu is read back as one in English is.
fn label_headings() -> &'static [(String, EndHeading)] {
    static HEADINGS: std::sync::OnceLock<Vec<(String, EndHeading)>> = std::sync::OnceLock::new();
    HEADINGS.get_or_init(|| {
        label_words(&["references", "about_author", "about_authors", "catalogue"])
            .into_iter()
            .map(|(word, key)| {
                let kind = match key {
                    "references" => EndHeading::References,
                    "catalogue" => EndHeading::Catalogue,
                    _ => EndHeading::About,
                };
                (word, kind)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_written_form() {
        let d = |s: &str| parse_date(s).map(|d| d.iso);
        assert_eq!(d("31 December 2025").as_deref(), Some("2025-12-31"));
        assert_eq!(d("December 31, 2025").as_deref(), Some("2025-12-31"));
        assert_eq!(d("5 Jan 2024").as_deref(), Some("2024-01-05"));
        assert_eq!(d("5th Sept. 2023").as_deref(), Some("2023-09-05"));
        assert_eq!(d("28/09/2019").as_deref(), Some("2019-09-28"));
        assert_eq!(d("28.09.2019").as_deref(), Some("2019-09-28"));
        assert_eq!(d("2019-09-28").as_deref(), Some("2019-09-28"));
        assert!(parse_date("05/06/2024").unwrap().uncertain);
        assert!(!parse_date("06/06/2024").unwrap().uncertain);
        assert_eq!(d("31 Smarch 2025"), None);
        assert_eq!(d("Ma 5 2025"), None);
        assert_eq!(parse_month("February 2026").as_deref(), Some("2026-02"));
    }

    #[test]
    fn series_volume_and_numbers() {
        let m = series_mark("CWA # 166, 28 September 2019").unwrap();
        assert_eq!(
            (m.label.as_str(), m.number, m.rest),
            ("CWA", 166, "28 September 2019")
        );
        assert_eq!(series_mark("CWA #1975").unwrap().rest, "");
        assert_eq!(
            series_mark("GP-Brief#12 | 5 Jan 2024").unwrap().rest,
            "5 Jan 2024"
        );
        assert_eq!(series_mark("the #1 issue"), None);
        assert_eq!(
            volume_mark("Water Wars | Vol. 2, No. 25"),
            Some(("Water Wars", "2".into(), Some("25".into())))
        );
        assert_eq!(
            volume_mark("Vol 3 No 4"),
            Some(("", "3".into(), Some("4".into())))
        );
        assert_eq!(volume_mark("The Volga Question"), None);
        assert_eq!(numbered("1. Why?"), Some((1, 3)));
        assert_eq!(numbered("Q3: What now?"), Some((3, 4)));
        assert_eq!(numbered("2) What?"), Some((2, 3)));
        assert_eq!(numbered("1.5 percent"), None);
        assert_eq!(bullet("• Fruit"), Some(4));
        assert_eq!(bullet("-5 degrees"), None);
    }

    #[test]
    fn bylines_split_into_names() {
        let names = split_names("Ravi Kumar (Pune), Sana Mir, and Tenzin Dolma");
        assert_eq!(names.len(), 3);
        assert_eq!(names[0].affiliation.as_deref(), Some("Pune"));
        assert_eq!(names[2].name, "Tenzin Dolma");
        let n = &split_names("Ayesha Siddiqui (عائشہ صدیقی)")[0];
        assert_eq!(
            (n.name.as_str(), n.native.as_deref()),
            ("Ayesha Siddiqui (عائشہ صدیقی)", Some("عائشہ صدیقی"))
        );
        let names =
            |line| -> Vec<String> { split_names(line).into_iter().map(|n| n.name).collect() };
        assert_eq!(names("Claire Dubois, Marc Lefèvre et Inès Moreau").len(), 3);
        assert_eq!(
            names("زرمینہ خان اور عائشہ صدیقی"),
            ["زرمینہ خان", "عائشہ صدیقی"]
        );
        assert_eq!(names("Anna Weber und Jonas Roth").len(), 2);
        assert!(could_be_byline("Meera Iyer and Karan Shah"));
        assert!(!could_be_byline("Trade resumed on 10 February."));
    }
}
