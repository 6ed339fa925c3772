//! `GET /api/v1/events`: the change feed, read from the audit chain in commit order and filtered to
//! what the caller may see of each record now.

use actix_web::HttpResponse;
use openapi::events::ChangeEventList;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{decode_sequence, page_limit, QueryParams};
use crate::service::events;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventQuery {
    /// `next_cursor` of the previous page; without it the feed starts at the beginning.
    pub after: Option<String>,
    /// Comma-separated event types to keep, e.g. `collaboration_agreement.signed,delegation.revoked`.
    pub types: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/events", operation_id = "list_events", tag = "events", params(EventQuery),
    summary = "Read the change feed",
    description = "Every audited change the caller may see, oldest first: the event type (`<resource_type>.<what \
        happened>`, e.g. `collaboration_agreement.signed`), the record's id, its new version and the record as the \
        caller's read shows it now (`resource`). An event is shown exactly when the caller may read its record now; a \
        publication or a change of a board's owners reaches the record's whole history. Every page answers \
        `next_cursor` (the sequence number of the last event it looked at, or the feed's head once nothing more is \
        there for the caller) and `has_more`: pass `next_cursor` as `after` to read on, at once while `has_more` is \
        true, later to poll for new changes. A page looks at no more than 2,000 events the caller might see, so a \
        page may hold fewer than `limit` events while `has_more` is true.",
    responses((status = 200, description = "Changes the caller may see, in commit order", body = ChangeEventList)))]
pub async fn list_events(ctx: RequestContext, query: QueryParams<EventQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let limit = page_limit(query.limit)?;
    let after = decode_sequence(query.after.as_deref())?;
    let types: Vec<String> =
        query.types.unwrap_or_default().split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect();
    let state = ctx.state.clone();
    let page = ctx
        .read(move |conn, principal| events::list_events(conn, principal, after, limit, types, &state.agreements))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
