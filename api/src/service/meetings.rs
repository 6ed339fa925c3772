//! Meetings of a board: the meeting scope, local start times (Europe/London), quorum on the day,
//! meeting and agenda item views, chairs, and the audited change record.

use chrono::{NaiveDate, NaiveDateTime};
use domain::access::{Action, Principal, ResourceKind};
use domain::boards::{
    london_to_utc, parse_clock, quorum, AttendanceKind, Disclosure, MeetingStatus, Owner, PresentMember, QuorumRule,
    StandingItem,
};
use domain::registry::CorporationSoleKind;
use domain::rules::check_text;
use domain::{Period, RuleViolation};
use openapi::boards::{AgendaItem, Attendance, Declaration, Meeting, Paper, QuorumReport};
use persistence::boards::{self as store, *};
use persistence::registry::corporation_sole_store;
use persistence::DbConnection;
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::{instant, optional_uuid, stored, uuid};
use crate::error::ApiError;
use crate::service::boards::{check_person, new_id, now, read_disclosure, BoardScope};
use crate::service::{allow, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Meeting;

/// A meeting with its board's scope.
pub struct MeetingScope {
    pub meeting: MeetingRow,
    pub board: BoardScope,
}

impl MeetingScope {
    pub fn load(conn: &mut DbConnection, meeting_id: &str) -> Result<MeetingScope, ApiError> {
        let meeting = meeting_store::find(conn, meeting_id)?.ok_or(ApiError::NotFound)?;
        let board = BoardScope::load(conn, &meeting.board_id)?;
        Ok(MeetingScope { meeting, board })
    }

    /// Loads a meeting and asks the policy about `action` on it.
    pub fn authorized(
        conn: &mut DbConnection,
        principal: &Principal,
        meeting_id: &str,
        action: Action,
    ) -> Result<MeetingScope, ApiError> {
        let scope = MeetingScope::load(conn, meeting_id)?;
        allow(principal, action, &scope.board.resource(KIND, scope.board.board.public))?;
        Ok(scope)
    }

    pub fn status(&self) -> Result<MeetingStatus, ApiError> {
        stored(MeetingStatus::parse(&self.meeting.status), "meeting status", &self.meeting.status)
    }
}

pub fn local_start(date: NaiveDate, time: &str, pointer: &str) -> Result<NaiveDateTime, ApiError> {
    Ok(date.and_time(parse_clock(time, pointer).map_err(ApiError::Rules)?))
}

/// R-BD-01: the quorum of a meeting from its attendance and its board's rule.
pub fn meeting_quorum(
    conn: &mut DbConnection,
    meeting: &MeetingRow,
    board: &BoardRow,
) -> Result<QuorumReport, ApiError> {
    let rule = stored(QuorumRule::parse(&board.quorum_rule), "quorum rule", &board.quorum_rule)?;
    let mut owners = Vec::new();
    for owner in store::board_owners_of(conn, &board.id)? {
        let office = corporation_sole_store::find(conn, &owner.corporation_sole_id)?
            .ok_or_else(|| ApiError::Internal("a board owner is missing".into()))?;
        let kind = stored(CorporationSoleKind::parse(&office.kind), "kind", &office.kind)?;
        owners.push(Owner { corporation_sole_id: uuid(&office.id)?, policing_body: kind.is_policing_body() });
    }
    let present = store::attendance_of(conn, &meeting.id)?
        .into_iter()
        .filter(|a| a.kind == AttendanceKind::Present.as_str())
        .map(|a| Ok(PresentMember { representing: optional_uuid(&a.corporation_sole_id)?, voting: a.voting }))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let count = board.quorum_count.and_then(|n| u32::try_from(n).ok());
    let q = quorum(rule, count, &owners, &present);
    Ok(QuorumReport {
        rule,
        quorate: q.quorate,
        unrepresented: q.unrepresented,
        voting_present: u32::try_from(q.voting_present).unwrap_or(u32::MAX),
        required_count: q.required_count,
    })
}

pub fn agenda_item_view(conn: &mut DbConnection, row: AgendaItemRow, insider: bool) -> Result<AgendaItem, ApiError> {
    let disclosure =
        read_disclosure(&row.disclosure, &row.foi_sections, &row.exemption_reason, row.intended_publication_on)?;
    let exempt = disclosure.level == Disclosure::Exempt;
    let mut papers = Vec::new();
    for paper in store::agenda_papers_of(conn, &row.id)? {
        let paper_disclosure = read_disclosure(
            &paper.disclosure,
            &paper.foi_sections,
            &paper.exemption_reason,
            paper.intended_publication_on,
        )?;
        let hidden = !insider && (exempt || paper_disclosure.level == Disclosure::Exempt);
        papers.push(Paper {
            id: uuid(&paper.id)?,
            title: paper.title,
            version_label: paper.version_label,
            uri: (!hidden).then_some(paper.uri),
            sha256: (!hidden).then_some(paper.sha256),
            dated_on: paper.dated_on,
            disclosure: paper_disclosure,
        });
    }
    let standing_item =
        row.standing_item.as_deref().map(|s| stored(StandingItem::parse(s), "standing item", s)).transpose()?;
    let redacted = exempt && !insider;
    Ok(AgendaItem {
        id: uuid(&row.id)?,
        meeting_id: uuid(&row.meeting_id)?,
        label: row.label,
        position: row.position,
        title: row.title,
        presenter: if redacted { None } else { row.presenter },
        standing_item,
        disclosure,
        papers,
        redacted,
        version: row.version,
    })
}

/// The full representation of a meeting as `insider` (or not) may see it.
pub fn meeting_view(
    conn: &mut DbConnection,
    row: MeetingRow,
    board: &BoardRow,
    insider: bool,
) -> Result<Meeting, ApiError> {
    let quorum = meeting_quorum(conn, &row, board)?;
    let attendance = store::attendance_of(conn, &row.id)?
        .into_iter()
        .map(|a| {
            Ok(Attendance {
                id: uuid(&a.id)?,
                person_id: uuid(&a.person_id)?,
                kind: stored(AttendanceKind::parse(&a.kind), "attendance kind", &a.kind)?,
                capacity: a.capacity,
                corporation_sole_id: optional_uuid(&a.corporation_sole_id)?,
                voting: a.voting,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let chairs =
        store::meeting_chairs_of(conn, &row.id)?.iter().map(|c| uuid(&c.person_id)).collect::<Result<_, _>>()?;
    let mut agenda = Vec::new();
    for item in store::agenda_of(conn, &row.id)? {
        agenda.push(agenda_item_view(conn, item, insider)?);
    }
    let declarations = store::declarations_of(conn, &row.id)?
        .into_iter()
        .map(|d| {
            Ok(Declaration {
                id: uuid(&d.id)?,
                person_id: uuid(&d.person_id)?,
                agenda_item_id: optional_uuid(&d.agenda_item_id)?,
                interest: d.interest,
                withdrew: d.withdrew,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Meeting {
        id: uuid(&row.id)?,
        board_id: uuid(&row.board_id)?,
        date: row.starts_at.date(),
        start_time: row.starts_at.format("%H:%M").to_string(),
        end_time: row.ends_at.map(|end| end.format("%H:%M").to_string()),
        time_zone: "Europe/London".into(),
        starts_at: instant(london_to_utc(row.starts_at)),
        venue: row.venue,
        status: stored(MeetingStatus::parse(&row.status), "meeting status", &row.status)?,
        chairs,
        minute_taker_person_id: optional_uuid(&row.minute_taker_person_id)?,
        next_meeting_id: optional_uuid(&row.next_meeting_id)?,
        next_meeting_note: row.next_meeting_note,
        attendance,
        quorum,
        agenda,
        declarations,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn replace_chairs(conn: &mut DbConnection, meeting_id: &str, chairs: &[Uuid]) -> Result<(), ApiError> {
    for (n, chair) in chairs.iter().enumerate() {
        check_person(conn, *chair, &format!("/chairs/{n}"))?;
        if chairs[..n].contains(chair) {
            return Err(ApiError::Rules(vec![RuleViolation::new("duplicate", format!("/chairs/{n}"), "named twice")]));
        }
    }
    persistence::boards::clear_meeting_chairs(conn, meeting_id)?;
    let now = now();
    for chair in chairs {
        meeting_chair_store::insert(
            conn,
            &MeetingChairRow {
                id: new_id(),
                meeting_id: meeting_id.to_string(),
                person_id: chair.to_string(),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
    }
    Ok(())
}

/// Answers a change to a meeting with its full representation.
pub fn meeting_change(
    tx: &mut DbConnection,
    action: &'static str,
    row: MeetingRow,
    board: &BoardRow,
    created: bool,
) -> Result<persistence::Change, ApiError> {
    let id = row.id.clone();
    let version = row.version;
    let view = meeting_view(tx, row, board, true)?;
    let location = created.then(|| format!("{LOCATION_PREFIX}/meetings/{id}"));
    versioned_change(action, KIND, &id, version, &view, location)
}

/// The membership of `person` on the board in effect on `day`, if any.
pub fn membership_on(
    conn: &mut DbConnection,
    board_id: &str,
    person: &str,
    day: NaiveDate,
) -> Result<Option<MembershipRow>, ApiError> {
    Ok(store::board_memberships_of(conn, board_id)?
        .into_iter()
        .find(|m| m.person_id.as_deref() == Some(person) && Period::new(m.starts_on, m.ends_on).contains(day)))
}

pub fn check_item_text(label: &str, title: &str, presenter: Option<&str>) -> Vec<RuleViolation> {
    let mut v = check_text(label, "/label", 40);
    v.extend(check_text(title, "/title", 500));
    if let Some(p) = presenter {
        v.extend(check_text(p, "/presenter", 300));
    }
    v
}

pub fn item_scope(
    conn: &mut DbConnection,
    principal: &Principal,
    item_id: &str,
    action: Action,
) -> Result<(AgendaItemRow, MeetingScope), ApiError> {
    let item = agenda_item_store::find(conn, item_id)?.ok_or(ApiError::NotFound)?;
    let scope = MeetingScope::authorized(conn, principal, &item.meeting_id, action)?;
    Ok((item, scope))
}
