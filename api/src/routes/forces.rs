//! `/api/v1/forces`: police forces (territorial police areas).

use actix_web::{web, HttpResponse};
use openapi::registry::{EndRequest, Force, ForceList, ForceUpdate, NewForce};
use persistence::registry::ForceFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::forces;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ForceQuery {
    /// Case-insensitive text in the name.
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/forces", operation_id = "list_forces", tag = "registry",
    summary = "List police forces",
    description = "The police forces of England and Wales on the register, with their police areas and the dates \
        they existed. Public: no token needed.",
    params(ForceQuery), responses((status = 200, description = "A page of forces", body = ForceList)))]
pub async fn list_forces(ctx: RequestContext, query: QueryParams<ForceQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = ForceFilter { q: query.q };
    let list = ctx.read(move |conn, principal| forces::list_forces(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/forces/{id}", operation_id = "get_force", tag = "registry",
    summary = "Read one police force",
    description = "One force with its police area and dates. Public: no token needed.",
    params(("id" = uuid::Uuid, Path, description = "Force id")),
    responses((status = 200, description = "The force", body = Force)))]
pub async fn get_force(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let force = ctx.read(move |conn, principal| forces::get_force(conn, principal, id)).await?;
    ctx.resource(&force, force.version)
}

#[utoipa::path(post, path = "/api/v1/forces", operation_id = "create_force", tag = "registry",
    summary = "Register a police force",
    description = "Adds a police force and its police area to the register (slug, name, area). Platform \
        administrators keep the register; the new force is audited and appears in the change feed as \
        `force.created`. A slug already in use is refused (409).",
    request_body = NewForce, responses((status = 201, description = "Created", body = Force)))]
pub async fn create_force(ctx: RequestContext, body: JsonBody<NewForce>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| forces::create_force(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/forces/{id}", operation_id = "update_force", tag = "registry",
    summary = "Rename a force or its police area",
    description = "Changes a force's name or police area name. Needs `If-Match` with the version read; the change \
        is audited as `force.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Force id")),
    request_body = ForceUpdate, responses((status = 200, description = "Updated", body = Force)))]
pub async fn update_force(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ForceUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| forces::update_force(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/forces/{id}/end", operation_id = "end_force", tag = "registry",
    summary = "Record the last day of a police force",
    description = "Records the day a force ceased to exist (for example after police areas are merged). The force \
        and its history stay on the register, so records about earlier dates still name it. Needs `If-Match`; \
        audited as `force.ended`.",
    params(("id" = uuid::Uuid, Path, description = "Force id")),
    request_body = EndRequest, responses((status = 200, description = "Ended", body = Force)))]
pub async fn end_force(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    ctx.change(move |tx, principal| forces::end_force(tx, principal, id, expected, ends_on)).await
}
