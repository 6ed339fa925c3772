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

    // The demo registers of interests (illustrative): the PCC's, one entry withheld as its notice.
    let interests = app.get(&format!("/api/v1/public/interests?corporation_sole={pcc}")).send().expect(200).json();
    let entries = interests["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 2, "{interests}");
    assert!(entries.iter().all(|e| e["person_name"] == "John Campion"), "{interests}");
    assert_eq!(entries.iter().filter(|e| e["status"] == "withheld" && e["description"].is_null()).count(), 1);
    let gifts = app.get("/api/v1/public/gifts-and-hospitality").send().expect(200).json();
    assert_eq!(gifts["items"].as_array().map(Vec::len), Some(2), "{gifts}");

    let forces = app.get("/api/v1/forces?limit=200").send().expect(200).json();
    let before = forces["items"].as_array().map(Vec::len);
    let db = persistence::Database::connect(&app.database_url, 1).unwrap_or_else(|e| panic!("{e}"));
    let again = api::seed::demo::load(&db).unwrap_or_else(|e| panic!("{e}"));
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

fn item_by<'v>(list: &'v serde_json::Value, field: &str, value: &serde_json::Value) -> &'v serde_json::Value {
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|item| &item[field] == value)
        .unwrap_or_else(|| panic!("no {field}={value} in {list}"))
}

fn the_demo_boards_reproduce_the_seed_registers_meetings_and_record_of_decision(backend: Backend) {
    let app = spawn(backend, Options { demo: true, ..Default::default() });
    let boards = app.get("/api/v1/boards?limit=200").send().expect(200).json();
    let agg =
        item_by(&boards, "name", &"Alliance Governance Group".into())["id"].as_str().unwrap_or_default().to_string();
    let wm_pcc = find_id(&app, "/api/v1/corporations-sole?limit=200", "slug", "west-mercia-pcc");
    let wk_pcc = find_id(&app, "/api/v1/corporations-sole?limit=200", "slug", "warwickshire-pcc");
    let member = app.token("west-mercia-opcc", &["reader"]);

    // D0's register, 1 to 16, as the alliance's members see it.
    let register =
        app.get(&format!("/api/v1/boards/{agg}/decisions?limit=200")).token(&member).send().expect(200).json();
    let numbers: Vec<i64> =
        register["items"].as_array().into_iter().flatten().filter_map(|d| d["number"].as_i64()).collect();
    assert_eq!(numbers, (1..=16).collect::<Vec<_>>());
    let seven = item_by(&register, "number", &7.into());
    assert_eq!(seven["meeting_date"], "2016-10-26");
    assert_eq!(seven["agreed"], true);
    assert_eq!(seven["agreed_on"], "2016-10-26");
    let approvers: Vec<&str> =
        seven["approvals"].as_array().into_iter().flatten().filter_map(|a| a["corporation_sole_id"].as_str()).collect();
    assert_eq!(approvers, vec![wm_pcc.as_str(), wk_pcc.as_str()]);
    assert!(
        seven["approvals"][0]["approved_on"] == "2016-10-26" && seven["approvals"][1]["approved_on"] == "2016-10-26"
    );
    assert_eq!(seven["approvals"][0]["raw_text"], "Agreed by both PCC's 26/10/6");
    assert_eq!(seven["owner"], "Andy Champness, Chief Executive for West Mercia");
    let six = item_by(&register, "number", &6.into());
    assert_eq!(six["required_approvers"], serde_json::json!([wk_pcc]), "decision 6: Warwickshire alone");
    let fourteen = item_by(&register, "number", &14.into());
    // The register is recorded from D0 (R-TM-05): the paper's numbers and the cited table, and the
    // deputy's approval with the delegation she acted under on that day.
    let capacity = fourteen["approvals"][0]["capacity"].as_str().unwrap_or_default();
    assert!(capacity.starts_with("DPCC for West Mercia (") && capacity.contains("Scheme of delegation"), "{capacity}");
    assert_eq!(fourteen["paper_number"], "14");
    let cited = fourteen["evidence"]["locator"].as_str().unwrap_or_default();
    assert!(cited.ends_with("Decision Summary Table, decision 14"), "{cited}");
    assert_eq!(fourteen["approvals"][0]["evidence"], fourteen["evidence"]);
    assert_eq!(item_by(&register, "number", &4.into())["agreed"], false, "decision 4's approval is lost in D0");
    // Decision 16 is exempt (R-PB-03): a member organisation's reader sees its shell, its
    // secretary the subject.
    let sixteen = item_by(&register, "number", &16.into());
    assert_eq!(
        (sixteen["agenda_item_label"].as_str(), sixteen["redacted"].as_bool(), sixteen["subject"].as_str()),
        (Some("07/26/07/17"), Some(true), None)
    );
    let secretary = app.token("west-mercia-opcc", &["secretary"]);
    let full =
        app.get(&format!("/api/v1/boards/{agg}/decisions?limit=200")).token(&secretary).send().expect(200).json();
    assert_eq!(item_by(&full, "number", &16.into())["redacted"], false);

    // Anonymous callers see the agreed register of the public board, exempt entries as a shell.
    let public = app.get(&format!("/api/v1/boards/{agg}/decisions?limit=200")).send().expect(200).json();
    assert_eq!(public["items"].as_array().map(Vec::len), Some(15));
    let shell = item_by(&public, "number", &16.into());
    assert_eq!((shell["subject"].is_null(), shell["owner"].as_str()), (true, Some("Richard Elkin")));
    assert_eq!(shell["disclosure"]["foi_sections"], serde_json::json!(["s43"]));

    // The meeting of 26 July 2017: attendance, quorum, restricted item, carried-forward actions.
    let meetings =
        app.get(&format!("/api/v1/boards/{agg}/meetings?limit=200")).token(&member).send().expect(200).json();
    let july = item_by(&meetings, "date", &"2017-07-26".into());
    let attendance = july["attendance"].as_array().cloned().unwrap_or_default();
    assert_eq!(attendance.iter().filter(|a| a["kind"] == "present").count(), 12);
    assert_eq!(attendance.iter().filter(|a| a["kind"] == "apologies").count(), 2);
    assert_eq!(july["quorum"]["quorate"], true);
    assert_eq!((july["start_time"].as_str(), july["end_time"].as_str()), (Some("14:00"), Some("14:35")));
    assert_eq!(july["agenda"].as_array().map(Vec::len), Some(11));
    let july_id = july["id"].as_str().unwrap_or_default().to_string();
    let anonymous_view = app.get(&format!("/api/v1/meetings/{july_id}")).send().expect(200).json();
    let restricted = anonymous_view["agenda"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["label"] == "07/26/07/17")
        .cloned()
        .unwrap_or_default();
    assert_eq!((restricted["redacted"].as_bool(), restricted["presenter"].is_null()), (Some(true), true));
    let carried = app
        .get(&format!("/api/v1/meetings/{july_id}/carried-forward-actions"))
        .token(&member)
        .send()
        .expect(200)
        .json();
    assert_eq!(carried["items"][0]["due_on"], "2017-02-03", "the 21/12/16 action is still open in July 2017");
    let actions = app.get(&format!("/api/v1/actions?board={agg}&limit=200")).token(&member).send().expect(200).json();
    assert_eq!(actions["items"].as_array().map(Vec::len), Some(4));
    assert!(actions["items"].as_array().into_iter().flatten().all(|a| a["owners"].as_array().map(Vec::len) == Some(1)));

    // PCC/D/2017/05: a joint record of four corporations sole, signed by each.
    let records =
        app.get("/api/v1/records-of-decision?reference=PCC/D/2017/05").token(&member).send().expect(200).json();
    let record = &records["items"][0];
    assert_eq!(
        (record["signatures"].as_array().map(Vec::len), record["fully_signed"].as_bool()),
        (Some(4), Some(true))
    );
    assert_eq!(record["officer_approvals"].as_array().map(Vec::len), Some(2));
    assert_eq!(record["proposals"].as_array().map(Vec::len), Some(6));
    assert_eq!(record["publication_outstanding"], true, "R-PB-01: significant, and D1 gives no publication");
    let schemes = app.get("/api/v1/reference-schemes").send().expect(200).json();
    assert!(schemes["items"].as_array().into_iter().flatten().any(|s| s["pattern"] == "CPCC {YYYY}-{NNN}"));

    // BCB of 26 November 2015 and the West Mercia assurance meeting of 28 October 2020.
    let bcb =
        item_by(&boards, "name", &"Business Coordination Board".into())["id"].as_str().unwrap_or_default().to_string();
    let bcb_meetings = app.get(&format!("/api/v1/boards/{bcb}/meetings")).send().expect(200).json();
    let november = item_by(&bcb_meetings, "date", &"2015-11-26".into());
    assert_eq!(
        (november["agenda"].as_array().map(Vec::len), november["quorum"]["quorate"].as_bool()),
        (Some(19), Some(true))
    );
    let fsg = item_by(&boards, "name", &"Finance Sub-Group".into());
    assert_eq!(fsg["parent_board_id"], bcb.as_str());
    let htoa = item_by(&boards, "name", &"West Mercia Holding to Account - Monthly Assurance Meeting".into())["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let wm_actions = app.get(&format!("/api/v1/actions?board={htoa}")).token(&member).send().expect(200).json();
    assert_eq!(wm_actions["items"].as_array().map(Vec::len), Some(3));
    let dcc_post = wm_actions["items"][0]["owners"][0]["post_id"].as_str().unwrap_or_default().to_string();
    let owned = app.get(&format!("/api/v1/actions?owner={dcc_post}")).token(&member).send().expect(200).json();
    assert_eq!(owned["items"].as_array().map(Vec::len), Some(3), "the DCC owns all three actions of D4");
    let calendar = app.get(&format!("/api/v1/boards/{htoa}/meetings.ics")).send().expect(200);
    assert!(calendar.text.contains("DTSTART;TZID=Europe/London:20201028T100000\r\n"));
}

on_both_backends!(
    the_demo_registry_answers_who_held_office_and_loads_idempotently,
    the_demo_agreements_hold_the_bch_business_cases_and_the_69_31_split,
    the_demo_boards_reproduce_the_seed_registers_meetings_and_record_of_decision,
);
