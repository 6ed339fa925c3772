//! Service endpoints: the caller (`/api/v1/me`), health, readiness, metrics and the OpenAPI document.

use actix_web::{web, HttpResponse};
use domain::access::effective_permissions;
use openapi::system::{Health, Me, Permission};

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "service",
    summary = "Show who the service thinks you are",
    description = "The caller as the service understands the bearer token: organisation, roles, the person acting \
        where the token names one, and what those roles permit. Use it to check a token before acting for a \
        corporation sole; without a token it answers `authenticated: false`.",
    responses((status = 200, description = "The principal as the service understands it", body = Me)))]
pub async fn get_me(ctx: RequestContext) -> Result<HttpResponse, ApiError> {
    let principal = &ctx.principal;
    let me = Me {
        authenticated: !principal.is_anonymous(),
        subject: principal.subject.clone(),
        organisation_id: principal.organisation_id,
        organisation_slug: principal.organisation_slug.clone(),
        roles: principal.roles.clone(),
        person_id: principal.person_id,
        permissions: effective_permissions(principal)
            .into_iter()
            .map(|(kind, action, scope)| Permission {
                resource: kind.as_str().to_string(),
                action: format!("{action:?}").to_lowercase(),
                scope: scope.to_string(),
            })
            .collect(),
    };
    Ok(HttpResponse::Ok().json(me))
}

#[utoipa::path(get, path = "/healthz", operation_id = "get_health", tag = "service",
    summary = "Check that the service is running",
    description = "Liveness probe for the hosting platform: answers 200 while the process is up, without touching \
        the database. Nothing is recorded.",
    responses((status = 200, description = "The process is alive", body = Health)))]
pub async fn get_health() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok".into(), detail: None })
}

#[utoipa::path(get, path = "/readyz", operation_id = "get_readiness", tag = "service",
    summary = "Check that the service can take requests",
    description = "Readiness probe for the hosting platform: 200 once the database is reachable and its migrations \
        are applied, 503 otherwise, so a load balancer sends no traffic to a replica that cannot answer.",
    responses(
        (status = 200, description = "The database is reachable and migrated", body = Health),
        (status = 503, description = "Not ready", body = Health),
    ))]
pub async fn get_readiness(state: web::Data<AppState>) -> HttpResponse {
    let db = state.db.clone();
    let outcome = web::block(move || db.is_ready()).await;
    match outcome {
        Ok(Ok(true)) => HttpResponse::Ok().json(Health { status: "ok".into(), detail: None }),
        Ok(Ok(false)) => HttpResponse::ServiceUnavailable()
            .json(Health { status: "unavailable".into(), detail: Some("migrations are pending".into()) }),
        Ok(Err(e)) => HttpResponse::ServiceUnavailable()
            .json(Health { status: "unavailable".into(), detail: Some(e.to_string()) }),
        Err(e) => HttpResponse::ServiceUnavailable()
            .json(Health { status: "unavailable".into(), detail: Some(e.to_string()) }),
    }
}

#[utoipa::path(get, path = "/metrics", operation_id = "get_metrics", tag = "service",
    summary = "Read the service's operational metrics",
    description = "Request counts by status class, response times and requests in flight, in Prometheus text \
        format, for the operator's monitoring. It holds no governance records.",
    responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain")))]
pub async fn get_metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(state.metrics.render())
}

#[utoipa::path(get, path = "/api/v1/openapi.json", operation_id = "get_openapi_document", tag = "service",
    summary = "Download this API description",
    description = "This OpenAPI 3.1 document, the contract client generators and integrators build from (also \
        committed as `openapi/openapi.json`). Every operation in it says who may call it.",
    responses((status = 200, description = "This OpenAPI 3.1 document", body = Object)))]
pub async fn get_openapi_document() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(super::doc::COMMITTED_DOCUMENT.trim_end())
}
