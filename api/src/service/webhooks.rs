//! Webhook subscriptions: views, target and event-type checks, and who may subscribe an
//! organisation. Delivery is `crate::webhooks`; where targets may be is `webhook_targets`.

use domain::access::{list_scope, Action, Principal, Resource, ResourceKind};
use domain::webhooks::TrustedNetwork;
use openapi::webhooks::WebhookSubscriptionList;
use openapi::webhooks::{
    CreatedWebhookSubscription, DeliveryStatus, NewWebhookSubscription, WebhookAttempt, WebhookDelivery,
    WebhookDeliveryList, WebhookStatus, WebhookSubscription, WebhookSubscriptionUpdate,
};
use persistence::audit::AuditEventRow;
use persistence::registry::{organisation_store, PageRequest};
use persistence::webhooks::{
    self as store, subscription_store, AttemptRow, DeliveryId, DeliveryRow, Fanned, SubscriptionId, SubscriptionRow,
};
use persistence::{Change, DbConnection};
use rand::RngCore;
use uuid::Uuid;

use crate::context::{representation_etag, versioned_change};
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::events::{event_type, may_see};
use crate::service::{allow, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::WebhookSubscription;

pub fn resource(row: &SubscriptionRow) -> Result<Resource, ApiError> {
    Ok(Resource::owned(KIND, Some(row.organisation_id.uuid()), false))
}

pub fn view(row: &SubscriptionRow) -> Result<WebhookSubscription, ApiError> {
    let status = match (row.active, row.paused_at.is_some()) {
        (false, _) => WebhookStatus::Inactive,
        (true, true) => WebhookStatus::Paused,
        (true, false) => WebhookStatus::Active,
    };
    Ok(WebhookSubscription {
        id: row.id.uuid(),
        organisation_id: row.organisation_id.uuid(),
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
        id: row.id.uuid(),
        subscription_id: row.subscription_id.uuid(),
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
    crate::service::webhook_targets::check(target_url, trusted).map_err(|message| {
        ApiError::Rules(vec![domain::RuleViolation::new("webhook.target_refused", "/target_url", message)])
    })
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
    organisation_store::find(conn, organisation.into())?
        .ok_or_else(|| ApiError::unknown_reference("/organisation_id", "organisation"))?;
    // Asking to subscribe an organisation is no secret (as for authority checks): described as
    // visible, so another organisation's admin is told what is missing rather than "not found".
    allow(principal, Action::Create, &Resource::owned(KIND, Some(organisation), true))
}

pub fn load(conn: &mut DbConnection, id: SubscriptionId) -> Result<SubscriptionRow, ApiError> {
    subscription_store::find(conn, id)?.ok_or(ApiError::NotFound)
}

/// A subscription for an organisation, by its org_admin; the answer is the only time its signing
/// secret is shown. The target was checked (and resolved) before the transaction.
pub fn create_webhook_subscription(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewWebhookSubscription,
    secrets: &crate::secret_box::SecretBox,
) -> Result<Change, ApiError> {
    let organisation_id = new.organisation_id.into();
    may_subscribe(tx, principal, new.organisation_id)?;
    let event_types = checked(&new.event_types)?;
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let secret = hex::encode(secret);
    // Backfill: hold the chain so that every event is either among those queued here (up to the head
    // read now) or committed after the subscription, and so fanned out by the worker: none missed,
    // none twice.
    let backfill = match new.start_after.as_deref() {
        Some(cursor) => Some(backfill_range(tx, cursor)?),
        None => None,
    };
    let now = persistence::audit::now();
    let row = SubscriptionRow {
        id: SubscriptionId::generate(),
        organisation_id,
        target_url: new.target_url,
        event_types,
        secret: secrets.seal(&secret).map_err(ApiError::Internal)?,
        active: new.active.unwrap_or(true),
        paused_at: None,
        paused_reason: None,
        consecutive_failures: 0,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    subscription_store::insert(tx, &row)?;
    if let Some((after, head)) = backfill {
        for event in persistence::audit::events_between(tx, after, head)? {
            if let Some(fanned) = decide(tx, &event, &row)? {
                store::insert_delivery(tx, row.id, event.sequence, fanned, now)?;
            }
        }
    }
    let location = format!("{LOCATION_PREFIX}/webhook-subscriptions/{}", row.id);
    let created = CreatedWebhookSubscription { subscription: view(&row)?, secret };
    versioned_change("create", KIND, row.id, row.version, &created, Some(location))
}

/// The most events a new subscription may ask to be sent again; a longer history is loaded with an
/// export and followed from its cursor.
pub const MAX_BACKFILL: i64 = 10_000;

/// The events a backfill from `cursor` (a change-feed cursor) covers: after it, up to the head, held.
fn backfill_range(tx: &mut DbConnection, cursor: &str) -> Result<(i64, i64), ApiError> {
    let pointer = "/start_after";
    let after: i64 =
        cursor.parse().ok().filter(|after| *after >= 0).ok_or_else(|| {
            ApiError::invalid_field(pointer, "invalid", "start_after is a change-feed cursor (digits)")
        })?;
    let head = persistence::audit::hold_chain(tx)?;
    if after > head {
        let why = format!("start_after {after} is beyond the change feed's last event ({head})");
        return Err(ApiError::Rules(vec![domain::RuleViolation::new("out_of_range", pointer, why)]));
    }
    if head - after > MAX_BACKFILL {
        let why = format!(
            "at most {MAX_BACKFILL} events are sent again ({} asked): export, then subscribe from the export's Feed-Cursor",
            head - after
        );
        return Err(ApiError::Rules(vec![domain::RuleViolation::new("webhook.backfill_too_long", pointer, why)]));
    }
    Ok((after, head))
}

/// Changes a subscription's target (checked before the transaction), event types or activity.
pub fn update_webhook_subscription(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: WebhookSubscriptionUpdate,
) -> Result<Change, ApiError> {
    let mut row = load(tx, id.into())?;
    allow(principal, Action::Update, &resource(&row)?)?;
    if let Some(types) = &patch.event_types {
        row.event_types = checked(types)?;
    }
    if let Some(url) = patch.target_url {
        row.target_url = url;
    }
    if let Some(active) = patch.active {
        row.active = active;
    }
    save(tx, &mut row, expected, subscription_store::update_versioned)?;
    versioned_change("update", KIND, row.id, row.version, &view(&row)?, None)
}

/// Queues one delivery again (202): the same delivery id and body.
pub fn redeliver_webhook_delivery(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    delivery_id: Uuid,
) -> Result<Change, ApiError> {
    let row = load(tx, id.into())?;
    allow(principal, Action::Update, &resource(&row)?)?;
    let delivery = store::find_delivery(tx, DeliveryId::from(delivery_id))?
        .filter(|d| d.subscription_id == row.id)
        .ok_or(ApiError::NotFound)?;
    store::redeliver(tx, delivery.id)?;
    let queued = store::find_delivery(tx, delivery.id)?.ok_or(ApiError::NotFound)?;
    let attempts = store::attempts_of(tx, queued.id)?;
    let body =
        serde_json::to_string(&delivery_view(queued, attempts)?).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Change {
        action: "redeliver",
        resource_type: KIND.as_str(),
        resource_id: row.id.to_string(),
        version: Some(row.version),
        status: 202,
        etag: Some(representation_etag(row.version, body.as_bytes())),
        body,
        location: None,
        related: Vec::new(),
        extent: Default::default(),
    })
}

pub fn list_webhook_deliveries(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    page: PageRequest,
) -> Result<WebhookDeliveryList, ApiError> {
    let row = load(conn, id.into())?;
    allow(principal, Action::Read, &resource(&row)?)?;
    let page = store::list_deliveries(conn, row.id, &page)?;
    Ok(WebhookDeliveryList {
        items: page
            .items
            .into_iter()
            .map(|(delivery, attempts)| delivery_view(delivery, attempts))
            .collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn list_webhook_subscriptions(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
) -> Result<WebhookSubscriptionList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let page = store::list_subscriptions(conn, scope, &page)?;
    Ok(WebhookSubscriptionList {
        items: page.items.iter().map(view).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_webhook_subscription(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
) -> Result<WebhookSubscription, ApiError> {
    let row = load(conn, id.into())?;
    allow(principal, Action::Read, &resource(&row)?)?;
    view(&row)
}

pub fn resume_webhook_subscription(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<Change, ApiError> {
    let mut row = load(tx, id.into())?;
    allow(principal, Action::Update, &resource(&row)?)?;
    row.paused_at = None;
    row.paused_reason = None;
    row.consecutive_failures = 0;
    save(tx, &mut row, expected, subscription_store::update_versioned)?;
    versioned_change("resume", KIND, row.id, row.version, &view(&row)?, None)
}

/// Whether (and what) a subscription receives for an event: its types, and what its organisation
/// may see of the record now.
pub fn decide(
    conn: &mut DbConnection,
    event: &AuditEventRow,
    subscription: &SubscriptionRow,
) -> Result<Option<Fanned>, ApiError> {
    let name = event_type(&event.resource_type, &event.action);
    let wanted = subscription.event_types.is_empty() || subscription.event_types.split(',').any(|t| t == name);
    if !wanted {
        return Ok(None);
    }
    let principal = Principal {
        subject: format!("webhook-subscription:{}", subscription.id),
        organisation_id: Some(subscription.organisation_id.uuid()),
        organisation_slug: None,
        roles: Vec::new(),
        person_id: None,
    };
    if !may_see(conn, &principal, event)? {
        return Ok(None);
    }
    let payload = openapi::events::ChangeEvent {
        sequence: event.sequence,
        event_type: name.clone(),
        resource_type: event.resource_type.clone(),
        resource_id: event.resource_id.clone(),
        version: event.resource_version,
        occurred_at: crate::convert::instant(event.occurred_at),
        resource: crate::service::representations::read_as(
            conn,
            &principal,
            &event.resource_type,
            &event.resource_id,
            None,
        )?,
    };
    let payload = serde_json::to_string(&payload).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Some(Fanned { event_type: name, payload }))
}
