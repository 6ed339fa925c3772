//! Agreements as last read, remembered per process with what they were built from.
//!
//! An agreement read depends on its own rows (which change only with a new version), its variations'
//! statuses and the registry (party organisations decide who may see it; offices decide its warnings).
//! The database counts changes to the last two in revisions kept by triggers (migration 000007), so one
//! indexed statement tells whether a remembered read is still what the stored rows would give. Nothing
//! is trusted across a change, so replicas sharing a database stay correct. The JSON body also depends
//! on the day (review and composition warnings), so it is remembered per day.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use actix_web::web::Bytes;
use chrono::NaiveDate;
use domain::access::Resource;
use persistence::agreements::{self as store, Aggregate, Freshness};
use persistence::ids::AgreementId;
use persistence::DbConnection;

use crate::error::ApiError;

/// Enough for the agreements a national deployment reads often; beyond it the map starts again.
const MAX_REMEMBERED: usize = 2_048;
/// Kept states remembered (about 10 kB each); beyond it the map starts again.
const MAX_KEPT: usize = 256;
/// Days an agreement's `as_of` body is remembered for; beyond it the map starts again (the days are
/// the callers' to choose, so the memory they may hold is bounded: a few bodies per agreement).
const MAX_DAYS: usize = 2;

/// A state of an agreement as kept with one of its changes (R-TM-06), as first read: kept states
/// are only ever inserted, so one read under its sequence stays the state.
pub struct KeptAgreement {
    pub version: i64,
    pub body: Bytes,
    /// Whether the agreement was published then (who could read it then).
    pub published: bool,
}

/// One agreement as read, with its policy view and (once asked for) its JSON body of a day.
pub struct Snapshot {
    pub aggregate: Aggregate,
    pub resource: Resource,
    body: Mutex<Option<(NaiveDate, Bytes, String)>>,
    /// The agreement as it stood on each day asked (`as_of`), with its ETag: built from the same rows
    /// and registry as the snapshot, and its variations' dates, all of which its freshness covers.
    as_of: Mutex<HashMap<NaiveDate, (Bytes, String)>>,
}

impl Snapshot {
    /// The agreement's representation as on `day` and its ETag, serialised and digested once per day.
    pub fn body(&self, conn: &mut DbConnection, day: NaiveDate) -> Result<(Bytes, String), ApiError> {
        if let Some((on, body, tag)) = self.body.lock().ok().and_then(|b| b.clone()) {
            if on == day {
                return Ok((body, tag));
            }
        }
        let representation = super::representation_on(conn, &self.aggregate, day)?;
        let body = Bytes::from(serde_json::to_vec(&representation).map_err(|e| ApiError::Internal(e.to_string()))?);
        let tag = crate::context::representation_etag(self.aggregate.agreement.version, &body);
        if let Ok(mut remembered) = self.body.lock() {
            *remembered = Some((day, body.clone(), tag.clone()));
        }
        Ok((body, tag))
    }

    /// The body `build` makes of the agreement as it stood on `day`, and its ETag, built once per day.
    pub fn body_as_of(
        &self,
        day: NaiveDate,
        build: impl FnOnce(&Aggregate) -> Result<Bytes, ApiError>,
    ) -> Result<(Bytes, String), ApiError> {
        if let Some(known) = self.as_of.lock().ok().and_then(|days| days.get(&day).cloned()) {
            return Ok(known);
        }
        let body = build(&self.aggregate)?;
        let tag = crate::context::representation_etag(self.aggregate.agreement.version, &body);
        if let Ok(mut days) = self.as_of.lock() {
            if days.len() >= MAX_DAYS {
                days.clear();
            }
            days.insert(day, (body.clone(), tag.clone()));
        }
        Ok((body, tag))
    }
}

#[derive(Default)]
pub struct AgreementCache {
    snapshots: RwLock<HashMap<AgreementId, (Freshness, Arc<Snapshot>)>>,
    kept: RwLock<HashMap<(AgreementId, i64), Arc<KeptAgreement>>>,
}

impl AgreementCache {
    /// The agreement as stored now (`None` if there is none), from memory when nothing it was built
    /// from has changed.
    pub fn load(&self, conn: &mut DbConnection, id: AgreementId) -> Result<Option<Arc<Snapshot>>, ApiError> {
        // Read before the rows: a snapshot is never older than the freshness it is filed under.
        let Some(freshness) = store::freshness_of(conn, id)? else { return Ok(None) };
        self.load_as_of(conn, id, freshness)
    }

    /// [`load`](Self::load) given the agreement's freshness, read by the caller (with something else
    /// in the same statement) before anything else of the agreement.
    pub fn load_as_of(
        &self,
        conn: &mut DbConnection,
        id: AgreementId,
        freshness: Freshness,
    ) -> Result<Option<Arc<Snapshot>>, ApiError> {
        let remembered =
            self.snapshots.read().ok().and_then(|map| {
                map.get(&id).filter(|(built_from, _)| *built_from == freshness).map(|(_, s)| s.clone())
            });
        if remembered.is_some() {
            return Ok(remembered);
        }
        let Some(aggregate) = store::load(conn, id)? else { return Ok(None) };
        let resource = super::resource(conn, &aggregate)?;
        let snapshot = Arc::new(Snapshot { aggregate, resource, body: Mutex::new(None), as_of: Mutex::default() });
        if let Ok(mut map) = self.snapshots.write() {
            if map.len() >= MAX_REMEMBERED {
                map.clear();
            }
            map.insert(id, (freshness, snapshot.clone()));
        }
        Ok(Some(snapshot))
    }

    /// The agreement's state kept under the audit event `sequence`, read once.
    pub fn kept(
        &self,
        conn: &mut DbConnection,
        id: AgreementId,
        sequence: i64,
    ) -> Result<Option<Arc<KeptAgreement>>, ApiError> {
        if let Some(kept) = self.kept.read().ok().and_then(|map| map.get(&(id, sequence)).cloned()) {
            return Ok(Some(kept));
        }
        let Some(row) = persistence::history::kept(conn, persistence::history::AGREEMENT, &id.to_string(), sequence)?
        else {
            return Ok(None);
        };
        let published = crate::service::history::published_in(&row.body)?;
        let kept = Arc::new(KeptAgreement { version: row.version, body: Bytes::from(row.body), published });
        if let Ok(mut map) = self.kept.write() {
            if map.len() >= MAX_KEPT {
                map.clear();
            }
            map.insert((id, sequence), kept.clone());
        }
        Ok(Some(kept))
    }
}
