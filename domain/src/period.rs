//! Date ranges: when an office, appointment or membership was in effect.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An inclusive range of days; `ends_on: None` means it has not ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

impl Period {
    pub fn new(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> Self {
        Self { starts_on, ends_on }
    }

    /// Whether the period covers `day`.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|end| day <= end)
    }

    /// Whether two periods share at least one day.
    pub fn overlaps(&self, other: &Period) -> bool {
        let self_before_other_ends = other.ends_on.is_none_or(|end| self.starts_on <= end);
        let other_before_self_ends = self.ends_on.is_none_or(|end| other.starts_on <= end);
        self_before_other_ends && other_before_self_ends
    }

    /// An end before the start is never meaningful.
    pub fn is_well_formed(&self) -> bool {
        self.ends_on.is_none_or(|end| end >= self.starts_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn open_period_contains_every_later_day() {
        let p = Period::new(d("2016-05-12"), None);
        assert!(p.contains(d("2030-01-01")));
        assert!(!p.contains(d("2016-05-11")));
    }

    #[test]
    fn touching_inclusive_periods_overlap_and_adjacent_ones_do_not() {
        let a = Period::new(d("2012-11-22"), Some(d("2016-05-11")));
        let b = Period::new(d("2016-05-12"), None);
        assert!(!a.overlaps(&b));
        let c = Period::new(d("2016-05-11"), None);
        assert!(a.overlaps(&c));
        assert!(c.overlaps(&a));
    }

    #[test]
    fn end_before_start_is_malformed() {
        assert!(!Period::new(d("2020-01-02"), Some(d("2020-01-01"))).is_well_formed());
        assert!(Period::new(d("2020-01-02"), Some(d("2020-01-02"))).is_well_formed());
    }
}
