//! Minutes of a meeting: status, views, the minutes scope and entry storage.

use domain::access::{Action, Principal, Resource, ResourceKind};
use domain::boards::{
    check_minutes_approval, check_minutes_signature, Disclosure, ItemOutcome, MeetingRef, MeetingStatus, MinutesStatus,
};
use domain::rules::check_text;
use domain::RuleViolation;
use openapi::boards::{
    MinuteEntry, MinuteEntryInput, MinuteSignature, Minutes, MinutesApproval, MinutesList, NewMinutes,
    NewMinutesSignature,
};
use openapi::boards::{MinutesUpdate, Publication};
use persistence::boards::{self as store, *};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::{instant, stored};
use crate::error::ApiError;
use crate::service::boards::{check_person, now, BoardScope};
use crate::service::meetings::{meeting_quorum, MeetingScope};
use crate::service::{allow, check_version, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Minutes;

pub fn status_of(row: &MinutesRow) -> Result<MinutesStatus, ApiError> {
    Ok(row.status)
}

pub fn conflict(e: domain::boards::IllegalTransition) -> ApiError {
    ApiError::Conflict(e.to_string())
}

pub fn minutes_view(
    conn: &mut DbConnection,
    row: MinutesRow,
    board_id: BoardId,
    sees_exempt: bool,
) -> Result<Minutes, ApiError> {
    let mut entries = Vec::new();
    for entry in store::minute_entries_of(conn, row.id)? {
        let item = agenda_item_store::find(conn, entry.agenda_item_id)?
            .ok_or_else(|| ApiError::Internal("minute entry without agenda item".into()))?;
        let exempt = item.disclosure == Disclosure::Exempt.as_str();
        let redacted = exempt && !sees_exempt;
        entries.push(MinuteEntry {
            agenda_item_id: item.id.uuid(),
            label: item.label,
            title: domain::boards::shown_title(item.title, exempt, item.title_withheld, sees_exempt),
            text: (!redacted).then_some(entry.text),
            outcome: entry.outcome.as_deref().map(|o| stored(ItemOutcome::parse(o), "outcome", o)).transpose()?,
            redacted,
        });
    }
    let signatures = store::minute_signatures_of(conn, row.id)?
        .into_iter()
        .map(|s| MinuteSignature { person_id: s.person_id.uuid(), capacity: s.capacity, signed_on: s.signed_on })
        .collect();
    Ok(Minutes {
        id: row.id.uuid(),
        meeting_id: row.meeting_id.uuid(),
        board_id: board_id.uuid(),
        revision: row.revision,
        status: status_of(&row)?,
        entries,
        approved_at_meeting_id: row.approved_at_meeting_id.map(Uuid::from),
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
    id: MinutesId,
    action: Action,
) -> Result<(MinutesRow, MeetingScope), ApiError> {
    let row = minutes_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let scope = MeetingScope::load(conn, row.meeting_id)?;
    allow(principal, action, &minutes_resource(&row, &scope.board))?;
    Ok((row, scope))
}

/// The policy's view of minutes: beyond the board's parties, they are seen once published by a
/// public board.
pub fn minutes_resource(row: &MinutesRow, board: &BoardScope) -> Resource {
    board.resource(KIND, board.board.public && row.status == MinutesStatus::Published)
}

pub fn write_entries(
    conn: &mut DbConnection,
    minutes_id: MinutesId,
    meeting_id: MeetingId,
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
        agenda_item_store::find(conn, entry.agenda_item_id.into())?.filter(|i| i.meeting_id == meeting_id).ok_or_else(
            || ApiError::unknown_reference(&format!("/entries/{n}/agenda_item_id"), "agenda item of this meeting"),
        )?;
    }
    persistence::boards::clear_minute_entries(conn, minutes_id)?;
    let now = now();
    for entry in entries {
        minute_entry_store::insert(
            conn,
            &MinuteEntryRow {
                id: MinuteEntryId::generate(),
                minutes_id,
                agenda_item_id: entry.agenda_item_id.into(),
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
    principal: &Principal,
    action: &'static str,
    row: MinutesRow,
    board: &BoardScope,
    created: bool,
) -> Result<persistence::Change, ApiError> {
    let (id, version) = (row.id, row.version);
    let sees_exempt = board.sees_exempt(conn, principal)?;
    let view = minutes_view(conn, row, board.board.id, sees_exempt)?;
    versioned_change(action, KIND, id, version, &view, created.then(|| format!("{LOCATION_PREFIX}/minutes/{id}")))
}

pub fn create_minutes(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewMinutes,
) -> Result<Change, ApiError> {
    let scope = MeetingScope::load(tx, id.into())?;
    allow(principal, Action::Create, &scope.board.resource(KIND, scope.board.board.public))?;
    if scope.status()? != MeetingStatus::Held {
        return Err(ApiError::Conflict(format!(
            "the meeting is {}; minutes are taken of held meetings",
            scope.meeting.status
        )));
    }
    let existing = store::minutes_of(tx, scope.meeting.id)?;
    if existing.iter().any(|m| m.status == MinutesStatus::Draft) {
        return Err(ApiError::Conflict("draft minutes of this meeting exist: edit them instead".into()));
    }
    let revision = existing.iter().map(|m| m.revision).max().unwrap_or(0) + 1;
    let now = now();
    let row = MinutesRow {
        id: MinutesId::generate(),
        meeting_id: scope.meeting.id,
        revision,
        status: MinutesStatus::Draft,
        approved_at_meeting_id: None,
        amendments: None,
        published_on: None,
        published_url: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    minutes_store::insert(tx, &row)?;
    write_entries(tx, row.id, row.meeting_id, &new.entries)?;
    change(tx, principal, "create", row, &scope.board, true)
}

pub fn approve_minutes(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    approval: MinutesApproval,
) -> Result<Change, ApiError> {
    let (mut row, scope) = minutes_scope(tx, principal, id.into(), Action::Update)?;
    check_version(&row, expected)?;
    let next = status_of(&row)?.transition(MinutesStatus::Approved).map_err(conflict)?;
    let at = meeting_store::find(tx, approval.approved_at_meeting_id.into())?
        .ok_or_else(|| ApiError::unknown_reference("/approved_at_meeting_id", "meeting"))?;
    let reference = |m: &MeetingRow| MeetingRef {
        id: m.id.uuid(),
        board_id: m.board_id.uuid(),
        date: m.starts_at.date(),
        held: m.status == MeetingStatus::Held,
    };
    // Quorate as its own board counts it; a meeting of another board is refused anyway.
    let quorate = at.board_id == scope.board.board.id && meeting_quorum(tx, &at, &scope.board.board)?.quorate;
    refuse_if_any([check_minutes_approval(&reference(&scope.meeting), &reference(&at), quorate)])?;
    row.status = next;
    row.approved_at_meeting_id = Some(at.id);
    row.amendments = approval.amendments;
    save(tx, &mut row, expected, minutes_store::update_versioned)?;
    change(tx, principal, "approve", row, &scope.board, false)
}

pub fn add_minutes_signature(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewMinutesSignature,
) -> Result<Change, ApiError> {
    let (mut row, scope) = minutes_scope(tx, principal, id.into(), Action::Update)?;
    status_of(&row)?.signable().map_err(conflict)?;
    refuse_if_any([check_text(&new.capacity, "/capacity", 300)])?;
    check_person(tx, new.person_id, "/person_id")?;
    let chairs: Vec<Uuid> =
        store::meeting_chairs_of(tx, scope.meeting.id)?.iter().map(|c| c.person_id.uuid()).collect();
    let signed: Vec<Uuid> = store::minute_signatures_of(tx, row.id)?.iter().map(|s| s.person_id.uuid()).collect();
    let (violations, complete) = check_minutes_signature(&chairs, &signed, new.person_id);
    refuse_if_any([violations])?;
    let now = now();
    minute_signature_store::insert(
        tx,
        &MinuteSignatureRow {
            id: MinuteSignatureId::generate(),
            minutes_id: row.id,
            person_id: new.person_id.into(),
            capacity: new.capacity,
            signed_on: new.signed_on,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    if complete {
        row.status = MinutesStatus::Approved.transition(MinutesStatus::Signed).map_err(conflict)?;
    }
    let current = row.version;
    save(tx, &mut row, current, minutes_store::update_versioned)?;
    change(tx, principal, "sign", row, &scope.board, true)
}

pub fn list_meeting_minutes(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    page: persistence::registry::PageRequest,
) -> Result<MinutesList, ApiError> {
    let scope = MeetingScope::authorized(conn, principal, id.into(), Action::Read)?;
    let insider = scope.board.insider(principal);
    let exempt = scope.board.sees_exempt(conn, principal)?;
    let visible: Vec<MinutesRow> = store::minutes_of(conn, scope.meeting.id)?
        .into_iter()
        .filter(|row| insider || row.status == MinutesStatus::Published)
        .collect();
    // By revision: the cursor is the last revision's number, padded so text order is number order.
    let page =
        persistence::Page::of_computed(visible, page.after.as_ref(), page.limit, |m| format!("{:012}", m.revision));
    let mut items = Vec::new();
    for row in page.items {
        items.push(minutes_view(conn, row, scope.board.board.id, exempt)?);
    }
    Ok(MinutesList { items, next_cursor: crate::extract::encode_cursor(page.next_cursor) })
}

pub fn get_minutes(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Minutes, ApiError> {
    let (row, scope) = minutes_scope(conn, principal, id.into(), Action::Read)?;
    let exempt = scope.board.sees_exempt(conn, principal)?;
    minutes_view(conn, row, scope.board.board.id, exempt)
}

pub fn update_minutes(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: MinutesUpdate,
) -> Result<Change, ApiError> {
    let (mut row, scope) = minutes_scope(tx, principal, id.into(), Action::Update)?;
    check_version(&row, expected)?;
    status_of(&row)?.editable().map_err(conflict)?;
    write_entries(tx, row.id, row.meeting_id, &patch.entries)?;
    save(tx, &mut row, expected, minutes_store::update_versioned)?;
    change(tx, principal, "update", row, &scope.board, false)
}

pub fn publish_minutes(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    publication: Publication,
) -> Result<Change, ApiError> {
    let (mut row, scope) = minutes_scope(tx, principal, id.into(), Action::Update)?;
    check_version(&row, expected)?;
    let next = status_of(&row)?.transition(MinutesStatus::Published).map_err(conflict)?;
    refuse_if_any([check_text(&publication.published_url, "/published_url", 2000)])?;
    row.status = next;
    row.published_on = Some(publication.published_on);
    row.published_url = Some(publication.published_url);
    save(tx, &mut row, expected, minutes_store::update_versioned)?;
    change(tx, principal, "publish", row, &scope.board, false)
}
