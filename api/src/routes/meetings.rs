//! Meetings of a board: schedule (Europe/London), status, chairs and minute taker, attendance with
//! the quorum it gives (R-BD-01), the agenda with papers and disclosure (R-PB-02), declarations.

use actix_web::{web, HttpResponse};
use domain::access::{Action, ResourceKind};
use domain::boards::{check_sha256, MeetingStatus};
use domain::rules::check_text;
use domain::RuleViolation;
use openapi::boards::{
    AgendaItem, AgendaItemUpdate, Meeting, MeetingList, MeetingOutcome, MeetingUpdate, NewAgendaItem, NewAttendance,
    NewDeclaration, NewMeeting, NewPaper,
};
use persistence::boards::{self as store, *};

use crate::context::{versioned_change, RequestContext};
use crate::error::ApiError;
use crate::extract::{encode_cursor, path_id, JsonBody, QueryParams};
use crate::extract::{Paging, PagingQuery};
use crate::service::boards::{
    check_corporation_sole, check_disclosure, check_person, new_id, now, store_disclosure, touch, BoardScope,
};
use crate::service::meetings::{
    agenda_item_view, check_item_text, item_scope, local_start, meeting_change, meeting_view, membership_on,
    replace_chairs, MeetingScope, KIND,
};
use crate::service::{allow, check_version, refuse_if_any, save, LOCATION_PREFIX};

#[utoipa::path(get, path = "/api/v1/boards/{id}/meetings", operation_id = "list_board_meetings", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id"), PagingQuery),
    responses((status = 200, description = "A page of the board's meetings", body = MeetingList)))]
pub async fn list_board_meetings(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<PagingQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list = ctx
        .read(move |conn, principal| {
            let scope = BoardScope::load(conn, &id)?;
            allow(principal, Action::Read, &scope.resource(KIND, scope.board.public))?;
            let insider = scope.insider(principal);
            let page = store::list_meetings(conn, &id, &page)?;
            let mut items = Vec::new();
            for row in page.items {
                items.push(meeting_view(conn, row, &scope.board, insider)?);
            }
            Ok(MeetingList { items, next_cursor: encode_cursor(page.next_cursor) })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/boards/{id}/meetings", operation_id = "create_meeting", tag = "boards",
    params(("id" = Uuid, Path, description = "Board id")),
    request_body = NewMeeting, responses((status = 201, description = "Scheduled", body = Meeting)))]
pub async fn create_meeting(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMeeting>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let scope = BoardScope::load(tx, &id)?;
        allow(principal, Action::Create, &scope.resource(KIND, scope.board.public))?;
        refuse_if_any([check_text(&new.venue, "/venue", 300)])?;
        let starts_at = local_start(new.date, &new.start_time, "/start_time")?;
        let ends_at = new.end_time.as_deref().map(|t| local_start(new.date, t, "/end_time")).transpose()?;
        if ends_at.is_some_and(|end| end < starts_at) {
            return Err(ApiError::Rules(vec![RuleViolation::new(
                "period.invalid",
                "/end_time",
                "the meeting ends before it starts",
            )]));
        }
        if let Some(taker) = new.minute_taker_person_id {
            check_person(tx, taker, "/minute_taker_person_id")?;
        }
        let now = now();
        let row = MeetingRow {
            id: new_id(),
            board_id: id.clone(),
            starts_at,
            ends_at,
            venue: new.venue.trim().to_string(),
            status: MeetingStatus::Scheduled.as_str().into(),
            minute_taker_person_id: new.minute_taker_person_id.map(|p| p.to_string()),
            next_meeting_id: None,
            next_meeting_note: new.next_meeting_note,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        meeting_store::insert(tx, &row)?;
        replace_chairs(tx, &row.id, &new.chairs)?;
        meeting_change(tx, "create", row, &scope.board, true)
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/meetings/{id}", operation_id = "get_meeting", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    responses((status = 200, description = "The meeting with attendance, quorum, agenda and declarations", body = Meeting)))]
pub async fn get_meeting(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let found = ctx
        .read(move |conn, principal| {
            let scope = MeetingScope::authorized(conn, principal, &id, Action::Read)?;
            let insider = scope.board.insider(principal);
            meeting_view(conn, scope.meeting, &scope.board.board, insider)
        })
        .await?;
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
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| {
        let MeetingScope { mut meeting, board } = MeetingScope::authorized(tx, principal, &id, Action::Update)?;
        check_version(&meeting, expected)?;
        let date = patch.date.unwrap_or(meeting.starts_at.date());
        let start = match &patch.start_time {
            Some(t) => local_start(date, t, "/start_time")?,
            None => date.and_time(meeting.starts_at.time()),
        };
        let end = match &patch.end_time {
            Some(t) => Some(local_start(date, t, "/end_time")?),
            None => meeting.ends_at.map(|e| date.and_time(e.time())),
        };
        if end.is_some_and(|e| e < start) {
            return Err(ApiError::Rules(vec![RuleViolation::new(
                "period.invalid",
                "/end_time",
                "the meeting ends before it starts",
            )]));
        }
        meeting.starts_at = start;
        meeting.ends_at = end;
        if let Some(venue) = patch.venue {
            refuse_if_any([check_text(&venue, "/venue", 300)])?;
            meeting.venue = venue;
        }
        if let Some(taker) = patch.minute_taker_person_id {
            check_person(tx, taker, "/minute_taker_person_id")?;
            meeting.minute_taker_person_id = Some(taker.to_string());
        }
        if let Some(next) = patch.next_meeting_id {
            let next_row = meeting_store::find(tx, &next.to_string())?
                .filter(|n| n.board_id == meeting.board_id && n.starts_at > meeting.starts_at)
                .ok_or_else(|| ApiError::unknown_reference("/next_meeting_id", "later meeting of this board"))?;
            meeting.next_meeting_id = Some(next_row.id);
        }
        if let Some(note) = patch.next_meeting_note {
            meeting.next_meeting_note = Some(note);
        }
        if let Some(chairs) = &patch.chairs {
            replace_chairs(tx, &meeting.id, chairs)?;
        }
        save(tx, &mut meeting, expected, meeting_store::update_versioned)?;
        meeting_change(tx, "update", meeting, &board.board, false)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/held", operation_id = "record_meeting_held", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = MeetingOutcome, responses((status = 200, description = "The meeting, now held", body = Meeting)))]
pub async fn record_meeting_held(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MeetingOutcome>,
) -> Result<HttpResponse, ApiError> {
    transition(ctx, id.into_inner(), MeetingStatus::Held, body.value.end_time).await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/cancellation", operation_id = "cancel_meeting", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = MeetingOutcome, responses((status = 200, description = "The meeting, now cancelled", body = Meeting)))]
pub async fn cancel_meeting(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MeetingOutcome>,
) -> Result<HttpResponse, ApiError> {
    if body.value.end_time.is_some() {
        return Err(ApiError::invalid_field("/end_time", "invalid", "a cancelled meeting has no end time"));
    }
    transition(ctx, id.into_inner(), MeetingStatus::Cancelled, None).await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendance", operation_id = "add_meeting_attendance", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewAttendance, responses((status = 201, description = "The meeting with the attendance recorded", body = Meeting)))]
pub async fn add_meeting_attendance(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewAttendance>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let MeetingScope { mut meeting, board } = MeetingScope::authorized(tx, principal, &id, Action::Update)?;
        if meeting.status == MeetingStatus::Cancelled.as_str() {
            return Err(ApiError::Conflict("the meeting is cancelled, so it has no attendance".into()));
        }
        refuse_if_any([check_text(&new.capacity, "/capacity", 300)])?;
        check_person(tx, new.person_id, "/person_id")?;
        let person = new.person_id.to_string();
        if store::attendance_of(tx, &meeting.id)?.iter().any(|a| a.person_id == person) {
            return Err(ApiError::Conflict("this person's attendance is already recorded".into()));
        }
        let membership = membership_on(tx, &board.board.id, &person, meeting.starts_at.date())?;
        if let Some(cs) = new.corporation_sole_id {
            check_corporation_sole(tx, cs, "/corporation_sole_id")?;
        }
        let corporation_sole_id = new
            .corporation_sole_id
            .map(|c| c.to_string())
            .or_else(|| membership.as_ref().and_then(|m| m.corporation_sole_id.clone()));
        let voting = new.voting.unwrap_or_else(|| membership.as_ref().is_some_and(|m| m.voting));
        let now = now();
        attendance_store::insert(
            tx,
            &AttendanceRow {
                id: new_id(),
                meeting_id: meeting.id.clone(),
                person_id: person,
                kind: new.kind.as_str().into(),
                capacity: new.capacity,
                corporation_sole_id,
                voting,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        touch(tx, &mut meeting, meeting_store::update_versioned)?;
        meeting_change(tx, "add_attendance", meeting, &board.board, true)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/agenda-items", operation_id = "add_agenda_item", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewAgendaItem, responses((status = 201, description = "Created", body = AgendaItem)))]
pub async fn add_agenda_item(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewAgendaItem>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let MeetingScope { mut meeting, .. } = MeetingScope::authorized(tx, principal, &id, Action::Update)?;
        refuse_if_any([
            check_item_text(&new.label, &new.title, new.presenter.as_deref()),
            check_disclosure(&new.disclosure, "/disclosure"),
        ])?;
        let agenda = store::agenda_of(tx, &meeting.id)?;
        if agenda.iter().any(|i| i.label == new.label) {
            return Err(ApiError::Conflict(format!("the agenda already has an item labelled {:?}", new.label)));
        }
        let position = new.position.unwrap_or_else(|| agenda.iter().map(|i| i.position).max().unwrap_or(0) + 1);
        let (disclosure, foi_sections, exemption_reason, intended_publication_on) = store_disclosure(&new.disclosure);
        let now = now();
        let row = AgendaItemRow {
            id: new_id(),
            meeting_id: meeting.id.clone(),
            label: new.label,
            position,
            title: new.title,
            presenter: new.presenter,
            standing_item: new.standing_item.map(|s| s.as_str().to_string()),
            disclosure,
            foi_sections,
            exemption_reason,
            intended_publication_on,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        agenda_item_store::insert(tx, &row)?;
        touch(tx, &mut meeting, meeting_store::update_versioned)?;
        let location = format!("{LOCATION_PREFIX}/agenda-items/{}", row.id);
        let (item_id, version) = (row.id.clone(), row.version);
        versioned_change(
            "create",
            ResourceKind::AgendaItem,
            &item_id,
            version,
            &agenda_item_view(tx, row, true)?,
            Some(location),
        )
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/agenda-items/{id}", operation_id = "get_agenda_item", tag = "boards",
    params(("id" = Uuid, Path, description = "Agenda item id")),
    responses((status = 200, description = "The item (exempt content reduced to its shell for non-members)", body = AgendaItem)))]
pub async fn get_agenda_item(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let found = ctx
        .read(move |conn, principal| {
            let (item, scope) = item_scope(conn, principal, &id, Action::Read)?;
            let insider = scope.board.insider(principal);
            agenda_item_view(conn, item, insider)
        })
        .await?;
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
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| {
        let (mut item, _) = item_scope(tx, principal, &id, Action::Update)?;
        check_version(&item, expected)?;
        if let Some(label) = patch.label {
            item.label = label;
        }
        if let Some(title) = patch.title {
            item.title = title;
        }
        if let Some(presenter) = patch.presenter {
            item.presenter = Some(presenter);
        }
        if let Some(position) = patch.position {
            item.position = position;
        }
        refuse_if_any([check_item_text(&item.label, &item.title, item.presenter.as_deref())])?;
        if let Some(disclosure) = &patch.disclosure {
            refuse_if_any([check_disclosure(disclosure, "/disclosure")])?;
            let (level, sections, reason, date) = store_disclosure(disclosure);
            item.disclosure = level;
            item.foi_sections = sections;
            item.exemption_reason = reason;
            item.intended_publication_on = date;
        }
        save(tx, &mut item, expected, agenda_item_store::update_versioned)?;
        let (item_id, version) = (item.id.clone(), item.version);
        versioned_change(
            "update",
            ResourceKind::AgendaItem,
            &item_id,
            version,
            &agenda_item_view(tx, item, true)?,
            None,
        )
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/agenda-items/{id}/papers", operation_id = "add_agenda_paper", tag = "boards",
    params(("id" = Uuid, Path, description = "Agenda item id")),
    request_body = NewPaper, responses((status = 201, description = "The item with the new paper", body = AgendaItem)))]
pub async fn add_agenda_paper(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewPaper>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let (mut item, _) = item_scope(tx, principal, &id, Action::Update)?;
        refuse_if_any([
            check_text(&new.title, "/title", 500),
            check_text(&new.version_label, "/version_label", 40),
            check_text(&new.uri, "/uri", 2000),
            check_sha256(&new.sha256, "/sha256"),
            check_disclosure(&new.disclosure, "/disclosure"),
        ])?;
        let (disclosure, foi_sections, exemption_reason, intended_publication_on) = store_disclosure(&new.disclosure);
        let now = now();
        paper_store::insert(
            tx,
            &PaperRow {
                id: new_id(),
                agenda_item_id: item.id.clone(),
                title: new.title,
                version_label: new.version_label,
                uri: new.uri,
                sha256: new.sha256,
                dated_on: new.dated_on,
                disclosure,
                foi_sections,
                exemption_reason,
                intended_publication_on,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        touch(tx, &mut item, agenda_item_store::update_versioned)?;
        let location = format!("{LOCATION_PREFIX}/agenda-items/{}", item.id);
        let (item_id, version) = (item.id.clone(), item.version);
        versioned_change(
            "add_paper",
            ResourceKind::AgendaItem,
            &item_id,
            version,
            &agenda_item_view(tx, item, true)?,
            Some(location),
        )
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/declarations", operation_id = "add_meeting_declaration", tag = "boards",
    params(("id" = Uuid, Path, description = "Meeting id")),
    request_body = NewDeclaration, responses((status = 201, description = "The meeting with the declaration", body = Meeting)))]
pub async fn add_meeting_declaration(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewDeclaration>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let MeetingScope { mut meeting, board } = MeetingScope::authorized(tx, principal, &id, Action::Update)?;
        refuse_if_any([check_text(&new.interest, "/interest", 2000)])?;
        check_person(tx, new.person_id, "/person_id")?;
        if let Some(item) = new.agenda_item_id {
            agenda_item_store::find(tx, &item.to_string())?
                .filter(|i| i.meeting_id == meeting.id)
                .ok_or_else(|| ApiError::unknown_reference("/agenda_item_id", "agenda item of this meeting"))?;
        }
        let now = now();
        declaration_store::insert(
            tx,
            &DeclarationRow {
                id: new_id(),
                meeting_id: meeting.id.clone(),
                agenda_item_id: new.agenda_item_id.map(|i| i.to_string()),
                person_id: new.person_id.to_string(),
                interest: new.interest,
                withdrew: new.withdrew,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        touch(tx, &mut meeting, meeting_store::update_versioned)?;
        meeting_change(tx, "add_declaration", meeting, &board.board, true)
    })
    .await
}

async fn transition(
    ctx: RequestContext,
    id: String,
    to: MeetingStatus,
    end_time: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    ctx.change(move |tx, principal| {
        let scope = MeetingScope::authorized(tx, principal, &id, Action::Update)?;
        check_version(&scope.meeting, expected)?;
        let next = scope.status()?.transition(to).map_err(|e| ApiError::Conflict(e.to_string()))?;
        let MeetingScope { mut meeting, board } = scope;
        if let Some(end) = end_time {
            meeting.ends_at = Some(local_start(meeting.starts_at.date(), &end, "/end_time")?);
        }
        meeting.status = next.as_str().into();
        save(tx, &mut meeting, expected, meeting_store::update_versioned)?;
        meeting_change(tx, if to == MeetingStatus::Held { "hold" } else { "cancel" }, meeting, &board.board, false)
    })
    .await
}
