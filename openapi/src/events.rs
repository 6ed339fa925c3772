//! The change feed: every change the caller may see, in commit order.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One change, as an intranet synchronising with the service needs it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangeEvent {
    /// Position in the feed (increasing, with gaps where events are not for the caller).
    pub sequence: i64,
    /// `<resource_type>.<what happened>`, e.g. `collaboration_agreement.signed`, `delegation.revoked`.
    pub event_type: String,
    pub resource_type: String,
    pub resource_id: String,
    /// The resource's version after the change, where it has one.
    pub version: Option<i64>,
    pub occurred_at: DateTime<Utc>,
    /// The record as the caller may read it when the event is read (its own GET's representation,
    /// redacted as that GET redacts it; its `version` may be later than this event's), so no
    /// follow-up read is needed. Absent when the record has no representation of its own (e.g. a
    /// board membership: read its board) or no longer exists.
    // Held as the JSON text it is written as: a page holds fifty, and as trees of values they took
    // several times their size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub resource: Option<Box<serde_json::value::RawValue>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChangeEventList {
    pub items: Vec<ChangeEvent>,
    /// Where to continue from, always given: pass it as `after`. It is the sequence number (decimal
    /// digits) of the last event this page looked at, visible to the caller or not, so keep it even
    /// when `items` is empty; a page that reached the end of the feed answers the cursor to poll from.
    #[schema(example = "1042")]
    pub next_cursor: String,
    /// true: more events were there when this page was read; ask again at once with `next_cursor`.
    /// false: the feed is read to its end; poll later with `next_cursor`.
    pub has_more: bool,
}
