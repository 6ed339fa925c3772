//! `/api/v1/corporations-sole`: policing bodies and chief officers, each a legal person.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use openapi::registry::{
    CorporationSole, CorporationSoleKind, CorporationSoleList, CorporationSoleUpdate, EndRequest, NewCorporationSole,
};
use persistence::registry::CorporationSoleFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::corporations_sole;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CorporationSoleQuery {
    pub kind: Option<CorporationSoleKind>,
    /// Force id: offices covering that force's area.
    pub force: Option<uuid::Uuid>,
    /// Only offices in existence on this day (YYYY-MM-DD).
    pub as_of: Option<NaiveDate>,
    /// Case-insensitive text in the name.
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/corporations-sole", operation_id = "list_corporations_sole", tag = "registry",
    summary = "List corporations sole (PCCs and chief constables)",
    description = "The offices that are legal persons: policing bodies (PCC, PFCC, mayor with PCC functions) and \
        chief officers, filtered by kind, force or date (`as_of`). Public: no token needed.",
    params(CorporationSoleQuery), responses((status = 200, description = "A page of corporations sole", body = CorporationSoleList)))]
pub async fn list_corporations_sole(
    ctx: RequestContext,
    query: QueryParams<CorporationSoleQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = CorporationSoleFilter {
        kind: query.kind.map(|k| k.as_str().to_string()),
        force_id: query.force.map(Into::into),
        as_of: query.as_of,
        q: query.q,
    };
    let list = ctx
        .read(move |conn, principal| corporations_sole::list_corporations_sole(conn, principal, page, filter))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/corporations-sole/{id}", operation_id = "get_corporation_sole", tag = "registry",
    summary = "Read one corporation sole",
    description = "One office with its kind, force and the dates it existed. Public: no token needed.",
    params(("id" = uuid::Uuid, Path, description = "Corporation sole id")),
    responses((status = 200, description = "The corporation sole", body = CorporationSole)))]
pub async fn get_corporation_sole(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| corporations_sole::get_corporation_sole(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/corporations-sole", operation_id = "create_corporation_sole", tag = "registry",
    summary = "Register a corporation sole",
    description = "Adds an office such as a Police and Crime Commissioner or a chief constable, with its kind, its \
        force and the day it came into being. Platform administrators keep the register; audited as \
        `corporation_sole.created`.",
    request_body = NewCorporationSole, responses((status = 201, description = "Created", body = CorporationSole)))]
pub async fn create_corporation_sole(
    ctx: RequestContext,
    body: JsonBody<NewCorporationSole>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| corporations_sole::create_corporation_sole(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/corporations-sole/{id}", operation_id = "update_corporation_sole", tag = "registry",
    summary = "Rename a corporation sole or change its kind",
    description = "Changes an office's name or kind (a PCC taking fire functions becomes a PFCC) while keeping its \
        identity and history. Needs `If-Match`; audited as `corporation_sole.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Corporation sole id")),
    request_body = CorporationSoleUpdate, responses((status = 200, description = "Updated", body = CorporationSole)))]
pub async fn update_corporation_sole(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<CorporationSoleUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| corporations_sole::update_corporation_sole(tx, principal, id, expected, patch))
        .await
}

#[utoipa::path(post, path = "/api/v1/corporations-sole/{id}/end", operation_id = "end_corporation_sole", tag = "registry",
    summary = "Record the last day of a corporation sole",
    description = "Ends an office on the day given. Its holder's appointment and the deputies serving it end the \
        same day (R-SU-02, R-DL-06), and every agreement it is a party to gets an alert that it must cease to be a \
        party (R-CA-10). Each of those changes is audited and published to the change feed; no act for the office \
        is accepted after that day (R-TM-01).",
    params(("id" = uuid::Uuid, Path, description = "Corporation sole id")),
    request_body = EndRequest, responses((status = 200, description = "Ended", body = CorporationSole)))]
pub async fn end_corporation_sole(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    ctx.change(move |tx, principal| corporations_sole::end_corporation_sole(tx, principal, id, expected, ends_on)).await
}
