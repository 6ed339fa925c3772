//! The forward plan of key decisions (issue 18): an entry per decision a corporation sole (or a board
//! it owns) intends to take, published ahead of the decision, its intended date kept with every slip,
//! and closed by the record that took it or withdrawn. No IO.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::states::IllegalTransition;
use crate::registry::string_enum;
use crate::rules::check_text;
use crate::RuleViolation;

string_enum! {
    /// `draft` -> `published` -> `closed` (by the record that took the decision) | `withdrawn`;
    /// a draft may also be withdrawn.
    ForwardPlanStatus {
        Draft => "draft",
        Published => "published",
        Closed => "closed",
        Withdrawn => "withdrawn",
    }
}

string_enum! {
    /// Who takes the decision: a board owned by a deciding corporation sole, or the corporation sole
    /// itself (the officer, in person or under delegation).
    DecisionTaker {
        Board => "board",
        Officer => "officer",
    }
}

string_enum! {
    /// What closes an entry: the record of decision or the board decision that took it.
    ClosingKind {
        RecordOfDecision => "record_of_decision",
        BoardDecision => "board_decision",
    }
}

impl ForwardPlanStatus {
    pub fn transition(self, to: ForwardPlanStatus) -> Result<ForwardPlanStatus, IllegalTransition> {
        use ForwardPlanStatus::*;
        match (self, to) {
            (Draft, Published) | (Published, Closed) | (Draft, Withdrawn) | (Published, Withdrawn) => Ok(to),
            _ => Err(IllegalTransition { what: "forward plan entry", current: self.as_str(), requested: to.as_str() }),
        }
    }

    /// Whether the entry's text may still change (its date slips, its papers are added).
    pub fn editable(self) -> bool {
        matches!(self, ForwardPlanStatus::Draft | ForwardPlanStatus::Published)
    }
}

/// At most this many documents to be considered per entry.
pub const MAX_DOCUMENTS: usize = 50;

/// The texts of an entry: subject, summary, consultation and the titles of the documents.
pub fn check_entry_texts(
    title: &str,
    summary: &str,
    consultation: Option<&str>,
    documents: &[String],
) -> Vec<RuleViolation> {
    let mut out = check_text(title, "/title", 500);
    out.extend(check_text(summary, "/summary", 10_000));
    if let Some(consultation) = consultation {
        out.extend(check_text(consultation, "/consultation", 10_000));
    }
    if documents.len() > MAX_DOCUMENTS {
        out.push(RuleViolation::new(
            "too_many_items",
            "/documents",
            format!("at most {MAX_DOCUMENTS} documents per entry"),
        ));
    }
    for (n, document) in documents.iter().enumerate() {
        out.extend(check_text(document, &format!("/documents/{n}"), 500));
    }
    out
}

/// A board takes the decision only when the entry names it; the officer when it names none.
pub fn check_taker(taken_by: DecisionTaker, board_named: bool) -> Vec<RuleViolation> {
    match (taken_by, board_named) {
        (DecisionTaker::Board, false) => {
            vec![RuleViolation::new("required", "/board_id", "a decision taken by a board names the board")]
        }
        (DecisionTaker::Officer, true) => vec![RuleViolation::new(
            "forward_plan.taker",
            "/board_id",
            "a decision taken by the officer names no board; take it by the board instead",
        )],
        _ => Vec::new(),
    }
}

/// A published entry's intended date changes only with the reason for the change, which is kept.
pub fn check_date_change(
    status: ForwardPlanStatus,
    from: NaiveDate,
    to: NaiveDate,
    reason: Option<&str>,
) -> Vec<RuleViolation> {
    if status != ForwardPlanStatus::Published || from == to {
        return Vec::new();
    }
    match reason {
        Some(reason) => check_text(reason, "/reason", 2_000),
        None => vec![RuleViolation::new(
            "forward_plan.slip_reason",
            "/reason",
            "a published entry's intended date changes only with the reason, which the plan keeps",
        )],
    }
}

/// Overdue on `as_of`: published, not yet closed, and its intended date passed.
pub fn is_overdue(status: ForwardPlanStatus, intended_on: NaiveDate, as_of: NaiveDate) -> bool {
    status == ForwardPlanStatus::Published && intended_on < as_of
}

/// Slipped: the intended date now is later than the one first published.
pub fn has_slipped(intended_on: NaiveDate, published_intended_on: Option<NaiveDate>) -> bool {
    published_intended_on.is_some_and(|first| intended_on > first)
}

/// The record that closes an entry is by (or for) one of its deciding corporations sole.
pub fn check_closing_decider(closing_deciders_overlap: bool) -> Vec<RuleViolation> {
    if closing_deciders_overlap {
        Vec::new()
    } else {
        vec![RuleViolation::new(
            "forward_plan.closing_record",
            "/target_id",
            "the record that closes an entry is taken by (or for) one of its deciding corporations sole",
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn an_entry_is_published_then_closed_or_withdrawn_once() {
        use ForwardPlanStatus::*;
        assert_eq!(Draft.transition(Published), Ok(Published));
        assert_eq!(Published.transition(Closed), Ok(Closed));
        assert_eq!(Published.transition(Withdrawn), Ok(Withdrawn));
        assert_eq!(Draft.transition(Withdrawn), Ok(Withdrawn));
        assert!(Draft.transition(Closed).is_err());
        assert!(Closed.transition(Closed).is_err());
        assert!(Withdrawn.transition(Published).is_err());
        assert!(Closed.transition(Withdrawn).is_err());
    }

    #[test]
    fn a_published_date_moves_only_with_a_reason() {
        let (a, b) = (day("2017-03-01"), day("2017-04-01"));
        assert!(check_date_change(ForwardPlanStatus::Draft, a, b, None).is_empty());
        assert!(check_date_change(ForwardPlanStatus::Published, a, a, None).is_empty());
        let refused = check_date_change(ForwardPlanStatus::Published, a, b, None);
        assert_eq!(refused[0].rule, "forward_plan.slip_reason");
        assert_eq!(check_date_change(ForwardPlanStatus::Published, a, b, Some(" "))[0].rule, "required");
        assert!(check_date_change(ForwardPlanStatus::Published, a, b, Some("awaiting the audit")).is_empty());
    }

    #[test]
    fn overdue_and_slipped_are_read_from_the_dates() {
        let (a, b) = (day("2017-03-01"), day("2017-04-01"));
        assert!(is_overdue(ForwardPlanStatus::Published, a, b));
        assert!(!is_overdue(ForwardPlanStatus::Published, b, b));
        assert!(!is_overdue(ForwardPlanStatus::Closed, a, b));
        assert!(has_slipped(b, Some(a)));
        assert!(!has_slipped(a, Some(b)));
        assert!(!has_slipped(b, None));
    }

    #[test]
    fn a_board_is_named_exactly_when_a_board_takes_the_decision() {
        assert!(check_taker(DecisionTaker::Board, true).is_empty());
        assert!(check_taker(DecisionTaker::Officer, false).is_empty());
        assert_eq!(check_taker(DecisionTaker::Board, false)[0].pointer, "/board_id");
        assert_eq!(check_taker(DecisionTaker::Officer, true)[0].rule, "forward_plan.taker");
        let long = vec!["x".repeat(501)];
        assert_eq!(check_entry_texts("t", "s", None, &long)[0].rule, "too_long");
    }
}
