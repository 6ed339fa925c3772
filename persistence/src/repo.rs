//! What every repository shares: row types with optimistic versions ([`row!`]), the common
//! insert / find / versioned update ([`versioned_repository!`]), keyset pagination ([`paginate!`])
//! and "in effect on a day" ([`in_effect_on!`]). Used by the registry and the boards modules.

use crate::{Cursor, Page};

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// How a versioned update went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateOutcome {
    Updated,
    /// The row exists with another version: nothing was changed.
    VersionMismatch,
    NotFound,
}

/// Generates `insert`, `find` and `update_versioned` for a table whose row type is written whole.
macro_rules! versioned_repository {
    ($module:ident, $table:ident, $row:ident) => {
        pub mod $module {
            use super::*;

            pub fn insert(conn: &mut DbConnection, row: &$row) -> Result<(), StoreError> {
                diesel::insert_into($table::table).values(row).execute(conn)?;
                Ok(())
            }

            pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<$row>, StoreError> {
                Ok($table::table.find(id).select($row::as_select()).first(conn).optional()?)
            }

            /// Writes `row` (whose `version` is already the new one) only if the stored version
            /// is `expected`; a stale writer changes nothing.
            pub fn update_versioned(
                conn: &mut DbConnection,
                row: &$row,
                expected: i64,
            ) -> Result<$crate::repo::UpdateOutcome, StoreError> {
                let changed =
                    diesel::update($table::table.filter($table::id.eq(&row.id)).filter($table::version.eq(expected)))
                        .set(row)
                        .execute(conn)?;
                if changed == 1 {
                    return Ok($crate::repo::UpdateOutcome::Updated);
                }
                let exists = $table::table.find(&row.id).select($table::id).first::<String>(conn).optional()?.is_some();
                Ok(if exists {
                    $crate::repo::UpdateOutcome::VersionMismatch
                } else {
                    $crate::repo::UpdateOutcome::NotFound
                })
            }
        }
    };
}

/// Declares a row struct for a table with the derives every registry row needs.
macro_rules! row {
    ($(#[$meta:meta])* $name:ident => $table:ident { $($field:ident : $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable, serde::Serialize)]
        #[diesel(table_name = $table, treat_none_as_null = true)]
        pub struct $name {
            pub id: String,
            $(pub $field: $ty,)+
            pub version: i64,
            pub created_at: chrono::NaiveDateTime,
            pub updated_at: chrono::NaiveDateTime,
        }

        impl $crate::repo::Versioned for $name {
            fn version(&self) -> i64 {
                self.version
            }

            fn next_version(&mut self) {
                self.version += 1;
                self.updated_at = $crate::audit::now();
            }
        }
    };
}

/// A row with optimistic concurrency: `version` counts its changes.
pub trait Versioned {
    fn version(&self) -> i64;
    /// Moves the row to its next version, stamping the change time.
    fn next_version(&mut self);
}
pub(crate) use {row, versioned_repository};

/// `%text%` for a case-insensitive LIKE, with LIKE's wildcards taken literally.
pub(crate) fn contains_pattern(text: &str) -> String {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Common list parameters: keyset position and page size.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub after: Option<Cursor>,
    pub limit: usize,
}

/// Applies the keyset position, order and overfetch to a boxed query over a table with a text id.
macro_rules! paginate {
    ($query:ident, $table:ident, $page:expr) => {{
        if let Some(Cursor(after)) = &$page.after {
            $query = $query.filter($table::id.gt(after.clone()));
        }
        $query.order($table::id.asc()).limit($page.limit as i64 + 1)
    }};
}

/// Applies "in effect on this day" to a table with `starts_on` / `ends_on`.
macro_rules! in_effect_on {
    ($query:ident, $table:ident, $day:expr) => {
        if let Some(day) = $day {
            $query =
                $query.filter($table::starts_on.le(day)).filter($table::ends_on.is_null().or($table::ends_on.ge(day)));
        }
    };
}

pub(crate) fn page_of<T>(rows: Vec<T>, page: &PageRequest, id: impl Fn(&T) -> String) -> Page<T> {
    Page::from_overfetch(rows, page.limit, id)
}
pub(crate) use {in_effect_on, paginate};
