//! Optimistic concurrency (`If-Match`) and idempotent creates (`Idempotency-Key`).

use governance_tests::{on_both_backends, Backend};
use serde_json::json;

use crate::fixtures::{app, create, id};

fn changes_need_the_current_version(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let force = create(
        &app,
        &admin,
        "/api/v1/forces",
        json!({"slug": "essex", "name": "Essex Police", "police_area": "Essex"}),
    );
    let path = format!("/api/v1/forces/{}", id(&force));
    app.patch(&path)
        .token(&admin)
        .json(&json!({"name": "No precondition"}))
        .expect_problem(428, "precondition_required");
    app.patch(&path)
        .token(&admin)
        .header("If-Match", "yesterday")
        .json(&json!({"name": "Bad"}))
        .expect_problem(400, "validation.failed");
    app.patch(&path).token(&admin).if_match(1).json(&json!({"name": "First"})).expect(200);
    let stale = app
        .patch(&path)
        .token(&admin)
        .if_match(1)
        .json(&json!({"name": "Second"}))
        .expect_problem(412, "precondition_failed");
    assert!(stale["detail"].as_str().unwrap_or_default().contains('2'));
    app.post(&format!("{path}/end"))
        .token(&admin)
        .json(&json!({"ends_on": "2030-01-01"}))
        .expect_problem(428, "precondition_required");
    let stored = app.get(&path).send().expect(200).json();
    assert_eq!(stored["name"], "First");
    assert_eq!(stored["version"], 2);
    assert_eq!(stored["ends_on"], serde_json::Value::Null);
}

fn racing_changes_with_the_same_version_let_exactly_one_win(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let force =
        create(&app, &admin, "/api/v1/forces", json!({"slug": "suffolk", "name": "Suffolk", "police_area": "Suffolk"}));
    let path = format!("/api/v1/forces/{}", id(&force));
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|n| {
                let (app, admin, path) = (&app, &admin, &path);
                scope.spawn(move || {
                    app.patch(path).token(admin).if_match(1).json(&json!({"name": format!("Writer {n}")})).status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 412).count(), 3, "{statuses:?}");
    assert_eq!(app.get(&path).send().expect(200).json()["version"], 2);
}

fn a_replayed_create_returns_the_first_answer(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let body = json!({"slug": "norfolk", "name": "Norfolk Constabulary", "police_area": "Norfolk"});
    let first =
        app.post("/api/v1/forces").token(&admin).header("Idempotency-Key", "create-norfolk-1").json(&body).expect(201);
    let replay =
        app.post("/api/v1/forces").token(&admin).header("Idempotency-Key", "create-norfolk-1").json(&body).expect(201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(first.json()["id"], replay.json()["id"]);
    assert_eq!(first.header("location"), replay.header("location"));
    assert_eq!(app.get("/api/v1/forces").send().expect(200).json()["items"].as_array().map(Vec::len), Some(1));
    app.post("/api/v1/forces")
        .token(&admin)
        .header("Idempotency-Key", "create-norfolk-1")
        .json(&json!({"slug": "norfolk-2", "name": "Other", "police_area": "Norfolk"}))
        .expect_problem(422, "idempotency_key.reused");
    // A key the document refuses (a space; over 255 characters) is refused wherever it is sent, even
    // on an authority check that records nothing, and nothing is stored (issue 17).
    let long = "k".repeat(256);
    for key in ["two words", long.as_str()] {
        let refused = app
            .post("/api/v1/forces")
            .token(&admin)
            .header("Idempotency-Key", key)
            .json(&json!({"slug": "suffolk", "name": "Suffolk Constabulary", "police_area": "Suffolk"}))
            .expect_problem(400, "validation.failed");
        assert_eq!(refused["errors"][0]["pointer"], "/header/idempotency-key", "{refused}");
    }
    let check = json!({"actor": {"kind": "person", "id": uuid::Uuid::nil()}, "function": "sign_collaboration_agreement",
        "corporation_sole_id": uuid::Uuid::nil(), "on": "2020-01-01"});
    app.post("/api/v1/authority-checks")
        .token(&admin)
        .header("Idempotency-Key", "two words")
        .json(&check)
        .expect_problem(400, "validation.failed");
    let listed = app.get("/api/v1/forces").send().expect(200).json();
    assert!(!listed.to_string().contains("suffolk"), "a refused create was stored: {listed}");
    // Without a key, a second identical create is a duplicate slug.
    app.post("/api/v1/forces").token(&admin).json(&body).expect_problem(409, "conflict");
    // Concurrent replays of one key create one record.
    let body = json!({"slug": "lincolnshire", "name": "Lincolnshire Police", "police_area": "Lincolnshire"});
    let ids: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let (app, admin, body) = (&app, &admin, &body);
                scope.spawn(move || {
                    app.post("/api/v1/forces")
                        .token(admin)
                        .header("Idempotency-Key", "lincs")
                        .json(body)
                        .expect(201)
                        .json()["id"]
                        .to_string()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    assert!(ids.iter().all(|i| i == &ids[0]), "{ids:?}");
    assert_eq!(app.get("/api/v1/forces").send().expect(200).json()["items"].as_array().map(Vec::len), Some(2));
}

on_both_backends!(
    changes_need_the_current_version,
    racing_changes_with_the_same_version_let_exactly_one_win,
    a_replayed_create_returns_the_first_answer,
);
