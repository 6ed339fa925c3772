//! Corrections of board records (R-TM-06): never an overwrite, always a dated entry with a reason.

use chrono::NaiveDate;

use crate::RuleViolation;

/// R-TM-06: a correction says why it was made.
pub fn check_reason(reason: &str) -> Vec<RuleViolation> {
    if reason.trim().is_empty() {
        vec![RuleViolation::new("R-TM-06", "/reason", "a correction gives its reason")]
    } else {
        crate::rules::check_text(reason, "/reason", 2_000)
    }
}

/// R-TM-06: a correction changes something; one that would leave the record as it is is refused.
pub fn check_changes_something(changed: bool) -> Vec<RuleViolation> {
    if changed {
        Vec::new()
    } else {
        vec![RuleViolation::new("R-TM-06", "", "the correction changes nothing in the record")]
    }
}

/// R-TM-01 for a correction: dated on a day that has come.
pub fn check_correction_date(corrected_on: NaiveDate, today: NaiveDate) -> Vec<RuleViolation> {
    crate::rules::check_act_date(corrected_on, None, today, "/corrected_on")
}

/// R-TM-06: a likely duplicate entry warns, not refuses. Another meeting of the same board on the same
/// day that still stands (not void) is named, so the secretary can void the one entered in error.
pub fn likely_duplicate_meetings(
    day: chrono::NaiveDate,
    others: impl IntoIterator<Item = (String, chrono::NaiveDate, super::MeetingStatus)>,
) -> Vec<RuleViolation> {
    others
        .into_iter()
        .filter(|(_, on, status)| *on == day && *status != super::MeetingStatus::Void)
        .map(|(id, _, status)| {
            RuleViolation::new(
                "meeting.likely_duplicate",
                "/date",
                format!(
                    "the board has another {} meeting on {day} ({id}); void one if it was entered twice",
                    status.as_str()
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_standing_meeting_of_the_board_that_day_is_a_likely_duplicate() {
        let day = NaiveDate::from_ymd_opt(2015, 12, 17).unwrap_or_default();
        let next_day = day.succ_opt().unwrap_or_default();
        let others = vec![
            ("a".to_string(), day, super::super::MeetingStatus::Held),
            ("b".to_string(), day, super::super::MeetingStatus::Void),
            ("c".to_string(), next_day, super::super::MeetingStatus::Scheduled),
        ];
        let warnings = likely_duplicate_meetings(day, others);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("(a)"));
        assert_eq!(warnings[0].rule, "meeting.likely_duplicate");
        assert!(likely_duplicate_meetings(next_day, Vec::new()).is_empty());
    }

    #[test]
    fn a_correction_says_why_and_changes_something() {
        assert_eq!(check_reason("  ")[0].rule, "R-TM-06");
        assert_eq!(check_reason(&"x".repeat(2_001))[0].rule, "too_long");
        assert!(check_reason("entered against the wrong meeting").is_empty());
        assert_eq!(check_changes_something(false)[0].rule, "R-TM-06");
        assert!(check_changes_something(true).is_empty());
    }

    #[test]
    fn a_correction_is_not_dated_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default();
        assert!(check_correction_date(today, today).is_empty());
        assert_eq!(check_correction_date(today.succ_opt().unwrap_or_default(), today)[0].rule, "R-TM-01");
    }
}
