//! The webhook delivery worker: fans outbox rows out into per-subscription deliveries (only events
//! the subscribing organisation may see, by the change feed's own rule), then sends due deliveries,
//! signed, and records each attempt with its backoff.
//!
//! Deliveries go to public `https` addresses only, or to receivers in networks the operator trusts
//! (`service::webhook_targets`): the client's resolver refuses any other address at connection time.
//! What an attempt records of a failure says nothing about the hosting network.

use std::time::{Duration, Instant};

use actix_web::web;
use hmac::{Hmac, Mac};
use persistence::audit;
use persistence::webhooks::{self as store, AttemptId, AttemptRow, Claimed, Outcome};
use rand::Rng;
use sha2::Sha256;

use crate::config::WebhookSettings;
use crate::error::ApiError;
use crate::service::webhook_targets;
use crate::service::webhooks::decide;
use crate::state::AppState;

/// The headers every delivery carries.
pub const SIGNATURE_HEADER: &str = "X-Governance-Signature";
pub const EVENT_HEADER: &str = "X-Governance-Event";
pub const DELIVERY_HEADER: &str = "X-Governance-Delivery";

/// What an attempt that got no answer records, whatever the cause.
pub const UNREACHABLE: &str = "no answer from the target (not reachable at an allowed address, or timed out)";

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the secret's text.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> Result<String, ApiError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|e| ApiError::Internal(e.to_string()))?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    Ok(format!("t={timestamp},v1={}", hex::encode(mac.finalize().into_bytes())))
}

/// Retry n (0 for the first retry) waits min(base * 2^n, cap) plus up to half that of jitter.
pub fn backoff(settings: &WebhookSettings, retry: i64) -> Duration {
    let exponent = u32::try_from(retry.clamp(0, 30)).unwrap_or(30);
    let delay = settings.backoff_base.saturating_mul(2u32.saturating_pow(exponent)).min(settings.backoff_cap);
    let jitter_ms = rand::thread_rng().gen_range(0..=delay.as_millis() as u64 / 2);
    delay + Duration::from_millis(jitter_ms)
}

/// Starts the worker on the current actix system; it stops with the system.
pub fn start(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let interval = state.settings.webhooks.poll_interval;
        loop {
            let shared = state.clone();
            let busy = match web::block(move || run_once(&shared)).await {
                Ok(Ok(worked)) => worked,
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "webhook worker");
                    false
                }
                Err(e) => {
                    tracing::warn!(error = %e, "webhook worker");
                    false
                }
            };
            if !busy {
                actix_web::rt::time::sleep(interval).await;
            }
        }
    });
}

/// One round: fan out the outbox, then send what is due. True if there was anything to do.
pub fn run_once(state: &AppState) -> Result<bool, ApiError> {
    let fanned = store::fan_out(&state.db, 100, decide)?;
    let now = audit::now();
    // A claim outlives any attempt (the timeout) by far, so no other worker retries it meanwhile.
    let lease = chrono::Duration::from_std(state.settings.webhooks.timeout * 6)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let claimed = store::claim_due(&state.db, now, now + lease, 20)?;
    let sent = claimed.len();
    for claim in claimed {
        send(state, claim)?;
    }
    Ok(fanned > 0 || sent > 0)
}

/// Makes one attempt and records it.
fn send(state: &AppState, claim: Claimed) -> Result<(), ApiError> {
    let settings = &state.settings.webhooks;
    let Claimed { delivery, subscription } = claim;
    let timestamp = chrono::Utc::now().timestamp();
    let secret = state.secret_box.open(&subscription.secret).map_err(ApiError::Internal)?;
    let signed = signature(&secret, timestamp, &delivery.payload)?;
    let started = Instant::now();
    let (status_code, error) = match webhook_targets::scheme_of(&subscription.target_url) {
        None => (None, Some(UNREACHABLE.to_string())),
        Some(scheme) => {
            let agent = ureq::AgentBuilder::new()
                .timeout(settings.timeout)
                .redirects(0)
                .resolver(webhook_targets::guarded_resolver(scheme, settings.trusted_networks.clone()))
                .build();
            let result = agent
                .post(&subscription.target_url)
                .set("Content-Type", "application/json")
                .set(SIGNATURE_HEADER, &signed)
                .set(EVENT_HEADER, &delivery.event_type)
                .set(DELIVERY_HEADER, &delivery.id.to_string())
                .send_string(&delivery.payload);
            match result {
                Ok(response) if (200..300).contains(&response.status()) => (Some(i64::from(response.status())), None),
                Ok(response) => (Some(i64::from(response.status())), Some(format!("answered {}", response.status()))),
                Err(ureq::Error::Status(code, _)) => (Some(i64::from(code)), Some(format!("answered {code}"))),
                Err(ureq::Error::Transport(transport)) => {
                    // The detail (refused, unreachable, no such name) would map the hosting network:
                    // it goes to the operator's log only.
                    tracing::info!(subscription = %subscription.id, error = %transport, "webhook delivery failed");
                    (None, Some(UNREACHABLE.to_string()))
                }
            }
        }
    };
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let attempted_at = audit::now();
    let wait = chrono::Duration::from_std(backoff(settings, delivery.attempts))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let outcome = Outcome {
        delivered: error.is_none(),
        attempt: AttemptRow {
            id: AttemptId::generate(),
            delivery_id: delivery.id,
            attempted_at,
            status_code,
            error,
            duration_ms,
        },
        retry_at: attempted_at + wait,
        pause_after: i64::from(settings.pause_after),
    };
    store::record_attempt(&state.db, &delivery, outcome)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body() {
        // Recomputed independently: echo -n '1700000000.{}' | openssl dgst -sha256 -hmac secret
        let signed = signature("secret", 1_700_000_000, "{}").unwrap_or_default();
        assert_eq!(signed, "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163");
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_bounded_jitter() {
        let settings = WebhookSettings {
            backoff_base: Duration::from_millis(100),
            backoff_cap: Duration::from_millis(1_000),
            ..WebhookSettings::default()
        };
        for (retry, floor) in [(0, 100), (1, 200), (3, 800), (4, 1_000), (40, 1_000)] {
            let wait = backoff(&settings, retry).as_millis();
            assert!(wait >= floor && wait <= floor * 3 / 2, "retry {retry}: {wait}");
        }
    }
}
