//! The SQLite and PostgreSQL migrations must give the same tables and columns.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use governance_tests::{fresh_database, Backend, TempDir};

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

fn columns(backend: Backend) -> BTreeSet<(String, String, bool)> {
    let dir = TempDir::new();
    let url = fresh_database(backend, &dir.0);
    let db = persistence::Database::connect(&url, 1).unwrap_or_else(|e| panic!("{e}"));
    db.migrate().unwrap_or_else(|e| panic!("{e}"));
    let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
    let sql = match backend {
        Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name <> '__diesel_schema_migrations'"
        }
        Backend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name, \
             CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'"
        }
    };
    diesel::sql_query(sql)
        .load::<Column>(&mut *conn)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|c| (c.table_name, c.column_name, c.nullable == 1))
        // Each backend's own full-text engine over `search_entries`: SQLite's FTS5 table (and the
        // shadow tables it keeps), PostgreSQL's generated `tsvector` column. The entries themselves
        // are compared like every other table.
        .filter(|(table, column, _)| {
            !(table.starts_with("search_fts") || (table == "search_entries" && column == "document"))
        })
        .collect()
}

#[test]
fn both_backends_have_the_same_tables_and_columns() {
    let sqlite = columns(Backend::Sqlite);
    let postgres = columns(Backend::Postgres);
    assert!(sqlite.len() > 50, "too few columns read: {}", sqlite.len());
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_postgres:?}"
    );
}
