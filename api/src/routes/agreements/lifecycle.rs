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
    summary = "Attach a version of the agreement document",
    description = "Records a version of the written agreement (title, version, URI and SHA-256 digest). An \
        agreement must be in writing before any party signs (R-CA-07). Not possible once the agreement has ended \
        (409). Needs `If-Match`; audited as `collaboration_agreement.document_attached`.",
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
    summary = "Record a business case milestone",
    description = "Records a milestone of the collaboration's business case (strategic outline, outline or full \
        business case, gateway review) with its date, reviewer and conclusion. Not possible once the agreement has \
        ended (409). Needs `If-Match`; audited as `collaboration_agreement.milestone_recorded`.",
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
    summary = "Set how the parties share the costs",
    description = "Records a cost-share schedule from an effective date, replacing earlier ones from then. Refused \
        R-CA-15 unless every share belongs to a party still in the agreement on that date and the shares add up to \
        exactly 100% (10000 basis points); a second schedule on the same date is refused (409). Needs `If-Match`; \
        audited as `collaboration_agreement.cost_schedule_set`.",
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
    summary = "Record a party's approval of an agreement",
    description = "Records one party's decision to enter the agreement, with its rationale (refused R-CA-06 unless \
        it covers efficiency or effectiveness and the matters the party must consider); the parties are checked \
        again as on the approval date (R-CA-01 to R-CA-04, R-CA-11). As an act, the person named must hold the \
        office or act under a delegation in force that day (403 otherwise, R-TM-02); with `evidence` it is a \
        historical entry from a published paper (R-TM-05). The agreement becomes `approved` once every party has \
        approved; audited as `collaboration_agreement.approved`.",
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
    let state = ctx.state.clone();
    ctx.change(move |tx, principal| lifecycle::approve(tx, principal, id, expected, new, Some(&state.authority))).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/signatures", operation_id = "sign_collaboration_agreement",
    summary = "Record a party's signature of an agreement",
    description = "Records one party's signature of an approved agreement (409 while it is still a draft or after \
        it is signed). Refused R-CA-07 unless a document version is attached; a signatory named must hold the \
        office or act under a delegation in force that day (403 otherwise), or, with `evidence`, be recorded from \
        the signed paper (R-TM-05). The agreement becomes `signed` once every party has signed; audited as \
        `collaboration_agreement.signed`.",
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
    let state = ctx.state.clone();
    ctx.change(move |tx, principal| lifecycle::sign(tx, principal, id, expected, new, Some(&state.authority))).await
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/{id}/commencement", operation_id = "commence_collaboration_agreement",
    summary = "Bring a signed agreement into force",
    description = "Puts the agreement in force from the date given and sets its first review a review period later. \
        Refused R-CA-12, naming what is missing, until every party has approved and signed; 409 if it is not in the \
        `signed` state. When the agreement is a variation, the agreement it varies becomes `superseded` the same \
        day (R-CA-20). Audited as `collaboration_agreement.commenced`.",
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
    summary = "Record a review of an agreement in force",
    description = "Records a review (its date and outcome) of an agreement in force and sets when the next one is \
        due. Refused R-CA-19 when the next review is later than the agreement's review period allows (twelve months \
        unless agreed otherwise); 409 unless the agreement is in force. Needs `If-Match`; audited as \
        `collaboration_agreement.reviewed`.",
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
    summary = "Record a party's withdrawal from an agreement",
    description = "Records that one party gave notice and leaves on the effective date. Refused R-CA-09 when the \
        agreement has no withdrawal clause or the notice is shorter than it requires. If the parties left no longer \
        make a valid agreement (R-CA-01 to R-CA-04), an alert is raised on the agreement naming the rules broken. \
        Needs `If-Match`; audited as `collaboration_agreement.party_withdrawn`.",
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
    summary = "Terminate an agreement by all parties",
    description = "Ends a signed or in-force agreement on the date given. Refused R-CA-09 unless every party still \
        in the agreement that day records its agreement to terminate (a party's consent from a published paper \
        cites it, R-TM-05). The agreement becomes `terminated`, its history kept; audited as \
        `collaboration_agreement.terminated`.",
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
    summary = "Record the publication of an agreement",
    description = "Records how an executed agreement was published (in full, redacted, or title and objective only) \
        with the URL and date (R-CA-14). From then on everyone, including the public, can read it. 409 before it is \
        signed. Audited as `collaboration_agreement.published`.",
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
    summary = "Close an alert on an agreement",
    description = "Records how an alert was dealt with (for example a party that ceased to exist, R-CA-10, or a \
        withdrawal that left the parties invalid) and the date; the alert stays in the history as resolved. 409 if \
        it is already resolved. Needs `If-Match`; audited as `collaboration_agreement.alert_resolved`.",
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
    summary = "Start a variation of an agreement in force",
    description = "Creates a new draft agreement linked to this one, starting from its parties on the \
        variation's `planned_commencement` (today when none is given: after a transfer order executed for an \
        earlier day, the successor in its predecessor's place, R-TM-03) and its provisions (R-CA-08): it is checked, approved and signed like any draft, and supersedes this agreement when \
        it comes into force (R-CA-20). 409 unless this agreement is in force, or when the caller's organisation \
        already registered an agreement with the new reference. Both agreements are audited: this one as `collaboration_agreement.varied`, the new draft as \
        `collaboration_agreement.created`.",
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
