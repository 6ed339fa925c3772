//! Agreements as last read, remembered per process by id and version.
//!
//! An agreement's parts (parties, provisions, schedules, approvals, ...) change only with a new
//! version of the agreement, so a remembered aggregate is the stored one exactly when the stored
//! version still matches. A read checks that with one indexed query instead of the thirteen that load
//! the parts, which is most of the cost of `GET /collaboration-agreements/{id}`. Nothing is trusted
//! across versions, so replicas sharing a database stay correct. What can change without a new version
//! (the variations' statuses, the registry behind warnings and party organisations) is read afresh.

use std::collections::HashMap;
use std::sync::RwLock;

use persistence::agreements::{self as store, Aggregate};
use persistence::DbConnection;

use crate::error::ApiError;

/// Enough for every agreement a national deployment reads often; beyond it the map starts again.
const MAX_REMEMBERED: usize = 4_096;

#[derive(Default)]
pub struct AgreementCache {
    aggregates: RwLock<HashMap<String, Aggregate>>,
}

impl AgreementCache {
    /// The agreement as stored now (`None` if there is none), from memory when its version is unchanged.
    pub fn load(&self, conn: &mut DbConnection, id: &str) -> Result<Option<Aggregate>, ApiError> {
        let Some(version) = store::version_of(conn, id)? else { return Ok(None) };
        let remembered =
            self.aggregates.read().ok().and_then(|map| map.get(id).filter(|a| a.agreement.version == version).cloned());
        if let Some(mut aggregate) = remembered {
            aggregate.variations = store::variations_of(conn, id)?;
            return Ok(Some(aggregate));
        }
        let Some(aggregate) = store::load(conn, id)? else { return Ok(None) };
        if let Ok(mut map) = self.aggregates.write() {
            if map.len() >= MAX_REMEMBERED {
                map.clear();
            }
            map.insert(id.to_string(), aggregate.clone());
        }
        Ok(Some(aggregate))
    }
}
