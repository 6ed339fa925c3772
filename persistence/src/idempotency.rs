//! Idempotency records: the first answer to a create, replayed for the same key.

use diesel::prelude::*;

use crate::audit::now;
use crate::schema::idempotency_records;
use crate::{Change, DbConnection, StoreError};

/// A client's `Idempotency-Key`, scoped to the principal, with a digest of the request it came with.
#[derive(Debug, Clone)]
pub struct IdempotencyKey {
    pub principal: String,
    pub key: String,
    pub request_digest: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = idempotency_records)]
pub struct StoredResponse {
    pub request_digest: String,
    pub status: i64,
    pub body: String,
    pub etag: Option<String>,
    pub location: Option<String>,
}

pub fn find(conn: &mut DbConnection, key: &IdempotencyKey) -> Result<Option<StoredResponse>, StoreError> {
    Ok(idempotency_records::table
        .filter(idempotency_records::principal.eq(&key.principal))
        .filter(idempotency_records::key.eq(&key.key))
        .select(StoredResponse::as_select())
        .first(conn)
        .optional()?)
}

pub(crate) fn store(
    conn: &mut DbConnection,
    key: &IdempotencyKey,
    change: &Change,
) -> Result<(), diesel::result::Error> {
    diesel::insert_into(idempotency_records::table)
        .values((
            idempotency_records::principal.eq(&key.principal),
            idempotency_records::key.eq(&key.key),
            idempotency_records::request_digest.eq(&key.request_digest),
            idempotency_records::status.eq(i64::from(change.status)),
            idempotency_records::body.eq(&change.body),
            idempotency_records::etag.eq(&change.etag),
            idempotency_records::location.eq(&change.location),
            idempotency_records::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}
