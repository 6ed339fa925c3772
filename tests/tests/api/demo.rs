//! The demo registry from the seed documents: loads, loads again without duplicates, answers the
//! questions the seeds pose.

use governance_tests::{on_both_backends, spawn, Backend, Options};

fn find_id(app: &governance_tests::TestApp, path: &str, field: &str, value: &str) -> String {
    let page = app.get(path).send().expect(200).json();
    page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|item| item[field] == value)
        .and_then(|item| item["id"].as_str())
        .unwrap_or_else(|| panic!("no {field}={value} in {path}"))
        .to_string()
}

fn the_demo_registry_answers_who_held_office_and_loads_idempotently(backend: Backend) {
    let app = spawn(backend, Options { demo: true, configure: None, ..Default::default() });
    let pcc = find_id(&app, "/api/v1/corporations-sole?limit=200", "slug", "west-mercia-pcc");
    let holders =
        app.get(&format!("/api/v1/appointments?corporation_sole={pcc}&as_of=2017-07-26")).send().expect(200).json();
    let person_id = holders["items"][0]["person_id"].as_str().unwrap_or_default().to_string();
    let person = app.get(&format!("/api/v1/people/{person_id}")).send().expect(200).json();
    assert_eq!(person["full_name"], "John Campion");

    let cambs_cc = find_id(&app, "/api/v1/corporations-sole?limit=200", "slug", "cambridgeshire-chief-constable");
    let chief = app
        .get(&format!("/api/v1/appointments?corporation_sole={cambs_cc}&as_of=2015-10-01"))
        .send()
        .expect(200)
        .json();
    let chief_id = chief["items"][0]["person_id"].as_str().unwrap_or_default().to_string();
    assert_eq!(app.get(&format!("/api/v1/people/{chief_id}")).send().expect(200).json()["full_name"], "Alec Wood");

    let alliance = find_id(&app, "/api/v1/collaborations", "slug", "wmw-alliance");
    let collaboration = app.get(&format!("/api/v1/collaborations/{alliance}")).send().expect(200).json();
    assert!(collaboration["ends_on"].is_string(), "the alliance ended");
    assert_eq!(collaboration["members"].as_array().map(Vec::len), Some(4));
    let bch = find_id(&app, "/api/v1/collaborations", "slug", "bch-strategic-alliance");
    assert_eq!(
        app.get(&format!("/api/v1/collaborations/{bch}")).send().expect(200).json()["members"].as_array().map(Vec::len),
        Some(6)
    );

    let forces = app.get("/api/v1/forces?limit=200").send().expect(200).json();
    let before = forces["items"].as_array().map(Vec::len);
    let db = persistence::Database::connect(&app.database_url, 1).unwrap_or_else(|e| panic!("{e}"));
    let again = api::demo::load(&db).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.written, 0);
    assert!(again.already_present > 200);
    assert_eq!(app.get("/api/v1/forces?limit=200").send().expect(200).json()["items"].as_array().map(Vec::len), before);
    let admin = app.token("governance-service", &["system_admin"]);
    assert_eq!(app.get("/api/v1/audit-events/verification").token(&admin).send().expect(200).json()["valid"], true);
}

fn the_demo_agreements_hold_the_bch_business_cases_and_the_69_31_split(backend: Backend) {
    let app = spawn(backend, Options { demo: true, configure: None, ..Default::default() });
    let cambs = app.token("cambridgeshire-opcc", &["reader"]);
    let bch = app.get("/api/v1/collaboration-agreements?q=BCH-S22A").token(&cambs).send().expect(200).json();
    assert_eq!(bch["items"].as_array().map(Vec::len), Some(3));
    let hr = bch["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["reference"] == "BCH-S22A-2015-HR")
        .cloned()
        .unwrap_or_default();
    let hr = app
        .get(&format!("/api/v1/collaboration-agreements/{}", hr["id"].as_str().unwrap_or_default()))
        .token(&cambs)
        .send()
        .expect(200)
        .json();
    assert_eq!(hr["status"], "in_force");
    assert_eq!(hr["in_force_from"], "2015-12-01");
    assert_eq!(hr["next_review_due"], "2016-12-01");
    assert_eq!(hr["parties"].as_array().map(Vec::len), Some(6));
    assert_eq!(hr["baseline_cost_pence"], 1_380_000_000_i64);
    assert_eq!(hr["savings_target_pence"], 430_000_000_i64);
    assert_eq!(hr["lead_board_name"], "Cambridgeshire OPCC Organisational Support Governance Board");
    assert!(hr["milestones"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|m| m["kind"] == "fbc" && m["reached_on"] == "2015-05-14"));
    // Unpublished, so another area's organisation and the public do not see them.
    let outsider = app.token("derbyshire-opcc", &["reader"]);
    assert_eq!(
        app.get("/api/v1/collaboration-agreements?q=BCH").token(&outsider).send().expect(200).json()["items"],
        serde_json::json!([])
    );
    let wm = app.token("west-mercia-opcc", &["reader"]);
    let wmw = app.get("/api/v1/collaboration-agreements?q=WMW-ALLIANCE").token(&wm).send().expect(200).json();
    let path = format!(
        "/api/v1/collaboration-agreements/{}/cost-schedule?as_of=2016-06-01",
        wmw["items"][0]["id"].as_str().unwrap_or_default()
    );
    let split = app.get(&path).token(&wm).send().expect(200).json();
    let points: Vec<i64> =
        split["shares"].as_array().into_iter().flatten().filter_map(|s| s["basis_points"].as_i64()).collect();
    assert_eq!(points, vec![6900, 3100]);
}

on_both_backends!(
    the_demo_registry_answers_who_held_office_and_loads_idempotently,
    the_demo_agreements_hold_the_bch_business_cases_and_the_69_31_split,
);
