//! A party's place in an agreement (its seat). Under a transfer order the successor takes its
//! predecessor's place from the order's in-force date (R-SU-01) as a party of its own, so each keeps
//! what it did (R-SU-02); for approving and signing (R-CA-12) and for cost shares the two are one
//! seat, which the agreement needs approved and signed once.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;

use crate::RuleViolation;

/// Whether a party is one on `day`: from the day it joined (when it joined later than the
/// agreement was made) to the day before it left.
pub fn party_on(joins_on: Option<NaiveDate>, withdrawn_on: Option<NaiveDate>, day: NaiveDate) -> bool {
    joins_on.is_none_or(|joined| joined <= day) && withdrawn_on.is_none_or(|left| left > day)
}

/// R-TM-01: a party acts only while it is one: a successor from the day it joined, a predecessor
/// until the day before it left.
pub fn check_party_on(
    joins_on: Option<NaiveDate>,
    withdrawn_on: Option<NaiveDate>,
    on: NaiveDate,
    pointer: &str,
) -> Vec<RuleViolation> {
    if party_on(joins_on, withdrawn_on, on) {
        return Vec::new();
    }
    let message = match (joins_on, withdrawn_on) {
        (Some(joined), _) if on < joined => format!("this party is one from {joined}, not on {on}"),
        (_, Some(left)) => format!("this party ceased to be one on {left}, before {on}"),
        _ => format!("this party was not one on {on}"),
    };
    vec![RuleViolation::new("R-TM-01", pointer, message)]
}

/// One party as the seats see it.
#[derive(Debug, Clone, Copy)]
pub struct SeatParty<Id> {
    pub id: Id,
    /// The party whose place it took, if any.
    pub succeeds: Option<Id>,
    pub joins_on: Option<NaiveDate>,
}

/// The seats of one agreement's parties.
#[derive(Debug, Clone)]
pub struct Seats<Id> {
    parties: HashMap<Id, SeatParty<Id>>,
    successor: HashMap<Id, Id>,
}

impl<Id: Copy + Eq + Hash> Seats<Id> {
    pub fn new(parties: impl IntoIterator<Item = SeatParty<Id>>) -> Self {
        let parties: HashMap<Id, SeatParty<Id>> = parties.into_iter().map(|p| (p.id, p)).collect();
        let successor = parties.values().filter_map(|p| p.succeeds.map(|s| (s, p.id))).collect();
        Seats { parties, successor }
    }

    /// The seat of a party: the first party of its line of succession.
    pub fn seat(&self, id: Id) -> Id {
        let mut at = id;
        // A line is at most as long as the agreement has parties (a guard against a cycle).
        for _ in 0..self.parties.len() {
            match self.parties.get(&at).and_then(|p| p.succeeds) {
                Some(previous) => at = previous,
                None => break,
            }
        }
        at
    }

    /// How many seats the agreement has.
    pub fn count(&self) -> usize {
        self.parties.values().filter(|p| p.succeeds.is_none()).count()
    }

    /// How many seats these parties fill between them.
    pub fn filled_by(&self, ids: impl IntoIterator<Item = Id>) -> usize {
        let seats: std::collections::HashSet<Id> = ids.into_iter().map(|id| self.seat(id)).collect();
        seats.len()
    }

    /// The party of `id`'s line that holds the seat on `day`: `id` itself until its successor joins.
    pub fn holder_on(&self, id: Id, day: NaiveDate) -> Id {
        let mut at = id;
        for _ in 0..self.parties.len() {
            let Some(next) = self.successor.get(&at) else { break };
            let joined = self.parties.get(next).and_then(|p| p.joins_on);
            if joined.is_some_and(|joined| joined > day) {
                break;
            }
            at = *next;
        }
        at
    }

    /// The party that took this one's place, if any.
    pub fn successor_of(&self, id: Id) -> Option<Id> {
        self.successor.get(&id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_default()
    }

    fn seats() -> Seats<u8> {
        Seats::new([
            SeatParty { id: 1, succeeds: None, joins_on: None },
            SeatParty { id: 2, succeeds: None, joins_on: None },
            SeatParty { id: 3, succeeds: Some(1), joins_on: Some(day("2028-05-11")) },
        ])
    }

    #[test]
    fn a_successor_fills_its_predecessors_seat() {
        let seats = seats();
        assert_eq!(seats.count(), 2);
        assert_eq!(seats.seat(3), 1);
        assert_eq!(seats.filled_by([1, 3]), 1, "approved once for the seat");
        assert_eq!(seats.filled_by([3, 2]), 2);
        assert_eq!(seats.successor_of(1), Some(3));
    }

    #[test]
    fn the_seat_is_held_by_the_predecessor_until_the_transfer_date() {
        let seats = seats();
        assert_eq!(seats.holder_on(1, day("2028-05-10")), 1);
        assert_eq!(seats.holder_on(1, day("2028-05-11")), 3);
        assert_eq!(seats.holder_on(2, day("2028-05-11")), 2);
    }

    #[test]
    fn a_party_acts_only_while_it_is_one() {
        let (joined, left) = (Some(day("2028-05-11")), Some(day("2028-05-11")));
        assert!(party_on(None, left, day("2028-05-10")));
        assert!(!party_on(None, left, day("2028-05-11")));
        assert!(!party_on(joined, None, day("2028-05-10")));
        assert!(party_on(joined, None, day("2028-05-11")));
        assert_eq!(check_party_on(joined, None, day("2028-05-10"), "/approved_on")[0].rule, "R-TM-01");
        assert!(check_party_on(None, None, day("2015-01-01"), "/approved_on").is_empty());
    }
}
