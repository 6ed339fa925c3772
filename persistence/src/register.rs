//! The public register's reads of board meetings (issue 18): the meetings of public boards (not
//! void: a meeting entered in error is out of the registers, R-TM-06) and their published minutes.

use diesel::prelude::*;
use domain::boards::{MeetingStatus, MinutesStatus};

use crate::boards::{MeetingRow, MinutesRow};
use crate::ids::{BoardId, CorporationSoleId, MeetingId};
use crate::repository::{windowed, Window};
use crate::schema::*;
use crate::{DbConnection, Page, StoreError};

#[derive(Debug, Clone, Default)]
pub struct MeetingRegisterFilter {
    /// Only meetings of boards this corporation sole owns.
    pub corporation_sole_id: Option<CorporationSoleId>,
    pub board_id: Option<BoardId>,
}

/// A meeting with its board's name and its latest published minutes, if any.
#[derive(Debug, Clone)]
pub struct RegisteredMeeting {
    pub meeting: MeetingRow,
    pub board: String,
    pub minutes: Option<MinutesRow>,
}

/// Published minutes with their meeting and its board's name.
#[derive(Debug, Clone)]
pub struct RegisteredMinutes {
    pub minutes: MinutesRow,
    pub meeting: MeetingRow,
    pub board: String,
}

/// The public register's meetings: of public boards, not void, filtered by owner and board; the
/// same filter on the meetings of a join.
macro_rules! public_meetings {
    ($query:ident, $filter:expr) => {{
        let public_boards = boards::table.filter(boards::public.eq(true)).select(boards::id);
        $query = $query
            .filter(meetings::board_id.eq_any(public_boards))
            .filter(meetings::status.ne(MeetingStatus::Void.as_str()));
        if let Some(cs) = $filter.corporation_sole_id {
            let owned =
                board_owners::table.filter(board_owners::corporation_sole_id.eq(cs)).select(board_owners::board_id);
            $query = $query.filter(meetings::board_id.eq_any(owned));
        }
        if let Some(board) = $filter.board_id {
            $query = $query.filter(meetings::board_id.eq(board));
        }
    }};
}

/// Meetings of public boards, a page in id order (or the most recently changed), each with the
/// latest revision of its minutes that was published.
pub fn meetings(
    conn: &mut DbConnection,
    filter: &MeetingRegisterFilter,
    window: &Window,
) -> Result<Page<RegisteredMeeting>, StoreError> {
    let mut query = meetings::table.select(MeetingRow::as_select()).into_boxed();
    public_meetings!(query, filter);
    let rows: Vec<MeetingRow> = windowed!(query, meetings, window).load(conn)?;
    let meeting_ids: Vec<MeetingId> = rows.iter().map(|m| m.id).collect();
    let names = board_names(conn, rows.iter().map(|m| m.board_id).collect())?;
    let published: Vec<MinutesRow> = minutes::table
        .filter(minutes::meeting_id.eq_any(&meeting_ids))
        .filter(minutes::status.eq(MinutesStatus::Published.as_str()))
        .select(MinutesRow::as_select())
        .load(conn)?;
    let entries = rows
        .into_iter()
        .map(|meeting| {
            let board = name_of(&names, meeting.board_id);
            let minutes = published.iter().filter(|m| m.meeting_id == meeting.id).max_by_key(|m| m.revision).cloned();
            RegisteredMeeting { meeting, board, minutes }
        })
        .collect();
    Ok(window.page_of(entries, |e: &RegisteredMeeting| e.meeting.id.to_string()))
}

/// The `limit` most recently changed published minutes of the register's meetings (for the feed).
pub fn newest_minutes(
    conn: &mut DbConnection,
    filter: &MeetingRegisterFilter,
    limit: usize,
) -> Result<Vec<RegisteredMinutes>, StoreError> {
    let mut query = minutes::table
        .inner_join(meetings::table.on(meetings::id.eq(minutes::meeting_id)))
        .filter(minutes::status.eq(MinutesStatus::Published.as_str()))
        .select((MinutesRow::as_select(), MeetingRow::as_select()))
        .into_boxed();
    public_meetings!(query, filter);
    let rows: Vec<(MinutesRow, MeetingRow)> =
        query.order((minutes::updated_at.desc(), minutes::id.desc())).limit(limit as i64).load(conn)?;
    let names = board_names(conn, rows.iter().map(|r| r.1.board_id).collect())?;
    Ok(rows
        .into_iter()
        .map(|(minutes, meeting)| RegisteredMinutes { board: name_of(&names, meeting.board_id), minutes, meeting })
        .collect())
}

fn board_names(conn: &mut DbConnection, ids: Vec<BoardId>) -> Result<Vec<(BoardId, String)>, StoreError> {
    Ok(boards::table.filter(boards::id.eq_any(ids)).select((boards::id, boards::name)).load(conn)?)
}

fn name_of(names: &[(BoardId, String)], board: BoardId) -> String {
    names.iter().find(|n| n.0 == board).map(|n| n.1.clone()).unwrap_or_default()
}
