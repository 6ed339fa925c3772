//! Historical entry (R-TM-05): what a board secretary records from a published paper, and when a
//! decision binds whatever approvals it has.

use chrono::NaiveDate;

use super::{check_sha256, DecisionOutcome};
use crate::RuleViolation;

/// The published paper cited by a historical entry, as the request gives it.
pub struct PaperCitation<'a> {
    pub sha256: &'a str,
    pub locator: &'a str,
    pub uri: Option<&'a str>,
}

/// R-TM-05: the paper is identified by its digest, and the entry says where in it.
pub fn check_citation(paper: &PaperCitation<'_>, pointer: &str) -> Vec<RuleViolation> {
    let mut violations = check_sha256(paper.sha256, &format!("{pointer}/sha256"));
    violations.extend(crate::rules::check_text(paper.locator, &format!("{pointer}/locator"), 300));
    if let Some(uri) = paper.uri {
        violations.extend(crate::rules::check_text(uri, &format!("{pointer}/uri"), 2_000));
    }
    violations
}

/// R-TM-05: a paper records what happened at a meeting that has taken place; a meeting still to
/// come has nothing to record from evidence.
pub fn check_meeting_has_taken_place(meeting_day: NaiveDate, today: NaiveDate, pointer: &str) -> Vec<RuleViolation> {
    if meeting_day > today {
        vec![RuleViolation::new(
            "R-TM-05",
            pointer,
            format!("the meeting of {meeting_day} has not taken place, so nothing can be recorded from its papers"),
        )]
    } else {
        Vec::new()
    }
}

/// R-TM-01 for an approval recorded with no person named: the office existed on the day given.
pub fn check_office_existed(existed: &crate::Period, on: NaiveDate, pointer: &str) -> Vec<RuleViolation> {
    if existed.contains(on) {
        Vec::new()
    } else {
        vec![RuleViolation::new("R-TM-01", pointer, format!("the corporation sole did not exist on {on}"))]
    }
}

/// R-BD-01 for a historical entry: the quorum is checked where the meeting's attendance is recorded;
/// where it is not, the paper is the only witness that the meeting could decide.
pub fn quorum_is_checked(historical: bool, attendance_recorded: bool) -> bool {
    !historical || attendance_recorded
}

/// A decision binds its approvers only when its outcome is to agree: a deferred, rejected or noted
/// decision is never agreed, whatever approvals it has.
pub fn binds(outcome: DecisionOutcome) -> bool {
    matches!(outcome, DecisionOutcome::Agreed | DecisionOutcome::AgreedWithAmendment)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn a_citation_names_the_paper_by_digest_and_where_in_it() {
        let digest = "a".repeat(64);
        let good = PaperCitation { sha256: &digest, locator: "Decision summary table, decision 14", uri: None };
        assert!(check_citation(&good, "/evidence").is_empty());
        let bad = PaperCitation { sha256: "ABC", locator: " ", uri: Some("") };
        let pointers: Vec<_> = check_citation(&bad, "/evidence").into_iter().map(|v| v.pointer).collect();
        assert_eq!(pointers, ["/evidence/sha256", "/evidence/locator", "/evidence/uri"]);
    }

    #[test]
    fn only_a_meeting_that_has_taken_place_has_papers_to_record_from() {
        let today = day("2026-12-02");
        assert!(check_meeting_has_taken_place(day("2015-12-17"), today, "/evidence").is_empty());
        assert!(check_meeting_has_taken_place(today, today, "/evidence").is_empty());
        assert_eq!(check_meeting_has_taken_place(day("2026-12-03"), today, "/evidence")[0].rule, "R-TM-05");
    }

    #[test]
    fn an_office_acts_only_while_it_exists() {
        let existed = crate::Period::new(day("2012-11-22"), Some(day("2028-05-10")));
        assert!(check_office_existed(&existed, day("2015-12-17"), "/approved_on").is_empty());
        assert_eq!(check_office_existed(&existed, day("2028-05-11"), "/approved_on")[0].rule, "R-TM-01");
        assert_eq!(check_office_existed(&existed, day("2012-11-21"), "/approved_on")[0].rule, "R-TM-01");
    }

    #[test]
    fn the_quorum_is_waived_only_for_a_historical_entry_at_a_meeting_with_no_attendance() {
        assert!(quorum_is_checked(false, false));
        assert!(quorum_is_checked(false, true));
        assert!(quorum_is_checked(true, true));
        assert!(!quorum_is_checked(true, false));
    }

    #[test]
    fn only_an_outcome_to_agree_binds() {
        assert!(binds(DecisionOutcome::Agreed));
        assert!(binds(DecisionOutcome::AgreedWithAmendment));
        for outcome in [DecisionOutcome::Deferred, DecisionOutcome::Rejected, DecisionOutcome::Noted] {
            assert!(!binds(outcome));
        }
    }
}
