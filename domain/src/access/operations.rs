//! The declared row of every API operation: what the access policy decides it on.
//!
//! One row per OpenAPI operation id. The access matrix test reads the served OpenAPI document and
//! fails when an operation has no row here (or a row names an operation that is gone), then checks
//! every operation for every role and relationship against [`decide`]: the expectation is computed
//! from [`super::authorize`] and [`super::list_scope`], never written down per case.

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

const fn op(id: &'static str, governs: Governs) -> Operation {
    Operation { id, governs }
}

use Action::{Approve, Create, End, Read, Update};
use Governs::{Act, ActFor, AnyAuthenticated, AuditChain, List, Open, Record};

/// The declared table, grouped by capability in the order of the API document's tags.
pub const OPERATIONS: &[Operation] = &[
    // service
    op("get_health", Open),
    op("get_readiness", Open),
    op("get_metrics", Open),
    op("get_openapi_document", Open),
    op("get_me", Open),
    op("list_events", Open),
    // registry
    op("list_forces", List(K::Force)),
    op("create_force", Record(K::Force, Create)),
    op("get_force", Record(K::Force, Read)),
    op("update_force", Record(K::Force, Update)),
    op("end_force", Record(K::Force, End)),
    op("list_corporations_sole", List(K::CorporationSole)),
    op("create_corporation_sole", Record(K::CorporationSole, Create)),
    op("get_corporation_sole", Record(K::CorporationSole, Read)),
    op("update_corporation_sole", Record(K::CorporationSole, Update)),
    op("end_corporation_sole", Record(K::CorporationSole, End)),
    op("list_organisations", List(K::Organisation)),
    op("create_organisation", Record(K::Organisation, Create)),
    op("get_organisation", Record(K::Organisation, Read)),
    op("update_organisation", Record(K::Organisation, Update)),
    op("end_organisation", Record(K::Organisation, End)),
    op("list_people", List(K::Person)),
    op("create_person", Record(K::Person, Create)),
    op("get_person", Record(K::Person, Read)),
    op("update_person", Record(K::Person, Update)),
    op("list_posts", List(K::Post)),
    op("create_post", Record(K::Post, Create)),
    op("get_post", Record(K::Post, Read)),
    op("update_post", Record(K::Post, Update)),
    op("end_post", Record(K::Post, End)),
    op("list_appointments", List(K::Appointment)),
    op("create_appointment", Record(K::Appointment, Create)),
    op("get_appointment", Record(K::Appointment, Read)),
    op("update_appointment", Record(K::Appointment, Update)),
    op("end_appointment", Record(K::Appointment, End)),
    op("list_collaborations", List(K::Collaboration)),
    op("create_collaboration", Record(K::Collaboration, Create)),
    op("get_collaboration", Record(K::Collaboration, Read)),
    op("update_collaboration", Record(K::Collaboration, Update)),
    op("end_collaboration", Record(K::Collaboration, End)),
    // Membership is a change to the collaboration.
    op("add_collaboration_member", Record(K::Collaboration, Update)),
    op("end_collaboration_member", Record(K::Collaboration, Update)),
    op("list_audit_events", List(K::AuditEvent)),
    op("verify_audit_chain", AuditChain),
    // agreements
    op("list_collaboration_agreements", List(K::CollaborationAgreement)),
    op("create_collaboration_agreement", Record(K::CollaborationAgreement, Create)),
    // Checks a draft against the rules; stores nothing and asks no record's policy.
    op("validate_collaboration_agreement", AnyAuthenticated),
    op("get_collaboration_agreement", Record(K::CollaborationAgreement, Read)),
    op("get_collaboration_agreement_cost_schedule", Record(K::CollaborationAgreement, Read)),
    op("update_collaboration_agreement", Record(K::CollaborationAgreement, Update)),
    op("attach_collaboration_agreement_document", Record(K::CollaborationAgreement, Update)),
    op("attach_collaboration_agreement_milestone", Record(K::CollaborationAgreement, Update)),
    op("set_collaboration_agreement_cost_schedule", Record(K::CollaborationAgreement, Update)),
    op("approve_collaboration_agreement", ActFor(K::CollaborationAgreement)),
    op("sign_collaboration_agreement", ActFor(K::CollaborationAgreement)),
    op("commence_collaboration_agreement", Act(K::CollaborationAgreement, Update)),
    op("review_collaboration_agreement", Record(K::CollaborationAgreement, Update)),
    op("withdraw_collaboration_agreement_party", Record(K::CollaborationAgreement, Update)),
    op("terminate_collaboration_agreement", Record(K::CollaborationAgreement, End)),
    op("publish_collaboration_agreement", Act(K::CollaborationAgreement, Update)),
    op("resolve_collaboration_agreement_alert", Record(K::CollaborationAgreement, Update)),
    op("vary_collaboration_agreement", Record(K::CollaborationAgreement, Update)),
    // delegations
    op("list_functions", List(K::Function)),
    op("create_function", Record(K::Function, Create)),
    op("get_function", Record(K::Function, Read)),
    op("list_schemes", List(K::Scheme)),
    op("create_scheme", Record(K::Scheme, Create)),
    op("get_scheme", Record(K::Scheme, Read)),
    op("list_delegations", List(K::Delegation)),
    op("create_delegation", Record(K::Delegation, Create)),
    op("get_delegation", Record(K::Delegation, Read)),
    op("revoke_delegation", Record(K::Delegation, End)),
    op("list_authority_checks", List(K::AuthorityCheck)),
    op("check_authority", Record(K::AuthorityCheck, Create)),
    op("get_authority_check", Record(K::AuthorityCheck, Read)),
    // boards: parts (memberships, terms of reference, agenda items, attendance) are changes to
    // their board or meeting.
    op("list_boards", List(K::Board)),
    op("create_board", Record(K::Board, Create)),
    op("get_board", Record(K::Board, Read)),
    op("update_board", Record(K::Board, Update)),
    op("add_board_terms_of_reference", Record(K::Board, Update)),
    op("list_board_memberships", Record(K::Board, Read)),
    op("add_board_membership", Record(K::Board, Update)),
    op("end_board_membership", Record(K::Board, Update)),
    op("list_board_decisions", Record(K::Board, Read)),
    op("list_board_meetings", Record(K::Meeting, Read)),
    op("get_board_calendar", Record(K::Meeting, Read)),
    op("create_meeting", Record(K::Meeting, Create)),
    op("get_meeting", Record(K::Meeting, Read)),
    op("update_meeting", Record(K::Meeting, Update)),
    op("record_meeting_held", Record(K::Meeting, Update)),
    op("cancel_meeting", Record(K::Meeting, Update)),
    op("add_meeting_attendance", Record(K::Meeting, Update)),
    op("add_meeting_declaration", Record(K::Meeting, Update)),
    op("add_agenda_item", Record(K::Meeting, Update)),
    op("get_agenda_item", Record(K::Meeting, Read)),
    op("update_agenda_item", Record(K::Meeting, Update)),
    op("add_agenda_paper", Record(K::Meeting, Update)),
    op("list_meeting_minutes", Record(K::Meeting, Read)),
    op("create_minutes", Record(K::Minutes, Create)),
    op("get_minutes", Record(K::Minutes, Read)),
    op("update_minutes", Record(K::Minutes, Update)),
    op("approve_minutes", Record(K::Minutes, Update)),
    op("add_minutes_signature", Record(K::Minutes, Update)),
    op("publish_minutes", Record(K::Minutes, Update)),
    op("list_actions", List(K::BoardAction)),
    op("list_carried_forward_actions", Record(K::BoardAction, Read)),
    op("create_action", Record(K::BoardAction, Create)),
    op("get_action", Record(K::BoardAction, Read)),
    op("add_action_update", Record(K::BoardAction, Update)),
    op("complete_action", Record(K::BoardAction, Update)),
    op("discharge_action", Record(K::BoardAction, Update)),
    op("create_decision", Record(K::Decision, Create)),
    op("get_decision", Record(K::Decision, Read)),
    op("add_decision_approval", ActFor(K::Decision)),
    op("list_records_of_decision", List(K::RecordOfDecision)),
    op("create_record_of_decision", Record(K::RecordOfDecision, Create)),
    op("get_record_of_decision", Record(K::RecordOfDecision, Read)),
    op("add_record_of_decision_officer_approval", Record(K::RecordOfDecision, Update)),
    op("add_record_of_decision_signature", ActFor(K::RecordOfDecision)),
    op("publish_record_of_decision", Record(K::RecordOfDecision, Update)),
    // How each issuing body numbers its records is public; setting it is a change for the
    // secretaries serving the issuing body, decided as an update of its records of decision.
    op("list_reference_schemes", Open),
    op("get_reference_scheme", Open),
    op("create_reference_scheme", Record(K::RecordOfDecision, Update)),
    op("update_reference_scheme", Record(K::RecordOfDecision, Update)),
    // webhooks: deliveries are part of their subscription.
    op("list_webhook_subscriptions", List(K::WebhookSubscription)),
    op("create_webhook_subscription", Record(K::WebhookSubscription, Create)),
    op("get_webhook_subscription", Record(K::WebhookSubscription, Read)),
    op("update_webhook_subscription", Record(K::WebhookSubscription, Update)),
    op("resume_webhook_subscription", Record(K::WebhookSubscription, Update)),
    op("list_webhook_deliveries", Record(K::WebhookSubscription, Read)),
    op("redeliver_webhook_delivery", Record(K::WebhookSubscription, Update)),
];

/// The row of an operation id.
pub fn operation(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.id == id)
}

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
        Governs::ActFor(kind) => match (&target.record, &target.acting_for) {
            (Some(record), Some(office)) => {
                authorize(principal, Action::Read, record)?;
                let office = Resource { kind, ..office.clone() };
                authorize(principal, Approve, &office)
            }
            _ => missing(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use uuid::Uuid;

    use crate::access::tests::principal;

    #[test]
    fn operation_ids_are_unique() {
        for (i, a) in OPERATIONS.iter().enumerate() {
            assert!(OPERATIONS[i + 1..].iter().all(|b| b.id != a.id), "{} twice", a.id);
        }
    }

    #[test]
    fn only_changes_are_reserved_for_system_admins() {
        // A Record row whose (kind, action) has no grant is system_admin only: make that visible here.
        let reserved: Vec<&str> = OPERATIONS
            .iter()
            .filter(|o| match o.governs {
                Governs::Record(kind, action) => {
                    !super::super::POLICY.iter().any(|(k, a, _)| *k == kind && *a == action)
                }
                _ => false,
            })
            .map(|o| o.id)
            .collect();
        assert!(
            reserved.iter().all(|id| {
                ["create_", "update_", "end_", "add_collaboration_member", "end_collaboration_member"]
                    .iter()
                    .any(|prefix| id.starts_with(prefix))
            }),
            "{reserved:?}"
        );
    }

    #[test]
    fn anonymous_changes_need_a_token_even_on_hidden_records() {
        let hidden = Resource::owned(K::Post, Some(Uuid::now_v7()), false);
        let target = Target { record: Some(hidden.clone()), acting_for: None };
        let update = operation("update_post").copied().unwrap_or(op("update_post", Open));
        let get = operation("get_post").copied().unwrap_or(op("get_post", Open));
        assert_eq!(decide(&Principal::anonymous(), &update, false, &target), Err(Denial::Unauthenticated));
        assert_eq!(decide(&Principal::anonymous(), &get, true, &target), Err(Denial::NotVisible));
    }

    #[test]
    fn acting_for_an_office_needs_the_record_visible_then_an_approver_serving_the_office() {
        let (serving, party, other) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let record = Resource::owned(K::CollaborationAgreement, None, false).with_parties(vec![serving, party]);
        let office = Resource::public(K::CollaborationAgreement).with_parties(vec![serving]);
        let target = Target { record: Some(record), acting_for: Some(office) };
        let approve = op("approve", ActFor(K::CollaborationAgreement));
        assert_eq!(decide(&principal(serving, &[Role::Approver]), &approve, false, &target), Ok(()));
        assert!(matches!(
            decide(&principal(party, &[Role::Approver]), &approve, false, &target),
            Err(Denial::Forbidden(_))
        ));
        assert_eq!(decide(&principal(other, &[Role::Approver]), &approve, false, &target), Err(Denial::NotVisible));
    }

    #[test]
    fn a_record_row_without_a_target_is_denied() {
        let row = op("get_post", Record(K::Post, Read));
        assert!(decide(&principal(Uuid::now_v7(), &[Role::SystemAdmin]), &row, true, &Target::default()).is_err());
    }
}
