//! `GET /api/v1/public/...`: the public register, the same for every caller and cacheable by any
//! proxy in front of the service.

use actix_web::{http::header, HttpResponse};
use openapi::forward_plan::PublicForwardPlan;
use openapi::register::AgreementRegister;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{Paging, QueryParams};
use crate::service::{forward_plan, register};

/// How long a shared cache may serve a page of the register before asking again (with its ETag).
const SHARED_CACHE_SECONDS: u32 = 60;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// Only agreements this corporation sole is party to (entries it decides, on the forward plan).
    pub corporation_sole: Option<Uuid>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/public/agreements", operation_id = "list_public_agreements", tag = "agreements",
    params(RegisterQuery),
    summary = "The public register of executed agreements",
    description = "Every section 22A agreement that all its parties have signed (signed, in force, superseded, \
        terminated or expired), as the Specified Information Order asks policing bodies to publish: where its \
        text is published, with a link to it; where not (yet), a notice that it exists, with its reference, title, \
        parties, the day it was executed and its dates. The same for every caller, so it carries `Cache-Control: \
        public` and an `ETag` (answered 304 to `If-None-Match`): a CDN or proxy may serve it to the public.",
    responses(
        (status = 200, description = "Executed agreements in id order", body = AgreementRegister,
            headers(("ETag" = String, description = "Entity tag of the page"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The page has not changed since the ETag given in `If-None-Match`")))]
pub async fn list_public_agreements(
    ctx: RequestContext,
    query: QueryParams<RegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let party = query.corporation_sole.map(Into::into);
    let register = ctx.read(move |conn, _| register::agreement_register(conn, party, page)).await?;
    cacheable(&ctx, &register)
}

/// A page of the register as JSON with its ETag (304 to `If-None-Match`) and `Cache-Control: public`.
fn cacheable<T: serde::Serialize>(ctx: &RequestContext, page: &T) -> Result<HttpResponse, ApiError> {
    let body = serde_json::to_vec(page).map_err(|e| ApiError::Internal(e.to_string()))?;
    let tag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
    let mut response = ctx.tagged(body.into(), tag, "application/json");
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_str(&format!("public, max-age={SHARED_CACHE_SECONDS}"))
            .map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok(response)
}

#[utoipa::path(get, path = "/api/v1/public/forward-plan", operation_id = "list_public_forward_plan", tag = "boards",
    params(RegisterQuery),
    summary = "The public register of the forward plan of key decisions",
    description = "Every forward plan entry that was published (open, closed by the record that took the decision, \
        or withdrawn), as the public may read it: subject, deciding corporations sole, intended date, who takes the \
        decision, the documents to be considered and whether it slipped; an exempt entry as its notice (subject and \
        date). No names of people. The same for every caller, so it carries `Cache-Control: public` and an `ETag` \
        (answered 304 to `If-None-Match`): a CDN or proxy may serve it to the public.",
    responses(
        (status = 200, description = "Published entries in id order", body = PublicForwardPlan,
            headers(("ETag" = String, description = "Entity tag of the page"), ("Cache-Control" = String, description = "`public, max-age=60`"))),
        (status = 304, description = "The page has not changed since the ETag given in `If-None-Match`")))]
pub async fn list_public_forward_plan(
    ctx: RequestContext,
    query: QueryParams<RegisterQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let decider = query.corporation_sole.map(Into::into);
    let plan = ctx.read(move |conn, _| forward_plan::public_forward_plan(conn, decider, page)).await?;
    cacheable(&ctx, &plan)
}
