//! The OpenAPI document: every operation, assembled once at start-up, then completed with the
//! responses, headers and security every operation shares (`openapi::document`).

use utoipa::OpenApi;

use super::*;

#[derive(OpenApi)]
#[openapi(
    paths(
        forces::list_forces, forces::get_force, forces::create_force, forces::update_force, forces::end_force,
        corporations_sole::list_corporations_sole, corporations_sole::get_corporation_sole,
        corporations_sole::create_corporation_sole, corporations_sole::update_corporation_sole,
        corporations_sole::end_corporation_sole,
        organisations::list_organisations, organisations::get_organisation, organisations::create_organisation,
        organisations::update_organisation, organisations::end_organisation,
        people::list_people, people::get_person, people::create_person, people::update_person,
        posts::list_posts, posts::get_post, posts::create_post, posts::update_post, posts::end_post,
        appointments::list_appointments, appointments::get_appointment, appointments::create_appointment,
        appointments::update_appointment, appointments::end_appointment,
        collaborations::list_collaborations, collaborations::get_collaboration, collaborations::create_collaboration,
        collaborations::update_collaboration, collaborations::end_collaboration,
        collaborations::add_collaboration_member, collaborations::end_collaboration_member,
        agreements::drafts::list_collaboration_agreements, agreements::drafts::create_collaboration_agreement,
        agreements::drafts::validate_collaboration_agreement, agreements::drafts::get_collaboration_agreement,
        agreements::drafts::update_collaboration_agreement, agreements::drafts::get_collaboration_agreement_cost_schedule,
        agreements::lifecycle::set_collaboration_agreement_cost_schedule,
        agreements::lifecycle::attach_collaboration_agreement_document,
        agreements::lifecycle::attach_collaboration_agreement_milestone,
        agreements::lifecycle::approve_collaboration_agreement, agreements::lifecycle::sign_collaboration_agreement,
        agreements::lifecycle::commence_collaboration_agreement, agreements::lifecycle::review_collaboration_agreement,
        agreements::lifecycle::vary_collaboration_agreement,
        agreements::lifecycle::withdraw_collaboration_agreement_party,
        agreements::lifecycle::terminate_collaboration_agreement,
        agreements::lifecycle::publish_collaboration_agreement,
        agreements::lifecycle::resolve_collaboration_agreement_alert,
        delegations::list_functions, delegations::get_function, delegations::create_function,
        delegations::list_schemes, delegations::get_scheme, delegations::create_scheme,
        delegations::list_delegations, delegations::get_delegation, delegations::create_delegation,
        delegations::revoke_delegation,
        authority::check_authority, authority::list_authority_checks, authority::get_authority_check,
        events::list_events,
        boards::list_boards, boards::get_board, boards::create_board, boards::update_board,
        boards::add_board_terms_of_reference, boards::list_board_memberships, boards::add_board_membership,
        boards::end_board_membership, boards::get_board_calendar,
        meetings::list_board_meetings, meetings::create_meeting, meetings::get_meeting, meetings::update_meeting,
        meetings::record_meeting_held, meetings::cancel_meeting, meetings::add_meeting_attendance,
        meetings::add_agenda_item, meetings::get_agenda_item, meetings::update_agenda_item, meetings::add_agenda_paper,
        meetings::add_meeting_declaration,
        decisions::create_decision, decisions::get_decision, decisions::list_board_decisions,
        decisions::add_decision_approval,
        minutes::list_meeting_minutes, minutes::create_minutes, minutes::get_minutes, minutes::update_minutes,
        minutes::approve_minutes, minutes::add_minutes_signature, minutes::publish_minutes,
        actions::list_actions, actions::list_carried_forward_actions, actions::create_action, actions::get_action,
        actions::add_action_update, actions::complete_action, actions::discharge_action,
        records_of_decision::list_records_of_decision, records_of_decision::get_record_of_decision,
        records_of_decision::create_record_of_decision, records_of_decision::add_record_of_decision_officer_approval,
        records_of_decision::add_record_of_decision_signature, records_of_decision::publish_record_of_decision,
        records_of_decision::list_reference_schemes, records_of_decision::get_reference_scheme,
        records_of_decision::create_reference_scheme, records_of_decision::update_reference_scheme,
        webhooks::list_webhook_subscriptions, webhooks::create_webhook_subscription,
        webhooks::get_webhook_subscription, webhooks::update_webhook_subscription,
        webhooks::resume_webhook_subscription, webhooks::list_webhook_deliveries,
        webhooks::redeliver_webhook_delivery,
        audit::list_audit_events, audit::verify_audit_chain,
        system::get_me, system::get_health, system::get_readiness, system::get_metrics, system::get_openapi_document,
    ),
    components(schemas(openapi::Problem, openapi::FieldError)),
    tags(
        (name = "registry", description = "Forces, corporations sole, organisations, people, posts, appointments and collaborations"),
        (name = "agreements", description = "Section 22A collaboration agreements, from draft to termination"),
        (name = "delegations", description = "The functions catalogue, schemes of delegation and consent, delegations and consents, and authority checks"),
        (name = "events", description = "The change feed, for systems that keep in step with the service"),
        (name = "boards", description = "Boards, memberships, meetings, agenda, minutes, actions, decisions and records of decision"),
        (name = "webhooks", description = "Webhook subscriptions: signed POSTs of the change feed (headers `X-Governance-Event`, `X-Governance-Delivery` and `X-Governance-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" keyed with the subscription's secret>`), retried with exponential backoff and jitter, paused after repeated failure"),
        (name = "audit", description = "The hash-chained audit log"),
        (name = "service", description = "The caller, health, metrics and this document"),
    )
)]
struct ApiDoc;

/// The complete document, as served at `/api/v1/openapi.json` and printed by `governance openapi`.
pub fn document() -> utoipa::openapi::OpenApi {
    openapi::document::finish(ApiDoc::openapi())
}

/// The document as pretty JSON (the committed `openapi/openapi.json` is exactly this).
pub fn document_json() -> String {
    document().to_pretty_json().unwrap_or_default()
}

/// Path pattern -> the methods it accepts (e.g. `"GET, POST"`), as the document declares them.
pub fn allowed_methods() -> std::collections::HashMap<String, String> {
    let doc = document();
    doc.paths
        .paths
        .iter()
        .map(|(path, item)| {
            let methods: Vec<&str> = [
                ("GET", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter_map(|(method, present)| present.then_some(method))
            .collect();
            (path.clone(), methods.join(", "))
        })
        .collect()
}
