//! Minutes of a meeting: status, views, the minutes scope and entry storage.

use domain::access::{Action, Principal, ResourceKind};
use domain::boards::{Disclosure, ItemOutcome, MinutesStatus};
use domain::rules::check_text;
use domain::RuleViolation;
use openapi::boards::{MinuteEntry, MinuteEntryInput, MinuteSignature, Minutes};
use persistence::boards::{self as store, *};
use persistence::DbConnection;

use crate::context::versioned_change;
use crate::convert::{instant, optional_uuid, stored, uuid};
use crate::error::ApiError;
use crate::service::boards::{new_id, now, BoardScope};
use crate::service::meetings::MeetingScope;
use crate::service::{allow, refuse_if_any, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Minutes;

pub fn status_of(row: &MinutesRow) -> Result<MinutesStatus, ApiError> {
    stored(MinutesStatus::parse(&row.status), "minutes status", &row.status)
}

pub fn conflict(e: domain::boards::IllegalTransition) -> ApiError {
    ApiError::Conflict(e.to_string())
}

pub fn minutes_view(
    conn: &mut DbConnection,
    row: MinutesRow,
    board_id: &str,
    insider: bool,
) -> Result<Minutes, ApiError> {
    let mut entries = Vec::new();
    for entry in store::minute_entries_of(conn, &row.id)? {
        let item = agenda_item_store::find(conn, &entry.agenda_item_id)?
            .ok_or_else(|| ApiError::Internal("minute entry without agenda item".into()))?;
        let redacted = item.disclosure == Disclosure::Exempt.as_str() && !insider;
        entries.push(MinuteEntry {
            agenda_item_id: uuid(&item.id)?,
            label: item.label,
            title: item.title,
            text: (!redacted).then_some(entry.text),
            outcome: entry.outcome.as_deref().map(|o| stored(ItemOutcome::parse(o), "outcome", o)).transpose()?,
            redacted,
        });
    }
    let signatures = store::minute_signatures_of(conn, &row.id)?
        .into_iter()
        .map(|s| Ok(MinuteSignature { person_id: uuid(&s.person_id)?, capacity: s.capacity, signed_on: s.signed_on }))
        .collect::<Result<_, ApiError>>()?;
    Ok(Minutes {
        id: uuid(&row.id)?,
        meeting_id: uuid(&row.meeting_id)?,
        board_id: uuid(board_id)?,
        revision: row.revision,
        status: status_of(&row)?,
        entries,
        approved_at_meeting_id: optional_uuid(&row.approved_at_meeting_id)?,
        amendments: row.amendments,
        signatures,
        published_on: row.published_on,
        published_url: row.published_url,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

/// Minutes with their meeting and board; non-parties see only published minutes of public boards.
pub fn minutes_scope(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
    action: Action,
) -> Result<(MinutesRow, MeetingScope), ApiError> {
    let row = minutes_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let scope = MeetingScope::load(conn, &row.meeting_id)?;
    let public = scope.board.board.public && row.status == MinutesStatus::Published.as_str();
    allow(principal, action, &scope.board.resource(KIND, public))?;
    Ok((row, scope))
}

pub fn write_entries(
    conn: &mut DbConnection,
    minutes_id: &str,
    meeting_id: &str,
    entries: &[MinuteEntryInput],
) -> Result<(), ApiError> {
    let mut violations = Vec::new();
    for (n, entry) in entries.iter().enumerate() {
        violations.extend(check_text(&entry.text, &format!("/entries/{n}/text"), 100_000));
        if entries[..n].iter().any(|e| e.agenda_item_id == entry.agenda_item_id) {
            violations.push(RuleViolation::new(
                "duplicate",
                format!("/entries/{n}/agenda_item_id"),
                "one entry per agenda item",
            ));
        }
    }
    refuse_if_any([violations])?;
    for (n, entry) in entries.iter().enumerate() {
        agenda_item_store::find(conn, &entry.agenda_item_id.to_string())?
            .filter(|i| i.meeting_id == meeting_id)
            .ok_or_else(|| {
                ApiError::unknown_reference(&format!("/entries/{n}/agenda_item_id"), "agenda item of this meeting")
            })?;
    }
    persistence::boards::clear_minute_entries(conn, minutes_id)?;
    let now = now();
    for entry in entries {
        minute_entry_store::insert(
            conn,
            &MinuteEntryRow {
                id: new_id(),
                minutes_id: minutes_id.to_string(),
                agenda_item_id: entry.agenda_item_id.to_string(),
                text: entry.text.clone(),
                outcome: entry.outcome.map(|o| o.as_str().to_string()),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
    }
    Ok(())
}

pub fn change(
    conn: &mut DbConnection,
    action: &'static str,
    row: MinutesRow,
    board: &BoardScope,
    created: bool,
) -> Result<persistence::Change, ApiError> {
    let (id, version) = (row.id.clone(), row.version);
    let view = minutes_view(conn, row, &board.board.id, true)?;
    versioned_change(action, KIND, &id, version, &view, created.then(|| format!("{LOCATION_PREFIX}/minutes/{id}")))
}
