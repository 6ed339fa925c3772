//! The audit log's Merkle tree (issue 16): signed checkpoints a partner keeps and checks with the
//! public key alone, inclusion and consistency proofs, and tampering by a database writer (a
//! truncated and rewound log, a rewritten history with recomputed chain hashes) caught by a kept
//! checkpoint even where the old hash-chain verification passes.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use domain::merkle::{self, checkpoint, Hash};
use governance_tests::{on_both_backends, Backend, TestApp};
use ring::signature::{UnparsedPublicKey, ED25519};
use serde_json::{json, Value};

use crate::fixtures::{app, create};

fn hash(text: &Value) -> Hash {
    let bytes = hex::decode(text.as_str().unwrap_or_default()).unwrap_or_else(|e| panic!("{text}: {e}"));
    bytes.try_into().unwrap_or_else(|_| panic!("{text}: not 32 bytes"))
}

fn hashes(list: &Value) -> Vec<Hash> {
    list.as_array().into_iter().flatten().map(hash).collect()
}

fn add_forces(app: &TestApp, token: &str, from: usize, count: usize) {
    for n in from..from + count {
        create(
            app,
            token,
            "/api/v1/forces",
            json!({"slug": format!("force-{n}"), "name": "F", "police_area": format!("A{n}")}),
        );
    }
}

/// What a partner does with a checkpoint it fetched: checks the note's signature with the public key
/// it holds (not the service's word), and that the JSON fields say what the signed note says.
fn partner_checks(checkpoint: &Value, public_key: &Value) -> (u64, Hash) {
    let note = checkpoint["note"].as_str().unwrap_or_default();
    let (body, name, key_id, signature) =
        checkpoint::split(note).unwrap_or_else(|| panic!("not a signed note: {note}"));
    let raw = STANDARD.decode(public_key["public_key"].as_str().unwrap_or_default()).unwrap_or_default();
    assert_eq!(name, public_key["key_name"].as_str().unwrap_or_default());
    assert_eq!(hex::encode(key_id), public_key["key_id"].as_str().unwrap_or_default());
    assert_eq!(checkpoint::key_id(name, &raw), key_id, "the key id is the signed-note id of this key");
    UnparsedPublicKey::new(&ED25519, &raw)
        .verify(body.as_bytes(), &signature)
        .unwrap_or_else(|_| panic!("the signature does not verify: {note}"));
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 4, "{body}");
    assert_eq!(lines[0], name);
    let size: u64 = lines[1].parse().unwrap_or_else(|e| panic!("{e}"));
    let root: Hash = STANDARD.decode(lines[2]).ok().and_then(|r| r.try_into().ok()).unwrap_or_else(|| panic!("root"));
    assert!(lines[3].starts_with("timestamp "), "{body}");
    assert_eq!(checkpoint["tree_size"].as_u64(), Some(size));
    assert_eq!(hash(&checkpoint["root_hash"]), root);
    assert_eq!(STANDARD.decode(checkpoint["signature"].as_str().unwrap_or_default()).ok(), Some(signature));
    (size, root)
}

fn consistency(app: &TestApp, first: u64, second: u64) -> Value {
    app.get(&format!("/api/v1/audit-log/consistency-proof?first={first}&second={second}")).send().expect(200).json()
}

fn verification(app: &TestApp) -> Value {
    app.get("/api/v1/audit-events/verification").token(&app.admin()).send().expect(200).json()
}

fn a_partner_verifies_checkpoints_and_proofs_and_detects_a_truncated_log(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    add_forces(&app, &admin, 0, 3);
    // Nothing is signed yet.
    app.get("/api/v1/audit-checkpoints/latest").send().expect_problem(404, "not_found");
    app.post("/api/v1/audit-checkpoints").send().expect_problem(401, "unauthenticated");
    let first = app.post("/api/v1/audit-checkpoints").token(&admin).send().expect(201).json();
    // An unchanged log is not signed again.
    let again = app.post("/api/v1/audit-checkpoints").token(&admin).send().expect(200).json();
    assert_eq!(again["note"], first["note"]);

    // The partner: anonymous, with the public key and the published series.
    let key = app.get("/api/v1/audit-log/public-key").send().expect(200).json();
    assert_eq!(key["algorithm"], "Ed25519");
    let latest = app.get("/api/v1/audit-checkpoints/latest").send().expect(200).json();
    assert_eq!(latest["note"], first["note"]);
    let (kept_size, kept_root) = partner_checks(&latest, &key);
    assert_eq!(kept_size, 3);
    let series = app.get("/api/v1/audit-checkpoints").send().expect(200).json();
    assert_eq!(series["items"].as_array().map(Vec::len), Some(1));

    // Every event is in the kept tree: its leaf (from the event's chain hash) and audit path lead to
    // the kept root.
    let events = app.get("/api/v1/audit-events?limit=200").token(&admin).send().expect(200).json();
    for event in events["items"].as_array().into_iter().flatten().take(kept_size as usize) {
        let sequence = event["sequence"].as_u64().unwrap_or_default();
        let proof = app
            .get(&format!("/api/v1/audit-log/inclusion-proof?sequence={sequence}&tree_size={kept_size}"))
            .send()
            .expect(200)
            .json();
        let leaf = merkle::event_leaf(event["hash"].as_str().unwrap_or_default());
        assert_eq!(hash(&proof["leaf_hash"]), leaf);
        let path = hashes(&proof["audit_path"]);
        assert_eq!(merkle::verify_inclusion(&leaf, sequence - 1, kept_size, &path, &kept_root), Ok(()), "{proof}");
        let forged = merkle::event_leaf(&"0".repeat(64));
        assert!(merkle::verify_inclusion(&forged, sequence - 1, kept_size, &path, &kept_root).is_err());
    }

    // The checkpoint is announced in the public change feed; the announcement is the next event
    // (the next leaf), so the log of 4 events is not signed again for it alone.
    let feed = app.get("/api/v1/events?types=audit_checkpoint.created").send().expect(200).json();
    assert_eq!(feed["items"][0]["resource_id"], "3", "{feed}");
    assert_eq!(feed["items"][0]["sequence"], 4, "{feed}");
    assert_eq!(app.post("/api/v1/audit-checkpoints").token(&admin).send().expect(200).json()["tree_size"], 3);

    // More writes, a newer checkpoint, and a consistency proof from the kept one to it.
    add_forces(&app, &admin, 3, 2);
    let newer = app.post("/api/v1/audit-checkpoints").token(&admin).send().expect(201).json();
    let (newer_size, newer_root) = partner_checks(&newer, &key);
    assert_eq!(newer_size, 6, "3 forces, the first checkpoint's announcement, 2 forces");
    let proof = consistency(&app, kept_size, newer_size);
    let path = hashes(&proof["consistency_path"]);
    assert_eq!(merkle::verify_consistency(kept_size, newer_size, &kept_root, &newer_root, &path), Ok(()));
    let series = app.get("/api/v1/audit-checkpoints?limit=1").send().expect(200).json();
    let cursor = series["next_cursor"].as_str().unwrap_or_default().to_string();
    let next = app.get(&format!("/api/v1/audit-checkpoints?limit=1&cursor={cursor}")).send().expect(200).json();
    assert_eq!(next["items"][0]["tree_size"], 6);
    let check = verification(&app);
    assert_eq!((check["valid"].clone(), check["checkpoints_checked"].clone()), (json!(true), json!(2)), "{check}");

    // Requests beyond the log, or malformed, are problems.
    let beyond = |path: &str| app.get(path).send().expect_problem(422, "audit.beyond_tree");
    beyond("/api/v1/audit-log/inclusion-proof?sequence=6&tree_size=5");
    beyond("/api/v1/audit-log/inclusion-proof?sequence=1&tree_size=600");
    beyond("/api/v1/audit-log/consistency-proof?first=3&second=2");
    beyond("/api/v1/audit-log/consistency-proof?first=3&second=600");
    for malformed in [
        "/api/v1/audit-log/inclusion-proof?sequence=0&tree_size=5",
        "/api/v1/audit-log/inclusion-proof?sequence=1",
        "/api/v1/audit-log/consistency-proof?first=-1&second=2",
        "/api/v1/audit-log/consistency-proof?first=x&second=2",
        "/api/v1/audit-log/consistency-proof?first=1&second=2&third=3",
    ] {
        let status = app.get(malformed).send();
        assert_eq!(status.status, 400, "{malformed}: {}", status.text);
        assert_eq!(status.header("content-type"), Some("application/problem+json"), "{malformed}");
    }

    // A database writer truncates the log to the kept size and rewinds the chain head: the old chain
    // verification passes, but the server's own newer checkpoint no longer matches.
    app.execute_sql(&format!("DELETE FROM audit_events WHERE sequence > {kept_size}"));
    app.execute_sql(&format!(
        "UPDATE audit_chain_head SET sequence = {kept_size}, \
         hash = (SELECT hash FROM audit_events WHERE sequence = {kept_size}) WHERE id = 1"
    ));
    let check = verification(&app);
    assert_eq!(check["first_broken_link"], Value::Null, "the hash chain alone sees nothing: {check}");
    assert_eq!(check["valid"], false, "{check}");
    assert_eq!(check["first_mismatched_checkpoint"]["tree_size"], 6, "{check}");
    // ... and deletes the checkpoints that show it: the server can no longer tell,
    app.execute_sql(&format!("DELETE FROM audit_checkpoints WHERE tree_size > {kept_size}"));
    assert_eq!(verification(&app)["valid"], true);
    // but the partner's copy of the newer checkpoint can: the log no longer reaches its size,
    app.get(&format!("/api/v1/audit-log/consistency-proof?first={newer_size}&second={newer_size}"))
        .send()
        .expect_problem(422, "audit.beyond_tree");
    // and once the log has grown past it with other events, the tree at its size is another one.
    add_forces(&app, &admin, 10, 4);
    let regrown = app.post("/api/v1/audit-checkpoints").token(&admin).send().expect(201).json();
    let (regrown_size, regrown_root) = partner_checks(&regrown, &key);
    assert!(regrown_size > newer_size);
    let proof = consistency(&app, newer_size, regrown_size);
    let path = hashes(&proof["consistency_path"]);
    assert_ne!(hash(&proof["first_root_hash"]), newer_root, "the tree at the kept size changed");
    assert!(merkle::verify_consistency(newer_size, regrown_size, &newer_root, &regrown_root, &path).is_err());
    // The older kept checkpoint still holds: the events it covers were not touched.
    let proof = consistency(&app, kept_size, regrown_size);
    let path = hashes(&proof["consistency_path"]);
    assert_eq!(merkle::verify_consistency(kept_size, regrown_size, &kept_root, &regrown_root, &path), Ok(()));
}

/// Recomputes the chain hash of every event from `from` on, as a writer who knows the algorithm
/// would, so that the old hash-chain verification passes over the rewritten history.
fn rechain(app: &TestApp, from: i64) {
    let events = app.get("/api/v1/audit-events?limit=200").token(&app.admin()).send().expect(200).json();
    let mut previous = domain::audit::GENESIS_HASH.to_string();
    for event in events["items"].as_array().into_iter().flatten() {
        let sequence = event["sequence"].as_i64().unwrap_or_default();
        if sequence < from {
            previous = event["hash"].as_str().unwrap_or_default().to_string();
            continue;
        }
        let text = |field: &str| event[field].as_str().unwrap_or_default().to_string();
        let occurred_at = chrono::DateTime::parse_from_rfc3339(&text("occurred_at"))
            .unwrap_or_else(|e| panic!("{e}"))
            .with_timezone(&chrono::Utc);
        let organisation = event["organisation_id"].as_str().map(str::to_string);
        let (id, actor, action, kind, resource, digest, request) = (
            text("id"),
            text("actor"),
            text("action"),
            text("resource_type"),
            text("resource_id"),
            text("state_digest"),
            text("request_id"),
        );
        let fields = domain::audit::ChainedFields {
            sequence,
            event_id: &id,
            occurred_at,
            actor: &actor,
            organisation_id: organisation.as_deref(),
            action: &action,
            resource_type: &kind,
            resource_id: &resource,
            resource_version: event["resource_version"].as_i64(),
            state_digest: &digest,
            request_id: &request,
            previous_hash: &previous,
        };
        let recomputed = domain::audit::event_hash(&fields);
        app.execute_sql(&format!(
            "UPDATE audit_events SET previous_hash = '{previous}', hash = '{recomputed}' WHERE sequence = {sequence}"
        ));
        app.execute_sql(&format!(
            "UPDATE audit_chain_head SET hash = '{recomputed}' WHERE id = 1 AND sequence = {sequence}"
        ));
        previous = recomputed;
    }
}

fn a_rewritten_history_with_recomputed_chain_hashes_is_caught_by_a_kept_checkpoint(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    add_forces(&app, &admin, 0, 4);
    let key = app.get("/api/v1/audit-log/public-key").send().expect(200).json();
    let kept = app.post("/api/v1/audit-checkpoints").token(&admin).send().expect(201).json();
    let (kept_size, kept_root) = partner_checks(&kept, &key);
    add_forces(&app, &admin, 4, 2);

    // A database writer alters an old event and recomputes every later chain hash.
    assert_eq!(app.execute_sql("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 2"), 1);
    rechain(&app, 2);
    let check = verification(&app);
    assert_eq!(check["first_broken_link"], Value::Null, "the rewritten chain links up again: {check}");
    assert_eq!(check["events_checked"], 7, "4 forces, the checkpoint's announcement, 2 forces");
    // The service's stored checkpoint catches it,
    assert_eq!(check["valid"], false, "{check}");
    assert_eq!(check["first_mismatched_checkpoint"]["tree_size"], json!(kept_size), "{check}");
    // and so does the partner's copy, after the stored checkpoints are deleted too: no consistency
    // proof from the tree it kept leads to the tree the log now holds.
    app.execute_sql("DELETE FROM audit_checkpoints");
    assert_eq!(verification(&app)["valid"], true, "without checkpoints the server cannot tell");
    let now = app.post("/api/v1/audit-checkpoints").token(&admin).send().expect(201).json();
    let (size, root) = partner_checks(&now, &key);
    assert_eq!(size, 7);
    let proof = consistency(&app, kept_size, size);
    let path = hashes(&proof["consistency_path"]);
    assert!(merkle::verify_consistency(kept_size, size, &kept_root, &root, &path).is_err());
    // An inclusion proof of the altered event no longer leads to the kept root either.
    let proof = app
        .get(&format!("/api/v1/audit-log/inclusion-proof?sequence=2&tree_size={kept_size}"))
        .send()
        .expect(200)
        .json();
    let path = hashes(&proof["audit_path"]);
    assert!(merkle::verify_inclusion(&hash(&proof["leaf_hash"]), 1, kept_size, &path, &kept_root).is_err());
}

fn the_worker_signs_a_checkpoint_once_the_log_has_grown(backend: Backend) {
    let app = governance_tests::spawn(
        backend,
        governance_tests::Options {
            configure: Some(Box::new(|settings| {
                settings.audit.checkpoint_interval = Some(std::time::Duration::from_millis(100));
            })),
            ..Default::default()
        },
    );
    let admin = app.admin();
    add_forces(&app, &admin, 0, 2);
    let started = std::time::Instant::now();
    loop {
        let latest = app.get("/api/v1/audit-checkpoints/latest").send();
        // Both forces are covered (the worker may have signed after the first as well).
        if latest.status == 200 && latest.json()["tree_size"].as_i64() >= Some(2) {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "no checkpoint of both events: {}",
            latest.text
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The signing key was made beside the data, owner-only.
    let key_file = app.data_dir().join("audit-signing-key");
    assert!(key_file.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).map(|m| m.permissions().mode()).unwrap_or(0);
        assert_eq!(mode & 0o777, 0o600);
    }
}

fn a_signing_key_file_that_holds_no_ed25519_key_stops_start_up(backend: Backend) {
    let dir = governance_tests::TempDir::new();
    let url = governance_tests::fresh_database(backend, &dir.0);
    let mut settings = governance_tests::test_settings(url, &dir.0);
    let bad = dir.0.join("not-a-key");
    std::fs::write(&bad, b"hello").unwrap_or_else(|e| panic!("{e}"));
    settings.audit.signing_key_file = Some(bad);
    let refused = api::app::prepare(settings).err().unwrap_or_default();
    assert!(refused.contains("GOVERNANCE_AUDIT_SIGNING_KEY_FILE") && refused.contains("Ed25519"), "{refused}");
}

on_both_backends!(
    a_partner_verifies_checkpoints_and_proofs_and_detects_a_truncated_log,
    a_rewritten_history_with_recomputed_chain_hashes_is_caught_by_a_kept_checkpoint,
    the_worker_signs_a_checkpoint_once_the_log_has_grown,
    a_signing_key_file_that_holds_no_ed25519_key_stops_start_up,
);
