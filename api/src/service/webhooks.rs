//! Webhook subscriptions: views, target and event-type checks, and who may subscribe an
//! organisation. Delivery is `crate::webhooks`; where targets may be is `webhook_targets`.

use domain::access::{Action, Resource, ResourceKind};
use domain::webhooks::TrustedNetwork;
use openapi::webhooks::{DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookStatus, WebhookSubscription};
use persistence::registry::organisation_store;
use persistence::webhooks::{self as store, subscription_store, AttemptRow, DeliveryRow, SubscriptionRow};
use persistence::DbConnection;

use crate::convert;
use crate::error::ApiError;
use crate::service::allow;

pub const KIND: ResourceKind = ResourceKind::WebhookSubscription;

pub fn resource(row: &SubscriptionRow) -> Result<Resource, ApiError> {
    Ok(Resource::owned(KIND, Some(convert::uuid(&row.organisation_id)?), false))
}

pub fn view(row: &SubscriptionRow) -> Result<WebhookSubscription, ApiError> {
    let status = match (row.active, row.paused_at.is_some()) {
        (false, _) => WebhookStatus::Inactive,
        (true, true) => WebhookStatus::Paused,
        (true, false) => WebhookStatus::Active,
    };
    Ok(WebhookSubscription {
        id: convert::uuid(&row.id)?,
        organisation_id: convert::uuid(&row.organisation_id)?,
        target_url: row.target_url.clone(),
        event_types: row.event_types.split(',').filter(|t| !t.is_empty()).map(String::from).collect(),
        active: row.active,
        status,
        paused_at: row.paused_at.map(convert::instant),
        paused_reason: row.paused_reason.clone(),
        consecutive_failures: row.consecutive_failures,
        version: row.version,
        created_at: convert::instant(row.created_at),
        updated_at: convert::instant(row.updated_at),
    })
}

pub fn delivery_view(row: DeliveryRow, attempts: Vec<AttemptRow>) -> Result<WebhookDelivery, ApiError> {
    let delivered = row.status == store::DELIVERED;
    Ok(WebhookDelivery {
        id: convert::uuid(&row.id)?,
        subscription_id: convert::uuid(&row.subscription_id)?,
        sequence: row.event_sequence,
        event_type: row.event_type,
        status: if delivered { DeliveryStatus::Delivered } else { DeliveryStatus::Pending },
        attempts: attempts
            .into_iter()
            .map(|a| WebhookAttempt {
                attempted_at: convert::instant(a.attempted_at),
                status_code: a.status_code,
                error: a.error,
                duration_ms: a.duration_ms,
            })
            .collect(),
        next_attempt_at: (!delivered).then(|| convert::instant(row.next_attempt_at)),
        delivered_at: row.delivered_at.map(convert::instant),
        created_at: convert::instant(row.created_at),
    })
}

/// Checks a target URL and where its host resolves. Resolving a name may take a while: run it on
/// the blocking pool, outside any transaction, and only after the caller is authorised, so its
/// answers tell nothing about the hosting network to anyone else.
pub fn check_target(target_url: &str, trusted: &[TrustedNetwork]) -> Result<(), ApiError> {
    crate::service::webhook_targets::check(target_url, trusted)
        .map_err(|message| ApiError::invalid_field("/target_url", "invalid", message))
}

/// Checks the event types; returns their stored form.
pub fn checked(event_types: &[String]) -> Result<String, ApiError> {
    for (i, kind) in event_types.iter().enumerate() {
        let well_formed = kind.len() <= 100
            && kind.contains('.')
            && kind.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
        if !well_formed {
            return Err(ApiError::invalid_field(
                format!("/event_types/{i}"),
                "invalid",
                "an event type looks like collaboration_agreement.signed",
            ));
        }
    }
    Ok(event_types.join(","))
}

/// The organisation exists (422) and the caller may subscribe it (403).
pub fn may_subscribe(
    conn: &mut DbConnection,
    principal: &domain::access::Principal,
    organisation: uuid::Uuid,
) -> Result<(), ApiError> {
    organisation_store::find(conn, &organisation.to_string())?
        .ok_or_else(|| ApiError::unknown_reference("/organisation_id", "organisation"))?;
    // Asking to subscribe an organisation is no secret (as for authority checks): described as
    // visible, so another organisation's admin is told what is missing rather than "not found".
    allow(principal, Action::Create, &Resource::owned(KIND, Some(organisation), true))
}

pub fn load(conn: &mut DbConnection, id: &str) -> Result<SubscriptionRow, ApiError> {
    subscription_store::find(conn, id)?.ok_or(ApiError::NotFound)
}
