//! Optimistic concurrency on every change operation: a stale `If-Match` is refused with 412 and
//! problem+json, and nothing is stored. The operations come from the served OpenAPI document (every
//! operation that declares an `If-Match` header parameter), so a new one is covered without a case.

use api::app::operation;
use domain::access::operations::decide;
use governance_tests::{on_both_backends, Backend};
use serde_json::Value;

use crate::access_matrix::{callers, cases, fill, world};

/// Operations (method, path, id) of the served document that take `If-Match`.
fn operations_taking_if_match(document: &Value) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, name) in [("post", "POST"), ("patch", "PATCH"), ("put", "PUT"), ("delete", "DELETE")] {
            let operation = &item[method];
            let takes_if_match =
                operation["parameters"].as_array().into_iter().flatten().any(|p| {
                    p["in"] == "header" && p["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("if-match"))
                });
            if takes_if_match {
                let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path}: no operationId"));
                out.push((name, path.clone(), id.to_string()));
            }
        }
    }
    out
}

/// The record an operation changes: its path up to the first path parameter.
fn record_path(path: &str, params: &[String]) -> String {
    let end = path.find('}').map_or(path.len(), |i| i + 1);
    fill(&path[..end], params)
}

fn every_change_operation_refuses_a_stale_if_match_and_stores_nothing(backend: Backend) {
    let w = world::build(backend);
    let document = w.app.get("/api/v1/openapi.json").send().expect(200).json();
    let mut operations = operations_taking_if_match(&document);
    assert!(operations.len() >= 40, "only {} operations take If-Match: {operations:?}", operations.len());
    // Resolving an alert needs one: raised last (by ending a party's corporation sole), so the
    // change it makes to the agreement does not disturb the other operations.
    operations.sort_by_key(|(_, _, id)| id == "resolve_collaboration_agreement_alert");
    // The world's subscription sends to a closed port: the worker records its failures (moving the
    // subscription) until it pauses it. Wait for that, so only the requests below can change it.
    let subscription = format!("/api/v1/webhook-subscriptions/{}", w.subscription);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while w.app.get(&subscription).token(&w.admin).send().expect(200).json()["status"] != "paused" {
        assert!(std::time::Instant::now() < deadline, "the world's subscription was never paused");
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    let callers = callers(&w);
    let head = || {
        let verification = w.app.get("/api/v1/audit-events/verification").token(&w.admin).send().expect(200).json();
        assert_eq!(verification["valid"], true, "{verification}");
        verification["head_sequence"].clone()
    };
    let mut failures = Vec::new();
    for (n, (method, path, id)) in operations.iter().enumerate() {
        let row = operation(id).unwrap_or_else(|| panic!("{id} has no row in the access policy"));
        let mut call = cases::call_for(&w, id, n);
        if id == "resolve_collaboration_agreement_alert" {
            call.params[1] = raise_alert(&w);
        }
        let caller = callers
            .iter()
            .find(|c| c.token.is_some() && decide(&c.principal, row, false, &call.target).is_ok())
            .unwrap_or_else(|| panic!("{id}: no caller in the world may call it"));
        let concrete = fill(path, &call.params);
        let record = record_path(path, &call.params);
        let before = w.app.get(&record).token(&w.admin).send().expect(200);
        let current = before.json()["version"].as_i64().unwrap_or_else(|| panic!("{record} has no version"));
        // An older version than the current one (0 when the record is at its first version).
        let stale = current - 1;
        let head_before = head();
        let mut request = w.app.request(method, &concrete).token(caller.token.as_deref().unwrap_or_default());
        request = request.if_match(stale);
        let response = match &call.body {
            Some(body) => request.json(body),
            None => request.send(),
        };
        let case = format!("{method} {path} ({id}) as {} with If-Match \"{stale}\"", caller.label);
        if response.status != 412
            || response.header("content-type") != Some("application/problem+json")
            || response.json()["code"] != "precondition_failed"
        {
            failures
                .push(format!("{case}: expected 412 precondition_failed, got {}: {}", response.status, response.text));
            continue;
        }
        let after = w.app.get(&record).token(&w.admin).send().expect(200);
        if after.text != before.text {
            failures.push(format!("{case}: the record changed:\nbefore {}\nafter  {}", before.text, after.text));
        }
        if head() != head_before {
            failures.push(format!("{case}: an audit event was written"));
        }
    }
    assert!(failures.is_empty(), "{} of {} operations:\n{}", failures.len(), operations.len(), failures.join("\n"));
}

/// Raises an R-CA-10 alert on the world's agreement (its partner's PCC ends); returns its id.
fn raise_alert(w: &world::World) -> String {
    let office = format!("/api/v1/corporations-sole/{}", w.b.pcc);
    let version = w.app.get(&office).token(&w.admin).send().expect(200).json()["version"].as_i64().unwrap_or(1);
    w.app
        .post(&format!("{office}/end"))
        .token(&w.admin)
        .if_match(version)
        .json(&serde_json::json!({"ends_on": "2030-01-01"}))
        .expect(200);
    let agreement = w.app.get(&format!("/api/v1/collaboration-agreements/{}", w.agreement)).token(&w.admin).send();
    let agreement = agreement.expect(200).json();
    agreement["alerts"][0]["id"].as_str().unwrap_or_else(|| panic!("no alert raised: {agreement}")).to_string()
}

on_both_backends!(every_change_operation_refuses_a_stale_if_match_and_stores_nothing);
