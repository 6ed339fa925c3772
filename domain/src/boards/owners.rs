//! A board's owners over time (issue 13): owners change from a day (an office replaced by its
//! successor, added or removed), and every question about a past day (the quorum of a past meeting,
//! an `as_of` read) is answered with the owners of that day, read back through the later changes.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::RuleViolation;

/// One dated change of owners: `from` ceased and `to` began on `effective_on` (either may be absent
/// when an owner is only removed or only added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnerChange {
    pub from: Option<Uuid>,
    pub to: Option<Uuid>,
    pub effective_on: NaiveDate,
}

/// The owners on `day`, from the owners now and the changes in the order they were made: each
/// change effective after `day` is undone, latest first.
pub fn owners_on(current: &[Uuid], changes: &[OwnerChange], day: NaiveDate) -> Vec<Uuid> {
    let mut owners = current.to_vec();
    for change in changes.iter().rev().filter(|c| c.effective_on > day) {
        if let Some(to) = change.to {
            owners.retain(|owner| *owner != to);
        }
        if let Some(from) = change.from {
            if !owners.contains(&from) {
                owners.push(from);
            }
        }
    }
    owners
}

/// A new change against the owners now: it names an owner to cease that is one, an owner to begin
/// that is not, at least one of them, leaves the board an owner, and is not dated before the board
/// was established or before the last change (changes are recorded in the order they take effect).
/// Recorded by hand (`today` given), it has taken effect already: the owners now are the owners
/// that today's access is decided on, so a change for a later day is recorded on that day.
pub fn check_owner_change(
    current: &[Uuid],
    change: &OwnerChange,
    established_on: Option<NaiveDate>,
    last_change_on: Option<NaiveDate>,
    today: Option<NaiveDate>,
) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if let Some(today) = today.filter(|today| change.effective_on > *today) {
        found.push(RuleViolation::new(
            "owner_change.future",
            "/effective_on",
            format!("record the change on or after the day it takes effect (today is {today})"),
        ));
    }
    if change.from.is_none() && change.to.is_none() {
        found.push(RuleViolation::new(
            "owner_change.empty",
            "/to_owner_id",
            "name the owner that ceases (`from_owner_id`), the owner that begins (`to_owner_id`), or both",
        ));
    }
    if change.from.is_some() && change.from == change.to {
        found.push(RuleViolation::new("owner_change.empty", "/to_owner_id", "an owner cannot replace itself"));
    }
    if let Some(from) = change.from {
        if !current.contains(&from) {
            found.push(RuleViolation::new(
                "owner_change.not_owner",
                "/from_owner_id",
                "this office does not own the board",
            ));
        }
    }
    if let Some(to) = change.to {
        if current.contains(&to) {
            found.push(RuleViolation::new(
                "owner_change.already_owner",
                "/to_owner_id",
                "this office already owns the board",
            ));
        }
    }
    if change.to.is_none() && current.len() <= 1 && change.from.is_some() {
        found.push(RuleViolation::new(
            "owner_change.last_owner",
            "/from_owner_id",
            "a board keeps at least one owner: name the owner that replaces it, or end the board",
        ));
    }
    let earliest = [established_on, last_change_on].into_iter().flatten().max();
    if let Some(earliest) = earliest.filter(|earliest| change.effective_on < *earliest) {
        found.push(RuleViolation::new(
            "owner_change.order",
            "/effective_on",
            format!("owner changes take effect in the order recorded: not before {earliest}"),
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
    fn past_owners_are_read_back_through_later_changes() {
        let (pcc, mayor, cc, extra) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let changes = [
            OwnerChange { from: None, to: Some(extra), effective_on: day("2020-01-01") },
            OwnerChange { from: Some(pcc), to: Some(mayor), effective_on: day("2028-05-11") },
        ];
        let now = [cc, extra, mayor];
        assert_eq!(owners_on(&now, &changes, day("2028-05-11")), vec![cc, extra, mayor]);
        assert_eq!(owners_on(&now, &changes, day("2028-05-10")), vec![cc, extra, pcc]);
        assert_eq!(owners_on(&now, &changes, day("2019-12-31")), vec![cc, pcc]);
    }

    #[test]
    fn a_change_names_real_owners_in_order_and_leaves_one() {
        let (pcc, mayor, stranger) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let ok = OwnerChange { from: Some(pcc), to: Some(mayor), effective_on: day("2028-05-11") };
        assert!(check_owner_change(&[pcc], &ok, Some(day("2016-05-26")), None, None).is_empty());
        let codes = |c: &OwnerChange, last| {
            check_owner_change(&[pcc], c, Some(day("2016-05-26")), last, None)
                .iter()
                .map(|v| v.rule)
                .collect::<Vec<_>>()
        };
        let early = check_owner_change(&[pcc], &ok, None, None, Some(day("2026-12-03")));
        assert_eq!(early.iter().map(|v| v.rule).collect::<Vec<_>>(), ["owner_change.future"]);
        assert_eq!(codes(&OwnerChange { from: None, to: None, ..ok }, None), ["owner_change.empty"]);
        assert_eq!(codes(&OwnerChange { from: Some(pcc), to: Some(pcc), ..ok }, None)[0], "owner_change.empty");
        assert_eq!(codes(&OwnerChange { from: Some(stranger), ..ok }, None), ["owner_change.not_owner"]);
        assert_eq!(codes(&OwnerChange { to: Some(pcc), from: None, ..ok }, None), ["owner_change.already_owner"]);
        assert_eq!(codes(&OwnerChange { to: None, ..ok }, None), ["owner_change.last_owner"]);
        assert_eq!(codes(&ok, Some(day("2028-06-01"))), ["owner_change.order"]);
        assert_eq!(codes(&OwnerChange { effective_on: day("2010-01-01"), ..ok }, None), ["owner_change.order"]);
    }
}
