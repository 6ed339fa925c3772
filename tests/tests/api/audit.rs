//! The audit chain: every change recorded, scoped lists, verification that catches tampering.

use governance_tests::{on_both_backends, Backend};
use serde_json::json;

use crate::fixtures::{app, area, create, person};

fn every_change_is_audited_and_the_chain_verifies(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "west-mercia");
    let org_admin = app.token(&area.opcc_slug, &["org_admin"]);
    let someone = person(&app, &org_admin, "Andy Champness");
    let updated = app
        .patch(&format!("/api/v1/people/{someone}"))
        .token(&org_admin)
        .if_match(1)
        .json(&json!({"full_name": "Andrew Champness"}))
        .expect(200);
    // A refused change writes no event.
    app.patch(&format!("/api/v1/people/{someone}"))
        .token(&org_admin)
        .if_match(1)
        .json(&json!({"full_name": "Stale"}))
        .expect(412);

    let events = app.get("/api/v1/audit-events?limit=200").token(&admin).send().expect(200).json();
    let items = events["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 7, "5 registry creates, 1 person create, 1 update: {events}");
    let last = &items[6];
    assert_eq!(last["action"], "update");
    assert_eq!(last["resource_type"], "person");
    assert_eq!(last["resource_id"], someone.as_str());
    assert_eq!(last["previous_hash"], items[5]["hash"]);
    assert!(last["request_id"].as_str().is_some_and(|r| !r.is_empty()));
    // The state digest is the SHA-256 of the representation the change answered with, which is
    // also what a read of the person serves now.
    let person_now = app.get(&format!("/api/v1/people/{someone}")).token(&org_admin).send().expect(200);
    assert_eq!(person_now.text, updated.text);
    let served_digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(updated.text.as_bytes()));
    assert_eq!(last["state_digest"].as_str(), Some(served_digest.as_str()), "{last}");
    assert_ne!(last["state_digest"], items[5]["state_digest"], "the create and the update digest the same state");

    let verification = app.get("/api/v1/audit-events/verification").token(&admin).send().expect(200).json();
    assert_eq!(verification["valid"], true);
    assert_eq!(verification["events_checked"], 7);

    // An org admin sees only its own organisation's events.
    let own = app.get("/api/v1/audit-events").token(&org_admin).send().expect(200).json();
    assert_eq!(own["items"].as_array().map(Vec::len), Some(2));
    assert!(own["items"].as_array().into_iter().flatten().all(|e| e["organisation_id"] == area.opcc.as_str()));
    let by_resource = app
        .get(&format!("/api/v1/audit-events?resource_type=person&resource_id={someone}"))
        .token(&admin)
        .send()
        .expect(200)
        .json();
    assert_eq!(by_resource["items"].as_array().map(Vec::len), Some(2));
    app.get("/api/v1/audit-events")
        .token(&app.token(&area.opcc_slug, &["reader"]))
        .send()
        .expect_problem(403, "forbidden");
    app.get("/api/v1/audit-events/verification").token(&org_admin).send().expect_problem(403, "forbidden");
}

fn a_tampered_event_is_reported_as_the_first_broken_link(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    for n in 0..4 {
        create(&app, &admin, "/api/v1/forces", json!({"slug": format!("force-{n}"), "name": "F", "police_area": "A"}));
    }
    assert_eq!(app.get("/api/v1/audit-events/verification").token(&admin).send().expect(200).json()["valid"], true);
    let changed = app.execute_sql("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 3");
    assert_eq!(changed, 1);
    let verification = app.get("/api/v1/audit-events/verification").token(&admin).send().expect(200).json();
    assert_eq!(verification["valid"], false);
    assert_eq!(verification["first_broken_link"]["sequence"], 3);
    assert_eq!(verification["events_checked"], 2);
    // Deleting an event is caught too.
    app.execute_sql(
        "UPDATE audit_events SET actor = (SELECT actor FROM audit_events WHERE sequence = 2) WHERE sequence = 3",
    );
    app.execute_sql("DELETE FROM audit_events WHERE sequence = 4");
    let verification = app.get("/api/v1/audit-events/verification").token(&admin).send().expect(200).json();
    assert_eq!(verification["valid"], false);
    assert_eq!(verification["first_broken_link"]["sequence"], 4);
    // Pages of events follow the chain order.
    let first_page = app.get("/api/v1/audit-events?limit=2").token(&admin).send().expect(200).json();
    let cursor = first_page["next_cursor"].as_str().unwrap_or_default().to_string();
    let second_page =
        app.get(&format!("/api/v1/audit-events?limit=2&cursor={cursor}")).token(&admin).send().expect(200).json();
    assert_eq!(second_page["items"][0]["sequence"], 3);
}

on_both_backends!(
    every_change_is_audited_and_the_chain_verifies,
    a_tampered_event_is_reported_as_the_first_broken_link
);
