//! `/api/v1/authority-checks`: "may this actor do this, for this amount, on this date, and on whose
//! authority?", and [`require_authority_to_act`], the one entry point approvals and signatures
//! elsewhere use before accepting an act for a corporation sole.
//!
//! Everything is judged as it stood on the day asked: the actor's appointments then, the
//! delegations and consents in force then (dates, revocations, re-adoptions), and the chain of
//! sub-delegations above them. The decision itself is `domain::delegations::decide`.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use openapi::delegations::{AuthorityCheck, AuthorityCheckList, AuthorityCheckRequest, OfficeAuthority};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::authority::{self, asked_from};
use crate::service::office_authority::{self, OfficeQuestion};

#[utoipa::path(post, path = "/api/v1/authority-checks", operation_id = "check_authority", tag = "delegations",
    summary = "Check whether someone may act for an office",
    description = "Answers whether a person or post may exercise a function for a corporation sole, for an amount, \
        on a date: `allowed`, `refer` (for example a proposal flagged novel, contentious or repercussive) or \
        `denied`, with the chain of delegations relied on and the reasons. It judges the day asked, not today: the \
        office existed (R-TM-01), the function is not reserved (R-DL-01, R-DL-04), the amount is within the limits \
        (R-DL-05) and nothing in the chain had lapsed (R-DL-06). With `record: true` the question and answer are \
        kept as evidence (201) and audited as `authority_check.created`.",
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
    let state = ctx.state.clone();
    if request.record {
        ctx.create(&body.digest, move |tx, principal| {
            authority::record_authority_check(tx, principal, request, asked, &state.authority)
        })
        .await
    } else {
        let answered = ctx
            .read(move |conn, principal| authority::check_authority(conn, principal, request, asked, &state.authority))
            .await?;
        Ok(HttpResponse::Ok().json(answered))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuthorityCheckQuery {
    /// Corporation sole id acted for.
    pub corporation_sole: Option<uuid::Uuid>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/authority-checks", operation_id = "list_authority_checks", tag = "delegations",
    summary = "List recorded authority checks",
    description = "Authority checks recorded with `record: true` by the caller's organisation (all of them for \
        platform administrators), optionally for one corporation sole: evidence of what the service answered on the \
        day.",
    params(AuthorityCheckQuery), responses((status = 200, description = "Recorded checks asked by the caller's organisation (all for system admins)", body = AuthorityCheckList)))]
pub async fn list_authority_checks(
    ctx: RequestContext,
    query: QueryParams<AuthorityCheckQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let corporation_sole = query.corporation_sole.map(Into::into);
    let list = ctx
        .read(move |conn, principal| authority::list_authority_checks(conn, principal, page, corporation_sole))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/authority-checks/{id}", operation_id = "get_authority_check", tag = "delegations",
    summary = "Read one recorded authority check",
    description = "One recorded authority check: the question as asked and the answer given then, with its chain \
        and reasons. Visible to the organisation that asked.",
    params(("id" = uuid::Uuid, Path, description = "Recorded check id")),
    responses((status = 200, description = "The recorded question and answer", body = AuthorityCheck)))]
pub async fn get_authority_check(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| authority::get_authority_check(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OfficeAuthorityQuery {
    /// The day asked about (YYYY-MM-DD): who held what, and what was in force, on that day.
    pub on: NaiveDate,
    /// Function code from the catalogue.
    #[param(min_length = 1, max_length = 80)]
    pub function: String,
    /// The amount of the act in pence: capacities whose limits it exceeds are left out.
    #[param(minimum = 0)]
    pub amount_pence: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/corporations-sole/{id}/authority", operation_id = "list_corporation_sole_authority", tag = "delegations",
    summary = "List everyone who could act for an office on a day",
    description = "Everyone who could act for the office on the day, for the function: its holders, and each \
        delegate of a delegation or consent in force then, with the chain, limits and referral conditions, each \
        judged as the authority check would judge it. Delegates whose limits the amount exceeds are left out.",
    params(("id" = uuid::Uuid, Path, description = "Corporation sole id"), OfficeAuthorityQuery),
    responses(
        (status = 200, description = "Who could act for the corporation sole that day, each as the authority check would answer", body = OfficeAuthority),
        (status = 422, description = "`function` names no function in the catalogue (`unknown_reference`)", body = openapi::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_corporation_sole_authority(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<OfficeAuthorityQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let query = query.0;
    let asked = OfficeQuestion { on: query.on, function: query.function, amount: query.amount_pence };
    let answer = ctx.read(move |conn, principal| office_authority::who_could_act(conn, principal, id, asked)).await?;
    Ok(HttpResponse::Ok().json(answer))
}
