//! Statements written as text that the connection keeps prepared, like the statements diesel builds.
//!
//! `diesel::sql_query` marks every statement unsafe to keep, since its text may hold values; such a
//! statement is parsed and planned again on each run. The statements the write path runs on every
//! change (an agreement's event audiences and search entries) are long, and planning them was most
//! of PostgreSQL's work for an approval: 1.3 ms of 2.3 ms. Their texts come from a fixed set
//! (record kinds, rules and scopes, never a value), so each connection keeps one prepared statement
//! per text; on PostgreSQL a kept statement settles on one generic plan after its first runs.
//!
//! Only a text with no value written into it may be run here: every distinct text stays prepared
//! for the connection's life.

use diesel::backend::Backend;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{HasSqlType, Text};

use crate::dialect::Dialect;
use crate::DbConnection;

/// The statement `before` + the bound text + `after`: the first use of the one parameter is where
/// diesel writes its placeholder; later uses name it (`$1` on PostgreSQL, `?1` on SQLite), so the
/// statement binds it once however often it uses it.
struct Kept<'a> {
    before: &'a str,
    bound: Option<(&'a str, &'a str)>,
}

impl QueryId for Kept<'_> {
    type QueryId = ();
    // Kept by its text (and its binds' types), not by a type: the texts differ per kind and scope.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB> QueryFragment<DB> for Kept<'_>
where
    DB: Backend + HasSqlType<Text>,
    str: diesel::serialize::ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(self.before);
        if let Some((value, after)) = self.bound {
            out.push_bind_param::<Text, str>(value)?;
            out.push_sql(after);
        }
        Ok(())
    }
}

impl<Conn> RunQueryDsl<Conn> for Kept<'_> {}

/// Runs `statement`, whose one text parameter (named as [`Dialect::parameter`] names it) is
/// `value`, as a statement the connection keeps prepared. Answers the rows it changed.
pub(crate) fn execute(conn: &mut DbConnection, statement: &str, value: &str) -> QueryResult<usize> {
    let parameter = Dialect::of(conn).parameter();
    let kept = match statement.split_once(parameter) {
        Some((before, after)) => Kept { before, bound: Some((value, after)) },
        None => Kept { before: statement, bound: None },
    };
    match conn {
        DbConnection::Postgres(pg) => kept.execute(pg),
        DbConnection::Sqlite(sqlite) => kept.execute(sqlite),
    }
}
