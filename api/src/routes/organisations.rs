//! `/api/v1/organisations`: the units of access (OPCCs, forces, joint units, partners).

use actix_web::{web, HttpResponse};
use openapi::registry::{
    EndRequest, NewOrganisation, NewRepointing, Organisation, OrganisationKind, OrganisationList, OrganisationUpdate,
    RepointingList,
};
use persistence::registry::OrganisationFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::organisations;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    pub kind: Option<OrganisationKind>,
    /// Corporation sole id: the organisations serving it.
    pub corporation_sole: Option<uuid::Uuid>,
    /// Case-insensitive text in the name.
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/organisations", operation_id = "list_organisations", tag = "registry",
    summary = "List organisations",
    description = "The organisations people act for: OPCCs, forces, joint units and partner bodies, each with the \
        corporation sole it serves, if any. Public: no token needed.",
    params(OrganisationQuery), responses((status = 200, description = "A page of organisations", body = OrganisationList)))]
pub async fn list_organisations(
    ctx: RequestContext,
    query: QueryParams<OrganisationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = OrganisationFilter {
        kind: query.kind.map(|k| k.as_str().to_string()),
        corporation_sole_id: query.corporation_sole.map(Into::into),
        q: query.q,
    };
    let list =
        ctx.read(move |conn, principal| organisations::list_organisations(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationAsOfQuery {
    /// Show the corporation sole served on this day (read back through later re-pointings); default: now.
    pub as_of: Option<chrono::NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}", operation_id = "get_organisation", tag = "registry",
    summary = "Read one organisation",
    description = "One organisation with its kind, the corporation sole it serves and its dates. With `as_of`, the \
        corporation sole it served on that day. Public: no token needed.",
    params(("id" = uuid::Uuid, Path, description = "Organisation id"), OrganisationAsOfQuery),
    responses((status = 200, description = "The organisation", body = Organisation)))]
pub async fn get_organisation(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<OrganisationAsOfQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let as_of = query.0.as_of;
    let found = ctx.read(move |conn, principal| organisations::get_organisation_on(conn, principal, id, as_of)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}/repointings", operation_id = "list_organisation_repointings", tag = "registry",
    summary = "List an organisation's re-pointings",
    description = "Every dated re-pointing of the organisation to another corporation sole (e.g. an OPCC's staff \
        passing to the successor office), in the order they took effect. Public, as the registry is.",
    params(("id" = uuid::Uuid, Path, description = "Organisation id")),
    responses((status = 200, description = "The re-pointings, oldest first (one page)", body = RepointingList)))]
pub async fn list_organisation_repointings(
    ctx: RequestContext,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let list = ctx.read(move |conn, principal| organisations::list_repointings(conn, principal, id)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/repointings", operation_id = "change_organisation_served_office", tag = "registry",
    summary = "Re-point an organisation to another corporation sole from a day",
    description = "The organisation serves another corporation sole from `effective_on` (an OPCC's staff passing to \
        the successor office on a transfer). The re-pointing is kept (`GET .../repointings`), so the office served \
        on an earlier day is still known (`GET /organisations/{id}?as_of=`). Recorded when it has taken effect \
        (`repointing.future` for a later day: the office served now decides access now), in order \
        (`repointing.order`), to an office existing on that day (R-TM-01) and not the one served \
        (`repointing.same_office`). Needs `If-Match`; audited as `organisation.repoint`.",
    params(("id" = uuid::Uuid, Path, description = "Organisation id")),
    request_body = NewRepointing, responses((status = 200, description = "The organisation, re-pointed", body = Organisation)))]
pub async fn change_organisation_served_office(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewRepointing>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| organisations::repoint_organisation(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/organisations", operation_id = "create_organisation", tag = "registry",
    summary = "Register an organisation",
    description = "Adds an organisation (an OPCC, a force, a joint unit or a partner body), optionally linked to \
        the corporation sole it serves; its staff can then be issued tokens. Platform administrators keep the \
        register; audited as `organisation.created`.",
    request_body = NewOrganisation, responses((status = 201, description = "Created", body = Organisation)))]
pub async fn create_organisation(
    ctx: RequestContext,
    body: JsonBody<NewOrganisation>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| organisations::create_organisation(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/organisations/{id}", operation_id = "update_organisation", tag = "registry",
    summary = "Rename an organisation",
    description = "Changes an organisation's name. Needs `If-Match`; audited as `organisation.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Organisation id")),
    request_body = OrganisationUpdate, responses((status = 200, description = "Updated", body = Organisation)))]
pub async fn update_organisation(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<OrganisationUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| organisations::update_organisation(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/organisations/{id}/end", operation_id = "end_organisation", tag = "registry",
    summary = "Record the last day of an organisation",
    description = "Ends an organisation on the day given. Its tokens are refused (401) after that day; its records \
        and history stay. Audited as `organisation.ended`.",
    params(("id" = uuid::Uuid, Path, description = "Organisation id")),
    request_body = EndRequest, responses((status = 200, description = "Ended", body = Organisation)))]
pub async fn end_organisation(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    let ended =
        ctx.change(move |tx, principal| organisations::end_organisation(tx, principal, id, expected, ends_on)).await;
    // Its tokens stop working after its last day: this replica reads it again now, others within
    // `directory::FRESH_FOR`.
    ctx.state.organisations.forget_all();
    ended
}
