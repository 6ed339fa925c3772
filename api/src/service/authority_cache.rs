//! The facts an authority check reads, remembered per process with the revision they were read at.
//!
//! A check reads the office, the function, the actor's capacities on the day, the delegation chains
//! to them and the schemes and collaborations they cite: eight statements. None of it changes without
//! a write to one of the tables the `authority` revision's triggers watch (migration
//! 2026-12-11-000006), so one indexed statement tells whether facts read earlier are what the stored
//! rows would give now. Nothing is trusted across a change, so replicas sharing a database stay
//! correct. The amount, what is already committed and the flags are not facts: the decision itself is
//! made afresh for every question.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use domain::delegations::DelegateKind;
use persistence::DbConnection;
use uuid::Uuid;

use crate::error::ApiError;
use crate::service::authority::{read_facts, Asked, Facts};

/// Enough for the questions a national deployment asks often; beyond it the map starts again.
const MAX_REMEMBERED: usize = 1_024;

/// What the facts of a question depend on besides the revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FactsKey {
    corporation_sole_id: Uuid,
    actor_kind: DelegateKind,
    actor_id: Uuid,
    function: String,
    on: NaiveDate,
}

impl FactsKey {
    fn of(asked: &Asked) -> FactsKey {
        FactsKey {
            corporation_sole_id: asked.corporation_sole_id,
            actor_kind: asked.actor.kind,
            actor_id: asked.actor.id,
            function: asked.function.clone(),
            on: asked.on,
        }
    }
}

#[derive(Default)]
pub struct AuthorityCache {
    remembered: RwLock<HashMap<FactsKey, (i64, Arc<Facts>)>>,
}

impl AuthorityCache {
    /// The facts of `asked` as stored now, from memory when nothing they were read from has changed.
    ///
    /// Call it only where the transaction has not itself written what the revision watches: facts
    /// read under an uncommitted revision must not be shared.
    pub fn facts(&self, conn: &mut DbConnection, asked: &Asked) -> Result<Arc<Facts>, ApiError> {
        // Read before the facts: facts are never older than the revision they are filed under.
        let revision = persistence::delegations::authority_revision(conn)?;
        let key = FactsKey::of(asked);
        let remembered =
            self.remembered.read().ok().and_then(|map| {
                map.get(&key).filter(|(read_at, _)| *read_at == revision).map(|(_, facts)| facts.clone())
            });
        if let Some(facts) = remembered {
            return Ok(facts);
        }
        let facts = Arc::new(read_facts(conn, asked)?);
        if let Ok(mut map) = self.remembered.write() {
            if map.len() >= MAX_REMEMBERED {
                map.clear();
            }
            // A slower reader of an older revision does not displace newer facts.
            if map.get(&key).is_none_or(|(read_at, _)| *read_at < revision) {
                map.insert(key, (revision, facts.clone()));
            }
        }
        Ok(facts)
    }
}
