//! The read revisions a transaction will move, taken up front in one order.
//!
//! Triggers move a revision row when a watched table changes (migrations 2026-11-24-000007 and
//! 2026-12-11-000006 to 000008); on PostgreSQL that holds the row's lock until commit. A transaction
//! that changes tables of several revisions would otherwise take their rows in the order it happens
//! to write, and two such transactions could each hold a row the other waits for. The triggers on one
//! table fire in the order of their names, which is the order of the scopes, so a transaction that
//! takes every row it may move first, in that order, never waits in a cycle. On PostgreSQL the
//! `agreement_lists` row is moved at commit (migration 2026-12-11-000008), after everything else, so
//! it is not taken here.

use diesel::prelude::*;

use crate::schema::read_revisions;
use crate::{DbConnection, StoreError};

/// Every revision's scope, in the order their rows are taken (their names' order).
const SCOPES: [&str; 3] = ["authority", "decisions", "registry"];

/// Takes every read revision row, in scope order, by moving each: for a transaction about to change
/// the tables of more than one (ending an office, executing a transfer order). Moving a revision only
/// makes what was remembered under it read afresh.
pub fn take_in_order(tx: &mut DbConnection) -> Result<(), StoreError> {
    for scope in SCOPES {
        diesel::update(read_revisions::table.filter(read_revisions::scope.eq(scope)))
            .set(read_revisions::revision.eq(read_revisions::revision + 1))
            .execute(tx)?;
    }
    Ok(())
}
