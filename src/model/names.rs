//! People's names as reference managers file them: family and given names, a generational
//! suffix, the name in another script kept apart.

/// A person's name as reference managers file it: family and given names (and a generational
/// suffix, "Jr."), or the name as one literal when it cannot be split safely (one word; a name
/// ending in initials, "Lekshmi MK", whose last word is not a surname; a name with an "and" or
/// two commas in it, "Institute of Peace and Conflict Studies"). A name written "Smith, John"
/// is taken as filed. The name in another script, in brackets at the end, is kept apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonName {
    Split {
        family: String,
        given: String,
        /// "Jr.", "III", or empty.
        suffix: String,
        /// " (فرح ناز)": the name in another script, as written.
        aside: String,
    },
    Literal(String),
}

impl PersonName {
    /// The last word taken as the surname, as most bylines in a series write names.
    pub fn parse(name: &str) -> PersonName {
        let name = name.trim();
        let (main, aside) = match name.find(" (") {
            Some(i) if name.ends_with(')') => (&name[..i], &name[i..]),
            _ => (name, ""),
        };
        let mut words: Vec<&str> = main.split_whitespace().collect();
        if words.iter().any(|w| w.eq_ignore_ascii_case("and")) || main.matches(',').count() > 1 {
            return PersonName::Literal(name.to_string());
        }
        // "Smith, John": already filed.
        if let Some((family, given)) = main.split_once(',') {
            let (family, given) = (family.trim(), given.trim());
            if family.is_empty() || given.is_empty() {
                return PersonName::Literal(name.to_string());
            }
            return PersonName::Split {
                family: family.to_string(),
                given: given.to_string(),
                suffix: String::new(),
                aside: aside.to_string(),
            };
        }
        let suffix = match words.last() {
            Some(w) if words.len() > 2 && is_suffix(w) => words.pop().unwrap_or_default(),
            _ => "",
        };
        // "MK", "K.": initials, which are not a surname.
        let initials = |w: &str| w.len() <= 3 && w.chars().all(|c| c.is_uppercase() || c == '.');
        match words.as_slice() {
            [given @ .., last] if !given.is_empty() && !initials(last) => PersonName::Split {
                family: last.to_string(),
                given: given.join(" "),
                suffix: suffix.to_string(),
                aside: aside.to_string(),
            },
            _ => PersonName::Literal(name.to_string()),
        }
    }

    /// "Surname, Given names (aside)", or the literal name.
    pub fn inverted(&self) -> String {
        match self {
            PersonName::Split {
                family,
                given,
                suffix,
                aside,
            } if suffix.is_empty() => format!("{family}, {given}{aside}"),
            PersonName::Split {
                family,
                given,
                suffix,
                aside,
            } => format!("{family}, {given}, {suffix}{aside}"),
            PersonName::Literal(name) => name.clone(),
        }
    }
}

/// A generational suffix after a name: "Jr.", "Sr.", "II", "III", "IV".
fn is_suffix(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "jr" | "sr" | "ii" | "iii" | "iv"
    )
}
