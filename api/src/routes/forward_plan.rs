//! The forward plan of key decisions (issue 18): entries of what a corporation sole, or a board it
//! owns, intends to decide and when; published, their dates' slips kept, closed by the record that
//! took the decision or withdrawn; the overdue and slipped reports, and an iCalendar feed.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::boards::ForwardPlanStatus;
use openapi::forward_plan::{
    ForwardPlanClosure, ForwardPlanEntry, ForwardPlanEntryList, ForwardPlanEntryUpdate, ForwardPlanPublication,
    ForwardPlanWithdrawal, NewForwardPlanEntry,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::forward_plan::{self, ListRequest};
use persistence::forward_plan::ForwardPlanFilter;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ForwardPlanQuery {
    /// `draft`, `published`, `closed` or `withdrawn` (drafts are seen only by the deciders' organisations).
    pub status: Option<ForwardPlanStatus>,
    /// A deciding corporation sole id.
    pub corporation_sole: Option<Uuid>,
    /// The board that takes the decision.
    pub board: Option<Uuid>,
    /// true: the overdue report (published, not closed, intended before `as_of`); false: the others.
    pub overdue: Option<bool>,
    /// The day the overdue report (and each entry's `overdue`) is judged on (YYYY-MM-DD); today by default.
    pub as_of: Option<NaiveDate>,
    /// true: the slipped report (intended later than first published); false: the others.
    pub slipped: Option<bool>,
    /// Intended on or after this day (YYYY-MM-DD).
    pub intended_from: Option<NaiveDate>,
    /// Intended on or before this day (YYYY-MM-DD).
    pub intended_to: Option<NaiveDate>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/forward-plan", operation_id = "list_forward_plan_entries", tag = "boards",
    summary = "List the forward plan of key decisions",
    description = "Entries of the forward plan: published ones (and those closed or withdrawn after publication) for \
        everyone, drafts for the organisations serving the deciders. Exempt entries show their subject and date; \
        their details only to secretaries and approvers serving a decider. Filter by status, deciding corporation \
        sole, board, the overdue report as at a day (`overdue=true&as_of=`), the slipped report (`slipped=true`) \
        and the intended dates.",
    params(ForwardPlanQuery), responses(
        (status = 200, description = "Entries in id order", body = ForwardPlanEntryList),
        (status = 422, description = "`intended_to` is before `intended_from` (`out_of_range`)", body = openapi::Problem, content_type = "application/problem+json")))]
pub async fn list_forward_plan_entries(
    ctx: RequestContext,
    query: QueryParams<ForwardPlanQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let request = ListRequest {
        filter: ForwardPlanFilter {
            status: query.status,
            corporation_sole_id: query.corporation_sole.map(Into::into),
            board_id: query.board.map(Into::into),
            slipped: query.slipped,
            intended: (query.intended_from, query.intended_to),
            ..ForwardPlanFilter::default()
        },
        overdue: query.overdue,
        as_of: query.as_of,
    };
    let list = ctx
        .read(move |conn, principal| forward_plan::list_forward_plan_entries(conn, principal, page, request))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// Only the entries this corporation sole decides.
    pub corporation_sole: Option<Uuid>,
}

#[utoipa::path(get, path = "/api/v1/forward-plan.ics", operation_id = "get_forward_plan_calendar", tag = "boards",
    summary = "Subscribe to the intended dates of key decisions",
    description = "The published entries of the forward plan the caller may see, as an iCalendar (RFC 5545) feed of \
        all-day events on their intended dates (withdrawn entries cancelled), for Outlook or other calendar \
        software. Open to everyone; an exempt entry shows its subject only.",
    params(CalendarQuery),
    responses((status = 200, description = "Intended decision dates as iCalendar (RFC 5545)",
        content_type = "text/calendar", body = String)))]
pub async fn get_forward_plan_calendar(
    ctx: RequestContext,
    query: QueryParams<CalendarQuery>,
) -> Result<HttpResponse, ApiError> {
    let corporation_sole = query.0.corporation_sole;
    let body = ctx
        .read(move |conn, principal| forward_plan::get_forward_plan_calendar(conn, principal, corporation_sole))
        .await?;
    let tag = format!("\"{}\"", &domain::audit::state_digest(body.as_bytes())[..32]);
    if ctx.if_none_match_names(&tag) {
        return Ok(HttpResponse::NotModified().insert_header((actix_web::http::header::ETAG, tag)).finish());
    }
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((actix_web::http::header::ETAG, tag))
        .body(body))
}

#[utoipa::path(get, path = "/api/v1/forward-plan/{id}", operation_id = "get_forward_plan_entry", tag = "boards",
    summary = "Read one forward plan entry",
    description = "One entry with its slips and the record that closed it. An exempt entry's summary, consultation, \
        documents and slip reasons are shown only to secretaries and approvers serving a decider; everyone else \
        sees the notice (`redacted: true`).",
    params(("id" = Uuid, Path, description = "Forward plan entry id")),
    responses((status = 200, description = "The entry", body = ForwardPlanEntry)))]
pub async fn get_forward_plan_entry(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| forward_plan::get_forward_plan_entry(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/forward-plan", operation_id = "create_forward_plan_entry", tag = "boards",
    summary = "Draft a forward plan entry",
    description = "Drafts an entry for a key decision one or more corporations sole intend to take: its subject, \
        intended date, whether a board (one a decider owns) or the officer takes it, the consultation, the \
        documents to be considered and whether it is exempt (FOI sections and reason, R-PB-02). For a secretary \
        serving a decider. Audited as `forward_plan_entry.created`.",
    request_body = NewForwardPlanEntry, responses((status = 201, description = "A draft entry", body = ForwardPlanEntry)))]
pub async fn create_forward_plan_entry(
    ctx: RequestContext,
    body: JsonBody<NewForwardPlanEntry>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| forward_plan::create_forward_plan_entry(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/forward-plan/{id}", operation_id = "update_forward_plan_entry", tag = "boards",
    summary = "Change a forward plan entry",
    description = "Changes a draft or published entry's subject, summary, intended date, consultation, documents or \
        exemption. Moving a published entry's intended date needs `reason` (refused `forward_plan.slip_reason`) and \
        is kept as a slip; a closed or withdrawn entry no longer changes (409). For a secretary serving a decider; \
        needs `If-Match`; audited as `forward_plan_entry.updated`.",
    params(("id" = Uuid, Path, description = "Forward plan entry id")),
    request_body = ForwardPlanEntryUpdate, responses((status = 200, description = "The entry as changed", body = ForwardPlanEntry)))]
pub async fn update_forward_plan_entry(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ForwardPlanEntryUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let update = body.value;
    ctx.change(move |tx, principal| forward_plan::update_forward_plan_entry(tx, principal, id, expected, update)).await
}

#[utoipa::path(post, path = "/api/v1/forward-plan/{id}/publication", operation_id = "publish_forward_plan_entry", tag = "boards",
    summary = "Publish a forward plan entry",
    description = "Publishes a draft entry: it becomes public (an exempt one as its notice), and its intended date \
        is the one later slips are measured from. 409 unless a draft. For a secretary serving a decider; needs \
        `If-Match`; audited as `forward_plan_entry.published`.",
    params(("id" = Uuid, Path, description = "Forward plan entry id")),
    request_body = ForwardPlanPublication, responses((status = 200, description = "Published", body = ForwardPlanEntry)))]
pub async fn publish_forward_plan_entry(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ForwardPlanPublication>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let publication = body.value;
    ctx.change(move |tx, principal| forward_plan::publish_forward_plan_entry(tx, principal, id, expected, publication))
        .await
}

#[utoipa::path(post, path = "/api/v1/forward-plan/{id}/closure", operation_id = "close_forward_plan_entry", tag = "boards",
    summary = "Close a forward plan entry by the record that took the decision",
    description = "Closes a published entry by linking the record of decision or board decision that took it: the \
        record must exist and be visible to the caller (else 422 `unknown_reference`) and be by, or for, one of the \
        entry's deciders (refused `forward_plan.closing_record`). 409 unless published (an entry closes once). For a \
        secretary serving a decider; needs `If-Match`; audited as `forward_plan_entry.closed`.",
    params(("id" = Uuid, Path, description = "Forward plan entry id")),
    request_body = ForwardPlanClosure, responses((status = 200, description = "Closed", body = ForwardPlanEntry)))]
pub async fn close_forward_plan_entry(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ForwardPlanClosure>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let closure = body.value;
    ctx.change(move |tx, principal| forward_plan::close_forward_plan_entry(tx, principal, id, expected, closure)).await
}

#[utoipa::path(post, path = "/api/v1/forward-plan/{id}/withdrawal", operation_id = "withdraw_forward_plan_entry", tag = "boards",
    summary = "Withdraw a forward plan entry",
    description = "Withdraws a draft or published entry with the reason (a published one stays public, as \
        withdrawn). 409 once closed or withdrawn. For a secretary serving a decider; needs `If-Match`; audited as \
        `forward_plan_entry.withdrawn`.",
    params(("id" = Uuid, Path, description = "Forward plan entry id")),
    request_body = ForwardPlanWithdrawal, responses((status = 200, description = "Withdrawn", body = ForwardPlanEntry)))]
pub async fn withdraw_forward_plan_entry(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ForwardPlanWithdrawal>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let withdrawal = body.value;
    ctx.change(move |tx, principal| forward_plan::withdraw_forward_plan_entry(tx, principal, id, expected, withdrawal))
        .await
}
