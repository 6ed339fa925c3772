//! Corrections of board records (R-TM-06): dated, with a reason, kept beside the record as its
//! history; never an overwrite.

use actix_web::{web, HttpResponse};
use openapi::boards::{
    Action, ActionCorrection, AttendanceCorrection, Decision, DecisionOutcomeCorrection, Meeting, MeetingVoid,
};

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody};
use crate::service::corrections;

#[utoipa::path(post, path = "/api/v1/decisions/{id}/outcome-corrections", operation_id = "correct_decision_outcome",
    summary = "Correct a decision's outcome",
    description = "Corrects a decision's outcome (agreed, agreed with amendment, deferred, rejected, noted) with a dated reason; the old outcome stays in `corrections` and the audit log (R-TM-06). Needs `If-Match`.",
    tag = "boards", params(("id" = Uuid, Path, description = "Decision id")), request_body = DecisionOutcomeCorrection,
    responses((status = 200, description = "The decision with its corrected outcome and the correction in its history", body = Decision)))]
pub async fn correct_decision_outcome(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<DecisionOutcomeCorrection>,
) -> Result<HttpResponse, ApiError> {
    let (id, expected, correction) = (path_id(&id)?, ctx.expected_version()?, body.value);
    ctx.change(move |tx, principal| corrections::correct_decision_outcome(tx, principal, id, expected, correction))
        .await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendance-corrections", operation_id = "correct_meeting_attendance",
    summary = "Correct an attendance entry",
    description = "Corrects one attendance entry (kind, capacity, represented corporation sole, vote) with a dated reason, kept as history (R-TM-06); the quorum is recomputed. Needs `If-Match`.",
    tag = "boards", params(("id" = Uuid, Path, description = "Meeting id")), request_body = AttendanceCorrection,
    responses((status = 200, description = "The meeting with the corrected attendance, its quorum and the correction in its history", body = Meeting)))]
pub async fn correct_meeting_attendance(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<AttendanceCorrection>,
) -> Result<HttpResponse, ApiError> {
    let (id, expected, correction) = (path_id(&id)?, ctx.expected_version()?, body.value);
    ctx.change(move |tx, principal| corrections::correct_meeting_attendance(tx, principal, id, expected, correction))
        .await
}

#[utoipa::path(post, path = "/api/v1/actions/{id}/corrections", operation_id = "correct_action", tag = "boards",
    summary = "Correct an action's due date or owners",
    description = "Corrects an action's due date or owners with a dated reason, kept as history (R-TM-06). Needs `If-Match`.",
    params(("id" = Uuid, Path, description = "Action id")), request_body = ActionCorrection,
    responses((status = 200, description = "The action with its corrected due date or owners and the correction in its history", body = Action)))]
pub async fn correct_action(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<ActionCorrection>,
) -> Result<HttpResponse, ApiError> {
    let (id, expected, correction) = (path_id(&id)?, ctx.expected_version()?, body.value);
    ctx.change(move |tx, principal| corrections::correct_action(tx, principal, id, expected, correction)).await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/void", operation_id = "void_meeting", tag = "boards",
    summary = "Void a meeting entered in error",
    description = "Voids a meeting entered in error: kept and marked void, its decisions out of the register (their numbers not reused) and out of the quorum (R-TM-06). Needs `If-Match`.",
    params(("id" = Uuid, Path, description = "Meeting id")), request_body = MeetingVoid,
    responses((status = 200, description = "The meeting, now void: kept, its decisions out of the register", body = Meeting)))]
pub async fn void_meeting(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MeetingVoid>,
) -> Result<HttpResponse, ApiError> {
    let (id, expected, void) = (path_id(&id)?, ctx.expected_version()?, body.value);
    ctx.change(move |tx, principal| corrections::void_meeting(tx, principal, id, expected, void)).await
}
