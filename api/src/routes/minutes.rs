//! Minutes of a meeting (R-BD-03): `draft` -> `approved` at a later meeting of the same board ->
//! `signed` by the chair or both co-chairs -> `published`. Approved minutes never change; a
//! correction is a new revision that goes through the same steps.

use actix_web::{web, HttpResponse};
use openapi::boards::{
    Minutes, MinutesApproval, MinutesList, MinutesUpdate, NewMinutes, NewMinutesSignature, Publication,
};

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, KnownAtQuery, Paging, PagingQuery, QueryParams};
use crate::service::history::KeptKind;
use crate::service::minutes;

#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes", operation_id = "list_meeting_minutes", tag = "boards",
    summary = "List the minutes of a meeting",
    description = "Every revision of the meeting's minutes for the board's member organisations; published minutes \
        only for everyone else. Exempt entries are shown as their shell to those without exempt access (R-PB-03).",
    params(("id" = uuid::Uuid, Path, description = "Meeting id"), PagingQuery),
    responses((status = 200, description = "Every revision the caller may see (non-members: published ones), by revision", body = MinutesList)))]
pub async fn list_meeting_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<PagingQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list = ctx.read(move |conn, principal| minutes::list_meeting_minutes(conn, principal, id, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes", operation_id = "create_minutes", tag = "boards",
    summary = "Draft the minutes of a meeting",
    description = "Starts a new draft revision of the minutes of a held meeting with its entries. 409 when the \
        meeting has not been held or a draft already exists (edit that instead). Audited as `minutes.created`.",
    params(("id" = uuid::Uuid, Path, description = "Meeting id")),
    request_body = NewMinutes, responses((status = 201, description = "Draft minutes (a correction when earlier minutes are approved)", body = Minutes)))]
pub async fn create_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMinutes>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| minutes::create_minutes(tx, principal, id, new)).await
}

#[utoipa::path(get, path = "/api/v1/minutes/{id}", operation_id = "get_minutes", tag = "boards",
    summary = "Read one revision of minutes",
    description = "One revision of minutes with its entries, status, approval, signatures and publication. Drafts \
        are for the board's member organisations. With `known_at`, the record as the service held it at that instant (R-TM-06), from the state kept with each audited change; 422 `known_at.not_kept` for an instant before its kept history, 404 if it was not yet recorded then.",
    params(("id" = uuid::Uuid, Path, description = "Minutes id"), KnownAtQuery),
    responses((status = 200, description = "The minutes (exempt items as their shell for non-members)", body = Minutes)))]
pub async fn get_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<KnownAtQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    if let Some(at) = query.0.known_at {
        return ctx.known_at(KeptKind::Minutes, id, at).await;
    }
    let found = ctx.read(move |conn, principal| minutes::get_minutes(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(patch, path = "/api/v1/minutes/{id}", operation_id = "update_minutes", tag = "boards",
    summary = "Edit draft minutes",
    description = "Replaces the entries of draft minutes. Approved minutes never change (409): a correction is a \
        new revision (R-BD-03). Needs `If-Match`; audited as `minutes.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    request_body = MinutesUpdate, responses((status = 200, description = "Updated (drafts only)", body = Minutes)))]
pub async fn update_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MinutesUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| minutes::update_minutes(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/minutes/{id}/approval", operation_id = "approve_minutes", tag = "boards",
    summary = "Record the approval of minutes at a later meeting",
    description = "Records that the minutes were approved, with any amendments, at a later held and quorate meeting \
        of the same board (refused R-BD-03 otherwise; R-BD-01 for the quorum). The minutes become `approved` and \
        can no longer be edited. 409 unless they are a draft; needs `If-Match`; audited as `minutes.approved`.",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    request_body = MinutesApproval, responses((status = 200, description = "Approved at a later meeting; no longer editable", body = Minutes)))]
pub async fn approve_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MinutesApproval>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let approval = body.value;
    ctx.change(move |tx, principal| minutes::approve_minutes(tx, principal, id, expected, approval)).await
}

#[utoipa::path(post, path = "/api/v1/minutes/{id}/signatures", operation_id = "add_minutes_signature", tag = "boards",
    summary = "Record the chair's signature of minutes",
    description = "Records the signature of the meeting's chair or of one co-chair on approved minutes (refused \
        R-BD-03 for anyone else or a second signature by the same chair). The minutes become `signed` once every \
        chair has signed. 409 unless approved; audited as `minutes.signed`.",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    request_body = NewMinutesSignature, responses((status = 201, description = "The minutes; signed once the chair or both co-chairs signed", body = Minutes)))]
pub async fn add_minutes_signature(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMinutesSignature>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| minutes::add_minutes_signature(tx, principal, id, new)).await
}

#[utoipa::path(post, path = "/api/v1/minutes/{id}/publication", operation_id = "publish_minutes", tag = "boards",
    summary = "Record the publication of signed minutes",
    description = "Records the date and URL where signed minutes were published; they become `published` and \
        readable by everyone (exempt entries stay as their shell, R-PB-03). 409 unless signed. Needs `If-Match`; \
        audited as `minutes.published`.",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    request_body = Publication, responses((status = 200, description = "Published", body = Minutes)))]
pub async fn publish_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<Publication>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let publication = body.value;
    ctx.change(move |tx, principal| minutes::publish_minutes(tx, principal, id, expected, publication)).await
}
