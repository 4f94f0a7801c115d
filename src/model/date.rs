//! Dates: the calendar (a day that exists), a source's strict `YYYY-MM-DD`, and a reference's
//! partial or written-out date (`2025`, `Dec 2025`, `3 December 2025`).

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

/// A calendar date (proleptic Gregorian), validated when parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses strict `YYYY-MM-DD`, checking that the day exists.
    pub fn parse_iso(s: &str) -> Result<Date, String> {
        let bytes = s.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(format!("invalid date `{s}`: expected YYYY-MM-DD"));
        }
        let year: i32 = s[0..4]
            .parse()
            .map_err(|_| format!("invalid year in `{s}`"))?;
        let month: u8 = s[5..7]
            .parse()
            .map_err(|_| format!("invalid month in `{s}`"))?;
        let day: u8 = s[8..10]
            .parse()
            .map_err(|_| format!("invalid day in `{s}`"))?;
        if !(1..=12).contains(&month) {
            return Err(format!("invalid date `{s}`: month {month} does not exist"));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(format!(
                "invalid date `{s}`: day {day} does not exist in that month (it has {last} days)"
            ));
        }
        Ok(Date { year, month, day })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).map_err(serde::de::Error::custom)
    }
}

/// A date with as much as the source gave: a year, a month, a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PartialDate {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u8>,
}

impl PartialDate {
    /// `2025`, `2025-06`, `2025-06-01`, or a written English date (`3 December 2025`,
    /// `December 3, 2025`, `Dec 2025`), as sources wrote them before dates were checked.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let t = text.trim();
        let nums: Vec<&str> = t.split('-').collect();
        if nums
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            let year: i32 = nums[0].parse().ok().filter(|_| nums[0].len() == 4)?;
            let month = match nums.get(1) {
                Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
                None => None,
            };
            let day = match nums.get(2) {
                Some(d) => Some(d.parse::<u8>().ok()?),
                None => None,
            };
            if nums.len() > 3 {
                return None;
            }
            let date = PartialDate { year, month, day };
            return date.is_real().then_some(date);
        }
        // Written out: words and numbers in any of the usual English orders.
        let words: Vec<&str> = t
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let mut year = None;
        let mut month = None;
        let mut day = None;
        for w in &words {
            let w = w.trim_end_matches('.');
            if let Some(m) = english_month(w) {
                if month.replace(m).is_some() {
                    return None;
                }
            } else if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
                if year.replace(w.parse().ok()?).is_some() {
                    return None;
                }
            } else if (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit()) {
                if day.replace(w.parse().ok()?).is_some() {
                    return None;
                }
            } else {
                return None;
            }
        }
        let date = PartialDate {
            year: year?,
            month,
            day,
        };
        (month.is_some() || day.is_none())
            .then_some(date)
            .filter(PartialDate::is_real)
    }

    fn is_real(&self) -> bool {
        match (self.month, self.day) {
            (Some(m), Some(d)) => d >= 1 && d <= days_in_month(self.year, m),
            (None, Some(_)) => false,
            _ => true,
        }
    }
}

/// The number of an English month's name or its abbreviation ("Dec", "Sept").
pub fn english_month(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(&w)))
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_dates_read_iso_and_written_forms() {
        let d = |y, m, dd| {
            Some(PartialDate {
                year: y,
                month: m,
                day: dd,
            })
        };
        assert_eq!(PartialDate::parse("2025"), d(2025, None, None));
        assert_eq!(PartialDate::parse("2025-06"), d(2025, Some(6), None));
        assert_eq!(PartialDate::parse("2025-06-01"), d(2025, Some(6), Some(1)));
        assert_eq!(
            PartialDate::parse("03 December 2025"),
            d(2025, Some(12), Some(3))
        );
        assert_eq!(
            PartialDate::parse("December 3, 2025"),
            d(2025, Some(12), Some(3))
        );
        assert_eq!(PartialDate::parse("Sept 2025"), d(2025, Some(9), None));
        for bad in [
            "2025-02-30",
            "2025-13",
            "Date @x",
            "25",
            "3 2025",
            "Spring 2024",
            "2025-1-1-1",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            Date::parse_iso("2025-12-31").unwrap(),
            Date {
                year: 2025,
                month: 12,
                day: 31
            }
        );
        assert!(Date::parse_iso("2024-02-29").is_ok());
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-1-1",
            "31-12-2025",
            "2025-12-32",
        ] {
            assert!(Date::parse_iso(bad).is_err(), "{bad} should be rejected");
        }
    }
}
