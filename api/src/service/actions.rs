//! Actions raised at meetings: the board scope an action is decided on, its views (one page assembled
//! with one query per kind of part), and the audited change record.

use chrono::{NaiveDate, NaiveDateTime};
use domain::access::{list_scope, Action as Act, Principal, ResourceKind};
use domain::boards::ActionStatus;
use domain::rules::check_text;
use domain::RuleViolation;
use openapi::boards::{Action, ActionList, ActionOwner, ActionUpdate, NewAction, NewActionUpdate, OwnerInput};
use persistence::boards::{self as store, *};
use persistence::registry::{post_store, PageRequest};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::instant;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::boards::{check_person, now, touch};
use crate::service::meetings::MeetingScope;
use crate::service::{allow, check_version, group_by, refuse_if_any, save, today, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::BoardAction;

pub fn action_view(conn: &mut DbConnection, row: ActionRow) -> Result<Action, ApiError> {
    let mut views = action_views(conn, vec![row], today())?;
    views.pop().ok_or_else(|| ApiError::Internal("action view missing".into()))
}

/// The views of a page of actions as at `day` (whether overdue), with their owners and updates read
/// in one query per kind (not per action).
pub fn action_views(conn: &mut DbConnection, rows: Vec<ActionRow>, day: NaiveDate) -> Result<Vec<Action>, ApiError> {
    let ids: Vec<ActionId> = rows.iter().map(|r| r.id).collect();
    let mut owners = group_by(store::action_owners_of_each(conn, &ids)?, |o| o.action_id);
    let mut updates = group_by(store::action_updates_of_each(conn, &ids)?, |u| u.action_id);
    let mut corrections = crate::service::corrections::corrections_of(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let owners = owners.remove(&row.id).unwrap_or_default();
            let updates = updates.remove(&row.id).unwrap_or_default();
            let corrections = corrections.remove(&row.id).unwrap_or_default();
            let mut action = assemble_action(row, owners, updates, day)?;
            action.corrections = corrections;
            Ok(action)
        })
        .collect()
}

pub fn assemble_action(
    row: ActionRow,
    owners: Vec<ActionOwnerRow>,
    updates: Vec<ActionUpdateRow>,
    day: NaiveDate,
) -> Result<Action, ApiError> {
    let owners = owners
        .into_iter()
        .map(|o| ActionOwner { person_id: o.person_id.map(Uuid::from), post_id: o.post_id.map(Uuid::from) })
        .collect();
    let updates = updates.into_iter().map(|u| ActionUpdate { dated_on: u.dated_on, text: u.text }).collect();
    let status = row.status;
    Ok(Action {
        id: row.id.uuid(),
        meeting_id: row.meeting_id.uuid(),
        board_id: row.board_id.uuid(),
        agenda_item_id: row.agenda_item_id.map(Uuid::from),
        label: row.label,
        text: row.text,
        owners,
        due_on: row.due_on,
        status,
        closed_on: row.closed_on,
        overdue: status.overdue_on(row.due_on, row.closed_on, day),
        updates,
        corrections: Vec::new(),
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn action_scope(
    conn: &mut DbConnection,
    principal: &Principal,
    id: ActionId,
    act: Act,
) -> Result<(ActionRow, MeetingScope), ApiError> {
    let row = action_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let scope = MeetingScope::load(conn, row.meeting_id)?;
    let (minutes_published, from_exempt_item) = persistence::boards::action_publicity(conn, &row)?;
    let public = domain::boards::action_is_public(scope.board.board.public, minutes_published, from_exempt_item);
    allow(principal, act, &scope.board.resource(KIND, public))?;
    Ok((row, scope))
}

pub fn change(
    conn: &mut DbConnection,
    action: &'static str,
    row: ActionRow,
    created: bool,
) -> Result<persistence::Change, ApiError> {
    let (id, version) = (row.id, row.version);
    let view = action_view(conn, row)?;
    versioned_change(action, KIND, id, version, &view, created.then(|| format!("{LOCATION_PREFIX}/actions/{id}")))
}

pub fn create_action(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewAction,
) -> Result<Change, ApiError> {
    let row = raise_action(tx, principal, id.into(), new)?;
    change(tx, "create", row, true)
}

/// Checks and stores a new action raised at a meeting, with its owners.
pub fn raise_action(
    tx: &mut DbConnection,
    principal: &Principal,
    meeting_id: MeetingId,
    new: NewAction,
) -> Result<ActionRow, ApiError> {
    let scope = MeetingScope::load(tx, meeting_id)?;
    allow(principal, Act::Create, &scope.board.resource(KIND, scope.board.board.public))?;
    let mut violations = check_text(&new.text, "/text", 10_000);
    if let Some(label) = &new.label {
        violations.extend(check_text(label, "/label", 40));
    }
    violations.extend(owner_violations(&new.owners));
    refuse_if_any([violations])?;
    if let Some(item) = new.agenda_item_id {
        agenda_item_store::find(tx, item.into())?
            .filter(|i| i.meeting_id == scope.meeting.id)
            .ok_or_else(|| ApiError::unknown_reference("/agenda_item_id", "agenda item of this meeting"))?;
    }
    check_owners_exist(tx, &new.owners)?;
    let now = now();
    let row = action_row(ActionId::generate(), now, scope.meeting.id, scope.board.board.id, &new);
    action_store::insert(tx, &row)?;
    for owner in &new.owners {
        action_owner_store::insert(tx, &action_owner_row(ActionOwnerId::generate(), now, row.id, owner))?;
    }
    Ok(row)
}

/// Each owner of an action is exactly one of a person and a post.
pub fn owner_violations(owners: &[OwnerInput]) -> Vec<RuleViolation> {
    let shapeless = owners.iter().enumerate().filter(|(_, o)| o.person_id.is_some() == o.post_id.is_some());
    shapeless
        .map(|(n, _)| {
            RuleViolation::new("action.owner", format!("/owners/{n}"), "give exactly one of person_id and post_id")
        })
        .collect()
}

/// Every person and post named as an owner exists (422 naming the first that does not).
pub fn check_owners_exist(tx: &mut DbConnection, owners: &[OwnerInput]) -> Result<(), ApiError> {
    for (n, owner) in owners.iter().enumerate() {
        if let Some(person) = owner.person_id {
            check_person(tx, person, &format!("/owners/{n}/person_id"))?;
        }
        if let Some(post) = owner.post_id {
            post_store::find(tx, post.into())?
                .ok_or_else(|| ApiError::unknown_reference(&format!("/owners/{n}/post_id"), "post"))?;
        }
    }
    Ok(())
}

/// A new, open action (`create_action` and the bulk loader).
pub fn action_row(
    id: ActionId,
    now: NaiveDateTime,
    meeting_id: MeetingId,
    board_id: BoardId,
    new: &NewAction,
) -> ActionRow {
    ActionRow {
        id,
        meeting_id,
        board_id,
        agenda_item_id: new.agenda_item_id.map(Into::into),
        label: new.label.clone(),
        text: new.text.clone(),
        due_on: new.due_on,
        status: ActionStatus::Open,
        closed_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// One owner of an action, a person or a post (`create_action` and the bulk loader).
pub fn action_owner_row(
    id: ActionOwnerId,
    now: NaiveDateTime,
    action_id: ActionId,
    owner: &OwnerInput,
) -> ActionOwnerRow {
    ActionOwnerRow {
        id,
        action_id,
        person_id: owner.person_id.map(Into::into),
        post_id: owner.post_id.map(Into::into),
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

pub fn add_action_update(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewActionUpdate,
) -> Result<Change, ApiError> {
    let (mut row, _) = action_scope(tx, principal, id.into(), Act::Update)?;
    refuse_if_any([check_text(&new.text, "/text", 10_000)])?;
    let now = now();
    action_update_store::insert(
        tx,
        &ActionUpdateRow {
            id: ActionUpdateId::generate(),
            action_id: row.id,
            dated_on: new.dated_on,
            text: new.text,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    touch(tx, &mut row, action_store::update_versioned)?;
    change(tx, "add_update", row, true)
}

pub fn list_actions(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: ActionFilter,
) -> Result<ActionList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let page = store::list_actions(conn, scope, &filter, &page)?;
    let items = action_views(conn, page.items, today())?;
    Ok(ActionList { items, next_cursor: encode_cursor(page.next_cursor) })
}

pub fn list_carried_forward_actions(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    page: PageRequest,
) -> Result<ActionList, ApiError> {
    let scope = MeetingScope::load(conn, id.into())?;
    allow(principal, Act::Read, &scope.board.resource(KIND, false))?;
    // As at the meeting's day: the actions of earlier meetings still open then, overdue or not then.
    let day = scope.meeting.starts_at.date();
    let rows = store::carried_forward(conn, &scope.meeting)?
        .into_iter()
        .filter(|row| row.status.open_on(row.closed_on, day))
        .collect();
    let page = persistence::Page::of_computed(rows, page.after.as_ref(), page.limit, |r| r.id.to_string());
    let items = action_views(conn, page.items, day)?;
    Ok(ActionList { items, next_cursor: encode_cursor(page.next_cursor) })
}

pub fn get_action(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Action, ApiError> {
    let (row, _) = action_scope(conn, principal, id.into(), Act::Read)?;
    action_view(conn, row)
}

/// Completes or discharges an action (`to`), closed on `closed_on`.
pub fn close_action(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    to: ActionStatus,
    closed_on: NaiveDate,
) -> Result<Change, ApiError> {
    let (mut row, _) = action_scope(tx, principal, id.into(), Act::Update)?;
    check_version(&row, expected)?;
    let current = row.status;
    let next = current.transition(to).map_err(|e| ApiError::Conflict(e.to_string()))?;
    row.status = next;
    row.closed_on = Some(closed_on);
    save(tx, &mut row, expected, action_store::update_versioned)?;
    change(tx, if to == ActionStatus::Completed { "complete" } else { "discharge" }, row, false)
}
