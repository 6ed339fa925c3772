//! Corrections of board records (R-TM-06): a decision's outcome, an attendance entry, an action's
//! due date and owners, a meeting voided as entered in error. Each is a dated entry with its reason
//! and what the field held before, kept beside the record and shown with it; nothing is overwritten
//! without a trace.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::access::{Action as Act, Principal};
use domain::boards::{check_changes_something, check_correction_date, check_reason, MeetingStatus};
use domain::rules::check_text;
use openapi::boards::{ActionCorrection, AttendanceCorrection, Correction, DecisionOutcomeCorrection, MeetingVoid};
use persistence::boards::{self as store, *};
use persistence::{Change, DbConnection};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::instant;
use crate::error::ApiError;
use crate::service::actions::{action_owner_row, action_scope, check_owners_exist, owner_violations};
use crate::service::boards::{check_corporation_sole, now, touch};
use crate::service::decisions::{decision_scope, decision_view, refresh_agreed_on, KIND as DECISION};
use crate::service::meetings::{meeting_change, MeetingScope};
use crate::service::{check_version, group_by, refuse_if_any, save, today};

/// The corrections of each record, oldest first, keyed by record id. Corrections name their record
/// by its stored text (records of several kinds are corrected).
pub fn corrections_of<Id>(conn: &mut DbConnection, ids: &[Id]) -> Result<HashMap<Id, Vec<Correction>>, ApiError>
where
    Id: Copy + Eq + std::hash::Hash + std::fmt::Display,
{
    let by_text: HashMap<String, Id> = ids.iter().map(|id| (id.to_string(), *id)).collect();
    let texts: Vec<String> = by_text.keys().cloned().collect();
    let rows = store::corrections_of_each(conn, &texts)?;
    let mut views = HashMap::new();
    for (text, rows) in group_by(rows, |c| c.resource_id.clone()) {
        if let Some(id) = by_text.get(&text) {
            views.insert(*id, rows.into_iter().map(correction_view).collect::<Result<Vec<_>, _>>()?);
        }
    }
    Ok(views)
}

fn correction_view(row: CorrectionRow) -> Result<Correction, ApiError> {
    let parse = |text: &str| {
        serde_json::from_str::<Value>(text).map_err(|e| ApiError::Internal(format!("stored correction: {e}")))
    };
    Ok(Correction {
        previous: parse(&row.previous)?,
        corrected: parse(&row.corrected)?,
        field: row.field,
        reason: row.reason,
        corrected_on: row.corrected_on,
        recorded_by: row.recorded_by,
        recorded_at: instant(row.created_at),
    })
}

/// What a correction records besides the record it corrects.
struct Entry<'a> {
    resource_type: &'static str,
    resource_id: String,
    reason: &'a str,
    on: NaiveDate,
    by: &'a str,
}

fn record(
    conn: &mut DbConnection,
    entry: &Entry<'_>,
    field: &str,
    previous: Value,
    corrected: Value,
) -> Result<(), ApiError> {
    let now = now();
    let row = CorrectionRow {
        id: CorrectionId::generate(),
        resource_type: entry.resource_type.to_string(),
        resource_id: entry.resource_id.clone(),
        field: field.to_string(),
        previous: previous.to_string(),
        corrected: corrected.to_string(),
        reason: entry.reason.trim().to_string(),
        corrected_on: entry.on,
        recorded_by: entry.by.to_string(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    correction_store::insert(conn, &row)?;
    Ok(())
}

/// The day a correction is dated (today unless given) after checking it and its reason.
fn checked_day(reason: &str, corrected_on: Option<NaiveDate>) -> Result<NaiveDate, ApiError> {
    let on = corrected_on.unwrap_or_else(today);
    refuse_if_any([check_reason(reason), check_correction_date(on, today())])?;
    Ok(on)
}

/// A decision's outcome corrected; whether it is agreed follows the new outcome (a deferred,
/// rejected or noted decision is never agreed).
pub fn correct_decision_outcome(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    correction: DecisionOutcomeCorrection,
) -> Result<Change, ApiError> {
    let (mut decision, board) = decision_scope(tx, principal, id.into(), Act::Update)?;
    check_version(&decision, expected)?;
    let on = checked_day(&correction.reason, correction.corrected_on)?;
    refuse_if_any([check_changes_something(correction.outcome != decision.outcome)])?;
    let entry = Entry {
        resource_type: "decision",
        resource_id: decision.id.to_string(),
        reason: &correction.reason,
        on,
        by: &principal.subject,
    };
    record(tx, &entry, "outcome", json!(decision.outcome), json!(correction.outcome))?;
    decision.outcome = correction.outcome;
    refresh_agreed_on(tx, &mut decision)?;
    save(tx, &mut decision, expected, decision_store::update_versioned)?;
    let (decision_id, version) = (decision.id, decision.version);
    let sees_exempt = board.sees_exempt(tx, principal)?;
    versioned_change(
        "correct_outcome",
        DECISION,
        decision_id,
        version,
        &decision_view(tx, decision, sees_exempt)?,
        None,
    )
}

/// One person's attendance entry corrected: any of kind, capacity, represented corporation sole and
/// vote; the quorum follows.
pub fn correct_meeting_attendance(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    correction: AttendanceCorrection,
) -> Result<Change, ApiError> {
    let MeetingScope { mut meeting, board } = MeetingScope::authorized(tx, principal, id.into(), Act::Update)?;
    check_version(&meeting, expected)?;
    let on = checked_day(&correction.reason, correction.corrected_on)?;
    if let Some(capacity) = &correction.capacity {
        refuse_if_any([check_text(capacity, "/capacity", 300)])?;
    }
    if let Some(cs) = correction.corporation_sole_id {
        check_corporation_sole(tx, cs, "/corporation_sole_id")?;
    }
    let person = correction.person_id;
    let mut entry = store::attendance_of(tx, meeting.id)?
        .into_iter()
        .find(|a| a.person_id == person)
        .ok_or_else(|| ApiError::unknown_reference("/person_id", "person whose attendance this meeting records"))?;
    let before = attendance_fields(&entry);
    if let Some(kind) = correction.kind {
        entry.kind = kind;
    }
    if let Some(capacity) = &correction.capacity {
        entry.capacity = capacity.trim().to_string();
    }
    if let Some(cs) = correction.corporation_sole_id {
        entry.corporation_sole_id = Some(cs.into());
    }
    if let Some(voting) = correction.voting {
        entry.voting = voting;
    }
    let after = attendance_fields(&entry);
    refuse_if_any([check_changes_something(before != after)])?;
    let record_entry = Entry {
        resource_type: "meeting",
        resource_id: meeting.id.to_string(),
        reason: &correction.reason,
        on,
        by: &principal.subject,
    };
    record(tx, &record_entry, "attendance", before, after)?;
    touch(tx, &mut entry, attendance_store::update_versioned)?;
    save(tx, &mut meeting, expected, meeting_store::update_versioned)?;
    meeting_change(tx, principal, "correct_attendance", meeting, &board, false)
}

fn attendance_fields(entry: &AttendanceRow) -> Value {
    json!({
        "person_id": entry.person_id,
        "kind": entry.kind,
        "capacity": entry.capacity,
        "corporation_sole_id": entry.corporation_sole_id,
        "voting": entry.voting,
    })
}

/// An action's due date or owners corrected.
pub fn correct_action(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    correction: ActionCorrection,
) -> Result<Change, ApiError> {
    let (mut row, _) = action_scope(tx, principal, id.into(), Act::Update)?;
    check_version(&row, expected)?;
    let on = checked_day(&correction.reason, correction.corrected_on)?;
    let entry = Entry {
        resource_type: "action",
        resource_id: row.id.to_string(),
        reason: &correction.reason,
        on,
        by: &principal.subject,
    };
    let mut changed = false;
    if let Some(due_on) = correction.due_on.filter(|due| Some(*due) != row.due_on) {
        record(tx, &entry, "due_on", json!(row.due_on), json!(due_on))?;
        row.due_on = Some(due_on);
        changed = true;
    }
    if let Some(owners) = &correction.owners {
        refuse_if_any([owner_violations(owners)])?;
        check_owners_exist(tx, owners)?;
        let owner_fields = |person: Option<Uuid>, post: Option<Uuid>| json!({"person_id": person, "post_id": post});
        let before: Vec<Value> = store::action_owners_of_each(tx, std::slice::from_ref(&row.id))?
            .into_iter()
            .map(|o| owner_fields(o.person_id.map(Uuid::from), o.post_id.map(Uuid::from)))
            .collect();
        let after: Vec<Value> = owners.iter().map(|o| owner_fields(o.person_id, o.post_id)).collect();
        if before != after {
            record(tx, &entry, "owners", json!(before), json!(after))?;
            store::clear_action_owners(tx, row.id)?;
            let now = now();
            for owner in owners {
                action_owner_store::insert(tx, &action_owner_row(ActionOwnerId::generate(), now, row.id, owner))?;
            }
            changed = true;
        }
    }
    refuse_if_any([check_changes_something(changed)])?;
    save(tx, &mut row, expected, action_store::update_versioned)?;
    crate::service::actions::change(tx, "correct", row, false)
}

/// A meeting entered in error, voided: kept and shown as `void`, its decisions out of the register
/// from the day it was voided.
pub fn void_meeting(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    void: MeetingVoid,
) -> Result<Change, ApiError> {
    let MeetingScope { mut meeting, board } = MeetingScope::authorized(tx, principal, id.into(), Act::Update)?;
    check_version(&meeting, expected)?;
    let on = checked_day(&void.reason, void.corrected_on)?;
    let next = meeting.status.transition(MeetingStatus::Void).map_err(|e| ApiError::Conflict(e.to_string()))?;
    let entry = Entry {
        resource_type: "meeting",
        resource_id: meeting.id.to_string(),
        reason: &void.reason,
        on,
        by: &principal.subject,
    };
    record(tx, &entry, "status", json!(meeting.status), json!(next))?;
    meeting.status = next;
    let page = persistence::registry::PageRequest { after: None, limit: 10_000 };
    let taken = DecisionFilter { meeting_id: Some(meeting.id), ..DecisionFilter::default() };
    for mut decision in store::list_decisions(tx, board.board.id, &taken, &page)?.items.into_iter().map(|e| e.decision)
    {
        decision.voided_on = Some(on);
        touch(tx, &mut decision, decision_store::update_versioned)?;
    }
    save(tx, &mut meeting, expected, meeting_store::update_versioned)?;
    meeting_change(tx, principal, "void", meeting, &board, false)
}
