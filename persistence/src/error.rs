//! Storage errors, converted once at the HTTP edge.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("could not get a database connection: {0}")]
    Pool(String),
    #[error("could not connect to the database: {0}")]
    Connect(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("could not run the database task: {0}")]
    Blocking(String),
}

impl StoreError {
    /// Whether the error is a unique-constraint violation (a duplicate natural key or replayed key).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Database(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}
