//! Two service processes on one PostgreSQL database, as production runs replicas behind a load
//! balancer: nothing that must be shared lives in one process's memory.

use governance_tests::{spawn, Backend, Options, TestApp};
use serde_json::json;

fn replicas() -> (TestApp, TestApp) {
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
    (first, second)
}

#[test]
fn two_replicas_on_one_database_keep_versions_replays_and_the_audit_chain_correct() {
    let (a, b) = replicas();
    let admin = a.admin();
    // Created on one replica, read and changed on the other.
    let created = a
        .post("/api/v1/forces")
        .token(&admin)
        .header("Idempotency-Key", "essex-1")
        .json(&json!({"slug": "essex", "name": "Essex Police", "police_area": "Essex"}))
        .expect(201)
        .json();
    let path = format!("/api/v1/forces/{}", created["id"].as_str().unwrap_or_default());
    b.get(&path).send().expect(200);
    b.patch(&path).token(&admin).if_match(1).json(&json!({"name": "Essex Constabulary"})).expect(200);
    // The stale version is refused on either replica.
    a.patch(&path).token(&admin).if_match(1).json(&json!({"name": "Stale"})).expect_problem(412, "precondition_failed");
    // An idempotent replay answered by the other replica returns the first answer.
    let replay = b
        .post("/api/v1/forces")
        .token(&admin)
        .header("Idempotency-Key", "essex-1")
        .json(&json!({"slug": "essex", "name": "Essex Police", "police_area": "Essex"}))
        .expect(201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.json()["id"], created["id"]);
    // Concurrent writes through both replicas: one chain, no gaps, every event verifies.
    std::thread::scope(|scope| {
        for (n, replica) in [&a, &b, &a, &b].into_iter().enumerate() {
            let admin = &admin;
            scope.spawn(move || {
                for k in 0..5 {
                    replica
                        .post("/api/v1/forces")
                        .token(admin)
                        .json(&json!({"slug": format!("force-{n}-{k}"), "name": "F", "police_area": "A"}))
                        .expect(201);
                }
            });
        }
    });
    for replica in [&a, &b] {
        let verification = replica.get("/api/v1/audit-events/verification").token(&admin).send().expect(200).json();
        assert_eq!(verification["valid"], true, "{verification}");
        assert_eq!(verification["events_checked"], 22, "1 create + 1 update + 20 concurrent creates");
    }
}

/// Each replica remembers what its authority checks read; a delegation revoked or an appointment
/// ended through the other replica changes the next answer to the same question.
#[test]
fn an_authority_check_answers_from_changes_made_through_another_replica() {
    use crate::fixtures::{area, create, id, person, post};
    let (a, b) = replicas();
    let admin = a.admin();
    let northshire = area(&a, &admin, "northshire");
    let token = a.token(&northshire.opcc_slug, &["org_admin"]);
    let treasurer = post(&a, &admin, &northshire.opcc, "Treasurer", &["chief_finance_officer"], true);
    let holder = person(&a, &admin, "Avery Holder");
    let appointment = create(
        &a,
        &admin,
        "/api/v1/appointments",
        json!({"person_id": holder, "post_id": treasurer, "basis": "substantive", "starts_on": "2019-01-01"}),
    );
    // The treasurer's post may approve revenue spend from `valid_from`, under the decision `reference`.
    let delegate = |valid_from: &str, reference: &str| {
        create(
            &a,
            &token,
            "/api/v1/delegations",
            json!({"kind": "delegation", "corporation_sole_id": northshire.pcc,
                   "delegate": {"kind": "post", "id": treasurer}, "functions": ["approve_revenue_spend"],
                   "valid_from": valid_from, "source": {"reference": reference, "paragraph": "1"}}),
        )
    };
    let delegation = delegate("2019-01-01", "PCC/D/2018/12");
    let question = json!({"actor": {"kind": "person", "id": holder}, "function": "approve_revenue_spend",
                          "corporation_sole_id": northshire.pcc, "amount_pence": 100_000, "on": "2024-03-01"});
    let ask = |replica: &TestApp| {
        let answer = replica.post("/api/v1/authority-checks").token(&token).json(&question).expect(200).json();
        answer["outcome"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(ask(&a), "allowed");
    assert_eq!(ask(&a), "allowed", "asked twice, answered from what replica a read the first time");

    b.post(&format!("/api/v1/delegations/{}/revocation", id(&delegation)))
        .token(&token)
        .if_match(1)
        .json(&json!({"effective_on": "2024-01-01", "reason": "scheme re-drawn"}))
        .expect(200);
    assert_eq!(ask(&a), "denied", "the revocation made through replica b");

    // A fresh delegation (through a), then the holder stops holding the post (through b).
    delegate("2024-01-01", "PCC/D/2024/01");
    assert_eq!(ask(&a), "allowed");
    b.post(&format!("/api/v1/appointments/{}/end", id(&appointment)))
        .token(&admin)
        .if_match(1)
        .json(&json!({"ends_on": "2024-02-01"}))
        .expect(200);
    assert_eq!(ask(&a), "denied", "the appointment ended through replica b");
}
