//! The change feed: every change the caller may see, in commit order.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One change, as an intranet synchronising with the service needs it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangeEvent {
    /// Position in the feed; pass the page's `next_cursor` as `after` to continue.
    pub sequence: i64,
    /// `<resource_type>.<what happened>`, e.g. `collaboration_agreement.signed`, `delegation.revoked`.
    pub event_type: String,
    pub resource_type: String,
    pub resource_id: String,
    /// The resource's version after the change, where it has one.
    pub version: Option<i64>,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangeEventList {
    pub items: Vec<ChangeEvent>,
    /// Where to continue from: pass as `after`. Null when the feed has been read to its end (poll
    /// again later with the last cursor you had).
    pub next_cursor: Option<String>,
}
