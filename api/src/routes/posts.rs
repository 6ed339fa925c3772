//! `/api/v1/posts`: roles in organisations, e.g. Chief Executive, Chief Finance Officer.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::registry::StatutoryRole;
use openapi::registry::{EndRequest, NewPost, Post, PostList, PostUpdate};
use persistence::registry::PostFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::posts;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PostQuery {
    /// Organisation id.
    pub organisation: Option<uuid::Uuid>,
    pub statutory_role: Option<StatutoryRole>,
    /// Only posts in existence on this day (YYYY-MM-DD).
    pub as_of: Option<NaiveDate>,
    /// Case-insensitive text in the title.
    pub q: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/posts", operation_id = "list_posts", tag = "registry",
    summary = "List posts",
    description = "Roles in organisations (chief executive, chief finance officer, deputy PCC, ACC and so on) with \
        their statutory roles. Public posts are visible to everyone; internal posts only to their own organisation.",
    params(PostQuery), responses((status = 200, description = "A page of the posts visible to the caller", body = PostList)))]
pub async fn list_posts(ctx: RequestContext, query: QueryParams<PostQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = PostFilter {
        organisation_id: query.organisation.map(Into::into),
        statutory_role: query.statutory_role.map(|r| r.as_str().to_string()),
        as_of: query.as_of,
        q: query.q,
    };
    let list = ctx.read(move |conn, principal| posts::list_posts(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/posts/{id}", operation_id = "get_post", tag = "registry",
    summary = "Read one post",
    description = "One post with its organisation, statutory roles and dates.",
    params(("id" = uuid::Uuid, Path, description = "Post id")),
    responses((status = 200, description = "The post", body = Post)))]
pub async fn get_post(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| posts::get_post(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/posts", operation_id = "create_post", tag = "registry",
    summary = "Create a post in an organisation",
    description = "Adds a role to an organisation, with its statutory roles (monitoring officer, chief finance \
        officer, deputy PCC) and whether only one person may hold it at a time. A post may not be both monitoring \
        officer and chief finance officer (refused R-OR-01). Audited as `post.created`.",
    request_body = NewPost, responses((status = 201, description = "Created", body = Post)))]
pub async fn create_post(ctx: RequestContext, body: JsonBody<NewPost>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| posts::create_post(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/posts/{id}", operation_id = "update_post", tag = "registry",
    summary = "Change a post's title, statutory roles or visibility",
    description = "Changes a post. New statutory roles or a single-holder flag are checked against everyone \
        appointed to the post: refused R-OR-01 when someone would become monitoring officer and chief finance \
        officer at once, R-OR-02 when holders would overlap. Needs `If-Match`; audited as `post.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Post id")),
    request_body = PostUpdate, responses((status = 200, description = "Updated", body = Post)))]
pub async fn update_post(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<PostUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| posts::update_post(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/posts/{id}/end", operation_id = "end_post", tag = "registry",
    summary = "Record the last day of a post",
    description = "Ends a post on the day given (for example when a structure is reorganised); its appointments and \
        history stay. Needs `If-Match`; audited as `post.ended`.",
    params(("id" = uuid::Uuid, Path, description = "Post id")),
    request_body = EndRequest, responses((status = 200, description = "Ended", body = Post)))]
pub async fn end_post(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    ctx.change(move |tx, principal| posts::end_post(tx, principal, id, expected, ends_on)).await
}
