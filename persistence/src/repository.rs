//! The repository toolkit every capability's storage module uses: row types read and written whole
//! ([`row!`]), insert / find / versioned update ([`versioned_repository!`]), keyset pages
//! ([`paginate!`]) and "in effect on a day" filters ([`in_effect_on!`]).

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

/// A row with optimistic concurrency: `version` counts its changes.
pub trait Versioned {
    fn version(&self) -> i64;
    /// Moves the row to its next version, stamping the change time.
    fn next_version(&mut self);
}

/// Generates `insert`, `find` and `update_versioned` for a table whose row type is written whole.
/// Use where the table (`crate::schema::*`) and the row type are in scope.
macro_rules! versioned_repository {
    // A row whose id is still a `String`.
    ($module:ident, $table:ident, $row:ident) => {
        $crate::repository::versioned_repository!(@emit $module, $table, $row, &str, String);
    };
    // A row whose id is a typed id (`crate::ids`).
    ($module:ident, $table:ident, $row:ident, $id:ty) => {
        $crate::repository::versioned_repository!(@emit $module, $table, $row, $id, $id);
    };
    (@emit $module:ident, $table:ident, $row:ident, $find:ty, $id:ty) => {
        pub mod $module {
            use super::*;
            use $crate::repository::UpdateOutcome;
            use $crate::{DbConnection, StoreError};

            pub fn insert(conn: &mut DbConnection, row: &$row) -> Result<(), StoreError> {
                // Owned: rows with enum fields (`serialize_as`) are insertable by value only.
                diesel::insert_into($table::table).values(row.clone()).execute(conn)?;
                Ok(())
            }

            pub fn find(conn: &mut DbConnection, id: $find) -> Result<Option<$row>, StoreError> {
                Ok($table::table.find(id).select($row::as_select()).first(conn).optional()?)
            }

            /// The rows with these ids (one query for a page of referrers), in no particular order.
            pub fn find_many(conn: &mut DbConnection, ids: &[$id]) -> Result<Vec<$row>, StoreError> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                Ok($table::table.filter($table::id.eq_any(ids)).select($row::as_select()).load(conn)?)
            }

            /// Writes `row` (whose `version` is already the new one) only if the stored version
            /// is `expected`; a stale writer changes nothing.
            pub fn update_versioned(
                conn: &mut DbConnection,
                row: &$row,
                expected: i64,
            ) -> Result<UpdateOutcome, StoreError> {
                let changed =
                    diesel::update($table::table.filter($table::id.eq(&row.id)).filter($table::version.eq(expected)))
                        .set(row.clone())
                        .execute(conn)?;
                if changed == 1 {
                    return Ok(UpdateOutcome::Updated);
                }
                let exists = $table::table.find(&row.id).select($table::id).first::<$id>(conn).optional()?.is_some();
                Ok(if exists { UpdateOutcome::VersionMismatch } else { UpdateOutcome::NotFound })
            }
        }
    };
}
pub(crate) use versioned_repository;

/// Declares a row struct for a table with the derives every stored row needs. A field may carry
/// attributes: a domain enum stored as its text is
/// `#[diesel(serialize_as = String, deserialize_as = String)] status: AgreementStatus`.
///
/// `row!(ForceRow(ForceId) => forces { .. })` gives the row its typed id (`crate::ids`); a row
/// declared without one keeps a `String` id.
macro_rules! row {
    ($(#[$meta:meta])* $name:ident($id:ty) => $table:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Identifiable, serde::Serialize)]
        #[diesel(table_name = $table, treat_none_as_null = true)]
        pub struct $name {
            pub id: $id,
            $($(#[$fmeta])* pub $field: $ty,)+
            pub version: i64,
            pub created_at: chrono::NaiveDateTime,
            pub updated_at: chrono::NaiveDateTime,
        }

        impl $crate::repository::Versioned for $name {
            fn version(&self) -> i64 {
                self.version
            }

            fn next_version(&mut self) {
                self.version += 1;
                self.updated_at = $crate::audit::now();
            }
        }
    };
    ($(#[$meta:meta])* $name:ident => $table:ident { $($body:tt)* }) => {
        $crate::repository::row!($(#[$meta])* $name(String) => $table { $($body)* });
    };
}
pub(crate) use row;

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
        if let Some($crate::Cursor(after)) = &$page.after {
            $query = $query.filter($table::id.gt(after.clone()));
        }
        $query.order($table::id.asc()).limit($page.limit as i64 + 1)
    }};
}
pub(crate) use paginate;

/// Which rows of a list to load: a keyset page in id order, or the `n` most recently changed
/// (`updated_at` descending, then id), as a feed shows them.
#[derive(Debug, Clone)]
pub enum Window {
    Page(PageRequest),
    Newest(usize),
}

impl Window {
    /// The loaded rows as a page: the keyset page's cursor, or no cursor for the newest rows.
    pub fn page_of<T>(&self, rows: Vec<T>, key: impl Fn(&T) -> String) -> Page<T> {
        match self {
            Window::Page(page) => page_of(rows, page, key),
            Window::Newest(_) => Page { items: rows, next_cursor: None },
        }
    }
}

/// Applies a [`Window`] to a boxed query over a table with a text id and `updated_at`.
macro_rules! windowed {
    ($query:ident, $table:ident, $window:expr) => {{
        match $window {
            $crate::repository::Window::Page(page) => $crate::repository::paginate!($query, $table, page),
            $crate::repository::Window::Newest(n) => {
                $query.order(($table::updated_at.desc(), $table::id.desc())).limit(*n as i64)
            }
        }
    }};
}
pub(crate) use windowed;

/// Applies "in effect on this day" to a table with `starts_on` / `ends_on`.
macro_rules! in_effect_on {
    ($query:ident, $table:ident, $day:expr) => {
        if let Some(day) = $day {
            $query = $query.filter(crate::repository::in_effect!($table, day));
        }
    };
}
pub(crate) use in_effect_on;

/// The condition that a row of `$table` (with `starts_on` and `ends_on`, inclusive) is in effect on
/// `$day`, for a filter or a join's `ON`.
macro_rules! in_effect {
    ($table:ident, $day:expr) => {
        $table::starts_on.le($day).and($table::ends_on.is_null().or($table::ends_on.ge($day)))
    };
}
pub(crate) use in_effect;

pub(crate) fn page_of<T>(rows: Vec<T>, page: &PageRequest, id: impl Fn(&T) -> String) -> Page<T> {
    Page::from_overfetch(rows, page.limit, id)
}

/// The rows of `rows` by the parent each belongs to (an agreement, a board), in the order read.
pub(crate) fn grouped<K: std::hash::Hash + Eq, R>(
    rows: Vec<R>,
    parent: impl Fn(&R) -> K,
) -> std::collections::HashMap<K, Vec<R>> {
    let mut grouped: std::collections::HashMap<K, Vec<R>> = std::collections::HashMap::new();
    for row in rows {
        grouped.entry(parent(&row)).or_default().push(row);
    }
    grouped
}

/// The stored count of a read revision's scope (a row of `read_revisions`, moved by triggers on the
/// tables the scope covers); None when the database keeps no such row, so nothing read under it may be
/// remembered.
pub(crate) fn read_revision(conn: &mut crate::DbConnection, scope: &str) -> Result<Option<i64>, crate::StoreError> {
    use crate::schema::read_revisions;
    use diesel::prelude::*;
    Ok(read_revisions::table
        .filter(read_revisions::scope.eq(scope))
        .select(read_revisions::revision)
        .first(conn)
        .optional()?)
}
