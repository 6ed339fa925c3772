//! Webhook subscriptions and their delivery log.
//!
//! Every delivery is a `POST` of a [`ChangeEvent`](crate::events::ChangeEvent) as JSON with these
//! headers:
//! - `X-Governance-Event`: the event type, e.g. `collaboration_agreement.signed`;
//! - `X-Governance-Delivery`: the delivery id (the same on every retry and redelivery of it);
//! - `X-Governance-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the
//!   subscription's secret>`. Receivers recompute it over the raw body, compare in constant time
//!   and reject old timestamps (e.g. more than five minutes) to defeat replays.
//!
//! Any 2xx answer within ten seconds counts as delivered; anything else is retried with exponential
//! backoff and jitter, and the subscription is paused (with the reason) after repeated failures in a
//! row. Deliveries wait while a subscription is paused and go out when it is resumed.

use crate::examples as ex;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "organisation_id": ex::WEST_MERCIA_OPCC,
    "target_url": "https://example.org/governance-hooks/west-mercia-opcc",
    "event_types": ["collaboration_agreement.signed", "delegation.revoked"],
    "active": true
})))]
pub struct NewWebhookSubscription {
    /// The organisation whose view of the change feed is delivered (the caller's, as org_admin).
    pub organisation_id: Uuid,
    /// `https://` URL that receives the POSTs. Its host must resolve only to public addresses
    /// (loopback, private, link-local and other non-public addresses are refused, here and at each
    /// delivery); plain `http://` is accepted only for receivers in the operator's trusted networks.
    pub target_url: String,
    /// Event types to receive, e.g. `collaboration_agreement.signed`; empty or absent means all.
    #[serde(default)]
    pub event_types: Vec<String>,
    /// Defaults to true.
    pub active: Option<bool>,
    /// Backfill: a change-feed cursor (a feed page's `next_cursor`, or an export's `Feed-Cursor`):
    /// the events after it that the organisation may see are queued at once, in order, then every
    /// later one as it happens, none missed and none twice. At most 10,000 events back.
    #[schema(pattern = "^[0-9]{1,12}$", example = "1042")]
    pub start_after: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"event_types": ["collaboration_agreement.signed"], "active": true})))]
pub struct WebhookSubscriptionUpdate {
    pub target_url: Option<String>,
    pub event_types: Option<Vec<String>>,
    /// False stops new events being queued for this subscription (and stops sending).
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebhookStatus {
    /// Receiving deliveries.
    Active,
    /// Paused automatically after repeated failure: events are still queued; resume to send them.
    Paused,
    /// Switched off by its organisation: nothing is queued.
    Inactive,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookSubscription {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub target_url: String,
    /// Empty means every event the organisation may see.
    pub event_types: Vec<String>,
    pub active: bool,
    pub status: WebhookStatus,
    pub paused_at: Option<DateTime<Utc>>,
    /// Why the service paused it.
    pub paused_reason: Option<String>,
    pub consecutive_failures: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(WebhookSubscriptionList, WebhookSubscription);

/// The create response: the subscription and its signing secret, shown this once only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedWebhookSubscription {
    #[serde(flatten)]
    pub subscription: WebhookSubscription,
    /// 64 hex characters; the HMAC-SHA256 key for `X-Governance-Signature`. Never returned again.
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookAttempt {
    pub attempted_at: DateTime<Utc>,
    /// The receiver's HTTP status, if it answered.
    pub status_code: Option<i64>,
    /// What went wrong, if the attempt failed.
    pub error: Option<String>,
    pub duration_ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt (or for the subscription to be resumed).
    Pending,
    Delivered,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookDelivery {
    /// Sent as `X-Governance-Delivery`.
    pub id: Uuid,
    pub subscription_id: Uuid,
    /// The change feed position of the event.
    pub sequence: i64,
    pub event_type: String,
    pub status: DeliveryStatus,
    pub attempts: Vec<WebhookAttempt>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}
list_of!(WebhookDeliveryList, WebhookDelivery);
