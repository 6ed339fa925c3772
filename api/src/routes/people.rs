//! `/api/v1/people`: people who hold or held posts and offices (names only).

use actix_web::{web, HttpResponse};
use openapi::registry::{NewPerson, Person, PersonList, PersonUpdate};
use persistence::registry::PersonFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::people;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PersonQuery {
    /// Case-insensitive text in the full name.
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/people", operation_id = "list_people", tag = "registry",
    summary = "List people",
    description = "People who hold or held posts and offices, by name only (no contact details are kept). Names of \
        office holders and of holders of public posts are public; anonymous callers see only those (staff in \
        posts their organisation does not publish are shown to signed-in callers only).",
    params(PersonQuery), responses((status = 200, description = "A page of people", body = PersonList)))]
pub async fn list_people(ctx: RequestContext, query: QueryParams<PersonQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = PersonFilter { q: query.q };
    let list = ctx.read(move |conn, principal| people::list_people(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/people/{id}", operation_id = "get_person", tag = "registry",
    summary = "Read one person",
    description = "One person's name and the organisation that maintains their record. Anonymous callers see \
        only people who hold or held an office or a public post (404 for anyone else).",
    params(("id" = uuid::Uuid, Path, description = "Person id")),
    responses((status = 200, description = "The person", body = Person)))]
pub async fn get_person(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| people::get_person(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/people", operation_id = "create_person", tag = "registry",
    summary = "Add a person to your organisation's records",
    description = "Registers a person, maintained by the caller's organisation, so that they can be appointed to \
        posts, named as board members or recorded as acting for an office. Only the full name is stored. Audited as \
        `person.created`.",
    request_body = NewPerson, responses((status = 201, description = "Created; managed by the caller's organisation", body = Person)))]
pub async fn create_person(ctx: RequestContext, body: JsonBody<NewPerson>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| people::create_person(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/people/{id}", operation_id = "update_person", tag = "registry",
    summary = "Correct a person's name",
    description = "Changes the full name of a person your organisation maintains. Needs `If-Match`; audited as \
        `person.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Person id")),
    request_body = PersonUpdate, responses((status = 200, description = "Updated", body = Person)))]
pub async fn update_person(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<PersonUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| people::update_person(tx, principal, id, expected, patch)).await
}
