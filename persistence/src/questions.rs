//! Holding to account: questions put at meetings, their answers and follow-up actions.

use diesel::dsl::{exists, not};
use diesel::prelude::*;
use domain::boards::{MinutesStatus, QuestionStatus};

use crate::ids::{ActionId, AgendaItemId, BoardId, CorporationSoleId, MeetingId, PersonId};
pub use crate::ids::{AnswerId, FollowUpId, QuestionId};
use crate::repository::{page_of, paginate, row, versioned_repository, PageRequest};
use crate::schema::*;
use crate::{DbConnection, Page, StoreError};

row!(QuestionRow(QuestionId) => questions { meeting_id: MeetingId, board_id: BoardId, agenda_item_id: Option<AgendaItemId>, position: i64, asked_by_person_id: PersonId, put_to_corporation_sole_id: CorporationSoleId, put_to_person_id: Option<PersonId>, topic: String, text: String, evidence_sha256: Option<String>, evidence_locator: Option<String>, evidence_uri: Option<String> });
row!(AnswerRow(AnswerId) => question_answers { question_id: QuestionId, answered_by_person_id: PersonId, answered_on: chrono::NaiveDate, text: Option<String>, paper_uri: Option<String>, paper_sha256: Option<String> });
row!(FollowUpRow(FollowUpId) => question_follow_ups { question_id: QuestionId, action_id: ActionId });

versioned_repository!(question_store, questions, QuestionRow, QuestionId);
versioned_repository!(answer_store, question_answers, AnswerRow, AnswerId);
versioned_repository!(follow_up_store, question_follow_ups, FollowUpRow, FollowUpId);

/// Which questions a list asks for. Exactly one of `board_id` and `put_to` is usually given.
#[derive(Debug, Clone, Default)]
pub struct QuestionFilter {
    pub board_id: Option<BoardId>,
    pub meeting_id: Option<MeetingId>,
    pub put_to: Option<CorporationSoleId>,
    pub status: Option<QuestionStatus>,
    /// Only questions of meetings whose minutes are published (what non-members may see).
    pub published_only: bool,
    /// Across boards: the boards whose every question the caller sees (members), and those whose
    /// questions it sees once the meeting's minutes are published; questions of other boards are left out.
    pub visible_boards: Option<(Vec<BoardId>, Vec<BoardId>)>,
}

/// One page of questions in id order, filtered in SQL (the status from whether an answer exists).
pub fn list_questions(
    conn: &mut DbConnection,
    filter: &QuestionFilter,
    page: &PageRequest,
) -> Result<Page<QuestionRow>, StoreError> {
    let mut query = questions::table.select(QuestionRow::as_select()).into_boxed();
    if let Some(board) = &filter.board_id {
        query = query.filter(questions::board_id.eq(*board));
    }
    if let Some(meeting) = &filter.meeting_id {
        query = query.filter(questions::meeting_id.eq(*meeting));
    }
    if let Some(office) = &filter.put_to {
        query = query.filter(questions::put_to_corporation_sole_id.eq(*office));
    }
    let answered = exists(question_answers::table.filter(question_answers::question_id.eq(questions::id)));
    query = match filter.status {
        Some(QuestionStatus::Open) => query.filter(not(answered)),
        Some(QuestionStatus::Answered) => query.filter(answered),
        None => query,
    };
    let published = || {
        exists(
            minutes::table
                .filter(minutes::meeting_id.eq(questions::meeting_id))
                .filter(minutes::status.eq(MinutesStatus::Published.as_str())),
        )
    };
    if filter.published_only {
        query = query.filter(published());
    }
    if let Some((members, readers)) = &filter.visible_boards {
        query = query.filter(
            questions::board_id
                .eq_any(members.clone())
                .or(questions::board_id.eq_any(readers.clone()).and(published())),
        );
    }
    let rows = paginate!(query, questions, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// The boards on which questions were put to an office.
pub fn boards_with_questions_to(
    conn: &mut DbConnection,
    office: CorporationSoleId,
) -> Result<Vec<BoardId>, StoreError> {
    Ok(questions::table
        .filter(questions::put_to_corporation_sole_id.eq(office))
        .select(questions::board_id)
        .distinct()
        .load(conn)?)
}

pub fn last_position(conn: &mut DbConnection, meeting_id: MeetingId) -> Result<i64, StoreError> {
    Ok(questions::table
        .filter(questions::meeting_id.eq(meeting_id))
        .select(diesel::dsl::max(questions::position))
        .first::<Option<i64>>(conn)?
        .unwrap_or(0))
}

pub fn answers_of_each(conn: &mut DbConnection, ids: &[QuestionId]) -> Result<Vec<AnswerRow>, StoreError> {
    Ok(question_answers::table
        .filter(question_answers::question_id.eq_any(ids))
        .order((question_answers::answered_on.asc(), question_answers::created_at.asc(), question_answers::id.asc()))
        .select(AnswerRow::as_select())
        .load(conn)?)
}

pub fn follow_ups_of_each(conn: &mut DbConnection, ids: &[QuestionId]) -> Result<Vec<FollowUpRow>, StoreError> {
    Ok(question_follow_ups::table
        .filter(question_follow_ups::question_id.eq_any(ids))
        .order((question_follow_ups::created_at.asc(), question_follow_ups::id.asc()))
        .select(FollowUpRow::as_select())
        .load(conn)?)
}
