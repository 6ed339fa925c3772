//! Record history (R-TM-06): each audited change of a kept kind stores the record's representation
//! as it then stood, under the audit event's sequence and instant, so `known_at=T` answers the record
//! as the service held it at T. Rows are only ever inserted.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{audit_events, record_history};
use crate::{DbConnection, StoreError};

/// A record's representation after a change: in full, and as those without exempt access see it
/// where that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub version: i64,
    /// The full representation; `None` when it is the body the change itself answered (not copied:
    /// a transfer keeps tens of thousands of states at once).
    pub body: Option<String>,
    pub redacted_body: Option<String>,
}

/// Builds the snapshot of the record a change names, in the writing transaction after all its work,
/// given the last change of the transaction that names the record (whose body is its state then);
/// `None` for kinds whose history is not kept. The service layer supplies it, since it alone knows
/// how a record is represented.
pub type HistoryHook = fn(&mut DbConnection, &crate::Change) -> Result<Option<Snapshot>, diesel::result::Error>;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = record_history)]
pub struct HistoryRow {
    pub resource_type: String,
    pub resource_id: String,
    pub sequence: i64,
    pub recorded_at: NaiveDateTime,
    pub version: i64,
    pub body: String,
    pub redacted_body: Option<String>,
}

/// A row to store: the state kept after the audit event `sequence`, recorded at `at`, borrowed from
/// the snapshot or from the change whose body it is.
#[derive(Insertable)]
#[diesel(table_name = record_history)]
pub(crate) struct NewHistoryRow<'a> {
    resource_type: &'a str,
    resource_id: &'a str,
    sequence: i64,
    recorded_at: NaiveDateTime,
    version: i64,
    body: &'a str,
    redacted_body: Option<&'a str>,
}

/// The row keeping `snapshot` of the record `change` names as the state after the audit event
/// `sequence`, recorded at `at`.
pub(crate) fn row<'a>(
    change: &'a crate::Change,
    sequence: i64,
    at: NaiveDateTime,
    snapshot: &'a Snapshot,
) -> NewHistoryRow<'a> {
    NewHistoryRow {
        resource_type: change.resource_type,
        resource_id: &change.resource_id,
        sequence,
        recorded_at: at,
        version: snapshot.version,
        body: snapshot.body.as_deref().unwrap_or(&change.body),
        redacted_body: snapshot.redacted_body.as_deref(),
    }
}

/// Stores the rows, many to a statement (a transfer keeps thousands at once).
pub(crate) fn record_all(conn: &mut DbConnection, rows: Vec<NewHistoryRow<'_>>) -> Result<(), diesel::result::Error> {
    for chunk in rows.chunks(crate::bulk::ROWS_PER_INSERT) {
        match conn {
            DbConnection::Postgres(pg) => diesel::insert_into(record_history::table).values(chunk).execute(pg)?,
            DbConnection::Sqlite(sqlite) => diesel::insert_into(record_history::table).values(chunk).execute(sqlite)?,
        };
    }
    Ok(())
}

/// A state kept of a record: its version then, its representation, and the redacted one where that
/// differs.
#[derive(Debug, Clone, Queryable)]
pub struct Kept {
    pub version: i64,
    pub body: String,
    pub redacted_body: Option<String>,
}

/// The resource type under which an agreement's states are kept.
pub const AGREEMENT: &str = "collaboration_agreement";

/// The state of a record kept under the audit event `sequence`, if there is one.
pub fn kept(
    conn: &mut DbConnection,
    resource_type: &str,
    resource_id: &str,
    sequence: i64,
) -> Result<Option<Kept>, StoreError> {
    Ok(record_history::table
        .find((resource_type.to_string(), resource_id.to_string(), sequence))
        .select((record_history::version, record_history::body, record_history::redacted_body))
        .first(conn)
        .optional()?)
}

/// What the service held of a record at an instant.
#[derive(Debug, Clone)]
pub enum KnownAt {
    /// The state recorded by the last change at or before the instant.
    Recorded(Kept),
    /// The record was first recorded after the instant: the service did not hold it then.
    NotYetHeld,
    /// The record has no kept state at or before the instant, but changed before it (its history
    /// was not kept then, e.g. before history began or for bulk-loaded data): the instant given
    /// marks the earliest `known_at` this record can answer.
    NotKeptBefore(NaiveDateTime),
    /// No history is kept for the record at all: its current state is the one held since its last
    /// audited change (if any).
    Unkept { last_change: Option<NaiveDateTime> },
}

/// The state of a record at `at` (see [`KnownAt`]): one indexed read, and two more only when no
/// state was recorded by then.
pub fn known_at(
    conn: &mut DbConnection,
    resource_type: &str,
    resource_id: &str,
    at: NaiveDateTime,
) -> Result<KnownAt, StoreError> {
    let held: Option<Kept> = record_history::table
        .filter(record_history::resource_type.eq(resource_type.to_string()))
        .filter(record_history::resource_id.eq(resource_id.to_string()))
        .filter(record_history::recorded_at.le(at))
        .order(record_history::sequence.desc())
        .select((record_history::version, record_history::body, record_history::redacted_body))
        .first(conn)
        .optional()?;
    match held {
        Some(kept) => Ok(KnownAt::Recorded(kept)),
        None => unrecorded(conn, resource_type, resource_id),
    }
}

/// Why a record has no state recorded at or before an instant (see [`KnownAt`]), for a caller that
/// has asked for that state already: two indexed reads.
pub fn unrecorded(conn: &mut DbConnection, resource_type: &str, resource_id: &str) -> Result<KnownAt, StoreError> {
    let first_kept: Option<(i64, NaiveDateTime)> = record_history::table
        .filter(record_history::resource_type.eq(resource_type.to_string()))
        .filter(record_history::resource_id.eq(resource_id.to_string()))
        .order(record_history::sequence.asc())
        .select((record_history::sequence, record_history::recorded_at))
        .first(conn)
        .optional()?;
    let events = || {
        audit_events::table
            .filter(audit_events::resource_type.eq(resource_type.to_string()))
            .filter(audit_events::resource_id.eq(resource_id.to_string()))
    };
    match first_kept {
        Some((sequence, recorded_at)) => {
            // Kept from its first audited change on: it did not exist before.
            let earlier: Option<i64> = events()
                .filter(audit_events::sequence.lt(sequence))
                .select(audit_events::sequence)
                .first(conn)
                .optional()?;
            Ok(if earlier.is_some() { KnownAt::NotKeptBefore(recorded_at) } else { KnownAt::NotYetHeld })
        }
        None => {
            let last_change: Option<NaiveDateTime> =
                events().select(diesel::dsl::max(audit_events::occurred_at)).first(conn)?;
            Ok(KnownAt::Unkept { last_change })
        }
    }
}
