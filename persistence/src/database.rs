//! Connections: a pooled `MultiConnection` over PostgreSQL and SQLite, chosen by the URL's scheme.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::StoreError;

pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    /// The backend a database URL names: `postgres://` or `postgresql://`, else an SQLite path.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Per-connection settings SQLite forgets between connections.
#[derive(Debug)]
struct SqliteSettings;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqliteSettings {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(sqlite) = conn {
            sqlite
                // FULL: a commit is on disk before the client is told 201. WAL with NORMAL survives a
                // killed process but can lose the last commits on an operating-system crash or a power cut.
                .batch_execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;")
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Per-connection settings of PostgreSQL: no JIT compilation. The planner costs a statement over
/// whole tables and JIT-compiles those it thinks large, on every run: an export page's statement took
/// 780 ms with JIT and 5 ms without (bench scale 1, an organisation's actions). The service's
/// statements are short and many, so none of them gains from it.
#[derive(Debug)]
struct PostgresSettings;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for PostgresSettings {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Postgres(pg) = conn {
            pg.batch_execute("SET jit = off").map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// The pool and the backend it talks to.
#[derive(Clone)]
pub struct Database {
    pool: Pool<ConnectionManager<DbConnection>>,
    backend: Backend,
    /// Builds the kept state of a changed record (see [`crate::history`]); none kept without it.
    pub(crate) history: Option<crate::history::HistoryHook>,
    /// SQLite's writers take turns here before they take a connection. SQLite has one writer at a
    /// time; left to its busy handler, a waiting writer sleeps in growing steps (up to 100 ms) and
    /// retries while newcomers get in first: at 32 concurrent writes p50 was 28 ms and p99 1.8 s.
    writers: std::sync::Arc<std::sync::Mutex<()>>,
}

impl Database {
    /// Opens a pool. For SQLite, `url` is a file path (an optional `sqlite://` prefix is removed);
    /// the file is created if missing and switched to WAL.
    pub fn connect(url: &str, pool_size: u32) -> Result<Database, StoreError> {
        let backend = Backend::of_url(url);
        let target = match backend {
            Backend::Postgres => url.to_string(),
            Backend::Sqlite => url.trim_start_matches("sqlite://").to_string(),
        };
        if backend == Backend::Sqlite {
            // WAL is a property of the file: set it once, before the pool opens many connections.
            let mut first =
                diesel::SqliteConnection::establish(&target).map_err(|e| StoreError::Connect(e.to_string()))?;
            first.batch_execute("PRAGMA journal_mode = WAL;").map_err(|e| StoreError::Connect(e.to_string()))?;
        }
        let manager = ConnectionManager::<DbConnection>::new(target);
        // No `SELECT 1` on every checkout (r2d2's default): it was a round trip on every request. A
        // connection diesel finds broken is dropped by the pool instead, and readiness is `/readyz`.
        let mut builder =
            Pool::builder().max_size(pool_size).connection_timeout(Duration::from_secs(10)).test_on_check_out(false);
        builder = match backend {
            Backend::Sqlite => builder.connection_customizer(Box::new(SqliteSettings)),
            Backend::Postgres => builder.connection_customizer(Box::new(PostgresSettings)),
        };
        let pool = builder.build(manager).map_err(|e| StoreError::Connect(e.to_string()))?;
        Ok(Database { pool, backend, history: None, writers: Default::default() })
    }

    /// Keeps each changed record's state, as `hook` represents it, with every audited change.
    pub fn with_history(mut self, hook: crate::history::HistoryHook) -> Database {
        self.history = Some(hook);
        self
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn connection(&self) -> Result<PooledConnection<ConnectionManager<DbConnection>>, StoreError> {
        self.pool.get().map_err(|e| StoreError::Pool(e.to_string()))
    }

    /// This process's turn to write, on SQLite (held until dropped); on PostgreSQL writers run side
    /// by side and nothing is waited for. Take it before the connection, so writers waiting their
    /// turn hold no connection a reader could use.
    pub(crate) fn writer_turn(&self) -> Option<std::sync::MutexGuard<'_, ()>> {
        (self.backend == Backend::Sqlite).then(|| self.writers.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Applies every pending embedded migration of this backend; returns the versions applied.
    pub fn migrate(&self) -> Result<Vec<String>, StoreError> {
        let mut conn = self.connection()?;
        let applied = match &mut *conn {
            DbConnection::Postgres(pg) => pg.run_pending_migrations(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(sqlite) => sqlite.run_pending_migrations(SQLITE_MIGRATIONS),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(applied.iter().map(|v| v.to_string()).collect())
    }

    /// Whether the database is reachable and fully migrated (for `/readyz`).
    pub fn is_ready(&self) -> Result<bool, StoreError> {
        let mut conn = self.connection()?;
        let pending = match &mut *conn {
            DbConnection::Postgres(pg) => pg.has_pending_migration(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(sqlite) => sqlite.has_pending_migration(SQLITE_MIGRATIONS),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(!pending)
    }

    /// Runs read-only work on one pooled connection.
    pub fn read<T, E>(&self, work: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut conn = self.connection()?;
        work(&mut conn)
    }

    /// Runs read-only `work` on one snapshot of the database: every statement sees the database as
    /// it was at the first one (PostgreSQL `REPEATABLE READ`; an SQLite read transaction, which in
    /// WAL mode keeps its snapshot while writers go on), so a long read such as an export is
    /// consistent with one position of the change feed.
    pub fn snapshot<T, E>(&self, work: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        use diesel::RunQueryDsl;
        let mut conn = self.connection()?;
        let mut answer = None;
        let outcome = conn.transaction::<(), diesel::result::Error, _>(|tx| {
            if let DbConnection::Postgres(_) = &mut **tx {
                diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(tx)?;
            }
            answer = Some(work(tx));
            // Nothing was written; ending the read transaction either way releases the snapshot.
            Err(diesel::result::Error::RollbackTransaction)
        });
        match (outcome, answer) {
            (Err(diesel::result::Error::RollbackTransaction), Some(answer)) => answer,
            (Err(diesel::result::Error::RollbackTransaction) | Ok(()), None | Some(_)) => {
                Err(StoreError::Database(diesel::result::Error::RollbackTransaction).into())
            }
            (Err(e), _) => Err(StoreError::from(e).into()),
        }
    }

    /// Runs `work` in a transaction that is always rolled back and returns what it answered: asks
    /// whether a change would be allowed (and how it would be refused) without making it.
    pub fn rehearse<T, E>(
        &self,
        work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
    ) -> Result<Result<T, E>, StoreError> {
        // The work writes before it is rolled back: it waits its turn as a write does.
        let _turn = self.writer_turn();
        let mut conn = self.connection()?;
        let mut answer = None;
        let rolled_back = conn.transaction::<(), diesel::result::Error, _>(|tx| {
            answer = Some(work(tx));
            Err(diesel::result::Error::RollbackTransaction)
        });
        let unanswered = || StoreError::Database(diesel::result::Error::RollbackTransaction);
        match rolled_back {
            Err(diesel::result::Error::RollbackTransaction) => answer.ok_or_else(unanswered),
            Err(e) => Err(e.into()),
            Ok(()) => Err(unanswered()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(QueryableByName)]
    struct Synchronous {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        synchronous: i32,
    }

    /// Finding 8 of the outside test: with `synchronous = NORMAL` an acknowledged write could be lost
    /// on an operating-system crash. Every pooled SQLite connection runs with FULL (2).
    #[test]
    fn every_sqlite_connection_syncs_each_commit_to_disk() {
        let path = std::env::temp_dir().join(format!("governance-sync-{}.sqlite3", uuid::Uuid::now_v7()));
        let url = path.to_string_lossy().into_owned();
        let database = Database::connect(&url, 2).unwrap_or_else(|e| panic!("{e}"));
        for _ in 0..2 {
            let mut conn = database.connection().unwrap_or_else(|e| panic!("{e}"));
            let DbConnection::Sqlite(sqlite) = &mut *conn else { panic!("not SQLite") };
            let found: Vec<Synchronous> =
                diesel::sql_query("PRAGMA synchronous").load(sqlite).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(found.iter().map(|s| s.synchronous).collect::<Vec<_>>(), vec![2]);
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{url}{suffix}"));
        }
    }
}
