//! The agreement lifecycle: which events may happen in which state (an illegal one is a 409), and
//! the status, dates and counts each event leaves behind. The service records the rows; what they
//! mean for the agreement is decided here.

use chrono::{Months, NaiveDate};

use super::{check_execution, AgreementStatus};
use crate::RuleViolation;

/// What can happen to an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementEvent {
    EditDraft,
    SetCostSchedule,
    AttachDocument,
    AttachMilestone,
    Approve,
    Sign,
    Commence,
    Review,
    Vary,
    Withdraw,
    Terminate,
    Publish,
    ResolveAlert,
    /// A variation of the agreement came into force (R-CA-20).
    Supersede,
}

impl AgreementEvent {
    pub const ALL: [AgreementEvent; 14] = [
        Self::EditDraft,
        Self::SetCostSchedule,
        Self::AttachDocument,
        Self::AttachMilestone,
        Self::Approve,
        Self::Sign,
        Self::Commence,
        Self::Review,
        Self::Vary,
        Self::Withdraw,
        Self::Terminate,
        Self::Publish,
        Self::ResolveAlert,
        Self::Supersede,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Self::EditDraft => "change the draft",
            Self::SetCostSchedule => "set a cost-share schedule",
            Self::AttachDocument => "attach a document version",
            Self::AttachMilestone => "record a milestone",
            Self::Approve => "record an approval",
            Self::Sign => "record a signature",
            Self::Commence => "bring the agreement into force",
            Self::Review => "record a review",
            Self::Vary => "vary the agreement",
            Self::Withdraw => "record a party's withdrawal",
            Self::Terminate => "terminate the agreement",
            Self::Publish => "record publication",
            Self::ResolveAlert => "resolve an alert",
            Self::Supersede => "supersede the agreement by a variation",
        }
    }
}

/// Whether `event` may happen in `status`; `Err` explains the conflict.
pub fn permits(status: AgreementStatus, event: AgreementEvent) -> Result<(), String> {
    use AgreementEvent as E;
    use AgreementStatus as S;
    let ended = matches!(status, S::Superseded | S::Terminated | S::Expired);
    let allowed = match event {
        E::EditDraft | E::Approve => status == S::Draft,
        // The record of an agreement's papers, costs and project milestones is kept until it ends.
        E::AttachDocument | E::SetCostSchedule | E::AttachMilestone => !ended,
        E::Sign => status == S::Approved,
        E::Commence => status == S::Signed,
        E::Review | E::Vary | E::Withdraw | E::Supersede => status == S::InForce,
        E::Terminate => matches!(status, S::Signed | S::InForce),
        E::Publish => matches!(status, S::Signed | S::InForce | S::Superseded | S::Terminated | S::Expired),
        // An alert records how a change elsewhere was dealt with: it can be closed in any state.
        E::ResolveAlert => true,
    };
    if allowed {
        Ok(())
    } else {
        Err(format!("cannot {} while the agreement is {}", event.describe(), status))
    }
}

/// Whether a draft may still change in place: only while it is a draft nobody has approved; after
/// that it is varied (R-CA-08), so what was approved stays as it was approved.
pub fn permits_draft_change(status: AgreementStatus, approvals: usize) -> Result<(), String> {
    if permits(status, AgreementEvent::EditDraft).is_err() || approvals > 0 {
        return Err(format!(
            "only a draft nobody has approved can change (the agreement is {status} with {approvals} approvals): vary it instead"
        ));
    }
    Ok(())
}

/// How far execution has got: parties, and the execution approvals and signatures recorded
/// (counting the one being recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Execution {
    pub parties: usize,
    pub approvals: usize,
    pub signatures: usize,
}

/// The status a permitted event leaves the agreement in: approved once every party approved,
/// signed once every party signed, in force on commencement, terminated on termination, superseded
/// when a variation of it comes into force.
pub fn status_after(status: AgreementStatus, event: AgreementEvent, execution: Execution) -> AgreementStatus {
    use AgreementEvent as E;
    use AgreementStatus as S;
    match (event, status) {
        (E::Approve, S::Draft) if execution.approvals >= execution.parties => S::Approved,
        (E::Sign, S::Approved) if execution.signatures >= execution.parties => S::Signed,
        (E::Commence, S::Signed) => S::InForce,
        (E::Terminate, S::Signed | S::InForce) => S::Terminated,
        (E::Supersede, S::InForce) => S::Superseded,
        _ => status,
    }
}

/// R-CA-20: the status an agreement takes when a variation of it comes into force; `None` when it
/// is no longer in force (an agreement that had ended stays as it ended).
pub fn superseded(status: AgreementStatus) -> Option<AgreementStatus> {
    permits(status, AgreementEvent::Supersede).ok()?;
    Some(AgreementStatus::Superseded)
}

/// Why an event is refused: rules broken (422) or not possible in this state (409).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Rules(Vec<RuleViolation>),
    Conflict(String),
}

/// What commencement sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commenced {
    pub status: AgreementStatus,
    pub in_force_from: NaiveDate,
    pub next_review_due: Option<NaiveDate>,
}

/// Brings an agreement into force. R-CA-12 first: an agreement still waiting for approvals or
/// signatures is told which (422), not merely that it is not signed (409). The first review falls
/// due a review period after commencement, unless a date was already set.
pub fn commence(
    status: AgreementStatus,
    execution: Execution,
    in_force_from: NaiveDate,
    review_period_months: u32,
    next_review_due: Option<NaiveDate>,
) -> Result<Commenced, Refusal> {
    if matches!(status, AgreementStatus::Draft | AgreementStatus::Approved) {
        let missing = check_execution(execution.parties, execution.approvals, execution.signatures);
        if !missing.is_empty() {
            return Err(Refusal::Rules(missing));
        }
    }
    permits(status, AgreementEvent::Commence).map_err(Refusal::Conflict)?;
    let next_review_due =
        next_review_due.or_else(|| in_force_from.checked_add_months(Months::new(review_period_months)));
    Ok(Commenced { status: status_after(status, AgreementEvent::Commence, execution), in_force_from, next_review_due })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn execution(parties: usize, approvals: usize, signatures: usize) -> Execution {
        Execution { parties, approvals, signatures }
    }

    #[test]
    fn signing_a_draft_is_refused_and_signing_an_approved_agreement_is_allowed() {
        assert!(permits(AgreementStatus::Draft, AgreementEvent::Sign).is_err());
        assert!(permits(AgreementStatus::Approved, AgreementEvent::Sign).is_ok());
    }

    #[test]
    fn a_refused_event_says_what_was_asked_and_the_state() {
        assert_eq!(
            permits(AgreementStatus::Draft, AgreementEvent::Sign),
            Err("cannot record a signature while the agreement is draft".to_string())
        );
        assert_eq!(
            permits(AgreementStatus::Terminated, AgreementEvent::Vary),
            Err("cannot vary the agreement while the agreement is terminated".to_string())
        );
    }

    #[test]
    fn terminated_agreements_cannot_be_varied_but_can_be_published() {
        assert!(permits(AgreementStatus::Terminated, AgreementEvent::Vary).is_err());
        assert!(permits(AgreementStatus::Terminated, AgreementEvent::Publish).is_ok());
        assert!(permits(AgreementStatus::InForce, AgreementEvent::Vary).is_ok());
    }

    #[test]
    fn every_event_has_its_states() {
        use AgreementStatus as S;
        let states = [S::Draft, S::Approved, S::Signed, S::InForce, S::Superseded, S::Terminated, S::Expired];
        let expected: [(AgreementEvent, [bool; 7]); 14] = [
            (AgreementEvent::EditDraft, [true, false, false, false, false, false, false]),
            (AgreementEvent::SetCostSchedule, [true, true, true, true, false, false, false]),
            (AgreementEvent::AttachDocument, [true, true, true, true, false, false, false]),
            (AgreementEvent::AttachMilestone, [true, true, true, true, false, false, false]),
            (AgreementEvent::Approve, [true, false, false, false, false, false, false]),
            (AgreementEvent::Sign, [false, true, false, false, false, false, false]),
            (AgreementEvent::Commence, [false, false, true, false, false, false, false]),
            (AgreementEvent::Review, [false, false, false, true, false, false, false]),
            (AgreementEvent::Vary, [false, false, false, true, false, false, false]),
            (AgreementEvent::Withdraw, [false, false, false, true, false, false, false]),
            (AgreementEvent::Terminate, [false, false, true, true, false, false, false]),
            (AgreementEvent::Publish, [false, false, true, true, true, true, true]),
            (AgreementEvent::ResolveAlert, [true, true, true, true, true, true, true]),
            (AgreementEvent::Supersede, [false, false, false, true, false, false, false]),
        ];
        assert_eq!(expected.len(), AgreementEvent::ALL.len());
        for (event, allowed) in expected {
            for (status, allowed) in states.iter().zip(allowed) {
                assert_eq!(permits(*status, event).is_ok(), allowed, "{event:?} while {status}");
            }
        }
    }

    #[test]
    fn a_variation_in_force_supersedes_its_parent() {
        let after = status_after(AgreementStatus::InForce, AgreementEvent::Supersede, execution(2, 2, 2));
        assert_eq!(after, AgreementStatus::Superseded);
        assert!(permits(AgreementStatus::Superseded, AgreementEvent::Vary).is_err());
        assert!(permits(AgreementStatus::Superseded, AgreementEvent::Review).is_err());
        assert_eq!(superseded(AgreementStatus::InForce), Some(AgreementStatus::Superseded));
        assert_eq!(superseded(AgreementStatus::Terminated), None);
    }

    #[test]
    fn a_draft_changes_in_place_only_until_someone_approves_it() {
        assert!(permits_draft_change(AgreementStatus::Draft, 0).is_ok());
        let approved_once = permits_draft_change(AgreementStatus::Draft, 1);
        assert!(approved_once.is_err_and(|e| e.contains("vary it instead")));
        assert!(permits_draft_change(AgreementStatus::InForce, 0).is_err());
    }

    #[test]
    fn approvals_move_a_draft_to_approved_only_when_every_party_has_approved() {
        let draft = AgreementStatus::Draft;
        assert_eq!(status_after(draft, AgreementEvent::Approve, execution(3, 2, 0)), AgreementStatus::Draft);
        assert_eq!(status_after(draft, AgreementEvent::Approve, execution(3, 3, 0)), AgreementStatus::Approved);
        let approved = AgreementStatus::Approved;
        assert_eq!(status_after(approved, AgreementEvent::Sign, execution(3, 3, 2)), approved);
        assert_eq!(status_after(approved, AgreementEvent::Sign, execution(3, 3, 3)), AgreementStatus::Signed);
        // Counting never moves an agreement in another state.
        assert_eq!(
            status_after(AgreementStatus::Signed, AgreementEvent::Approve, execution(1, 1, 1)),
            AgreementStatus::Signed
        );
        assert_eq!(
            status_after(AgreementStatus::InForce, AgreementEvent::Terminate, execution(1, 1, 1)),
            AgreementStatus::Terminated
        );
        assert_eq!(
            status_after(AgreementStatus::InForce, AgreementEvent::Review, execution(1, 1, 1)),
            AgreementStatus::InForce
        );
    }

    #[test]
    fn commencement_says_what_is_missing_before_the_state() {
        let refused = commence(AgreementStatus::Approved, execution(2, 2, 1), day("2016-07-01"), 12, None);
        match refused {
            Err(Refusal::Rules(found)) => {
                assert_eq!(found.len(), 1);
                assert_eq!((found[0].rule, found[0].pointer.as_str()), ("R-CA-12", "/signatures"));
            }
            other => panic!("{other:?}"),
        }
        let draft = commence(AgreementStatus::Draft, execution(2, 1, 0), day("2016-07-01"), 12, None);
        assert!(matches!(draft, Err(Refusal::Rules(found)) if found.len() == 2));
        let ended = commence(AgreementStatus::InForce, execution(2, 2, 2), day("2016-07-01"), 12, None);
        assert!(matches!(ended, Err(Refusal::Conflict(_))));
    }

    #[test]
    fn commencement_sets_the_first_review_a_review_period_later_unless_set() {
        let commenced = commence(AgreementStatus::Signed, execution(2, 2, 2), day("2016-07-01"), 12, None);
        assert_eq!(
            commenced,
            Ok(Commenced {
                status: AgreementStatus::InForce,
                in_force_from: day("2016-07-01"),
                next_review_due: Some(day("2017-07-01"))
            })
        );
        let set = commence(AgreementStatus::Signed, execution(2, 2, 2), day("2016-07-01"), 12, Some(day("2016-12-31")));
        assert_eq!(set.map(|c| c.next_review_due), Ok(Some(day("2016-12-31"))));
        let six = commence(AgreementStatus::Signed, execution(2, 2, 2), day("2016-08-31"), 6, None);
        assert_eq!(six.map(|c| c.next_review_due), Ok(Some(day("2017-02-28"))));
    }
}
