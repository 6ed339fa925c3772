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

#[cfg(test)]
mod tests {
    use super::*;

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
