//! The one write path: every change runs in a transaction that also appends its audit event (and
//! queues it in the webhook outbox) and, for creates with an `Idempotency-Key`, stores the response
//! to replay.

use diesel::Connection;

use crate::{audit, history, idempotency, webhooks, Database, DbConnection, StoreError};

/// Who is writing and on which request.
#[derive(Debug, Clone)]
pub struct WriteContext {
    pub actor: String,
    pub organisation_id: Option<String>,
    pub request_id: String,
    pub idempotency: Option<idempotency::IdempotencyKey>,
}

/// What a write did, in the form the audit log and the HTTP response both need.
#[derive(Debug, Clone)]
pub struct Change {
    /// e.g. `create`, `update`, `end`.
    pub action: &'static str,
    pub resource_type: &'static str,
    pub resource_id: String,
    /// The resource's version after the change (for the change feed), where it has one.
    pub version: Option<i64>,
    /// HTTP status of the response (kept for idempotent replays).
    pub status: u16,
    /// The served representation; its SHA-256 is the audit event's state digest.
    pub body: String,
    pub etag: Option<String>,
    pub location: Option<String>,
    /// Other records the same transaction changed (e.g. alerts raised on agreements when a
    /// corporation sole ends); each gets its own audit event after this one's.
    pub related: Vec<Change>,
    /// What the change did to its record, where the writer can say more than that it changed.
    pub extent: Extent,
}

/// What a change did to its record, where the writer can say more than "it changed": the write path
/// then skips the work such a change cannot need. A transfer order's execution adds a party to
/// thousands of agreements at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Extent {
    /// Anything: the record's search entry and its events' audiences are derived again.
    #[default]
    Any,
    /// A party was added (the corporation sole, by id) and none removed (a predecessor stays a
    /// party, withdrawn), and nothing the search entry holds changed: the record's earlier events
    /// gain that office's audience and lose none, and its search entry stays as it is.
    PartyAdded(crate::ids::CorporationSoleId),
}

impl Database {
    /// Runs `work` in one transaction with its audit event (and idempotency record). Any error
    /// rolls everything back, so nothing is half-written.
    pub fn write<E>(
        &self,
        context: &WriteContext,
        work: impl FnOnce(&mut DbConnection) -> Result<Change, E>,
    ) -> Result<Change, E>
    where
        E: From<StoreError> + From<diesel::result::Error>,
    {
        let _turn = self.writer_turn();
        let mut conn = self.connection()?;
        // SQLite has one writer at a time anyway: taking the chain lock first takes its write lock up
        // front, so a read-then-write transaction cannot fail to upgrade. PostgreSQL runs the work of
        // concurrent writers in parallel (row locks and the version checks keep them apart) and
        // serialises only the append: the chain lock is taken after the work and held to commit, so
        // chain order is still commit order (the change feed's order).
        let lock_before_work = matches!(*conn, DbConnection::Sqlite(_));
        conn.transaction(|tx| {
            let locked = if lock_before_work { Some(audit::lock_chain(tx)?) } else { None };
            let change = work(tx)?;
            let changes: Vec<&Change> = std::iter::once(&change).chain(&change.related).collect();
            // The search entries of what changed, in the same transaction as the change, once per record.
            let mut indexed = std::collections::HashSet::new();
            let records = changes.iter().filter(|c| c.extent == Extent::Any);
            let records = records.map(|c| (c.resource_type, c.resource_id.as_str()));
            crate::search::reindex_all(tx, records.filter(|record| indexed.insert(*record)))?;
            // The head read with the lock stays the head while the lock is held.
            let mut head = match locked {
                Some(head) => head,
                None => audit::lock_chain(tx)?,
            };
            // The events in chain order, written together; each also goes to the webhook outbox in
            // this same transaction, so a delivery exists exactly when the change committed.
            let appended = audit::append_all(tx, &mut head, context, &changes)?;
            webhooks::enqueue_all(tx, appended.iter().map(|(sequence, _)| *sequence))?;
            // Who may see each changed record's events, as the records stand after this change: derived
            // again, or, for records that only gained a party, its audience given to their earlier
            // events and this transaction's new events derived in full.
            let (derived, gained): (Vec<&Change>, Vec<&Change>) = changes.iter().partition(|c| c.extent == Extent::Any);
            crate::audience::rederive(tx, derived.iter().map(|c| (c.resource_type, c.resource_id.as_str())))?;
            if let Some((first, _)) = appended.first().filter(|_| !gained.is_empty()) {
                let mut by_office: std::collections::BTreeMap<(&str, String), Vec<&str>> = Default::default();
                for change in &gained {
                    if let Extent::PartyAdded(office) = &change.extent {
                        let key = (change.resource_type, office.to_string());
                        by_office.entry(key).or_default().push(&change.resource_id);
                    }
                }
                for ((kind, office), ids) in by_office {
                    crate::audience::grant_office(tx, kind, &ids, &office, *first)?;
                }
                crate::audience::derive_after(tx, first - 1)?;
            }
            // The kept state of each changed record goes beside its event, once per record (the
            // state after the whole transaction, which the last change naming it answered), under
            // the first event that names it.
            if let Some(hook) = self.history {
                let mut last: std::collections::HashMap<(&str, &str), &Change> = std::collections::HashMap::new();
                for changed in &changes {
                    last.insert((changed.resource_type, changed.resource_id.as_str()), changed);
                }
                let mut snapshots = Vec::new();
                for (changed, (sequence, at)) in changes.iter().zip(&appended) {
                    let key = (changed.resource_type, changed.resource_id.as_str());
                    if let Some(latest) = last.remove(&key) {
                        if let Some(snapshot) = hook(tx, latest)? {
                            snapshots.push((latest, *sequence, *at, snapshot));
                        }
                    }
                }
                let kept = snapshots
                    .iter()
                    .map(|(latest, sequence, at, snapshot)| history::row(latest, *sequence, *at, snapshot))
                    .collect();
                history::record_all(tx, kept)?;
            }
            if let Some(key) = &context.idempotency {
                idempotency::store(tx, key, &change)?;
            }
            Ok(change)
        })
    }
}
