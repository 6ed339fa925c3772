//! Rule violations: what a rule returns when data breaks it. The API turns them into 422 problems.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleViolation {
    /// Stable rule id from DOMAIN.md, e.g. `R-OR-02`, or a generic code such as `period.invalid`.
    pub rule: &'static str,
    /// JSON Pointer into the request body naming the offending field.
    pub pointer: String,
    pub message: String,
}

impl RuleViolation {
    pub fn new(rule: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { rule, pointer: pointer.into(), message: message.into() }
    }
}

/// R-TM-02: an approval or signature names the person who acted; a capacity stated only as text,
/// with no person, is not evidence that anyone could act for the office.
pub fn check_named_actor(person: Option<uuid::Uuid>, pointer: &str) -> Vec<RuleViolation> {
    if person.is_some() {
        return Vec::new();
    }
    vec![RuleViolation::new(
        "R-TM-02",
        pointer,
        "name the person who acted (person_id, or a token naming its person): a capacity given only as text is \
         refused",
    )]
}

/// R-TM-01: an act on a record is dated when it could have happened: not before the record's own
/// day (an approval of a decision before the meeting that took it) and not after today.
pub fn check_act_date(
    on: chrono::NaiveDate,
    earliest: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
    pointer: &str,
) -> Vec<RuleViolation> {
    match earliest {
        Some(earliest) if on < earliest => {
            vec![RuleViolation::new("R-TM-01", pointer, format!("{on} is before {earliest}, when the record was made"))]
        }
        _ if on > today => vec![RuleViolation::new("R-TM-01", pointer, format!("{on} is in the future"))],
        _ => Vec::new(),
    }
}

/// Checks every period of a request: an end before the start is refused.
pub fn check_period(period: &crate::Period, pointer: &str) -> Vec<RuleViolation> {
    if period.is_well_formed() {
        Vec::new()
    } else {
        vec![RuleViolation::new("period.invalid", format!("{pointer}/ends_on"), "ends_on is before starts_on")]
    }
}

/// A range of days asked for in a query (`from` to `to`, both inclusive, either open): a `to` before
/// the `from` names no day, which a schema cannot say (422 `out_of_range` at the `to` parameter).
pub fn check_day_range(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    from_name: &str,
    to_name: &str,
) -> Vec<RuleViolation> {
    match (from, to) {
        (Some(from), Some(to)) if to < from => vec![RuleViolation::new(
            "out_of_range",
            format!("/query/{to_name}"),
            format!("{to_name} is before {from_name}"),
        )],
        _ => Vec::new(),
    }
}

/// A required free-text field: present and not blank, at most `max` characters.
pub fn check_text(value: &str, pointer: &str, max: usize) -> Vec<RuleViolation> {
    if value.trim().is_empty() {
        vec![RuleViolation::new("required", pointer, "must not be blank")]
    } else if value.chars().count() > max {
        vec![RuleViolation::new("too_long", pointer, format!("must be at most {max} characters"))]
    } else {
        Vec::new()
    }
}

/// A slug: lowercase letters and digits in hyphen-separated words, e.g. `west-mercia-pcc`.
pub fn check_slug(value: &str, pointer: &str) -> Vec<RuleViolation> {
    let words_ok = value
        .split('-')
        .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if words_ok && value.len() <= 80 {
        Vec::new()
    } else {
        vec![RuleViolation::new(
            "invalid_slug",
            pointer,
            "a slug is lowercase letters and digits in hyphen-separated words, at most 80 characters",
        )]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn acts_name_a_person_and_are_dated_when_they_could_have_happened() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap_or_default();
        assert_eq!(super::check_named_actor(None, "/person_id")[0].rule, "R-TM-02");
        let range = |from: &str, to: &str| super::check_day_range(Some(d(from)), Some(d(to)), "from", "to");
        assert!(range("2017-01-01", "2017-01-01").is_empty());
        assert_eq!(range("2018-01-01", "2017-01-01")[0].pointer, "/query/to");
        assert!(super::check_day_range(Some(d("2018-01-01")), None, "from", "to").is_empty());
        assert!(super::check_named_actor(Some(uuid::Uuid::nil()), "/person_id").is_empty());
        let (meeting, today) = (Some(d("2017-07-26")), d("2026-12-01"));
        assert!(super::check_act_date(d("2017-07-26"), meeting, today, "/on").is_empty());
        assert!(super::check_act_date(d("2026-12-01"), meeting, today, "/on").is_empty());
        assert_eq!(super::check_act_date(d("2015-01-01"), meeting, today, "/on")[0].rule, "R-TM-01");
        assert_eq!(super::check_act_date(d("2030-01-01"), meeting, today, "/on")[0].rule, "R-TM-01");
    }

    use super::*;

    #[test]
    fn slugs_are_lowercase_hyphenated_words() {
        assert!(check_slug("west-mercia-pcc", "/slug").is_empty());
        assert_eq!(check_slug("West Mercia", "/slug")[0].rule, "invalid_slug");
        assert_eq!(check_slug("a--b", "/slug").len(), 1);
        assert_eq!(check_slug("", "/slug").len(), 1);
    }

    #[test]
    fn blank_text_is_refused() {
        assert_eq!(check_text("  ", "/name", 10)[0].rule, "required");
        assert_eq!(check_text("abcdefghijk", "/name", 10)[0].rule, "too_long");
        assert!(check_text("Warwickshire", "/name", 20).is_empty());
    }

    #[test]
    fn text_of_exactly_the_maximum_length_is_accepted_and_one_character_more_refused() {
        assert_eq!(check_text("abcdefghij", "/name", 10), vec![]);
        assert_eq!(
            check_text("abcdefghijk", "/name", 10),
            vec![RuleViolation::new("too_long", "/name", "must be at most 10 characters")]
        );
        // Characters are counted, not bytes.
        assert_eq!(check_text("Ynys Môn é", "/name", 10), vec![]);
    }
}

/// The words of a search query: runs of letters and digits (everything else separates them, so no
/// search syntax is ever taken from the caller), at most `max_words`; none is a 422 on `pointer`.
pub fn search_words(query: &str, pointer: &str, max_words: usize) -> Result<Vec<String>, RuleViolation> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(max_words)
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        Err(RuleViolation::new("required", pointer, "must contain a word (letters or digits)"))
    } else {
        Ok(words)
    }
}

#[cfg(test)]
mod search_word_tests {
    use super::search_words;

    #[test]
    fn only_letters_and_digits_make_words_so_no_query_syntax_passes() {
        let words = search_words("\"firearms\" OR title:x* NEAR(a b) -licensing 2015", "/query/q", 16);
        assert_eq!(
            words,
            Ok(vec!["firearms", "or", "title", "x", "near", "a", "b", "licensing", "2015"]
                .into_iter()
                .map(String::from)
                .collect())
        );
        assert!(search_words(" \"*\" -- ", "/query/q", 16).is_err());
        assert_eq!(search_words("a b c", "/query/q", 2).map(|w| w.len()), Ok(2));
    }
}
