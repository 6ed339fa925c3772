//! Building and running the HTTP server. `build` binds the listener itself so tests can ask for port 0.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, HttpServer};

use utoipa_swagger_ui::SwaggerUi;

use crate::auth::TokenVerifier;
use crate::config::Settings;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::routes::*;
use crate::state::AppState;

/// The OpenAPI document as served (for `governance openapi`).
pub fn document_json() -> String {
    crate::routes::doc::document_json()
}

/// Opens the database, applies migrations and prepares the shared state.
pub fn prepare(settings: Settings) -> Result<AppState, String> {
    if settings.database_url == settings.data_dir.join("governance.sqlite3").to_string_lossy() {
        std::fs::create_dir_all(&settings.data_dir)
            .map_err(|e| format!("GOVERNANCE_DATA_DIR {}: {e}", settings.data_dir.display()))?;
    }
    let db = persistence::Database::connect(&settings.database_url, settings.pool_size)
        .map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))?;
    db.migrate().map_err(|e| format!("GOVERNANCE_DATABASE_URL: {e}"))?;
    let verifier = TokenVerifier::from_settings(&settings).map_err(|e| e.0)?;
    let rate_limiter =
        crate::limits::RateLimiter::new(settings.rate_limit_per_second, settings.anonymous_rate_limit_per_second);
    Ok(AppState {
        db,
        verifier,
        settings,
        metrics: Arc::new(Metrics::default()),
        organisations: Default::default(),
        agreements: Default::default(),
        rate_limiter,
        openapi_json: document_json(),
        allowed_methods: crate::routes::doc::allowed_methods(),
    })
}

/// 405 with the `Allow` header RFC 9110 asks for, read from the OpenAPI document's path.
async fn method_not_allowed(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    let mut response = ApiError::MethodNotAllowed.error_response();
    let allowed = req.match_pattern().and_then(|pattern| {
        req.app_data::<web::Data<AppState>>().and_then(|state| state.allowed_methods.get(&pattern).cloned())
    });
    if let Some(allow) = allowed.and_then(|a| actix_web::http::header::HeaderValue::from_str(&a).ok()) {
        response.headers_mut().insert(actix_web::http::header::ALLOW, allow);
    }
    response
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

/// A resource whose unmatched methods answer 405 as a problem.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

/// Every route of the service. Unmatched methods on a known path answer 405.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/healthz").get(system::get_health))
        .service(resource("/readyz").get(system::get_readiness))
        .service(resource("/metrics").get(system::get_metrics))
        .service(resource("/docs").get(docs_redirect))
        .service(
            web::scope("/api/v1")
                .service(resource("/openapi.json").get(system::get_openapi_document))
                .service(resource("/me").get(system::get_me))
                .service(resource("/forces").get(forces::list_forces).post(forces::create_force))
                .service(resource("/forces/{id}").get(forces::get_force).patch(forces::update_force))
                .service(resource("/forces/{id}/end").post(forces::end_force))
                .service(
                    resource("/corporations-sole")
                        .get(corporations_sole::list_corporations_sole)
                        .post(corporations_sole::create_corporation_sole),
                )
                .service(
                    resource("/corporations-sole/{id}")
                        .get(corporations_sole::get_corporation_sole)
                        .patch(corporations_sole::update_corporation_sole),
                )
                .service(resource("/corporations-sole/{id}/end").post(corporations_sole::end_corporation_sole))
                .service(
                    resource("/organisations")
                        .get(organisations::list_organisations)
                        .post(organisations::create_organisation),
                )
                .service(
                    resource("/organisations/{id}")
                        .get(organisations::get_organisation)
                        .patch(organisations::update_organisation),
                )
                .service(resource("/organisations/{id}/end").post(organisations::end_organisation))
                .service(resource("/people").get(people::list_people).post(people::create_person))
                .service(resource("/people/{id}").get(people::get_person).patch(people::update_person))
                .service(resource("/posts").get(posts::list_posts).post(posts::create_post))
                .service(resource("/posts/{id}").get(posts::get_post).patch(posts::update_post))
                .service(resource("/posts/{id}/end").post(posts::end_post))
                .service(
                    resource("/appointments")
                        .get(appointments::list_appointments)
                        .post(appointments::create_appointment),
                )
                .service(
                    resource("/appointments/{id}")
                        .get(appointments::get_appointment)
                        .patch(appointments::update_appointment),
                )
                .service(resource("/appointments/{id}/end").post(appointments::end_appointment))
                .service(
                    resource("/collaborations")
                        .get(collaborations::list_collaborations)
                        .post(collaborations::create_collaboration),
                )
                .service(
                    resource("/collaborations/{id}")
                        .get(collaborations::get_collaboration)
                        .patch(collaborations::update_collaboration),
                )
                .service(resource("/collaborations/{id}/end").post(collaborations::end_collaboration))
                .service(resource("/collaborations/{id}/members").post(collaborations::add_collaboration_member))
                .service(
                    resource("/collaborations/{id}/members/{member_id}/end")
                        .post(collaborations::end_collaboration_member),
                )
                .service(
                    resource("/collaboration-agreements")
                        .get(agreements::drafts::list_collaboration_agreements)
                        .post(agreements::drafts::create_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/validation")
                        .post(agreements::drafts::validate_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}")
                        .get(agreements::drafts::get_collaboration_agreement)
                        .patch(agreements::drafts::update_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}/cost-schedule")
                        .get(agreements::drafts::get_collaboration_agreement_cost_schedule),
                )
                .service(
                    resource("/collaboration-agreements/{id}/cost-schedules")
                        .post(agreements::lifecycle::set_collaboration_agreement_cost_schedule),
                )
                .service(
                    resource("/collaboration-agreements/{id}/documents")
                        .post(agreements::lifecycle::attach_collaboration_agreement_document),
                )
                .service(
                    resource("/collaboration-agreements/{id}/milestones")
                        .post(agreements::lifecycle::attach_collaboration_agreement_milestone),
                )
                .service(
                    resource("/collaboration-agreements/{id}/approvals")
                        .post(agreements::lifecycle::approve_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}/signatures")
                        .post(agreements::lifecycle::sign_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}/commencement")
                        .post(agreements::lifecycle::commence_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}/reviews")
                        .post(agreements::lifecycle::review_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}/variations")
                        .post(agreements::lifecycle::vary_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}/withdrawals")
                        .post(agreements::lifecycle::withdraw_collaboration_agreement_party),
                )
                .service(
                    resource("/collaboration-agreements/{id}/termination")
                        .post(agreements::lifecycle::terminate_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}/publications")
                        .post(agreements::lifecycle::publish_collaboration_agreement),
                )
                .service(
                    resource("/collaboration-agreements/{id}/alerts/{alert_id}/resolution")
                        .post(agreements::lifecycle::resolve_collaboration_agreement_alert),
                )
                .service(resource("/functions").get(delegations::list_functions).post(delegations::create_function))
                .service(resource("/functions/{id}").get(delegations::get_function))
                .service(resource("/schemes").get(delegations::list_schemes).post(delegations::create_scheme))
                .service(resource("/schemes/{id}").get(delegations::get_scheme))
                .service(
                    resource("/delegations").get(delegations::list_delegations).post(delegations::create_delegation),
                )
                .service(resource("/delegations/{id}").get(delegations::get_delegation))
                .service(resource("/delegations/{id}/revocation").post(delegations::revoke_delegation))
                .service(
                    resource("/authority-checks")
                        .get(authority::list_authority_checks)
                        .post(authority::check_authority),
                )
                .service(resource("/authority-checks/{id}").get(authority::get_authority_check))
                .service(resource("/events").get(events::list_events))
                .service(resource("/boards").get(boards::list_boards).post(boards::create_board))
                .service(resource("/boards/{id}").get(boards::get_board).patch(boards::update_board))
                .service(resource("/boards/{id}/terms-of-reference").post(boards::add_board_terms_of_reference))
                .service(
                    resource("/boards/{id}/memberships")
                        .get(boards::list_board_memberships)
                        .post(boards::add_board_membership),
                )
                .service(resource("/boards/{id}/memberships/{membership_id}/end").post(boards::end_board_membership))
                .service(resource("/boards/{id}/meetings.ics").get(boards::get_board_calendar))
                .service(
                    resource("/boards/{id}/meetings").get(meetings::list_board_meetings).post(meetings::create_meeting),
                )
                .service(resource("/boards/{id}/decisions").get(decisions::list_board_decisions))
                .service(resource("/meetings/{id}").get(meetings::get_meeting).patch(meetings::update_meeting))
                .service(resource("/meetings/{id}/held").post(meetings::record_meeting_held))
                .service(resource("/meetings/{id}/cancellation").post(meetings::cancel_meeting))
                .service(resource("/meetings/{id}/attendance").post(meetings::add_meeting_attendance))
                .service(resource("/meetings/{id}/agenda-items").post(meetings::add_agenda_item))
                .service(resource("/meetings/{id}/declarations").post(meetings::add_meeting_declaration))
                .service(resource("/meetings/{id}/decisions").post(decisions::create_decision))
                .service(
                    resource("/meetings/{id}/minutes").get(minutes::list_meeting_minutes).post(minutes::create_minutes),
                )
                .service(resource("/meetings/{id}/actions").post(actions::create_action))
                .service(resource("/meetings/{id}/carried-forward-actions").get(actions::list_carried_forward_actions))
                .service(resource("/minutes/{id}").get(minutes::get_minutes).patch(minutes::update_minutes))
                .service(resource("/minutes/{id}/approval").post(minutes::approve_minutes))
                .service(resource("/minutes/{id}/signatures").post(minutes::add_minutes_signature))
                .service(resource("/minutes/{id}/publication").post(minutes::publish_minutes))
                .service(resource("/actions").get(actions::list_actions))
                .service(resource("/actions/{id}").get(actions::get_action))
                .service(resource("/actions/{id}/updates").post(actions::add_action_update))
                .service(resource("/actions/{id}/completion").post(actions::complete_action))
                .service(resource("/actions/{id}/discharge").post(actions::discharge_action))
                .service(
                    resource("/reference-schemes")
                        .get(records_of_decision::list_reference_schemes)
                        .post(records_of_decision::create_reference_scheme),
                )
                .service(
                    resource("/reference-schemes/{id}")
                        .get(records_of_decision::get_reference_scheme)
                        .patch(records_of_decision::update_reference_scheme),
                )
                .service(
                    resource("/records-of-decision")
                        .get(records_of_decision::list_records_of_decision)
                        .post(records_of_decision::create_record_of_decision),
                )
                .service(resource("/records-of-decision/{id}").get(records_of_decision::get_record_of_decision))
                .service(
                    resource("/records-of-decision/{id}/officer-approvals")
                        .post(records_of_decision::add_record_of_decision_officer_approval),
                )
                .service(
                    resource("/records-of-decision/{id}/signatures")
                        .post(records_of_decision::add_record_of_decision_signature),
                )
                .service(
                    resource("/records-of-decision/{id}/publication")
                        .post(records_of_decision::publish_record_of_decision),
                )
                .service(
                    resource("/agenda-items/{id}").get(meetings::get_agenda_item).patch(meetings::update_agenda_item),
                )
                .service(resource("/agenda-items/{id}/papers").post(meetings::add_agenda_paper))
                .service(resource("/decisions/{id}").get(decisions::get_decision))
                .service(resource("/decisions/{id}/approvals").post(decisions::add_decision_approval))
                .service(
                    resource("/webhook-subscriptions")
                        .get(webhooks::list_webhook_subscriptions)
                        .post(webhooks::create_webhook_subscription),
                )
                .service(
                    resource("/webhook-subscriptions/{id}")
                        .get(webhooks::get_webhook_subscription)
                        .patch(webhooks::update_webhook_subscription),
                )
                .service(resource("/webhook-subscriptions/{id}/resumption").post(webhooks::resume_webhook_subscription))
                .service(resource("/webhook-subscriptions/{id}/deliveries").get(webhooks::list_webhook_deliveries))
                .service(
                    resource("/webhook-subscriptions/{id}/deliveries/{delivery_id}/redelivery")
                        .post(webhooks::redeliver_webhook_delivery),
                )
                .service(resource("/audit-events").get(audit::list_audit_events))
                .service(resource("/audit-events/verification").get(audit::verify_audit_chain)),
        );
}

async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect().insert_header(("Location", "/docs/")).finish()
}

/// Binds and starts the server on `listener` (not awaited: the caller runs it).
pub fn serve(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    let workers = state.settings.workers;
    let blocking_threads = (state.settings.pool_size as usize).div_ceil(workers.max(1)).max(2);
    let state = web::Data::new(state);
    crate::webhooks::start(state.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .wrap(Compress::default())
            .wrap(from_fn(crate::edge::edge))
            .configure(routes)
            .service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")))
            .default_service(web::to(not_found))
    })
    .workers(workers)
    // Every blocking task holds or waits for a pooled connection: more threads than connections only
    // queue on the pool's lock (measured: futex wake-ups and RSS grew with the load's concurrency).
    .worker_max_blocking_threads(blocking_threads)
    .listen(listener)?
    .run();
    Ok(server)
}
