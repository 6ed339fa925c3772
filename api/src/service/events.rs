//! The change feed: event type names, and whether a principal may see one audit event now (shared
//! by `GET /events` and the webhook worker's fan-out).

use domain::access::{list_scope, ListScope, Principal, ResourceKind, Role};
use openapi::events::{ChangeEvent, ChangeEventList};
use persistence::audit::{self, AuditEventRow, AuditFilter};
use persistence::{visibility, Cursor, DbConnection, StoreError};
use uuid::Uuid;

use crate::error::ApiError;
use crate::service::agreements::cache::AgreementCache;
use crate::service::read_probe::ReadProbe;
use crate::service::representations::read_as;

/// Audited actions and the past tense their events are named with; any other action names its
/// events as it is.
const PAST_TENSE: &[(&str, &str)] = &[
    ("create", "created"),
    ("update", "updated"),
    ("end", "ended"),
    ("approve", "approved"),
    ("sign", "signed"),
    ("commence", "commenced"),
    ("review", "reviewed"),
    ("varied", "varied"),
    ("vary", "varied"),
    ("create_variation", "created"),
    ("withdraw_party", "party_withdrawn"),
    ("terminate", "terminated"),
    ("supersede", "superseded"),
    ("publish", "published"),
    ("alert", "alert_raised"),
    ("resolve_alert", "alert_resolved"),
    ("attach_document", "document_attached"),
    ("attach_milestone", "milestone_recorded"),
    ("set_cost_schedule", "cost_schedule_set"),
    ("add_member", "member_added"),
    ("end_member", "member_ended"),
    ("revoke", "revoked"),
    ("add_attendance", "attendance_recorded"),
    ("add_declaration", "declaration_recorded"),
    ("add_officer_approval", "officer_approval_recorded"),
    ("add_terms_of_reference", "terms_of_reference_added"),
    ("add_update", "update_added"),
    ("complete", "completed"),
    ("discharge", "discharged"),
    ("hold", "held"),
    ("cancel", "cancelled"),
    ("correct_outcome", "outcome_corrected"),
    ("correct_attendance", "attendance_corrected"),
    ("correct", "corrected"),
    ("void", "voided"),
    ("answer", "answered"),
    ("add_follow_up", "follow_up_added"),
    ("preview", "previewed"),
    ("execute", "executed"),
    ("substitute_party", "party_substituted"),
    ("pass_ownership", "ownership_passed"),
    ("close", "closed"),
    ("withdraw", "withdrawn"),
];

/// The public event name of an audited action: `<resource_type>.<past tense>`.
pub fn event_type(resource_type: &str, action: &str) -> String {
    let done = PAST_TENSE.iter().find(|(done_by, _)| *done_by == action).map_or(action, |(_, done)| done);
    format!("{resource_type}.{done}")
}

/// The audited (resource type, actions) an event type names, for filtering the audit log in SQL:
/// the inverse of [`event_type`]. `None` for a name that is no `<resource_type>.<past tense>`.
pub fn audited_as(event_type: &str) -> Option<(String, Vec<String>)> {
    let (resource_type, done) = event_type.split_once('.')?;
    let mut actions: Vec<String> =
        PAST_TENSE.iter().filter(|(_, past)| *past == done).map(|(action, _)| action.to_string()).collect();
    if !PAST_TENSE.iter().any(|(action, _)| *action == done) {
        actions.push(done.to_string());
    }
    Some((resource_type.to_string(), actions))
}

/// Whether the principal may see the record an event is about, as the record stands now: the same
/// filter the record's list applies (`persistence::visibility`), asked of this one row, so the feed,
/// the webhook worker and the lists cannot disagree. Records of the shared registry are public.
pub fn may_see(conn: &mut DbConnection, principal: &Principal, event: &AuditEventRow) -> Result<bool, ApiError> {
    may_see_record(conn, principal, &event.resource_type, &event.resource_id)
}

/// Whether the principal may see the record of this kind (as the audit log names kinds) and id, as
/// it stands now: what [`may_see`] asks of an event's record, and search of each result.
pub fn may_see_record(
    conn: &mut DbConnection,
    principal: &Principal,
    resource_type: &str,
    id: &str,
) -> Result<bool, ApiError> {
    if principal.has_role(Role::SystemAdmin) {
        return Ok(true);
    }
    // Kinds seen as their list shows them: the list's filter asked of this one row.
    if let Some((kind, sees, _)) = list_filtered(resource_type) {
        return match list_scope(principal, kind) {
            Ok(scope) => Ok(sees(conn, scope, id)?),
            Err(_) => Ok(false),
        };
    }
    match resource_type {
        "force" | "corporation_sole" | "organisation" | "collaboration" | "function" | "scheme" | "delegation"
        | "transfer_order" => Ok(true),
        // Anonymous callers know only people in offices or public posts, as the person's read shows.
        "person" => match id.parse::<Uuid>() {
            Ok(person) if principal.is_anonymous() => {
                Ok(persistence::registry::is_publicly_known(conn, person.into())?)
            }
            Ok(_) => Ok(true),
            Err(_) => Ok(false),
        },
        // Signed checkpoints of the audit log are published for anyone to keep.
        "audit_checkpoint" => Ok(true),
        "meeting" | "minutes" | "action" | "decision" | "board_membership" | "agenda_item" | "question"
        | "record_of_decision" | "forward_plan_entry" | "interest_entry" | "gift_entry" => {
            readable_record(conn, principal, resource_type, id)
        }
        // Anything else (authority checks, future kinds) only for system admins.
        _ => Ok(false),
    }
}

/// One table's visibility filter asked of one row.
type Sees = fn(&mut DbConnection, ListScope, &str) -> Result<bool, StoreError>;

/// One table's visibility filter asked of many rows: those that pass.
type SeesAmong = fn(&mut DbConnection, ListScope, &[String]) -> Result<Vec<String>, StoreError>;

/// The kinds (as the audit log names them) seen as their list shows them: the policy's kind and
/// the list's filter, asked of one row and of many.
fn list_filtered(resource_type: &str) -> Option<(ResourceKind, Sees, SeesAmong)> {
    Some(match resource_type {
        "post" => (ResourceKind::Post, visibility::sees_post, visibility::posts_among),
        "appointment" => (ResourceKind::Appointment, visibility::sees_appointment, visibility::appointments_among),
        "collaboration_agreement" => {
            (ResourceKind::CollaborationAgreement, visibility::sees_agreement, visibility::agreements_among)
        }
        "board" => (ResourceKind::Board, visibility::sees_board, visibility::boards_among),
        _ => return None,
    })
}

/// Which of the records of one kind (as the audit log names kinds) the principal may see, as
/// [`may_see_record`] answers for each, in one statement; `None` for a kind not seen as its list
/// shows it, or for a system admin, who sees everything.
pub fn visible_among(
    conn: &mut DbConnection,
    principal: &Principal,
    resource_type: &str,
    ids: &[String],
) -> Result<Option<Vec<String>>, ApiError> {
    if principal.has_role(Role::SystemAdmin) {
        return Ok(None);
    }
    let Some((kind, _, among)) = list_filtered(resource_type) else { return Ok(None) };
    match list_scope(principal, kind) {
        Ok(scope) => Ok(Some(among(conn, scope, ids)?)),
        Err(_) => Ok(Some(Vec::new())),
    }
}

/// What is recorded at a board's meetings, and records of decision, are seen in the feed exactly as
/// their reads show them (issue 18): the event is the record's read, asked of this caller, so a
/// public board's meetings and agreed decisions, published minutes and published records of decision
/// reach everyone who may read them, and a draft or an unagreed decision only those who may read it.
/// The event carries no content, so the visible shell is all anyone learns.
pub fn readable_record(conn: &mut DbConnection, principal: &Principal, kind: &str, id: &str) -> Result<bool, ApiError> {
    use crate::service::{
        actions, boards, decisions, forward_plan, interests, meetings, minutes, questions, records_of_decision,
    };
    // The audit chain names records of every kind by their text; one that is not a UUID is no
    // record of these tables.
    let Ok(id) = id.parse::<Uuid>() else { return Ok(false) };
    let read = match kind {
        "meeting" => meetings::get_meeting(conn, principal, id).map(drop),
        "agenda_item" => meetings::get_agenda_item(conn, principal, id).map(drop),
        "decision" => decisions::get_decision(conn, principal, id).map(drop),
        "minutes" => minutes::get_minutes(conn, principal, id).map(drop),
        "action" => actions::get_action(conn, principal, id).map(drop),
        "question" => questions::get_question(conn, principal, id).map(drop),
        "record_of_decision" => records_of_decision::get_record_of_decision(conn, principal, id).map(drop),
        "forward_plan_entry" => forward_plan::get_forward_plan_entry(conn, principal, id).map(drop),
        "interest_entry" => interests::get_interest_entry(conn, principal, id).map(drop),
        "gift_entry" => interests::get_gift_entry(conn, principal, id).map(drop),
        // A membership is read in its board's list of members.
        "board_membership" => match persistence::boards::membership_store::find(conn, id.into())? {
            Some(membership) => boards::get_board(conn, principal, membership.board_id.uuid(), None).map(drop),
            None => Err(ApiError::NotFound),
        },
        _ => Err(ApiError::NotFound),
    };
    match read {
        Ok(()) => Ok(true),
        Err(ApiError::NotFound | ApiError::Forbidden(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

/// One batch of events a page looks at, and whether the feed has no more after it.
struct Batch {
    items: Vec<AuditEventRow>,
    exhausted: bool,
}

/// How many audit events one page may scan looking for visible ones.
pub const SCAN_LIMIT: usize = 2_000;

/// A page of the change feed after `after`: the events of `types` (every type when empty) the
/// principal may see, scanning at most [`SCAN_LIMIT`] events so a caller who may see little still
/// gets an answer and a cursor to continue from.
pub fn list_events(
    conn: &mut DbConnection,
    principal: &Principal,
    after: i64,
    limit: usize,
    types: Vec<String>,
    agreements: &AgreementCache,
) -> Result<ChangeEventList, ApiError> {
    let mut items = Vec::new();
    let mut position = after;
    let mut scanned = 0;
    let mut probe = ReadProbe::new(principal);
    // The types are asked of the log in SQL; a name that is no event type matches nothing.
    let kinds_and_actions: Vec<_> = types.iter().filter_map(|name| audited_as(name)).collect();
    if !types.is_empty() && kinds_and_actions.is_empty() {
        let position = audit::latest_sequence(conn)?.max(after);
        return Ok(ChangeEventList { items, next_cursor: position.to_string(), has_more: false });
    }
    // A caller who may not see everything reads only the events meant for an audience it is in
    // (`persistence::audience`), up to the head as it stands now; the read rule then decides each.
    let everything = principal.has_role(Role::SystemAdmin);
    let audiences = if everything {
        Vec::new()
    } else {
        persistence::audience::audiences_of(conn, principal.organisation_id.map(|o| o.to_string()).as_deref())?
    };
    let head = if everything { i64::MAX } else { audit::latest_sequence(conn)? };
    let filter = AuditFilter { kinds_and_actions, ..AuditFilter::default() };
    // A page's first batch is the page (a caller who sees everything reads no more); each next batch
    // is four times the last, so a caller who sees little reaches the scan limit in a few statements.
    let mut batch_size = limit + 1;
    loop {
        let batch_size_now = batch_size.min(SCAN_LIMIT - scanned).max(1);
        batch_size *= 4;
        let batch = if everything {
            let cursor = Cursor(position.to_string());
            let batch = audit::list(conn, domain::access::ListScope::All, &filter, Some(&cursor), batch_size_now)?;
            let exhausted = batch.next_cursor.is_none();
            Batch { items: batch.items, exhausted }
        } else {
            let (items, exhausted) = persistence::audience::events_for(
                conn,
                &audiences,
                &filter.kinds_and_actions,
                position,
                head,
                batch_size_now,
            )?;
            Batch { items, exhausted }
        };
        let mut exhausted = batch.exhausted;
        let count = batch.items.len();
        probe
            .learn(conn, batch.items.iter().map(|event| (event.resource_type.as_str(), event.resource_id.as_str())))?;
        for (index, event) in batch.items.into_iter().enumerate() {
            position = event.sequence;
            scanned += 1;
            let name = event_type(&event.resource_type, &event.action);
            if (types.is_empty() || types.contains(&name))
                && probe.may_read(conn, &event.resource_type, &event.resource_id)?
            {
                let resource = read_as(conn, principal, &event.resource_type, &event.resource_id, Some(agreements))?;
                items.push(ChangeEvent {
                    sequence: event.sequence,
                    event_type: name,
                    resource_type: event.resource_type,
                    resource_id: event.resource_id,
                    version: event.resource_version,
                    occurred_at: chrono::DateTime::from_naive_utc_and_offset(event.occurred_at, chrono::Utc),
                    resource,
                });
                if items.len() == limit {
                    // Events left in this batch mean the feed goes on, whatever the batch said.
                    exhausted &= index + 1 == count;
                    break;
                }
            }
        }
        if items.len() == limit || exhausted || scanned >= SCAN_LIMIT {
            // Continue after the last event looked at, visible or not; at the end, from the head read
            // before the page (every event up to it is committed, and none of them was for this caller).
            if exhausted && !everything {
                position = position.max(head);
            }
            return Ok(ChangeEventList { items, next_cursor: position.to_string(), has_more: !exhausted });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{audited_as, event_type, PAST_TENSE};

    #[test]
    fn every_event_type_names_the_actions_it_is_made_of() {
        for (action, _) in PAST_TENSE {
            let name = event_type("decision", action);
            let (kind, actions) = audited_as(&name).expect(&name);
            assert_eq!(kind, "decision");
            assert!(actions.iter().any(|a| a == action), "{name}: {actions:?}");
            assert!(actions.iter().all(|a| event_type("decision", a) == name), "{name}: {actions:?}");
        }
        // An action with no past tense of its own names its events as it is.
        assert_eq!(audited_as(&event_type("board", "rename")), Some(("board".into(), vec!["rename".into()])));
        assert_eq!(audited_as("varied"), None);
    }
}
