//! Route handlers, one module per capability. Each handler reads like a paragraph:
//! authenticate (the context) -> parse -> load -> decide (domain) -> store with audit -> respond.

pub mod actions;
pub mod agreements;
pub mod appointments;
pub mod audit;
pub mod authority;
pub mod boards;
pub mod collaborations;
pub mod corporations_sole;
pub mod decisions;
pub mod delegations;
pub mod events;
pub mod forces;
pub mod meetings;
pub mod minutes;
pub mod organisations;
pub mod people;
pub mod posts;
pub mod records_of_decision;
pub mod system;
pub mod webhooks;

use domain::access::{authorize, Action, Resource, ResourceKind};
use domain::{Period, RuleViolation};
use persistence::registry::{UpdateOutcome, Versioned};
use persistence::{DbConnection, StoreError};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::extract::{decode_cursor, page_limit};

/// `limit` and `cursor`, shared by every list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct Paging {
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Paging {
    pub fn request(&self) -> Result<persistence::registry::PageRequest, ApiError> {
        Ok(persistence::registry::PageRequest {
            after: decode_cursor(self.cursor.as_deref())?,
            limit: page_limit(self.limit)?,
        })
    }
}

/// A record anyone may read (the public registry).
pub fn public(kind: ResourceKind) -> Resource {
    Resource::public(kind)
}

/// Asks the policy; every handler goes through here.
pub fn allow(principal: &domain::access::Principal, action: Action, resource: &Resource) -> Result<(), ApiError> {
    authorize(principal, action, resource).map_err(ApiError::from)
}

/// Refuses a change whose If-Match names another version than the stored one.
pub fn check_version<R: Versioned>(row: &R, expected: i64) -> Result<(), ApiError> {
    if row.version() == expected {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed { current: row.version() })
    }
}

/// Moves a loaded row to its next version and writes it if nobody changed it meanwhile.
pub fn save<R: Versioned>(
    conn: &mut DbConnection,
    row: &mut R,
    expected: i64,
    update: fn(&mut DbConnection, &R, i64) -> Result<UpdateOutcome, StoreError>,
) -> Result<(), ApiError> {
    check_version(row, expected)?;
    row.next_version();
    match update(conn, row, expected)? {
        UpdateOutcome::Updated => Ok(()),
        UpdateOutcome::VersionMismatch => Err(ApiError::PreconditionFailed { current: expected + 1 }),
        UpdateOutcome::NotFound => Err(ApiError::NotFound),
    }
}

/// Child rows grouped by their parent's id (for assembling a page of views), keeping their order.
pub fn group_by<T>(rows: Vec<T>, key: impl Fn(&T) -> String) -> std::collections::HashMap<String, Vec<T>> {
    let mut groups: std::collections::HashMap<String, Vec<T>> = std::collections::HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}

/// Collects violations from several checks and refuses if there are any.
pub fn refuse_if_any(checks: impl IntoIterator<Item = Vec<RuleViolation>>) -> Result<(), ApiError> {
    ApiError::check(checks.into_iter().flatten().collect())
}

/// Validates an end date against the record's start (if it has one).
pub fn end_period(starts_on: Option<chrono::NaiveDate>, ends_on: chrono::NaiveDate) -> Result<(), ApiError> {
    if let Some(start) = starts_on {
        refuse_if_any([domain::rules::check_period(&Period::new(start, Some(ends_on)), "")])?;
    }
    Ok(())
}

/// Problem responses every operation may give; the document modifier adds them (see `doc.rs`).
pub const LOCATION_PREFIX: &str = "/api/v1";
