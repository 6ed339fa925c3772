//! Audit events and chain verification.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One recorded change. `hash` covers every other field and the previous event's hash.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEvent {
    pub sequence: i64,
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    /// Token subject of who made the change.
    pub actor: String,
    /// The organisation the actor acted for.
    pub organisation_id: Option<String>,
    /// e.g. `create`, `update`, `end`.
    pub action: String,
    pub resource_type: String,
    pub resource_id: String,
    /// The resource's version after the change, where it has one.
    pub resource_version: Option<i64>,
    /// SHA-256 (hex) of the resource's representation after the change.
    pub state_digest: String,
    pub request_id: String,
    pub previous_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEventList {
    pub items: Vec<AuditEvent>,
    pub next_cursor: Option<String>,
}

/// Where the chain stops verifying.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BrokenLink {
    pub sequence: i64,
    pub event_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditVerification {
    /// True when every event's hash recomputes and links to the one before.
    pub valid: bool,
    pub events_checked: i64,
    pub head_sequence: i64,
    pub first_broken_link: Option<BrokenLink>,
}
