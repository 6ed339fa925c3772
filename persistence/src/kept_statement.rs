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
    value: &'a str,
    after: &'a str,
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
        out.push_bind_param::<Text, str>(self.value)?;
        out.push_sql(self.after);
        Ok(())
    }
}

impl<Conn> RunQueryDsl<Conn> for Kept<'_> {}

/// Runs `statement`, whose one text parameter (named as [`Dialect::parameter`] names it) is
/// `value`, as a statement the connection keeps prepared. Answers the rows it changed. A statement
/// that does not name its parameter is refused, not run with the value silently left unbound.
pub(crate) fn execute(conn: &mut DbConnection, statement: &str, value: &str) -> QueryResult<usize> {
    let parameter = Dialect::of(conn).parameter();
    let Some((before, after)) = statement.split_once(parameter) else {
        return Err(diesel::result::Error::QueryBuilderError(
            format!("a kept statement does not name its parameter {parameter}").into(),
        ));
    };
    let kept = Kept { before, value, after };
    match conn {
        DbConnection::Postgres(pg) => kept.execute(pg),
        DbConnection::Sqlite(sqlite) => kept.execute(sqlite),
    }
}

#[cfg(test)]
mod tests {
    use diesel::{Connection, RunQueryDsl, SqliteConnection};

    use super::execute;
    use crate::DbConnection;

    fn connection() -> DbConnection {
        let mut sqlite = SqliteConnection::establish(":memory:").unwrap_or_else(|e| panic!("{e}"));
        diesel::sql_query("CREATE TABLE marks (id TEXT NOT NULL, copy TEXT NOT NULL)")
            .execute(&mut sqlite)
            .unwrap_or_else(|e| panic!("{e}"));
        DbConnection::Sqlite(sqlite)
    }

    /// The value is bound once and every later use of the parameter names it; run again, the kept
    /// statement binds the new value.
    #[test]
    fn binds_the_one_parameter_wherever_the_statement_uses_it() {
        let mut conn = connection();
        for id in ["a", "b"] {
            let written = execute(&mut conn, "INSERT INTO marks (id, copy) SELECT ?1, ?1 || '-copy'", id);
            assert_eq!(written, Ok(1));
        }
        let DbConnection::Sqlite(sqlite) = &mut conn else { panic!("not SQLite") };
        let rows: Vec<(String, String)> = diesel::sql_query("SELECT id, copy FROM marks ORDER BY id")
            .load::<Marks>(sqlite)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|m| (m.id, m.copy))
            .collect();
        assert_eq!(rows, vec![("a".into(), "a-copy".into()), ("b".into(), "b-copy".into())]);
    }

    /// A statement that does not name its parameter would run with the value silently unbound.
    #[test]
    fn refuses_a_statement_without_its_parameter() {
        let mut conn = connection();
        let refused = execute(&mut conn, "DELETE FROM marks", "a");
        assert!(matches!(refused, Err(diesel::result::Error::QueryBuilderError(_))), "{refused:?}");
    }

    #[derive(diesel::QueryableByName)]
    struct Marks {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        copy: String,
    }
}
