//! `/api/v1/authority-checks`: "may this actor do this, for this amount, on this date, and on whose
//! authority?", and [`require_authority_to_act`], the one entry point approvals and signatures
//! elsewhere use before accepting an act for a corporation sole.
//!
//! Everything is judged as it stood on the day asked: the actor's appointments then, the
//! delegations and consents in force then (dates, revocations, re-adoptions), and the chain of
//! sub-delegations above them. The decision itself is `domain::delegations::decide`.

use actix_web::{web, HttpResponse};
use domain::access::{list_scope, Action, Resource};
use openapi::delegations::{AuthorityCheck, AuthorityCheckList, AuthorityCheckRequest};
use persistence::delegations::{self as store, authority_check_store, AuthorityCheckRow};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::{versioned_change, RequestContext};
use crate::convert;
use crate::error::ApiError;
use crate::extract::{encode_cursor, path_id, JsonBody, Paging, QueryParams};
use crate::service::authority::{self, answer, asked_from, served, KIND};
use crate::service::{allow, LOCATION_PREFIX};

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
    if !request.record {
        let answered = ctx
            .read(move |conn, principal| {
                allow(principal, Action::Create, &Resource::owned(KIND, principal.organisation_id, true))?;
                let (answer, loaded) = answer(conn, &asked)?;
                served(request, answer, &loaded, None, principal.organisation_id)
            })
            .await?;
        return Ok(HttpResponse::Ok().json(answered));
    }
    ctx.create(&body.digest, move |tx, principal| {
        // The question is not secret; the record, once made, is visible to the asking organisation.
        allow(principal, Action::Create, &Resource::owned(KIND, principal.organisation_id, true))?;
        let organisation =
            principal.organisation_id.ok_or_else(|| ApiError::Unauthenticated("this needs a bearer token".into()))?;
        let (answer, loaded) = answer(tx, &asked)?;
        let id = uuid::Uuid::now_v7();
        let served = served(request, answer, &loaded, Some(id), Some(organisation))?;
        let body = serde_json::to_string(&served).map_err(|e| ApiError::Internal(e.to_string()))?;
        let now = persistence::audit::now();
        let row = AuthorityCheckRow {
            id: id.to_string(),
            organisation_id: organisation.to_string(),
            asked_by: principal.subject.clone(),
            actor_kind: served.question.actor.kind.as_str().to_string(),
            actor_id: served.question.actor.id.to_string(),
            function_code: served.question.function.clone(),
            corporation_sole_id: served.question.corporation_sole_id.to_string(),
            amount_pence: served.question.amount_pence,
            on_date: served.question.on,
            flags: domain::delegations::join_codes(&served.question.flags, |f| f.as_str()),
            outcome: served.outcome.as_str().to_string(),
            answer: body,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        authority_check_store::insert(tx, &row)?;
        let location = format!("{LOCATION_PREFIX}/authority-checks/{id}");
        versioned_change("create", KIND, &row.id, row.version, &served, Some(location))
    })
    .await
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
        .read(move |conn, principal| {
            let scope = list_scope(principal, KIND)?;
            let page = store::list_authority_checks(conn, scope, corporation_sole.as_deref(), &page)?;
            Ok(AuthorityCheckList {
                items: page.items.into_iter().map(convert::authority_check).collect::<Result<_, _>>()?,
                next_cursor: encode_cursor(page.next_cursor),
            })
        })
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
