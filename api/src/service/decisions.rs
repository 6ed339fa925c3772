//! Decisions of a board: the register's rules on a new decision, its views (one page assembled with
//! one query per kind of part), and approvals by the corporations sole, with the one gate for acting
//! for a corporation sole on a board record.

use std::collections::HashMap;

use actix_web::web::Bytes;

use domain::access::{authorize, Action, Principal, Resource, ResourceKind};
use domain::boards::{
    check_approval, check_citation, check_meeting_has_taken_place, check_office_existed, check_quorate_for_decision,
    check_required_approvers, quorum_is_checked, Disclosure, PaperCitation, Quorum,
};
use domain::rules::{check_act_date, check_named_actor, check_text};
use openapi::boards::{Approval, Decision, DecisionList, Evidence, NewApproval, NewDecision};
use persistence::boards::{self as store, *};
use persistence::ids::CorporationSoleId;
use persistence::registry::PageRequest;
use persistence::{registry as registry_store, Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::instant;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::authority_cache::AuthorityCache;
use crate::service::boards::{
    check_disclosure, check_person, now, read_disclosure, store_disclosure, touch, BoardScope,
};
use crate::service::meetings::{meeting_quorum, MeetingScope};
use crate::service::register_cache::{DecisionRegisterCache, PageKey};
use crate::service::today;
use crate::service::{allow, group_by, refuse_if_any, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Decision;

/// The full representation; exempt decisions keep number, date, item, owner and approvals and
/// hide their subject from callers who may not see exempt content.
pub fn decision_view(conn: &mut DbConnection, row: DecisionRow, sees_exempt: bool) -> Result<Decision, ApiError> {
    let mut views = decision_views(conn, vec![row], sees_exempt)?;
    views.pop().ok_or_else(|| ApiError::Internal("decision view missing".into()))
}

/// The views of some decisions, with their parts read in one query per kind (not per decision).
pub fn decision_views(
    conn: &mut DbConnection,
    rows: Vec<DecisionRow>,
    sees_exempt: bool,
) -> Result<Vec<Decision>, ApiError> {
    let meeting_ids: Vec<MeetingId> = rows.iter().map(|r| r.meeting_id).collect();
    let item_ids: Vec<AgendaItemId> = rows.iter().filter_map(|r| r.agenda_item_id).collect();
    let meetings: HashMap<MeetingId, chrono::NaiveDateTime> =
        store::meeting_starts(conn, &meeting_ids)?.into_iter().collect();
    let items: HashMap<AgendaItemId, String> = store::agenda_item_labels(conn, &item_ids)?.into_iter().collect();
    let entries = rows
        .into_iter()
        .map(|decision| {
            let starts = meetings.get(&decision.meeting_id).copied();
            let label = decision.agenda_item_id.and_then(|i| items.get(&i).cloned());
            (decision, starts, label)
        })
        .collect();
    views_of(conn, entries, sees_exempt)
}

/// The views of a page of the register, whose meetings' starts and items' labels came with it.
fn register_views(
    conn: &mut DbConnection,
    entries: Vec<RegisterEntry>,
    sees_exempt: bool,
) -> Result<Vec<Decision>, ApiError> {
    let entries = entries.into_iter().map(|e| (e.decision, Some(e.meeting_starts_at), e.agenda_item_label)).collect();
    views_of(conn, entries, sees_exempt)
}

/// Decisions, each with its meeting's start and its item's label, assembled with their other parts.
fn views_of(
    conn: &mut DbConnection,
    entries: Vec<(DecisionRow, Option<chrono::NaiveDateTime>, Option<String>)>,
    sees_exempt: bool,
) -> Result<Vec<Decision>, ApiError> {
    let ids: Vec<DecisionId> = entries.iter().map(|(r, _, _)| r.id).collect();
    let mut approvers = group_by(store::decision_approvers_of_each(conn, &ids)?, |a| a.decision_id);
    let mut approvals = group_by(store::decision_approvals_of_each(conn, &ids)?, |a| a.decision_id);
    let mut texts = group_by(store::decision_texts_of_each(conn, &ids)?, |t| t.decision_id);
    let mut corrections = crate::service::corrections::corrections_of(conn, &ids)?;
    entries
        .into_iter()
        .map(|(row, meeting, item)| {
            let parts = DecisionParts {
                meeting,
                item,
                approvers: approvers.remove(&row.id).unwrap_or_default(),
                approvals: approvals.remove(&row.id).unwrap_or_default(),
                texts: texts.remove(&row.id).unwrap_or_default(),
                corrections: corrections.remove(&row.id).unwrap_or_default(),
            };
            assemble_decision(row, parts, sees_exempt)
        })
        .collect()
}

pub struct DecisionParts {
    /// When the decision's meeting started.
    meeting: Option<chrono::NaiveDateTime>,
    /// The label of the decision's agenda item.
    item: Option<String>,
    approvers: Vec<DecisionApproverRow>,
    approvals: Vec<DecisionApprovalRow>,
    texts: Vec<DecisionTextRow>,
    corrections: Vec<openapi::boards::Correction>,
}

pub fn assemble_decision(row: DecisionRow, parts: DecisionParts, sees_exempt: bool) -> Result<Decision, ApiError> {
    let meeting = parts.meeting.ok_or_else(|| ApiError::Internal("decision without meeting".into()))?;
    let item = parts.item;
    let required_approvers = parts.approvers.iter().map(|a| a.corporation_sole_id.uuid()).collect();
    let approvals = parts
        .approvals
        .into_iter()
        .map(|a| Approval {
            corporation_sole_id: a.corporation_sole_id.uuid(),
            person_id: a.person_id.map(Uuid::from),
            capacity: a.capacity,
            approved_on: a.approved_on,
            raw_text: a.raw_text,
            evidence: stored_evidence(a.evidence_sha256, a.evidence_locator, a.evidence_uri),
        })
        .collect();
    let text = parts.texts.into_iter().next().ok_or_else(|| ApiError::Internal("decision without its text".into()))?;
    let disclosure =
        read_disclosure(&row.disclosure, &row.foi_sections, &row.exemption_reason, row.intended_publication_on)?;
    let redacted = disclosure.level == Disclosure::Exempt && !sees_exempt;
    let hide = |text: Option<String>| if redacted { None } else { text };
    Ok(Decision {
        id: row.id.uuid(),
        board_id: row.board_id.uuid(),
        number: row.number,
        meeting_id: row.meeting_id.uuid(),
        meeting_date: meeting.date(),
        agenda_item_id: row.agenda_item_id.map(Uuid::from),
        agenda_item_label: item,
        subject: hide(Some(text.subject)),
        recommendation: hide(text.recommendation),
        options_considered: hide(text.options_considered),
        outcome: row.outcome,
        conditions: hide(text.conditions),
        owner: row.owner,
        owner_person_id: row.owner_person_id.map(Uuid::from),
        agreed: row.agreed_on.is_some(),
        agreed_on: row.agreed_on,
        required_approvers,
        approvals,
        disclosure,
        redacted,
        paper_number: row.paper_number,
        evidence: stored_evidence(row.evidence_sha256, row.evidence_locator, row.evidence_uri),
        corrections: parts.corrections,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

/// The paper an entry was recorded from, as stored (R-TM-05).
pub fn stored_evidence(sha256: Option<String>, locator: Option<String>, uri: Option<String>) -> Option<Evidence> {
    Some(Evidence { sha256: sha256?, locator: locator?, uri })
}

/// The stored columns of a cited paper: digest, locator, address.
pub fn evidence_columns(evidence: Option<&Evidence>) -> (Option<String>, Option<String>, Option<String>) {
    match evidence {
        Some(e) => (Some(e.sha256.clone()), Some(e.locator.trim().to_string()), e.uri.clone()),
        None => (None, None, None),
    }
}

/// R-TM-05: the cited paper is identified by its digest and the entry says where in it.
pub fn check_evidence(evidence: &Evidence) -> Vec<domain::RuleViolation> {
    check_evidence_at(evidence, "/evidence")
}

/// [`check_evidence`] for a paper cited at `pointer` (e.g. one approval in a list).
pub fn check_evidence_at(evidence: &Evidence, pointer: &str) -> Vec<domain::RuleViolation> {
    let citation = PaperCitation { sha256: &evidence.sha256, locator: &evidence.locator, uri: evidence.uri.as_deref() };
    check_citation(&citation, pointer)
}

/// A decision with its board; readable by parties, and by everyone once agreed on a public board.
pub fn decision_scope(
    conn: &mut DbConnection,
    principal: &Principal,
    id: DecisionId,
    action: Action,
) -> Result<(DecisionRow, BoardScope), ApiError> {
    let row = decision_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let board = BoardScope::load(conn, row.board_id)?;
    allow(principal, action, &decision_resource(&row, &board))?;
    Ok((row, board))
}

/// The policy's view of a decision: beyond the board's parties, it is seen once agreed at a public
/// board.
pub fn decision_resource(row: &DecisionRow, board: &BoardScope) -> Resource {
    board.resource(KIND, board.board.public && row.agreed_on.is_some())
}

/// Everything a new decision must satisfy before it takes a number.
pub fn check_new_decision(conn: &mut DbConnection, scope: &MeetingScope, new: &NewDecision) -> Result<(), ApiError> {
    if !scope.status()?.takes_business() {
        return Err(ApiError::Conflict(format!(
            "the meeting is {}, so it cannot take decisions",
            scope.meeting.status
        )));
    }
    let owners: Vec<Uuid> =
        store::board_owners_of(conn, scope.board.board.id)?.iter().map(|o| o.corporation_sole_id.uuid()).collect();
    let mut violations = check_text(&new.subject, "/subject", 10_000);
    violations.extend(check_required_approvers(&new.required_approvers, &owners));
    violations.extend(check_disclosure(&new.disclosure, "/disclosure"));
    if let Some(number) = &new.paper_number {
        violations.extend(check_text(number, "/paper_number", 50));
    }
    if let Some(evidence) = &new.evidence {
        violations.extend(check_evidence(evidence));
        violations.extend(check_meeting_has_taken_place(scope.meeting.starts_at.date(), today(), "/evidence"));
    }
    refuse_if_any([violations])?;
    if let Some(item) = new.agenda_item_id {
        agenda_item_store::find(conn, item.into())?
            .filter(|i| i.meeting_id == scope.meeting.id)
            .ok_or_else(|| ApiError::unknown_reference("/agenda_item_id", "agenda item of this meeting"))?;
    }
    if let Some(person) = new.owner_person_id {
        check_person(conn, person, "/owner_person_id")?;
    }
    let attendance_recorded = !store::attendance_of(conn, scope.meeting.id)?.is_empty();
    if !quorum_is_checked(new.evidence.is_some(), attendance_recorded) {
        return Ok(());
    }
    let report = meeting_quorum(conn, &scope.meeting, &scope.board.board)?;
    let quorum = Quorum {
        quorate: report.quorate,
        unrepresented: report.unrepresented,
        voting_present: report.voting_present as usize,
        required_count: report.required_count,
    };
    refuse_if_any([check_quorate_for_decision(&quorum)])
}

/// Stores a decision under the board's next number (taken in this transaction).
pub fn insert_decision(
    conn: &mut DbConnection,
    scope: &MeetingScope,
    new: &NewDecision,
) -> Result<DecisionRow, ApiError> {
    let number = store::next_decision_number(conn, scope.board.board.id)?;
    let rows = decision_rows(Uuid::now_v7, now(), (scope.board.board.id, scope.meeting.id), number, new);
    decision_store::insert(conn, &rows.decision)?;
    decision_text_store::insert(conn, &rows.text)?;
    for approver in &rows.approvers {
        decision_approver_store::insert(conn, approver)?;
    }
    Ok(rows.decision)
}

/// The rows of a new decision: the register entry, its text and its required approvers.
pub struct DecisionRows {
    pub decision: DecisionRow,
    pub text: DecisionTextRow,
    pub approvers: Vec<DecisionApproverRow>,
}

/// A new decision's rows under `number` (`create_decision` and the bulk loader); `next_id` names
/// each row.
pub fn decision_rows(
    mut next_id: impl FnMut() -> Uuid,
    now: chrono::NaiveDateTime,
    (board_id, meeting_id): (BoardId, MeetingId),
    number: i64,
    new: &NewDecision,
) -> DecisionRows {
    let (disclosure, foi_sections, exemption_reason, intended_publication_on) = store_disclosure(&new.disclosure);
    let (evidence_sha256, evidence_locator, evidence_uri) = evidence_columns(new.evidence.as_ref());
    let decision = DecisionRow {
        id: next_id().into(),
        board_id,
        number,
        meeting_id,
        agenda_item_id: new.agenda_item_id.map(Into::into),
        outcome: new.outcome,
        owner: new.owner.clone(),
        owner_person_id: new.owner_person_id.map(Into::into),
        disclosure,
        foi_sections,
        exemption_reason,
        intended_publication_on,
        agreed_on: None,
        paper_number: new.paper_number.as_ref().map(|n| n.trim().to_string()),
        evidence_sha256,
        evidence_locator,
        evidence_uri,
        voided_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let text = DecisionTextRow {
        id: next_id().into(),
        decision_id: decision.id,
        subject: new.subject.clone(),
        recommendation: new.recommendation.clone(),
        options_considered: new.options_considered.clone(),
        conditions: new.conditions.clone(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let approvers = new
        .required_approvers
        .iter()
        .map(|approver| DecisionApproverRow {
            id: next_id().into(),
            decision_id: decision.id,
            corporation_sole_id: (*approver).into(),
            version: 1,
            created_at: now,
            updated_at: now,
        })
        .collect();
    DecisionRows { decision, text, approvers }
}

/// One approval of a decision as recorded (`add_decision_approval` and the bulk loader), with the
/// capacity as checked.
pub fn approval_row(
    id: DecisionApprovalId,
    now: chrono::NaiveDateTime,
    decision_id: DecisionId,
    new: &NewApproval,
    capacity: String,
    recorded_by: &str,
) -> DecisionApprovalRow {
    let (evidence_sha256, evidence_locator, evidence_uri) = evidence_columns(new.evidence.as_ref());
    DecisionApprovalRow {
        id,
        decision_id,
        corporation_sole_id: new.corporation_sole_id.into(),
        person_id: new.person_id.map(Into::into),
        capacity,
        approved_on: new.approved_on,
        raw_text: new.raw_text.clone(),
        recorded_by: recorded_by.to_string(),
        evidence_sha256,
        evidence_locator,
        evidence_uri,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// The one gate for acting for a corporation sole on a board record (decision approvals and
/// record-of-decision signatures): the caller must be an `approver` of an organisation serving the
/// corporation sole; the act names the person who acted (R-TM-02, 422 without one), who must hold the
/// office that day or act under a delegation in force that day (the deputy PCC for the PCC, D0
/// decision 14), else 403 with the reasons. The capacity recorded is the one stated, with the
/// authority found.
pub fn check_acting_capacity(
    conn: &mut DbConnection,
    principal: &Principal,
    kind: ResourceKind,
    acting: Acting<'_>,
    on: chrono::NaiveDate,
) -> Result<String, ApiError> {
    let serving = registry_store::organisations_serving(conn, CorporationSoleId::from(acting.corporation_sole_id))?
        .iter()
        .map(|id| id.uuid())
        .collect::<Vec<_>>();
    // `public: true`: the caller already sees the record; this asks only who may act for the office.
    authorize(principal, Action::Approve, &Resource { kind, owner: None, parties: serving, public: true })
        .map_err(ApiError::from)?;
    refuse_if_any([check_text(acting.capacity, "/capacity", 300)])?;
    let person = acting.person.ok_or_else(|| ApiError::Rules(check_named_actor(None, "/person_id")))?;
    let stated = acting.capacity.trim().to_string();
    let authority = crate::service::authority::require_authority_to_act(
        conn,
        acting.facts,
        person,
        acting.corporation_sole_id,
        acting.function,
        on,
    )?;
    Ok(format!("{stated} ({})", authority.capacity))
}

/// The person an act is recorded for: the body's `person_id`, or the token's person. A token that
/// names a person records that person's acts only: naming someone else is refused (403).
pub fn acting_person(principal: &Principal, stated: Option<Uuid>) -> Result<Option<Uuid>, ApiError> {
    match (principal.person_id, stated) {
        (Some(signed_in), Some(stated)) if signed_in != stated => Err(ApiError::Forbidden(
            "this token names a person, who can record only their own approval or signature".into(),
        )),
        (signed_in, stated) => Ok(stated.or(signed_in)),
    }
}

/// Who acts for which corporation sole, in what stated capacity, exercising which function.
pub struct Acting<'a> {
    pub corporation_sole_id: Uuid,
    pub person: Option<Uuid>,
    pub capacity: &'a str,
    /// The functions catalogue code, e.g. `approve_board_decision`.
    pub function: &'a str,
    /// Remembered authority facts, where the transaction has written nothing they depend on.
    pub facts: Option<&'a AuthorityCache>,
}

/// Records an approval and, when it is the last one required, the day the decision was agreed.
pub fn record_approval(
    conn: &mut DbConnection,
    decision: &mut DecisionRow,
    new: &NewApproval,
    capacity: String,
    recorded_by: &str,
) -> Result<(), ApiError> {
    let required: Vec<Uuid> =
        store::decision_approvers_of(conn, decision.id)?.iter().map(|a| a.corporation_sole_id.uuid()).collect();
    let approved: Vec<Uuid> =
        store::decision_approvals_of(conn, decision.id)?.iter().map(|a| a.corporation_sole_id.uuid()).collect();
    refuse_if_any([check_approval(&required, &approved, new.corporation_sole_id)])?;
    if let Some(person) = new.person_id {
        check_person(conn, person, "/person_id")?;
    }
    let row = approval_row(DecisionApprovalId::generate(), now(), decision.id, new, capacity, recorded_by);
    decision_approval_store::insert(conn, &row)?;
    refresh_agreed_on(conn, decision)?;
    touch(conn, decision, decision_store::update_versioned)
}

/// Sets the day the decision was agreed from its outcome, required approvers and approvals as
/// stored (after an approval, or a correction of the outcome).
pub fn refresh_agreed_on(conn: &mut DbConnection, decision: &mut DecisionRow) -> Result<(), ApiError> {
    let required: Vec<Uuid> =
        store::decision_approvers_of(conn, decision.id)?.iter().map(|a| a.corporation_sole_id.uuid()).collect();
    let approvals: Vec<_> = store::decision_approvals_of(conn, decision.id)?
        .iter()
        .map(|a| (a.corporation_sole_id.uuid(), a.approved_on))
        .collect();
    decision.agreed_on = domain::boards::agreed_on(decision.outcome, &required, &approvals);
    Ok(())
}

pub fn add_decision_approval(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewApproval,
    facts: Option<&AuthorityCache>,
) -> Result<Change, ApiError> {
    let (mut decision, board) = decision_scope(tx, principal, id.into(), Action::Read)?;
    let mut new = new;
    let meeting = meeting_store::find(tx, decision.meeting_id)?
        .ok_or_else(|| ApiError::Internal("a decision of a missing meeting".into()))?;
    refuse_if_any([check_act_date(new.approved_on, Some(meeting.starts_at.date()), today(), "/approved_on")])?;
    let capacity = match &new.evidence {
        Some(evidence) => check_historical_approval(tx, principal, &board, &new, evidence)?,
        None => {
            new.person_id = acting_person(principal, new.person_id)?;
            let acting = Acting {
                corporation_sole_id: new.corporation_sole_id,
                person: new.person_id,
                capacity: &new.capacity,
                function: APPROVE_FUNCTION,
                // Nothing is written before this.
                facts,
            };
            check_acting_capacity(tx, principal, KIND, acting, new.approved_on)?
        }
    };
    record_approval(tx, &mut decision, &new, capacity, &principal.subject)?;
    let location = format!("{LOCATION_PREFIX}/decisions/{}", decision.id);
    let (decision_id, version) = (decision.id, decision.version);
    let sees_exempt = board.sees_exempt(tx, principal)?;
    versioned_change("approve", KIND, decision_id, version, &decision_view(tx, decision, sees_exempt)?, Some(location))
}

/// The functions catalogue code of approving a board decision.
const APPROVE_FUNCTION: &str = "approve_board_decision";

/// R-TM-05: an approval recorded from a published paper by whoever keeps the board's records (it
/// is evidence, not an act in the service, so the recorder needs no authority for the office). The
/// dates still hold (R-TM-01): the office existed that day, and a person the paper names held it or
/// acted under a delegation in force that day. The capacity is the paper's, with the authority found.
fn check_historical_approval(
    conn: &mut DbConnection,
    principal: &Principal,
    board: &BoardScope,
    new: &NewApproval,
    evidence: &Evidence,
) -> Result<String, ApiError> {
    allow(principal, Action::Create, &board.resource(KIND, board.board.public))?;
    refuse_if_any([check_evidence(evidence), check_text(&new.capacity, "/capacity", 300)])?;
    let actor = HistoricalActor {
        person: new.person_id,
        corporation_sole_id: new.corporation_sole_id,
        function: APPROVE_FUNCTION,
        on: new.approved_on,
        date_pointer: "/approved_on",
    };
    historical_capacity(conn, &actor, new.capacity.trim())
}

/// Who a paper says acted for a corporation sole, and when (R-TM-05).
pub struct HistoricalActor<'a> {
    pub person: Option<Uuid>,
    pub corporation_sole_id: Uuid,
    pub function: &'a str,
    pub on: chrono::NaiveDate,
    /// Where the date is in the request, for a refusal.
    pub date_pointer: &'a str,
}

/// R-TM-01 for an act recorded from a paper: a person it names held the office, or acted under a
/// delegation in force, on the day (their authority is added to the stated capacity); an office named
/// alone existed that day. Answers the capacity to record.
pub fn historical_capacity(
    conn: &mut DbConnection,
    actor: &HistoricalActor<'_>,
    stated: &str,
) -> Result<String, ApiError> {
    match actor.person {
        Some(person) => {
            check_person(conn, person, "/person_id")?;
            let authority = crate::service::authority::require_authority_to_act(
                conn,
                None,
                person,
                actor.corporation_sole_id,
                actor.function,
                actor.on,
            )?;
            Ok(format!("{stated} ({})", authority.capacity))
        }
        None => {
            let office = persistence::registry::corporation_sole_store::find(conn, actor.corporation_sole_id.into())?
                .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
            let existed = domain::Period::new(office.starts_on, office.ends_on);
            refuse_if_any([check_office_existed(&existed, actor.on, actor.date_pointer)])?;
            Ok(stated.to_string())
        }
    }
}

pub fn get_decision(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Decision, ApiError> {
    let (row, board) = decision_scope(conn, principal, id.into(), Action::Read)?;
    let exempt = board.sees_exempt(conn, principal)?;
    decision_view(conn, row, exempt)
}

/// A page of a board's decision register, narrowed by `filter` (number range, meeting, outcome,
/// meeting dates, approver).
pub fn list_board_decisions(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    filter: DecisionFilter,
    page: PageRequest,
    pages: Option<&DecisionRegisterCache>,
) -> Result<Bytes, ApiError> {
    let board = BoardScope::load(conn, id.into())?;
    register(conn, principal, &board, filter, page, pages)
}

/// The decisions one meeting took: the board's register as its reader sees it, for that meeting.
pub fn list_meeting_decisions(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    page: PageRequest,
    pages: Option<&DecisionRegisterCache>,
) -> Result<Bytes, ApiError> {
    let scope = MeetingScope::load(conn, id.into())?;
    let filter = DecisionFilter { meeting_id: Some(scope.meeting.id), ..DecisionFilter::default() };
    register(conn, principal, &scope.board, filter, page, pages)
}

/// A page of a board's decision register (of one meeting, if given), by number, as JSON: members see
/// every decision, others the agreed ones of a public board. Who may read it and what they see is
/// decided afresh; the page itself comes from `pages` while nothing it shows has changed.
fn register(
    conn: &mut DbConnection,
    principal: &Principal,
    board: &BoardScope,
    filter: DecisionFilter,
    page: PageRequest,
    pages: Option<&DecisionRegisterCache>,
) -> Result<Bytes, ApiError> {
    allow(principal, Action::Read, &board.resource(ResourceKind::Board, board.board.public))?;
    let insider = board.insider(principal);
    let filter = DecisionFilter { agreed_only: !insider, ..filter };
    let sees_exempt = board.sees_exempt(conn, principal)?;
    let read = |conn: &mut DbConnection| {
        let page = store::list_decisions(conn, board.board.id, &filter, &page)?;
        let items = register_views(conn, page.items, sees_exempt)?;
        let list = DecisionList { items, next_cursor: encode_cursor(page.next_cursor) };
        let json = serde_json::to_vec(&list).map_err(|e| ApiError::Internal(e.to_string()))?;
        // Boxed: no spare capacity kept with a page that may be remembered.
        Ok(Bytes::from(json.into_boxed_slice()))
    };
    match pages {
        Some(pages) => {
            let key = PageKey {
                board: board.board.id,
                filter: filter.clone(),
                after: page.after.clone(),
                limit: page.limit,
                sees_exempt,
            };
            // Read before the page: a page is never older than the revision it is filed under.
            let revision = store::decisions_revision(conn)?;
            let heap = key.heap();
            pages.page(revision, key, heap, || read(conn))
        }
        None => read(conn),
    }
}

pub fn create_decision(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewDecision,
) -> Result<Change, ApiError> {
    let scope = MeetingScope::load(tx, id.into())?;
    allow(principal, Action::Create, &scope.board.resource(KIND, scope.board.board.public))?;
    check_new_decision(tx, &scope, &new)?;
    let row = insert_decision(tx, &scope, &new)?;
    let location = format!("{LOCATION_PREFIX}/decisions/{}", row.id);
    let (decision_id, version) = (row.id, row.version);
    let sees_exempt = scope.board.sees_exempt(tx, principal)?;
    versioned_change("create", KIND, decision_id, version, &decision_view(tx, row, sees_exempt)?, Some(location))
}
