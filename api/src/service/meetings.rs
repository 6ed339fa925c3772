//! Meetings of a board: the meeting scope, local start times (Europe/London), quorum on the day,
//! meeting and agenda item views, chairs, and the audited change record.

use chrono::{NaiveDate, NaiveDateTime};
use domain::access::{Action, Principal, Resource, ResourceKind};
use domain::boards::check_sha256;
use domain::boards::{
    check_title_withheld, likely_duplicate_meetings, london_to_utc, parse_clock, quorum, shown_title, AttendanceKind,
    Disclosure, MeetingStatus, Owner, PresentMember, StandingItem,
};
use domain::rules::check_text;
use domain::{Period, RuleViolation};
use openapi::boards::{
    AgendaItem, AgendaItemUpdate, Attendance, Declaration, Meeting, MeetingList, MeetingUpdate, NewAgendaItem,
    NewAttendance, NewDeclaration, NewMeeting, NewPaper, Paper, QuorumReport,
};
use persistence::boards::{self as store, *};
use persistence::ids::{CorporationSoleId, PersonId};
use persistence::registry::{corporation_sole_store, PageRequest};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::{instant, stored};
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::agreements::field_errors;
use crate::service::boards::{
    check_corporation_sole, check_disclosure, check_person, now, read_disclosure, store_disclosure, touch, BoardScope,
};
use crate::service::{allow, check_version, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Meeting;

/// The policy's view of a meeting (and of its agenda items): beyond the board's parties, a public
/// board's meetings are seen by all.
pub fn meeting_resource(board: &BoardScope) -> Resource {
    board.resource(KIND, board.board.public)
}

/// A meeting with its board's scope.
pub struct MeetingScope {
    pub meeting: MeetingRow,
    pub board: BoardScope,
}

impl MeetingScope {
    pub fn load(conn: &mut DbConnection, meeting_id: MeetingId) -> Result<MeetingScope, ApiError> {
        let meeting = meeting_store::find(conn, meeting_id)?.ok_or(ApiError::NotFound)?;
        let board = BoardScope::load(conn, meeting.board_id)?;
        Ok(MeetingScope { meeting, board })
    }

    /// Loads a meeting and asks the policy about `action` on it.
    pub fn authorized(
        conn: &mut DbConnection,
        principal: &Principal,
        meeting_id: MeetingId,
        action: Action,
    ) -> Result<MeetingScope, ApiError> {
        let scope = MeetingScope::load(conn, meeting_id)?;
        allow(principal, action, &meeting_resource(&scope.board))?;
        Ok(scope)
    }

    pub fn status(&self) -> Result<MeetingStatus, ApiError> {
        Ok(self.meeting.status)
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
    let rule = board.quorum_rule;
    let mut owners = Vec::new();
    // The owners on the meeting's day: a later change of owners does not rewrite a past quorum.
    for owner in crate::service::boards::board_owners_on(conn, board.id, meeting.starts_at.date())? {
        let office = corporation_sole_store::find(conn, owner)?
            .ok_or_else(|| ApiError::Internal("a board owner is missing".into()))?;
        let kind = office.kind;
        owners.push(Owner {
            corporation_sole_id: office.id.uuid(),
            policing_body: kind.is_policing_body(),
            existed: Period::new(office.starts_on, office.ends_on),
        });
    }
    let present = store::attendance_of(conn, meeting.id)?
        .into_iter()
        .filter(|a| a.kind == AttendanceKind::Present)
        .map(|a| PresentMember { representing: a.corporation_sole_id.map(Uuid::from), voting: a.voting })
        .collect::<Vec<_>>();
    let count = board.quorum_count.and_then(|n| u32::try_from(n).ok());
    let q = quorum(rule, count, meeting.starts_at.date(), &owners, &present);
    Ok(QuorumReport {
        rule,
        quorate: q.quorate,
        unrepresented: q.unrepresented,
        voting_present: u32::try_from(q.voting_present).unwrap_or(u32::MAX),
        required_count: q.required_count,
    })
}

pub fn agenda_item_view(
    conn: &mut DbConnection,
    row: AgendaItemRow,
    sees_exempt: bool,
) -> Result<AgendaItem, ApiError> {
    let disclosure =
        read_disclosure(&row.disclosure, &row.foi_sections, &row.exemption_reason, row.intended_publication_on)?;
    let exempt = disclosure.level == Disclosure::Exempt;
    let mut papers = Vec::new();
    for paper in store::agenda_papers_of(conn, row.id)? {
        let paper_disclosure = read_disclosure(
            &paper.disclosure,
            &paper.foi_sections,
            &paper.exemption_reason,
            paper.intended_publication_on,
        )?;
        let hidden = !sees_exempt && (exempt || paper_disclosure.level == Disclosure::Exempt);
        papers.push(Paper {
            id: paper.id.uuid(),
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
    let redacted = exempt && !sees_exempt;
    Ok(AgendaItem {
        id: row.id.uuid(),
        meeting_id: row.meeting_id.uuid(),
        label: row.label,
        position: row.position,
        title: shown_title(row.title, exempt, row.title_withheld, sees_exempt),
        title_withheld: row.title_withheld,
        presenter: if redacted { None } else { row.presenter },
        standing_item,
        disclosure,
        papers,
        redacted,
        version: row.version,
    })
}

/// The full representation of a meeting, its exempt content shown or reduced to its shell (R-PB-03).
pub fn meeting_view(
    conn: &mut DbConnection,
    row: MeetingRow,
    board: &BoardRow,
    sees_exempt: bool,
    viewer: &Principal,
) -> Result<Meeting, ApiError> {
    let quorum = meeting_quorum(conn, &row, board)?;
    let attendance = store::attendance_of(conn, row.id)?
        .into_iter()
        .map(|a| Attendance {
            id: a.id.uuid(),
            person_id: a.person_id.uuid(),
            kind: a.kind,
            capacity: a.capacity,
            corporation_sole_id: a.corporation_sole_id.map(Uuid::from),
            voting: a.voting,
        })
        .collect();
    let chairs = store::meeting_chairs_of(conn, row.id)?.iter().map(|c| c.person_id.uuid()).collect();
    let mut agenda = Vec::new();
    for item in store::agenda_of(conn, row.id)? {
        agenda.push(agenda_item_view(conn, item, sees_exempt)?);
    }
    let declarations = store::declarations_of(conn, row.id)?
        .into_iter()
        .map(|d| Declaration {
            id: d.id.uuid(),
            person_id: d.person_id.uuid(),
            agenda_item_id: d.agenda_item_id.map(Uuid::from),
            interest: d.interest,
            withdrew: d.withdrew,
            register_entry_id: d.register_entry_id.map(Uuid::from),
        })
        .collect();
    let corrections = crate::service::corrections::corrections_of(conn, std::slice::from_ref(&row.id))?
        .remove(&row.id)
        .unwrap_or_default();
    let same_day = store::meetings_on_day(conn, row.board_id, row.starts_at.date(), row.id)?
        .into_iter()
        .map(|m| (m.id.to_string(), m.starts_at.date(), m.status));
    let mut warnings = field_errors(&likely_duplicate_meetings(row.starts_at.date(), same_day));
    warnings.extend(field_errors(&crate::service::interests::meeting_interest_warnings(
        conn,
        &row,
        &agenda,
        sees_exempt,
        viewer,
    )?));
    Ok(Meeting {
        id: row.id.uuid(),
        board_id: row.board_id.uuid(),
        date: row.starts_at.date(),
        start_time: row.start_time_recorded.then(|| row.starts_at.format("%H:%M").to_string()),
        end_time: row.ends_at.map(|end| end.format("%H:%M").to_string()),
        time_zone: "Europe/London".into(),
        starts_at: instant(london_to_utc(row.starts_at)),
        venue: row.venue,
        status: row.status,
        chairs,
        minute_taker_person_id: row.minute_taker_person_id.map(Uuid::from),
        next_meeting_id: row.next_meeting_id.map(Uuid::from),
        next_meeting_note: row.next_meeting_note,
        attendance,
        quorum,
        agenda,
        declarations,
        corrections,
        warnings,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn replace_chairs(conn: &mut DbConnection, meeting_id: MeetingId, chairs: &[Uuid]) -> Result<(), ApiError> {
    for (n, chair) in chairs.iter().enumerate() {
        check_person(conn, *chair, &format!("/chairs/{n}"))?;
        if chairs[..n].contains(chair) {
            return Err(ApiError::Rules(vec![RuleViolation::new("duplicate", format!("/chairs/{n}"), "named twice")]));
        }
    }
    persistence::boards::clear_meeting_chairs(conn, meeting_id)?;
    let now = now();
    for chair in chairs {
        meeting_chair_store::insert(conn, &chair_row(MeetingChairId::generate(), now, meeting_id, (*chair).into()))?;
    }
    Ok(())
}

/// Answers a change to a meeting with its full representation.
pub fn meeting_change(
    tx: &mut DbConnection,
    principal: &Principal,
    action: &'static str,
    row: MeetingRow,
    board: &BoardScope,
    created: bool,
) -> Result<persistence::Change, ApiError> {
    let id = row.id;
    let version = row.version;
    // The writer sees what a read would show it: exempt content only with exempt access (R-PB-03).
    let sees_exempt = board.sees_exempt(tx, principal)?;
    let view = meeting_view(tx, row, &board.board, sees_exempt, principal)?;
    let location = created.then(|| format!("{LOCATION_PREFIX}/meetings/{id}"));
    versioned_change(action, KIND, id, version, &view, location)
}

/// The membership of `person` on the board in effect on `day`, if any.
pub fn membership_on(
    conn: &mut DbConnection,
    board_id: BoardId,
    person: PersonId,
    day: NaiveDate,
) -> Result<Option<MembershipRow>, ApiError> {
    Ok(store::board_memberships_of(conn, board_id)?
        .into_iter()
        .find(|m| m.person_id == Some(person) && Period::new(m.starts_on, m.ends_on).contains(day)))
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
    item_id: AgendaItemId,
    action: Action,
) -> Result<(AgendaItemRow, MeetingScope), ApiError> {
    let item = agenda_item_store::find(conn, item_id)?.ok_or(ApiError::NotFound)?;
    let scope = MeetingScope::authorized(conn, principal, item.meeting_id, action)?;
    Ok((item, scope))
}

pub fn create_meeting(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewMeeting,
) -> Result<Change, ApiError> {
    let scope = BoardScope::load(tx, id.into())?;
    allow(principal, Action::Create, &scope.resource(KIND, scope.board.public))?;
    refuse_if_any([check_text(&new.venue, "/venue", 300)])?;
    let row = meeting_row(MeetingId::generate(), now(), scope.board.id, &new)?;
    if row.ends_at.is_some_and(|end| end < row.starts_at) {
        return Err(ApiError::Rules(vec![RuleViolation::new(
            "period.invalid",
            "/end_time",
            "the meeting ends before it starts",
        )]));
    }
    if let Some(taker) = new.minute_taker_person_id {
        check_person(tx, taker, "/minute_taker_person_id")?;
    }
    meeting_store::insert(tx, &row)?;
    replace_chairs(tx, row.id, &new.chairs)?;
    meeting_change(tx, principal, "create", row, &scope, true)
}

/// A new meeting as `create_meeting` stores it (and the bulk loader): scheduled, its times the
/// Europe/London clock times of the request.
pub fn meeting_row(
    id: MeetingId,
    now: NaiveDateTime,
    board_id: BoardId,
    new: &NewMeeting,
) -> Result<MeetingRow, ApiError> {
    Ok(MeetingRow {
        id,
        board_id,
        starts_at: match &new.start_time {
            Some(time) => local_start(new.date, time, "/start_time")?,
            None => new.date.and_time(chrono::NaiveTime::MIN),
        },
        start_time_recorded: new.start_time.is_some(),
        ends_at: new.end_time.as_deref().map(|t| local_start(new.date, t, "/end_time")).transpose()?,
        venue: new.venue.trim().to_string(),
        status: MeetingStatus::Scheduled,
        minute_taker_person_id: new.minute_taker_person_id.map(Into::into),
        next_meeting_id: None,
        next_meeting_note: new.next_meeting_note.clone(),
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

/// One chair of a meeting (`create_meeting`, `update_meeting` and the bulk loader).
pub fn chair_row(
    id: MeetingChairId,
    now: NaiveDateTime,
    meeting_id: MeetingId,
    person_id: PersonId,
) -> MeetingChairRow {
    MeetingChairRow { id, meeting_id, person_id, version: 1, created_at: now, updated_at: now }
}

/// One attendance entry (`add_meeting_attendance` and the bulk loader), with the represented
/// corporation sole and vote as resolved from the request and the person's membership.
pub fn attendance_row(
    id: AttendanceId,
    now: NaiveDateTime,
    meeting_id: MeetingId,
    new: &NewAttendance,
    corporation_sole_id: Option<CorporationSoleId>,
    voting: bool,
) -> AttendanceRow {
    AttendanceRow {
        id,
        meeting_id,
        person_id: new.person_id.into(),
        kind: new.kind,
        capacity: new.capacity.clone(),
        corporation_sole_id,
        voting,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// One agenda item at `position` (`add_agenda_item` and the bulk loader).
pub fn agenda_item_row(
    id: AgendaItemId,
    now: NaiveDateTime,
    meeting_id: MeetingId,
    position: i64,
    new: &NewAgendaItem,
) -> AgendaItemRow {
    let (disclosure, foi_sections, exemption_reason, intended_publication_on) = store_disclosure(&new.disclosure);
    AgendaItemRow {
        id,
        meeting_id,
        label: new.label.clone(),
        position,
        title: new.title.clone(),
        presenter: new.presenter.clone(),
        standing_item: new.standing_item.map(|s| s.as_str().to_string()),
        disclosure,
        foi_sections,
        exemption_reason,
        intended_publication_on,
        title_withheld: new.title_withheld,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

pub fn update_meeting(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: MeetingUpdate,
) -> Result<Change, ApiError> {
    let MeetingScope { mut meeting, board } = MeetingScope::authorized(tx, principal, id.into(), Action::Update)?;
    check_version(&meeting, expected)?;
    let date = patch.date.unwrap_or(meeting.starts_at.date());
    let start = match &patch.start_time {
        Some(t) => local_start(date, t, "/start_time")?,
        None => date.and_time(meeting.starts_at.time()),
    };
    let end = match &patch.end_time {
        Some(t) => Some(local_start(date, t, "/end_time")?),
        None => meeting.ends_at.map(|e| date.and_time(e.time())),
    };
    if end.is_some_and(|e| e < start) {
        return Err(ApiError::Rules(vec![RuleViolation::new(
            "period.invalid",
            "/end_time",
            "the meeting ends before it starts",
        )]));
    }
    meeting.starts_at = start;
    meeting.start_time_recorded |= patch.start_time.is_some();
    meeting.ends_at = end;
    if let Some(venue) = patch.venue {
        refuse_if_any([check_text(&venue, "/venue", 300)])?;
        meeting.venue = venue;
    }
    if let Some(taker) = patch.minute_taker_person_id {
        check_person(tx, taker, "/minute_taker_person_id")?;
        meeting.minute_taker_person_id = Some(taker.into());
    }
    if let Some(next) = patch.next_meeting_id {
        let next_row = meeting_store::find(tx, next.into())?
            .filter(|n| n.board_id == meeting.board_id && n.starts_at > meeting.starts_at)
            .ok_or_else(|| ApiError::unknown_reference("/next_meeting_id", "later meeting of this board"))?;
        meeting.next_meeting_id = Some(next_row.id);
    }
    if let Some(note) = patch.next_meeting_note {
        meeting.next_meeting_note = Some(note);
    }
    if let Some(chairs) = &patch.chairs {
        replace_chairs(tx, meeting.id, chairs)?;
    }
    save(tx, &mut meeting, expected, meeting_store::update_versioned)?;
    meeting_change(tx, principal, "update", meeting, &board, false)
}

pub fn add_meeting_attendance(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewAttendance,
) -> Result<Change, ApiError> {
    let scope = MeetingScope::authorized(tx, principal, id.into(), Action::Update)?;
    add_attendance_to(tx, principal, scope, new)
}

/// Records one attendance entry at a meeting the caller may update.
pub fn add_attendance_to(
    tx: &mut DbConnection,
    principal: &Principal,
    scope: MeetingScope,
    new: NewAttendance,
) -> Result<Change, ApiError> {
    let MeetingScope { mut meeting, board } = scope;
    if !meeting.status.takes_business() {
        return Err(ApiError::Conflict(format!("the meeting is {}, so it has no attendance", meeting.status)));
    }
    refuse_if_any([check_text(&new.capacity, "/capacity", 300)])?;
    check_person(tx, new.person_id, "/person_id")?;
    let person = PersonId::from(new.person_id);
    if store::attendance_of(tx, meeting.id)?.iter().any(|a| a.person_id == person) {
        return Err(ApiError::Conflict("this person's attendance is already recorded".into()));
    }
    let membership = membership_on(tx, board.board.id, person, meeting.starts_at.date())?;
    if let Some(cs) = new.corporation_sole_id {
        check_corporation_sole(tx, cs, "/corporation_sole_id")?;
    }
    let corporation_sole_id = new
        .corporation_sole_id
        .map(CorporationSoleId::from)
        .or_else(|| membership.as_ref().and_then(|m| m.corporation_sole_id));
    let voting = new.voting.unwrap_or_else(|| membership.as_ref().is_some_and(|m| m.voting));
    let row = attendance_row(AttendanceId::generate(), now(), meeting.id, &new, corporation_sole_id, voting);
    attendance_store::insert(tx, &row)?;
    touch(tx, &mut meeting, meeting_store::update_versioned)?;
    meeting_change(tx, principal, "add_attendance", meeting, &board, true)
}

pub fn add_agenda_item(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewAgendaItem,
) -> Result<Change, ApiError> {
    let MeetingScope { mut meeting, board } = MeetingScope::authorized(tx, principal, id.into(), Action::Update)?;
    refuse_if_any([
        check_item_text(&new.label, &new.title, new.presenter.as_deref()),
        check_disclosure(&new.disclosure, "/disclosure"),
        check_title_withheld(new.title_withheld, new.disclosure.level == Disclosure::Exempt),
    ])?;
    let agenda = store::agenda_of(tx, meeting.id)?;
    if agenda.iter().any(|i| i.label == new.label) {
        return Err(ApiError::Conflict(format!("the agenda already has an item labelled {:?}", new.label)));
    }
    let position = new.position.unwrap_or_else(|| agenda.iter().map(|i| i.position).max().unwrap_or(0) + 1);
    let row = agenda_item_row(AgendaItemId::generate(), now(), meeting.id, position, &new);
    agenda_item_store::insert(tx, &row)?;
    touch(tx, &mut meeting, meeting_store::update_versioned)?;
    let location = format!("{LOCATION_PREFIX}/agenda-items/{}", row.id);
    let (item_id, version) = (row.id, row.version);
    let sees_exempt = board.sees_exempt(tx, principal)?;
    versioned_change(
        "create",
        ResourceKind::AgendaItem,
        item_id,
        version,
        &agenda_item_view(tx, row, sees_exempt)?,
        Some(location),
    )
}

pub fn update_agenda_item(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: AgendaItemUpdate,
) -> Result<Change, ApiError> {
    let (mut item, scope) = item_scope(tx, principal, id.into(), Action::Update)?;
    check_version(&item, expected)?;
    if let Some(label) = patch.label {
        item.label = label;
    }
    if let Some(title) = patch.title {
        item.title = title;
    }
    if let Some(presenter) = patch.presenter {
        item.presenter = Some(presenter);
    }
    if let Some(position) = patch.position {
        item.position = position;
    }
    refuse_if_any([check_item_text(&item.label, &item.title, item.presenter.as_deref())])?;
    if let Some(disclosure) = &patch.disclosure {
        refuse_if_any([check_disclosure(disclosure, "/disclosure")])?;
        let (level, sections, reason, date) = store_disclosure(disclosure);
        item.disclosure = level;
        item.foi_sections = sections;
        item.exemption_reason = reason;
        item.intended_publication_on = date;
    }
    if let Some(withheld) = patch.title_withheld {
        item.title_withheld = withheld;
    }
    refuse_if_any([check_title_withheld(item.title_withheld, item.disclosure == Disclosure::Exempt.as_str())])?;
    save(tx, &mut item, expected, agenda_item_store::update_versioned)?;
    let (item_id, version) = (item.id, item.version);
    let sees_exempt = scope.board.sees_exempt(tx, principal)?;
    versioned_change(
        "update",
        ResourceKind::AgendaItem,
        item_id,
        version,
        &agenda_item_view(tx, item, sees_exempt)?,
        None,
    )
}

pub fn add_agenda_paper(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewPaper,
) -> Result<Change, ApiError> {
    let (mut item, scope) = item_scope(tx, principal, id.into(), Action::Update)?;
    refuse_if_any([
        check_text(&new.title, "/title", 500),
        check_text(&new.version_label, "/version_label", 40),
        check_text(&new.uri, "/uri", 2000),
        check_sha256(&new.sha256, "/sha256"),
        check_disclosure(&new.disclosure, "/disclosure"),
    ])?;
    let (disclosure, foi_sections, exemption_reason, intended_publication_on) = store_disclosure(&new.disclosure);
    let now = now();
    paper_store::insert(
        tx,
        &PaperRow {
            id: PaperId::generate(),
            agenda_item_id: item.id,
            title: new.title,
            version_label: new.version_label,
            uri: new.uri,
            sha256: new.sha256,
            dated_on: new.dated_on,
            disclosure,
            foi_sections,
            exemption_reason,
            intended_publication_on,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    touch(tx, &mut item, agenda_item_store::update_versioned)?;
    let location = format!("{LOCATION_PREFIX}/agenda-items/{}", item.id);
    let (item_id, version) = (item.id, item.version);
    let sees_exempt = scope.board.sees_exempt(tx, principal)?;
    versioned_change(
        "add_paper",
        ResourceKind::AgendaItem,
        item_id,
        version,
        &agenda_item_view(tx, item, sees_exempt)?,
        Some(location),
    )
}

pub fn add_meeting_declaration(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewDeclaration,
) -> Result<Change, ApiError> {
    let MeetingScope { mut meeting, board } = MeetingScope::authorized(tx, principal, id.into(), Action::Update)?;
    refuse_if_any([check_text(&new.interest, "/interest", 2000)])?;
    check_person(tx, new.person_id, "/person_id")?;
    if let Some(item) = new.agenda_item_id {
        agenda_item_store::find(tx, item.into())?
            .filter(|i| i.meeting_id == meeting.id)
            .ok_or_else(|| ApiError::unknown_reference("/agenda_item_id", "agenda item of this meeting"))?;
    }
    if let Some(entry) = new.register_entry_id {
        crate::service::interests::check_cited_entry(tx, principal, new.person_id, entry)?;
    }
    let now = now();
    declaration_store::insert(
        tx,
        &DeclarationRow {
            id: DeclarationId::generate(),
            meeting_id: meeting.id,
            agenda_item_id: new.agenda_item_id.map(Into::into),
            person_id: new.person_id.into(),
            interest: new.interest,
            withdrew: new.withdrew,
            register_entry_id: new.register_entry_id.map(Into::into),
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    touch(tx, &mut meeting, meeting_store::update_versioned)?;
    meeting_change(tx, principal, "add_declaration", meeting, &board, true)
}

pub fn list_board_meetings(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    page: PageRequest,
) -> Result<MeetingList, ApiError> {
    let scope = BoardScope::load(conn, id.into())?;
    allow(principal, Action::Read, &scope.resource(KIND, scope.board.public))?;
    let exempt = scope.sees_exempt(conn, principal)?;
    let page = store::list_meetings(conn, scope.board.id, &page)?;
    let mut items = Vec::new();
    for row in page.items {
        items.push(meeting_view(conn, row, &scope.board, exempt, principal)?);
    }
    Ok(MeetingList { items, next_cursor: encode_cursor(page.next_cursor) })
}

pub fn get_meeting(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Meeting, ApiError> {
    let scope = MeetingScope::authorized(conn, principal, id.into(), Action::Read)?;
    let exempt = scope.board.sees_exempt(conn, principal)?;
    meeting_view(conn, scope.meeting, &scope.board.board, exempt, principal)
}

pub fn get_agenda_item(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<AgendaItem, ApiError> {
    let (item, scope) = item_scope(conn, principal, id.into(), Action::Read)?;
    let exempt = scope.board.sees_exempt(conn, principal)?;
    agenda_item_view(conn, item, exempt)
}

/// Records a meeting as held (with its end time, if given) or cancels it.
pub fn move_meeting(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    to: MeetingStatus,
    end_time: Option<String>,
) -> Result<Change, ApiError> {
    let scope = MeetingScope::authorized(tx, principal, id.into(), Action::Update)?;
    ApiError::check(domain::boards::check_end_time(to, end_time.is_some()))?;
    check_version(&scope.meeting, expected)?;
    let next = scope.status()?.transition(to).map_err(|e| ApiError::Conflict(e.to_string()))?;
    let MeetingScope { mut meeting, board } = scope;
    if let Some(end) = end_time {
        meeting.ends_at = Some(local_start(meeting.starts_at.date(), &end, "/end_time")?);
    }
    meeting.status = next;
    save(tx, &mut meeting, expected, meeting_store::update_versioned)?;
    meeting_change(tx, principal, if to == MeetingStatus::Held { "hold" } else { "cancel" }, meeting, &board, false)
}
