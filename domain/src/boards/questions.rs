//! Holding to account (seed 004): questions put at a meeting to an office (the chief constable, most
//! often), the answers given, and the actions that follow. No IO.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::registry::string_enum;
use crate::rules::{check_act_date, check_text};
use crate::RuleViolation;

string_enum! {
    /// `open` until an answer is recorded, then `answered`; follow-ups are actions of their own.
    QuestionStatus {
        Open => "open",
        Answered => "answered",
    }
}

/// A question is answered once any answer is recorded.
pub fn question_status(answers: usize) -> QuestionStatus {
    if answers == 0 {
        QuestionStatus::Open
    } else {
        QuestionStatus::Answered
    }
}

/// What a question says: its topic and the question itself.
pub fn check_question_text(topic: &str, text: &str) -> Vec<RuleViolation> {
    let mut violations = check_text(topic, "/topic", 300);
    violations.extend(check_text(text, "/text", 20_000));
    violations
}

/// An answer says something: its text, or the paper that holds it (a briefing note, a report).
pub fn check_answer_content(text: Option<&str>, has_paper: bool) -> Vec<RuleViolation> {
    match text {
        Some(text) => check_text(text, "/text", 50_000),
        None if has_paper => Vec::new(),
        None => vec![RuleViolation::new("required", "/text", "an answer gives its text or the paper that holds it")],
    }
}

/// R-TM-01: an answer is given at the meeting or after it, and not on a day still to come.
pub fn check_answer_date(answered_on: NaiveDate, meeting_day: NaiveDate, today: NaiveDate) -> Vec<RuleViolation> {
    check_act_date(answered_on, Some(meeting_day), today, "/answered_on")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn a_question_is_open_until_answered() {
        assert_eq!(question_status(0), QuestionStatus::Open);
        assert_eq!(question_status(2), QuestionStatus::Answered);
    }

    #[test]
    fn a_question_has_a_topic_and_a_text() {
        assert!(check_question_text("Uplift", "How is it progressing?").is_empty());
        let blank = check_question_text(" ", "");
        assert_eq!(blank.iter().map(|v| v.pointer.as_str()).collect::<Vec<_>>(), ["/topic", "/text"]);
    }

    #[test]
    fn an_answer_says_something_on_a_day_between_the_meeting_and_today() {
        assert!(check_answer_content(Some("On track by March 2021"), false).is_empty());
        assert!(check_answer_content(None, true).is_empty());
        assert_eq!(check_answer_content(None, false)[0].rule, "required");
        assert_eq!(check_answer_content(Some("  "), true)[0].rule, "required");
        let (meeting, today) = (d("2020-10-28"), d("2026-12-02"));
        assert!(check_answer_date(meeting, meeting, today).is_empty());
        assert!(check_answer_date(d("2020-11-10"), meeting, today).is_empty());
        assert_eq!(check_answer_date(d("2020-10-27"), meeting, today)[0].rule, "R-TM-01");
        assert_eq!(check_answer_date(d("2027-01-01"), meeting, today)[0].rule, "R-TM-01");
    }
}
