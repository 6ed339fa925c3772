//! Boards owned by policing bodies, with their members, held meetings, agendas, actions and
//! numbered decisions (register numbers per board in meeting order; `decision_sequences` holds the
//! last number). One big board (the bench force's alliance board) carries 5% of all meetings, so
//! at scale 1 it has 5,000 decisions and 10,000 actions for the board-list scenarios.
//!
//! Not generated: minutes, papers, declarations and records of decision.

use chrono::{Days, NaiveDate};
use domain::boards::{
    ActionStatus, AttendanceKind, BoardKind, DecisionOutcome, MeetingStatus, MembershipRole, QuorumRule, StandingItem,
};
use openapi::boards::{
    DisclosureSpec, NewAction, NewAgendaItem, NewApproval, NewAttendance, NewBoard, NewDecision, NewMeeting,
    NewMembership, OwnerInput,
};
use persistence::boards::{AgendaItemId, BoardId, MeetingId};
use persistence::bulk::DecisionSequenceRow;
use persistence::ids::{CorporationSoleId, PersonId};
use persistence::{DbConnection, StoreError};

use super::registry::{Force, Registry};
use super::{date, Gen, Plan, ACTIONS_PER_MEETING, DECISIONS_PER_MEETING, ITEMS_PER_MEETING, RECORDED_BY};
use crate::service::actions::{action_owner_row, action_row};
use crate::service::boards::{board_owner_row, board_row, membership_row};
use crate::service::decisions::{approval_row, decision_rows};
use crate::service::meetings::{agenda_item_row, attendance_row, chair_row, meeting_row};

/// What the benchmark needs to know about the boards.
pub struct Made {
    pub big_board: String,
    pub big_board_decisions: usize,
    pub big_board_actions: usize,
}

const KINDS: [(BoardKind, &str); 7] = [
    (BoardKind::ProgrammeBoard, "Collaboration Programme Board"),
    (BoardKind::BusinessCoordinationBoard, "Business Coordination Board"),
    (BoardKind::AllianceGovernanceGroup, "Alliance Governance Group"),
    (BoardKind::JointAuditCommittee, "Joint Audit Committee"),
    (BoardKind::HoldingToAccount, "Holding to Account Board"),
    (BoardKind::StrategicSummit, "Strategic Summit"),
    (BoardKind::SubGroup, "Collaboration Sub-Group"),
];

const TOPICS: [&str; 16] = [
    "Joint firearms licensing unit: performance report",
    "Regional organised crime unit budget",
    "Forensic services procurement",
    "Collaborated public contact: business case",
    "Major crime investigation team resourcing",
    "Digital forensics capacity",
    "Shared human resources service review",
    "Estates rationalisation programme",
    "Fleet replacement programme",
    "Professional standards collaboration",
    "Roads policing unit: annual review",
    "Vetting backlog and recovery plan",
    "Information technology convergence",
    "Occupational health contract",
    "Criminal justice hub performance",
    "Learning and development: joint training plan",
];

const FIRST_MEETING: (i32, u32, u32) = (2014, 1, 6);
const LAST_MEETING: (i32, u32, u32) = (2026, 9, 30);
/// Meetings before this day have their decisions approved (most) and actions closed (most).
const SETTLED_BEFORE: (i32, u32, u32) = (2026, 1, 1);

/// Splits `total` meetings: 5% (at least 2) to the big board, the rest by random weights.
fn meetings_per_board(gen: &mut Gen, boards: usize, total: usize) -> Vec<usize> {
    let big = (total / 20).max(2).min(total);
    let rest = total - big;
    let weights: Vec<usize> = (1..boards).map(|_| 1 + gen.rng.below(10)).collect();
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let mut counts: Vec<usize> = weights.iter().map(|w| rest * w / sum).collect();
    let mut left = rest - counts.iter().sum::<usize>();
    let (mut i, boards) = (0, counts.len());
    while left > 0 && boards > 0 {
        counts[i % boards] += 1;
        left -= 1;
        i += 1;
    }
    let mut all = vec![big];
    all.extend(counts);
    all
}

/// Owners (policing bodies) of board `n`: the big board is the bench force's alliance with
/// Warwickshire; about 30% of the others include the bench policing body.
fn owners<'a>(gen: &mut Gen, registry: &'a Registry, n: usize) -> Vec<&'a Force> {
    let bench = registry.bench();
    if n == 0 {
        let partner = registry.forces.iter().find(|f| f.slug == "warwickshire").unwrap_or(bench);
        return vec![bench, partner];
    }
    let mut owners: Vec<&Force> = Vec::new();
    if gen.rng.chance(0.3) {
        owners.push(bench);
    }
    let wanted = 1 + gen.rng.below(3);
    while owners.len() < wanted {
        let force = gen.rng.pick(&registry.forces);
        if !owners.iter().any(|o| o.id == force.id) {
            owners.push(force);
        }
    }
    owners
}

pub fn generate(gen: &mut Gen, conn: &mut DbConnection, registry: &Registry, plan: Plan) -> Result<Made, StoreError> {
    let allocation = meetings_per_board(gen, plan.boards, plan.meetings);
    let mut made = Made { big_board: String::new(), big_board_decisions: 0, big_board_actions: 0 };
    for (n, meetings) in allocation.into_iter().enumerate() {
        let owners = owners(gen, registry, n);
        let board = board(gen, &owners, n, meetings)?;
        if n == 0 {
            made = Made {
                big_board: board.to_string(),
                big_board_decisions: meetings * DECISIONS_PER_MEETING,
                big_board_actions: meetings * ACTIONS_PER_MEETING,
            };
        }
        let first = date(FIRST_MEETING.0, FIRST_MEETING.1, FIRST_MEETING.2);
        let span = (date(LAST_MEETING.0, LAST_MEETING.1, LAST_MEETING.2) - first).num_days().max(1) as usize;
        let mut number = 0_i64;
        for k in 0..meetings {
            let day = first + Days::new((k * span / meetings.max(1)) as u64);
            meeting(gen, board, &owners, day, (k % 8) as u32, &mut number)?;
            gen.maybe_flush(conn)?;
        }
    }
    gen.flush(conn)?;
    Ok(made)
}

fn board(gen: &mut Gen, owners: &[&Force], n: usize, meetings: usize) -> Result<BoardId, StoreError> {
    let (kind, kind_name) = if n == 0 { KINDS[2] } else { *gen.rng.pick(&KINDS) };
    let areas: Vec<&str> = owners.iter().map(|f| f.area).collect();
    let name = if n == 0 {
        format!("{} {kind_name}", areas.join(" and "))
    } else {
        format!("{} {kind_name} ({n})", areas.join(" and "))
    };
    let public = n == 0 || gen.rng.chance(0.5);
    let new = NewBoard {
        name,
        kind,
        owners: owners.iter().map(|f| f.policing_body.id.uuid()).collect(),
        parent_board_id: None,
        collaboration_id: None,
        quorum_rule: QuorumRule::EachOwningPolicingBody,
        quorum_count: None,
        public,
        established_on: super::registry::pcc_era(),
        exempt_access_roles: None,
    };
    let id: BoardId = gen.typed_id();
    let stamp = gen.stamp;
    gen.batch.boards.push(board_row(id, stamp, &new));
    gen.batch
        .decision_sequences
        .push(DecisionSequenceRow { board_id: id, last_number: (meetings * DECISIONS_PER_MEETING) as i64 });
    for (position, owner) in owners.iter().enumerate() {
        let owner_id = gen.typed_id();
        let office = owner.policing_body.id.uuid().into();
        gen.batch.board_owners.push(board_owner_row(owner_id, stamp, id, office));
        let role = if position == 0 { MembershipRole::Chair } else { MembershipRole::Member };
        membership(gen, id, owner.policing_body.holder, role, Some(owner.policing_body.id), true);
        membership(gen, id, owner.chief.holder, MembershipRole::Attendee, None, false);
    }
    let secretary = owners[0].opcc_posts[0].holder;
    membership(gen, id, secretary, MembershipRole::Secretary, None, false);
    Ok(id)
}

fn membership(
    gen: &mut Gen,
    board: BoardId,
    person: PersonId,
    role: MembershipRole,
    office: Option<CorporationSoleId>,
    voting: bool,
) {
    let new = NewMembership {
        person_id: Some(person.uuid()),
        post_id: None,
        role,
        corporation_sole_id: office.map(CorporationSoleId::uuid),
        voting,
        starts_on: super::registry::pcc_era(),
        ends_on: None,
    };
    let id = gen.typed_id();
    gen.batch.memberships.push(membership_row(id, gen.stamp, board, &new));
}

/// One held meeting with six agenda items, the owners' policing bodies present (so quorate), two
/// decisions (items 4 and 5) and four actions; every row built by the use cases' constructors.
fn meeting(
    gen: &mut Gen,
    board: BoardId,
    owners: &[&Force],
    day: NaiveDate,
    slot: u32,
    number: &mut i64,
) -> Result<(), StoreError> {
    let stamp = gen.stamp;
    let host = owners[0];
    let new = NewMeeting {
        date: day,
        start_time: Some(format!("{:02}:00", 9 + slot)),
        end_time: Some(format!("{:02}:00", 11 + slot)),
        venue: format!("{} headquarters", host.name),
        chairs: vec![host.policing_body.holder.uuid()],
        minute_taker_person_id: Some(host.opcc_posts[0].holder.uuid()),
        next_meeting_note: None,
    };
    let meeting_id: MeetingId = gen.typed_id();
    let mut row = meeting_row(meeting_id, stamp, board, &new)
        .map_err(|e| StoreError::Blocking(format!("bench meeting at {day} {:?}: {e}", new.start_time)))?;
    row.status = row.status.transition(MeetingStatus::Held).unwrap_or(MeetingStatus::Held);
    gen.batch.meetings.push(row);
    let chair = gen.typed_id();
    let person = host.policing_body.holder.uuid().into();
    gen.batch.meeting_chairs.push(chair_row(chair, stamp, meeting_id, person));
    owners_present(gen, meeting_id, owners);
    let topics = [*gen.rng.pick(&TOPICS), *gen.rng.pick(&TOPICS)];
    let item_ids = agenda(gen, meeting_id, topics);
    let settled = day < date(SETTLED_BEFORE.0, SETTLED_BEFORE.1, SETTLED_BEFORE.2);
    for d in 0..DECISIONS_PER_MEETING {
        *number += 1;
        decision(gen, (board, meeting_id), owners, item_ids[3 + d], topics[d], day, settled, *number);
    }
    let held = Held { board, meeting: meeting_id, day, settled, number: *number };
    for a in 0..ACTIONS_PER_MEETING {
        action(gen, &held, owners, (item_ids[3 + a / 2], topics[a / 2]), a);
    }
    Ok(())
}

/// The owners' policing bodies present and voting, so the meeting is quorate.
fn owners_present(gen: &mut Gen, meeting_id: MeetingId, owners: &[&Force]) {
    for owner in owners {
        let present = NewAttendance {
            person_id: owner.policing_body.holder.uuid(),
            kind: AttendanceKind::Present,
            capacity: owner.policing_body.name.clone(),
            corporation_sole_id: Some(owner.policing_body.id.uuid()),
            voting: Some(true),
        };
        let id = gen.typed_id();
        let office = present.corporation_sole_id.map(Into::into);
        gen.batch.attendance.push(attendance_row(id, gen.stamp, meeting_id, &present, office, true));
    }
}

/// The six agenda items: the standing ones and the two topics.
fn agenda(gen: &mut Gen, meeting_id: MeetingId, topics: [&str; 2]) -> Vec<AgendaItemId> {
    let items: [(&str, Option<StandingItem>); ITEMS_PER_MEETING] = [
        ("Apologies", Some(StandingItem::Apologies)),
        ("Declarations of interest", Some(StandingItem::DeclarationsOfInterest)),
        ("Minutes of the previous meeting", Some(StandingItem::PreviousMinutes)),
        (topics[0], None),
        (topics[1], None),
        ("Any other business", Some(StandingItem::Aob)),
    ];
    let mut item_ids: Vec<AgendaItemId> = Vec::new();
    for (position, (title, standing)) in items.into_iter().enumerate() {
        let new = NewAgendaItem {
            label: (position + 1).to_string(),
            position: Some(position as i64 + 1),
            title: title.into(),
            presenter: standing.is_none().then(|| "Chief Executive".into()),
            standing_item: standing,
            disclosure: DisclosureSpec::default(),
            title_withheld: false,
        };
        let id = gen.typed_id();
        gen.batch.agenda_items.push(agenda_item_row(id, gen.stamp, meeting_id, position as i64 + 1, &new));
        item_ids.push(id);
    }
    item_ids
}

/// A held meeting as its actions need it: where, when, whether long settled, its last decision number.
struct Held {
    board: BoardId,
    meeting: MeetingId,
    day: NaiveDate,
    settled: bool,
    number: i64,
}

/// Action `a` of a meeting, on an agenda item's topic, owned by a post holder of one owner's force;
/// most of a settled meeting's actions are closed.
fn action(gen: &mut Gen, held: &Held, owners: &[&Force], (item, topic): (AgendaItemId, &str), a: usize) {
    let due_on = held.day + Days::new(28 * (1 + a as u64 % 2));
    let owner_force = owners[gen.rng.below(owners.len())];
    let post = gen.rng.pick(&owner_force.force_posts);
    let owner = OwnerInput { person_id: Some(post.holder.uuid()), post_id: None };
    let new = NewAction {
        agenda_item_id: Some(item.uuid()),
        label: Some(format!("{}/{}", held.number, a + 1)),
        text: format!("Report back on {}", topic.to_lowercase()),
        owners: vec![owner],
        due_on: Some(due_on),
    };
    let id = gen.typed_id();
    let mut row = action_row(id, gen.stamp, held.meeting, held.board, &new);
    if held.settled && gen.rng.chance(0.9) {
        row.status = if gen.rng.chance(0.9) { ActionStatus::Completed } else { ActionStatus::Discharged };
        row.closed_on = Some(due_on - Days::new(gen.rng.below(20) as u64));
    }
    gen.batch.actions.push(row);
    let owner_id = gen.typed_id();
    gen.batch.action_owners.push(action_owner_row(owner_id, gen.stamp, id, &new.owners[0]));
}

/// A numbered decision whose required approvers are the board's owners; most settled ones that
/// agree are approved by every owner's holder on the meeting day (so agreed); deferred, rejected
/// and noted ones never are.
#[allow(clippy::too_many_arguments)]
fn decision(
    gen: &mut Gen,
    (board, meeting): (BoardId, MeetingId),
    owners: &[&Force],
    item: AgendaItemId,
    topic: &str,
    day: NaiveDate,
    settled: bool,
    number: i64,
) {
    let stamp = gen.stamp;
    let outcome = match gen.rng.below(100) {
        0..=59 => DecisionOutcome::Agreed,
        60..=69 => DecisionOutcome::AgreedWithAmendment,
        70..=89 => DecisionOutcome::Noted,
        90..=96 => DecisionOutcome::Deferred,
        _ => DecisionOutcome::Rejected,
    };
    let agreed = domain::boards::binds(outcome) && settled && gen.rng.chance(0.95);
    let new = NewDecision {
        agenda_item_id: Some(item.uuid()),
        subject: topic.into(),
        recommendation: Some(format!("That the board {} the recommendations of the report", outcome.as_str())),
        options_considered: None,
        outcome,
        conditions: None,
        owner: Some("Chief Executive".into()),
        owner_person_id: None,
        required_approvers: owners.iter().map(|o| o.policing_body.id.uuid()).collect(),
        disclosure: DisclosureSpec::default(),
        paper_number: None,
        evidence: None,
    };
    let mut rows = decision_rows(|| gen.typed_id(), stamp, (board, meeting), number, &new);
    rows.decision.agreed_on = agreed.then_some(day);
    let decision_id = rows.decision.id;
    gen.batch.decisions.push(rows.decision);
    gen.batch.decision_texts.push(rows.text);
    gen.batch.decision_approvers.extend(rows.approvers);
    if !agreed {
        return;
    }
    for owner in owners {
        let approval = NewApproval {
            corporation_sole_id: owner.policing_body.id.uuid(),
            person_id: Some(owner.policing_body.holder.uuid()),
            capacity: owner.policing_body.name.clone(),
            approved_on: day,
            raw_text: None,
            evidence: None,
        };
        let capacity = format!("{} (office holder ({}))", approval.capacity, owner.policing_body.name);
        let id = gen.typed_id();
        gen.batch.decision_approvals.push(approval_row(id, stamp, decision_id, &approval, capacity, RECORDED_BY));
    }
}
