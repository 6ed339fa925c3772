//! `/api/v1/trusted-issuers`: the trust registry of identity providers (issue 16).

use actix_web::{web, HttpResponse};
use openapi::trust::{
    NewPersonLink, NewTrustedIssuer, PersonLink, PersonLinkList, TrustedIssuer, TrustedIssuerList, TrustedIssuerUpdate,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::trusted_issuers;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrustQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// After a change the token path rereads the registry on its next federated token.
fn changed(ctx: &RequestContext, answer: Result<HttpResponse, ApiError>) -> Result<HttpResponse, ApiError> {
    if answer.as_ref().is_ok_and(|r| r.status().is_success()) {
        ctx.state.federation.invalidate();
    }
    answer
}

#[utoipa::path(get, path = "/api/v1/trusted-issuers", operation_id = "list_trusted_issuers", tag = "trust",
    summary = "List trusted identity providers",
    description = "The identity providers whose tokens the service accepts (and those no longer trusted, with \
        `ended_at`), each with its key source, audience, algorithms and claim mapping.",
    params(TrustQuery), responses((status = 200, description = "A page of trusted issuers", body = TrustedIssuerList)))]
pub async fn list_trusted_issuers(
    ctx: RequestContext,
    query: QueryParams<TrustQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list = ctx.read(move |conn, principal| trusted_issuers::list_trusted_issuers(conn, principal, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/trusted-issuers", operation_id = "create_trusted_issuer", tag = "trust",
    summary = "Trust an organisation's identity provider",
    description = "Registers an identity provider (e.g. a force's Microsoft Entra ID tenant): tokens whose `iss` is \
        exactly `issuer` are then verified with the keys at `jwks_url` (or named by `discovery_url`), fetched over \
        HTTPS, with only the listed asymmetric algorithms and the given audience, and mapped to a principal: the \
        organisation by `organisation_claim` and `organisation_map` (or one fixed `organisation_id`; the issuer \
        speaks for no other), roles by `role_map` (unmapped values ignored), the subject by `subject_claim`, a \
        person only through a person link. Refused 422 for an http URL (`trust.insecure_url`), HS* or `none` \
        (`trust.algorithm_refused`), a mapping to system_admin (`trust.role_refused`). Audited as \
        `trusted_issuer.created`.",
    request_body = NewTrustedIssuer, responses((status = 201, description = "Trusted", body = TrustedIssuer)))]
pub async fn create_trusted_issuer(
    ctx: RequestContext,
    body: JsonBody<NewTrustedIssuer>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let answer =
        ctx.create(&body.digest, move |tx, principal| trusted_issuers::create_trusted_issuer(tx, principal, new)).await;
    changed(&ctx, answer)
}

#[utoipa::path(get, path = "/api/v1/trusted-issuers/{id}", operation_id = "get_trusted_issuer", tag = "trust",
    summary = "Read one trusted identity provider",
    description = "One trusted issuer with its key source, audience, algorithms and claim mapping, and its ETag \
        for a later replacement or end.",
    params(("id" = uuid::Uuid, Path, description = "Trusted issuer id")),
    responses((status = 200, description = "The trusted issuer", body = TrustedIssuer)))]
pub async fn get_trusted_issuer(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| trusted_issuers::get_trusted_issuer(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(patch, path = "/api/v1/trusted-issuers/{id}", operation_id = "update_trusted_issuer", tag = "trust",
    summary = "Change a trusted identity provider's registration",
    description = "Changes the key source, audience, algorithms or claim mapping: each field given replaces the \
        stored one, and the result passes the same checks as a new registration. Needs `If-Match`; takes effect \
        for the next token; audited as `trusted_issuer.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Trusted issuer id")),
    request_body = TrustedIssuerUpdate, responses((status = 200, description = "Updated", body = TrustedIssuer)))]
pub async fn update_trusted_issuer(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<TrustedIssuerUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    let answer = ctx
        .change(move |tx, principal| trusted_issuers::update_trusted_issuer(tx, principal, id, expected, patch))
        .await;
    changed(&ctx, answer)
}

#[utoipa::path(post, path = "/api/v1/trusted-issuers/{id}/end", operation_id = "end_trusted_issuer", tag = "trust",
    summary = "Stop trusting an identity provider",
    description = "Ends the trust: the issuer's tokens are refused (401) from the next request on. The record and \
        its person links stay for the audit trail. Needs `If-Match`; audited as `trusted_issuer.ended`.",
    params(("id" = uuid::Uuid, Path, description = "Trusted issuer id")),
    responses((status = 200, description = "Ended", body = TrustedIssuer)))]
pub async fn end_trusted_issuer(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let answer =
        ctx.change(move |tx, principal| trusted_issuers::end_trusted_issuer(tx, principal, id, expected)).await;
    changed(&ctx, answer)
}

#[utoipa::path(get, path = "/api/v1/trusted-issuers/{id}/person-links", operation_id = "list_person_links", tag = "trust",
    summary = "List the people an identity provider's subjects are",
    description = "The subjects of this issuer (values of its subject claim) registered against people: only these \
        tokens act as a person.",
    params(("id" = uuid::Uuid, Path, description = "Trusted issuer id"), TrustQuery),
    responses((status = 200, description = "A page of person links", body = PersonLinkList)))]
pub async fn list_person_links(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<TrustQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list = ctx.read(move |conn, principal| trusted_issuers::list_person_links(conn, principal, id, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/trusted-issuers/{id}/person-links", operation_id = "create_person_link", tag = "trust",
    summary = "Register an identity provider's subject as a person",
    description = "Links one subject of the issuer (e.g. an Entra `oid`) to a person of the register: that \
        subject's tokens then act as the person (for approvals and signatures, which need a named person). A token \
        with no link is a machine client and keeps only the issuer's machine roles. A subject is linked once \
        (409 after). Audited as `trusted_issuer.link_person`.",
    params(("id" = uuid::Uuid, Path, description = "Trusted issuer id")),
    request_body = NewPersonLink, responses((status = 201, description = "Linked", body = PersonLink)))]
pub async fn create_person_link(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewPersonLink>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    let answer = ctx
        .create(&body.digest, move |tx, principal| trusted_issuers::create_person_link(tx, principal, id, new))
        .await;
    changed(&ctx, answer)
}

#[utoipa::path(post, path = "/api/v1/trusted-issuers/{id}/person-links/{link_id}/end", operation_id = "end_person_link", tag = "trust",
    summary = "Stop an identity provider's subject acting as a person",
    description = "Ends a person link (a leaver, or a subject linked in error): from the next request that \
        subject's tokens no longer act as the person, and carry at most the issuer's machine roles. The link stays, \
        ended, for the audit trail; ending is once (409 after), and the subject is not linked again. A change of the \
        issuer's registration: needs `If-Match` with the issuer's version, which it moves. Audited as \
        `trusted_issuer.unlink_person`.",
    params(("id" = uuid::Uuid, Path, description = "Trusted issuer id"), ("link_id" = uuid::Uuid, Path, description = "Person link id")),
    responses((status = 200, description = "Ended", body = PersonLink)))]
pub async fn end_person_link(ctx: RequestContext, path: web::Path<(String, String)>) -> Result<HttpResponse, ApiError> {
    let (id, link_id) = (path_id(&path.0)?, path_id(&path.1)?);
    let expected = ctx.expected_version()?;
    let answer =
        ctx.change(move |tx, principal| trusted_issuers::end_person_link(tx, principal, id, link_id, expected)).await;
    changed(&ctx, answer)
}
