//! The board records of the seeds (`api/demo/boards.json`): the Alliance Governance Group of
//! 26 July 2017 with its registers, record of decision PCC/D/2017/05, the Business Coordination
//! Board of 26 November 2015 and the West Mercia assurance meeting of 28 October 2020.
//!
//! Every entry is written once, through the audited write path, and found again by its natural
//! key on a second run. The same rules as the API apply (R-PB-02 on disclosures, R-BD-01 on the
//! decisions taken at meetings whose attendance the seeds record, R-BD-02 on approvals). The AGG
//! register's decisions and approvals are historical entries (R-TM-05) made by the use cases,
//! citing D0's decision summary table: the attendance of the meetings of decisions 1-14 is not in
//! the seeds, so R-BD-01 is left to the paper for them, and every approval passes R-TM-01.

use std::collections::HashMap;

use chrono::NaiveDate;
use openapi::boards::{
    DisclosureSpec, Evidence, MinuteEntryInput, NewAction, NewActionUpdate, NewAgendaItem, NewApproval, NewAttendance,
    NewBoard, NewDecision, NewMeeting, NewMembership, NewMinutes, NewOfficerApproval, NewRecordOfDecision,
    NewRecordSignature, NewReferenceScheme, OwnerInput,
};
use persistence::boards::{self as store, *};
use persistence::ids::{CorporationSoleId, PersonId};
use persistence::registry::find_post_by_title;
use serde::Deserialize;

use super::{lookup, Loader};
use crate::error::ApiError;
use crate::service::actions::{add_action_update, create_action};
use crate::service::boards::{add_board_membership, create_board};
use crate::service::decisions::{add_decision_approval, create_decision};
use crate::service::meetings::{add_agenda_item, add_meeting_attendance, create_meeting, local_start, move_meeting};
use crate::service::minutes::create_minutes;
use crate::service::records_of_decision::{
    add_record_of_decision_officer_approval, add_record_of_decision_signature, create_record_of_decision,
    create_reference_scheme,
};

const BOARDS_JSON: &str = include_str!("../../../demo/boards.json");

/// Ids of the registry entries the board records refer to, by their demo keys.
pub struct Keys<'a> {
    pub people: &'a HashMap<String, String>,
    pub offices: &'a HashMap<String, String>,
    pub organisations: &'a HashMap<String, String>,
    pub collaborations: &'a HashMap<String, String>,
}

#[derive(Deserialize)]
struct Demo {
    boards: Vec<DemoBoard>,
    reference_schemes: Vec<DemoScheme>,
    records_of_decision: Vec<DemoRecord>,
}

#[derive(Deserialize)]
struct DemoScheme {
    corporation_sole: String,
    pattern: String,
}

#[derive(Deserialize)]
struct DemoBoard {
    name: String,
    kind: String,
    owners: Vec<String>,
    #[serde(default)]
    collaboration: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    public: bool,
    established_on: NaiveDate,
    memberships: Vec<DemoMembership>,
    meetings: Vec<DemoMeeting>,
    decisions: Vec<DemoDecision>,
    decisions_at_recorded_meetings: Vec<DemoDecision>,
    /// The published paper the register is recorded from.
    #[serde(default)]
    register_paper: Option<DemoPaper>,
}

#[derive(Deserialize)]
struct DemoPaper {
    /// SHA-256 of the seed's text.
    sha256: String,
    /// The part of the paper that holds the register, e.g. "D0 decision summary table".
    table: String,
}

#[derive(Deserialize)]
struct DemoMembership {
    person: String,
    role: String,
    #[serde(default)]
    corporation_sole: Option<String>,
    voting: bool,
    starts_on: NaiveDate,
    #[serde(default)]
    ends_on: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct DemoMeeting {
    date: NaiveDate,
    start_time: String,
    #[serde(default)]
    end_time: Option<String>,
    venue: String,
    status: String,
    #[serde(default)]
    chairs: Vec<String>,
    #[serde(default)]
    minute_taker: Option<String>,
    #[serde(default)]
    next_meeting_note: Option<String>,
    #[serde(default)]
    attendance: Vec<DemoAttendance>,
    #[serde(default)]
    items: Vec<DemoItem>,
    #[serde(default)]
    actions: Vec<DemoAction>,
    #[serde(default)]
    minutes: Option<String>,
}

#[derive(Deserialize)]
struct DemoAttendance {
    person: String,
    kind: String,
    capacity: String,
    #[serde(default)]
    corporation_sole: Option<String>,
}

#[derive(Deserialize)]
struct DemoItem {
    label: String,
    title: String,
    #[serde(default)]
    presenter: Option<String>,
    #[serde(default)]
    standing_item: Option<String>,
    #[serde(default)]
    disclosure: DisclosureSpec,
    #[serde(default)]
    minute: Option<String>,
    #[serde(default)]
    outcome: Option<String>,
}

#[derive(Deserialize)]
struct DemoOwner {
    #[serde(default)]
    person: Option<String>,
    /// (organisation slug, post title)
    #[serde(default)]
    post: Option<(String, String)>,
}

#[derive(Deserialize)]
struct DemoUpdate {
    dated_on: NaiveDate,
    text: String,
}

#[derive(Deserialize)]
struct DemoAction {
    item: String,
    #[serde(default)]
    label: Option<String>,
    text: String,
    owners: Vec<DemoOwner>,
    #[serde(default)]
    due_on: Option<NaiveDate>,
    #[serde(default)]
    updates: Vec<DemoUpdate>,
}

#[derive(Deserialize)]
struct DemoApproval {
    corporation_sole: String,
    #[serde(default)]
    person: Option<String>,
    capacity: String,
    on: NaiveDate,
}

#[derive(Deserialize)]
struct DemoDecision {
    number: i64,
    meeting: NaiveDate,
    item: String,
    subject: String,
    #[serde(default)]
    recommendation: Option<String>,
    #[serde(default)]
    options_considered: Option<String>,
    outcome: String,
    #[serde(default)]
    conditions: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    owner_person: Option<String>,
    #[serde(default)]
    disclosure: DisclosureSpec,
    approvers: Vec<String>,
    approvals: Vec<DemoApproval>,
    #[serde(default)]
    raw: Option<String>,
}

#[derive(Deserialize)]
struct DemoOfficerApproval {
    role: String,
    #[serde(default)]
    person: Option<String>,
    name: String,
    approved_on: NaiveDate,
}

#[derive(Deserialize)]
struct DemoSignature {
    corporation_sole: String,
    capacity: String,
}

#[derive(Deserialize)]
struct DemoRecord {
    issuer: String,
    reference: String,
    title: String,
    summary: String,
    deciders: Vec<String>,
    proposals: Vec<String>,
    financial_comments: Option<String>,
    legal_comments: Option<String>,
    significant_public_interest: bool,
    officer_approvals: Vec<DemoOfficerApproval>,
    signatures: Vec<DemoSignature>,
    /// The published record the signatures are recorded from.
    paper: DemoPaper,
}

/// The platform's administrator: the policy lets it keep every board's records (it acts for no
/// corporation sole).
pub(super) fn platform(keys: &Keys) -> Result<domain::access::Principal, ApiError> {
    let platform = lookup(keys.organisations, "governance-service", "organisation")?;
    super::seed_principal(Some(platform), &[domain::access::Role::SystemAdmin], None)
}

fn bad(what: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("demo board data: {what}"))
}

/// A registry entry's id by its demo key, as the registry loader made or found it.
fn key<Id: From<uuid::Uuid>>(map: &HashMap<String, String>, key: &str, what: &str) -> Result<Id, ApiError> {
    super::parse_id(lookup(map, key, what)?).map(Id::from)
}

fn parse<T>(parsed: Option<T>, what: &str, text: &str) -> Result<T, ApiError> {
    parsed.ok_or_else(|| bad(format!("unknown {what} {text:?}")))
}

/// Loads every board record; safe to run again.
pub fn load(loader: &mut Loader, keys: &Keys) -> Result<(), ApiError> {
    let demo: Demo = serde_json::from_str(BOARDS_JSON).map_err(bad)?;
    let mut boards = HashMap::new();
    for board in &demo.boards {
        let board_id = load_board(loader, keys, board, &boards)?;
        boards.insert(board.name.clone(), board_id);
        let mut meetings = HashMap::new();
        for meeting in &board.meetings {
            let id = load_meeting(loader, keys, board_id, meeting)?;
            meetings.insert(meeting.date, id);
        }
        for decision in board.decisions.iter().chain(&board.decisions_at_recorded_meetings) {
            let meeting_id = match meetings.get(&decision.meeting) {
                Some(id) => *id,
                None => return Err(bad(format!("decision {} names an unknown meeting", decision.number))),
            };
            let paper = board.register_paper.as_ref().ok_or_else(|| bad("a register with no paper to cite"))?;
            load_decision(loader, keys, (board_id, &paper.sha256), meeting_id, decision, &paper.table)?;
        }
    }
    let platform = platform(keys)?;
    for scheme in &demo.reference_schemes {
        let cs: CorporationSoleId = key(keys.offices, &scheme.corporation_sole, "corporation sole")?;
        let new = NewReferenceScheme { corporation_sole_id: cs.uuid(), pattern: scheme.pattern.clone() };
        loader.ensure_typed(
            &platform,
            |c| Ok(store::reference_scheme_of(c, cs)?.map(|s| s.id)),
            |tx, principal| create_reference_scheme(tx, principal, new),
        )?;
    }
    for record in &demo.records_of_decision {
        load_record(loader, keys, record)?;
    }
    super::forward_plan::load(loader, keys, &boards)?;
    Ok(())
}

fn load_board(
    loader: &mut Loader,
    keys: &Keys,
    board: &DemoBoard,
    loaded: &HashMap<String, BoardId>,
) -> Result<BoardId, ApiError> {
    let owners =
        board.owners.iter().map(|o| key(keys.offices, o, "corporation sole")).collect::<Result<Vec<_>, _>>()?;
    let collaboration_id =
        board.collaboration.as_deref().map(|c| key(keys.collaborations, c, "collaboration")).transpose()?;
    let parent_board_id = board.parent.as_deref().map(|p| lookup(loaded, p, "board").copied()).transpose()?;
    let new = NewBoard {
        name: board.name.clone(),
        kind: parse(domain::boards::BoardKind::parse(&board.kind), "board kind", &board.kind)?,
        owners,
        parent_board_id: parent_board_id.map(uuid::Uuid::from),
        collaboration_id,
        quorum_rule: domain::boards::QuorumRule::EachOwningPolicingBody,
        quorum_count: None,
        public: board.public,
        established_on: board.established_on,
        exempt_access_roles: None,
    };
    let platform = platform(keys)?;
    let board_id = loader.ensure_typed(
        &platform,
        |c| Ok(store::find_board_by_name(c, &board.name)?.map(|b| b.id)),
        |tx, principal| create_board(tx, principal, new),
    )?;
    for membership in &board.memberships {
        let person_id: PersonId = key(keys.people, &membership.person, "person")?;
        let cs =
            membership.corporation_sole.as_deref().map(|c| key(keys.offices, c, "corporation sole")).transpose()?;
        let role = parse(domain::boards::MembershipRole::parse(&membership.role), "membership role", &membership.role)?;
        let new = NewMembership {
            person_id: Some(person_id.uuid()),
            post_id: None,
            role,
            corporation_sole_id: cs,
            voting: membership.voting,
            starts_on: membership.starts_on,
            ends_on: membership.ends_on,
        };
        loader.ensure_typed(
            &platform,
            |c| {
                Ok(store::board_memberships_of(c, board_id)?
                    .into_iter()
                    .find(|m| m.person_id == Some(person_id) && m.role == role)
                    .map(|m| m.id))
            },
            |tx, principal| add_board_membership(tx, principal, board_id.uuid(), new),
        )?;
    }
    Ok(board_id)
}

fn load_meeting(
    loader: &mut Loader,
    keys: &Keys,
    board_id: BoardId,
    meeting: &DemoMeeting,
) -> Result<MeetingId, ApiError> {
    let starts_at = local_start(meeting.date, &meeting.start_time, "/start_time")?;
    let status = parse(domain::boards::MeetingStatus::parse(&meeting.status), "meeting status", &meeting.status)?;
    let person = |k: &str| key(keys.people, k, "person");
    let new = NewMeeting {
        date: meeting.date,
        start_time: Some(meeting.start_time.clone()),
        end_time: meeting.end_time.clone(),
        venue: meeting.venue.clone(),
        chairs: meeting.chairs.iter().map(|p| person(p)).collect::<Result<_, _>>()?,
        minute_taker_person_id: meeting.minute_taker.as_deref().map(person).transpose()?,
        next_meeting_note: meeting.next_meeting_note.clone(),
    };
    let secretary = platform(keys)?;
    let meeting_id = loader.ensure_typed(
        &secretary,
        |c| Ok(store::find_meeting_at(c, board_id, starts_at)?.map(|m| m.id)),
        |tx, principal| create_meeting(tx, principal, board_id.uuid(), new),
    )?;
    let at = At { meeting_id, secretary: &secretary };
    load_attendance(loader, keys, &at, meeting)?;
    if status == domain::boards::MeetingStatus::Held {
        record_held(loader, &at)?;
    }
    let items = load_agenda(loader, &at, meeting)?;
    load_actions(loader, keys, &at, meeting, &items)?;
    if meeting.minutes.as_deref() == Some("draft") {
        load_minutes(loader, &at, meeting, &items)?;
    }
    Ok(meeting_id)
}

/// The meeting the steps below record into, and who records.
struct At<'a> {
    meeting_id: MeetingId,
    secretary: &'a domain::access::Principal,
}

fn load_attendance(loader: &mut Loader, keys: &Keys, at: &At<'_>, meeting: &DemoMeeting) -> Result<(), ApiError> {
    for attendance in &meeting.attendance {
        let person_id: PersonId = key(keys.people, &attendance.person, "person")?;
        let cs: Option<uuid::Uuid> =
            attendance.corporation_sole.as_deref().map(|c| key(keys.offices, c, "corporation sole")).transpose()?;
        let new = NewAttendance {
            person_id: person_id.uuid(),
            kind: parse(domain::boards::AttendanceKind::parse(&attendance.kind), "attendance kind", &attendance.kind)?,
            capacity: attendance.capacity.clone(),
            corporation_sole_id: cs,
            voting: Some(cs.is_some()),
        };
        // The use case answers with the meeting.
        loader.ensure_typed(
            at.secretary,
            |c| {
                let recorded = store::attendance_of(c, at.meeting_id)?.iter().any(|a| a.person_id == person_id);
                Ok(recorded.then_some(at.meeting_id))
            },
            |tx, principal| add_meeting_attendance(tx, principal, at.meeting_id.uuid(), new),
        )?;
    }
    Ok(())
}

fn record_held(loader: &mut Loader, at: &At<'_>) -> Result<(), ApiError> {
    let held = domain::boards::MeetingStatus::Held;
    loader.ensure_typed(
        at.secretary,
        |c| {
            let found = meeting_store::find(c, at.meeting_id)?.filter(|m| m.status == held);
            Ok(found.map(|m| m.id))
        },
        |tx, principal| {
            let version = meeting_store::find(tx, at.meeting_id)?.ok_or_else(|| bad("meeting vanished"))?.version;
            move_meeting(tx, principal, at.meeting_id.uuid(), version, held, None)
        },
    )?;
    Ok(())
}

fn load_agenda(
    loader: &mut Loader,
    at: &At<'_>,
    meeting: &DemoMeeting,
) -> Result<HashMap<String, AgendaItemId>, ApiError> {
    let mut items = HashMap::new();
    for (position, item) in meeting.items.iter().enumerate() {
        let new = NewAgendaItem {
            label: item.label.clone(),
            position: Some(position as i64 + 1),
            title: item.title.clone(),
            presenter: item.presenter.clone(),
            standing_item: item
                .standing_item
                .as_deref()
                .map(|s| parse(domain::boards::StandingItem::parse(s), "standing item", s))
                .transpose()?,
            disclosure: item.disclosure.clone(),
            title_withheld: false,
        };
        let id = loader.ensure_typed(
            at.secretary,
            |c| Ok(store::agenda_of(c, at.meeting_id)?.into_iter().find(|i| i.label == item.label).map(|i| i.id)),
            |tx, principal| add_agenda_item(tx, principal, at.meeting_id.uuid(), new),
        )?;
        items.insert(item.label.clone(), id);
    }
    Ok(items)
}

fn load_actions(
    loader: &mut Loader,
    keys: &Keys,
    at: &At<'_>,
    meeting: &DemoMeeting,
    items: &HashMap<String, AgendaItemId>,
) -> Result<(), ApiError> {
    let person = |k: &str| key(keys.people, k, "person");
    for action in &meeting.actions {
        let item_id = *lookup(items, &action.item, "agenda item")?;
        let mut owners = Vec::new();
        for owner in &action.owners {
            match (&owner.person, &owner.post) {
                (Some(k), None) => owners.push(OwnerInput { person_id: Some(person(k)?), post_id: None }),
                (None, Some((organisation, title))) => {
                    let org = key(keys.organisations, organisation, "organisation")?;
                    let title = title.clone();
                    let post = loader.db.read(|c| Ok::<_, ApiError>(find_post_by_title(c, org, &title)?))?;
                    let post = post.ok_or_else(|| bad(format!("no post {title:?}")))?;
                    owners.push(OwnerInput { person_id: None, post_id: Some(post.id.uuid()) });
                }
                _ => return Err(bad("an action owner is a person or a post")),
            }
        }
        let new = NewAction {
            agenda_item_id: Some(item_id.uuid()),
            label: action.label.clone(),
            text: action.text.clone(),
            owners,
            due_on: action.due_on,
        };
        let action_id = loader.ensure_typed(
            at.secretary,
            |c| {
                let actions = store::actions_of_meeting(c, at.meeting_id)?;
                Ok(actions.into_iter().find(|a| a.text == action.text).map(|a| a.id))
            },
            |tx, principal| create_action(tx, principal, at.meeting_id.uuid(), new),
        )?;
        for update in &action.updates {
            let new = NewActionUpdate { dated_on: update.dated_on, text: update.text.clone() };
            // The use case answers with the action.
            loader.ensure_typed(
                at.secretary,
                |c| {
                    let updates = store::action_updates_of_each(c, &[action_id])?;
                    let recorded = updates.iter().any(|u| u.dated_on == update.dated_on && u.text == update.text);
                    Ok(recorded.then_some(action_id))
                },
                |tx, principal| add_action_update(tx, principal, action_id.uuid(), new),
            )?;
        }
    }
    Ok(())
}

fn load_minutes(
    loader: &mut Loader,
    at: &At<'_>,
    meeting: &DemoMeeting,
    items: &HashMap<String, AgendaItemId>,
) -> Result<(), ApiError> {
    let mut entries = Vec::new();
    for item in &meeting.items {
        let (Some(text), Some(item_id)) = (&item.minute, items.get(&item.label)) else { continue };
        let outcome =
            item.outcome.as_deref().map(|o| parse(domain::boards::ItemOutcome::parse(o), "outcome", o)).transpose()?;
        entries.push(MinuteEntryInput { agenda_item_id: item_id.uuid(), text: text.clone(), outcome });
    }
    loader.ensure_typed(
        at.secretary,
        |c| Ok(store::minutes_of(c, at.meeting_id)?.into_iter().next().map(|m| m.id)),
        |tx, principal| create_minutes(tx, principal, at.meeting_id.uuid(), NewMinutes { entries }),
    )?;
    Ok(())
}

fn load_decision(
    loader: &mut Loader,
    keys: &Keys,
    board: (BoardId, &str),
    meeting_id: MeetingId,
    decision: &DemoDecision,
    paper: &str,
) -> Result<DecisionId, ApiError> {
    let (board_id, register_paper) = board;
    let item_id = loader
        .db
        .read(|c| {
            Ok::<_, ApiError>(
                store::agenda_of(c, meeting_id)?.into_iter().find(|i| i.label == decision.item).map(|i| i.id),
            )
        })?
        .ok_or_else(|| bad(format!("decision {} names an unknown item {:?}", decision.number, decision.item)))?;
    let required =
        decision.approvers.iter().map(|a| key(keys.offices, a, "corporation sole")).collect::<Result<Vec<_>, _>>()?;
    // Every entry is recorded from the paper's decision summary table (R-TM-05).
    let evidence = Evidence {
        sha256: register_paper.to_string(),
        locator: format!("{paper}, decision {}", decision.number),
        uri: None,
    };
    let new = NewDecision {
        agenda_item_id: Some(item_id.uuid()),
        subject: decision.subject.clone(),
        recommendation: decision.recommendation.clone(),
        options_considered: decision.options_considered.clone(),
        outcome: parse(domain::boards::DecisionOutcome::parse(&decision.outcome), "outcome", &decision.outcome)?,
        conditions: decision.conditions.clone(),
        owner: decision.owner.clone(),
        owner_person_id: decision.owner_person.as_deref().map(|p| key(keys.people, p, "person")).transpose()?,
        required_approvers: required,
        disclosure: decision.disclosure.clone(),
        paper_number: Some(decision.number.to_string()),
        evidence: Some(evidence.clone()),
    };
    let secretary = platform(keys)?;
    let decision_id = loader.ensure_typed(
        &secretary,
        |c| Ok(store::find_decision_by_number(c, board_id, decision.number)?.map(|d| d.id)),
        |tx, principal| {
            let change = create_decision(tx, principal, meeting_id.uuid(), new)?;
            // The number the decision just took.
            let number = store::last_decision_number(tx, board_id)?;
            if number != decision.number {
                return Err(bad(format!(
                    "decision {} would be numbered {}: load the register in order",
                    decision.number, number
                )));
            }
            Ok(change)
        },
    )?;
    for approval in &decision.approvals {
        let cs: CorporationSoleId = key(keys.offices, &approval.corporation_sole, "corporation sole")?;
        let new = NewApproval {
            corporation_sole_id: cs.uuid(),
            person_id: approval.person.as_deref().map(|p| key(keys.people, p, "person")).transpose()?,
            capacity: approval.capacity.clone(),
            approved_on: approval.on,
            raw_text: decision.raw.clone(),
            evidence: Some(evidence.clone()),
        };
        // The use case answers with the decision.
        loader.ensure_typed(
            &secretary,
            |c| {
                let approved =
                    store::decision_approvals_of(c, decision_id)?.iter().any(|a| a.corporation_sole_id == cs);
                Ok(approved.then_some(decision_id))
            },
            |tx, principal| add_decision_approval(tx, principal, decision_id.uuid(), new, None),
        )?;
    }
    Ok(decision_id)
}

fn load_record(loader: &mut Loader, keys: &Keys, record: &DemoRecord) -> Result<(), ApiError> {
    let issuer: CorporationSoleId = key(keys.offices, &record.issuer, "corporation sole")?;
    let new = NewRecordOfDecision {
        issuing_corporation_sole_id: issuer.uuid(),
        reference: Some(record.reference.clone()),
        title: record.title.clone(),
        summary: record.summary.clone(),
        deciders: record
            .deciders
            .iter()
            .map(|d| {
                Ok(openapi::boards::DeciderInput {
                    corporation_sole_id: key(keys.offices, d, "corporation sole")?,
                    declaration: None,
                })
            })
            .collect::<Result<_, ApiError>>()?,
        proposals: record.proposals.clone(),
        financial_comments: record.financial_comments.clone(),
        legal_comments: record.legal_comments.clone(),
        part_two: None,
        significant_public_interest: record.significant_public_interest,
        decided_on: None,
        links: Vec::new(),
    };
    let secretary = platform(keys)?;
    let record_id = loader.ensure_typed(
        &secretary,
        |c| Ok(store::find_record_by_reference(c, issuer, &record.reference)?.map(|r| r.id)),
        |tx, principal| create_record_of_decision(tx, principal, new),
    )?;
    for approval in &record.officer_approvals {
        let new = NewOfficerApproval {
            role: parse(domain::boards::OfficerRole::parse(&approval.role), "officer role", &approval.role)?,
            person_id: approval.person.as_deref().map(|p| key(keys.people, p, "person")).transpose()?,
            name: approval.name.clone(),
            approved_on: approval.approved_on,
        };
        // The use case answers with the record.
        loader.ensure_typed(
            &secretary,
            |c| {
                let approvals = store::record_officer_approvals_of(c, record_id)?;
                Ok(approvals.iter().any(|o| o.name == approval.name).then_some(record_id))
            },
            |tx, principal| add_record_of_decision_officer_approval(tx, principal, record_id.uuid(), new),
        )?;
    }
    // D1's four signature slots carry no names or dates: each is recorded from the paper (R-TM-05)
    // in the capacity it states, naming nobody, as the paper does.
    for signature in &record.signatures {
        let cs: CorporationSoleId = key(keys.offices, &signature.corporation_sole, "corporation sole")?;
        let new = NewRecordSignature {
            corporation_sole_id: cs.uuid(),
            person_id: None,
            signed_name: "Signed (name not given in D1)".into(),
            capacity: signature.capacity.clone(),
            signed_on: None,
            evidence: Some(Evidence {
                sha256: record.paper.sha256.clone(),
                locator: format!("{}: {}", record.paper.table, signature.capacity),
                uri: None,
            }),
        };
        // The use case answers with the record.
        loader.ensure_typed(
            &secretary,
            |c| {
                let signed = store::record_signatures_of(c, record_id)?.iter().any(|s| s.corporation_sole_id == cs);
                Ok(signed.then_some(record_id))
            },
            |tx, principal| add_record_of_decision_signature(tx, principal, record_id.uuid(), new, None),
        )?;
    }
    Ok(())
}
