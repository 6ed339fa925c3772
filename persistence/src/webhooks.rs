//! Webhooks: subscriptions, the outbox written with each audited change, deliveries and attempts.
//!
//! The outbox holds one row per audit event committed while any subscription is active (written by
//! [`crate::Database::write`] in the change's own transaction). The delivery worker fans each row
//! out into one delivery per matching subscription (unique per subscription and event) and marks it
//! processed in one transaction, then claims due deliveries under a lease and records every attempt.
//! On PostgreSQL both claims use `FOR UPDATE SKIP LOCKED` so replicas never take the same rows; SQLite
//! serialises writers, so a conditional claim UPDATE is enough there.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};
use domain::access::ListScope;

use crate::audit::{self, AuditEventRow};
use crate::ids::OrganisationId;
pub use crate::ids::{AttemptId, DeliveryId, SubscriptionId};
use crate::repository::{page_of, paginate, row, versioned_repository, PageRequest};
use crate::schema::{audit_events, webhook_attempts, webhook_deliveries, webhook_outbox, webhook_subscriptions};
use crate::visibility;
use crate::{Database, DbConnection, Page, StoreError};

row! {
    /// A subscription. `paused_at`/`paused_reason` are set by the worker after repeated failure.
    SubscriptionRow(SubscriptionId) => webhook_subscriptions {
        organisation_id: OrganisationId,
        target_url: String,
        event_types: String,
        secret: String,
        active: bool,
        paused_at: Option<NaiveDateTime>,
        paused_reason: Option<String>,
        consecutive_failures: i64,
    }
}

versioned_repository!(subscription_store, webhook_subscriptions, SubscriptionRow, SubscriptionId);

/// Delivery states.
pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhook_deliveries, treat_none_as_null = true)]
pub struct DeliveryRow {
    pub id: DeliveryId,
    pub subscription_id: SubscriptionId,
    pub event_sequence: i64,
    pub event_type: String,
    /// The JSON body sent, fixed when the delivery is created so every attempt sends the same bytes.
    pub payload: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_status_code: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct AttemptRow {
    pub id: AttemptId,
    pub delivery_id: DeliveryId,
    pub attempted_at: NaiveDateTime,
    pub status_code: Option<i64>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

pub fn list_subscriptions(
    conn: &mut DbConnection,
    scope: ListScope,
    page: &PageRequest,
) -> Result<Page<SubscriptionRow>, StoreError> {
    let mut query = visibility::restrict(
        webhook_subscriptions::table.select(SubscriptionRow::as_select()).into_boxed(),
        visibility::webhook_subscriptions(scope),
    );
    let rows = paginate!(query, webhook_subscriptions, page).load(conn)?;
    Ok(page_of(rows, page, |row| row.id.to_string()))
}

/// Called by the write path with its audit events: queues them for the worker if anyone listens.
pub(crate) fn enqueue_all(
    conn: &mut DbConnection,
    sequences: impl Iterator<Item = i64>,
) -> Result<(), diesel::result::Error> {
    let listening: Option<String> = webhook_subscriptions::table
        .filter(webhook_subscriptions::active.eq(true))
        .select(webhook_subscriptions::id)
        .first(conn)
        .optional()?;
    if listening.is_some() {
        let rows: Vec<_> = sequences
            .map(|sequence| {
                (webhook_outbox::sequence.eq(sequence), webhook_outbox::processed_at.eq(None::<NaiveDateTime>))
            })
            .collect();
        for chunk in rows.chunks(crate::bulk::ROWS_PER_INSERT) {
            match conn {
                DbConnection::Postgres(pg) => {
                    diesel::insert_into(webhook_outbox::table).values(chunk.to_vec()).execute(pg)?
                }
                DbConnection::Sqlite(sqlite) => {
                    diesel::insert_into(webhook_outbox::table).values(chunk.to_vec()).execute(sqlite)?
                }
            };
        }
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Sequence {
    #[diesel(sql_type = BigInt)]
    sequence: i64,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Text)]
    id: DeliveryId,
}

/// Takes up to `limit` unprocessed outbox rows for this transaction (PostgreSQL: skipping rows
/// another replica holds; SQLite: the caller's transaction already holds the write lock).
fn lock_outbox(conn: &mut DbConnection, limit: i64) -> Result<Vec<i64>, diesel::result::Error> {
    match conn {
        DbConnection::Postgres(pg) => Ok(diesel::sql_query(
            "SELECT sequence FROM webhook_outbox WHERE processed_at IS NULL ORDER BY sequence LIMIT $1 \
             FOR UPDATE SKIP LOCKED",
        )
        .bind::<BigInt, _>(limit)
        .load::<Sequence>(pg)?
        .into_iter()
        .map(|row| row.sequence)
        .collect()),
        DbConnection::Sqlite(_) => webhook_outbox::table
            .filter(webhook_outbox::processed_at.is_null())
            .order(webhook_outbox::sequence.asc())
            .limit(limit)
            .select(webhook_outbox::sequence)
            .load(conn),
    }
}

/// What the worker decided to send one subscription for one event.
pub struct Fanned {
    pub event_type: String,
    pub payload: String,
}

/// Queues one event for one subscription, due at once.
pub fn insert_delivery(
    conn: &mut DbConnection,
    subscription_id: SubscriptionId,
    event_sequence: i64,
    fanned: Fanned,
    now: NaiveDateTime,
) -> Result<(), diesel::result::Error> {
    let delivery = DeliveryRow {
        id: DeliveryId::generate(),
        subscription_id,
        event_sequence,
        event_type: fanned.event_type,
        payload: fanned.payload,
        status: PENDING.into(),
        attempts: 0,
        next_attempt_at: now,
        claimed_until: None,
        last_status_code: None,
        last_error: None,
        delivered_at: None,
        created_at: now,
        updated_at: now,
    };
    diesel::insert_into(webhook_deliveries::table).values(&delivery).execute(conn)?;
    Ok(())
}

/// Fans up to `limit` outbox rows out into deliveries, in one transaction: `decide` says whether
/// (and what) a subscription receives for an event. Returns how many outbox rows were processed.
pub fn fan_out<E>(
    db: &Database,
    limit: i64,
    mut decide: impl FnMut(&mut DbConnection, &AuditEventRow, &SubscriptionRow) -> Result<Option<Fanned>, E>,
) -> Result<usize, E>
where
    E: From<StoreError> + From<diesel::result::Error>,
{
    if db.backend() == crate::Backend::Sqlite {
        // A cheap look first, so an idle worker never takes SQLite's write lock.
        let mut look = db.connection()?;
        let pending: Option<i64> = webhook_outbox::table
            .filter(webhook_outbox::processed_at.is_null())
            .select(webhook_outbox::sequence)
            .first(&mut *look)
            .optional()?;
        if pending.is_none() {
            return Ok(0);
        }
    }
    // On SQLite the worker takes its turn with the service's writers (who would otherwise always get
    // the lock before its busy handler's next retry), holding no connection while it waits.
    let _turn = db.writer_turn();
    let mut pooled = db.connection()?;
    let conn: &mut DbConnection = &mut pooled;
    conn.transaction(|tx| {
        if let DbConnection::Sqlite(_) = tx {
            // Take the write lock up front (as every writer does) so the read below cannot go stale.
            audit::lock_chain(tx)?;
        }
        let sequences = lock_outbox(tx, limit)?;
        if sequences.is_empty() {
            return Ok(0);
        }
        let subscriptions: Vec<SubscriptionRow> = webhook_subscriptions::table
            .filter(webhook_subscriptions::active.eq(true))
            .select(SubscriptionRow::as_select())
            .load(tx)?;
        let events: Vec<AuditEventRow> = audit_events::table
            .filter(audit_events::sequence.eq_any(&sequences))
            .order(audit_events::sequence.asc())
            .select(AuditEventRow::as_select())
            .load(tx)?;
        // Only a subscription in one of an event's audiences is asked about it (`crate::audience`).
        let audiences = crate::audience::of_events(tx, &sequences)?;
        let mut reaches = Vec::with_capacity(subscriptions.len());
        for subscription in &subscriptions {
            reaches.push(crate::audience::audiences_of(tx, Some(&subscription.organisation_id.to_string()))?);
        }
        let now = audit::now();
        for event in &events {
            let Some(meant_for) = audiences.get(&event.sequence) else { continue };
            // A subscription receives what was committed after it was created.
            for (subscription, reach) in subscriptions.iter().zip(&reaches) {
                if subscription.created_at > event.occurred_at || !reach.iter().any(|a| meant_for.contains(a)) {
                    continue;
                }
                if let Some(fanned) = decide(tx, event, subscription)? {
                    insert_delivery(tx, subscription.id, event.sequence, fanned, now)?;
                }
            }
        }
        diesel::update(webhook_outbox::table.filter(webhook_outbox::sequence.eq_any(&sequences)))
            .set(webhook_outbox::processed_at.eq(Some(now)))
            .execute(tx)?;
        Ok(sequences.len())
    })
}

/// A claimed delivery with its subscription (for the URL and the secret).
pub struct Claimed {
    pub delivery: DeliveryRow,
    pub subscription: SubscriptionRow,
}

/// Claims up to `limit` due deliveries of running subscriptions until `lease_until`: no other
/// worker takes them before then, so each attempt is made once.
pub fn claim_due(
    db: &Database,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Claimed>, StoreError> {
    // SQLite's claim writes: its turn with the other writers, as in `fan_out`.
    let _turn = db.writer_turn();
    let mut pooled = db.connection()?;
    let conn: &mut DbConnection = &mut pooled;
    let claimed: Vec<DeliveryId> = match conn {
        DbConnection::Postgres(_) => conn.transaction(|tx| {
            let DbConnection::Postgres(pg) = tx else { return Ok(Vec::new()) };
            let ids: Vec<DeliveryId> = diesel::sql_query(
                "SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id \
                 WHERE d.status = $3 AND d.next_attempt_at <= $1 \
                 AND (d.claimed_until IS NULL OR d.claimed_until <= $1) \
                 AND s.active AND s.paused_at IS NULL \
                 ORDER BY d.next_attempt_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED",
            )
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .bind::<diesel::sql_types::Text, _>(PENDING)
            .load::<Id>(pg)?
            .into_iter()
            .map(|row| row.id)
            .collect();
            diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids)))
                .set(webhook_deliveries::claimed_until.eq(Some(lease_until)))
                .execute(tx)?;
            Ok::<_, diesel::result::Error>(ids)
        })?,
        DbConnection::Sqlite(_) => {
            let running = webhook_subscriptions::table
                .filter(webhook_subscriptions::active.eq(true))
                .filter(webhook_subscriptions::paused_at.is_null())
                .select(webhook_subscriptions::id);
            let candidates: Vec<DeliveryId> = webhook_deliveries::table
                .filter(webhook_deliveries::status.eq(PENDING))
                .filter(webhook_deliveries::next_attempt_at.le(now))
                .filter(webhook_deliveries::claimed_until.is_null().or(webhook_deliveries::claimed_until.le(now)))
                .filter(webhook_deliveries::subscription_id.eq_any(running))
                .order((webhook_deliveries::next_attempt_at.asc(), webhook_deliveries::id.asc()))
                .limit(limit)
                .select(webhook_deliveries::id)
                .load(conn)?;
            let mut ids = Vec::new();
            for id in candidates {
                // Conditional: only one claimer can move an unclaimed (or expired) lease.
                let taken = diesel::update(
                    webhook_deliveries::table
                        .filter(webhook_deliveries::id.eq(id))
                        .filter(webhook_deliveries::status.eq(PENDING))
                        .filter(
                            webhook_deliveries::claimed_until.is_null().or(webhook_deliveries::claimed_until.le(now)),
                        ),
                )
                .set(webhook_deliveries::claimed_until.eq(Some(lease_until)))
                .execute(conn)?;
                if taken == 1 {
                    ids.push(id);
                }
            }
            ids
        }
    };
    let mut out = Vec::with_capacity(claimed.len());
    for id in claimed {
        let delivery: DeliveryRow = webhook_deliveries::table.find(id).select(DeliveryRow::as_select()).first(conn)?;
        if let Some(subscription) = subscription_store::find(conn, delivery.subscription_id)? {
            out.push(Claimed { delivery, subscription });
        }
    }
    Ok(out)
}

/// The outcome of one attempt, as the worker decided it.
pub struct Outcome {
    pub attempt: AttemptRow,
    pub delivered: bool,
    /// When to try again if this attempt failed.
    pub retry_at: NaiveDateTime,
    /// Pause the subscription when its consecutive failures reach this many.
    pub pause_after: i64,
}

/// Records an attempt: the delivery's state, the log entry, and the subscription's failure count
/// (pausing it with the reason after too many failures in a row).
pub fn record_attempt(db: &Database, delivery: &DeliveryRow, outcome: Outcome) -> Result<(), StoreError> {
    let _turn = db.writer_turn();
    let mut conn = db.connection()?;
    conn.transaction(|tx| {
        let now = outcome.attempt.attempted_at;
        let mut row = delivery.clone();
        row.attempts += 1;
        row.claimed_until = None;
        row.last_status_code = outcome.attempt.status_code;
        row.last_error = outcome.attempt.error.clone();
        row.updated_at = now;
        if outcome.delivered {
            row.status = DELIVERED.into();
            row.delivered_at = Some(now);
        } else {
            row.next_attempt_at = outcome.retry_at;
        }
        diesel::update(webhook_deliveries::table.find(row.id)).set(&row).execute(tx)?;
        diesel::insert_into(webhook_attempts::table).values(&outcome.attempt).execute(tx)?;
        // Column updates in SQL (not a read-modify-write of the row) so that a concurrent PATCH of
        // the subscription or another replica's attempt is never overwritten.
        let subscription = webhook_subscriptions::table.filter(webhook_subscriptions::id.eq(&delivery.subscription_id));
        if outcome.delivered {
            diesel::update(subscription).set(webhook_subscriptions::consecutive_failures.eq(0)).execute(tx)?;
        } else {
            diesel::update(subscription)
                .set(webhook_subscriptions::consecutive_failures.eq(webhook_subscriptions::consecutive_failures + 1))
                .execute(tx)?;
            let why = outcome.attempt.error.clone().unwrap_or_else(|| "no response".into());
            diesel::update(
                subscription
                    .filter(webhook_subscriptions::paused_at.is_null())
                    .filter(webhook_subscriptions::consecutive_failures.ge(outcome.pause_after)),
            )
            .set((
                webhook_subscriptions::paused_at.eq(Some(now)),
                webhook_subscriptions::paused_reason.eq(Some(format!(
                    "paused after {} consecutive failed deliveries; last: {why}",
                    outcome.pause_after
                ))),
                webhook_subscriptions::version.eq(webhook_subscriptions::version + 1),
                webhook_subscriptions::updated_at.eq(now),
            ))
            .execute(tx)?;
        }
        Ok(())
    })
}

/// A page of one subscription's deliveries, newest first, with their attempts (oldest first).
pub fn list_deliveries(
    conn: &mut DbConnection,
    subscription_id: SubscriptionId,
    page: &PageRequest,
) -> Result<Page<(DeliveryRow, Vec<AttemptRow>)>, StoreError> {
    let mut query = webhook_deliveries::table
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .select(DeliveryRow::as_select())
        .into_boxed();
    if let Some(crate::Cursor(before)) = &page.after {
        query = query.filter(webhook_deliveries::id.lt(before.clone()));
    }
    let rows: Vec<DeliveryRow> = query.order(webhook_deliveries::id.desc()).limit(page.limit as i64 + 1).load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for delivery in rows {
        let attempts = attempts_of(conn, delivery.id)?;
        out.push((delivery, attempts));
    }
    Ok(page_of(out, page, |(delivery, _)| delivery.id.to_string()))
}

pub fn attempts_of(conn: &mut DbConnection, delivery_id: DeliveryId) -> Result<Vec<AttemptRow>, StoreError> {
    Ok(webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq(delivery_id))
        .order((webhook_attempts::attempted_at.asc(), webhook_attempts::id.asc()))
        .select(AttemptRow::as_select())
        .load(conn)?)
}

pub fn find_delivery(conn: &mut DbConnection, id: DeliveryId) -> Result<Option<DeliveryRow>, StoreError> {
    Ok(webhook_deliveries::table.find(id).select(DeliveryRow::as_select()).first(conn).optional()?)
}

/// Queues a delivery again now (whatever its state); attempts already made stay in the log.
pub fn redeliver(conn: &mut DbConnection, id: DeliveryId) -> Result<(), StoreError> {
    let now = audit::now();
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(PENDING),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::delivered_at.eq(None::<NaiveDateTime>),
            webhook_deliveries::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
