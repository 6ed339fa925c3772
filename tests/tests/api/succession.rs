//! Transfer orders (issue 13, DOMAIN.md section 8) on the demo registry: the West Yorkshire 2021
//! pattern applied to West Mercia in 2028 (the PCC's functions pass to a mayor), previewed as its
//! impact report (R-SU-06); and a merger of the three BCH chief constables flagging the agreements
//! whose parties would then all stand in one force (R-SU-05). A scenario, not demo data.

use std::collections::BTreeSet;

use governance_tests::{on_both_backends, spawn, Backend, Options, TestApp};
use serde_json::{json, Value};

use crate::fixtures::{create, id};

fn office(app: &TestApp, slug: &str) -> Value {
    let page = app.get("/api/v1/corporations-sole?limit=200").send().expect(200).json();
    page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|item| item["slug"] == slug)
        .cloned()
        .unwrap_or_else(|| panic!("no office {slug}"))
}

fn items_of<'a>(report: &'a Value, kind: &str) -> Vec<&'a Value> {
    report["predecessors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["items"].as_array().into_iter().flatten())
        .filter(|item| item["kind"] == kind)
        .collect()
}

fn preview(app: &TestApp, token: &str, order: &str, version: i64) -> Value {
    app.post(&format!("/api/v1/transfer-orders/{order}/preview"))
        .token(token)
        .if_match(version)
        .json(&json!({}))
        .expect(200)
        .json()
}

fn a_mayoral_transfer_is_previewed_with_everything_the_pcc_holds(backend: Backend) {
    let app = spawn(backend, Options { demo: true, configure: None, ..Default::default() });
    let admin = app.admin();
    let pcc = office(&app, "west-mercia-pcc");
    let mayor = create(
        &app,
        &admin,
        "/api/v1/corporations-sole",
        json!({"slug": "west-mercia-mayor", "name": "Mayor of West Mercia (PCC functions)", "kind": "mayor",
               "force_id": pcc["force_id"], "starts_on": "2028-05-11"}),
    );
    let order_body = json!({
        "citation": "SI 2028/000 (illustrative)",
        "title": "The West Mercia Mayor (Policing and Crime Functions) Order 2028",
        "made_on": "2028-02-01",
        "in_force_on": "2028-05-11",
        "predecessor_ids": [pcc["id"]],
        "successor_id": id(&mayor),
    });
    let secretary = app.token("west-mercia-opcc", &["org_admin", "secretary"]);
    app.post("/api/v1/transfer-orders").token(&secretary).json(&order_body).expect_problem(403, "forbidden");
    let mut early = order_body.clone();
    early["in_force_on"] = json!("2028-05-01");
    let refused = app.post("/api/v1/transfer-orders").token(&admin).json(&early).expect_problem(422, "R-TM-01");
    assert_eq!(refused["errors"][0]["pointer"], "/successor_id");
    // An office that ended years before cannot be a predecessor: the order would move its end.
    let old_office = create(
        &app,
        &admin,
        "/api/v1/corporations-sole",
        json!({"slug": "old-office", "name": "Old office", "kind": "pcc", "starts_on": "2012-11-22"}),
    );
    app.post(&format!("/api/v1/corporations-sole/{}/end", id(&old_office)))
        .token(&admin)
        .if_match(1)
        .json(&json!({"ends_on": "2020-04-30"}))
        .expect(200);
    let mut ended = order_body.clone();
    ended["predecessor_ids"] = json!([id(&old_office)]);
    let refused = app.post("/api/v1/transfer-orders").token(&admin).json(&ended).expect_problem(422, "R-TM-01");
    assert_eq!(refused["errors"][0]["pointer"], "/predecessor_ids/0", "{refused}");
    let mut itself = order_body.clone();
    itself["predecessor_ids"] = json!([id(&mayor)]);
    app.post("/api/v1/transfer-orders").token(&admin).json(&itself).expect_problem(422, "transfer.successor");

    let order = create(&app, &admin, "/api/v1/transfer-orders", order_body);
    assert_eq!(order["status"], "draft");
    let path = format!("/api/v1/transfer-orders/{}", id(&order));
    assert_eq!(app.get(&path).send().expect(200).json()["citation"], "SI 2028/000 (illustrative)", "public law");
    app.post(&format!("{path}/preview"))
        .token(&secretary)
        .if_match(1)
        .json(&json!({}))
        .expect_problem(403, "forbidden");

    // Anyone may read the impact as the records stand, as JSON or CSV, before anything is previewed.
    let live = app.get(&format!("{path}/impact")).send().expect(200);
    let live_digest = live.json()["digest"].as_str().unwrap_or_default().to_string();
    assert_eq!(live.header("etag"), Some(format!("\"{live_digest}\"").as_str()));
    assert_eq!(live.json()["order"]["status"], "draft", "reading the impact previews nothing");
    let not_modified = app.get(&format!("{path}/impact")).header("if-none-match", &format!("\"{live_digest}\"")).send();
    assert_eq!(not_modified.status, 304);
    let csv = app.get(&format!("{path}/impact?format=csv")).send().expect(200);
    assert!(csv.header("content-type").is_some_and(|t| t.starts_with("text/csv")), "{:?}", csv.headers);
    let mut lines = csv.text.lines();
    assert_eq!(lines.next(), Some("predecessor_id,predecessor,kind,id,label,status,becomes,rule"));
    assert!(csv.text.contains(",scheme,") && csv.text.contains(",carried_as_new_version,R-SU-03"), "{}", csv.text);
    app.get(&format!("{path}/impact?format=xml")).send().expect_problem(400, "validation.failed");

    // Execution carries out a preview: a draft has none (409, and it stays a draft).
    let draft_execution = app.post(&format!("{path}/execution")).token(&admin).if_match(1);
    draft_execution.json(&json!({"digest": live_digest})).expect_problem(409, "conflict");
    assert_eq!(app.get(&path).send().expect(200).json()["status"], "draft");

    let report = preview(&app, &admin, &id(&order), 1);
    assert_eq!(report["digest"], live_digest.as_str(), "the preview fixes what the impact showed");
    assert_eq!(report["order"]["status"], "previewed");
    assert_eq!(report["successor_name"], "Mayor of West Mercia (PCC functions)");
    let digest = report["digest"].as_str().unwrap_or_default().to_string();
    assert_eq!(digest.len(), 64, "{report}");
    assert_eq!(report["order"]["preview_digest"], digest.as_str());

    let holders = items_of(&report, "appointment");
    assert_eq!(holders.len(), 1, "John Campion's term ends (R-SU-02): {report}");
    assert_eq!((holders[0]["becomes"].as_str(), holders[0]["rule"].as_str()), (Some("ends"), Some("R-SU-02")));
    let schemes = items_of(&report, "scheme");
    assert_eq!(schemes.len(), 1);
    assert_eq!(schemes[0]["becomes"], "carried_as_new_version");
    let boards: Vec<&str> = items_of(&report, "board_owned").iter().filter_map(|b| b["label"].as_str()).collect();
    assert!(boards.contains(&"Alliance Governance Group"), "{boards:?}");
    assert!(items_of(&report, "board_owned").iter().all(|b| b["rule"] == "R-SU-04"));
    let made = items_of(&report, "delegation_made");
    assert_eq!(
        made.len(),
        1,
        "the deputy's delegation continues; D1's consents lapsed with the alliance in 2020: {made:?}"
    );
    assert_eq!(made[0]["becomes"], "continues_as_successors");
    assert!(items_of(&report, "agreement").is_empty(), "the alliance agreement was terminated");

    let again = preview(&app, &admin, &id(&order), 2);
    assert_eq!(again["digest"], digest.as_str(), "nothing changed, so the same digest");
    app.post(&format!("{path}/preview"))
        .token(&admin)
        .if_match(2)
        .json(&json!({}))
        .expect_problem(412, "precondition_failed");
    let listed = app.get("/api/v1/transfer-orders").send().expect(200).json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    let feed = app.get("/api/v1/events?types=transfer_order.previewed").send().expect(200).json();
    assert_eq!(feed["items"].as_array().map(Vec::len), Some(2), "{feed}");

    // Execution applies exactly the last preview: another digest is refused and changes nothing.
    let execution = format!("{path}/execution");
    let wrong = json!({"digest": "0".repeat(64)});
    app.post(&execution).token(&admin).if_match(3).json(&wrong).expect_problem(409, "conflict");
    app.post(&execution)
        .token(&secretary)
        .if_match(3)
        .json(&json!({"digest": digest}))
        .expect_problem(403, "forbidden");
    let executed = app.post(&execution).token(&admin).if_match(3).json(&json!({"digest": digest})).expect(200).json();
    assert_eq!(executed["status"], "executed", "{executed}");
    assert_eq!(executed["executed"][0]["corporation_sole_id"], pcc["id"]);
    app.post(&execution).token(&admin).if_match(4).json(&json!({"digest": digest})).expect_problem(409, "conflict");
    // An executed order's impact is history: it is not previewed again.
    app.post(&format!("{path}/preview")).token(&admin).if_match(4).json(&json!({})).expect_problem(409, "conflict");

    // R-SU-02: the PCC ends the day before, and with it John Campion's term and his deputy's.
    let ended = app
        .get(&format!("/api/v1/corporations-sole/{}", pcc["id"].as_str().unwrap_or_default()))
        .send()
        .expect(200)
        .json();
    assert_eq!(ended["ends_on"], "2028-05-10");
    let holders = app
        .get(&format!("/api/v1/appointments?corporation_sole={}", pcc["id"].as_str().unwrap_or_default()))
        .send()
        .expect(200)
        .json();
    assert!(holders["items"].as_array().into_iter().flatten().all(|a| a["ends_on"].is_string()), "{holders}");

    // Who could act, on either side of the date (R-SU-01, R-SU-03).
    let authority = |office: &str, on: &str| {
        app.get(&format!("/api/v1/corporations-sole/{office}/authority?on={on}&function=approve_board_decision"))
            .send()
            .expect(200)
            .json()
    };
    let pcc_id = pcc["id"].as_str().unwrap_or_default();
    let before = authority(pcc_id, "2028-05-01");
    assert_eq!(before["holders"].as_array().map(Vec::len), Some(2), "the PCC and the deputy: {before}");
    assert_eq!(before["holders"][0]["held_by"][0]["full_name"], "John Campion");
    assert_eq!(authority(pcc_id, "2028-06-01")["office_existed"], false);
    let after = authority(&id(&mayor), "2028-06-01");
    assert_eq!(after["holders"].as_array().map(Vec::len), Some(2), "the mayor and the deputy's post: {after}");
    assert_eq!(after["holders"][1]["held_by"], json!([]), "the deputy's term ended: re-appoint (R-SU-04)");
    assert!(after["holders"][1]["capacity"].as_str().unwrap_or_default().contains("(carried over)"), "{after}");
    let in_force = |office: &str, on: &str| {
        app.get(&format!("/api/v1/delegations?corporation_sole={office}&in_force_on={on}")).send().expect(200).json()
            ["items"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!((in_force(pcc_id, "2028-05-01"), in_force(pcc_id, "2028-06-01")), (1, 0));
    assert_eq!((in_force(&id(&mayor), "2028-05-01"), in_force(&id(&mayor), "2028-06-01")), (0, 1));

    // R-SU-04: the boards pass; nobody represents the ended office any more.
    let boards = app.get(&format!("/api/v1/boards?corporation_sole={}", id(&mayor))).send().expect(200).json();
    assert!(boards["items"].as_array().is_some_and(|b| !b.is_empty()), "{boards}");
    let feed = app.get("/api/v1/events?types=transfer_order.executed").send().expect(200).json();
    assert_eq!(feed["items"].as_array().map(Vec::len), Some(1), "{feed}");
}

/// An election without any transfer: what follows if John Campion stops holding the West Mercia
/// office on 2028-05-10, answered without changing anything.
fn a_holder_change_shows_the_deputies_and_memberships_it_ends(backend: Backend) {
    let app = spawn(backend, Options { demo: true, configure: None, ..Default::default() });
    let pcc = office(&app, "west-mercia-pcc");
    let pcc_id = pcc["id"].as_str().unwrap_or_default();
    let appointments = app.get(&format!("/api/v1/appointments?corporation_sole={pcc_id}")).send().expect(200).json();
    let campion = appointments["items"][0]["id"].as_str().unwrap_or_default().to_string();
    let path = format!("/api/v1/appointments/{campion}/impact");
    let impact = app.get(&format!("{path}?ends_on=2028-05-10")).send().expect(200).json();
    assert_eq!(impact["person_name"], "John Campion", "{impact}");
    assert_eq!(impact["held"], "Police and Crime Commissioner for West Mercia");
    let items: Vec<&Value> = impact["items"].as_array().into_iter().flatten().collect();
    let deputies: Vec<&&Value> = items.iter().filter(|i| i["kind"] == "appointment").collect();
    assert_eq!(deputies.len(), 1, "{impact}");
    assert_eq!(deputies[0]["label"], "deputy Tracey Onslow");
    assert_eq!((deputies[0]["becomes"].as_str(), deputies[0]["rule"].as_str()), (Some("ends"), Some("R-DL-06")));
    assert!(items.iter().filter(|i| i["kind"] == "membership").all(|m| m["rule"] == "R-SU-04"));
    let deputy = app.get(&format!("/api/v1/appointments/{}", deputies[0]["id"].as_str().unwrap_or_default())).send();
    assert_eq!(deputy.expect(200).json()["ends_on"], Value::Null, "asking changes nothing");
    let before_term = app.get(&format!("{path}?ends_on=2016-06-01")).send().expect(200).json();
    assert!(
        before_term["items"].as_array().is_some_and(|i| i.iter().all(|i| i["kind"] != "appointment")),
        "the deputy came later"
    );
    app.get(&path).send().expect_problem(400, "validation.failed");
    app.get(&format!("/api/v1/appointments/{}/impact?ends_on=2028-05-10", uuid::Uuid::now_v7()))
        .send()
        .expect_problem(404, "not_found");
}

fn a_force_merger_flags_the_agreements_left_within_one_force(backend: Backend) {
    let app = spawn(backend, Options { demo: true, configure: None, ..Default::default() });
    let admin = app.admin();
    let eastern = create(
        &app,
        &admin,
        "/api/v1/forces",
        json!({"slug": "eastern", "name": "Eastern Police (illustrative)", "police_area": "Eastern"}),
    );
    let chief = create(
        &app,
        &admin,
        "/api/v1/corporations-sole",
        json!({"slug": "eastern-cc", "name": "Chief Constable of Eastern Police", "kind": "chief_constable",
               "force_id": id(&eastern), "starts_on": "2029-04-01"}),
    );
    let predecessors: Vec<Value> =
        ["bedfordshire-chief-constable", "cambridgeshire-chief-constable", "hertfordshire-chief-constable"]
            .iter()
            .map(|slug| office(&app, slug)["id"].clone())
            .collect();
    let order = create(
        &app,
        &admin,
        "/api/v1/transfer-orders",
        json!({"citation": "SI 2029/000 (illustrative)", "title": "Eastern force merger", "made_on": "2028-10-01",
               "in_force_on": "2029-04-01", "predecessor_ids": predecessors, "successor_id": id(&chief)}),
    );
    let report = preview(&app, &admin, &id(&order), 1);
    let agreements = items_of(&report, "agreement");
    assert!(!agreements.is_empty(), "{report}");
    for agreement in &agreements {
        assert_eq!(agreement["becomes"], "flagged_for_termination", "{agreement}");
        assert_eq!(agreement["rule"], "R-SU-05");
    }
    // The first agreement's costs are shared among the merging chiefs' parties.
    let first = format!("/api/v1/collaboration-agreements/{}", agreements[0]["id"].as_str().unwrap_or_default());
    let stored = app.get(&first).token(&admin).send().expect(200).json();
    let chiefs: Vec<&Value> = stored["parties"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| predecessors.contains(&p["corporation_sole_id"]))
        .collect();
    assert!(!chiefs.is_empty(), "{stored}");
    let shares: Vec<Value> = chiefs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let points = if i == 0 { 10_000 - 1_000 * (chiefs.len() as i64 - 1) } else { 1_000 };
            json!({"party_id": p["id"], "basis_points": points})
        })
        .collect();
    app.post(&format!("{first}/cost-schedules"))
        .token(&admin)
        .if_match(stored["version"].as_i64().unwrap_or_default())
        .json(&json!({"basis": "budget_share", "effective_from": "2020-04-01", "shares": shares}))
        .expect(200);
    let report = preview(&app, &admin, &id(&order), 2);
    let digest = report["digest"].clone();
    let before_execution: Vec<Value> = agreements
        .iter()
        .map(|a| {
            let path = format!("/api/v1/collaboration-agreements/{}", a["id"].as_str().unwrap_or_default());
            app.get(&path).token(&admin).send().expect(200).json()
        })
        .collect();
    let executed_from = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    app.post(&format!("/api/v1/transfer-orders/{}/execution", id(&order)))
        .token(&admin)
        .if_match(3)
        .json(&json!({"digest": digest}))
        .expect(200);
    let executed_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    // The agreements move together (one audited change each, the chain whole after it).
    let verified = app.get("/api/v1/audit-events/verification").token(&admin).send().expect(200).json();
    assert_eq!(verified["valid"], true, "{verified}");
    for (agreement, before) in agreements.iter().zip(&before_execution) {
        let path = format!("/api/v1/collaboration-agreements/{}", agreement["id"].as_str().unwrap_or_default());
        let now = app.get(&path).token(&admin).send().expect(200).json();
        let parties: Vec<&Value> = now["parties"].as_array().into_iter().flatten().collect();
        // R-SU-01: the merged chief joins on the date, succeeding each predecessor's party, which
        // leaves that day; R-SU-02: what the predecessors did stays recorded as theirs.
        let joined: Vec<&&Value> = parties.iter().filter(|p| p["corporation_sole_id"] == id(&chief).as_str()).collect();
        assert!(!joined.is_empty(), "{now}");
        for party in &joined {
            assert_eq!(party["joins_on"], "2029-04-01", "{party}");
            assert_eq!(party["transfer_order_id"], id(&order).as_str());
            let left = parties.iter().find(|p| p["id"] == party["succeeds_party_id"]).expect("the party succeeded");
            assert!(predecessors.contains(&left["corporation_sole_id"]), "{left}");
            assert_eq!(
                (left["withdrawn_on"].as_str(), left["withdrawal_notice_on"].as_str()),
                (Some("2029-04-01"), None)
            );
            assert_eq!(left["succeeded_by_party_id"], party["id"]);
        }
        assert_eq!(
            (&now["approvals"], &now["signatures"], &now["cost_schedules"]),
            (&before["approvals"], &before["signatures"], &before["cost_schedules"]),
            "acts before the date keep the predecessors' parties"
        );
        if path == first {
            // A share is held for the seat: by the predecessor's party before the date, the successor's from it.
            let shares = |on: &str| -> Vec<Value> {
                let schedule = app.get(&format!("{path}/cost-schedule?as_of={on}")).token(&admin).send().expect(200);
                let schedule = schedule.json();
                schedule["shares"].as_array().into_iter().flatten().map(|s| s["party_id"].clone()).collect()
            };
            let (eve, day) = (shares("2029-03-31"), shares("2029-04-01"));
            for party in &joined {
                assert!(day.contains(&party["id"]) && !eve.contains(&party["id"]), "{eve:?} {day:?}");
                assert!(eve.contains(&party["succeeds_party_id"]) && !day.contains(&party["succeeds_party_id"]));
            }
        }
        assert!(now["version"].as_i64() > before["version"].as_i64(), "{now}");
        // R-TM-06: the state kept with the execution is the one read now; before it, the service
        // held the merged forces' chiefs as parties.
        let kept = app.get(&format!("{path}?known_at={executed_at}")).token(&admin).send().expect(200).json();
        assert_eq!(kept, now, "the kept state is the agreement as read");
        let held = app.get(&format!("{path}?known_at={executed_from}")).token(&admin).send().expect(200);
        assert_eq!(held.json()["parties"], before["parties"], "{}", held.text);
        // Their search entries were rebuilt together with the change, not lost.
        let word = now["title"].as_str().unwrap_or_default().split(' ').find(|w| w.len() >= 5).unwrap_or_default();
        let query = format!("/api/v1/search?q={word}&kind=collaboration_agreement&limit=200");
        let found = app.get(&query).token(&admin).send().expect(200).json();
        assert!(found["items"].as_array().into_iter().flatten().any(|hit| hit["id"] == now["id"]), "{word}: {found}");
        let alerts = now["alerts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["message"].as_str().is_some_and(|m| m.contains("R-SU-05")));
        assert_eq!(alerts.count(), 1, "{now}");
    }
    // `as_of` on either side of the date: the predecessor was the party before it, the successor from it.
    let listed = |office: &str, on: &str| -> BTreeSet<String> {
        let query = format!("/api/v1/collaboration-agreements?corporation_sole={office}&as_of={on}&limit=200");
        let page = app.get(&query).token(&admin).send().expect(200).json();
        page["items"].as_array().into_iter().flatten().filter_map(|a| a["id"].as_str().map(String::from)).collect()
    };
    let moved: BTreeSet<String> = agreements.iter().filter_map(|a| a["id"].as_str().map(String::from)).collect();
    let bedfordshire = predecessors[0].as_str().unwrap_or_default();
    let of_beds = |on: &str| listed(bedfordshire, on).intersection(&moved).count();
    assert!(of_beds("2029-03-31") > 0 && of_beds("2029-04-01") == 0, "{moved:?}");
    assert!(moved.is_subset(&listed(&id(&chief), "2029-04-01")), "{moved:?}");
    assert!(listed(&id(&chief), "2029-03-31").is_empty());
    // Issue 18: the merged force sees the whole history of every agreement the order moved to its
    // chief constable in its feed, as the platform does (the execution changed them all in one write).
    create(
        &app,
        &admin,
        "/api/v1/organisations",
        json!({"slug": "eastern-police", "name": "Eastern Police (illustrative)", "kind": "force",
               "corporation_sole_id": id(&chief), "force_id": id(&eastern)}),
    );
    let force_reader = app.token("eastern-police", &["reader"]);
    let whole_feed = |token: &str| -> Vec<Value> {
        let mut items = Vec::new();
        let mut after = String::from("0");
        loop {
            let page =
                app.get(&format!("/api/v1/events?limit=200&after={after}")).token(token).send().expect(200).json();
            items.extend(page["items"].as_array().cloned().unwrap_or_default());
            after = page["next_cursor"].as_str().unwrap_or_default().to_string();
            if page["has_more"] != true {
                return items;
            }
        }
    };
    let (platform, merged) = (whole_feed(&admin), whole_feed(&force_reader));
    let moved: BTreeSet<&str> = platform
        .iter()
        .filter(|e| e["event_type"] == "collaboration_agreement.party_substituted")
        .filter_map(|e| e["resource_id"].as_str())
        .collect();
    assert!(moved.len() >= 2, "the order moved several agreements at once: {moved:?}");
    for agreement in moved {
        let count = |feed: &[Value]| feed.iter().filter(|e| e["resource_id"] == agreement).count();
        assert_eq!(count(&merged), count(&platform), "agreement {agreement}: the merged force misses events");
    }
}

on_both_backends!(
    a_mayoral_transfer_is_previewed_with_everything_the_pcc_holds,
    a_holder_change_shows_the_deputies_and_memberships_it_ends,
    a_force_merger_flags_the_agreements_left_within_one_force,
    an_order_may_create_its_successor,
);

/// The order itself may create the successor (a new office, as SI 2021/112 created the West
/// Yorkshire mayoralty's policing functions): recorded with the order, existing from its in-force date.
fn an_order_may_create_its_successor(backend: Backend) {
    let app = spawn(backend, Options { demo: true, configure: None, ..Default::default() });
    let admin = app.admin();
    let pcc = office(&app, "west-mercia-pcc");
    let board = json!({"slug": "west-mercia-policing-board", "name": "West Mercia Policing and Crime Board",
                       "kind": "policing_and_crime_board", "force_id": pcc["force_id"]});
    let body = |successor: Value| {
        let mut order = json!({
            "citation": "SI 2028/001 (illustrative)", "title": "The West Mercia Policing and Crime Board Order 2028",
            "made_on": "2028-02-01", "in_force_on": "2028-05-11", "predecessor_ids": [pcc["id"]],
        });
        if let (Some(order), Some(successor)) = (order.as_object_mut(), successor.as_object()) {
            order.extend(successor.clone());
        }
        order
    };
    let post = |order: Value| app.post("/api/v1/transfer-orders").token(&admin).json(&order);
    let neither = post(body(json!({}))).expect_problem(422, "transfer.successor");
    assert_eq!(neither["errors"][0]["pointer"], "/successor_id");
    post(body(json!({"successor_id": pcc["id"], "new_successor": board}))).expect_problem(422, "transfer.successor");
    // A refusal of the new office names its field under `new_successor`, and stores nothing.
    let mut unknown_force = board.clone();
    unknown_force["force_id"] = json!("016f5e66-e800-7000-8000-00000000ffff");
    let refused = post(body(json!({"new_successor": unknown_force}))).expect_problem(422, "unknown_reference");
    assert_eq!(refused["errors"][0]["pointer"], "/new_successor/force_id", "{refused}");
    let listed = app.get("/api/v1/corporations-sole?q=policing%20and%20crime%20board").send().expect(200).json();
    assert_eq!(listed["items"], json!([]), "the refused order left no office behind");

    let order = post(body(json!({"new_successor": board}))).expect(201).json();
    assert_eq!(order["successor_created"], json!(true), "{order}");
    let successor =
        app.get(&format!("/api/v1/corporations-sole/{}", order["successor_id"].as_str().unwrap_or_default()));
    let successor = successor.send().expect(200).json();
    assert_eq!(
        (successor["kind"].clone(), successor["starts_on"].clone(), successor["slug"].clone()),
        (json!("policing_and_crime_board"), json!("2028-05-11"), json!("west-mercia-policing-board"))
    );
    let report = preview(&app, &admin, &id(&order), 1);
    assert_eq!(report["successor_name"], "West Mercia Policing and Crime Board");
    let boards_owned = items_of(&report, "board_owned").len();
    // A record of the predecessor changes after the preview: executing the preview's digest is refused
    // (409) and changes nothing; a new preview lists the change, and executes.
    let later_board = create(
        &app,
        &admin,
        "/api/v1/boards",
        json!({"name": "West Mercia Estates Board", "kind": "programme_board", "owners": [pcc["id"]],
               "established_on": "2028-03-01"}),
    );
    let execution = format!("/api/v1/transfer-orders/{}/execution", id(&order));
    let stale = app.post(&execution).token(&admin).if_match(2).json(&json!({"digest": report["digest"]}));
    let refused = stale.expect_problem(409, "conflict");
    assert!(refused["detail"].as_str().is_some_and(|d| d.contains("changed since")), "{refused}");
    let unchanged = app.get(&format!("/api/v1/transfer-orders/{}", id(&order))).send().expect(200).json();
    assert_eq!((unchanged["status"].clone(), unchanged["version"].clone()), (json!("previewed"), json!(2)));
    let still = app.get(&format!("/api/v1/corporations-sole/{}", pcc["id"].as_str().unwrap_or_default()));
    assert_eq!(still.send().expect(200).json()["ends_on"], Value::Null, "the refused execution ended nothing");
    let owners = app.get(&format!("/api/v1/boards/{}", id(&later_board))).token(&admin).send().expect(200).json()
        ["owners"]
        .clone();
    assert_eq!(owners, json!([pcc["id"]]), "nor moved the board");
    let again = preview(&app, &admin, &id(&order), 2);
    assert_ne!(again["digest"], report["digest"]);
    assert_eq!(items_of(&again, "board_owned").len(), boards_owned + 1, "{again}");
    let executed = app.post(&execution).token(&admin).if_match(3).json(&json!({"digest": again["digest"]}));
    assert_eq!(executed.expect(200).json()["status"], "executed");
    // The office and the order are each audited, in the one transaction.
    let events = app
        .get(&format!("/api/v1/audit-events?resource_type=corporation_sole&resource_id={}", id(&successor)))
        .token(&admin)
        .send()
        .expect(200)
        .json();
    assert_eq!(events["items"][0]["action"], "create", "the successor's creation is audited: {events}");
}
