//! Records of decision (decision notices): the formal decision of one or several corporations sole
//! (a joint record), with a reference unique per issuing body, officer approvals, declarations,
//! signatures of each decider, a Part 2 exempt under FOI sections, and publication (R-PB-01).

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::boards::RecordStatus;
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
    /// Text in the reference, title or summary (Part 1 only), any case, e.g. `estates`.
    pub q: Option<String>,
    /// Decided on or after this day (YYYY-MM-DD).
    pub decided_from: Option<NaiveDate>,
    /// Decided on or before this day (YYYY-MM-DD).
    pub decided_to: Option<NaiveDate>,
    /// true: decisions of significant public interest only (R-PB-01); false: the others.
    pub significant_public_interest: Option<bool>,
    /// `draft` or `published` (drafts are seen only by the deciders' organisations).
    pub status: Option<RecordStatus>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/records-of-decision", operation_id = "list_records_of_decision", tag = "boards",
    summary = "List records of decision",
    description = "Formal decision notices of corporations sole (e.g. PCC/D/2017/05): published records for \
        everyone, and drafts for the organisations serving the deciders. Filter by deciding corporation sole, \
        exact reference, text in the reference, title or summary, the day decided, significant public interest or \
        publication status.",
    params(RecordQuery), responses(
        (status = 200, description = "Published records, and drafts of the caller's corporations sole", body = RecordOfDecisionList),
        (status = 422, description = "`decided_to` is before `decided_from` (`out_of_range`)", body = openapi::Problem, content_type = "application/problem+json")))]
pub async fn list_records_of_decision(
    ctx: RequestContext,
    query: QueryParams<RecordQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = RecordFilter {
        corporation_sole_id: query.corporation_sole.map(Into::into),
        reference: query.reference,
        text: query.q.map(|q| q.trim().to_string()).filter(|q| !q.is_empty()),
        decided: (query.decided_from, query.decided_to),
        significant_public_interest: query.significant_public_interest,
        status: query.status,
    };
    let list = ctx
        .read(move |conn, principal| records_of_decision::list_records_of_decision(conn, principal, page, filter))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/records-of-decision/{id}", operation_id = "get_record_of_decision", tag = "boards",
    summary = "Read one record of decision",
    description = "One record of decision with its officer approvals, signatures and links. Part 2 is shown only to \
        those preparing and signing it in the deciders' organisations; everyone else sees its shell (R-PB-03).",
    params(("id" = Uuid, Path, description = "Record id")),
    responses((status = 200, description = "The record (Part 2 as its shell for non-parties)", body = RecordOfDecision)))]
pub async fn get_record_of_decision(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found =
        ctx.read(move |conn, principal| records_of_decision::get_record_of_decision(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(get, path = "/api/v1/reference-schemes", operation_id = "list_reference_schemes", tag = "boards",
    summary = "List how offices number their records of decision",
    description = "Each issuing corporation sole's pattern for numbering its records of decision (e.g. \
        `PCC/D/{YYYY}/{NN}` or `CPCC {YYYY}-{NNN}`).",
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
    summary = "Read one reference scheme",
    description = "One issuing body's numbering pattern for its records of decision.",
    params(("id" = Uuid, Path, description = "Reference scheme id")),
    responses((status = 200, description = "The scheme", body = openapi::boards::ReferenceScheme)))]
pub async fn get_reference_scheme(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, _| records_of_decision::get_reference_scheme(conn, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/reference-schemes", operation_id = "create_reference_scheme", tag = "boards",
    summary = "Set how an office numbers its records of decision",
    description = "Sets the numbering pattern for a corporation sole's records of decision, so that new records are \
        numbered for it and given references are checked against it. A pattern that cannot be read is refused \
        (422); an office that already has a scheme is refused (409): change it instead. Audited as \
        `reference_scheme.created`.",
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
    summary = "Change how an office numbers its records of decision",
    description = "Replaces the numbering pattern; records already numbered keep their references. Needs \
        `If-Match`; audited as `reference_scheme.updated`.",
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
    summary = "Draft a record of decision",
    description = "Creates a draft decision notice of one or more corporations sole, with its summary, proposals, \
        financial and legal comments and links to the records it concerns (a linked board decision must exist). The \
        reference is taken from the issuer's reference scheme, or given and checked against it; a reference the \
        issuer already used is refused (409). An exempt Part 2 needs FOI sections and a reason (refused R-PB-02). \
        Audited as `record_of_decision.created`.",
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
    summary = "Record an officer's sign-off of a record of decision",
    description = "Records the approval of a statutory officer (chief executive / monitoring officer, chief finance \
        officer) on a draft record, with the date. 409 unless the record is still a draft. Audited as \
        `record_of_decision.officer_approval_recorded`.",
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
    summary = "Record a decider's signature of a record of decision",
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
    let state = ctx.state.clone();
    ctx.create(&body.digest, move |tx, principal| {
        records_of_decision::add_record_of_decision_signature(tx, principal, id, new, Some(&state.authority))
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/records-of-decision/{id}/publication", operation_id = "publish_record_of_decision", tag = "boards",
    summary = "Publish a signed record of decision",
    description = "Records the date and URL where the record was published; Part 1 becomes public, Part 2 stays \
        exempt. 409 until every deciding corporation sole has signed; refused R-PB-01 when a decision of \
        significant public interest lacks its publication date and URL. Needs `If-Match`; audited as \
        `record_of_decision.published`.",
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
