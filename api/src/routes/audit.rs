//! `/api/v1/audit-events`: the append-only, hash-chained record of every change.

use actix_web::HttpResponse;
use openapi::audit::{AuditEventList, AuditVerification};
use persistence::audit::AuditFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{page_limit, QueryParams};
use crate::service::audit;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// e.g. `post`, `appointment`.
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    /// Token subject of the actor.
    pub actor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/audit-events", operation_id = "list_audit_events", tag = "audit",
    summary = "Read the audit log",
    description = "The hash-chained audit log in chain order: every change with who made it, when, and to which \
        record. Platform administrators see all of it; an organisation's `org_admin` sees its own organisation's \
        part.",
    params(AuditQuery),
    responses((status = 200, description = "Events in chain order: all for system_admin, the own organisation's for org_admin", body = AuditEventList)))]
pub async fn list_audit_events(ctx: RequestContext, query: QueryParams<AuditQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let after = crate::extract::decode_cursor(query.cursor.as_deref())?;
    let filter = AuditFilter { resource_type: query.resource_type, resource_id: query.resource_id, actor: query.actor };
    let list = ctx.read(move |conn, principal| audit::list_audit_events(conn, principal, limit, after, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/audit-events/verification", operation_id = "verify_audit_chain", tag = "audit",
    summary = "Check that the audit log has not been altered",
    description = "Recomputes the whole hash chain and reports how many events were checked and whether each still \
        links to the one before it, naming the first broken link if any: evidence that no change was quietly \
        altered or removed.",
    responses((status = 200, description = "The result of recomputing the whole chain (system_admin)", body = AuditVerification)))]
pub async fn verify_audit_chain(ctx: RequestContext) -> Result<HttpResponse, ApiError> {
    let result = ctx.read(audit::verify_audit_chain).await?;
    Ok(HttpResponse::Ok().json(result))
}
