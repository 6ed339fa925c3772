//! `/api/v1/boards`: governance bodies, their names over time, owners, terms of reference, quorum
//! rule and memberships; the board's meeting calendar. Shared helpers for the other board
//! capabilities (meetings, minutes, actions, decisions) live here too: how a board's records are
//! described to the access policy, and who sees exempt content.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use openapi::boards::{
    Board, BoardList, BoardUpdate, Membership, MembershipList, NewBoard, NewMembership, NewOwnerChange,
    NewTermsOfReference,
};
use openapi::registry::EndRequest;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::boards;
use persistence::boards::BoardFilter;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Corporation sole id: boards it owns (`owner` is accepted as the former name).
    #[serde(alias = "owner")]
    pub corporation_sole: Option<Uuid>,
    /// Collaboration id.
    pub collaboration: Option<Uuid>,
    /// Parent board id: its sub-groups.
    pub parent: Option<Uuid>,
    /// Case-insensitive text in the current name.
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/boards", operation_id = "list_boards", tag = "boards",
    summary = "List boards",
    description = "Governance boards (alliance governance groups, programme boards, joint audit committees, \
        holding-to-account meetings) the caller may see: public boards, and the boards of corporations sole the \
        caller's organisation serves.",
    params(BoardQuery), responses((status = 200, description = "A page of the boards visible to the caller", body = BoardList)))]
pub async fn list_boards(ctx: RequestContext, query: QueryParams<BoardQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = BoardFilter {
        owner_corporation_sole_id: query.corporation_sole.map(Into::into),
        collaboration_id: query.collaboration.map(Into::into),
        parent_board_id: query.parent.map(Into::into),
        q: query.q,
    };
    let list = ctx.read(move |conn, principal| boards::list_boards(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BoardAsOfQuery {
    /// Show the owners on this day (read back through later owner changes); default: now.
    pub as_of: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/boards/{id}", operation_id = "get_board", tag = "boards",
    summary = "Read one board",
    description = "One board with its owners, every dated change of its owners, names over time, terms of \
        reference, quorum rule and parent. With `as_of`, `owners` are those on that day.",
    params(("id" = Uuid, Path, description = "Board id"), BoardAsOfQuery),
    responses((status = 200, description = "The board", body = Board)))]
pub async fn get_board(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<BoardAsOfQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let as_of = query.0.as_of;
    let found = ctx.read(move |conn, principal| boards::get_board(conn, principal, id, as_of)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/owner-changes", operation_id = "change_board_owners", tag = "boards",
    summary = "Change a board's owners from a day",
    description = "Records a dated change of the board's owning corporations sole: an owner replaced by its \
        successor office (e.g. a PCC by the mayor taking its functions), an owner added, or one removed, with the \
        day it takes effect and the reason. The change is kept on the board (`owner_changes`), so the owners of any \
        earlier day are still those of that day (the quorum of a past meeting, `GET /boards/{id}?as_of=`). Changes \
        take effect in the order recorded (`owner_change.order`); the office named to cease must own the board, the \
        one to begin must not, and a board keeps one owner. A transfer order's execution records the same change \
        for each board its predecessors own. Needs the board's organisations' update rights and `If-Match`; \
        audited as `board.change_owners`.",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = NewOwnerChange, responses((status = 200, description = "The board with its owners changed", body = Board)))]
pub async fn change_board_owners(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewOwnerChange>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| boards::change_board_owners(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/boards", operation_id = "create_board", tag = "boards",
    summary = "Set up a board",
    description = "Creates a board with its owning corporations sole, optional parent board and collaboration, \
        quorum rule (R-BD-01) and the roles allowed to read exempt business (R-PB-03). Its decision register starts \
        at number 1. Audited as `board.created`.",
    request_body = NewBoard, responses((status = 201, description = "Created", body = Board)))]
pub async fn create_board(ctx: RequestContext, body: JsonBody<NewBoard>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| boards::create_board(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/boards/{id}", operation_id = "update_board", tag = "boards",
    summary = "Rename a board or change its settings",
    description = "Renames the board (keeping its old names), makes it public or not, changes its quorum rule, or replaces the roles granted exempt access (R-PB-03). Needs `If-Match`.",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = BoardUpdate, responses((status = 200, description = "Updated", body = Board)))]
pub async fn update_board(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<BoardUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| boards::update_board(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/terms-of-reference", operation_id = "add_board_terms_of_reference", tag = "boards",
    summary = "Record a version of a board's terms of reference",
    description = "Adds a version of the board's terms of reference (label, title, URI, SHA-256 digest, adoption \
        date); earlier versions are kept. Audited as `board.terms_of_reference_added`.",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = NewTermsOfReference, responses((status = 201, description = "The board with its new terms of reference", body = Board)))]
pub async fn add_board_terms_of_reference(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewTermsOfReference>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| boards::add_board_terms_of_reference(tx, principal, id, new)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MembershipQuery {
    /// Only memberships in effect on this day.
    pub as_of: Option<NaiveDate>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/boards/{id}/memberships", operation_id = "list_board_memberships", tag = "boards",
    summary = "List a board's members",
    description = "Who sits on the board, in which role (chair, member, secretary...), representing which \
        corporation sole and whether voting: all memberships, or those in effect on `as_of`.",
    params(("id" = Uuid, Path, description = "Board id"), MembershipQuery),
    responses((status = 200, description = "The board's memberships (visible with the board: office holders are public)", body = MembershipList)))]
pub async fn list_board_memberships(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<MembershipQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor.clone() }.request()?;
    let as_of = query.0.as_of;
    let list =
        ctx.read(move |conn, principal| boards::list_board_memberships(conn, principal, id, as_of, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/memberships", operation_id = "add_board_membership", tag = "boards",
    summary = "Add a member to a board",
    description = "Appoints a person, or whoever holds a post, to the board from a date, with a role, the \
        corporation sole represented and whether they vote; memberships count towards the quorum (R-BD-01). Refused \
        (`membership.holder`) unless exactly one of person and post is given.",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = NewMembership, responses((status = 201, description = "Created", body = Membership)))]
pub async fn add_board_membership(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMembership>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| boards::add_board_membership(tx, principal, id, new)).await
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/memberships/{membership_id}/end", operation_id = "end_board_membership", tag = "boards",
    summary = "End a board membership",
    description = "Records the last day of a membership; the member no longer counts towards the quorum of later \
        meetings. Needs `If-Match` with the membership's version; audited as `board_membership.ended`.",
    params(("id" = Uuid, Path, description = "Board id"), ("membership_id" = Uuid, Path, description = "Membership id")),
    request_body = EndRequest, responses((status = 200, description = "Ended", body = Membership)))]
pub async fn end_board_membership(
    ctx: RequestContext,
    path: web::Path<(String, String)>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, membership_id) = path.into_inner();
    let (id, membership_id) = (path_id(&id)?, path_id(&membership_id)?);
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    ctx.change(move |tx, principal| boards::end_board_membership(tx, principal, id, membership_id, expected, ends_on))
        .await
}

#[utoipa::path(get, path = "/api/v1/boards/{id}/meetings.ics", operation_id = "get_board_calendar", tag = "boards",
    summary = "Subscribe to a board's meetings as a calendar",
    description = "The board's meetings as an iCalendar (RFC 5545) feed for Outlook or other calendar software, \
        with cancelled meetings marked as cancelled and meetings without a recorded start time as all-day events.",
    params(("id" = Uuid, Path, description = "Board id")),
    responses((status = 200, description = "The board's meetings as iCalendar (RFC 5545), times in Europe/London",
        content_type = "text/calendar", body = String)))]
pub async fn get_board_calendar(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let body = ctx.read(move |conn, principal| boards::get_board_calendar(conn, principal, id)).await?;
    let tag = format!("\"{}\"", &domain::audit::state_digest(body.as_bytes())[..32]);
    if ctx.if_none_match_names(&tag) {
        return Ok(HttpResponse::NotModified().insert_header((actix_web::http::header::ETAG, tag)).finish());
    }
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((actix_web::http::header::ETAG, tag))
        .body(body))
}
