//! `/api/v1/collaborations`: alliances and programmes, with their member corporations sole over time.
//! Membership is part of the collaboration: adding or ending a member moves its version.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use openapi::registry::{
    Collaboration, CollaborationList, CollaborationUpdate, EndRequest, NewCollaboration, NewCollaborationMember,
};
use persistence::registry::CollaborationFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::collaborations;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CollaborationQuery {
    /// Only collaborations in effect on this day (YYYY-MM-DD); `members` then lists that day's members.
    pub as_of: Option<NaiveDate>,
    /// Corporation sole id: collaborations it is or was a member of (`member` is accepted as the
    /// former name).
    #[serde(alias = "member")]
    pub corporation_sole: Option<uuid::Uuid>,
    /// Case-insensitive text in the name.
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// Members in effect on this day (YYYY-MM-DD); without it, the whole membership history.
    pub as_of: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/collaborations", operation_id = "list_collaborations", tag = "registry",
    summary = "List collaborations and alliances",
    description = "Named groupings of corporations sole, such as the West Mercia and Warwickshire Alliance or the \
        BCH Strategic Alliance, with their members over time. Public: no token needed.",
    params(CollaborationQuery), responses((status = 200, description = "A page of collaborations", body = CollaborationList)))]
pub async fn list_collaborations(
    ctx: RequestContext,
    query: QueryParams<CollaborationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let as_of = query.as_of;
    let filter =
        CollaborationFilter { as_of, member_corporation_sole_id: query.corporation_sole.map(Into::into), q: query.q };
    let list = ctx
        .read(move |conn, principal| collaborations::list_collaborations(conn, principal, page, filter, as_of))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/collaborations/{id}", operation_id = "get_collaboration", tag = "registry",
    summary = "Read one collaboration",
    description = "One collaboration with its members: those in effect on `as_of`, or the whole membership history \
        without it.",
    params(("id" = uuid::Uuid, Path, description = "Collaboration id"), AsOfQuery),
    responses((status = 200, description = "The collaboration with its members", body = Collaboration)))]
pub async fn get_collaboration(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<AsOfQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let as_of = query.0.as_of;
    let found = ctx.read(move |conn, principal| collaborations::get_collaboration(conn, principal, id, as_of)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/collaborations", operation_id = "create_collaboration", tag = "registry",
    summary = "Register a collaboration or alliance",
    description = "Adds a collaboration (alliance or programme) with its start date; boards, agreements and \
        delegations can then refer to it. Platform administrators keep the register; audited as \
        `collaboration.created`.",
    request_body = NewCollaboration, responses((status = 201, description = "Created", body = Collaboration)))]
pub async fn create_collaboration(
    ctx: RequestContext,
    body: JsonBody<NewCollaboration>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| collaborations::create_collaboration(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/collaborations/{id}", operation_id = "update_collaboration", tag = "registry",
    summary = "Rename a collaboration or change its description",
    description = "Changes a collaboration's name or description. Needs `If-Match`; audited as \
        `collaboration.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Collaboration id")),
    request_body = CollaborationUpdate, responses((status = 200, description = "Updated", body = Collaboration)))]
pub async fn update_collaboration(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<CollaborationUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| collaborations::update_collaboration(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/collaborations/{id}/end", operation_id = "end_collaboration", tag = "registry",
    summary = "Record the last day of a collaboration",
    description = "Ends a collaboration (e.g. when an alliance separates). Delegations made under it stop having \
        effect after that day (R-DL-06), as authority checks then show. Needs `If-Match`; audited as \
        `collaboration.ended`.",
    params(("id" = uuid::Uuid, Path, description = "Collaboration id")),
    request_body = EndRequest, responses((status = 200, description = "Ended", body = Collaboration)))]
pub async fn end_collaboration(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    ctx.change(move |tx, principal| collaborations::end_collaboration(tx, principal, id, expected, ends_on)).await
}

#[utoipa::path(post, path = "/api/v1/collaborations/{id}/members", operation_id = "add_collaboration_member", tag = "registry",
    summary = "Add a corporation sole to a collaboration",
    description = "Records that a corporation sole joins a collaboration from a date. Refused \
        (`membership.overlap`) when it is already a member on those dates. Audited as `collaboration.member_added`.",
    params(("id" = uuid::Uuid, Path, description = "Collaboration id")),
    request_body = NewCollaborationMember, responses((status = 201, description = "The collaboration with the new member", body = Collaboration)))]
pub async fn add_collaboration_member(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewCollaborationMember>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| collaborations::add_collaboration_member(tx, principal, id, new))
        .await
}

#[utoipa::path(post, path = "/api/v1/collaborations/{id}/members/{member_id}/end", operation_id = "end_collaboration_member", tag = "registry",
    summary = "Record a corporation sole leaving a collaboration",
    description = "Records the last day a member belongs to the collaboration; delegations it made under the \
        collaboration lapse then (R-DL-06). Needs `If-Match` with the collaboration's version; audited as \
        `collaboration.member_ended`.",
    params(("id" = uuid::Uuid, Path, description = "Collaboration id"), ("member_id" = uuid::Uuid, Path, description = "Membership id")),
    request_body = EndRequest, responses((status = 200, description = "The collaboration after the member left", body = Collaboration)))]
pub async fn end_collaboration_member(
    ctx: RequestContext,
    path: web::Path<(String, String)>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, member_id) = path.into_inner();
    let (id, member_id) = (path_id(&id)?, path_id(&member_id)?);
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    ctx.change(move |tx, principal| {
        collaborations::end_collaboration_member(tx, principal, id, member_id, expected, ends_on)
    })
    .await
}
