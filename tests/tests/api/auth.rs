//! Tokens: every way a token can be wrong answers 401 with a problem; right tokens work.

use governance_tests::{on_both_backends, spawn, Backend, Options};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

use crate::fixtures::app;

const RSA_PRIVATE: &str = include_str!("../../fixtures/rsa-private.pem");
const RSA_PUBLIC: &str = include_str!("../../fixtures/rsa-public.pem");
const RSA_OTHER_PRIVATE: &str = include_str!("../../fixtures/rsa-other-private.pem");

fn assert_unauthenticated(app: &governance_tests::TestApp, token: &str) {
    let response = app.get("/api/v1/me").token(token).send();
    assert!(response.header("www-authenticate").is_some_and(|v| v.starts_with("Bearer")), "no WWW-Authenticate");
    response.expect_problem(401, "unauthenticated");
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn bad_hs256_tokens_are_refused(backend: Backend) {
    let app = app(backend);
    let _ = app.admin();
    let good = app.claims("governance-service", &["reader"]);
    let now = jsonwebtoken::get_current_timestamp();
    app.get("/api/v1/me").token(&app.sign(&good)).send().expect(200);

    assert_unauthenticated(&app, &app.sign(&with(good.clone(), "exp", json!(now - 3600))));
    assert_unauthenticated(&app, &app.sign(&with(good.clone(), "nbf", json!(now + 3600))));
    assert_unauthenticated(&app, &app.sign(&with(good.clone(), "aud", json!("another-service"))));
    assert_unauthenticated(&app, &app.sign(&with(good.clone(), "iss", json!("someone-else"))));
    assert_unauthenticated(&app, &app.sign(&with(good.clone(), "roles", json!(["emperor"]))));
    assert_unauthenticated(&app, &app.sign(&with(good.clone(), "org", json!("unregistered-org"))));
    let mut no_exp = good.clone();
    no_exp.as_object_mut().map(|o| o.remove("exp"));
    assert_unauthenticated(&app, &app.sign(&no_exp));
    // Signed with another secret.
    let forged = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &good,
        &EncodingKey::from_secret(b"not the service's secret"),
    )
    .unwrap_or_else(|e| panic!("encode: {e}"));
    assert_unauthenticated(&app, &forged);
    // alg: none, with the signature stripped.
    let header = base64_url(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = base64_url(good.to_string().as_bytes());
    assert_unauthenticated(&app, &format!("{header}.{payload}."));
    // An RS256 token where HS256 is configured (algorithm switching).
    let rs = jsonwebtoken::encode(
        &Header::new(Algorithm::RS256),
        &good,
        &EncodingKey::from_rsa_pem(RSA_PRIVATE.as_bytes()).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("encode: {e}"));
    assert_unauthenticated(&app, &rs);
    assert_unauthenticated(&app, "not-a-token");
    app.get("/api/v1/me").header("Authorization", "Basic dXNlcjpwYXNz").send().expect_problem(401, "unauthenticated");
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn jwks_configured_service_accepts_its_key_and_refuses_switching(backend: Backend) {
    let jwks = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/jwks.json");
    let app = spawn(
        backend,
        Options {
            demo: false,
            configure: Some(Box::new(move |settings| {
                settings.keys = api::config::KeySource::JwksFile { path: jwks, algorithm: Algorithm::RS256 };
            })),
            ..Default::default()
        },
    );
    app.ensure_organisation("governance-service", "external", None);
    let claims = app.claims("governance-service", &["reader"]);
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("test-key-1".into());
    let key = EncodingKey::from_rsa_pem(RSA_PRIVATE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let good = jsonwebtoken::encode(&header, &claims, &key).unwrap_or_else(|e| panic!("encode: {e}"));
    assert_eq!(app.get("/api/v1/me").token(&good).send().expect(200).json()["authenticated"], true);

    // HS256 signed with the public key as the HMAC secret: the classic algorithm-confusion attack.
    let mut hs_header = Header::new(Algorithm::HS256);
    hs_header.kid = Some("test-key-1".into());
    let confused = jsonwebtoken::encode(&hs_header, &claims, &EncodingKey::from_secret(RSA_PUBLIC.as_bytes()))
        .unwrap_or_else(|e| panic!("encode: {e}"));
    assert_unauthenticated(&app, &confused);
    // Another RSA key under the trusted kid.
    let other = EncodingKey::from_rsa_pem(RSA_OTHER_PRIVATE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_unauthenticated(
        &app,
        &jsonwebtoken::encode(&header, &claims, &other).unwrap_or_else(|e| panic!("encode: {e}")),
    );
    // An unknown kid.
    let mut unknown = header.clone();
    unknown.kid = Some("retired-key".into());
    assert_unauthenticated(
        &app,
        &jsonwebtoken::encode(&unknown, &claims, &key).unwrap_or_else(|e| panic!("encode: {e}")),
    );
}

fn anonymous_callers_read_the_public_registry(backend: Backend) {
    let app = app(backend);
    let me = app.get("/api/v1/me").send().expect(200).json();
    assert_eq!(me["authenticated"], false);
    assert_eq!(me["subject"], "anonymous");
    app.get("/api/v1/forces").send().expect(200);
    app.get("/api/v1/audit-events").send().expect_problem(401, "unauthenticated");
}

const JWK_KEY_2: &str = include_str!("../../fixtures/jwk-test-key-2.json");

fn write_key_set(path: &std::path::Path, keys: &[Value]) {
    std::fs::write(path, json!({ "keys": keys }).to_string()).unwrap_or_else(|e| panic!("{e}"));
}

fn rotated_keys_are_accepted_when_added_and_refused_once_removed(backend: Backend) {
    let dir = governance_tests::TempDir::new();
    let path = dir.0.join("jwks.json");
    let original: Value =
        serde_json::from_str(include_str!("../../fixtures/jwks.json")).unwrap_or_else(|e| panic!("{e}"));
    let key_1 = original["keys"][0].clone();
    let key_2: Value = serde_json::from_str(JWK_KEY_2).unwrap_or_else(|e| panic!("{e}"));
    write_key_set(&path, std::slice::from_ref(&key_1));
    let configured = path.clone();
    let app = spawn(
        backend,
        Options {
            configure: Some(Box::new(move |settings| {
                settings.keys = api::config::KeySource::JwksFile { path: configured, algorithm: Algorithm::RS256 };
            })),
            ..Default::default()
        },
    );
    app.ensure_organisation("governance-service", "external", None);
    let claims = app.claims("governance-service", &["reader"]);
    let sign = |kid: &str, pem: &str| {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.into());
        jsonwebtoken::encode(
            &header,
            &claims,
            &EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or_else(|e| panic!("encode: {e}"))
    };
    let (old, new) = (sign("test-key-1", RSA_PRIVATE), sign("test-key-2", RSA_OTHER_PRIVATE));
    app.get("/api/v1/me").token(&old).send().expect(200);
    assert_unauthenticated(&app, &new);
    let status = |token: &str| app.get("/api/v1/me").token(token).send().status;
    // The identity provider publishes the new key beside the old one.
    write_key_set(&path, &[key_1.clone(), key_2.clone()]);
    wait_until("the new key is accepted", || status(&new) == 200);
    app.get("/api/v1/me").token(&old).send().expect(200);
    // ...then retires the old one.
    write_key_set(&path, std::slice::from_ref(&key_2));
    wait_until("the retired key is refused", || status(&old) == 401);
    assert_unauthenticated(&app, &old);
    app.get("/api/v1/me").token(&new).send().expect(200);
    // A broken file keeps the last good keys rather than locking everyone out. Nothing observable
    // marks that the service has read the broken file (it logs a warning and keeps its state), so
    // this waits past the reload interval (1 s) instead of on a condition, then asks again.
    std::fs::write(&path, "not json").unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(std::time::Duration::from_millis(1_200));
    app.get("/api/v1/me").token(&new).send().expect(200);
    // ...and the next good file is read again (so the broken one did not stop the reloading).
    write_key_set(&path, std::slice::from_ref(&key_1));
    wait_until("the key set is reloaded after the broken file", || status(&new) == 401);
    app.get("/api/v1/me").token(&old).send().expect(200);
}

/// Polls `check` until it holds, for up to ten seconds.
fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !check() {
        assert!(std::time::Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Finding 4 of the outside test: an ended organisation's org_admin still created people. Its tokens
/// act through its last day, and not after.
fn tokens_of_an_ended_organisation_no_longer_act(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = crate::fixtures::area(&app, &admin, "west-mercia");
    let org_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let path = format!("/api/v1/organisations/{}", wm.opcc);
    let version = app.get(&path).send().expect(200).json()["version"].as_i64().unwrap_or_default();
    // Ending in the future changes nothing yet.
    let ended = app
        .post(&format!("{path}/end"))
        .token(&admin)
        .if_match(version)
        .json(&json!({"ends_on": "2099-12-31"}))
        .expect(200)
        .json();
    crate::fixtures::person(&app, &org_admin, "Before The End");
    let version = ended["version"].as_i64().unwrap_or_default();
    let today = chrono::Utc::now().date_naive();
    let yesterday = today.pred_opt().unwrap_or(today);
    // Recorded late, as a succession order often is: the organisation's last day was yesterday.
    app.post(&format!("{path}/end")).token(&admin).if_match(version).json(&json!({"ends_on": yesterday})).expect(200);
    let refused = app
        .post("/api/v1/people")
        .token(&org_admin)
        .json(&json!({"full_name": "After The End"}))
        .expect_problem(401, "unauthenticated");
    assert!(refused["detail"].as_str().unwrap_or_default().contains("ended on"), "{refused}");
    assert_unauthenticated(&app, &org_admin);
    let people = app.get("/api/v1/people?limit=200").token(&admin).send().expect(200).json().to_string();
    assert!(people.contains("Before The End") && !people.contains("After The End"), "{people}");
}

/// Finding 3 of the outside test: an Idempotency-Key replay was answered before authorisation and
/// keyed on `sub` only (CLI tokens share `local:<org>`), so a reader replaying an org_admin's webhook
/// create with the same key received the webhook secret.
fn an_idempotent_replay_answers_only_a_caller_who_may_make_the_request(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = crate::fixtures::area(&app, &admin, "west-mercia");
    let shared_sub = |roles: &[&str]| {
        let claims = with(app.claims(&wm.opcc_slug, roles), "sub", json!(format!("local:{}", wm.opcc_slug)));
        app.sign(&claims)
    };
    let (org_admin, reader) = (shared_sub(&["org_admin"]), shared_sub(&["reader"]));
    let webhook = json!({"organisation_id": wm.opcc, "target_url": "https://8.8.8.8/hook", "active": false});
    let created = app
        .post("/api/v1/webhook-subscriptions")
        .token(&org_admin)
        .header("Idempotency-Key", "hook-1")
        .json(&webhook)
        .expect(201)
        .json();
    let secret = created["secret"].as_str().unwrap_or_default().to_string();
    assert_eq!(secret.len(), 64);
    let replayed =
        app.post("/api/v1/webhook-subscriptions").token(&reader).header("Idempotency-Key", "hook-1").json(&webhook);
    assert_eq!(replayed.status, 403, "{}", replayed.text);
    assert!(!replayed.text.contains(&secret), "the secret was replayed to a reader");
    // The same for a create with no check before it: people.
    let person = json!({"full_name": "Replay Target"});
    let first =
        app.post("/api/v1/people").token(&org_admin).header("Idempotency-Key", "person-1").json(&person).expect(201);
    let by_reader = app.post("/api/v1/people").token(&reader).header("Idempotency-Key", "person-1").json(&person);
    assert_eq!(by_reader.status, 403, "{}", by_reader.text);
    // The caller who may still gets the replay.
    let again =
        app.post("/api/v1/people").token(&org_admin).header("Idempotency-Key", "person-1").json(&person).expect(201);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json(), first.json());
    // Another organisation's token with the same subject and key has a record of its own.
    app.ensure_organisation("kent-opcc", "opcc", None);
    let kent =
        app.sign(&with(app.claims("kent-opcc", &["org_admin"]), "sub", json!(format!("local:{}", wm.opcc_slug))));
    let own = app.post("/api/v1/people").token(&kent).header("Idempotency-Key", "person-1").json(&person).expect(201);
    assert!(own.header("idempotent-replayed").is_none(), "another organisation got West Mercia's replay");
}

on_both_backends!(
    an_idempotent_replay_answers_only_a_caller_who_may_make_the_request,
    tokens_of_an_ended_organisation_no_longer_act,
    bad_hs256_tokens_are_refused,
    jwks_configured_service_accepts_its_key_and_refuses_switching,
    anonymous_callers_read_the_public_registry,
    rotated_keys_are_accepted_when_added_and_refused_once_removed,
);
