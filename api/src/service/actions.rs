//! Actions raised at meetings: the board scope an action is decided on, its views (one page assembled
//! with one query per kind of part), and the audited change record.

use chrono::NaiveDate;
use domain::access::{Action as Act, Principal, ResourceKind};
use domain::boards::ActionStatus;
use openapi::boards::{Action, ActionOwner, ActionUpdate};
use persistence::boards::{self as store, *};
use persistence::DbConnection;

use crate::context::versioned_change;
use crate::convert::{instant, optional_uuid, stored, uuid};
use crate::error::ApiError;
use crate::service::meetings::MeetingScope;
use crate::service::{allow, group_by, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::BoardAction;

pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

pub fn action_view(conn: &mut DbConnection, row: ActionRow) -> Result<Action, ApiError> {
    let mut views = action_views(conn, vec![row])?;
    views.pop().ok_or_else(|| ApiError::Internal("action view missing".into()))
}

/// The views of a page of actions, with their owners and updates read in one query per kind (not
/// per action).
pub fn action_views(conn: &mut DbConnection, rows: Vec<ActionRow>) -> Result<Vec<Action>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut owners = group_by(store::action_owners_of_each(conn, &ids)?, |o| o.action_id.clone());
    let mut updates = group_by(store::action_updates_of_each(conn, &ids)?, |u| u.action_id.clone());
    rows.into_iter()
        .map(|row| {
            let owners = owners.remove(&row.id).unwrap_or_default();
            let updates = updates.remove(&row.id).unwrap_or_default();
            assemble_action(row, owners, updates)
        })
        .collect()
}

pub fn assemble_action(
    row: ActionRow,
    owners: Vec<ActionOwnerRow>,
    updates: Vec<ActionUpdateRow>,
) -> Result<Action, ApiError> {
    let owners = owners
        .into_iter()
        .map(|o| Ok(ActionOwner { person_id: optional_uuid(&o.person_id)?, post_id: optional_uuid(&o.post_id)? }))
        .collect::<Result<_, ApiError>>()?;
    let updates = updates.into_iter().map(|u| ActionUpdate { dated_on: u.dated_on, text: u.text }).collect();
    let status = stored(ActionStatus::parse(&row.status), "action status", &row.status)?;
    Ok(Action {
        id: uuid(&row.id)?,
        meeting_id: uuid(&row.meeting_id)?,
        board_id: uuid(&row.board_id)?,
        agenda_item_id: optional_uuid(&row.agenda_item_id)?,
        label: row.label,
        text: row.text,
        owners,
        due_on: row.due_on,
        status,
        closed_on: row.closed_on,
        overdue: status.is_overdue(row.due_on, today()),
        updates,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn action_scope(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
    act: Act,
) -> Result<(ActionRow, MeetingScope), ApiError> {
    let row = action_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let scope = MeetingScope::load(conn, &row.meeting_id)?;
    allow(principal, act, &scope.board.resource(KIND, false))?;
    Ok((row, scope))
}

pub fn change(
    conn: &mut DbConnection,
    action: &'static str,
    row: ActionRow,
    created: bool,
) -> Result<persistence::Change, ApiError> {
    let (id, version) = (row.id.clone(), row.version);
    let view = action_view(conn, row)?;
    versioned_change(action, KIND, &id, version, &view, created.then(|| format!("{LOCATION_PREFIX}/actions/{id}")))
}
