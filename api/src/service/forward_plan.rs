//! The forward plan of key decisions (issue 18): entries drafted by the secretaries serving the
//! deciding corporations sole, published, updated (each change of a published intended date kept as
//! a slip with its reason), closed by the record of decision or board decision that took them, or
//! withdrawn; lists for the overdue and slipped reports, an iCalendar feed and the public register.

use chrono::NaiveDate;
use domain::access::{is_party, list_scope, Action, Principal, Resource, ResourceKind};
use domain::boards::{
    check_closing_decider, check_date_change, check_entry_texts, check_taker, has_slipped, is_overdue, may_see_exempt,
    ClosingKind, Disclosure, ForwardPlanStatus, RECORD_PART2_ACCESS,
};
use domain::rules::{check_act_date, check_day_range, check_text};
use domain::RuleViolation;
use openapi::boards::DisclosureSpec;
use openapi::forward_plan::{
    ForwardPlanClosingRecord, ForwardPlanClosure, ForwardPlanEntry, ForwardPlanEntryList, ForwardPlanEntryUpdate,
    ForwardPlanPublication, ForwardPlanSlip, ForwardPlanWithdrawal, NewForwardPlanEntry, PublicForwardPlan,
    PublicForwardPlanEntry,
};
use persistence::boards::{board_owners_of, board_store, decision_approvers_of, decision_store, record_deciders_of};
use persistence::forward_plan::{self as store, *};
use persistence::ids::{BoardId, CorporationSoleId};
use persistence::registry::PageRequest;
use persistence::repository::Window;
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::instant;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::boards::{check_corporation_sole, check_disclosure, read_disclosure, store_disclosure};
use crate::service::{allow, check_version, now, refuse_if_any, save, today, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::ForwardPlanEntry;

/// The most entries one calendar carries (the nearest intended dates first).
const CALENDAR_LIMIT: i64 = 2_000;

/// The policy's facts about an entry: its parties serve its deciders; it is public once published.
pub fn resource(conn: &mut DbConnection, row: &ForwardPlanEntryRow) -> Result<Resource, ApiError> {
    let deciders = store::deciders_of(conn, row.id)?;
    Ok(Resource {
        kind: KIND,
        owner: None,
        parties: crate::service::records_of_decision::parties(conn, &deciders)?,
        public: row.published_on.is_some(),
    })
}

/// R-PB-03, as for a record's Part 2: an exempt entry's details are for those who prepare and take
/// the decision in the organisations serving its deciders; everyone else sees the notice.
pub fn sees_exempt(principal: &Principal, resource: &Resource) -> bool {
    may_see_exempt(is_party(principal, resource), &principal.roles, RECORD_PART2_ACCESS, false)
}

fn documents_of(row: &ForwardPlanEntryRow) -> Result<Vec<String>, ApiError> {
    serde_json::from_str(&row.documents).map_err(|e| ApiError::Internal(format!("stored documents: {e}")))
}

fn store_documents(documents: &[String]) -> Result<String, ApiError> {
    serde_json::to_string(documents).map_err(|e| ApiError::Internal(e.to_string()))
}

fn closed_by(row: &ForwardPlanEntryRow) -> Result<Option<ForwardPlanClosingRecord>, ApiError> {
    match (store::closing_kind(row), &row.closing_target_id) {
        (Some(kind), Some(target)) => {
            Ok(Some(ForwardPlanClosingRecord { kind, target_id: crate::convert::uuid(target)? }))
        }
        _ => Ok(None),
    }
}

fn disclosure_of(row: &ForwardPlanEntryRow) -> Result<DisclosureSpec, ApiError> {
    read_disclosure(&row.disclosure, &row.foi_sections, &row.exemption_reason, row.intended_publication_on)
}

/// The entry as a caller sees it: exempt details withheld unless `sees_exempt`.
pub fn entry_view(
    conn: &mut DbConnection,
    row: ForwardPlanEntryRow,
    sees_exempt: bool,
    as_of: NaiveDate,
) -> Result<ForwardPlanEntry, ApiError> {
    let disclosure = disclosure_of(&row)?;
    let redacted = disclosure.level == Disclosure::Exempt && !sees_exempt;
    let deciders = store::deciders_of(conn, row.id)?.into_iter().map(Uuid::from).collect();
    let slips = store::slips_of(conn, row.id)?
        .into_iter()
        .map(|s| ForwardPlanSlip {
            from_on: s.from_on,
            to_on: s.to_on,
            reason: (!redacted).then_some(s.reason),
            recorded_on: s.recorded_on,
        })
        .collect();
    let documents = if redacted { Vec::new() } else { documents_of(&row)? };
    Ok(ForwardPlanEntry {
        id: row.id.uuid(),
        deciders,
        summary: (!redacted).then(|| row.summary.clone()),
        intended_on: row.intended_on,
        published_intended_on: row.published_intended_on,
        taken_by: row.taken_by,
        board_id: row.board_id.map(Uuid::from),
        consultation: if redacted { None } else { row.consultation.clone() },
        documents,
        disclosure,
        redacted,
        status: row.status,
        published_on: row.published_on,
        slips,
        slipped: has_slipped(row.intended_on, row.published_intended_on),
        overdue: is_overdue(row.status, row.intended_on, as_of),
        closed_by: closed_by(&row)?,
        closed_on: row.closed_on,
        withdrawn_on: row.withdrawn_on,
        withdrawal_reason: row.withdrawal_reason.clone(),
        title: row.title,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

fn change(
    conn: &mut DbConnection,
    principal: &Principal,
    action: &'static str,
    row: ForwardPlanEntryRow,
    created: bool,
) -> Result<Change, ApiError> {
    let (id, version) = (row.id, row.version);
    let exempt = sees_exempt(principal, &resource(conn, &row)?);
    let view = entry_view(conn, row, exempt, today())?;
    versioned_change(action, KIND, id, version, &view, created.then(|| format!("{LOCATION_PREFIX}/forward-plan/{id}")))
}

fn load(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    action: Action,
) -> Result<(ForwardPlanEntryRow, bool), ApiError> {
    let row = entry_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?;
    let resource = resource(conn, &row)?;
    allow(principal, action, &resource)?;
    Ok((row, sees_exempt(principal, &resource)))
}

/// The state change `to`, or 409 naming the state the entry is in.
fn transition(row: &mut ForwardPlanEntryRow, to: ForwardPlanStatus) -> Result<(), ApiError> {
    row.status = row.status.transition(to).map_err(|e| ApiError::Conflict(e.to_string()))?;
    Ok(())
}

/// A board that takes a decision is owned by one of the deciders.
fn check_board(conn: &mut DbConnection, board: Uuid, deciders: &[CorporationSoleId]) -> Result<(), ApiError> {
    let board = BoardId::from(board);
    board_store::find(conn, board)?.ok_or_else(|| ApiError::unknown_reference("/board_id", "board"))?;
    let owned = board_owners_of(conn, board)?.iter().any(|o| deciders.contains(&o.corporation_sole_id));
    if owned {
        Ok(())
    } else {
        Err(ApiError::Rules(vec![RuleViolation::new(
            "forward_plan.taker",
            "/board_id",
            "the board that takes the decision is owned by one of its deciding corporations sole",
        )]))
    }
}

pub fn create_forward_plan_entry(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewForwardPlanEntry,
) -> Result<Change, ApiError> {
    let mut violations = Vec::new();
    if new.deciders.is_empty() {
        violations.push(RuleViolation::new(
            "required",
            "/deciders",
            "an entry has at least one deciding corporation sole",
        ));
    }
    for (n, d) in new.deciders.iter().enumerate() {
        if new.deciders[..n].contains(d) {
            violations.push(RuleViolation::new("duplicate", format!("/deciders/{n}"), "named twice"));
        }
    }
    violations.extend(check_entry_texts(&new.title, &new.summary, new.consultation.as_deref(), &new.documents));
    violations.extend(check_taker(new.taken_by, new.board_id.is_some()));
    violations.extend(check_disclosure(&new.disclosure, "/disclosure"));
    refuse_if_any([violations])?;
    for (n, d) in new.deciders.iter().enumerate() {
        check_corporation_sole(tx, *d, &format!("/deciders/{n}"))?;
    }
    let deciders: Vec<CorporationSoleId> = new.deciders.iter().map(|d| (*d).into()).collect();
    let parties = crate::service::records_of_decision::parties(tx, &deciders)?;
    allow(principal, Action::Create, &Resource { kind: KIND, owner: None, parties, public: true })?;
    if let Some(board) = new.board_id {
        check_board(tx, board, &deciders)?;
    }
    let row = insert_entry(tx, &new)?;
    change(tx, principal, "create", row, true)
}

/// Stores a checked new entry as a draft with its deciders (used by the API and the demo loader).
pub fn insert_entry(conn: &mut DbConnection, new: &NewForwardPlanEntry) -> Result<ForwardPlanEntryRow, ApiError> {
    let (disclosure, foi_sections, exemption_reason, intended_publication_on) = store_disclosure(&new.disclosure);
    let at = now();
    let row = ForwardPlanEntryRow {
        id: ForwardPlanEntryId::generate(),
        title: new.title.trim().to_string(),
        summary: new.summary.clone(),
        intended_on: new.intended_on,
        published_intended_on: None,
        taken_by: new.taken_by,
        board_id: new.board_id.map(Into::into),
        consultation: new.consultation.clone(),
        documents: store_documents(&new.documents)?,
        disclosure,
        foi_sections,
        exemption_reason,
        intended_publication_on,
        status: ForwardPlanStatus::Draft,
        published_on: None,
        closing_kind: None,
        closing_target_id: None,
        closed_on: None,
        withdrawn_on: None,
        withdrawal_reason: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    entry_store::insert(conn, &row)?;
    for d in &new.deciders {
        decider_store::insert(
            conn,
            &ForwardPlanDeciderRow {
                id: ForwardPlanDeciderId::generate(),
                entry_id: row.id,
                corporation_sole_id: (*d).into(),
                version: 1,
                created_at: at,
                updated_at: at,
            },
        )?;
    }
    Ok(row)
}

pub fn update_forward_plan_entry(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    update: ForwardPlanEntryUpdate,
) -> Result<Change, ApiError> {
    let (mut row, _) = load(tx, principal, id, Action::Update)?;
    check_version(&row, expected)?;
    if !row.status.editable() {
        return Err(ApiError::Conflict(format!("the forward plan entry is {}; it no longer changes", row.status)));
    }
    let title = update.title.clone().unwrap_or_else(|| row.title.clone());
    let summary = update.summary.clone().unwrap_or_else(|| row.summary.clone());
    let consultation = update.consultation.clone().or_else(|| row.consultation.clone());
    let documents = match &update.documents {
        Some(documents) => documents.clone(),
        None => documents_of(&row)?,
    };
    let mut violations = check_entry_texts(&title, &summary, consultation.as_deref(), &documents);
    let to = update.intended_on.unwrap_or(row.intended_on);
    violations.extend(check_date_change(row.status, row.intended_on, to, update.reason.as_deref()));
    if update.intended_on.is_none() || to == row.intended_on {
        if let Some(reason) = &update.reason {
            violations.extend(check_text(reason, "/reason", 2_000));
        }
    }
    if let Some(disclosure) = &update.disclosure {
        violations.extend(check_disclosure(disclosure, "/disclosure"));
    }
    refuse_if_any([violations])?;
    if row.status == ForwardPlanStatus::Published && to != row.intended_on {
        let at = now();
        slip_store::insert(
            tx,
            &ForwardPlanSlipRow {
                id: ForwardPlanSlipId::generate(),
                entry_id: row.id,
                from_on: row.intended_on,
                to_on: to,
                reason: update.reason.clone().unwrap_or_default().trim().to_string(),
                recorded_on: today(),
                recorded_by: principal.subject.clone(),
                version: 1,
                created_at: at,
                updated_at: at,
            },
        )?;
    }
    row.title = title.trim().to_string();
    row.summary = summary;
    row.consultation = consultation;
    row.documents = store_documents(&documents)?;
    row.intended_on = to;
    if let Some(disclosure) = &update.disclosure {
        let (level, sections, reason, publish_on) = store_disclosure(disclosure);
        (row.disclosure, row.foi_sections, row.exemption_reason, row.intended_publication_on) =
            (level, sections, reason, publish_on);
    }
    save(tx, &mut row, expected, entry_store::update_versioned)?;
    change(tx, principal, "update", row, false)
}

pub fn publish_forward_plan_entry(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    publication: ForwardPlanPublication,
) -> Result<Change, ApiError> {
    let (mut row, _) = load(tx, principal, id, Action::Update)?;
    check_version(&row, expected)?;
    transition(&mut row, ForwardPlanStatus::Published)?;
    let on = publication.published_on.unwrap_or_else(today);
    refuse_if_any([check_act_date(on, None, today(), "/published_on")])?;
    row.published_on = Some(on);
    row.published_intended_on = Some(row.intended_on);
    save(tx, &mut row, expected, entry_store::update_versioned)?;
    change(tx, principal, "publish", row, false)
}

/// The corporations sole that took (or were served by) the closing record, once the caller may
/// read it; a record it may not read is no record to it (422 naming the field).
fn closing_deciders(
    conn: &mut DbConnection,
    principal: &Principal,
    closure: &ForwardPlanClosure,
) -> Result<Vec<CorporationSoleId>, ApiError> {
    let unknown = |what: &'static str| {
        move |e: ApiError| match e {
            ApiError::NotFound | ApiError::Forbidden(_) => ApiError::unknown_reference("/target_id", what),
            other => other,
        }
    };
    match closure.kind {
        ClosingKind::RecordOfDecision => {
            crate::service::records_of_decision::get_record_of_decision(conn, principal, closure.target_id)
                .map_err(unknown("record of decision"))?;
            let mut deciders: Vec<CorporationSoleId> = record_deciders_of(conn, closure.target_id.into())?
                .into_iter()
                .map(|d| d.corporation_sole_id)
                .collect();
            if let Some(record) = persistence::boards::record_store::find(conn, closure.target_id.into())? {
                deciders.push(record.issuing_corporation_sole_id);
            }
            Ok(deciders)
        }
        ClosingKind::BoardDecision => {
            crate::service::decisions::get_decision(conn, principal, closure.target_id)
                .map_err(unknown("board decision"))?;
            let decision = decision_store::find(conn, closure.target_id.into())?
                .ok_or_else(|| ApiError::unknown_reference("/target_id", "board decision"))?;
            let mut deciders: Vec<CorporationSoleId> =
                decision_approvers_of(conn, decision.id)?.into_iter().map(|a| a.corporation_sole_id).collect();
            deciders.extend(board_owners_of(conn, decision.board_id)?.into_iter().map(|o| o.corporation_sole_id));
            Ok(deciders)
        }
    }
}

pub fn close_forward_plan_entry(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    closure: ForwardPlanClosure,
) -> Result<Change, ApiError> {
    let (mut row, _) = load(tx, principal, id, Action::Update)?;
    check_version(&row, expected)?;
    transition(&mut row, ForwardPlanStatus::Closed)?;
    let on = closure.closed_on.unwrap_or_else(today);
    refuse_if_any([check_act_date(on, row.published_on, today(), "/closed_on")])?;
    let entry_deciders = store::deciders_of(tx, row.id)?;
    let closing = closing_deciders(tx, principal, &closure)?;
    refuse_if_any([check_closing_decider(closing.iter().any(|cs| entry_deciders.contains(cs)))])?;
    row.closing_kind = Some(closure.kind.as_str().to_string());
    row.closing_target_id = Some(closure.target_id.to_string());
    row.closed_on = Some(on);
    save(tx, &mut row, expected, entry_store::update_versioned)?;
    change(tx, principal, "close", row, false)
}

pub fn withdraw_forward_plan_entry(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    withdrawal: ForwardPlanWithdrawal,
) -> Result<Change, ApiError> {
    let (mut row, _) = load(tx, principal, id, Action::Update)?;
    check_version(&row, expected)?;
    transition(&mut row, ForwardPlanStatus::Withdrawn)?;
    let on = withdrawal.withdrawn_on.unwrap_or_else(today);
    refuse_if_any([
        check_text(&withdrawal.reason, "/reason", 2_000),
        check_act_date(on, row.published_on, today(), "/withdrawn_on"),
    ])?;
    row.withdrawn_on = Some(on);
    row.withdrawal_reason = Some(withdrawal.reason.trim().to_string());
    save(tx, &mut row, expected, entry_store::update_versioned)?;
    change(tx, principal, "withdraw", row, false)
}

pub fn get_forward_plan_entry(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
) -> Result<ForwardPlanEntry, ApiError> {
    let (row, exempt) = load(conn, principal, id, Action::Read)?;
    entry_view(conn, row, exempt, today())
}

/// What a list asks for, as the route reads it: `overdue` (the filter and each entry's flag) is
/// judged as at `as_of`, today by default.
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    pub filter: ForwardPlanFilter,
    pub overdue: Option<bool>,
    pub as_of: Option<NaiveDate>,
}

pub fn list_forward_plan_entries(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    request: ListRequest,
) -> Result<ForwardPlanEntryList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let mut filter = request.filter;
    let (from, to) = filter.intended;
    ApiError::check(check_day_range(from, to, "intended_from", "intended_to"))?;
    let as_of = request.as_of.unwrap_or_else(today);
    filter.overdue = request.overdue.map(|overdue| (overdue, as_of));
    let page = store::list_entries(conn, scope, &filter, &Window::Page(page))?;
    let mut items = Vec::new();
    for row in page.items {
        let resource = resource(conn, &row)?;
        items.push(entry_view(conn, row, sees_exempt(principal, &resource), as_of)?);
    }
    Ok(ForwardPlanEntryList { items, next_cursor: encode_cursor(page.next_cursor) })
}

/// The intended dates of the entries the caller may see that were published, as iCalendar all-day
/// events (withdrawn entries cancelled); an exempt entry shows its subject only.
pub fn get_forward_plan_calendar(
    conn: &mut DbConnection,
    principal: &Principal,
    corporation_sole: Option<Uuid>,
) -> Result<String, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let rows = store::calendar_entries(conn, scope, corporation_sole.map(Into::into), CALENDAR_LIMIT)?;
    let events = rows
        .iter()
        .map(|row| crate::ical::Event {
            uid: format!("{}@forward-plan.governance", row.id),
            starts_at: row.intended_on.and_hms_opt(0, 0, 0).unwrap_or_default(),
            ends_at: None,
            all_day: true,
            summary: format!("Key decision: {}", row.title),
            location: String::new(),
            cancelled: row.status == ForwardPlanStatus::Withdrawn,
            stamp: row.updated_at,
            sequence: row.version,
        })
        .collect::<Vec<_>>();
    Ok(crate::ical::calendar("Forward plan of key decisions", &events))
}

/// The public register's page of the forward plan: every entry ever published, as anyone may read
/// it, with no names of people (exempt entries as their notice); a page in id order, or the most
/// recently changed entries for the feed.
pub fn public_forward_plan(
    conn: &mut DbConnection,
    corporation_sole: Option<CorporationSoleId>,
    window: Window,
) -> Result<PublicForwardPlan, ApiError> {
    let scope = list_scope(&Principal::anonymous(), KIND)?;
    let filter =
        ForwardPlanFilter { corporation_sole_id: corporation_sole, published_only: true, ..Default::default() };
    let page = store::list_entries(conn, scope, &filter, &window)?;
    let mut items = Vec::new();
    for row in page.items {
        let exempt = disclosure_of(&row)?.level == Disclosure::Exempt;
        let deciders = store::deciders_of(conn, row.id)?.into_iter().map(Uuid::from).collect();
        items.push(PublicForwardPlanEntry {
            id: row.id.uuid(),
            deciders,
            summary: (!exempt).then(|| row.summary.clone()),
            intended_on: row.intended_on,
            taken_by: row.taken_by,
            board_id: row.board_id.map(Uuid::from),
            documents: if exempt { Vec::new() } else { documents_of(&row)? },
            exempt,
            status: row.status,
            published_on: row.published_on,
            slipped: has_slipped(row.intended_on, row.published_intended_on),
            closed_by: closed_by(&row)?,
            href: format!("{LOCATION_PREFIX}/forward-plan/{}", row.id),
            updated_at: instant(row.updated_at),
            title: row.title,
        });
    }
    Ok(PublicForwardPlan { items, next_cursor: encode_cursor(page.next_cursor) })
}
