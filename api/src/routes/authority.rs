//! `/api/v1/authority-checks`: "may this actor do this, for this amount, on this date, and on whose
//! authority?", and [`require_authority_to_act`], the one entry point approvals and signatures
//! elsewhere use before accepting an act for a corporation sole.
//!
//! Everything is judged as it stood on the day asked: the actor's appointments then, the
//! delegations and consents in force then (dates, revocations, re-adoptions), and the chain of
//! sub-delegations above them. The decision itself is `domain::delegations::decide`.

use actix_web::{web, HttpResponse};
use openapi::delegations::{AuthorityCheck, AuthorityCheckList, AuthorityCheckRequest};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::authority::{self, asked_from};

#[utoipa::path(post, path = "/api/v1/authority-checks", operation_id = "check_authority", tag = "delegations",
    request_body = AuthorityCheckRequest,
    responses(
        (status = 200, description = "The answer (not recorded): allowed, refer or denied, with the chain and reasons", body = AuthorityCheck),
        (status = 201, description = "The answer, recorded (`record: true`) for later audit", body = AuthorityCheck),
    ))]
pub async fn check_authority(
    ctx: RequestContext,
    body: JsonBody<AuthorityCheckRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = body.value;
    let asked = asked_from(&request)?;
    if request.record {
        ctx.create(&body.digest, move |tx, principal| authority::record_authority_check(tx, principal, request, asked))
            .await
    } else {
        let answered =
            ctx.read(move |conn, principal| authority::check_authority(conn, principal, request, asked)).await?;
        Ok(HttpResponse::Ok().json(answered))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuthorityCheckQuery {
    /// Corporation sole id acted for.
    pub corporation_sole: Option<uuid::Uuid>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/authority-checks", operation_id = "list_authority_checks", tag = "delegations",
    params(AuthorityCheckQuery), responses((status = 200, description = "Recorded checks asked by the caller's organisation (all for system admins)", body = AuthorityCheckList)))]
pub async fn list_authority_checks(
    ctx: RequestContext,
    query: QueryParams<AuthorityCheckQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let corporation_sole = query.corporation_sole.map(|c| c.to_string());
    let list = ctx
        .read(move |conn, principal| authority::list_authority_checks(conn, principal, page, corporation_sole))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/authority-checks/{id}", operation_id = "get_authority_check", tag = "delegations",
    params(("id" = uuid::Uuid, Path, description = "Recorded check id")),
    responses((status = 200, description = "The recorded question and answer", body = AuthorityCheck)))]
pub async fn get_authority_check(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| authority::get_authority_check(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}
