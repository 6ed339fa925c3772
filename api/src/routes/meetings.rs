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
    summary = "List a board's meetings",
    description = "The board's meetings with their dates, status and quorum; exempt agenda items appear as their \
        shell to those without exempt access (R-PB-03).",
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
    summary = "Schedule a board meeting",
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
    summary = "Read one meeting",
    description = "One meeting with its times (Europe/London), venue, chairs, attendance, declarations, agenda and \
        quorum as at its date (R-BD-01, R-TM-04). Exempt agenda items are shown as their shell to those without \
        exempt access (R-PB-03).",
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses((status = 200, description = "The meeting with attendance, quorum, agenda and declarations", body = Meeting)))]
pub async fn get_meeting(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| meetings::get_meeting(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(patch, path = "/api/v1/meetings/{id}", operation_id = "update_meeting", tag = "boards",
    summary = "Reschedule or amend a meeting",
    description = "Changes a meeting's date, times, venue, chairs, minute taker or the link to the next meeting \
        (which must be a later meeting of the same board). Times are Europe/London clock times. Needs `If-Match`; \
        audited as `meeting.updated`.",
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
    summary = "Record that a meeting took place",
    description = "Marks a scheduled meeting as held, optionally with its end time; minutes can then be taken. 409 \
        unless the meeting is scheduled. Needs `If-Match`; audited as `meeting.held`.",
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
    summary = "Cancel a meeting",
    description = "Marks a scheduled meeting as cancelled: it takes no attendance, decisions or minutes. 409 unless \
        it is scheduled. Needs `If-Match`; audited as `meeting.cancelled`.",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body(content = MeetingOutcome, description = "Empty: a cancelled meeting has no end time",
        example = json!({})),
    responses((status = 200, description = "The meeting, now cancelled", body = Meeting)))]
pub async fn cancel_meeting(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MeetingOutcome>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let end_time = body.value.end_time;
    ctx.change(move |tx, principal| {
        meetings::move_meeting(tx, principal, id, expected, MeetingStatus::Cancelled, end_time)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendance", operation_id = "add_meeting_attendance", tag = "boards",
    summary = "Record someone's attendance at a meeting",
    description = "Records one person as present, in attendance, giving apologies, absent or a guest, with their \
        capacity. The corporation sole represented and the vote default to the person's board membership on the \
        meeting day, and the quorum (R-BD-01) is recomputed. 409 for a cancelled or void meeting or when the \
        person's attendance is already recorded; audited as `meeting.attendance_recorded`.",
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
    summary = "Register and record an attendee named in a paper",
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
    summary = "Add an item to a meeting's agenda",
    description = "Adds an agenda item with its label as the paper numbers it (e.g. `03/26/07/17` or `9.6`), title, \
        presenter and disclosure. Exempt business must give at least one FOI Act section and a reason, and s22 an \
        intended publication date (refused R-PB-02). A label already on the agenda is refused (409); audited as \
        `agenda_item.created`.",
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
    summary = "Read one agenda item",
    description = "One agenda item with its papers. Exempt items and papers are shown as their shell (label, FOI \
        sections, and the title unless withheld) to those without exempt access (R-PB-03).",
    params(("id" = Uuid, Path, description = "Agenda item id")),
    responses((status = 200, description = "The item (exempt content reduced to its shell for non-members)", body = AgendaItem)))]
pub async fn get_agenda_item(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| meetings::get_agenda_item(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(patch, path = "/api/v1/agenda-items/{id}", operation_id = "update_agenda_item", tag = "boards",
    summary = "Change an agenda item",
    description = "Changes an item's label, title, presenter, position or disclosure; exemptions are checked again \
        (R-PB-02). Needs `If-Match`; audited as `agenda_item.updated`.",
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
    summary = "Attach a paper to an agenda item",
    description = "Records a paper for the item (title, version, URI, SHA-256 digest, date) with its own \
        disclosure: an exempt paper (a Part 2 paper) needs FOI sections and a reason (refused R-PB-02). Audited on \
        the agenda item.",
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
    summary = "Record a declaration of interest",
    description = "Records a declaration of interest made at the meeting, optionally for one agenda item, and \
        whether the person withdrew for it. Audited as `meeting.declaration_recorded`.",
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
