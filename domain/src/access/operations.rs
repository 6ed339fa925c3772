//! What an API operation's access row means: [`Governs`] and [`decide`].
//!
//! The rows themselves are declared beside each operation's route, in the api crate's one list of
//! operations (`api/src/routes/operations.rs`), so an operation cannot exist without one. The access
//! matrix test checks every operation for every role and relationship against [`decide`] and against
//! a hand-written golden table.

use super::ResourceKind as K;
use super::{
    authorize, authorize_act, authorize_chain_verification, list_scope, Action, Decision, Denial, Principal, Resource,
};

/// What one operation is governed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Governs {
    /// No policy question: open to everyone, token or not (liveness, the contract, `/me` describing
    /// whoever asks, public catalogues, and the change feed, which filters each event instead).
    Open,
    /// Any signed-in principal; evaluates and stores nothing a principal could not see anyway.
    AnyAuthenticated,
    /// A list of one kind: [`list_scope`] decides, and every item must be visible to the caller.
    List(K),
    /// One action on one record: the path's record, or for a create the record the body describes.
    Record(K, Action),
    /// Acting for a corporation sole on a record: the record must be visible (else 404), then
    /// `Approve` on this kind for the organisations serving the corporation sole the body names.
    ActFor(K),
    /// As [`Governs::ActFor`] for the act itself; a request citing a published paper (`evidence`)
    /// instead records the act as evidence (R-TM-05), which needs this action on the record (the use
    /// case asks the policy on that path). The access matrix calls the act.
    ActForOrRecord(K, Action),
    /// As [`Governs::ActForOrRecord`], but recording from a paper what the parties did is itself an
    /// act for the parties (an agreement's approvals and signatures bring it into force), so the
    /// action is granted as by [`Governs::Act`]: a platform role gives no standing.
    ActForOrRecordAsParty(K, Action),
    /// An act for the parties that the table grants as this action on the record (commencing or
    /// publishing an agreement): as `Record`, but a platform role gives no standing
    /// ([`super::authorize_act`]).
    Act(K, Action),
    /// Verifying the whole audit chain reads every event: [`authorize_chain_verification`].
    AuditChain,
}

/// One operation id and its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    pub id: &'static str,
    pub governs: Governs,
}

use Action::Approve;

/// The records an operation acts on, as the policy sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// The record of a [`Governs::Record`] or [`Governs::ActFor`] row.
    pub record: Option<Resource>,
    /// For [`Governs::ActFor`]: the corporation sole acted for (its serving organisations as parties).
    pub acting_for: Option<Resource>,
}

/// What the policy decides for this principal calling this operation on this target.
///
/// Changes (every operation that is not a read) need a token before anything else, so an
/// anonymous change is `Unauthenticated` even where the record is hidden: saying "sign in" reveals
/// nothing. A row naming a record without a target is a gap in the caller's description: denied.
pub fn decide(principal: &Principal, operation: &Operation, reads_only: bool, target: &Target) -> Decision {
    if principal.is_anonymous() && !reads_only && operation.governs != Governs::Open {
        return Err(Denial::Unauthenticated);
    }
    let missing = || Err(Denial::Forbidden(format!("{} names no target record", operation.id)));
    match operation.governs {
        Governs::Open => Ok(()),
        Governs::AnyAuthenticated if principal.is_anonymous() => Err(Denial::Unauthenticated),
        Governs::AnyAuthenticated => Ok(()),
        Governs::List(kind) => list_scope(principal, kind).map(|_| ()),
        Governs::AuditChain => authorize_chain_verification(principal),
        Governs::Record(_, action) => match &target.record {
            Some(record) => authorize(principal, action, record),
            None => missing(),
        },
        Governs::Act(_, action) => match &target.record {
            Some(record) => authorize_act(principal, action, record),
            None => missing(),
        },
        Governs::ActFor(kind) | Governs::ActForOrRecord(kind, _) | Governs::ActForOrRecordAsParty(kind, _) => {
            match (&target.record, &target.acting_for) {
                (Some(record), Some(office)) => {
                    authorize(principal, Action::Read, record)?;
                    let office = Resource { kind, ..office.clone() };
                    authorize(principal, Approve, &office)
                }
                _ => missing(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use uuid::Uuid;

    use crate::access::tests::principal;

    fn op(id: &'static str, governs: Governs) -> Operation {
        Operation { id, governs }
    }

    #[test]
    fn anonymous_changes_need_a_token_even_on_hidden_records() {
        let hidden = Resource::owned(K::Post, Some(Uuid::now_v7()), false);
        let target = Target { record: Some(hidden.clone()), acting_for: None };
        let update = op("update_post", Governs::Record(K::Post, Action::Update));
        let get = op("get_post", Governs::Record(K::Post, Action::Read));
        assert_eq!(decide(&Principal::anonymous(), &update, false, &target), Err(Denial::Unauthenticated));
        assert_eq!(decide(&Principal::anonymous(), &get, true, &target), Err(Denial::NotVisible));
    }

    #[test]
    fn acting_for_an_office_needs_the_record_visible_then_an_approver_serving_the_office() {
        let (serving, party, other) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let record = Resource::owned(K::CollaborationAgreement, None, false).with_parties(vec![serving, party]);
        let office = Resource::public(K::CollaborationAgreement).with_parties(vec![serving]);
        let target = Target { record: Some(record), acting_for: Some(office) };
        let approve = op("approve", Governs::ActFor(K::CollaborationAgreement));
        assert_eq!(decide(&principal(serving, &[Role::Approver]), &approve, false, &target), Ok(()));
        assert!(matches!(
            decide(&principal(party, &[Role::Approver]), &approve, false, &target),
            Err(Denial::Forbidden(_))
        ));
        assert_eq!(decide(&principal(other, &[Role::Approver]), &approve, false, &target), Err(Denial::NotVisible));
    }

    #[test]
    fn a_row_for_any_signed_in_principal_refuses_an_anonymous_read_and_allows_a_signed_in_one() {
        let me = op("get_me_permissions", Governs::AnyAuthenticated);
        let none = Target::default();
        assert_eq!(decide(&Principal::anonymous(), &me, true, &none), Err(Denial::Unauthenticated));
        assert_eq!(decide(&principal(Uuid::now_v7(), &[]), &me, true, &none), Ok(()));
        assert_eq!(decide(&principal(Uuid::now_v7(), &[Role::Approver]), &me, false, &none), Ok(()));
    }

    /// The corporation sole acted for is judged as a record of the row's kind (approving a
    /// decision for it), whatever kind the caller described it as.
    #[test]
    fn acting_for_an_office_is_judged_as_the_rows_kind_of_record() {
        let serving = Uuid::now_v7();
        let record = Resource::owned(K::Decision, None, true).with_parties(vec![serving]);
        let office = Resource::public(K::CorporationSole).with_parties(vec![serving]);
        let target = Target { record: Some(record), acting_for: Some(office) };
        let approve = op("approve_decision", Governs::ActFor(K::Decision));
        assert_eq!(decide(&principal(serving, &[Role::Approver]), &approve, false, &target), Ok(()));
    }

    #[test]
    fn a_record_row_without_a_target_is_denied() {
        let row = op("get_post", Governs::Record(K::Post, Action::Read));
        assert!(decide(&principal(Uuid::now_v7(), &[Role::SystemAdmin]), &row, true, &Target::default()).is_err());
    }
}
