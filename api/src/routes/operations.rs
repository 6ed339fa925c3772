//! Every operation of the API, declared once: its handler (whose `#[utoipa::path]` gives the path, the
//! method and the OpenAPI entry) and its access-policy row (what `domain::access::operations::decide`
//! rules it on). The router, the document and the access matrix are all built from this list, so an
//! operation cannot be routed without a policy row, or documented without being routed.

use actix_web::Route;
use domain::access::operations::{Governs, Operation};
use domain::access::Action::{Create, End, Read, Update};
use domain::access::ResourceKind as K;
use Governs::{Act, ActForOrRecord, ActForOrRecordAsParty, AnyAuthenticated, AuditChain, List, Open, Record};

use super::*;

/// One operation: its policy row and how its handler is attached to a route.
pub struct Registration {
    pub operation: Operation,
    /// Sets the handler of a route (the method and path come from the handler's OpenAPI entry).
    pub attach: fn(Route) -> Route,
}

/// The last segment of a handler path, as a string: the operation id (each handler is named after
/// its operation id; `every_registration_is_documented_under_its_own_name` checks it).
macro_rules! last_segment {
    ($only:ident) => {
        stringify!($only)
    };
    ($head:ident :: $($rest:ident)::+) => {
        last_segment!($($rest)::+)
    };
}

macro_rules! operations {
    ($( $($segment:ident)::+ => $governs:expr ),* $(,)?) => {
        /// The OpenAPI paths of every registered handler.
        #[derive(utoipa::OpenApi)]
        #[openapi(paths($($($segment)::+),*))]
        pub struct OperationPaths;

        /// The declared list, grouped by capability in the order of the API document's tags.
        pub const REGISTRATIONS: &[Registration] = &[$(Registration {
            operation: Operation { id: last_segment!($($segment)::+), governs: $governs },
            attach: |route| route.to($($segment)::+),
        }),*];
    };
}

operations! {
    // service
    system::get_health => Open,
    system::get_readiness => Open,
    system::get_metrics => Open,
    system::get_openapi_document => Open,
    system::get_me => Open,
    rules::list_rules => Open,
    rules::get_rule => Open,
    events::list_events => Open,
    // Each result is checked as the record's own read would be.
    search::search_records => Open,
    exports::export_records => Open,
    // registry
    forces::list_forces => List(K::Force),
    forces::create_force => Record(K::Force, Create),
    forces::get_force => Record(K::Force, Read),
    forces::update_force => Record(K::Force, Update),
    forces::end_force => Record(K::Force, End),
    corporations_sole::list_corporations_sole => List(K::CorporationSole),
    corporations_sole::create_corporation_sole => Record(K::CorporationSole, Create),
    corporations_sole::get_corporation_sole => Record(K::CorporationSole, Read),
    corporations_sole::update_corporation_sole => Record(K::CorporationSole, Update),
    corporations_sole::end_corporation_sole => Record(K::CorporationSole, End),
    organisations::list_organisations => List(K::Organisation),
    organisations::create_organisation => Record(K::Organisation, Create),
    organisations::get_organisation => Record(K::Organisation, Read),
    organisations::update_organisation => Record(K::Organisation, Update),
    organisations::change_organisation_served_office => Record(K::Organisation, Update),
    organisations::list_organisation_repointings => Record(K::Organisation, Read),
    organisations::end_organisation => Record(K::Organisation, End),
    people::list_people => List(K::Person),
    people::create_person => Record(K::Person, Create),
    people::get_person => Record(K::Person, Read),
    people::update_person => Record(K::Person, Update),
    posts::list_posts => List(K::Post),
    posts::create_post => Record(K::Post, Create),
    posts::get_post => Record(K::Post, Read),
    posts::update_post => Record(K::Post, Update),
    posts::end_post => Record(K::Post, End),
    appointments::list_appointments => List(K::Appointment),
    appointments::create_appointment => Record(K::Appointment, Create),
    appointments::get_appointment => Record(K::Appointment, Read),
    appointments::update_appointment => Record(K::Appointment, Update),
    appointments::end_appointment => Record(K::Appointment, End),
    collaborations::list_collaborations => List(K::Collaboration),
    collaborations::create_collaboration => Record(K::Collaboration, Create),
    collaborations::get_collaboration => Record(K::Collaboration, Read),
    collaborations::update_collaboration => Record(K::Collaboration, Update),
    collaborations::end_collaboration => Record(K::Collaboration, End),
    // Membership is a change to the collaboration.
    collaborations::add_collaboration_member => Record(K::Collaboration, Update),
    collaborations::end_collaboration_member => Record(K::Collaboration, Update),
    succession::list_transfer_orders => List(K::TransferOrder),
    succession::get_transfer_order => Record(K::TransferOrder, Read),
    succession::get_transfer_order_impact => Record(K::TransferOrder, Read),
    succession::get_appointment_impact => Record(K::Appointment, Read),
    succession::create_transfer_order => Record(K::TransferOrder, Create),
    succession::preview_transfer_order => Record(K::TransferOrder, Update),
    succession::execute_transfer_order => Record(K::TransferOrder, Update),
    audit::list_audit_events => List(K::AuditEvent),
    audit::verify_audit_chain => AuditChain,
    // The Merkle tree's checkpoints, key and proofs hold only hashes and are meant to be published:
    // anyone reads them; signing a checkpoint reads every event, as verifying the chain does.
    audit::list_audit_checkpoints => Open,
    audit::issue_audit_checkpoint => AuditChain,
    audit::get_latest_audit_checkpoint => Open,
    audit::get_audit_log_public_key => Open,
    audit::get_audit_inclusion_proof => Open,
    audit::get_audit_consistency_proof => Open,
    // agreements
    agreements::drafts::list_collaboration_agreements => List(K::CollaborationAgreement),
    // The public register: the same for everyone.
    register::list_public_agreements => Open,
    register::list_public_forward_plan => Open,
    register::list_public_records_of_decision => Open,
    register::list_public_meetings => Open,
    register::get_public_agreements_feed => Open,
    register::get_public_forward_plan_feed => Open,
    register::get_public_records_of_decision_feed => Open,
    register::get_public_meetings_feed => Open,
    register::list_public_interests => Open,
    register::get_public_interests_feed => Open,
    register::list_public_gifts_and_hospitality => Open,
    register::get_public_gifts_and_hospitality_feed => Open,
    agreements::drafts::create_collaboration_agreement => Record(K::CollaborationAgreement, Create),
    // Checks a draft against the rules; stores nothing and asks no record's policy.
    agreements::drafts::validate_collaboration_agreement => AnyAuthenticated,
    agreements::drafts::get_collaboration_agreement => Record(K::CollaborationAgreement, Read),
    agreements::drafts::get_collaboration_agreement_cost_schedule => Record(K::CollaborationAgreement, Read),
    agreements::drafts::update_collaboration_agreement => Record(K::CollaborationAgreement, Update),
    agreements::lifecycle::attach_collaboration_agreement_document => Record(K::CollaborationAgreement, Update),
    agreements::lifecycle::attach_collaboration_agreement_milestone => Record(K::CollaborationAgreement, Update),
    agreements::lifecycle::set_collaboration_agreement_cost_schedule => Record(K::CollaborationAgreement, Update),
    agreements::lifecycle::approve_collaboration_agreement => ActForOrRecordAsParty(K::CollaborationAgreement, Update),
    agreements::lifecycle::sign_collaboration_agreement => ActForOrRecordAsParty(K::CollaborationAgreement, Update),
    agreements::lifecycle::commence_collaboration_agreement => Act(K::CollaborationAgreement, Update),
    agreements::lifecycle::review_collaboration_agreement => Record(K::CollaborationAgreement, Update),
    agreements::lifecycle::withdraw_collaboration_agreement_party => Act(K::CollaborationAgreement, Update),
    agreements::lifecycle::terminate_collaboration_agreement => Act(K::CollaborationAgreement, End),
    agreements::lifecycle::publish_collaboration_agreement => Act(K::CollaborationAgreement, Update),
    agreements::lifecycle::resolve_collaboration_agreement_alert => Record(K::CollaborationAgreement, Update),
    agreements::lifecycle::vary_collaboration_agreement => Record(K::CollaborationAgreement, Update),
    // delegations
    delegations::list_functions => List(K::Function),
    delegations::create_function => Record(K::Function, Create),
    delegations::get_function => Record(K::Function, Read),
    delegations::list_schemes => List(K::Scheme),
    delegations::create_scheme => Act(K::Scheme, Create),
    delegations::get_scheme => Record(K::Scheme, Read),
    delegations::list_delegations => List(K::Delegation),
    delegations::create_delegation => Act(K::Delegation, Create),
    delegations::get_delegation => Record(K::Delegation, Read),
    delegations::revoke_delegation => Act(K::Delegation, End),
    authority::list_authority_checks => List(K::AuthorityCheck),
    authority::check_authority => Record(K::AuthorityCheck, Create),
    authority::get_authority_check => Record(K::AuthorityCheck, Read),
    authority::list_corporation_sole_authority => List(K::Delegation),
    // boards: parts (memberships, terms of reference, agenda items, attendance) are changes to
    // their board or meeting.
    boards::list_boards => List(K::Board),
    boards::create_board => Record(K::Board, Create),
    boards::get_board => Record(K::Board, Read),
    boards::update_board => Record(K::Board, Update),
    boards::change_board_owners => Record(K::Board, Update),
    boards::add_board_terms_of_reference => Record(K::Board, Update),
    boards::list_board_memberships => Record(K::Board, Read),
    boards::add_board_membership => Record(K::Board, Update),
    boards::end_board_membership => Record(K::Board, Update),
    decisions::list_board_decisions => Record(K::Board, Read),
    decisions::list_meeting_decisions => Record(K::Board, Read),
    meetings::list_board_meetings => Record(K::Meeting, Read),
    boards::get_board_calendar => Record(K::Meeting, Read),
    meetings::create_meeting => Record(K::Meeting, Create),
    meetings::get_meeting => Record(K::Meeting, Read),
    meetings::update_meeting => Record(K::Meeting, Update),
    meetings::record_meeting_held => Record(K::Meeting, Update),
    meetings::cancel_meeting => Record(K::Meeting, Update),
    meetings::add_meeting_attendance => Record(K::Meeting, Update),
    meetings::add_meeting_attendee => Record(K::Meeting, Update),
    meetings::add_meeting_declaration => Record(K::Meeting, Update),
    meetings::add_agenda_item => Record(K::Meeting, Update),
    meetings::get_agenda_item => Record(K::Meeting, Read),
    meetings::update_agenda_item => Record(K::Meeting, Update),
    meetings::add_agenda_paper => Record(K::Meeting, Update),
    minutes::list_meeting_minutes => Record(K::Meeting, Read),
    minutes::create_minutes => Record(K::Minutes, Create),
    minutes::get_minutes => Record(K::Minutes, Read),
    minutes::update_minutes => Record(K::Minutes, Update),
    minutes::approve_minutes => Record(K::Minutes, Update),
    minutes::add_minutes_signature => Record(K::Minutes, Update),
    minutes::publish_minutes => Record(K::Minutes, Update),
    actions::list_actions => List(K::BoardAction),
    actions::list_carried_forward_actions => Record(K::BoardAction, Read),
    actions::create_action => Record(K::BoardAction, Create),
    actions::get_action => Record(K::BoardAction, Read),
    actions::add_action_update => Record(K::BoardAction, Update),
    actions::complete_action => Record(K::BoardAction, Update),
    actions::discharge_action => Record(K::BoardAction, Update),
    decisions::create_decision => Record(K::Decision, Create),
    decisions::get_decision => Record(K::Decision, Read),
    decisions::add_decision_approval => ActForOrRecord(K::Decision, Create),
    corrections::correct_decision_outcome => Record(K::Decision, Update),
    corrections::correct_meeting_attendance => Record(K::Meeting, Update),
    corrections::correct_action => Record(K::BoardAction, Update),
    corrections::void_meeting => Record(K::Meeting, Update),
    questions::create_question => Record(K::Meeting, Update),
    questions::list_meeting_questions => Record(K::Meeting, Read),
    questions::get_question => Record(K::Meeting, Read),
    questions::add_question_answer => Record(K::Meeting, Update),
    questions::create_question_follow_up_action => Record(K::BoardAction, Create),
    questions::list_board_questions => Record(K::Meeting, Read),
    questions::list_corporation_sole_questions => Record(K::CorporationSole, Read),
    records_of_decision::list_records_of_decision => List(K::RecordOfDecision),
    records_of_decision::create_record_of_decision => Record(K::RecordOfDecision, Create),
    records_of_decision::get_record_of_decision => Record(K::RecordOfDecision, Read),
    records_of_decision::add_record_of_decision_officer_approval => Record(K::RecordOfDecision, Update),
    records_of_decision::add_record_of_decision_signature => ActForOrRecord(K::RecordOfDecision, Update),
    records_of_decision::publish_record_of_decision => Record(K::RecordOfDecision, Update),
    // How each issuing body numbers its records is public; setting it is a change for the
    // secretaries serving the issuing body, decided as an update of its records of decision.
    records_of_decision::list_reference_schemes => Open,
    records_of_decision::get_reference_scheme => Open,
    records_of_decision::create_reference_scheme => Record(K::RecordOfDecision, Update),
    records_of_decision::update_reference_scheme => Record(K::RecordOfDecision, Update),
    // The forward plan of key decisions: kept by the secretaries serving the deciders; its calendar
    // lists what the caller may see.
    // Registers of interests and of gifts and hospitality: on the public register (withheld entries
    // as their notice), kept by the secretaries of the keeping organisation.
    interests::list_interest_entries => List(K::InterestEntry),
    interests::get_interest_entry => Record(K::InterestEntry, Read),
    interests::create_interest_entry => Record(K::InterestEntry, Create),
    interests::update_interest_entry => Record(K::InterestEntry, Update),
    interests::list_gift_entries => List(K::GiftEntry),
    interests::get_gift_entry => Record(K::GiftEntry, Read),
    interests::create_gift_entry => Record(K::GiftEntry, Create),
    interests::update_gift_entry => Record(K::GiftEntry, Update),
    forward_plan::list_forward_plan_entries => List(K::ForwardPlanEntry),
    forward_plan::get_forward_plan_calendar => List(K::ForwardPlanEntry),
    forward_plan::create_forward_plan_entry => Record(K::ForwardPlanEntry, Create),
    forward_plan::get_forward_plan_entry => Record(K::ForwardPlanEntry, Read),
    forward_plan::update_forward_plan_entry => Record(K::ForwardPlanEntry, Update),
    forward_plan::publish_forward_plan_entry => Record(K::ForwardPlanEntry, Update),
    forward_plan::close_forward_plan_entry => Record(K::ForwardPlanEntry, Update),
    forward_plan::withdraw_forward_plan_entry => Record(K::ForwardPlanEntry, Update),
    // webhooks: deliveries are part of their subscription.
    webhooks::list_webhook_subscriptions => List(K::WebhookSubscription),
    webhooks::create_webhook_subscription => Record(K::WebhookSubscription, Create),
    webhooks::get_webhook_subscription => Record(K::WebhookSubscription, Read),
    webhooks::update_webhook_subscription => Record(K::WebhookSubscription, Update),
    webhooks::resume_webhook_subscription => Record(K::WebhookSubscription, Update),
    webhooks::list_webhook_deliveries => Record(K::WebhookSubscription, Read),
    webhooks::redeliver_webhook_delivery => Record(K::WebhookSubscription, Update),
    // the trust registry: the platform's administrators only.
    trusted_issuers::list_trusted_issuers => List(K::TrustedIssuer),
    trusted_issuers::create_trusted_issuer => Record(K::TrustedIssuer, Create),
    trusted_issuers::get_trusted_issuer => Record(K::TrustedIssuer, Read),
    trusted_issuers::update_trusted_issuer => Record(K::TrustedIssuer, Update),
    trusted_issuers::end_trusted_issuer => Record(K::TrustedIssuer, End),
    trusted_issuers::list_person_links => Record(K::TrustedIssuer, Read),
    trusted_issuers::create_person_link => Record(K::TrustedIssuer, Update),
    trusted_issuers::end_person_link => Record(K::TrustedIssuer, Update),
}

/// Every operation's policy row.
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    REGISTRATIONS.iter().map(|r| &r.operation)
}

/// The policy row of an operation id.
pub fn operation(id: &str) -> Option<&'static Operation> {
    operations().find(|o| o.id == id)
}

/// A path and the method-to-handler pairs served on it.
/// Each method of one path with the handler that answers it.
pub type MethodRoutes = Vec<(actix_web::http::Method, fn(Route) -> Route)>;
pub type PathRoutes = (String, MethodRoutes);

/// The routing table: every registered handler under the path and method its OpenAPI entry
/// declares, one entry per path. Paths with fixed segments come before templated ones where they
/// overlap (`/collaboration-agreements/validate` before `/collaboration-agreements/{id}`), since
/// the router takes the first pattern that matches.
pub fn routing_table() -> Vec<PathRoutes> {
    use utoipa::OpenApi;
    let doc = OperationPaths::openapi();
    let mut table: Vec<PathRoutes> = Vec::new();
    for (path, item) in &doc.paths.paths {
        let methods = [
            (actix_web::http::Method::GET, &item.get),
            (actix_web::http::Method::POST, &item.post),
            (actix_web::http::Method::PUT, &item.put),
            (actix_web::http::Method::PATCH, &item.patch),
            (actix_web::http::Method::DELETE, &item.delete),
        ];
        let routes = methods
            .into_iter()
            .filter_map(|(method, operation)| {
                let id = operation.as_ref()?.operation_id.as_deref()?;
                let registration = REGISTRATIONS.iter().find(|r| r.operation.id == id)?;
                Some((method, registration.attach))
            })
            .collect();
        table.push((path.clone(), routes));
    }
    table.sort_by_cached_key(|(path, _)| {
        path.split('/').map(|segment| (segment.starts_with('{'), segment.to_owned())).collect::<Vec<_>>()
    });
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::OpenApi;

    #[test]
    fn operation_ids_are_unique() {
        for (i, a) in REGISTRATIONS.iter().enumerate() {
            let id = a.operation.id;
            assert!(REGISTRATIONS[i + 1..].iter().all(|b| b.operation.id != id), "{id} twice");
        }
    }

    #[test]
    fn every_registration_is_documented_under_its_own_name() {
        let doc = OperationPaths::openapi();
        let documented: Vec<String> = doc
            .paths
            .paths
            .values()
            .flat_map(|item| [&item.get, &item.post, &item.put, &item.patch, &item.delete])
            .flatten()
            .filter_map(|operation| operation.operation_id.clone())
            .collect();
        assert_eq!(documented.len(), REGISTRATIONS.len());
        for registration in REGISTRATIONS {
            assert!(documented.iter().any(|id| id == registration.operation.id), "{}", registration.operation.id);
        }
    }

    #[test]
    fn only_changes_are_reserved_for_system_admins() {
        // A Record row whose (kind, action) has no grant is system_admin only: make that visible here.
        let reserved: Vec<&str> = REGISTRATIONS
            .iter()
            .map(|r| r.operation)
            .filter(|o| match o.governs {
                Record(kind, action) => !domain::access::POLICY.iter().any(|(k, a, _)| *k == kind && *a == action),
                _ => false,
            })
            .map(|o| o.id)
            .collect();
        assert!(
            reserved.iter().all(|id| {
                // Transfer orders are statutory instruments: the platform records, previews and executes them.
                [
                    "create_",
                    "update_",
                    "end_",
                    "add_collaboration_member",
                    "end_collaboration_member",
                    "preview_transfer_order",
                    "execute_transfer_order",
                    // Which office an organisation serves decides its access: the platform re-points it,
                    // as it records the organisation.
                    "change_organisation_served_office",
                    // The trust registry is the platform's, reads included: who may sign in is no
                    // organisation's business but its own issuer's, and that is administered centrally.
                    "get_trusted_issuer",
                    "list_person_links",
                ]
                .iter()
                .any(|prefix| id.starts_with(prefix))
            }),
            "{reserved:?}"
        );
    }
}
