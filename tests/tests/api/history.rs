//! Bitemporal reads (issue 13, R-TM-06): `known_at=T` answers a record as the service held it at T,
//! from the state kept with each audited change; what was not public then is not shown as if it were.

use governance_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

use crate::boards::{board, decision_body, quorate_meeting, world};
use crate::fixtures::*;

const EXEMPT: &str = r#"{"level": "exempt", "foi_sections": ["s43"], "reason": "Commercial interests"}"#;

/// The instants of the audit events of one record, oldest first.
fn change_instants(app: &TestApp, admin: &str, kind: &str, id: &str) -> Vec<String> {
    let events = app
        .get(&format!("/api/v1/audit-events?resource_type={kind}&resource_id={id}"))
        .token(admin)
        .send()
        .expect(200)
        .json();
    events["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|e| e["occurred_at"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn at(path: &str, instant: &str) -> String {
    // `+` in an offset must be escaped in a query; the audit log writes UTC (`Z`) anyway.
    format!("{path}?known_at={}", instant.replace('+', "%2B"))
}

fn a_decision_reads_as_it_was_held_at_each_change_and_only_as_visible_then(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let m = quorate_meeting(&w, &b, "2017-07-26");
    let mut body = decision_body(&w, "Preferred supplier: Supplier X");
    body["disclosure"] = serde_json::from_str(EXEMPT).unwrap_or_default();
    let decision = id(&create(&w.app, &w.secretary, &format!("/api/v1/meetings/{m}/decisions"), body));
    for (token, cs) in [(&w.wm_approver, &w.wm.pcc), (&w.wk_approver, &w.wk.pcc)] {
        w.app
            .post(&format!("/api/v1/decisions/{decision}/approvals"))
            .token(token)
            .json(&json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "capacity": "PCC", "approved_on": "2017-07-26"}))
            .expect(201);
    }
    let path = format!("/api/v1/decisions/{decision}");
    let instants = change_instants(&w.app, &w.admin, "decision", &decision);
    assert_eq!(instants.len(), 3, "created, then two approvals: {instants:?}");

    // The board's own secretary: each change's state, never overwritten by the later ones.
    let read = |token: &str, instant: &str| w.app.get(&at(&path, instant)).token(token).send();
    let created = read(&w.secretary, &instants[0]);
    assert!(created.header("etag").is_some_and(|t| t.starts_with("\"1-")), "{:?}", created.headers);
    let created = created.expect(200).json();
    assert_eq!((created["agreed"].clone(), created["approvals"].clone()), (json!(false), json!([])), "{created}");
    let first = read(&w.secretary, &instants[1]).expect(200).json();
    assert_eq!(first["approvals"].as_array().map(Vec::len), Some(1), "{first}");
    let now = w.app.get(&path).token(&w.secretary).send().expect(200).json();
    assert_eq!((now["agreed"].clone(), now["approvals"].as_array().map(Vec::len)), (json!(true), Some(2)));
    let last = read(&w.secretary, &instants[2]).expect(200).json();
    assert_eq!(last, now, "the state kept with the last change is the record as read now");

    // Before it was recorded, the service held no such record.
    read(&w.secretary, "2017-07-26T00:00:00Z").expect_problem(404, "not_found");

    // The public may read the agreed decision of a public board, with its exempt subject withheld,
    // but not the proposal it was before it was agreed.
    let anonymous = |instant: &str| w.app.get(&at(&path, instant)).send();
    anonymous(&instants[0]).expect_problem(404, "not_found");
    anonymous(&instants[1]).expect_problem(404, "not_found");
    let shell = anonymous(&instants[2]).expect(200).json();
    assert_eq!((shell["subject"].clone(), shell["redacted"].clone()), (Value::Null, json!(true)), "{shell}");
    // Another force's organisation sees no more than the public.
    read(&w.outsider, &instants[0]).expect_problem(404, "not_found");

    // The instant is an RFC 3339 timestamp.
    w.app
        .get(&format!("{path}?known_at=yesterday"))
        .token(&w.secretary)
        .send()
        .expect_problem(400, "validation.failed");
}

fn an_ended_appointment_reads_open_as_held_before_the_end_was_recorded(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "history");
    let org_admin = app.token(&area.opcc_slug, &["org_admin"]);
    let holder = person(&app, &org_admin, "Philip Seccombe");
    let appointment = id(&create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": holder, "corporation_sole_id": area.pcc, "starts_on": "2016-05-12"}),
    ));
    app.post(&format!("/api/v1/appointments/{appointment}/end"))
        .token(&org_admin)
        .if_match(1)
        .json(&json!({"ends_on": "2021-05-12"}))
        .expect(200);
    let path = format!("/api/v1/appointments/{appointment}");
    let instants = change_instants(&app, &admin, "appointment", &appointment);
    assert_eq!(instants.len(), 2, "{instants:?}");
    let before = app.get(&at(&path, &instants[0])).token(&org_admin).send().expect(200).json();
    assert_eq!((before["ends_on"].clone(), before["version"].clone()), (Value::Null, json!(1)), "{before}");
    let after = app.get(&at(&path, &instants[1])).token(&org_admin).send().expect(200).json();
    assert_eq!(after["ends_on"], "2021-05-12", "{after}");
    // `as_of` (true in the world on a day) and `known_at` (recorded by an instant) are separate
    // questions: on 2020-01-01 the holder held the office, whatever was recorded later.
    let office = app
        .get(&format!("/api/v1/appointments?corporation_sole={}&as_of=2020-01-01", area.pcc))
        .send()
        .expect(200)
        .json();
    assert_eq!(office["items"][0]["id"], appointment.as_str());

    // A record whose earlier states were not kept (stored before history began) answers from its
    // last change on, and says so for an instant before it.
    app.execute_sql(&format!("DELETE FROM record_history WHERE resource_id = '{appointment}'"));
    let now = app.get(&path).token(&org_admin).send().expect(200).json();
    let current = app.get(&at(&path, "2999-01-01T00:00:00Z")).token(&org_admin).send().expect(200).json();
    assert_eq!(current, now);
    let refused = app.get(&at(&path, &instants[0])).token(&org_admin).send().expect_problem(422, "known_at.not_kept");
    assert_eq!(refused["errors"][0]["pointer"], "/query/known_at", "{refused}");
}

/// Issue 13: a board's owners change from a day (a PCC's ownership passing to a mayor, the West
/// Yorkshire pattern of 2021), kept as a dated change: the owners of an earlier day, and the quorum
/// of a past meeting, are unchanged.
fn a_board_owner_change_is_dated_and_keeps_the_past(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let m = quorate_meeting(&w, &b, "2017-07-26");
    let mayor = id(&create(
        &w.app,
        &w.admin,
        "/api/v1/corporations-sole",
        json!({"slug": "wm-mayor", "name": "Mayor of WM (PCC functions)", "kind": "mayor", "starts_on": "2021-05-10"}),
    ));
    let path = format!("/api/v1/boards/{b}/owner-changes");
    let change = json!({"from_owner_id": w.wm.pcc, "to_owner_id": mayor, "effective_on": "2021-05-10",
                        "reason": "The PCC's functions pass to the mayor (illustrative)"});
    w.app.post(&path).token(&w.secretary).json(&change).expect_problem(428, "precondition_required");
    w.app.post(&path).token(&w.outsider).if_match(1).json(&change).expect_problem(403, "forbidden");
    // Recorded by hand, a change has taken effect: one for a later day waits for its day.
    let mut early = change.clone();
    early["effective_on"] = json!("2099-05-11");
    let problem =
        w.app.post(&path).token(&w.secretary).if_match(1).json(&early).expect_problem(422, "owner_change.future");
    assert_eq!(problem["errors"][0]["pointer"], "/effective_on");
    let changed = w.app.post(&path).token(&w.secretary).if_match(1).json(&change).expect(200).json();
    let owners = |board: &Value| board["owners"].as_array().cloned().unwrap_or_default();
    assert!(owners(&changed).contains(&json!(mayor)) && !owners(&changed).contains(&json!(w.wm.pcc)), "{changed}");
    assert_eq!(changed["owner_changes"][0]["effective_on"], "2021-05-10");
    assert_eq!(changed["version"], 2);

    // The day before, the PCC still owned it; the meeting of 2017 is still quorate with the PCC's
    // representative present.
    let before = w.app.get(&format!("/api/v1/boards/{b}?as_of=2021-05-09")).send().expect(200).json();
    assert!(owners(&before).contains(&json!(w.wm.pcc)) && !owners(&before).contains(&json!(mayor)), "{before}");
    let meeting = w.app.get(&format!("/api/v1/meetings/{m}")).token(&w.admin).send().expect(200).json();
    assert_eq!(meeting["quorum"]["quorate"], json!(true), "{meeting}");

    // The other owner's secretary goes on; refusals name their field, and change nothing.
    let wk_secretary = w.app.token(&w.wk.opcc_slug, &["secretary"]);
    let refused = |body: Value, code: &str, pointer: &str| {
        let problem = w.app.post(&path).token(&wk_secretary).if_match(2).json(&body).expect_problem(422, code);
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{problem}");
    };
    refused(
        json!({"from_owner_id": w.wm.pcc, "effective_on": "2022-06-01", "reason": "again"}),
        "owner_change.not_owner",
        "/from_owner_id",
    );
    refused(
        json!({"from_owner_id": w.wk.pcc, "to_owner_id": w.wm.pcc, "effective_on": "2020-01-01", "reason": "earlier"}),
        "owner_change.order",
        "/effective_on",
    );
    refused(json!({"effective_on": "2022-06-01", "reason": "nothing"}), "owner_change.empty", "/to_owner_id");
    assert_eq!(w.app.get(&format!("/api/v1/boards/{b}")).send().expect(200).json(), changed);
}

/// Issue 13: an OPCC re-pointed to the successor office from the transfer day serves it now, and
/// the office it served on an earlier day is still known.
fn an_organisation_is_repointed_from_a_day(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "westyorks");
    let mayor = id(&create(
        &app,
        &admin,
        "/api/v1/corporations-sole",
        json!({"slug": "wy-mayor", "name": "Mayor of West Yorkshire", "kind": "mayor", "starts_on": "2021-05-10"}),
    ));
    let path = format!("/api/v1/organisations/{}", area.opcc);
    let repoint = json!({"corporation_sole_id": mayor, "effective_on": "2021-05-10",
                         "reason": "The OPCC's staff transfer to the mayor's policing office (SI 2021/112)"});
    let points = format!("{path}/repointings");
    app.post(&points).token(&admin).json(&repoint).expect_problem(428, "precondition_required");
    let org_admin = app.token(&area.opcc_slug, &["org_admin"]);
    app.post(&points).token(&org_admin).if_match(1).json(&repoint).expect_problem(403, "forbidden");
    let mut early = repoint.clone();
    early["effective_on"] = json!("2021-05-09");
    let refused = app.post(&points).token(&admin).if_match(1).json(&early).expect_problem(422, "R-TM-01");
    assert_eq!(refused["errors"][0]["pointer"], "/corporation_sole_id");
    let moved = app.post(&points).token(&admin).if_match(1).json(&repoint).expect(200).json();
    assert_eq!((moved["corporation_sole_id"].clone(), moved["version"].clone()), (json!(mayor), json!(2)));
    let before = app.get(&format!("{path}?as_of=2021-05-09")).send().expect(200).json();
    assert_eq!(before["corporation_sole_id"], area.pcc.as_str());
    let on = app.get(&format!("{path}?as_of=2021-05-10")).send().expect(200).json();
    assert_eq!(on["corporation_sole_id"], mayor.as_str());
    let history = app.get(&points).send().expect(200).json();
    assert_eq!(
        (history["items"][0]["from_corporation_sole_id"].clone(), history["items"][0]["effective_on"].clone()),
        (json!(area.pcc), json!("2021-05-10"))
    );
    app.post(&points).token(&admin).if_match(2).json(&repoint).expect_problem(422, "repointing.same_office");
    // Back to the PCC: not before the last re-pointing, not for a day still to come, and only to an
    // office that exists; nothing is stored by a refusal.
    let mut back = json!({"corporation_sole_id": area.pcc, "effective_on": "2021-05-01", "reason": "undo"});
    app.post(&points).token(&admin).if_match(2).json(&back).expect_problem(422, "repointing.order");
    back["effective_on"] = json!("2099-01-01");
    app.post(&points).token(&admin).if_match(2).json(&back).expect_problem(422, "repointing.future");
    back["corporation_sole_id"] = json!("016f5e66-e800-7000-8000-00000000ffff");
    let unknown = app.post(&points).token(&admin).if_match(2).json(&back).expect_problem(422, "unknown_reference");
    assert_eq!(unknown["errors"][0]["pointer"], "/corporation_sole_id");
    assert_eq!(app.get(&points).send().expect(200).json()["items"].as_array().map(Vec::len), Some(1));
}

on_both_backends!(
    an_organisation_is_repointed_from_a_day,
    a_decision_reads_as_it_was_held_at_each_change_and_only_as_visible_then,
    an_ended_appointment_reads_open_as_held_before_the_end_was_recorded,
    a_board_owner_change_is_dated_and_keeps_the_past
);
