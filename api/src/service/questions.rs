//! Holding to account (seed 004): questions put at a meeting to an office, their answers, and the
//! actions raised to follow them up. Questions follow their meeting: its board's member
//! organisations see them all; others who may read the meeting see them once its minutes are
//! published, without the text of those on exempt agenda items.

use std::collections::HashMap;

use domain::access::{Action, Principal, ResourceKind};
use domain::boards::{
    check_answer_content, check_answer_date, check_office_existed, check_question_text, check_sha256, question_status,
    Disclosure, MinutesStatus, QuestionStatus,
};
use domain::rules::check_text;
use domain::Period;
use openapi::boards::NewAction;
use openapi::questions::{Answer, AnswerPaper, NewAnswer, NewQuestion, Question, QuestionList};
use persistence::boards::{agenda_item_store, minutes_of, BoardId, MeetingId};
use persistence::ids::CorporationSoleId;
use persistence::questions::{self as store, *};
use persistence::registry::{corporation_sole_store, PageRequest};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::instant;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::boards::{check_person, touch, BoardScope};
use crate::service::decisions::{check_evidence, evidence_columns, stored_evidence};
use crate::service::meetings::MeetingScope;
use crate::service::{allow, group_by, now, refuse_if_any, today, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Question;

/// How one caller sees the questions of one board.
#[derive(Debug, Clone, Copy)]
struct Sight {
    /// A member organisation (or the platform): every question, published minutes or not.
    insider: bool,
    /// R-PB-03: the text of questions on exempt agenda items.
    exempt: bool,
}

/// A question with its meeting, after asking the policy about `action` on the meeting.
fn question_scope(
    conn: &mut DbConnection,
    principal: &Principal,
    id: QuestionId,
    action: Action,
) -> Result<(QuestionRow, MeetingScope), ApiError> {
    let row = question_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let scope = MeetingScope::authorized(conn, principal, row.meeting_id, action)?;
    if action == Action::Read && !scope.board.insider(principal) && !minutes_published(conn, row.meeting_id)? {
        return Err(ApiError::NotFound);
    }
    Ok((row, scope))
}

fn minutes_published(conn: &mut DbConnection, meeting_id: MeetingId) -> Result<bool, ApiError> {
    Ok(minutes_of(conn, meeting_id)?.iter().any(|m| m.status == MinutesStatus::Published))
}

/// The views of a page of questions, their answers and follow-ups read in one query each.
fn question_views(
    conn: &mut DbConnection,
    rows: Vec<QuestionRow>,
    sight: impl Fn(&QuestionRow) -> Sight,
) -> Result<Vec<Question>, ApiError> {
    let ids: Vec<QuestionId> = rows.iter().map(|r| r.id).collect();
    let mut answers = group_by(store::answers_of_each(conn, &ids)?, |a| a.question_id);
    let mut follow_ups = group_by(store::follow_ups_of_each(conn, &ids)?, |f| f.question_id);
    let mut meeting_days = HashMap::new();
    let mut exempt_items = HashMap::new();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let asked_on = match meeting_days.get(&row.meeting_id) {
            Some(day) => *day,
            None => {
                let meeting = persistence::boards::meeting_store::find(conn, row.meeting_id)?
                    .ok_or_else(|| ApiError::Internal("a question without its meeting".into()))?;
                meeting_days.insert(row.meeting_id, meeting.starts_at.date());
                meeting.starts_at.date()
            }
        };
        let exempt = match row.agenda_item_id {
            Some(item) => match exempt_items.get(&item) {
                Some(exempt) => *exempt,
                None => {
                    let exempt = agenda_item_store::find(conn, item)?
                        .is_some_and(|i| i.disclosure == Disclosure::Exempt.as_str());
                    exempt_items.insert(item, exempt);
                    exempt
                }
            },
            None => false,
        };
        let redacted = exempt && !sight(&row).exempt;
        let answers = answers.remove(&row.id).unwrap_or_default();
        let follow_ups = follow_ups.remove(&row.id).unwrap_or_default();
        views.push(assemble(row, asked_on, redacted, answers, follow_ups)?);
    }
    Ok(views)
}

fn assemble(
    row: QuestionRow,
    asked_on: chrono::NaiveDate,
    redacted: bool,
    answers: Vec<AnswerRow>,
    follow_ups: Vec<FollowUpRow>,
) -> Result<Question, ApiError> {
    let status = question_status(answers.len());
    let answers = answers
        .into_iter()
        .map(|a| Answer {
            id: a.id.uuid(),
            answered_by_person_id: a.answered_by_person_id.uuid(),
            answered_on: a.answered_on,
            text: if redacted { None } else { a.text },
            paper: a.paper_uri.filter(|_| !redacted).map(|uri| AnswerPaper { uri, sha256: a.paper_sha256 }),
        })
        .collect();
    Ok(Question {
        id: row.id.uuid(),
        meeting_id: row.meeting_id.uuid(),
        board_id: row.board_id.uuid(),
        asked_on,
        agenda_item_id: row.agenda_item_id.map(Uuid::from),
        position: row.position,
        asked_by_person_id: row.asked_by_person_id.uuid(),
        put_to_corporation_sole_id: row.put_to_corporation_sole_id.uuid(),
        put_to_person_id: row.put_to_person_id.map(Uuid::from),
        topic: (!redacted).then_some(row.topic),
        text: (!redacted).then_some(row.text),
        redacted,
        status,
        answers,
        follow_up_action_ids: follow_ups.iter().map(|f| f.action_id.uuid()).collect(),
        evidence: stored_evidence(row.evidence_sha256, row.evidence_locator, row.evidence_uri).filter(|_| !redacted),
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

/// The change answering a write to a question, as the writer would read it (R-PB-03).
fn question_change(
    conn: &mut DbConnection,
    principal: &Principal,
    board: &BoardScope,
    action: &'static str,
    row: QuestionRow,
    created: bool,
) -> Result<Change, ApiError> {
    let (id, version) = (row.id, row.version);
    let sight = Sight { insider: true, exempt: board.sees_exempt(conn, principal)? };
    let view = question_views(conn, vec![row], |_| sight)?
        .pop()
        .ok_or_else(|| ApiError::Internal("question view missing".into()))?;
    let location = created.then(|| format!("{LOCATION_PREFIX}/questions/{id}"));
    versioned_change(action, KIND, id, version, &view, location)
}

pub fn create_question(
    tx: &mut DbConnection,
    principal: &Principal,
    meeting_id: Uuid,
    new: NewQuestion,
) -> Result<Change, ApiError> {
    let scope = MeetingScope::authorized(tx, principal, meeting_id.into(), Action::Update)?;
    if !scope.meeting.status.takes_business() {
        return Err(ApiError::Conflict(format!(
            "the meeting is {}, so no question was put at it",
            scope.meeting.status
        )));
    }
    let mut violations = check_question_text(&new.topic, &new.text);
    if let Some(evidence) = &new.evidence {
        violations.extend(check_evidence(evidence));
    }
    refuse_if_any([violations])?;
    check_person(tx, new.asked_by_person_id, "/asked_by_person_id")?;
    if let Some(person) = new.put_to_person_id {
        check_person(tx, person, "/put_to_person_id")?;
    }
    let office = corporation_sole_store::find(tx, new.put_to_corporation_sole_id.into())?
        .ok_or_else(|| ApiError::unknown_reference("/put_to_corporation_sole_id", "corporation sole"))?;
    let day = scope.meeting.starts_at.date();
    refuse_if_any([check_office_existed(
        &Period::new(office.starts_on, office.ends_on),
        day,
        "/put_to_corporation_sole_id",
    )])?;
    if let Some(item) = new.agenda_item_id {
        agenda_item_store::find(tx, item.into())?
            .filter(|i| i.meeting_id == scope.meeting.id)
            .ok_or_else(|| ApiError::unknown_reference("/agenda_item_id", "agenda item of this meeting"))?;
    }
    let (evidence_sha256, evidence_locator, evidence_uri) = evidence_columns(new.evidence.as_ref());
    let stamp = now();
    let row = QuestionRow {
        id: QuestionId::generate(),
        meeting_id: scope.meeting.id,
        board_id: scope.board.board.id,
        agenda_item_id: new.agenda_item_id.map(Into::into),
        position: store::last_position(tx, scope.meeting.id)? + 1,
        asked_by_person_id: new.asked_by_person_id.into(),
        put_to_corporation_sole_id: office.id,
        put_to_person_id: new.put_to_person_id.map(Into::into),
        topic: new.topic.trim().to_string(),
        text: new.text,
        evidence_sha256,
        evidence_locator,
        evidence_uri,
        version: 1,
        created_at: stamp,
        updated_at: stamp,
    };
    question_store::insert(tx, &row)?;
    question_change(tx, principal, &scope.board, "create", row, true)
}

pub fn add_question_answer(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewAnswer,
) -> Result<Change, ApiError> {
    let (mut question, scope) = question_scope(tx, principal, id.into(), Action::Update)?;
    let mut violations = check_answer_content(new.text.as_deref(), new.paper.is_some());
    violations.extend(check_answer_date(new.answered_on, scope.meeting.starts_at.date(), today()));
    if let Some(paper) = &new.paper {
        violations.extend(check_text(&paper.uri, "/paper/uri", 2_000));
        if let Some(digest) = &paper.sha256 {
            violations.extend(check_sha256(digest, "/paper/sha256"));
        }
    }
    refuse_if_any([violations])?;
    check_person(tx, new.answered_by_person_id, "/answered_by_person_id")?;
    let stamp = now();
    let answer = AnswerRow {
        id: AnswerId::generate(),
        question_id: question.id,
        answered_by_person_id: new.answered_by_person_id.into(),
        answered_on: new.answered_on,
        text: new.text,
        paper_uri: new.paper.as_ref().map(|p| p.uri.clone()),
        paper_sha256: new.paper.and_then(|p| p.sha256),
        version: 1,
        created_at: stamp,
        updated_at: stamp,
    };
    answer_store::insert(tx, &answer)?;
    touch(tx, &mut question, question_store::update_versioned)?;
    question_change(tx, principal, &scope.board, "answer", question, true)
}

/// Raises an action at the question's meeting to follow it up (under the question's agenda item
/// unless another is named) and links it to the question. Answers with the action.
pub fn create_question_follow_up_action(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    mut new: NewAction,
) -> Result<Change, ApiError> {
    let (mut question, scope) = question_scope(tx, principal, id.into(), Action::Read)?;
    if new.agenda_item_id.is_none() {
        new.agenda_item_id = question.agenda_item_id.map(Uuid::from);
    }
    let raised = crate::service::actions::raise_action(tx, principal, question.meeting_id, new)?;
    let action_id = raised.id;
    let mut action = crate::service::actions::change(tx, "create", raised, true)?;
    let stamp = now();
    let link = FollowUpRow {
        id: FollowUpId::generate(),
        question_id: question.id,
        action_id,
        version: 1,
        created_at: stamp,
        updated_at: stamp,
    };
    follow_up_store::insert(tx, &link)?;
    touch(tx, &mut question, question_store::update_versioned)?;
    action.related.push(question_change(tx, principal, &scope.board, "add_follow_up", question, false)?);
    Ok(action)
}

pub fn get_question(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Question, ApiError> {
    let (row, scope) = question_scope(conn, principal, id.into(), Action::Read)?;
    let sight = Sight { insider: scope.board.insider(principal), exempt: scope.board.sees_exempt(conn, principal)? };
    question_views(conn, vec![row], |_| sight)?.pop().ok_or(ApiError::NotFound)
}

/// The questions put at one meeting, in the order recorded.
pub fn list_meeting_questions(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    page: PageRequest,
) -> Result<QuestionList, ApiError> {
    let scope = MeetingScope::authorized(conn, principal, id.into(), Action::Read)?;
    let filter = QuestionFilter { meeting_id: Some(scope.meeting.id), ..Default::default() };
    board_page(conn, principal, &scope.board, filter, page)
}

/// One page of one board's questions as the caller sees them: all of them for its member
/// organisations, those of meetings with published minutes for others.
fn board_page(
    conn: &mut DbConnection,
    principal: &Principal,
    board: &BoardScope,
    filter: QuestionFilter,
    page: PageRequest,
) -> Result<QuestionList, ApiError> {
    let sight = Sight { insider: board.insider(principal), exempt: board.sees_exempt(conn, principal)? };
    let filter = QuestionFilter { board_id: Some(board.board.id), published_only: !sight.insider, ..filter };
    let page = store::list_questions(conn, &filter, &page)?;
    Ok(QuestionList {
        items: question_views(conn, page.items, |_| sight)?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

/// A board's questions (to one office, open or answered, if asked), oldest first.
pub fn list_board_questions(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    filter: QuestionFilter,
    page: PageRequest,
) -> Result<QuestionList, ApiError> {
    let board = BoardScope::load(conn, id.into())?;
    allow(principal, Action::Read, &board.resource(ResourceKind::Meeting, board.board.public))?;
    board_page(conn, principal, &board, filter, page)
}

/// The questions put to one office on every board the caller may read, oldest first: all of them on
/// boards of its own organisations, and on others once the meeting's minutes are published. Filtered
/// in SQL, so pages are full and a cursor never names a question the caller cannot see.
pub fn list_corporation_sole_questions(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    filter: QuestionFilter,
    page: PageRequest,
) -> Result<QuestionList, ApiError> {
    let office = corporation_sole_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?.id;
    let mut sights: HashMap<BoardId, Sight> = HashMap::new();
    let (mut members, mut readers) = (Vec::new(), Vec::new());
    for board_id in store::boards_with_questions_to(conn, office)? {
        let board = BoardScope::load(conn, board_id)?;
        if allow(principal, Action::Read, &board.resource(ResourceKind::Meeting, board.board.public)).is_err() {
            continue;
        }
        let sight = Sight { insider: board.insider(principal), exempt: board.sees_exempt(conn, principal)? };
        if sight.insider {
            members.push(board_id)
        } else {
            readers.push(board_id)
        }
        sights.insert(board_id, sight);
    }
    let filter = QuestionFilter {
        put_to: Some(office),
        board_id: None,
        published_only: false,
        visible_boards: Some((members, readers)),
        ..filter
    };
    let page = store::list_questions(conn, &filter, &page)?;
    let unseen = Sight { insider: false, exempt: false };
    let items = question_views(conn, page.items, |row| sights.get(&row.board_id).copied().unwrap_or(unseen))?;
    Ok(QuestionList { items, next_cursor: encode_cursor(page.next_cursor) })
}

/// The status filter of a list, as the query gives it.
pub fn status_filter(status: Option<QuestionStatus>, put_to: Option<Uuid>) -> QuestionFilter {
    QuestionFilter { status, put_to: put_to.map(CorporationSoleId::from), ..QuestionFilter::default() }
}
