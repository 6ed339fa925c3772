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
        Self {
            rule,
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// Checks every period of a request: an end before the start is refused.
pub fn check_period(period: &crate::Period, pointer: &str) -> Vec<RuleViolation> {
    if period.is_well_formed() {
        Vec::new()
    } else {
        vec![RuleViolation::new(
            "period.invalid",
            format!("{pointer}/ends_on"),
            "ends_on is before starts_on",
        )]
    }
}
