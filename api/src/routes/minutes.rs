//! Minutes of a meeting (R-BD-03): `draft` -> `approved` at a later meeting of the same board ->
//! `signed` by the chair or both co-chairs -> `published`. Approved minutes never change; a
//! correction is a new revision that goes through the same steps.

use actix_web::{web, HttpResponse};
use domain::access::Action;
use domain::boards::{check_minutes_approval, check_minutes_signature, MeetingRef, MeetingStatus, MinutesStatus};
use domain::rules::check_text;
use openapi::boards::{
    Minutes, MinutesApproval, MinutesList, MinutesUpdate, NewMinutes, NewMinutesSignature, Publication,
};
use persistence::boards::{self as store, *};

use crate::context::RequestContext;
use crate::convert::uuid;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody};
use crate::service::boards::{check_person, new_id, now};
use crate::service::meetings::MeetingScope;
use crate::service::minutes::{change, conflict, minutes_scope, minutes_view, status_of, write_entries, KIND};
use crate::service::{allow, check_version, refuse_if_any, save};

#[utoipa::path(get, path = "/api/v1/meetings/{id}/minutes", operation_id = "list_meeting_minutes", tag = "boards",
    params(("id" = uuid::Uuid, Path, description = "Meeting id")),
    responses((status = 200, description = "Every revision the caller may see (non-members: published ones)", body = MinutesList)))]
pub async fn list_meeting_minutes(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let list = ctx
        .read(move |conn, principal| {
            let scope = MeetingScope::authorized(conn, principal, &id, Action::Read)?;
            let insider = scope.board.insider(principal);
            let mut items = Vec::new();
            for row in store::minutes_of(conn, &id)? {
                if insider || row.status == MinutesStatus::Published.as_str() {
                    items.push(minutes_view(conn, row, &scope.board.board.id, insider)?);
                }
            }
            items.sort_by_key(|m| m.revision);
            Ok(MinutesList { items, next_cursor: None })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes", operation_id = "create_minutes", tag = "boards",
    params(("id" = uuid::Uuid, Path, description = "Meeting id")),
    request_body = NewMinutes, responses((status = 201, description = "Draft minutes (a correction when earlier minutes are approved)", body = Minutes)))]
pub async fn create_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMinutes>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let scope = MeetingScope::load(tx, &id)?;
        allow(principal, Action::Create, &scope.board.resource(KIND, scope.board.board.public))?;
        if scope.status()? != MeetingStatus::Held {
            return Err(ApiError::Conflict(format!(
                "the meeting is {}; minutes are taken of held meetings",
                scope.meeting.status
            )));
        }
        let existing = store::minutes_of(tx, &id)?;
        if existing.iter().any(|m| m.status == MinutesStatus::Draft.as_str()) {
            return Err(ApiError::Conflict("draft minutes of this meeting exist: edit them instead".into()));
        }
        let revision = existing.iter().map(|m| m.revision).max().unwrap_or(0) + 1;
        let now = now();
        let row = MinutesRow {
            id: new_id(),
            meeting_id: id.clone(),
            revision,
            status: MinutesStatus::Draft.as_str().into(),
            approved_at_meeting_id: None,
            amendments: None,
            published_on: None,
            published_url: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        minutes_store::insert(tx, &row)?;
        write_entries(tx, &row.id, &id, &new.entries)?;
        change(tx, "create", row, &scope.board, true)
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/minutes/{id}", operation_id = "get_minutes", tag = "boards",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    responses((status = 200, description = "The minutes (exempt items as their shell for non-members)", body = Minutes)))]
pub async fn get_minutes(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let found = ctx
        .read(move |conn, principal| {
            let (row, scope) = minutes_scope(conn, principal, &id, Action::Read)?;
            let insider = scope.board.insider(principal);
            minutes_view(conn, row, &scope.board.board.id, insider)
        })
        .await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(patch, path = "/api/v1/minutes/{id}", operation_id = "update_minutes", tag = "boards",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    request_body = MinutesUpdate, responses((status = 200, description = "Updated (drafts only)", body = Minutes)))]
pub async fn update_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MinutesUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| {
        let (mut row, scope) = minutes_scope(tx, principal, &id, Action::Update)?;
        check_version(&row, expected)?;
        status_of(&row)?.editable().map_err(conflict)?;
        write_entries(tx, &row.id, &row.meeting_id.clone(), &patch.entries)?;
        save(tx, &mut row, expected, minutes_store::update_versioned)?;
        change(tx, "update", row, &scope.board, false)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/minutes/{id}/approval", operation_id = "approve_minutes", tag = "boards",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    request_body = MinutesApproval, responses((status = 200, description = "Approved at a later meeting; no longer editable", body = Minutes)))]
pub async fn approve_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<MinutesApproval>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let approval = body.value;
    ctx.change(move |tx, principal| {
        let (mut row, scope) = minutes_scope(tx, principal, &id, Action::Update)?;
        check_version(&row, expected)?;
        let next = status_of(&row)?.transition(MinutesStatus::Approved).map_err(conflict)?;
        let at = meeting_store::find(tx, &approval.approved_at_meeting_id.to_string())?
            .ok_or_else(|| ApiError::unknown_reference("/approved_at_meeting_id", "meeting"))?;
        let reference = |m: &MeetingRow| -> Result<MeetingRef, ApiError> {
            Ok(MeetingRef {
                id: uuid(&m.id)?,
                board_id: uuid(&m.board_id)?,
                date: m.starts_at.date(),
                held: m.status == MeetingStatus::Held.as_str(),
            })
        };
        refuse_if_any([check_minutes_approval(&reference(&scope.meeting)?, &reference(&at)?)])?;
        row.status = next.as_str().into();
        row.approved_at_meeting_id = Some(at.id);
        row.amendments = approval.amendments;
        save(tx, &mut row, expected, minutes_store::update_versioned)?;
        change(tx, "approve", row, &scope.board, false)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/minutes/{id}/signatures", operation_id = "add_minutes_signature", tag = "boards",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    request_body = NewMinutesSignature, responses((status = 201, description = "The minutes; signed once the chair or both co-chairs signed", body = Minutes)))]
pub async fn add_minutes_signature(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<NewMinutesSignature>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let (mut row, scope) = minutes_scope(tx, principal, &id, Action::Update)?;
        status_of(&row)?.signable().map_err(conflict)?;
        refuse_if_any([check_text(&new.capacity, "/capacity", 300)])?;
        check_person(tx, new.person_id, "/person_id")?;
        let chairs = store::meeting_chairs_of(tx, &scope.meeting.id)?
            .iter()
            .map(|c| uuid(&c.person_id))
            .collect::<Result<Vec<_>, _>>()?;
        let signed = store::minute_signatures_of(tx, &row.id)?
            .iter()
            .map(|s| uuid(&s.person_id))
            .collect::<Result<Vec<_>, _>>()?;
        let (violations, complete) = check_minutes_signature(&chairs, &signed, new.person_id);
        refuse_if_any([violations])?;
        let now = now();
        minute_signature_store::insert(
            tx,
            &MinuteSignatureRow {
                id: new_id(),
                minutes_id: row.id.clone(),
                person_id: new.person_id.to_string(),
                capacity: new.capacity,
                signed_on: new.signed_on,
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        if complete {
            row.status = MinutesStatus::Approved.transition(MinutesStatus::Signed).map_err(conflict)?.as_str().into();
        }
        let current = row.version;
        save(tx, &mut row, current, minutes_store::update_versioned)?;
        change(tx, "sign", row, &scope.board, true)
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/minutes/{id}/publication", operation_id = "publish_minutes", tag = "boards",
    params(("id" = uuid::Uuid, Path, description = "Minutes id")),
    request_body = Publication, responses((status = 200, description = "Published", body = Minutes)))]
pub async fn publish_minutes(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<Publication>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let publication = body.value;
    ctx.change(move |tx, principal| {
        let (mut row, scope) = minutes_scope(tx, principal, &id, Action::Update)?;
        check_version(&row, expected)?;
        let next = status_of(&row)?.transition(MinutesStatus::Published).map_err(conflict)?;
        refuse_if_any([check_text(&publication.published_url, "/published_url", 2000)])?;
        row.status = next.as_str().into();
        row.published_on = Some(publication.published_on);
        row.published_url = Some(publication.published_url);
        save(tx, &mut row, expected, minutes_store::update_versioned)?;
        change(tx, "publish", row, &scope.board, false)
    })
    .await
}
