//! Many boards at once, for a change that passes the ownership of thousands of them in one
//! transaction (a transfer order's successor taking its predecessor's boards, R-SU-04): the rows a
//! board's representation is built from and the owner changes, a chunk of boards to a statement
//! instead of a dozen statements to a board.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::boards::{BoardNameRow, BoardOwnerChangeRow, BoardOwnerRow, BoardRow, BoardTermsRow};
use crate::ids::{BoardId, BoardOwnerId};
use crate::repository::grouped;
use crate::schema::*;
use crate::{DbConnection, StoreError};

/// Ids bound to one statement: well under both backends' limits on bound parameters.
const IDS_PER_STATEMENT: usize = 1_000;

/// A board with what its representation shows beside the row.
#[derive(Debug, Clone)]
pub struct BoardParts {
    pub board: BoardRow,
    pub names: Vec<BoardNameRow>,
    pub owners: Vec<BoardOwnerRow>,
    pub owner_changes: Vec<BoardOwnerChangeRow>,
    pub terms: Vec<BoardTermsRow>,
    pub last_decision_number: i64,
}

/// The boards of `ids` that exist, in the order of `ids`, each with its parts (in id order, as a
/// board's own reads give them): six statements per thousand boards.
pub fn load_all(conn: &mut DbConnection, ids: &[BoardId]) -> Result<Vec<BoardParts>, StoreError> {
    let mut loaded = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let mut rows: HashMap<BoardId, BoardRow> = boards::table
            .filter(boards::id.eq_any(chunk))
            .select(BoardRow::as_select())
            .load(conn)?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        let mut names = grouped(
            board_names::table
                .filter(board_names::board_id.eq_any(chunk))
                .select(BoardNameRow::as_select())
                .order(board_names::id.asc())
                .load(conn)?,
            |r| r.board_id,
        );
        let mut owners = grouped(
            board_owners::table
                .filter(board_owners::board_id.eq_any(chunk))
                .select(BoardOwnerRow::as_select())
                .order(board_owners::id.asc())
                .load(conn)?,
            |r| r.board_id,
        );
        let mut owner_changes = grouped(
            board_owner_changes::table
                .filter(board_owner_changes::board_id.eq_any(chunk))
                .select(BoardOwnerChangeRow::as_select())
                .order(board_owner_changes::id.asc())
                .load(conn)?,
            |r| r.board_id,
        );
        let mut terms = grouped(
            board_terms::table
                .filter(board_terms::board_id.eq_any(chunk))
                .select(BoardTermsRow::as_select())
                .order(board_terms::id.asc())
                .load(conn)?,
            |r| r.board_id,
        );
        let numbers: HashMap<BoardId, i64> = decision_sequences::table
            .filter(decision_sequences::board_id.eq_any(chunk))
            .select((decision_sequences::board_id, decision_sequences::last_number))
            .load::<(BoardId, i64)>(conn)?
            .into_iter()
            .collect();
        for id in chunk {
            let Some(board) = rows.remove(id) else { continue };
            loaded.push(BoardParts {
                board,
                names: names.remove(id).unwrap_or_default(),
                owners: owners.remove(id).unwrap_or_default(),
                owner_changes: owner_changes.remove(id).unwrap_or_default(),
                terms: terms.remove(id).unwrap_or_default(),
                last_decision_number: numbers.get(id).copied().unwrap_or(0),
            });
        }
    }
    Ok(loaded)
}

/// Records owner changes on many boards together: removes the `removed` owners, adds the `added`
/// ones, stores the `changes`, and moves each of `boards` to its next version. `false` (and the
/// caller rolls back) when a board's version had moved from the one read.
pub fn change_owners(
    conn: &mut DbConnection,
    removed: &[BoardOwnerId],
    added: &[BoardOwnerRow],
    changes: &[BoardOwnerChangeRow],
    boards: &mut [&mut BoardRow],
) -> Result<bool, StoreError> {
    for chunk in removed.chunks(IDS_PER_STATEMENT) {
        diesel::delete(board_owners::table.filter(board_owners::id.eq_any(chunk))).execute(conn)?;
    }
    for chunk in added.chunks(crate::bulk::ROWS_PER_INSERT) {
        match conn {
            DbConnection::Postgres(pg) => diesel::insert_into(board_owners::table).values(chunk).execute(pg)?,
            DbConnection::Sqlite(sqlite) => diesel::insert_into(board_owners::table).values(chunk).execute(sqlite)?,
        };
    }
    for chunk in changes.chunks(crate::bulk::ROWS_PER_INSERT) {
        match conn {
            DbConnection::Postgres(pg) => diesel::insert_into(board_owner_changes::table).values(chunk).execute(pg)?,
            DbConnection::Sqlite(sqlite) => {
                diesel::insert_into(board_owner_changes::table).values(chunk).execute(sqlite)?
            }
        };
    }
    let now = crate::audit::now();
    for chunk in boards.chunks_mut(IDS_PER_STATEMENT) {
        let ids: Vec<BoardId> = chunk.iter().map(|row| row.id).collect();
        let moved: HashMap<BoardId, i64> = diesel::update(boards::table)
            .filter(boards::id.eq_any(&ids))
            .set((boards::version.eq(boards::version + 1), boards::updated_at.eq(now)))
            .returning((boards::id, boards::version))
            .get_results::<(BoardId, i64)>(conn)?
            .into_iter()
            .collect();
        for board in chunk.iter_mut() {
            if moved.get(&board.id) != Some(&(board.version + 1)) {
                return Ok(false);
            }
            board.version += 1;
            board.updated_at = now;
        }
    }
    Ok(true)
}

/// Ends each of `memberships` on `ends_on`, moving it to its next version; `false` as
/// [`change_owners`].
pub fn end_memberships(
    conn: &mut DbConnection,
    memberships: &mut [&mut crate::boards::MembershipRow],
    ends_on: chrono::NaiveDate,
) -> Result<bool, StoreError> {
    let now = crate::audit::now();
    for chunk in memberships.chunks_mut(IDS_PER_STATEMENT) {
        let ids: Vec<crate::ids::MembershipId> = chunk.iter().map(|row| row.id).collect();
        let moved: HashMap<crate::ids::MembershipId, i64> = diesel::update(board_memberships::table)
            .filter(board_memberships::id.eq_any(&ids))
            .set((
                board_memberships::ends_on.eq(Some(ends_on)),
                board_memberships::version.eq(board_memberships::version + 1),
                board_memberships::updated_at.eq(now),
            ))
            .returning((board_memberships::id, board_memberships::version))
            .get_results::<(crate::ids::MembershipId, i64)>(conn)?
            .into_iter()
            .collect();
        for membership in chunk.iter_mut() {
            if moved.get(&membership.id) != Some(&(membership.version + 1)) {
                return Ok(false);
            }
            membership.ends_on = Some(ends_on);
            membership.version += 1;
            membership.updated_at = now;
        }
    }
    Ok(true)
}
