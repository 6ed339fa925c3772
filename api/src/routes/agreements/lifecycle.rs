//! What happens to an agreement after drafting: documents, milestones, cost shares, approvals,
//! signatures, commencement, reviews, variations, withdrawals, termination, publication, alerts.
//! Each is a change of the agreement: it needs `If-Match` with the agreement's current ETag. The
//! use cases are `service::agreements::lifecycle`.

use actix_web::{web, HttpResponse};
use openapi::agreements::{
    AlertResolution, Commencement, NewApproval, NewCostSchedule, NewDocument, NewMilestone, NewPublication, NewReview,
    NewSignature, NewVariation, NewWithdrawal, Termination,
};

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody};
use crate::service::agreements::lifecycle;

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/documents", operation_id = "attach_collaboration_agreement_document",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewDocument,
    responses((status = 200, description = "The agreement with the document version", body = openapi::agreements::CollaborationAgreement)))]
pub async fn attach_collaboration_agreement_document(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewDocument>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::attach_document(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/milestones", operation_id = "attach_collaboration_agreement_milestone",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewMilestone,
    responses((status = 200, description = "The agreement with the milestone", body = openapi::agreements::CollaborationAgreement)))]
pub async fn attach_collaboration_agreement_milestone(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMilestone>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::attach_milestone(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/cost-schedules", operation_id = "set_collaboration_agreement_cost_schedule",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewCostSchedule,
    responses((status = 200, description = "The agreement with the schedule, which replaces earlier ones from its date", body = openapi::agreements::CollaborationAgreement)))]
pub async fn set_collaboration_agreement_cost_schedule(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewCostSchedule>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::set_cost_schedule(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/approvals", operation_id = "approve_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewApproval,
    responses((status = 200, description = "The agreement with the party's approval (approved once every party has)", body = openapi::agreements::CollaborationAgreement)))]
pub async fn approve_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewApproval>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::approve(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/signatures", operation_id = "sign_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewSignature,
    responses((status = 200, description = "The agreement with the party's signature (signed once every party has)", body = openapi::agreements::CollaborationAgreement)))]
pub async fn sign_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewSignature>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::sign(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/commencement", operation_id = "commence_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = Commencement,
    responses((status = 200, description = "The agreement in force from the date", body = openapi::agreements::CollaborationAgreement)))]
pub async fn commence_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<Commencement>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::commence(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/reviews", operation_id = "review_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewReview,
    responses((status = 200, description = "The agreement with the review and its next due date", body = openapi::agreements::CollaborationAgreement)))]
pub async fn review_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewReview>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::review(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/withdrawals", operation_id = "withdraw_collaboration_agreement_party",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewWithdrawal,
    responses((status = 200, description = "The agreement with the party leaving on the effective date; an alert if the rest no longer make a valid agreement", body = openapi::agreements::CollaborationAgreement)))]
pub async fn withdraw_collaboration_agreement_party(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewWithdrawal>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::withdraw_party(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/termination", operation_id = "terminate_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = Termination,
    responses((status = 200, description = "The terminated agreement", body = openapi::agreements::CollaborationAgreement)))]
pub async fn terminate_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<Termination>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::terminate(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/publications", operation_id = "publish_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = NewPublication,
    responses((status = 200, description = "The agreement with its publication record; now visible to everyone", body = openapi::agreements::CollaborationAgreement)))]
pub async fn publish_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewPublication>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::publish(tx, principal, id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/alerts/{alert_id}/resolution", operation_id = "resolve_collaboration_agreement_alert",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id"), ("alert_id" = uuid::Uuid, Path, description = "Alert id")),
    request_body = AlertResolution,
    responses((status = 200, description = "The agreement with the alert resolved", body = openapi::agreements::CollaborationAgreement)))]
pub async fn resolve_collaboration_agreement_alert(
    ctx: RequestContext,
    path: web::Path<(String, String)>,
    body: JsonBody<AlertResolution>,
) -> Result<HttpResponse, ApiError> {
    let (id, alert_id) = path.into_inner();
    let (id, alert_id) = (path_id(&id)?, path_id(&alert_id)?);
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::resolve_alert(tx, principal, id, alert_id, expected, new)).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/variations", operation_id = "vary_collaboration_agreement",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id of the agreement varied")), request_body = NewVariation,
    responses((status = 201, description = "The variation: a new draft agreement linked to this one (R-CA-08)", body = openapi::agreements::CollaborationAgreement)))]
pub async fn vary_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewVariation>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let new = body.value;
    ctx.change(move |tx, principal| lifecycle::vary(tx, principal, id, expected, new)).await
}
