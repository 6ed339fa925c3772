//! Actions raised at meetings: owners (people or posts), due date, dated updates, `open` ->
//! `completed` | `discharged`, overdue derived. Listed across boards and carried forward per meeting.
//! Actions are working records: only the board's parties (and system administrators) see them.

use actix_web::{web, HttpResponse};
use domain::boards::ActionStatus;
use openapi::boards::{Action, ActionClosure, ActionList, NewAction, NewActionUpdate};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, PagingQuery, QueryParams};
use crate::service::actions;
use crate::service::today;
use persistence::boards::ActionFilter;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActionQuery {
    /// A person or post id among the owners.
    pub owner: Option<Uuid>,
    /// Board id.
    pub board: Option<Uuid>,
    pub status: Option<ActionStatus>,
    /// true: open and past the due date; false: everything else.
    pub overdue: Option<bool>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/actions", operation_id = "list_actions", tag = "boards",
    summary = "List actions across boards",
    description = "Actions raised at meetings of the boards the caller's organisation is party to, and, for \
        everyone, the actions of public boards whose meeting's minutes are published (unless raised under an \
        exempt item), filtered by owner, board, status or whether they are overdue today (open and past their due \
        date, R-TM-04).",
    params(ActionQuery), responses((status = 200, description = "Actions the caller may see", body = ActionList)))]
pub async fn list_actions(ctx: RequestContext, query: QueryParams<ActionQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = ActionFilter {
        owner_id: query.owner,
        board_id: query.board.map(Into::into),
        status: query.status.map(|s| s.as_str().to_string()),
        overdue: query.overdue,
        today: Some(today()),
    };
    let list = ctx.read(move |conn, principal| actions::list_actions(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}/carried-forward-actions", operation_id = "list_carried_forward_actions", tag = "boards",
    summary = "List actions carried forward to a meeting",
    description = "The actions of earlier meetings of the board that were still open on this meeting's date \
        (R-TM-04), overdue or not as at that date: the meeting's matters-arising list.",
    params(("id" = Uuid, Path, description = "Meeting id"), PagingQuery),
    responses((status = 200, description = "Open actions raised at earlier meetings of the board", body = ActionList)))]
pub async fn list_carried_forward_actions(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<PagingQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list =
        ctx.read(move |conn, principal| actions::list_carried_forward_actions(conn, principal, id, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/actions", operation_id = "create_action", tag = "boards",
    summary = "Raise an action at a meeting",
    description = "Records an action raised at the meeting (optionally at one agenda item) with its text, owners \
        (each a person or a post, refused `action.owner` otherwise) and due date. It starts `open` and is carried \
        forward to later meetings until closed. Audited as `action.created`.",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewAction, responses((status = 201, description = "Created", body = Action)))]
pub async fn create_action(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewAction>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| actions::create_action(tx, principal, id, new)).await
}

#[utoipa::path(get, path = "/api/v1/actions/{id}", operation_id = "get_action", tag = "boards",
    summary = "Read one action",
    description = "One action with its owners, due date, dated updates, corrections and status; `overdue` is \
        derived from the due date. The board's members see every action; everyone sees those of a public board \
        once the minutes of their meeting are published, unless raised under an exempt item.",
    params(("id" = Uuid, Path, description = "Action id")),
    responses((status = 200, description = "The action", body = Action)))]
pub async fn get_action(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| actions::get_action(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/actions/{id}/updates", operation_id = "add_action_update", tag = "boards",
    summary = "Add a progress update to an action",
    description = "Records a dated progress note on an action; earlier updates are kept. Audited as \
        `action.update_added`.",
    params(("id" = Uuid, Path, description = "Action id")),
    request_body = NewActionUpdate, responses((status = 201, description = "The action with the dated update", body = Action)))]
pub async fn add_action_update(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewActionUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| actions::add_action_update(tx, principal, id, new)).await
}

#[utoipa::path(post, path = "/api/v1/actions/{id}/completion", operation_id = "complete_action", tag = "boards",
    summary = "Mark an action completed",
    description = "Closes an open action as completed on the date given. 409 unless the action is open. Needs \
        `If-Match`; audited as `action.completed`.",
    params(("id" = Uuid, Path, description = "Action id")),
    request_body = ActionClosure, responses((status = 200, description = "Completed", body = Action)))]
pub async fn complete_action(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ActionClosure>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let closed_on = body.value.closed_on;
    ctx.change(move |tx, principal| {
        actions::close_action(tx, principal, id, expected, ActionStatus::Completed, closed_on)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/actions/{id}/discharge", operation_id = "discharge_action", tag = "boards",
    summary = "Discharge an action",
    description = "Closes an open action as discharged (no longer needed) on the date given. 409 unless the action \
        is open. Needs `If-Match`; audited as `action.discharged`.",
    params(("id" = Uuid, Path, description = "Action id")),
    request_body = ActionClosure, responses((status = 200, description = "Discharged (no longer needed)", body = Action)))]
pub async fn discharge_action(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ActionClosure>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let closed_on = body.value.closed_on;
    ctx.change(move |tx, principal| {
        actions::close_action(tx, principal, id, expected, ActionStatus::Discharged, closed_on)
    })
    .await
}
