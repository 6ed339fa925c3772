//! Webhooks against a real HTTP receiver on loopback: signatures, retries, pause and resume,
//! redelivery, visibility, the delivery log, and once-only delivery with two replicas.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governance_tests::{on_both_backends, spawn, Backend, Options, TestApp};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::fixtures::{app, area, post};

/// One request the receiver got, and the status it answered.
#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: String,
    answered: u16,
}

/// A tiny HTTP server on 127.0.0.1: records every request and answers `status` (after failing
/// the first `fail_first` requests with 500).
#[derive(Clone)]
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    fail_first: Arc<AtomicUsize>,
}

impl Receiver {
    fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_else(|e| panic!("{e}"));
        let receiver = Receiver {
            url: format!("http://127.0.0.1:{port}/hook"),
            received: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
            fail_first: Arc::new(AtomicUsize::new(0)),
        };
        let shared = receiver.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let mut headers = HashMap::new();
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        headers.insert(name.trim().to_lowercase(), value.trim().to_string());
                    }
                }
                let length = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let failing = shared.fail_first.load(Ordering::SeqCst);
                let answered = if failing > 0 {
                    shared.fail_first.store(failing - 1, Ordering::SeqCst);
                    500
                } else {
                    shared.status.load(Ordering::SeqCst)
                };
                let body = String::from_utf8_lossy(&body).into_owned();
                shared.received.lock().unwrap_or_else(|e| e.into_inner()).push(Received { headers, body, answered });
                let mut stream = reader.into_inner();
                let _ = write!(stream, "HTTP/1.1 {answered} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            }
        });
        receiver
    }

    fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Bodies of requests answered 2xx.
    fn delivered(&self) -> Vec<Received> {
        self.all().into_iter().filter(|r| r.answered == 200).collect()
    }
}

/// Polls `check` until it holds, for up to ten seconds.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

fn verify(secret: &str, received: &Received) -> bool {
    let Some(header) = received.headers.get("x-governance-signature") else { return false };
    let Some((t, v1)) = header.split_once(',') else { return false };
    let (Some(t), Some(v1)) = (t.strip_prefix("t="), v1.strip_prefix("v1=")) else { return false };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else { return false };
    mac.update(format!("{t}.{}", received.body).as_bytes());
    let Ok(expected) = hex::decode(v1) else { return false };
    mac.verify_slice(&expected).is_ok()
}

fn subscribe(app: &TestApp, token: &str, organisation: &str, receiver: &Receiver, types: &[&str]) -> Value {
    app.post("/api/v1/webhook-subscriptions")
        .token(token)
        .json(&json!({"organisation_id": organisation, "target_url": receiver.url, "event_types": types}))
        .expect(201)
        .json()
}

fn deliveries(app: &TestApp, token: &str, subscription: &str) -> Vec<Value> {
    let path = format!("/api/v1/webhook-subscriptions/{subscription}/deliveries?limit=200");
    app.get(&path).token(token).send().expect(200).json()["items"].as_array().cloned().unwrap_or_default()
}

fn mentions(received: &[Received], id: &str) -> bool {
    received.iter().any(|r| r.body.contains(id))
}

fn signed_deliveries_of_visible_events_only(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let kent = area(&app, &admin, "kent");
    let wm_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let kent_admin = app.token(&kent.opcc_slug, &["org_admin"]);
    let receiver = Receiver::start();

    // Only an org_admin of the organisation subscribes it; the secret is shown once.
    app.post("/api/v1/webhook-subscriptions")
        .token(&kent_admin)
        .json(&json!({"organisation_id": wm.opcc, "target_url": receiver.url}))
        .expect(403);
    app.post("/api/v1/webhook-subscriptions")
        .token(&wm_admin)
        .json(&json!({"organisation_id": wm.opcc, "target_url": "ftp://example.org"}))
        .expect_problem(422, "webhook.target_refused");
    let created = subscribe(&app, &wm_admin, &wm.opcc, &receiver, &[]);
    let secret = created["secret"].as_str().unwrap_or_default().to_string();
    assert_eq!(secret.len(), 64);
    let id = created["id"].as_str().unwrap_or_default().to_string();
    // Issue 16: the secret is sealed at rest under a key outside the database (deliveries below are
    // still signed with it, so the worker opens it).
    let db = persistence::Database::connect(&app.database_url, 1).unwrap_or_else(|e| panic!("{e}"));
    let mut conn = db.connection().unwrap_or_else(|e| panic!("{e}"));
    let subscription_id = uuid::Uuid::parse_str(&id).unwrap_or_else(|e| panic!("{e}"));
    let stored = persistence::webhooks::subscription_store::find(&mut conn, subscription_id.into())
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("subscription {id} not stored"));
    assert!(stored.secret.starts_with("sealed1:") && !stored.secret.contains(&secret), "stored as {}", stored.secret);
    let path = format!("/api/v1/webhook-subscriptions/{id}");
    let shown = app.get(&path).token(&wm_admin).send().expect(200).json();
    assert!(shown.get("secret").is_none() && !shown.to_string().contains(&secret), "the secret is shown again");
    assert_eq!(shown["status"], "active");
    app.get(&path).token(&kent_admin).send().expect(404);
    app.get(&path).token(&app.token(&wm.opcc_slug, &["reader"])).send().expect(404);
    let listed = app.get("/api/v1/webhook-subscriptions").token(&kent_admin).send().expect(200).json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(0));

    // Kent's internal post is not West Mercia's to see; West Mercia's own changes are.
    let hidden = post(&app, &kent_admin, &kent.opcc, "Kent Staff Officer", &[], false);
    let own_internal = post(&app, &wm_admin, &wm.opcc, "WM Staff Officer", &[], false);
    let marker = post(&app, &wm_admin, &wm.opcc, "WM Public Post", &[], true);
    eventually("the marker post is delivered", || mentions(&receiver.delivered(), &marker));
    let received = receiver.all();
    assert!(mentions(&received, &own_internal));
    assert!(!mentions(&received, &hidden), "another organisation's internal post was delivered");

    // Every request is signed over its timestamp and body and names its event and delivery.
    let first = received.iter().find(|r| r.body.contains(&marker)).cloned().unwrap_or_else(|| panic!("no marker"));
    assert!(verify(&secret, &first), "the signature does not verify: {:?}", first.headers);
    assert!(!verify("another secret", &first));
    assert_eq!(first.headers.get("x-governance-event").map(String::as_str), Some("post.created"));
    let event: Value = serde_json::from_str(&first.body).unwrap_or_default();
    assert_eq!(event["resource_id"], marker.as_str());
    assert_eq!(event["event_type"], "post.created");

    // The delivery log lists it with its attempt, once the worker has recorded the receiver's answer.
    let delivery_id = first.headers.get("x-governance-delivery").cloned().unwrap_or_default();
    eventually("the log records the delivery", || {
        deliveries(&app, &wm_admin, &id).iter().any(|d| d["id"] == delivery_id.as_str() && d["status"] == "delivered")
    });
    let log = deliveries(&app, &wm_admin, &id);
    let entry = log.iter().find(|d| d["id"] == delivery_id.as_str()).cloned().unwrap_or_default();
    assert_eq!(entry["status"], "delivered", "{log:?}");
    assert_eq!(entry["attempts"][0]["status_code"], 200);
    assert!(log.iter().all(|d| d["sequence"].as_i64().is_some()));
}

/// Issue 18: a subscription can start from a change-feed cursor: what happened after it (and only
/// what the organisation may see) is sent first, in order, then every later change; none missed,
/// none twice.
fn a_subscription_started_from_a_cursor_receives_the_events_after_it_once(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let kent = area(&app, &admin, "kent");
    let wm_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let kent_admin = app.token(&kent.opcc_slug, &["org_admin"]);
    let before = post(&app, &wm_admin, &wm.opcc, "Before the cursor", &[], true);
    let feed = app.get("/api/v1/events?limit=200").token(&wm_admin).send().expect(200).json();
    let cursor = feed["next_cursor"].as_str().unwrap_or_else(|| panic!("no cursor: {feed}")).to_string();
    let missed = post(&app, &wm_admin, &wm.opcc, "After the cursor", &[], true);
    let hidden = post(&app, &kent_admin, &kent.opcc, "Kent internal", &[], false);

    // Out of range, or further back than is sent again: refused, nothing stored.
    let receiver = Receiver::start();
    let body =
        |start_after: &str| json!({"organisation_id": wm.opcc, "target_url": receiver.url, "start_after": start_after});
    let problem = app.post("/api/v1/webhook-subscriptions").token(&wm_admin).json(&body("999999")).expect(422).json();
    assert_eq!(problem["errors"][0]["pointer"], "/start_after", "{problem}");
    let listed = app.get("/api/v1/webhook-subscriptions").token(&wm_admin).send().expect(200).json();
    assert_eq!(listed["items"], json!([]), "a refused subscription was stored");

    let created = app.post("/api/v1/webhook-subscriptions").token(&wm_admin).json(&body(&cursor)).expect(201).json();
    let id = created["id"].as_str().unwrap_or_default().to_string();
    let later = post(&app, &wm_admin, &wm.opcc, "After the subscription", &[], true);
    eventually("the later change is delivered", || mentions(&receiver.delivered(), &later));
    let received = receiver.delivered();
    assert!(mentions(&received, &missed), "the change after the cursor was not sent");
    assert!(!mentions(&received, &before), "a change before the cursor was sent");
    assert!(!mentions(&received, &hidden), "another organisation's internal post was sent");
    // Each event once (the log lists the newest first).
    let log = deliveries(&app, &wm_admin, &id);
    let mut sequences: Vec<i64> = log.iter().filter_map(|d| d["sequence"].as_i64()).collect();
    let count = sequences.len();
    sequences.sort_unstable();
    sequences.dedup();
    assert_eq!(sequences.len(), count, "an event was queued twice: {log:?}");
    assert!(sequences.iter().all(|s| *s > cursor.parse::<i64>().unwrap_or_default()), "{sequences:?}");
}

fn a_receiver_that_fails_then_recovers_misses_nothing(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let wm_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let receiver = Receiver::start();
    receiver.fail_first.store(3, Ordering::SeqCst);
    let created = subscribe(&app, &wm_admin, &wm.opcc, &receiver, &["post.created"]);
    let id = created["id"].as_str().unwrap_or_default().to_string();
    let posts: Vec<String> = (0..3).map(|n| post(&app, &wm_admin, &wm.opcc, &format!("Post {n}"), &[], true)).collect();
    // Not a post event: filtered out by the subscription's types.
    app.patch(&format!("/api/v1/forces/{}", wm.force))
        .token(&admin)
        .if_match(1)
        .json(&json!({"name": "Renamed"}))
        .expect(200);
    eventually("every post is delivered after the failures", || {
        let delivered = receiver.delivered();
        posts.iter().all(|p| mentions(&delivered, p))
    });
    let received = receiver.all();
    assert_eq!(received.iter().filter(|r| r.answered == 500).count(), 3);
    assert!(received.iter().all(|r| r.headers.get("x-governance-event").map(String::as_str) == Some("post.created")));
    // The worker records a delivery after the receiver answered: wait for the log to catch up.
    eventually("the log records every delivery", || {
        let log = deliveries(&app, &wm_admin, &id);
        log.len() == 3 && log.iter().all(|d| d["status"] == "delivered")
    });
    let log = deliveries(&app, &wm_admin, &id);
    let attempts: usize = log.iter().map(|d| d["attempts"].as_array().map_or(0, Vec::len)).sum();
    assert_eq!(attempts, 6, "three failed attempts and three successful ones: {log:?}");
    let retried = log.iter().find(|d| d["attempts"].as_array().map_or(0, Vec::len) > 1).cloned().unwrap_or_default();
    assert_eq!(retried["attempts"][0]["status_code"], 500);
    assert!(retried["attempts"][0]["error"].as_str().is_some());
}

fn repeated_failure_pauses_until_resumed_and_redelivery_sends_again(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let wm_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let receiver = Receiver::start();
    receiver.status.store(503, Ordering::SeqCst);
    let created = subscribe(&app, &wm_admin, &wm.opcc, &receiver, &[]);
    let id = created["id"].as_str().unwrap_or_default().to_string();
    let path = format!("/api/v1/webhook-subscriptions/{id}");
    let marker = post(&app, &wm_admin, &wm.opcc, "Marker", &[], true);
    let mut paused = Value::Null;
    eventually("the subscription is paused", || {
        paused = app.get(&path).token(&wm_admin).send().expect(200).json();
        paused["status"] == "paused"
    });
    let reason = paused["paused_reason"].as_str().unwrap_or_default();
    assert!(reason.contains("5 consecutive") && reason.contains("503"), "{reason}");
    // While paused nothing is sent, and the event waits. Proof that the worker looked while it was
    // paused: once the held delivery is due again, a later event reaches another subscription (the
    // worker claims every due delivery in one query, the held one excluded only by the pause).
    receiver.status.store(200, Ordering::SeqCst);
    let before = receiver.all().len();
    let held = deliveries(&app, &wm_admin, &id);
    let due = held
        .iter()
        .filter_map(|d| d["next_attempt_at"].as_str())
        .map(|t| chrono::DateTime::parse_from_rfc3339(t).unwrap_or_else(|e| panic!("{t}: {e}")))
        .max()
        .unwrap_or_else(|| panic!("the held delivery has no next attempt: {held:?}"));
    eventually("the held delivery is due", || chrono::Utc::now() > due);
    let witness = Receiver::start();
    subscribe(&app, &wm_admin, &wm.opcc, &witness, &["person.created"]);
    let later = crate::fixtures::person(&app, &wm_admin, "Witness Event");
    eventually("a later event reaches an active subscription", || mentions(&witness.delivered(), &later));
    assert_eq!(receiver.all().len(), before, "a paused subscription was sent to");
    let version = paused["version"].as_i64().unwrap_or_default();
    let resumed = app.post(&format!("{path}/resumption")).token(&wm_admin).if_match(version).send().expect(200).json();
    assert_eq!(resumed["status"], "active");
    assert!(resumed["paused_reason"].is_null());
    eventually("the held event is delivered after resuming", || mentions(&receiver.delivered(), &marker));

    // Redelivery sends the same delivery (same id, same body) again. The worker records the
    // receiver's answer after it arrives: wait for the log to show it delivered.
    eventually("the log records the held delivery as delivered", || {
        deliveries(&app, &wm_admin, &id).iter().any(|d| d["event_type"] == "post.created" && d["status"] == "delivered")
    });
    let log = deliveries(&app, &wm_admin, &id);
    let delivery = log.iter().find(|d| d["event_type"] == "post.created").cloned().unwrap_or_default();
    let delivery_id = delivery["id"].as_str().unwrap_or_default().to_string();
    assert!(delivery["attempts"].as_array().map_or(0, Vec::len) >= 6, "{delivery}");
    let sent_to = |receiver: &Receiver| {
        receiver.delivered().iter().filter(|r| r.headers.get("x-governance-delivery") == Some(&delivery_id)).count()
    };
    assert_eq!(sent_to(&receiver), 1);
    app.post(&format!("{path}/deliveries/{delivery_id}/redelivery")).token(&wm_admin).send().expect(202);
    eventually("the redelivery arrives", || sent_to(&receiver) == 2);
    app.ensure_organisation("kent-opcc", "opcc", None);
    let other = app.token("kent-opcc", &["org_admin"]);
    app.post(&format!("{path}/deliveries/{delivery_id}/redelivery")).token(&other).send().expect(404);
}

/// A service as an operator runs it by default: no trusted private networks.
fn trusting_nothing(backend: Backend) -> TestApp {
    spawn(
        backend,
        Options {
            configure: Some(Box::new(|settings| settings.webhooks.trusted_networks.clear())),
            ..Default::default()
        },
    )
}

/// Finding 1 of the outside test: loopback, private, link-local and disguised targets were accepted
/// and called, which made the worker a scanner of the hosting network.
fn webhook_targets_must_be_public_https_addresses(backend: Backend) {
    let app = trusting_nothing(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let wm_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let receiver = Receiver::start();
    let port = receiver.url.trim_start_matches("http://127.0.0.1:").trim_end_matches("/hook").to_string();
    for target in [
        receiver.url.clone(),
        format!("https://127.0.0.1:{port}/hook"),
        format!("https://localhost:{port}/hook"),
        format!("https://[::1]:{port}/hook"),
        format!("https://0.0.0.0:{port}/hook"),
        format!("https://2130706433:{port}/hook"),
        format!("https://governance.police.uk@127.0.0.1:{port}/hook"),
        "https://169.254.169.254/latest/meta-data/".to_string(),
        "https://10.1.2.3/hook".to_string(),
        "https://192.168.0.10/hook".to_string(),
        "https://[fd12::1]/hook".to_string(),
        "https://[::ffff:10.0.0.1]/hook".to_string(),
        // A public address, but in the clear.
        "http://8.8.8.8/hook".to_string(),
    ] {
        let problem = app
            .post("/api/v1/webhook-subscriptions")
            .token(&wm_admin)
            .json(&json!({"organisation_id": wm.opcc, "target_url": target}))
            .expect_problem(422, "webhook.target_refused");
        assert_eq!(problem["errors"][0]["pointer"], "/target_url", "{target}: {problem}");
    }
    // Only a caller who may subscribe hears why a target is refused (no probing by anyone else).
    app.post("/api/v1/webhook-subscriptions")
        .token(&app.token(&wm.opcc_slug, &["reader"]))
        .json(&json!({"organisation_id": wm.opcc, "target_url": "https://10.1.2.3/hook"}))
        .expect(403);
    // A public https target is accepted (nothing is sent to it: no event is raised after this).
    let created = app
        .post("/api/v1/webhook-subscriptions")
        .token(&wm_admin)
        .json(&json!({"organisation_id": wm.opcc, "target_url": "https://8.8.8.8/hook", "active": false}))
        .expect(201)
        .json();
    // Changing it to a private target is refused the same way.
    let path = format!("/api/v1/webhook-subscriptions/{}", created["id"].as_str().unwrap_or_default());
    app.patch(&path)
        .token(&wm_admin)
        .if_match(1)
        .json(&json!({"target_url": "https://169.254.169.254/"}))
        .expect_problem(422, "webhook.target_refused");
    assert!(receiver.all().is_empty(), "a refused target was called");
}

/// The delivery checks the target again where it connects: a subscription to a receiver that was
/// trusted when it was created (or a name that resolved elsewhere then) is not called once the
/// address is no longer allowed, and the log says nothing about the network.
fn deliveries_to_addresses_no_longer_allowed_are_refused_at_connection(backend: Backend) {
    // The first service trusts loopback but never runs its worker again after start-up.
    let first = spawn(
        backend,
        Options {
            configure: Some(Box::new(|settings| settings.webhooks.poll_interval = Duration::from_secs(3_600))),
            ..Default::default()
        },
    );
    let admin = first.admin();
    let wm = area(&first, &admin, "west-mercia");
    let wm_admin = first.token(&wm.opcc_slug, &["org_admin"]);
    let receiver = Receiver::start();
    let created = subscribe(&first, &wm_admin, &wm.opcc, &receiver, &["post.created"]);
    let id = created["id"].as_str().unwrap_or_default().to_string();
    // The second service, on the same database and key, trusts no private network.
    let shared_key = first.data_dir();
    let second = spawn(
        backend,
        Options {
            database_url: Some(first.database_url.clone()),
            configure: Some(Box::new(move |settings| {
                settings.data_dir = shared_key;
                settings.webhooks.trusted_networks.clear();
            })),
            ..Default::default()
        },
    );
    post(&second, &wm_admin, &wm.opcc, "Marker", &[], true);
    let mut attempts = Vec::new();
    eventually("a refused attempt is logged", || {
        attempts = deliveries(&second, &wm_admin, &id)
            .iter()
            .flat_map(|d| d["attempts"].as_array().cloned().unwrap_or_default())
            .collect();
        !attempts.is_empty()
    });
    assert!(receiver.all().is_empty(), "the receiver on loopback was called");
    let error = attempts[0]["error"].as_str().unwrap_or_default();
    assert!(attempts[0]["status_code"].is_null(), "{attempts:?}");
    assert!(
        error.starts_with("no answer from the target") && !error.contains("refused") && !error.contains("127.0.0.1"),
        "the log names network detail: {error}"
    );
}

/// Issue 16: each signed checkpoint of the audit log is published to every subscriber (it holds only
/// hashes), signed like any delivery, so partners can keep the series without polling.
fn a_signed_audit_checkpoint_is_delivered_to_subscribers(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let wm_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let receiver = Receiver::start();
    let created = subscribe(&app, &wm_admin, &wm.opcc, &receiver, &["audit_checkpoint.created"]);
    let secret = created["secret"].as_str().unwrap_or_default().to_string();
    let checkpoint = app.post("/api/v1/audit-checkpoints").token(&admin).send().expect(201).json();
    let size = checkpoint["tree_size"].to_string();
    eventually("the checkpoint is delivered", || !receiver.delivered().is_empty());
    let delivered = receiver.delivered();
    assert_eq!(
        delivered.len(),
        1,
        "only the subscribed type: {:?}",
        delivered.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    assert!(verify(&secret, &delivered[0]));
    assert_eq!(delivered[0].headers.get("x-governance-event").map(String::as_str), Some("audit_checkpoint.created"));
    let event: Value = serde_json::from_str(&delivered[0].body).unwrap_or_default();
    assert_eq!(event["resource_id"], size.as_str(), "{event}");
}

on_both_backends!(
    a_subscription_started_from_a_cursor_receives_the_events_after_it_once,
    a_signed_audit_checkpoint_is_delivered_to_subscribers,
    webhook_targets_must_be_public_https_addresses,
    deliveries_to_addresses_no_longer_allowed_are_refused_at_connection,
    signed_deliveries_of_visible_events_only,
    a_receiver_that_fails_then_recovers_misses_nothing,
    repeated_failure_pauses_until_resumed_and_redelivery_sends_again,
);

/// Two replicas on one PostgreSQL database both run the worker: each event reaches each
/// subscription once.
#[test]
fn two_replicas_deliver_each_event_once_per_subscription() {
    let first = spawn(Backend::Postgres, Options::default());
    let shared_key = first.data_dir();
    let second = spawn(
        Backend::Postgres,
        Options {
            database_url: Some(first.database_url.clone()),
            configure: Some(Box::new(move |settings| settings.data_dir = shared_key)),
            ..Default::default()
        },
    );
    let admin = first.admin();
    let wm = area(&first, &admin, "west-mercia");
    let wm_admin = first.token(&wm.opcc_slug, &["org_admin"]);
    let (one, two) = (Receiver::start(), Receiver::start());
    subscribe(&first, &wm_admin, &wm.opcc, &one, &["post.created"]);
    subscribe(&second, &wm_admin, &wm.opcc, &two, &["post.created"]);
    let posts: Vec<String> = (0..12)
        .map(|n| {
            let app = if n % 2 == 0 { &first } else { &second };
            post(app, &wm_admin, &wm.opcc, &format!("Post {n}"), &[], true)
        })
        .collect();
    for receiver in [&one, &two] {
        eventually("every post reaches every subscription", || {
            let delivered = receiver.delivered();
            posts.iter().all(|p| mentions(&delivered, p))
        });
    }
    // No sleeping to see whether a duplicate turns up: a later event delivered to both shows the
    // workers have moved past the earlier ones, and the delivery log must hold one attempt each.
    let marker = post(&first, &wm_admin, &wm.opcc, "Marker", &[], true);
    for receiver in [&one, &two] {
        eventually("the marker reaches every subscription", || mentions(&receiver.delivered(), &marker));
    }
    let subscriptions =
        first.get("/api/v1/webhook-subscriptions").token(&wm_admin).send().expect(200).json()["items"].clone();
    for subscription in subscriptions.as_array().into_iter().flatten() {
        let log = deliveries(&first, &wm_admin, &crate::fixtures::id(subscription));
        assert_eq!(log.len(), posts.len() + 1, "{log:?}");
        for delivery in &log {
            assert_eq!(delivery["status"], "delivered", "{delivery}");
            assert_eq!(delivery["attempts"].as_array().map(Vec::len), Some(1), "sent more than once: {delivery}");
        }
    }
    for receiver in [&one, &two] {
        let received = receiver.all();
        assert_eq!(received.len(), posts.len() + 1, "an event was delivered twice to one subscription");
    }
}
