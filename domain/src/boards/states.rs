//! State machines: which transitions are legal. An illegal one is a 409 with the current state.

use crate::registry::string_enum;
use serde::{Deserialize, Serialize};

/// An illegal transition, with the state the record is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalTransition {
    pub what: &'static str,
    pub current: &'static str,
    pub requested: &'static str,
}

impl std::fmt::Display for IllegalTransition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the {} is {}, so it cannot become {}", self.what, self.current, self.requested)
    }
}

fn refuse<T>(what: &'static str, current: &'static str, requested: &'static str) -> Result<T, IllegalTransition> {
    Err(IllegalTransition { what, current, requested })
}

string_enum! {
    /// `scheduled` -> `held` | `cancelled`; any of them -> `void` when the meeting was entered in
    /// error (kept, out of the registers and the quorum, R-TM-06).
    MeetingStatus {
        Scheduled => "scheduled",
        Held => "held",
        Cancelled => "cancelled",
        Void => "void",
    }
}

impl MeetingStatus {
    /// Whether the meeting can still take business (attendance, decisions): not cancelled or void.
    pub fn takes_business(self) -> bool {
        matches!(self, MeetingStatus::Scheduled | MeetingStatus::Held)
    }

    pub fn transition(self, to: MeetingStatus) -> Result<MeetingStatus, IllegalTransition> {
        match (self, to) {
            (MeetingStatus::Scheduled, MeetingStatus::Held | MeetingStatus::Cancelled) => Ok(to),
            (MeetingStatus::Scheduled | MeetingStatus::Held | MeetingStatus::Cancelled, MeetingStatus::Void) => Ok(to),
            _ => refuse("meeting", self.as_str(), to.as_str()),
        }
    }
}

string_enum! {
    /// `draft` -> `approved` (at a later meeting) -> `signed` -> `published` (R-BD-03).
    MinutesStatus {
        Draft => "draft",
        Approved => "approved",
        Signed => "signed",
        Published => "published",
    }
}

impl MinutesStatus {
    pub fn transition(self, to: MinutesStatus) -> Result<MinutesStatus, IllegalTransition> {
        match (self, to) {
            (MinutesStatus::Draft, MinutesStatus::Approved)
            | (MinutesStatus::Approved, MinutesStatus::Signed)
            | (MinutesStatus::Signed, MinutesStatus::Published) => Ok(to),
            _ => refuse("minutes", self.as_str(), to.as_str()),
        }
    }

    /// Only drafts may be edited; approved minutes are corrected by a new version.
    pub fn editable(self) -> Result<(), IllegalTransition> {
        match self {
            MinutesStatus::Draft => Ok(()),
            _ => refuse("minutes", self.as_str(), "edited (approved minutes are corrected by a new version)"),
        }
    }

    /// Signatures are added to approved minutes (one co-chair may sign before the other).
    pub fn signable(self) -> Result<(), IllegalTransition> {
        match self {
            MinutesStatus::Approved => Ok(()),
            _ => refuse("minutes", self.as_str(), "signed (only approved minutes are signed)"),
        }
    }
}

string_enum! {
    /// `open` -> `completed` | `discharged`.
    ActionStatus {
        Open => "open",
        Completed => "completed",
        Discharged => "discharged",
    }
}

impl ActionStatus {
    pub fn transition(self, to: ActionStatus) -> Result<ActionStatus, IllegalTransition> {
        match (self, to) {
            (ActionStatus::Open, ActionStatus::Completed | ActionStatus::Discharged) => Ok(to),
            _ => refuse("action", self.as_str(), to.as_str()),
        }
    }

    /// Overdue is derived: open and past its due date.
    /// Whether an action in this status, closed on `closed_on`, was still open on `day`: it is open
    /// now, or it was closed on or after that day (R-TM-04: derived states are as at a date).
    pub fn open_on(self, closed_on: Option<chrono::NaiveDate>, day: chrono::NaiveDate) -> bool {
        self == ActionStatus::Open || closed_on.is_some_and(|closed| closed >= day)
    }

    /// Overdue as at `day`: still open that day and due before it.
    pub fn overdue_on(
        self,
        due_on: Option<chrono::NaiveDate>,
        closed_on: Option<chrono::NaiveDate>,
        day: chrono::NaiveDate,
    ) -> bool {
        self.open_on(closed_on, day) && due_on.is_some_and(|due| due < day)
    }
}

string_enum! {
    /// `draft` -> `published` for a record of decision (R-PB-01 applies on publication).
    RecordStatus {
        Draft => "draft",
        Published => "published",
    }
}

impl RecordStatus {
    pub fn transition(self, to: RecordStatus) -> Result<RecordStatus, IllegalTransition> {
        match (self, to) {
            (RecordStatus::Draft, RecordStatus::Published) => Ok(to),
            _ => refuse("record of decision", self.as_str(), to.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn meetings_are_held_or_cancelled_once() {
        assert_eq!(MeetingStatus::Scheduled.transition(MeetingStatus::Held), Ok(MeetingStatus::Held));
        assert_eq!(MeetingStatus::Scheduled.transition(MeetingStatus::Cancelled), Ok(MeetingStatus::Cancelled));
        let refused = MeetingStatus::Cancelled.transition(MeetingStatus::Held).expect_err("illegal");
        assert_eq!(refused.current, "cancelled");
        assert!(MeetingStatus::Held.transition(MeetingStatus::Held).is_err());
    }

    #[test]
    fn a_meeting_entered_in_error_is_voided_from_any_state_but_once() {
        for from in [MeetingStatus::Scheduled, MeetingStatus::Held, MeetingStatus::Cancelled] {
            assert_eq!(from.transition(MeetingStatus::Void), Ok(MeetingStatus::Void), "{from}");
        }
        assert!(MeetingStatus::Void.transition(MeetingStatus::Void).is_err());
        assert!(MeetingStatus::Void.transition(MeetingStatus::Scheduled).is_err());
    }

    #[test]
    fn only_scheduled_and_held_meetings_take_business() {
        assert!(MeetingStatus::Scheduled.takes_business());
        assert!(MeetingStatus::Held.takes_business());
        assert!(!MeetingStatus::Cancelled.takes_business());
        assert!(!MeetingStatus::Void.takes_business());
    }

    #[test]
    fn an_illegal_transition_reads_as_a_sentence() {
        let refused = MeetingStatus::Cancelled.transition(MeetingStatus::Held).expect_err("illegal");
        assert_eq!(refused.to_string(), "the meeting is cancelled, so it cannot become held");
    }

    #[test]
    fn minutes_go_draft_approved_signed_published_in_order() {
        let approved = MinutesStatus::Draft.transition(MinutesStatus::Approved);
        assert_eq!(approved, Ok(MinutesStatus::Approved));
        assert!(MinutesStatus::Draft.transition(MinutesStatus::Signed).is_err());
        assert!(MinutesStatus::Draft.transition(MinutesStatus::Published).is_err());
        assert_eq!(MinutesStatus::Approved.transition(MinutesStatus::Signed), Ok(MinutesStatus::Signed));
        assert_eq!(MinutesStatus::Signed.transition(MinutesStatus::Published), Ok(MinutesStatus::Published));
        assert!(MinutesStatus::Published.transition(MinutesStatus::Draft).is_err());
    }

    #[test]
    fn only_draft_minutes_are_editable_and_only_approved_ones_signable() {
        assert!(MinutesStatus::Draft.editable().is_ok());
        assert_eq!(MinutesStatus::Approved.editable().expect_err("approved is fixed").current, "approved");
        assert!(MinutesStatus::Approved.signable().is_ok());
        assert!(MinutesStatus::Draft.signable().is_err());
    }

    #[test]
    fn actions_close_once_and_overdue_is_derived() {
        assert!(ActionStatus::Open.transition(ActionStatus::Completed).is_ok());
        assert!(ActionStatus::Completed.transition(ActionStatus::Discharged).is_err());
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date");
        let due = Some(d("2017-08-30"));
        assert!(ActionStatus::Open.overdue_on(due, None, d("2017-08-31")));
        assert!(!ActionStatus::Open.overdue_on(due, None, d("2017-08-30")));
        assert!(!ActionStatus::Completed.overdue_on(due, Some(d("2017-09-01")), d("2018-01-01")));
        assert!(!ActionStatus::Open.overdue_on(None, None, d("2018-01-01")));
        // As at a day before it was completed, it was open, and overdue.
        assert!(ActionStatus::Completed.open_on(Some(d("2017-09-01")), d("2017-08-31")));
        assert!(ActionStatus::Completed.overdue_on(due, Some(d("2017-09-01")), d("2017-08-31")));
        assert!(ActionStatus::Completed.open_on(Some(d("2017-09-01")), d("2017-09-01")), "closed at that meeting");
        assert!(!ActionStatus::Discharged.open_on(Some(d("2017-09-01")), d("2017-09-02")));
    }

    #[test]
    fn records_are_published_once() {
        assert!(RecordStatus::Draft.transition(RecordStatus::Published).is_ok());
        assert!(RecordStatus::Published.transition(RecordStatus::Published).is_err());
    }
}
