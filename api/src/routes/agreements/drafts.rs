//! Drafting, reading, listing and validating agreements.

use actix_web::http::header::ContentType;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::agreements::AgreementStatus;
use openapi::agreements::{
    CollaborationAgreementList, CollaborationAgreementUpdate, CostSchedule, NewCollaborationAgreement, ValidationReport,
};
use persistence::agreements::AgreementFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::Paging;
use crate::extract::{path_id, JsonBody, QueryParams};
use crate::service::agreements::{as_of, drafts};
use crate::service::history::KeptKind;

#[utoipa::path(post, path = "/api/v1/collaboration-agreements/validation", operation_id = "validate_collaboration_agreement",
    summary = "Check a draft agreement against the rules without saving it",
    description = "Runs every rule a new agreement must pass (R-CA-01 to R-CA-04, R-CA-11) and the warnings \
        (R-CA-13: no joint oversight board linked) on the body given, and lists each breach with the field it \
        concerns. Nothing is stored or audited; use it while preparing a draft.",
    tag = "agreements", request_body = NewCollaborationAgreement,
    responses((status = 200, description = "Every rule the draft breaks; nothing is stored", body = ValidationReport)))]
pub async fn validate_collaboration_agreement(
    ctx: RequestContext,
    body: JsonBody<NewCollaborationAgreement>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    let report = ctx.read(move |conn, _| drafts::validate(conn, &new)).await?;
    Ok(HttpResponse::Ok().json(report))
}

#[utoipa::path(post, path = "/api/v1/collaboration-agreements", operation_id = "create_collaboration_agreement", tag = "agreements",
    summary = "Draft a section 22A collaboration agreement",
    description = "Creates a draft agreement with its parties and provisions. The parties are checked as they will \
        stand on the planned commencement (R-TM-03): refused R-CA-01 when the parties are not valid (e.g. chief \
        officers only), R-CA-02, R-CA-03 or R-CA-04 when a provision lacks a party it needs, and R-CA-11 when a \
        force collaboration provision names no chief officer with direction and control. A reference is unique among \
        the agreements the caller's organisation registered: one it already used is refused (409), while another \
        organisation's use of it neither conflicts nor is revealed; the draft is audited as `collaboration_agreement.created` and seen only by the parties' \
        organisations until published.",
    request_body = NewCollaborationAgreement,
    responses((status = 201, description = "The draft; only the parties' organisations see it until it is published", body = openapi::agreements::CollaborationAgreement)))]
pub async fn create_collaboration_agreement(
    ctx: RequestContext,
    body: JsonBody<NewCollaborationAgreement>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| drafts::create(tx, principal, new)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgreementReadQuery {
    /// Show the agreement as it stood in the world on this day: its status then (read back from the
    /// dates of its approvals, signatures, commencement and end), its parties then (a successor under a
    /// transfer order only from the order's in-force date, its predecessor until the day before), and
    /// its parts dated on or before the day. Not with `known_at`.
    pub as_of: Option<NaiveDate>,
    /// Answer the record as the service held it at this instant (RFC 3339), from the state kept with
    /// each audited change: what was recorded by then, not what is now known to have been true then
    /// (for that, `as_of`). Not with `as_of`.
    pub known_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[utoipa::path(get, path = "/api/v1/collaboration-agreements/{id}", operation_id = "get_collaboration_agreement", tag = "agreements",
    summary = "Read one collaboration agreement",
    description = "The agreement with everything recorded about it: parties, provisions, documents, milestones, \
        cost schedules, approvals, signatures, reviews, publication, alerts and variations, with upkeep warnings \
        (R-CA-15 no funding schedule, R-CA-19 review overdue). Drafts are visible to the parties' organisations \
        only. With `as_of`, the agreement as it stood in the world on that day (R-TM-04): the status it had then, \
        the parties of that day (before a transfer order's in-force date the predecessor, from it the successor, \
        R-SU-01), the approvals, signatures and other dated parts recorded for that day or earlier, and the \
        warnings as at that day; the response says `as_of`. With `known_at`, the record as the service held it at that instant (R-TM-06), from the state kept with each audited change; 422 `known_at.not_kept` for an instant before its kept history, 404 if it was not yet recorded then. \
        The two are not combined (422 `conflicting` at `/query/as_of`).",
    params(("id" = uuid::Uuid, Path, description = "Agreement id"), AgreementReadQuery),
    responses(
        (status = 200, description = "The agreement with everything recorded about it (as on `as_of` when given)", body = openapi::agreements::CollaborationAgreement),
        (status = 422, description = "`as_of` and `known_at` given together (`conflicting`), or `known_at` before the kept history (`known_at.not_kept`)", body = openapi::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<AgreementReadQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let state = ctx.state.clone();
    match as_of::Reading::of(query.0.as_of, query.0.known_at)? {
        as_of::Reading::KnownAt(at) => ctx.known_at(KeptKind::Agreement, id, at).await,
        as_of::Reading::AsOf(day) => {
            let (body, tag) =
                ctx.read(move |conn, principal| as_of::read_as_of(conn, principal, id, day, &state.agreements)).await?;
            Ok(ctx.tagged(body, tag, "application/json"))
        }
        as_of::Reading::Now => {
            let (body, tag) =
                ctx.read(move |conn, principal| drafts::read(conn, principal, id, &state.agreements)).await?;
            Ok(ctx.tagged(body, tag, "application/json"))
        }
    }
}

#[utoipa::path(patch, path = "/api/v1/collaboration-agreements/{id}", operation_id = "update_collaboration_agreement", tag = "agreements",
    summary = "Change a draft agreement",
    description = "Edits a draft's terms, parties or provisions, re-checking R-CA-01 to R-CA-04 and R-CA-11 as on \
        the planned commencement (R-TM-03). Only a draft nobody has approved may change (409 otherwise): after the \
        first approval, changes are made by a variation (R-CA-08). Needs `If-Match`; audited as \
        `collaboration_agreement.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Agreement id")), request_body = CollaborationAgreementUpdate,
    responses((status = 200, description = "The changed draft", body = openapi::agreements::CollaborationAgreement)))]
pub async fn update_collaboration_agreement(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<CollaborationAgreementUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| drafts::update(tx, principal, id, expected, patch)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgreementQuery {
    pub status: Option<AgreementStatus>,
    /// Corporation sole id of a party (`party` is accepted as the former name).
    #[serde(alias = "party")]
    pub corporation_sole: Option<uuid::Uuid>,
    /// Force id: agreements led by or concerning the force.
    pub force: Option<uuid::Uuid>,
    /// Case-insensitive text in a provision's function.
    pub function: Option<String>,
    pub collaboration: Option<uuid::Uuid>,
    /// Lead holding-to-account board id.
    pub lead_board: Option<uuid::Uuid>,
    /// Variations of this agreement.
    pub parent: Option<uuid::Uuid>,
    /// Case-insensitive text in the title or reference.
    pub q: Option<String>,
    /// Next review due before this day (YYYY-MM-DD).
    pub review_due_before: Option<NaiveDate>,
    /// In force with the next review already overdue on `as_of` (today by default).
    pub overdue_review: Option<bool>,
    /// The day the filters answer for (YYYY-MM-DD, default today): `corporation_sole` matches the
    /// agreements it was a party to that day (a successor under a transfer order from its in-force
    /// date, the predecessor before it; without `as_of`, any day), `overdue_review` is as at it.
    pub as_of: Option<NaiveDate>,
    /// Executed but with no publication record (R-CA-14).
    pub publication_missing: Option<bool>,
    /// With (true) or without (false) unresolved alerts.
    pub has_alerts: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/collaboration-agreements", operation_id = "list_collaboration_agreements", tag = "agreements",
    summary = "List section 22A collaboration agreements",
    description = "Agreements the caller may see: parties' organisations see their drafts, everyone sees published \
        agreements. Filter by party (a party on the day `as_of`, if given), force, function, lead board, overdue \
        review (R-CA-19, as at `as_of`), missing publication (R-CA-14) or open alerts.",
    params(AgreementQuery),
    responses((status = 200, description = "Agreements the caller may see: parties see drafts, others published agreements", body = CollaborationAgreementList)))]
pub async fn list_collaboration_agreements(
    ctx: RequestContext,
    query: QueryParams<AgreementQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = AgreementFilter {
        status: query.status.map(|s| s.as_str().to_string()),
        party: query.corporation_sole.map(|p| p.to_string()),
        force: query.force.map(|f| f.to_string()),
        function: query.function,
        collaboration: query.collaboration.map(|c| c.to_string()),
        lead_board: query.lead_board.map(|b| b.to_string()),
        q: query.q,
        review_due_before: query.review_due_before,
        overdue_on: query.overdue_review.filter(|o| *o).map(|_| query.as_of.unwrap_or_else(crate::service::today)),
        publication_missing: query.publication_missing.unwrap_or(false),
        has_alerts: query.has_alerts,
        parent: query.parent.map(|p| p.to_string()),
        party_on: query.as_of,
    };
    let state = ctx.state.clone();
    let list = ctx
        .read(move |conn, principal| drafts::list_page(conn, principal, filter, page, &state.agreement_pages))
        .await?;
    Ok(HttpResponse::Ok().content_type(ContentType::json()).body(list))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScheduleQuery {
    /// The day to answer for (default today).
    pub as_of: Option<NaiveDate>,
}

#[utoipa::path(get, path = "/api/v1/collaboration-agreements/{id}/cost-schedule", operation_id = "get_collaboration_agreement_cost_schedule",
    summary = "Read the cost shares in force on a day",
    description = "The cost-share schedule (R-CA-15) that applied on the day asked (today by default): each party's \
        share in basis points and the basis of the split. A share is answered for the party holding its seat \
        that day: from a transfer order's in-force date, the successor that took the share's party's place.",
    tag = "agreements", params(("id" = uuid::Uuid, Path, description = "Agreement id"), ScheduleQuery),
    responses((status = 200, description = "The cost-share schedule in force on the day", body = CostSchedule)))]
pub async fn get_collaboration_agreement_cost_schedule(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<ScheduleQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let day = query.0.as_of.unwrap_or_else(crate::service::today);
    let state = ctx.state.clone();
    let schedule =
        ctx.read(move |conn, principal| drafts::cost_schedule(conn, principal, id, day, &state.agreements)).await?;
    Ok(HttpResponse::Ok().json(schedule))
}
