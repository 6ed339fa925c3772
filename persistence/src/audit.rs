//! The audit log: append inside the writer's transaction, list by scope, verify the chain.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use domain::access::ListScope;
use domain::audit::{self as chain, ChainedFields, StoredEvent, GENESIS_HASH};
use uuid::Uuid;

use crate::database::MultiBackend;
use crate::schema::{audit_chain_head, audit_checkpoints, audit_events};
use crate::visibility;
use crate::{Change, Cursor, DbConnection, Page, StoreError, WriteContext};

/// The current instant at the microsecond precision both databases store.
pub fn now() -> NaiveDateTime {
    let at = Utc::now();
    let micros = at.nanosecond() / 1_000 * 1_000;
    at.with_nanosecond(micros).unwrap_or(at).naive_utc()
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditEventRow {
    pub sequence: i64,
    pub id: String,
    pub occurred_at: NaiveDateTime,
    pub actor: String,
    pub organisation_id: Option<String>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: String,
    pub resource_version: Option<i64>,
    pub state_digest: String,
    pub request_id: String,
    pub previous_hash: String,
    pub hash: String,
}

impl AuditEventRow {
    fn fields(&self) -> ChainedFields<'_> {
        ChainedFields {
            sequence: self.sequence,
            event_id: &self.id,
            occurred_at: DateTime::from_naive_utc_and_offset(self.occurred_at, Utc),
            actor: &self.actor,
            organisation_id: self.organisation_id.as_deref(),
            action: &self.action,
            resource_type: &self.resource_type,
            resource_id: &self.resource_id,
            resource_version: self.resource_version,
            state_digest: &self.state_digest,
            request_id: &self.request_id,
            previous_hash: &self.previous_hash,
        }
    }
}

/// The last event of the chain: its sequence and hash.
pub(crate) type ChainHead = (i64, String);

/// Locks the chain head row until the transaction ends, and reads it (one statement).
pub(crate) fn lock_chain(conn: &mut DbConnection) -> Result<ChainHead, diesel::result::Error> {
    diesel::update(audit_chain_head::table.filter(audit_chain_head::id.eq(1)))
        .set(audit_chain_head::sequence.eq(audit_chain_head::sequence))
        .returning((audit_chain_head::sequence, audit_chain_head::hash))
        .get_result(conn)
}

/// Holds the chain (no event can be appended by another transaction until this one ends) and answers
/// the sequence of its last event: what a writer that must see "everything so far" reads.
pub fn hold_chain(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(lock_chain(conn)?.0)
}

/// The events after `after` up to and including `up_to`, in order.
pub fn events_between(conn: &mut DbConnection, after: i64, up_to: i64) -> Result<Vec<AuditEventRow>, StoreError> {
    Ok(audit_events::table
        .filter(audit_events::sequence.gt(after).and(audit_events::sequence.le(up_to)))
        .order(audit_events::sequence.asc())
        .select(AuditEventRow::as_select())
        .load(conn)?)
}

/// Appends an event for each of `changes` after the chain's head, under the chain lock, as the write
/// path does (bulk loads: the bench data's synthetic history).
pub fn append_bulk(conn: &mut DbConnection, context: &WriteContext, changes: &[Change]) -> Result<(), StoreError> {
    let mut head = lock_chain(conn)?;
    let before = head.0;
    let changes: Vec<&Change> = changes.iter().collect();
    append_all(conn, &mut head, context, &changes)?;
    crate::audience::derive_after(conn, before)?;
    Ok(())
}

/// Appends an event for each of `changes`, in order, after `head` (read under the chain lock, see
/// [`lock_chain`]): written many to a statement, the stored head moved once to the last. Moves `head`
/// and returns each event's sequence and instant.
pub(crate) fn append_all(
    conn: &mut DbConnection,
    head: &mut ChainHead,
    context: &WriteContext,
    changes: &[&Change],
) -> Result<Vec<(i64, NaiveDateTime)>, diesel::result::Error> {
    let mut rows = Vec::with_capacity(changes.len());
    for change in changes {
        let (head_sequence, head_hash) = head.clone();
        let mut row = AuditEventRow {
            sequence: head_sequence + 1,
            id: Uuid::now_v7().to_string(),
            occurred_at: now(),
            actor: context.actor.clone(),
            organisation_id: context.organisation_id.clone(),
            action: change.action.to_string(),
            resource_type: change.resource_type.to_string(),
            resource_id: change.resource_id.clone(),
            resource_version: change.version,
            state_digest: chain::state_digest(change.body.as_bytes()),
            request_id: context.request_id.clone(),
            previous_hash: head_hash,
            hash: String::new(),
        };
        row.hash = chain::event_hash(&row.fields());
        *head = (row.sequence, row.hash.clone());
        rows.push(row);
    }
    for chunk in rows.chunks(crate::bulk::ROWS_PER_INSERT) {
        match conn {
            DbConnection::Postgres(pg) => diesel::insert_into(audit_events::table).values(chunk).execute(pg)?,
            DbConnection::Sqlite(sqlite) => diesel::insert_into(audit_events::table).values(chunk).execute(sqlite)?,
        };
    }
    if !rows.is_empty() {
        diesel::update(audit_chain_head::table.filter(audit_chain_head::id.eq(1)))
            .set((audit_chain_head::sequence.eq(head.0), audit_chain_head::hash.eq(&head.1)))
            .execute(conn)?;
    }
    if rows.len() >= MANY_EVENTS {
        refresh_statistics(conn)?;
    }
    Ok(rows.into_iter().map(|row| (row.sequence, row.occurred_at)).collect())
}

/// So many events appended by one change (a transfer's execution) that the planner must be told.
const MANY_EVENTS: usize = 1_000;

/// The write path next finds the events just appended by kind and record (their audiences). On
/// PostgreSQL the planner judges that by the log's statistics, which know nothing of this
/// transaction's events: after thousands of events of a kind the log had few of (a transfer ending
/// every membership of an office), it would scan them all once per record (measured at bench scale
/// 10: a second per thousand delegations, three milliseconds per board). `ANALYZE` in the
/// transaction counts its own rows, bounded by its sample whatever the log's size (0.13 s at 117,000
/// events, warm). Its column statistics are this transaction's until it commits; the table's row
/// and page counts are updated in place, so other sessions see them at once and a rollback leaves
/// them (autovacuum's next analysis corrects them). A role that does not own the table only gets a
/// warning, and the plan is then as before.
fn refresh_statistics(conn: &mut DbConnection) -> Result<(), diesel::result::Error> {
    if let DbConnection::Postgres(_) = conn {
        diesel::sql_query("ANALYZE audit_events").execute(conn)?;
    }
    Ok(())
}

/// Filters for `GET /audit-events`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub actor: Option<String>,
    /// Only events of these (resource type, audited actions); every event when empty (the change
    /// feed's `types`, turned into what the log records).
    pub kinds_and_actions: Vec<(String, Vec<String>)>,
}

pub fn list(
    conn: &mut DbConnection,
    scope: ListScope,
    filter: &AuditFilter,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Page<AuditEventRow>, StoreError> {
    let mut query = visibility::restrict(
        audit_events::table
            .select(AuditEventRow::as_select())
            .order(audit_events::sequence.asc())
            .limit(limit as i64 + 1)
            .into_boxed(),
        visibility::audit_events(scope),
    );
    if let Some(kind) = &filter.resource_type {
        query = query.filter(audit_events::resource_type.eq(kind.clone()));
    }
    if let Some(id) = &filter.resource_id {
        query = query.filter(audit_events::resource_id.eq(id.clone()));
    }
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_events::actor.eq(actor.clone()));
    }
    if !filter.kinds_and_actions.is_empty() {
        let mut any: Box<dyn BoxableExpression<audit_events::table, MultiBackend, SqlType = Bool>> =
            Box::new(false.into_sql::<Bool>());
        for (kind, actions) in &filter.kinds_and_actions {
            let this = audit_events::resource_type.eq(kind.clone()).and(audit_events::action.eq_any(actions.clone()));
            any = Box::new(any.or(this));
        }
        query = query.filter(any);
    }
    if let Some(Cursor(after)) = after {
        let after: i64 = after.parse().unwrap_or(i64::MAX);
        query = query.filter(audit_events::sequence.gt(after));
    }
    let rows = query.load(conn)?;
    Ok(Page::from_overfetch(rows, limit, |row| row.sequence.to_string()))
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone)]
pub struct Verification {
    pub events_checked: i64,
    pub head_sequence: i64,
    pub first_broken: Option<chain::BrokenLink>,
}

/// Recomputes every hash in sequence order, in batches, and reports the first broken link.
pub fn verify(conn: &mut DbConnection) -> Result<Verification, StoreError> {
    const BATCH: i64 = 1_000;
    let mut previous = GENESIS_HASH.to_string();
    let mut next_sequence = 1_i64;
    let mut checked = 0_i64;
    loop {
        let rows: Vec<AuditEventRow> = audit_events::table
            .select(AuditEventRow::as_select())
            .filter(audit_events::sequence.ge(next_sequence))
            .order(audit_events::sequence.asc())
            .limit(BATCH)
            .load(conn)?;
        let fetched = rows.len() as i64;
        let events = rows.iter().map(|row| StoredEvent { fields: row.fields(), hash: &row.hash });
        match chain::first_broken_link(events, &previous, next_sequence) {
            Ok((hash, sequence)) => {
                checked += sequence - next_sequence;
                previous = hash;
                next_sequence = sequence;
            }
            Err(broken) => {
                checked += broken.sequence - next_sequence;
                return Ok(Verification {
                    events_checked: checked,
                    head_sequence: head_sequence(conn)?,
                    first_broken: Some(broken),
                });
            }
        }
        if fetched < BATCH {
            break;
        }
    }
    let head = head_sequence(conn)?;
    let first_broken = (head != next_sequence - 1).then(|| chain::BrokenLink {
        sequence: next_sequence,
        event_id: String::new(),
        reason: "the chain head names events that are missing",
    });
    Ok(Verification { events_checked: checked, head_sequence: head, first_broken })
}

fn head_sequence(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(audit_chain_head::table.filter(audit_chain_head::id.eq(1)).select(audit_chain_head::sequence).first(conn)?)
}

/// The sequence number of the newest audit event (0 while the log is empty): the change-feed
/// position a snapshot read in the same transaction is consistent with.
pub fn latest_sequence(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(audit_events::table.select(diesel::dsl::max(audit_events::sequence)).first::<Option<i64>>(conn)?.unwrap_or(0))
}

/// The chain hashes of the first `up_to` events (all of them when `None`), in sequence order: the
/// leaves of the audit log's Merkle tree (`domain::merkle::event_leaf`). One statement, so one
/// snapshot: events are committed in sequence order under the chain lock, so it is always a prefix.
pub fn leaf_hashes(conn: &mut DbConnection, up_to: Option<i64>) -> Result<Vec<domain::merkle::Hash>, StoreError> {
    let mut query = audit_events::table.select(audit_events::hash).order(audit_events::sequence.asc()).into_boxed();
    if let Some(limit) = up_to {
        query = query.limit(limit);
    }
    let hashes: Vec<String> = query.load(conn)?;
    Ok(hashes.iter().map(|hash| domain::merkle::event_leaf(hash)).collect())
}

/// How many events the log holds: the size of its Merkle tree.
pub fn event_count(conn: &mut DbConnection) -> Result<i64, StoreError> {
    Ok(audit_events::table.count().get_result(conn)?)
}

/// A signed checkpoint as stored (`note` is the whole signed note).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_checkpoints)]
pub struct CheckpointRow {
    pub tree_size: i64,
    /// Hex.
    pub root_hash: String,
    pub issued_at: NaiveDateTime,
    pub origin: String,
    /// Hex, 4 bytes.
    pub key_id: String,
    /// Base64, 64 bytes.
    pub signature: String,
    pub note: String,
}

/// Stores a checkpoint unless one of its tree size exists; answers the one stored.
pub fn insert_checkpoint(conn: &mut DbConnection, row: &CheckpointRow) -> Result<CheckpointRow, StoreError> {
    if let Some(existing) = checkpoint(conn, row.tree_size)? {
        return Ok(existing);
    }
    match diesel::insert_into(audit_checkpoints::table).values(row).execute(conn) {
        Ok(_) => Ok(row.clone()),
        // Another writer stored this size meanwhile: answer its checkpoint.
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            checkpoint(conn, row.tree_size)?.ok_or(StoreError::Database(diesel::result::Error::NotFound))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn checkpoint(conn: &mut DbConnection, tree_size: i64) -> Result<Option<CheckpointRow>, StoreError> {
    Ok(audit_checkpoints::table
        .filter(audit_checkpoints::tree_size.eq(tree_size))
        .select(CheckpointRow::as_select())
        .first(conn)
        .optional()?)
}

/// The checkpoint of the largest tree.
pub fn latest_checkpoint(conn: &mut DbConnection) -> Result<Option<CheckpointRow>, StoreError> {
    Ok(audit_checkpoints::table
        .order(audit_checkpoints::tree_size.desc())
        .select(CheckpointRow::as_select())
        .first(conn)
        .optional()?)
}

/// Checkpoints in tree-size order, after the cursor's size.
pub fn list_checkpoints(
    conn: &mut DbConnection,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Page<CheckpointRow>, StoreError> {
    let mut query = audit_checkpoints::table
        .select(CheckpointRow::as_select())
        .order(audit_checkpoints::tree_size.asc())
        .limit(limit as i64 + 1)
        .into_boxed();
    if let Some(Cursor(after)) = after {
        let after: i64 = after.parse().unwrap_or(i64::MAX);
        query = query.filter(audit_checkpoints::tree_size.gt(after));
    }
    let rows = query.load(conn)?;
    Ok(Page::from_overfetch(rows, limit, |row| row.tree_size.to_string()))
}

/// A stored checkpoint that the stored events no longer match.
#[derive(Debug, Clone)]
pub struct CheckpointMismatch {
    pub tree_size: i64,
    pub reason: &'static str,
}

/// The outcome of checking the events against every stored checkpoint.
#[derive(Debug, Clone)]
pub struct CheckpointCheck {
    pub checkpoints_checked: i64,
    pub first_mismatch: Option<CheckpointMismatch>,
}

/// Streams the leaves once, in batches, and compares the tree's root at each stored checkpoint's
/// size with the root it signed (log2(n) hashes in memory, whatever the log's size).
pub fn check_checkpoints(conn: &mut DbConnection) -> Result<CheckpointCheck, StoreError> {
    const BATCH: i64 = 10_000;
    let sizes: Vec<(i64, String)> = audit_checkpoints::table
        .select((audit_checkpoints::tree_size, audit_checkpoints::root_hash))
        .order(audit_checkpoints::tree_size.asc())
        .load(conn)?;
    let mut frontier = domain::merkle::Frontier::default();
    let mut checked = 0_i64;
    let mut last_sequence = 0_i64;
    let mut exhausted = false;
    for (tree_size, root_hash) in sizes {
        while (frontier.size() as i64) < tree_size && !exhausted {
            let want = (tree_size - frontier.size() as i64).min(BATCH);
            let rows: Vec<(i64, String)> = audit_events::table
                .select((audit_events::sequence, audit_events::hash))
                .filter(audit_events::sequence.gt(last_sequence))
                .order(audit_events::sequence.asc())
                .limit(want)
                .load(conn)?;
            exhausted = (rows.len() as i64) < want;
            for (sequence, hash) in rows {
                last_sequence = sequence;
                frontier.push(domain::merkle::event_leaf(&hash));
            }
        }
        checked += 1;
        let reason = if (frontier.size() as i64) < tree_size {
            Some("the log holds fewer events than this signed checkpoint covers (truncated)")
        } else if hex::encode(frontier.root()) != root_hash {
            Some("the events up to this signed checkpoint's size no longer hash to its root (rewritten)")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Ok(CheckpointCheck {
                checkpoints_checked: checked,
                first_mismatch: Some(CheckpointMismatch { tree_size, reason }),
            });
        }
    }
    Ok(CheckpointCheck { checkpoints_checked: checked, first_mismatch: None })
}
