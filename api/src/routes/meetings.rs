//! Meetings of a board: schedule (Europe/London), status, chairs and minute taker, attendance with
//! the quorum it gives (R-BD-01), the agenda with papers and disclosure (R-PB-02), declarations.

use actix_web::{web, HttpResponse};
use domain::boards::MeetingStatus;
use openapi::boards::{
    AgendaItem, AgendaItemUpdate, Meeting, MeetingList, MeetingOutcome, MeetingUpdate, NewAgendaItem, NewAttendance,
    NewAttendee, NewDeclaration, NewMeeting, NewPaper,
};

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, PagingQuery, QueryParams};
use crate::service::{attendees, meetings};

#[utoipa::path(get, path = "/api/v1/boards/{id}/meetings", operation_id = "list_board_meetings", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id"), PagingQuery),
    responses((status = 200, description = "A page of the board's meetings", body = MeetingList)))]
pub async fn list_board_meetings(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<PagingQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list = ctx.read(move |conn, principal| meetings::list_board_meetings(conn, principal, id, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/meetings", operation_id = "create_meeting", tag = "boards",
    description = "Schedules a meeting, or records one from a published paper. `start_time` may be left out when the paper gives only the date (R-TM-05). A meeting of the same board on the same date is stored with a `meeting.likely_duplicate` warning.",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = NewMeeting, responses((status = 201, description = "Scheduled", body = Meeting)))]
pub async fn create_meeting(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMeeting>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| meetings::create_meeting(tx, principal, id, new)).await
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}", operation_id = "get_meeting", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses((status = 200, description = "The meeting with attendance, quorum, agenda and declarations", body = Meeting)))]
pub async fn get_meeting(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| meetings::get_meeting(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(patch, path = "/api/v1/meetings/{id}", operation_id = "update_meeting", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = MeetingUpdate, responses((status = 200, description = "Updated", body = Meeting)))]
pub async fn update_meeting(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MeetingUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| meetings::update_meeting(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/held", operation_id = "record_meeting_held", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = MeetingOutcome, responses((status = 200, description = "The meeting, now held", body = Meeting)))]
pub async fn record_meeting_held(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MeetingOutcome>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let end_time = body.value.end_time;
    ctx.change(move |tx, principal| meetings::move_meeting(tx, principal, id, expected, MeetingStatus::Held, end_time))
        .await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/cancellation", operation_id = "cancel_meeting", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = MeetingOutcome, description = "Empty: a cancelled meeting has no end time",
        example = json!({})),
    responses((status = 200, description = "The meeting, now cancelled", body = Meeting)))]
pub async fn cancel_meeting(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MeetingOutcome>,
) -> Result<HttpResponse, ApiError> {
    if body.value.end_time.is_some() {
        let why = "a cancelled meeting has no end time";
        return Err(ApiError::Rules(vec![domain::RuleViolation::new("meeting.cancelled_end_time", "/end_time", why)]));
    }
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    ctx.change(move |tx, principal| meetings::move_meeting(tx, principal, id, expected, MeetingStatus::Cancelled, None))
        .await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendance", operation_id = "add_meeting_attendance", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewAttendance, responses((status = 201, description = "The meeting with the attendance recorded", body = Meeting)))]
pub async fn add_meeting_attendance(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewAttendance>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| meetings::add_meeting_attendance(tx, principal, id, new)).await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendees", operation_id = "add_meeting_attendee", tag = "boards",
    description = "A board secretary recording a published paper registers someone it names who has no person \
        record (name and organisation only) and records their attendance in one step (R-TM-05); no organisation \
        administrator is needed. \
        `Location` names the new person; the body is the meeting. 409 when that organisation already has a \
        person of that name (record their attendance with `/attendance` instead).",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewAttendee, responses((status = 201, description = "The meeting with the attendance recorded; `Location` is the new person", body = Meeting)))]
pub async fn add_meeting_attendee(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewAttendee>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| attendees::add_meeting_attendee(tx, principal, id, new)).await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/agenda-items", operation_id = "add_agenda_item", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewAgendaItem, responses((status = 201, description = "Created", body = AgendaItem)))]
pub async fn add_agenda_item(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewAgendaItem>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| meetings::add_agenda_item(tx, principal, id, new)).await
}

#[utoipa::path(get, path = "/api/v1/agenda-items/{id}", operation_id = "get_agenda_item", tag = "boards",
    params(("id" = Uuid, Path, description = "Agenda item id")),
    responses((status = 200, description = "The item (exempt content reduced to its shell for non-members)", body = AgendaItem)))]
pub async fn get_agenda_item(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| meetings::get_agenda_item(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(patch, path = "/api/v1/agenda-items/{id}", operation_id = "update_agenda_item", tag = "boards",
    params(("id" = Uuid, Path, description = "Agenda item id")),
    request_body = AgendaItemUpdate, responses((status = 200, description = "Updated", body = AgendaItem)))]
pub async fn update_agenda_item(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<AgendaItemUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| meetings::update_agenda_item(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/agenda-items/{id}/papers", operation_id = "add_agenda_paper", tag = "boards",
    params(("id" = Uuid, Path, description = "Agenda item id")),
    request_body = NewPaper, responses((status = 201, description = "The item with the new paper", body = AgendaItem)))]
pub async fn add_agenda_paper(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewPaper>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| meetings::add_agenda_paper(tx, principal, id, new)).await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/declarations", operation_id = "add_meeting_declaration", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewDeclaration, responses((status = 201, description = "The meeting with the declaration", body = Meeting)))]
pub async fn add_meeting_declaration(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewDeclaration>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| meetings::add_meeting_declaration(tx, principal, id, new)).await
}
