//! The SQL that differs between the backends, for the statements written as text (search entries,
//! event audiences).

use crate::DbConnection;

/// The backend a statement is written for.
pub(crate) struct Dialect {
    backend: crate::Backend,
}

impl Dialect {
    pub(crate) fn of(conn: &DbConnection) -> Dialect {
        let backend = match conn {
            DbConnection::Postgres(_) => crate::Backend::Postgres,
            DbConnection::Sqlite(_) => crate::Backend::Sqlite,
        };
        Dialect { backend }
    }

    pub(crate) fn postgres(&self) -> bool {
        self.backend == crate::Backend::Postgres
    }

    pub(crate) fn joined(&self, expression: &str) -> String {
        if self.postgres() {
            format!("string_agg({expression}, ' ')")
        } else {
            format!("group_concat({expression}, ' ')")
        }
    }

    pub(crate) fn day_of(&self, instant: &str) -> String {
        if self.postgres() {
            format!("CAST({instant} AS DATE)")
        } else {
            format!("date({instant})")
        }
    }

    pub(crate) fn day_text(&self, instant: &str) -> String {
        if self.postgres() {
            format!("to_char({instant}, 'YYYY-MM-DD')")
        } else {
            format!("date({instant})")
        }
    }

    /// The ids of the bound JSON array, as a subquery.
    pub(crate) fn ids_of_json(&self) -> &'static str {
        if self.postgres() {
            "SELECT json_array_elements_text(CAST($1 AS json))"
        } else {
            "SELECT value FROM json_each(?1)"
        }
    }

    /// The statement's one parameter, however often the statement names it.
    pub(crate) fn parameter(&self) -> &'static str {
        if self.postgres() {
            "$1"
        } else {
            "?1"
        }
    }

    /// Whether two values are equal, nulls equal to each other.
    pub(crate) fn same(&self, left: &str, right: &str) -> String {
        if self.postgres() {
            format!("{left} IS NOT DISTINCT FROM {right}")
        } else {
            format!("{left} IS {right}")
        }
    }
}
