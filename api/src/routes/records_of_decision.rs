//! Records of decision (decision notices): the formal decision of one or several corporations sole
//! (a joint record), with a reference unique per issuing body, officer approvals, declarations,
//! signatures of each decider, a Part 2 exempt under FOI sections, and publication (R-PB-01).

use actix_web::{web, HttpResponse};
use openapi::boards::{
    NewOfficerApproval, NewRecordOfDecision, NewRecordSignature, NewReferenceScheme, Publication, RecordOfDecision,
    RecordOfDecisionList, ReferenceSchemeList, ReferenceSchemeUpdate,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::records_of_decision;
use persistence::boards::RecordFilter;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// A deciding corporation sole id.
    pub corporation_sole: Option<Uuid>,
    /// The exact reference, e.g. `PCC/D/2017/05`.
    pub reference: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/records-of-decision", operation_id = "list_records_of_decision", tag = "boards",
    params(RecordQuery), responses((status = 200, description = "Published records, and drafts of the caller's corporations sole", body = RecordOfDecisionList)))]
pub async fn list_records_of_decision(
    ctx: RequestContext,
    query: QueryParams<RecordQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter =
        RecordFilter { corporation_sole_id: query.corporation_sole.map(Into::into), reference: query.reference };
    let list = ctx
        .read(move |conn, principal| records_of_decision::list_records_of_decision(conn, principal, page, filter))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/records-of-decision/{id}", operation_id = "get_record_of_decision", tag = "boards",
    params(("id" = Uuid, Path, description = "Record id")),
    responses((status = 200, description = "The record (Part 2 as its shell for non-parties)", body = RecordOfDecision)))]
pub async fn get_record_of_decision(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found =
        ctx.read(move |conn, principal| records_of_decision::get_record_of_decision(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(get, path = "/api/v1/reference-schemes", operation_id = "list_reference_schemes", tag = "boards",
    params(crate::extract::PagingQuery),
    responses((status = 200, description = "How each issuing body numbers its records of decision", body = ReferenceSchemeList)))]
pub async fn list_reference_schemes(
    ctx: RequestContext,
    query: QueryParams<crate::extract::PagingQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list =
        ctx.read(move |conn, principal| records_of_decision::list_reference_schemes(conn, principal, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/reference-schemes/{id}", operation_id = "get_reference_scheme", tag = "boards",
    params(("id" = Uuid, Path, description = "Reference scheme id")),
    responses((status = 200, description = "The scheme", body = openapi::boards::ReferenceScheme)))]
pub async fn get_reference_scheme(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, _| records_of_decision::get_reference_scheme(conn, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/reference-schemes", operation_id = "create_reference_scheme", tag = "boards",
    request_body = NewReferenceScheme, responses((status = 201, description = "Created", body = openapi::boards::ReferenceScheme)))]
pub async fn create_reference_scheme(
    ctx: RequestContext,
    body: JsonBody<NewReferenceScheme>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| records_of_decision::create_reference_scheme(tx, principal, new))
        .await
}

#[utoipa::path(patch, path = "/api/v1/reference-schemes/{id}", operation_id = "update_reference_scheme", tag = "boards",
    params(("id" = Uuid, Path, description = "Reference scheme id")),
    request_body = ReferenceSchemeUpdate, responses((status = 200, description = "Updated (existing references keep their form)", body = openapi::boards::ReferenceScheme)))]
pub async fn update_reference_scheme(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ReferenceSchemeUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let pattern = body.value.pattern;
    ctx.change(move |tx, principal| records_of_decision::update_reference_scheme(tx, principal, id, expected, pattern))
        .await
}

#[utoipa::path(post, path = "/api/v1/records-of-decision", operation_id = "create_record_of_decision", tag = "boards",
    request_body = NewRecordOfDecision, responses((status = 201, description = "A draft record", body = RecordOfDecision)))]
pub async fn create_record_of_decision(
    ctx: RequestContext,
    body: JsonBody<NewRecordOfDecision>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| records_of_decision::create_record_of_decision(tx, principal, new))
        .await
}

#[utoipa::path(post, path = "/api/v1/records-of-decision/{id}/officer-approvals", operation_id = "add_record_of_decision_officer_approval", tag = "boards",
    params(("id" = Uuid, Path, description = "Record id")),
    request_body = NewOfficerApproval, responses((status = 201, description = "The record with the officer approval", body = RecordOfDecision)))]
pub async fn add_record_of_decision_officer_approval(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewOfficerApproval>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        records_of_decision::add_record_of_decision_officer_approval(tx, principal, id, new)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/records-of-decision/{id}/signatures", operation_id = "add_record_of_decision_signature", tag = "boards",
    description = "Records a deciding corporation sole's signature. As an act: by an approver whose token names the person holding the office or acting under a delegation in force (R-TM-02). As a historical entry with `evidence` (R-TM-05): by a secretary serving one of the deciders, citing the published record; a person named must have held the office (or a delegation) on the day signed or decided, an office named alone must have existed then.",
    params(("id" = Uuid, Path, description = "Record id")),
    request_body = NewRecordSignature, responses((status = 201, description = "The record with the signature", body = RecordOfDecision)))]
pub async fn add_record_of_decision_signature(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewRecordSignature>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        records_of_decision::add_record_of_decision_signature(tx, principal, id, new)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/records-of-decision/{id}/publication", operation_id = "publish_record_of_decision", tag = "boards",
    params(("id" = Uuid, Path, description = "Record id")),
    request_body = Publication, responses((status = 200, description = "Published: Part 1 is public", body = RecordOfDecision)))]
pub async fn publish_record_of_decision(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<Publication>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let publication = body.value;
    ctx.change(move |tx, principal| {
        records_of_decision::publish_record_of_decision(tx, principal, id, expected, publication)
    })
    .await
}
