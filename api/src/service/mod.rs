//! The use cases: one module per capability. A use case takes the transaction (or connection), the
//! principal, typed ids and a typed command, and returns a typed result or an `ApiError`; it knows
//! nothing of HTTP requests or responses. Handlers in `routes` extract, call one use case, respond.

pub mod webhook_targets;

use domain::access::{authorize, Action, Resource, ResourceKind};
use domain::{Period, RuleViolation};
use persistence::registry::{UpdateOutcome, Versioned};
use persistence::{DbConnection, StoreError};

use crate::error::ApiError;

/// The id of a new row: a UUID v7 (time-ordered, so keyset pages follow creation).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The instant a row is written (the one clock read a change makes).
pub fn now() -> chrono::NaiveDateTime {
    persistence::audit::now()
}

/// Today, for a question asked without a date (the day a read is "as at", an act's default date).
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A record anyone may read (the public registry).
pub fn public(kind: ResourceKind) -> Resource {
    Resource::public(kind)
}

/// Asks the policy; every handler goes through here.
pub fn allow(principal: &domain::access::Principal, action: Action, resource: &Resource) -> Result<(), ApiError> {
    authorize(principal, action, resource).map_err(ApiError::from)
}

/// Asks the policy about an act done for a corporation sole (a party's withdrawal, a termination, a
/// delegation or scheme it makes): a platform role gives no standing (`domain::access::authorize_act`).
pub fn allow_act(principal: &domain::access::Principal, action: Action, resource: &Resource) -> Result<(), ApiError> {
    domain::access::authorize_act(principal, action, resource).map_err(ApiError::from)
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
pub fn group_by<K: std::hash::Hash + Eq, T>(
    rows: Vec<T>,
    key: impl Fn(&T) -> K,
) -> std::collections::HashMap<K, Vec<T>> {
    let mut groups: std::collections::HashMap<K, Vec<T>> = std::collections::HashMap::new();
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

/// The prefix of every resource path (for `Location` headers).
pub const LOCATION_PREFIX: &str = "/api/v1";
pub mod actions;
pub mod agreements;
pub mod appointments;
pub mod attendees;
pub mod audit;
pub mod authority;
pub mod authority_cache;
pub mod boards;
pub mod collaborations;
pub mod corporations_sole;
pub mod corrections;
pub mod decisions;
pub mod delegations;
pub mod events;
pub mod exports;
pub mod forces;
pub mod forward_plan;
pub mod history;
pub mod interests;
pub mod meetings;
pub mod minutes;
pub mod office_authority;
pub mod organisations;
pub mod page_cache;
pub mod people;
pub mod posts;
pub mod questions;
pub mod read_probe;
pub mod records_of_decision;
pub mod register;
pub mod register_cache;
pub mod representations;
pub mod rules;
pub mod search;
pub mod succession;
pub mod transfer_execution;
pub mod trusted_issuers;
pub mod webhooks;
