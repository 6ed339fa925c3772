//! The office an organisation serves, over time (issue 13): an OPCC re-pointed to the successor of
//! its office from a day. The office of an earlier day is read back through the later re-pointings.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::{Period, RuleViolation};

/// One re-pointing: from `from` (if it served one) to `to`, from `effective_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repointing {
    pub from: Option<Uuid>,
    pub to: Uuid,
    pub effective_on: NaiveDate,
}

/// The office served on `day`, from the office now and the re-pointings in the order recorded.
pub fn served_on(current: Option<Uuid>, repointings: &[Repointing], day: NaiveDate) -> Option<Uuid> {
    repointings.iter().rev().filter(|r| r.effective_on > day).fold(current, |_, r| r.from)
}

/// A re-pointing recorded now: to another office than the one served, which exists on its day, not
/// dated after today (the office served now decides access now) nor before the last re-pointing.
pub fn check_repointing(
    current: Option<Uuid>,
    new: &Repointing,
    office_existed: &Period,
    last_effective_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if current == Some(new.to) {
        found.push(RuleViolation::new(
            "repointing.same_office",
            "/corporation_sole_id",
            "the organisation already serves this office",
        ));
    }
    if !office_existed.contains(new.effective_on) {
        found.push(RuleViolation::new(
            "R-TM-01",
            "/corporation_sole_id",
            format!("the office does not exist on {}", new.effective_on),
        ));
    }
    if new.effective_on > today {
        found.push(RuleViolation::new(
            "repointing.future",
            "/effective_on",
            format!("record the re-pointing on or after the day it takes effect (today is {today})"),
        ));
    }
    if let Some(last) = last_effective_on.filter(|last| new.effective_on < *last) {
        found.push(RuleViolation::new(
            "repointing.order",
            "/effective_on",
            format!("re-pointings take effect in the order recorded: not before {last}"),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn the_office_of_a_past_day_is_read_back() {
        let (pcc, mayor) = (Uuid::now_v7(), Uuid::now_v7());
        let moves = [Repointing { from: Some(pcc), to: mayor, effective_on: day("2021-05-10") }];
        assert_eq!(served_on(Some(mayor), &moves, day("2021-05-10")), Some(mayor));
        assert_eq!(served_on(Some(mayor), &moves, day("2021-05-09")), Some(pcc));
        let first = [Repointing { from: None, to: pcc, effective_on: day("2020-01-01") }];
        assert_eq!(served_on(Some(pcc), &first, day("2019-01-01")), None);
    }

    #[test]
    fn a_repointing_names_another_office_existing_on_its_day_in_order() {
        let (pcc, mayor) = (Uuid::now_v7(), Uuid::now_v7());
        let new = Repointing { from: Some(pcc), to: mayor, effective_on: day("2021-05-10") };
        let existed = Period::new(day("2021-05-10"), None);
        let today = day("2026-12-03");
        assert!(check_repointing(Some(pcc), &new, &existed, None, today).is_empty());
        let rules = |current, new: &Repointing, last| {
            check_repointing(current, new, &existed, last, today).iter().map(|v| v.rule).collect::<Vec<_>>()
        };
        assert_eq!(rules(Some(mayor), &new, None), ["repointing.same_office"]);
        assert_eq!(rules(Some(pcc), &Repointing { effective_on: day("2021-05-09"), ..new }, None), ["R-TM-01"]);
        assert_eq!(
            rules(Some(pcc), &Repointing { effective_on: day("2027-01-01"), ..new }, None),
            ["repointing.future"]
        );
        assert_eq!(rules(Some(pcc), &new, Some(day("2022-01-01"))), ["repointing.order"]);
    }
}
