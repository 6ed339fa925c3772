//! Succession (DOMAIN.md section 8): transfer orders that end predecessor corporations sole and pass
//! their functions to a successor (the 2017, 2021 and 2024 mayoral transfers; the 2028 abolition of
//! PCCs; force mergers), and the rules their impact report applies (R-SU-01..06).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::registry::string_enum;
use crate::RuleViolation;

string_enum! {
    /// Where a transfer order stands: drafted, previewed (its impact report fixed by a digest),
    /// executed.
    TransferStatus {
        Draft => "draft",
        Previewed => "previewed",
        Executed => "executed",
    }
}

string_enum! {
    /// What a record becomes on the transfer date.
    ImpactChange {
        /// The successor is substituted as party or delegate (R-SU-01); history keeps the predecessor.
        SuccessorSubstituted => "successor_substituted",
        /// After substitution the parties collapse to one force's corporations sole (R-SU-05): flagged
        /// (R-CA-10) for termination, not silently kept.
        FlaggedForTermination => "flagged_for_termination",
        /// Made by the predecessor: continues as the successor's until re-adopted or revoked (R-SU-03).
        ContinuesAsSuccessors => "continues_as_successors",
        /// Carried to the successor as a new version citing the order (R-SU-03).
        CarriedAsNewVersion => "carried_as_new_version",
        /// Ownership passes to the successor (R-SU-04).
        OwnerPasses => "owner_passes",
        /// Ends on the transfer date and must be re-appointed (R-SU-04): a person does not follow the office.
        EndsForReappointment => "ends_for_reappointment",
        /// Ends on the transfer date (R-SU-02): the holder of an office that ends.
        Ends => "ends",
    }
}

string_enum! {
    /// The kind of record an impact item is about.
    ImpactKind {
        Agreement => "agreement",
        DelegationMade => "delegation_made",
        DelegationReceived => "delegation_received",
        Scheme => "scheme",
        BoardOwned => "board_owned",
        Membership => "membership",
        OpenAction => "open_action",
        Appointment => "appointment",
    }
}

/// The rule behind each change, as the report cites it.
pub fn rule_of(change: ImpactChange) -> &'static str {
    match change {
        ImpactChange::SuccessorSubstituted => "R-SU-01",
        ImpactChange::FlaggedForTermination => "R-SU-05",
        ImpactChange::ContinuesAsSuccessors | ImpactChange::CarriedAsNewVersion => "R-SU-03",
        ImpactChange::OwnerPasses | ImpactChange::EndsForReappointment => "R-SU-04",
        ImpactChange::Ends => "R-SU-02",
    }
}

/// An order as its rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub made_on: NaiveDate,
    pub in_force_on: NaiveDate,
    pub predecessors: Vec<Uuid>,
    pub successor: Uuid,
}

/// The shape of an order: at least one predecessor, each once, none of them the successor, and in
/// force on or after the day it was made.
pub fn check_order(order: &Order) -> Vec<RuleViolation> {
    let mut found = Vec::new();
    if order.predecessors.is_empty() {
        found.push(RuleViolation::new("required", "/predecessor_ids", "name at least one predecessor"));
    }
    for (index, predecessor) in order.predecessors.iter().enumerate() {
        if order.predecessors[..index].contains(predecessor) {
            found.push(RuleViolation::new(
                "transfer.duplicate",
                format!("/predecessor_ids/{index}"),
                "each predecessor is named once",
            ));
        }
        if *predecessor == order.successor {
            found.push(RuleViolation::new(
                "transfer.successor",
                format!("/predecessor_ids/{index}"),
                "the successor cannot be one of its own predecessors",
            ));
        }
    }
    if order.in_force_on < order.made_on {
        found.push(RuleViolation::new(
            "invalid_period",
            "/in_force_on",
            "an order comes into force on or after the day it is made",
        ));
    }
    found
}

/// A predecessor must hold office on the day before the transfer: the order ends it then
/// (R-SU-02), so it cannot have ended earlier, nor begin on or after the transfer date (R-TM-01).
pub fn check_predecessor_runs(existed: &crate::Period, in_force_on: NaiveDate) -> Option<String> {
    let last = in_force_on.pred_opt().unwrap_or(in_force_on);
    if existed.starts_on > last {
        return Some("a predecessor must exist before the transfer date".into());
    }
    let ended = existed.ends_on.filter(|end| *end < last);
    ended.map(|ended| format!("the predecessor ended on {ended}, before the day before the transfer ({last})"))
}

/// The successor must exist on the transfer date to take the functions then (R-TM-01).
pub fn check_successor_runs(existed: &crate::Period, in_force_on: NaiveDate) -> Option<String> {
    (!existed.contains(in_force_on))
        .then(|| format!("the successor does not exist on {in_force_on}: record it from that day"))
}

/// Whether an order in `status` may be previewed (again): until it is executed.
pub fn may_preview(status: TransferStatus) -> Result<(), String> {
    match status {
        TransferStatus::Draft | TransferStatus::Previewed => Ok(()),
        TransferStatus::Executed => Err("the order has been executed: its impact is history, not a preview".into()),
    }
}

/// R-SU-05: after the predecessors are replaced by the successor, do the agreement's policing-body
/// and chief-officer parties all belong to one force? `party_forces` are the forces of the parties
/// as they will stand (`None` for a party with no force, e.g. a national body).
pub fn collapses_to_one_force(party_forces: &[Option<Uuid>]) -> bool {
    let mut forces: Vec<Uuid> = party_forces.iter().flatten().copied().collect();
    forces.sort();
    forces.dedup();
    party_forces.iter().all(Option::is_some) && forces.len() < 2
}

/// What an agreement the predecessor is party to becomes: substituted, or flagged when the parties
/// collapse to one force (R-SU-05).
pub fn agreement_change(party_forces_after: &[Option<Uuid>]) -> ImpactChange {
    if collapses_to_one_force(party_forces_after) {
        ImpactChange::FlaggedForTermination
    } else {
        ImpactChange::SuccessorSubstituted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn an_order_names_distinct_predecessors_other_than_its_successor() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let order =
            Order { made_on: day("2021-02-10"), in_force_on: day("2021-05-10"), predecessors: vec![a], successor: b };
        assert!(check_order(&order).is_empty());
        let rules = |o: &Order| check_order(o).into_iter().map(|v| v.rule).collect::<Vec<_>>();
        assert_eq!(rules(&Order { predecessors: vec![], ..order.clone() }), vec!["required"]);
        assert_eq!(rules(&Order { predecessors: vec![a, a], ..order.clone() }), vec!["transfer.duplicate"]);
        assert_eq!(rules(&Order { predecessors: vec![b], ..order.clone() }), vec!["transfer.successor"]);
        assert_eq!(rules(&Order { in_force_on: day("2021-01-01"), ..order }), vec!["invalid_period"]);
    }

    #[test]
    fn a_merger_that_leaves_one_force_flags_the_agreement() {
        let (north, south) = (Some(Uuid::now_v7()), Some(Uuid::now_v7()));
        assert_eq!(agreement_change(&[north, south]), ImpactChange::SuccessorSubstituted);
        assert_eq!(agreement_change(&[north, north]), ImpactChange::FlaggedForTermination);
        assert_eq!(agreement_change(&[north, None]), ImpactChange::SuccessorSubstituted, "another kind of party");
        assert_eq!(rule_of(ImpactChange::FlaggedForTermination), "R-SU-05");
    }

    #[test]
    fn a_predecessor_holds_office_until_the_day_before_the_transfer() {
        let transfer = day("2028-05-11");
        let running = crate::Period::new(day("2012-11-22"), None);
        assert_eq!(check_predecessor_runs(&running, transfer), None);
        let ends_with_it = crate::Period::new(day("2012-11-22"), Some(day("2028-05-10")));
        assert_eq!(check_predecessor_runs(&ends_with_it, transfer), None);
        let ended = crate::Period::new(day("2012-11-22"), Some(day("2020-04-30")));
        assert!(check_predecessor_runs(&ended, transfer).is_some_and(|m| m.contains("2020-04-30")));
        let later = crate::Period::new(transfer, None);
        assert!(check_predecessor_runs(&later, transfer).is_some());
        assert_eq!(check_successor_runs(&later, transfer), None);
        assert!(check_successor_runs(&later, day("2028-05-10")).is_some_and(|m| m.contains("2028-05-10")));
    }

    #[test]
    fn an_executed_order_is_not_previewed_again() {
        assert!(may_preview(TransferStatus::Draft).is_ok());
        assert!(may_preview(TransferStatus::Previewed).is_ok());
        assert!(may_preview(TransferStatus::Executed).is_err());
    }

    #[test]
    fn an_order_may_come_into_force_on_the_day_it_is_made_but_not_before() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let same_day =
            Order { made_on: day("2024-05-07"), in_force_on: day("2024-05-07"), predecessors: vec![a], successor: b };
        assert_eq!(check_order(&same_day), vec![]);
        let day_before = Order { in_force_on: day("2024-05-06"), ..same_day };
        assert_eq!(
            check_order(&day_before),
            vec![RuleViolation::new(
                "invalid_period",
                "/in_force_on",
                "an order comes into force on or after the day it is made"
            )]
        );
    }

    #[test]
    fn a_predecessor_recorded_from_the_day_before_the_transfer_holds_office_then() {
        let transfer = day("2028-05-11");
        let from_the_day_before = crate::Period::new(day("2028-05-10"), None);
        assert_eq!(check_predecessor_runs(&from_the_day_before, transfer), None);
        let from_the_transfer = crate::Period::new(transfer, None);
        assert_eq!(
            check_predecessor_runs(&from_the_transfer, transfer),
            Some("a predecessor must exist before the transfer date".to_string())
        );
    }
}
