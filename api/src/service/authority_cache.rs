//! The facts an authority check reads, remembered per process with the revision they were read at.
//!
//! A check reads the office and function asked about, the actor's capacities on the day, the
//! delegation chains to them and the schemes and collaborations they cite: up to eight statements. None of
//! it changes without a write to one of the tables the `authority` revision's triggers watch
//! (migration 2026-12-11-000006), so one indexed statement tells whether facts read earlier are what
//! the stored rows would give now. Nothing is trusted across a change, so replicas sharing a database
//! stay correct. Each part is remembered on its own, so a question about another day of the same
//! actor reads only the actor's capacities that day. The amount, what is already committed and the
//! flags are not facts: the decision itself is made afresh for every question.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use domain::delegations::{Capacity, DelegateKind};
use persistence::DbConnection;
use uuid::Uuid;

use crate::error::ApiError;
use crate::service::authority::{capacities, read_chains, read_facts, read_subject, Asked, Chains, Facts, Subject};

/// Enough for the questions a national deployment asks often; beyond it a map starts again.
const MAX_REMEMBERED: usize = 1_024;

#[derive(Default)]
pub struct AuthorityCache {
    /// By office and function.
    subjects: Remembered<(Uuid, String), Subject>,
    /// By actor and day.
    actors: Remembered<(DelegateKind, Uuid, NaiveDate), Vec<Capacity>>,
    /// By office and the actor's capacities (kind and id, in the order read).
    chains: Remembered<(Uuid, Vec<(DelegateKind, Uuid)>), Chains>,
}

impl AuthorityCache {
    /// The facts of `asked` as stored now, from memory where nothing they were read from has changed.
    ///
    /// Call it only where the transaction has not itself written what the revision watches: facts
    /// read under an uncommitted revision must not be shared.
    pub fn facts(&self, conn: &mut DbConnection, asked: &Asked) -> Result<Facts, ApiError> {
        // Read before the facts: facts are never older than the revision they are filed under.
        let Some(revision) = persistence::delegations::authority_revision(conn)? else {
            // Nothing would tell a change: read everything afresh.
            return read_facts(conn, asked);
        };
        let office = asked.corporation_sole_id;
        // The same order as an uncached check, so an unknown reference is refused the same way.
        let subject =
            self.subjects.get_or_read(revision, (office, asked.function.clone()), || read_subject(conn, asked))?;
        let actor = self.actors.get_or_read(revision, (asked.actor.kind, asked.actor.id, asked.on), || {
            capacities(conn, &asked.actor, asked.on)
        })?;
        let delegates = actor.iter().map(|c| (c.kind, c.id)).collect();
        let chains = self.chains.get_or_read(revision, (office, delegates), || read_chains(conn, office, &actor))?;
        Ok(Facts { subject, actor, chains })
    }
}

/// One kind of fact, by key, each with the revision it was read at.
struct Remembered<K, V> {
    entries: RwLock<Entries<K, V>>,
}

struct Entries<K, V> {
    by_key: HashMap<K, (i64, Arc<V>)>,
    /// The newest revision seen: one lower means the count started again (the migration run again,
    /// the database restored), so nothing remembered can be matched to a revision any more.
    newest: i64,
}

impl<K, V> Default for Remembered<K, V> {
    fn default() -> Self {
        Remembered { entries: RwLock::new(Entries { by_key: HashMap::new(), newest: 0 }) }
    }
}

impl<K: Eq + Hash, V> Remembered<K, V> {
    fn get_or_read(
        &self,
        revision: i64,
        key: K,
        read: impl FnOnce() -> Result<V, ApiError>,
    ) -> Result<Arc<V>, ApiError> {
        let remembered = self.entries.read().ok().and_then(|entries| {
            let current = revision >= entries.newest;
            entries.by_key.get(&key).filter(|(read_at, _)| current && *read_at == revision).map(|(_, v)| v.clone())
        });
        if let Some(value) = remembered {
            return Ok(value);
        }
        let value = Arc::new(read()?);
        if let Ok(mut entries) = self.entries.write() {
            // A slower reader of an older revision, or the count started again: start again.
            if entries.by_key.len() >= MAX_REMEMBERED || revision < entries.newest {
                entries.by_key = HashMap::new();
            }
            entries.newest = revision;
            // A slower reader of an older revision does not displace newer facts.
            if entries.by_key.get(&key).is_none_or(|(read_at, _)| *read_at < revision) {
                entries.by_key.insert(key, (revision, value.clone()));
            }
        }
        Ok(value)
    }
}
