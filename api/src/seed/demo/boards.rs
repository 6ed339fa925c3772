//! The board records of the seeds (`api/demo/boards.json`): the Alliance Governance Group of
//! 26 July 2017 with its registers, record of decision PCC/D/2017/05, the Business Coordination
//! Board of 26 November 2015 and the West Mercia assurance meeting of 28 October 2020.
//!
//! Every entry is written once, through the audited write path, and found again by its natural
//! key on a second run. The same rules as the API apply (R-PB-02 on disclosures, R-BD-01 on the
//! decisions taken at meetings whose attendance the seeds record, R-BD-02 on approvals). The
//! earlier entries of the AGG register (1-14) are imported from D0's decision summary table: the
//! attendance of those meetings is not in the seeds, so R-BD-01 cannot be checked for them.

use std::collections::HashMap;

use chrono::NaiveDate;
use openapi::boards::{
    DisclosureSpec, NewApproval, NewBoard, NewDecision, NewMembership, NewRecordOfDecision, NewRecordSignature,
    NewReferenceScheme,
};
use persistence::boards::{self as store, *};
use persistence::registry::find_post_by_title;
use persistence::DbConnection;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{lookup, Loader};
use crate::error::ApiError;
use crate::service::boards::{add_board_membership, check_disclosure, create_board, new_id, now, store_disclosure};
use crate::service::decisions::{check_new_decision, insert_decision, record_approval};
use crate::service::meetings::{local_start, MeetingScope};
use crate::service::records_of_decision::{create_reference_scheme, insert_record, insert_signature};
use crate::service::refuse_if_any;

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
    person: String,
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
}

/// The platform's administrator: the policy lets it keep every board's records (it acts for no
/// corporation sole).
fn platform(keys: &Keys) -> Result<domain::access::Principal, ApiError> {
    let platform = lookup(keys.organisations, "governance-service", "organisation")?;
    super::seed_principal(Some(platform), &[domain::access::Role::SystemAdmin], None)
}

fn bad(what: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(format!("demo board data: {what}"))
}

fn uuid_of(id: &str) -> Result<uuid::Uuid, ApiError> {
    crate::convert::uuid(id)
}

fn parse<T>(parsed: Option<T>, what: &str, text: &str) -> Result<T, ApiError> {
    parsed.ok_or_else(|| bad(format!("unknown {what} {text:?}")))
}

/// Writes one entry unless `existing` finds it; `work` does the whole write in the transaction.
fn once(
    loader: &mut Loader,
    resource_type: &'static str,
    existing: impl FnOnce(&mut DbConnection) -> Result<Option<String>, ApiError>,
    work: impl FnOnce(&mut DbConnection) -> Result<(String, Value), ApiError>,
) -> Result<String, ApiError> {
    let platform = super::seed_principal(None, &[domain::access::Role::SystemAdmin], None)?;
    loader.ensure(&platform, existing, |tx, _| {
        let (id, body) = work(tx)?;
        Ok(persistence::Change {
            action: "create",
            resource_type,
            resource_id: id,
            version: Some(1),
            status: 201,
            body: body.to_string(),
            etag: None,
            location: None,
            related: Vec::new(),
        })
    })
}

/// Loads every board record; safe to run again.
pub fn load(loader: &mut Loader, keys: &Keys) -> Result<(), ApiError> {
    let demo: Demo = serde_json::from_str(BOARDS_JSON).map_err(bad)?;
    let mut boards = HashMap::new();
    for board in &demo.boards {
        let board_id = load_board(loader, keys, board, &boards)?;
        boards.insert(board.name.clone(), board_id.clone());
        let mut meetings = HashMap::new();
        for meeting in &board.meetings {
            let id = load_meeting(loader, keys, &board_id, meeting)?;
            meetings.insert(meeting.date, id);
        }
        for (decision, checked) in board
            .decisions
            .iter()
            .map(|d| (d, false))
            .chain(board.decisions_at_recorded_meetings.iter().map(|d| (d, true)))
        {
            let meeting_id = match meetings.get(&decision.meeting) {
                Some(id) => id.clone(),
                None => return Err(bad(format!("decision {} names an unknown meeting", decision.number))),
            };
            load_decision(loader, keys, &board_id, &meeting_id, decision, checked)?;
        }
    }
    let platform = platform(keys)?;
    for scheme in &demo.reference_schemes {
        let cs = lookup(keys.offices, &scheme.corporation_sole, "corporation sole")?.clone();
        let new = NewReferenceScheme { corporation_sole_id: uuid_of(&cs)?, pattern: scheme.pattern.clone() };
        loader.ensure(
            &platform,
            |c| Ok(store::reference_scheme_of(c, &cs)?.map(|s| s.id)),
            |tx, principal| create_reference_scheme(tx, principal, new),
        )?;
    }
    for record in &demo.records_of_decision {
        load_record(loader, keys, record)?;
    }
    Ok(())
}

fn load_board(
    loader: &mut Loader,
    keys: &Keys,
    board: &DemoBoard,
    loaded: &HashMap<String, String>,
) -> Result<String, ApiError> {
    let owners = board
        .owners
        .iter()
        .map(|o| lookup(keys.offices, o, "corporation sole").cloned())
        .collect::<Result<Vec<_>, _>>()?;
    let collaboration_id =
        board.collaboration.as_deref().map(|c| lookup(keys.collaborations, c, "collaboration").cloned()).transpose()?;
    let parent_board_id = board.parent.as_deref().map(|p| lookup(loaded, p, "board").cloned()).transpose()?;
    let new = NewBoard {
        name: board.name.clone(),
        kind: parse(domain::boards::BoardKind::parse(&board.kind), "board kind", &board.kind)?,
        owners: owners.iter().map(|o| uuid_of(o)).collect::<Result<_, _>>()?,
        parent_board_id: parent_board_id.as_deref().map(uuid_of).transpose()?,
        collaboration_id: collaboration_id.as_deref().map(uuid_of).transpose()?,
        quorum_rule: domain::boards::QuorumRule::EachOwningPolicingBody,
        quorum_count: None,
        public: board.public,
        established_on: board.established_on,
    };
    let platform = platform(keys)?;
    let board_id = loader.ensure(
        &platform,
        |c| Ok(store::find_board_by_name(c, &board.name)?.map(|b| b.id)),
        |tx, principal| create_board(tx, principal, new),
    )?;
    let board_uuid = uuid_of(&board_id)?;
    for membership in &board.memberships {
        let person_id = lookup(keys.people, &membership.person, "person")?.clone();
        let cs = membership
            .corporation_sole
            .as_deref()
            .map(|c| lookup(keys.offices, c, "corporation sole").and_then(|id| uuid_of(id)))
            .transpose()?;
        let role = parse(domain::boards::MembershipRole::parse(&membership.role), "membership role", &membership.role)?;
        let new = NewMembership {
            person_id: Some(uuid_of(&person_id)?),
            post_id: None,
            role,
            corporation_sole_id: cs,
            voting: membership.voting,
            starts_on: membership.starts_on,
            ends_on: membership.ends_on,
        };
        loader.ensure(
            &platform,
            |c| {
                Ok(store::board_memberships_of(c, &board_id)?
                    .into_iter()
                    .find(|m| m.person_id.as_deref() == Some(person_id.as_str()) && m.role == role)
                    .map(|m| m.id))
            },
            |tx, principal| add_board_membership(tx, principal, board_uuid, new),
        )?;
    }
    Ok(board_id)
}

fn load_meeting(loader: &mut Loader, keys: &Keys, board_id: &str, meeting: &DemoMeeting) -> Result<String, ApiError> {
    let starts_at = local_start(meeting.date, &meeting.start_time, "/start_time")?;
    let ends_at = meeting.end_time.as_deref().map(|t| local_start(meeting.date, t, "/end_time")).transpose()?;
    let status = parse(domain::boards::MeetingStatus::parse(&meeting.status), "meeting status", &meeting.status)?;
    let chairs =
        meeting.chairs.iter().map(|p| lookup(keys.people, p, "person").cloned()).collect::<Result<Vec<_>, _>>()?;
    let minute_taker =
        meeting.minute_taker.as_deref().map(|p| lookup(keys.people, p, "person").cloned()).transpose()?;
    let check_board = board_id.to_string();
    let meeting_id = once(
        loader,
        "meeting",
        |c| Ok(store::find_meeting_at(c, &check_board, starts_at)?.map(|m| m.id)),
        |tx| {
            let now = now();
            let row = MeetingRow {
                id: new_id(),
                board_id: board_id.to_string(),
                starts_at,
                ends_at,
                venue: meeting.venue.clone(),
                status,
                minute_taker_person_id: minute_taker,
                next_meeting_id: None,
                next_meeting_note: meeting.next_meeting_note.clone(),
                version: 1,
                created_at: now,
                updated_at: now,
            };
            meeting_store::insert(tx, &row)?;
            for chair in &chairs {
                meeting_chair_store::insert(
                    tx,
                    &MeetingChairRow {
                        id: new_id(),
                        meeting_id: row.id.clone(),
                        person_id: chair.clone(),
                        version: 1,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
            }
            Ok((row.id.clone(), json!(row)))
        },
    )?;
    for attendance in &meeting.attendance {
        let person_id = lookup(keys.people, &attendance.person, "person")?.clone();
        let cs = attendance
            .corporation_sole
            .as_deref()
            .map(|c| lookup(keys.offices, c, "corporation sole").cloned())
            .transpose()?;
        let kind = parse(domain::boards::AttendanceKind::parse(&attendance.kind), "attendance kind", &attendance.kind)?;
        let (check_meeting, check_person) = (meeting_id.clone(), person_id.clone());
        once(
            loader,
            "attendance",
            |c| {
                Ok(store::attendance_of(c, &check_meeting)?
                    .into_iter()
                    .find(|a| a.person_id == check_person)
                    .map(|a| a.id))
            },
            |tx| {
                let now = now();
                let row = AttendanceRow {
                    id: new_id(),
                    meeting_id: meeting_id.clone(),
                    person_id,
                    kind,
                    capacity: attendance.capacity.clone(),
                    voting: cs.is_some(),
                    corporation_sole_id: cs,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                attendance_store::insert(tx, &row)?;
                Ok((row.id.clone(), json!(row)))
            },
        )?;
    }
    let mut items = HashMap::new();
    for (position, item) in meeting.items.iter().enumerate() {
        refuse_if_any([check_disclosure(&item.disclosure, "/disclosure")])?;
        if let Some(standing) = &item.standing_item {
            parse(domain::boards::StandingItem::parse(standing), "standing item", standing)?;
        }
        let check_meeting = meeting_id.clone();
        let id = once(
            loader,
            "agenda_item",
            |c| Ok(store::agenda_of(c, &check_meeting)?.into_iter().find(|i| i.label == item.label).map(|i| i.id)),
            |tx| {
                let (disclosure, foi_sections, exemption_reason, intended_publication_on) =
                    store_disclosure(&item.disclosure);
                let now = now();
                let row = AgendaItemRow {
                    id: new_id(),
                    meeting_id: meeting_id.clone(),
                    label: item.label.clone(),
                    position: position as i64 + 1,
                    title: item.title.clone(),
                    presenter: item.presenter.clone(),
                    standing_item: item.standing_item.clone(),
                    disclosure,
                    foi_sections,
                    exemption_reason,
                    intended_publication_on,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                agenda_item_store::insert(tx, &row)?;
                Ok((row.id.clone(), json!(row)))
            },
        )?;
        items.insert(item.label.clone(), id);
    }
    for action in &meeting.actions {
        let item_id = lookup(&items, &action.item, "agenda item")?.clone();
        let mut owners = Vec::new();
        for owner in &action.owners {
            match (&owner.person, &owner.post) {
                (Some(person), None) => owners.push((Some(lookup(keys.people, person, "person")?.clone()), None)),
                (None, Some((organisation, title))) => {
                    let org = super::parse_id(lookup(keys.organisations, organisation, "organisation")?)?;
                    let title = title.clone();
                    let post = loader.db.read(|c| Ok::<_, ApiError>(find_post_by_title(c, org.into(), &title)?))?;
                    owners.push((None, Some(post.ok_or_else(|| bad(format!("no post {title:?}")))?.id.to_string())));
                }
                _ => return Err(bad("an action owner is a person or a post")),
            }
        }
        let check_meeting = meeting_id.clone();
        let action_board = board_id.to_string();
        once(
            loader,
            "action",
            |c| {
                Ok(store::actions_of_meeting(c, &check_meeting)?
                    .into_iter()
                    .find(|a| a.text == action.text)
                    .map(|a| a.id))
            },
            |tx| {
                let now = now();
                let row = ActionRow {
                    id: new_id(),
                    meeting_id: meeting_id.clone(),
                    board_id: action_board.clone(),
                    agenda_item_id: Some(item_id),
                    label: action.label.clone(),
                    text: action.text.clone(),
                    due_on: action.due_on,
                    status: domain::boards::ActionStatus::Open,
                    closed_on: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                action_store::insert(tx, &row)?;
                for (person_id, post_id) in owners {
                    action_owner_store::insert(
                        tx,
                        &ActionOwnerRow {
                            id: new_id(),
                            action_id: row.id.clone(),
                            person_id,
                            post_id,
                            version: 1,
                            created_at: now,
                            updated_at: now,
                        },
                    )?;
                }
                for update in &action.updates {
                    action_update_store::insert(
                        tx,
                        &ActionUpdateRow {
                            id: new_id(),
                            action_id: row.id.clone(),
                            dated_on: update.dated_on,
                            text: update.text.clone(),
                            version: 1,
                            created_at: now,
                            updated_at: now,
                        },
                    )?;
                }
                Ok((row.id.clone(), json!(row)))
            },
        )?;
    }
    if meeting.minutes.as_deref() == Some("draft") {
        let check_meeting = meeting_id.clone();
        once(
            loader,
            "minutes",
            |c| Ok(store::minutes_of(c, &check_meeting)?.into_iter().next().map(|m| m.id)),
            |tx| {
                let now = now();
                let row = MinutesRow {
                    id: new_id(),
                    meeting_id: meeting_id.clone(),
                    revision: 1,
                    status: domain::boards::MinutesStatus::Draft,
                    approved_at_meeting_id: None,
                    amendments: None,
                    published_on: None,
                    published_url: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                minutes_store::insert(tx, &row)?;
                for item in &meeting.items {
                    let (Some(text), Some(item_id)) = (&item.minute, items.get(&item.label)) else { continue };
                    if let Some(outcome) = &item.outcome {
                        parse(domain::boards::ItemOutcome::parse(outcome), "outcome", outcome)?;
                    }
                    minute_entry_store::insert(
                        tx,
                        &MinuteEntryRow {
                            id: new_id(),
                            minutes_id: row.id.clone(),
                            agenda_item_id: item_id.clone(),
                            text: text.clone(),
                            outcome: item.outcome.clone(),
                            version: 1,
                            created_at: now,
                            updated_at: now,
                        },
                    )?;
                }
                Ok((row.id.clone(), json!(row)))
            },
        )?;
    }
    Ok(meeting_id)
}

fn load_decision(
    loader: &mut Loader,
    keys: &Keys,
    board_id: &str,
    meeting_id: &str,
    decision: &DemoDecision,
    check_quorum: bool,
) -> Result<String, ApiError> {
    let item_id = loader
        .db
        .read(|c| {
            Ok::<_, ApiError>(
                store::agenda_of(c, meeting_id)?.into_iter().find(|i| i.label == decision.item).map(|i| i.id),
            )
        })?
        .ok_or_else(|| bad(format!("decision {} names an unknown item {:?}", decision.number, decision.item)))?;
    let required = decision
        .approvers
        .iter()
        .map(|a| lookup(keys.offices, a, "corporation sole").and_then(|id| uuid_of(id)))
        .collect::<Result<Vec<_>, _>>()?;
    let new = NewDecision {
        agenda_item_id: Some(uuid_of(&item_id)?),
        subject: decision.subject.clone(),
        recommendation: decision.recommendation.clone(),
        options_considered: decision.options_considered.clone(),
        outcome: parse(domain::boards::DecisionOutcome::parse(&decision.outcome), "outcome", &decision.outcome)?,
        conditions: decision.conditions.clone(),
        owner: decision.owner.clone(),
        owner_person_id: decision
            .owner_person
            .as_deref()
            .map(|p| lookup(keys.people, p, "person").and_then(|id| uuid_of(id)))
            .transpose()?,
        required_approvers: required,
        disclosure: decision.disclosure.clone(),
    };
    let decision_id = once(
        loader,
        "decision",
        |c| Ok(store::find_decision_by_number(c, board_id, decision.number)?.map(|d| d.id)),
        |tx| {
            let scope = MeetingScope::load(tx, meeting_id)?;
            if check_quorum {
                check_new_decision(tx, &scope, &new)?;
            } else {
                refuse_if_any([check_disclosure(&new.disclosure, "/disclosure")])?;
            }
            let row = insert_decision(tx, &scope, &new)?;
            if row.number != decision.number {
                return Err(bad(format!(
                    "decision {} would be numbered {}: load the register in order",
                    decision.number, row.number
                )));
            }
            Ok((row.id.clone(), json!(row)))
        },
    )?;
    for approval in &decision.approvals {
        let cs = lookup(keys.offices, &approval.corporation_sole, "corporation sole")?.clone();
        let new = NewApproval {
            corporation_sole_id: uuid_of(&cs)?,
            person_id: approval
                .person
                .as_deref()
                .map(|p| lookup(keys.people, p, "person").and_then(|id| uuid_of(id)))
                .transpose()?,
            capacity: approval.capacity.clone(),
            approved_on: approval.on,
            raw_text: decision.raw.clone(),
        };
        let check_decision = decision_id.clone();
        once(
            loader,
            "decision_approval",
            |c| {
                Ok(store::decision_approvals_of(c, &check_decision)?
                    .into_iter()
                    .find(|a| a.corporation_sole_id == cs)
                    .map(|a| a.id))
            },
            |tx| {
                let mut row = decision_store::find(tx, &decision_id)?.ok_or_else(|| bad("decision vanished"))?;
                record_approval(tx, &mut row, &new, new.capacity.clone(), "demo-data")?;
                Ok((row.id.clone(), json!(row)))
            },
        )?;
    }
    Ok(decision_id)
}

fn load_record(loader: &mut Loader, keys: &Keys, record: &DemoRecord) -> Result<(), ApiError> {
    let issuer = lookup(keys.offices, &record.issuer, "corporation sole")?.clone();
    let new = NewRecordOfDecision {
        issuing_corporation_sole_id: uuid_of(&issuer)?,
        reference: Some(record.reference.clone()),
        title: record.title.clone(),
        summary: record.summary.clone(),
        deciders: record
            .deciders
            .iter()
            .map(|d| {
                Ok(openapi::boards::DeciderInput {
                    corporation_sole_id: uuid_of(lookup(keys.offices, d, "corporation sole")?)?,
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
    let record_id = once(
        loader,
        "record_of_decision",
        |c| Ok(store::find_record_by_reference(c, &issuer, &record.reference)?.map(|r| r.id)),
        |tx| {
            let row = insert_record(tx, &new)?;
            Ok((row.id.clone(), json!(row)))
        },
    )?;
    for approval in &record.officer_approvals {
        let person_id = approval.person.as_deref().map(|p| lookup(keys.people, p, "person").cloned()).transpose()?;
        let role = parse(domain::boards::OfficerRole::parse(&approval.role), "officer role", &approval.role)?;
        let (check_record, check_name) = (record_id.clone(), approval.name.clone());
        once(
            loader,
            "record_officer_approval",
            |c| {
                Ok(store::record_officer_approvals_of(c, &check_record)?
                    .into_iter()
                    .find(|o| o.name == check_name)
                    .map(|o| o.id))
            },
            |tx| {
                let now = now();
                let row = RecordOfficerApprovalRow {
                    id: new_id(),
                    record_id: record_id.clone(),
                    role,
                    person_id,
                    name: approval.name.clone(),
                    approved_on: approval.approved_on,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                record_officer_approval_store::insert(tx, &row)?;
                Ok((row.id.clone(), json!(row)))
            },
        )?;
    }
    for signature in &record.signatures {
        let cs = lookup(keys.offices, &signature.corporation_sole, "corporation sole")?.clone();
        let person = lookup(keys.people, &signature.person, "person")?.clone();
        let person_id = super::parse_id(&person)?.into();
        let full_name = loader
            .db
            .read(|c| Ok::<_, ApiError>(persistence::registry::person_store::find(c, person_id)?))?
            .ok_or_else(|| bad("signatory vanished"))?
            .full_name;
        let new = NewRecordSignature {
            corporation_sole_id: uuid_of(&cs)?,
            person_id: Some(uuid_of(&person)?),
            signed_name: full_name,
            capacity: signature.capacity.clone(),
            signed_on: None,
        };
        let check_record = record_id.clone();
        once(
            loader,
            "record_signature",
            |c| {
                Ok(store::record_signatures_of(c, &check_record)?
                    .into_iter()
                    .find(|s| s.corporation_sole_id == cs)
                    .map(|s| s.id))
            },
            |tx| {
                let row = record_store::find(tx, &record_id)?.ok_or_else(|| bad("record vanished"))?;
                insert_signature(tx, &row, &new, new.capacity.clone(), "demo-data")?;
                Ok((row.id.clone(), json!(row)))
            },
        )?;
    }
    Ok(())
}
