//! `/api/v1/audit-events`: the append-only, hash-chained record of every change.

use actix_web::HttpResponse;
use domain::access::{authorize_chain_verification, list_scope, ResourceKind};
use openapi::audit::{AuditEventList, AuditVerification, BrokenLink};
use persistence::audit::{self, AuditFilter};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::convert;
use crate::error::ApiError;
use crate::extract::{encode_cursor, page_limit, QueryParams};

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
    params(AuditQuery),
    responses((status = 200, description = "Events in chain order: all for system_admin, the own organisation's for org_admin", body = AuditEventList)))]
pub async fn list_audit_events(ctx: RequestContext, query: QueryParams<AuditQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let after = match query.cursor.as_deref() {
        None => None,
        Some(text) => {
            Some(crate::extract::decode_cursor(Some(text))?.filter(|c| c.0.parse::<i64>().is_ok()).ok_or_else(
                || ApiError::invalid_field("/query/cursor", "invalid", "cursor is not one this service issued"),
            )?)
        }
    };
    let filter = AuditFilter { resource_type: query.resource_type, resource_id: query.resource_id, actor: query.actor };
    let list = ctx
        .read(move |conn, principal| {
            let scope = list_scope(principal, ResourceKind::AuditEvent)?;
            let page = audit::list(conn, scope, &filter, after.as_ref(), limit)?;
            Ok(AuditEventList {
                items: page.items.into_iter().map(convert::audit_event).collect(),
                next_cursor: encode_cursor(page.next_cursor),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/audit-events/verification", operation_id = "verify_audit_chain", tag = "audit",
    responses((status = 200, description = "The result of recomputing the whole chain (system_admin)", body = AuditVerification)))]
pub async fn verify_audit_chain(ctx: RequestContext) -> Result<HttpResponse, ApiError> {
    let result = ctx
        .read(move |conn, principal| {
            authorize_chain_verification(principal)?;
            let verification = audit::verify(conn)?;
            Ok(AuditVerification {
                valid: verification.first_broken.is_none(),
                events_checked: verification.events_checked,
                head_sequence: verification.head_sequence,
                first_broken_link: verification.first_broken.map(|b| BrokenLink {
                    sequence: b.sequence,
                    event_id: b.event_id,
                    reason: b.reason.to_string(),
                }),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}
