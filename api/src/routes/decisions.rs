//! A board's decision register: numbered per board across meetings (never reused), refused at an
//! inquorate meeting (R-BD-01), agreed only when every required corporation sole approved (R-BD-02).

use actix_web::http::header::ContentType;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::boards::DecisionOutcome;
use openapi::boards::{Decision, DecisionList, NewApproval, NewDecision};
use persistence::boards::DecisionFilter;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, KnownAtQuery, Paging, PagingQuery, QueryParams};
use crate::service::decisions;
use crate::service::history::KeptKind;

#[utoipa::path(get, path = "/api/v1/decisions/{id}", operation_id = "get_decision", tag = "boards",
    summary = "Read one board decision",
    description = "One decision with its number, meeting, outcome, required approvers, approvals and corrections. \
        An exempt decision's subject is hidden from those without exempt access (R-PB-03); outside the board's \
        member organisations only agreed decisions of a public board are found. With `known_at`, the record as the service held it at that instant (R-TM-06), from the state kept with each audited change; 422 `known_at.not_kept` for an instant before its kept history, 404 if it was not yet recorded then.",
    params(("id" = Uuid, Path, description = "Decision id"), KnownAtQuery),
    responses((status = 200, description = "The decision (an exempt one as its shell for non-members)", body = Decision)))]
pub async fn get_decision(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<KnownAtQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    if let Some(at) = query.0.known_at {
        return ctx.known_at(KeptKind::Decision, id, at).await;
    }
    let found = ctx.read(move |conn, principal| decisions::get_decision(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}/decisions", operation_id = "list_meeting_decisions", tag = "boards",
    summary = "List the decisions taken at a meeting",
    description = "The decisions the meeting took, as the board's register shows them to the caller: members see every decision, others the agreed decisions of a public board; exempt subjects only for the roles the board grants (R-PB-03).",
    params(("id" = Uuid, Path, description = "Meeting id"), PagingQuery),
    responses((status = 200, description = "The decisions the meeting took, by number (non-members: agreed decisions of public boards)", body = DecisionList)))]
pub async fn list_meeting_decisions(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<PagingQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let state = ctx.state.clone();
    let list = ctx
        .read(move |conn, principal| {
            decisions::list_meeting_decisions(conn, principal, id, page, Some(&state.decision_pages))
        })
        .await?;
    Ok(HttpResponse::Ok().content_type(ContentType::json()).body(list))
}

/// Narrows a board's decision register (issue 14).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    pub outcome: Option<DecisionOutcome>,
    /// Register numbers from this one (inclusive).
    #[param(minimum = 1)]
    pub number_from: Option<i64>,
    /// Register numbers up to this one (inclusive).
    #[param(minimum = 1)]
    pub number_to: Option<i64>,
    /// The decisions of this meeting.
    pub meeting: Option<Uuid>,
    /// Taken at meetings on or after this day (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Taken at meetings on or before this day (YYYY-MM-DD).
    pub to: Option<NaiveDate>,
    /// Approved by this corporation sole.
    pub approved_by: Option<Uuid>,
}

#[utoipa::path(get, path = "/api/v1/boards/{id}/decisions", operation_id = "list_board_decisions", tag = "boards",
    summary = "Read a board's decision register",
    description = "The board's decision register by number, narrowed by number range, meeting, outcome, meeting dates or approving corporation sole. Members see every decision, others the agreed decisions of a public board; exempt subjects only for the roles the board grants (R-PB-03).",
    params(("id" = Uuid, Path, description = "Board id"), RegisterQuery),
    responses((status = 200, description = "The board's decision register by number (non-members: agreed decisions of public boards)", body = DecisionList)))]
pub async fn list_board_decisions(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<RegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let q = query.0;
    let page = Paging { limit: q.limit, cursor: q.cursor }.request()?;
    for (name, number) in [("number_from", q.number_from), ("number_to", q.number_to)] {
        if number.is_some_and(|n| n < 1) {
            return Err(ApiError::invalid_field(
                format!("/query/{name}"),
                "out_of_range",
                "register numbers start at 1",
            ));
        }
    }
    let filter = DecisionFilter {
        meeting_id: q.meeting.map(Into::into),
        agreed_only: false,
        outcome: q.outcome,
        numbers: (q.number_from, q.number_to),
        meeting_dates: (q.from, q.to),
        approved_by: q.approved_by.map(Into::into),
    };
    let state = ctx.state.clone();
    let list = ctx
        .read(move |conn, principal| {
            decisions::list_board_decisions(conn, principal, id, filter, page, Some(&state.decision_pages))
        })
        .await?;
    Ok(HttpResponse::Ok().content_type(ContentType::json()).body(list))
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", operation_id = "create_decision", tag = "boards",
    summary = "Record a board decision",
    description = "Adds a decision to the board's register under its next number, with its subject, outcome, owner \
        and the corporations sole that must approve it (refused R-BD-02 unless they are among the board's owners). \
        Refused R-BD-01 when the recorded attendance is not quorate, R-PB-02 for an exemption without FOI sections \
        and reason, and R-TM-05 for a historical entry whose citation is incomplete or whose meeting has not yet \
        happened; 409 for a cancelled or void meeting. Audited as `decision.created`.",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewDecision, responses((status = 201, description = "Recorded under the board's next number", body = Decision)))]
pub async fn create_decision(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewDecision>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| decisions::create_decision(tx, principal, id, new)).await
}

#[utoipa::path(post, path = "/api/v1/decisions/{id}/approvals", operation_id = "add_decision_approval", tag = "boards",
    summary = "Record a corporation sole's approval of a decision",
    description = "Records a corporation sole's approval. As an act: by an approver whose token names the person holding the office, or acting under a delegation in force, on `approved_on` (R-TM-02). As a historical entry with `evidence` (R-TM-05): by the board's secretary, citing the published paper, naming the person or only the capacity as the paper does; the dates still hold (R-TM-01).",
    params(("id" = Uuid, Path, description = "Decision id")),
    request_body = NewApproval, responses((status = 201, description = "The decision with the approval; agreed once every required approver approved", body = Decision)))]
pub async fn add_decision_approval(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewApproval>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    let state = ctx.state.clone();
    ctx.create(&body.digest, move |tx, principal| {
        decisions::add_decision_approval(tx, principal, id, new, Some(&state.authority))
    })
    .await
}
