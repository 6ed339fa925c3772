//! Registers of interests and of gifts and hospitality (issue 18): entries kept by the secretaries of
//! the keeping organisation, published or withheld with the reason; what each caller sees (a withheld
//! entry as its notice outside the keeping organisation); the public register and its Atom feeds,
//! naming only people the public knows of; a declaration citing the declarer's own entry; and the
//! meeting's warning of an undeclared interest.

use governance_tests::{on_both_backends, Backend};
use serde_json::{json, Value};

use crate::boards::{attend, board, decision_body, meeting, world, World};
use crate::fixtures::*;

fn interest(w: &World, person: &str, body: &str) -> Value {
    json!({"person_id": person, "organisation_id": w.wm.opcc, "category": "business_interest",
           "description": "Director (unpaid) of a community interest company (illustrative).",
           "interest_body": body, "from_on": "2015-01-01"})
}

fn gift(w: &World, person: &str) -> Value {
    json!({"person_id": person, "organisation_id": w.wm.opcc, "kind": "hospitality", "received_on": "2017-03-09",
           "giver": "Midlands Business Crime Partnership", "description": "Dinner at the annual awards (illustrative).",
           "estimated_value_pence": 4500, "outcome": "accepted"})
}

fn version(value: &Value) -> i64 {
    value["version"].as_i64().unwrap_or_default()
}

fn ids(list: &Value) -> Vec<String> {
    list["items"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_str().map(String::from)).collect()
}

fn get(w: &World, path: &str, token: Option<&str>) -> Value {
    let mut request = w.app.get(path);
    if let Some(token) = token {
        request = request.token(token);
    }
    request.send().expect(200).json()
}

/// Created, read, listed with filters and pages, and changed (If-Match) by the keeping
/// organisation's secretary; refused for others and for bad input, storing nothing; a withheld
/// entry shows callers outside the keeping organisation (anonymous included) its notice only.
fn interest_entries_are_kept_by_their_organisation_and_withheld_ones_show_a_notice(backend: Backend) {
    let w = world(backend);
    let head = w.app.audit_head();
    w.app
        .post("/api/v1/interests")
        .token(&w.outsider)
        .json(&interest(&w, &w.pcc_wm, "Restorative Solutions"))
        .expect_problem(403, "forbidden");
    w.app.post("/api/v1/interests").json(&interest(&w, &w.pcc_wm, "Restorative Solutions")).expect(401);
    let mut withheld = interest(&w, &w.pcc_wm, "Acme Estates Ltd");
    withheld["status"] = json!("withheld");
    let refused = w
        .app
        .post("/api/v1/interests")
        .token(&w.secretary)
        .json(&withheld)
        .expect_problem(422, "interests.withheld_reason");
    assert_eq!(refused["errors"][0]["pointer"], "/withheld_reason", "{refused}");
    let mut backwards = interest(&w, &w.pcc_wm, "Acme Estates Ltd");
    backwards["to_on"] = json!("2014-01-01");
    w.app.post("/api/v1/interests").token(&w.secretary).json(&backwards).expect_problem(422, "period.invalid");
    let mut unknown = interest(&w, &w.pcc_wm, "Acme Estates Ltd");
    unknown["category"] = json!("hobbies");
    w.app.post("/api/v1/interests").token(&w.secretary).json(&unknown).expect_problem(400, "validation.failed");
    let mut nobody = interest(&w, &w.pcc_wm, "Acme Estates Ltd");
    nobody["person_id"] = json!("0192fbab-257d-7013-bde9-efe6f97a1dfd");
    w.app.post("/api/v1/interests").token(&w.secretary).json(&nobody).expect_problem(422, "unknown_reference");
    assert_eq!(w.app.audit_head(), head, "refusals store nothing");

    let published = create(&w.app, &w.secretary, "/api/v1/interests", interest(&w, &w.pcc_wm, "Restorative Solutions"));
    assert_eq!((published["status"].clone(), published["version"].clone()), (json!("published"), json!(1)));
    withheld["withheld_reason"] = json!("A sensitive interest: disclosure could lead to intimidation.");
    let withheld = create(&w.app, &w.secretary, "/api/v1/interests", withheld);
    assert_eq!(withheld["interest_body"], "Acme Estates Ltd", "the writer sees what it wrote");

    // What each caller sees.
    let path = format!("/api/v1/interests/{}", id(&withheld));
    let reader = w.app.token(&w.wm.opcc_slug, &["reader"]);
    for token in [None, Some(w.outsider.as_str()), Some(w.wk_approver.as_str())] {
        let shown = get(&w, &path, token);
        assert_eq!(
            (shown["redacted"].clone(), shown["description"].clone(), shown["interest_body"].clone()),
            (json!(true), Value::Null, Value::Null),
            "{shown}"
        );
        assert_eq!(shown["withheld_reason"], "A sensitive interest: disclosure could lead to intimidation.");
        assert_eq!(
            (shown["category"].clone(), shown["from_on"].clone()),
            (json!("business_interest"), json!("2015-01-01"))
        );
        let open = get(&w, &format!("/api/v1/interests/{}", id(&published)), token);
        assert_eq!(
            (open["redacted"].clone(), open["interest_body"].clone()),
            (json!(false), json!("Restorative Solutions"))
        );
    }
    for token in [reader.as_str(), w.secretary.as_str(), w.admin.as_str()] {
        let full = get(&w, &path, Some(token));
        assert_eq!(
            (full["redacted"].clone(), full["interest_body"].clone()),
            (json!(false), json!("Acme Estates Ltd"))
        );
    }

    // Lists: filtered, paged, redacted as the read.
    let listed = get(&w, &format!("/api/v1/interests?person={}", w.pcc_wm), None);
    assert_eq!(ids(&listed).len(), 2);
    let notice = listed["items"].as_array().and_then(|i| i.iter().find(|e| e["id"] == withheld["id"])).cloned();
    assert_eq!(notice.unwrap_or_default()["description"], Value::Null);
    assert_eq!(ids(&get(&w, "/api/v1/interests?status=withheld", None)), vec![id(&withheld)]);
    assert_eq!(ids(&get(&w, "/api/v1/interests?category=employment", None)), Vec::<String>::new());
    assert_eq!(ids(&get(&w, "/api/v1/interests?in_force_on=2014-12-31", None)), Vec::<String>::new());
    assert_eq!(
        ids(&get(&w, &format!("/api/v1/interests?organisation={}&in_force_on=2020-01-01", w.wm.opcc), None)).len(),
        2
    );
    let first = get(&w, "/api/v1/interests?limit=1", None);
    let cursor = first["next_cursor"].as_str().map(String::from).unwrap_or_else(|| panic!("no cursor: {first}"));
    let second = get(&w, &format!("/api/v1/interests?limit=1&cursor={cursor}"), None);
    assert_eq!(ids(&second).len(), 1);
    assert_ne!(ids(&first), ids(&second));
    w.app.get("/api/v1/interests?limit=201").send().expect_problem(400, "validation.failed");
    w.app.get("/api/v1/interests?colour=red").send().expect_problem(400, "validation.failed");

    // Changes: If-Match, the keeper's secretaries only; publishing clears the reason.
    let path = format!("/api/v1/interests/{}", id(&published));
    w.app
        .patch(&path)
        .token(&w.secretary)
        .json(&json!({"to_on": "2018-03-31"}))
        .expect_problem(428, "precondition_required");
    w.app
        .patch(&path)
        .token(&w.outsider)
        .if_match(1)
        .json(&json!({"to_on": "2018-03-31"}))
        .expect_problem(403, "forbidden");
    let ended =
        w.app.patch(&path).token(&w.secretary).if_match(1).json(&json!({"to_on": "2018-03-31"})).expect(200).json();
    assert_eq!((ended["to_on"].clone(), ended["version"].clone()), (json!("2018-03-31"), json!(2)));
    w.app
        .patch(&path)
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"description": "stale"}))
        .expect_problem(412, "precondition_failed");
    // What the change itself gets wrong is answered as such whatever version it names, and stores nothing.
    let blank = w.app.patch(&path).token(&w.secretary).if_match(7).json(&json!({"interest_body": " "}));
    assert_eq!(blank.status, 422, "{}", blank.text);
    assert_eq!(blank.json()["errors"][0]["pointer"], "/interest_body", "{}", blank.text);
    assert_eq!(w.app.get(&path).token(&w.secretary).send().expect(200).json()["version"], 2);
    w.app
        .patch(&path)
        .token(&w.secretary)
        .if_match(2)
        .json(&json!({"status": "withheld"}))
        .expect_problem(422, "interests.withheld_reason");
    // A field left out keeps its value; `null` clears the end recorded in error, reopening the entry.
    let kept = w.app.patch(&path).token(&w.secretary).if_match(2).json(&json!({"description": "Director"}));
    assert_eq!(kept.expect(200).json()["to_on"], "2018-03-31");
    let reopened = w.app.patch(&path).token(&w.secretary).if_match(3).json(&json!({"to_on": null}));
    let reopened = reopened.expect(200).json();
    assert_eq!((reopened["to_on"].clone(), reopened["version"].clone()), (Value::Null, json!(4)));
    assert_eq!(w.app.get(&path).token(&w.secretary).send().expect(200).json()["to_on"], Value::Null);
    let path = format!("/api/v1/interests/{}", id(&withheld));
    let opened = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version(&withheld))
        .json(&json!({"status": "published"}))
        .expect(200)
        .json();
    assert_eq!((opened["status"].clone(), opened["withheld_reason"].clone()), (json!("published"), Value::Null));
    assert_eq!(get(&w, &path, None)["interest_body"], "Acme Estates Ltd");
    // Every change is in the change feed.
    let feed = get(&w, "/api/v1/events?types=interest_entry.updated", Some(&w.secretary));
    assert!(feed["items"].as_array().is_some_and(|items| items.len() >= 2), "{feed}");
}

/// The register of gifts and hospitality: the same keeping, withholding and refusals.
fn gifts_and_hospitality_are_registered_with_their_value_and_outcome(backend: Backend) {
    let w = world(backend);
    let head = w.app.audit_head();
    let mut negative = gift(&w, &w.pcc_wm);
    negative["estimated_value_pence"] = json!(-1);
    // As for other sums of money: a negative one is refused by the rules (422), as the schema says.
    w.app
        .post("/api/v1/gifts-and-hospitality")
        .token(&w.secretary)
        .json(&negative)
        .expect_problem(422, "invalid_amount");
    let mut unknown = gift(&w, &w.pcc_wm);
    unknown["outcome"] = json!("kept");
    w.app
        .post("/api/v1/gifts-and-hospitality")
        .token(&w.secretary)
        .json(&unknown)
        .expect_problem(400, "validation.failed");
    let mut blank = gift(&w, &w.pcc_wm);
    blank["giver"] = json!("  ");
    w.app.post("/api/v1/gifts-and-hospitality").token(&w.secretary).json(&blank).expect_problem(422, "required");
    w.app
        .post("/api/v1/gifts-and-hospitality")
        .token(&w.outsider)
        .json(&gift(&w, &w.pcc_wm))
        .expect_problem(403, "forbidden");
    assert_eq!(w.app.audit_head(), head, "refusals store nothing");

    let accepted = create(&w.app, &w.secretary, "/api/v1/gifts-and-hospitality", gift(&w, &w.pcc_wm));
    assert_eq!(
        (accepted["estimated_value_pence"].clone(), accepted["currency"].clone(), accepted["outcome"].clone()),
        (json!(4500), json!("GBP"), json!("accepted"))
    );
    let mut declined = gift(&w, &w.pcc_wm);
    declined["kind"] = json!("gift");
    declined["outcome"] = json!("declined");
    declined["received_on"] = json!("2017-05-02");
    declined["status"] = json!("withheld");
    declined["withheld_reason"] = json!("Relates to a live investigation.");
    let declined = create(&w.app, &w.secretary, "/api/v1/gifts-and-hospitality", declined);
    let path = format!("/api/v1/gifts-and-hospitality/{}", id(&declined));
    let shown = get(&w, &path, None);
    assert_eq!(
        (shown["redacted"].clone(), shown["giver"].clone(), shown["estimated_value_pence"].clone()),
        (json!(true), Value::Null, Value::Null),
        "{shown}"
    );
    assert_eq!((shown["outcome"].clone(), shown["received_on"].clone()), (json!("declined"), json!("2017-05-02")));
    assert_eq!(get(&w, &path, Some(&w.secretary))["giver"], "Midlands Business Crime Partnership");
    let list = |query: &str| ids(&get(&w, &format!("/api/v1/gifts-and-hospitality?{query}"), None));
    assert_eq!(list("outcome=declined"), vec![id(&declined)]);
    assert_eq!(list("kind=hospitality"), vec![id(&accepted)]);
    assert_eq!(list("received_from=2017-04-01&received_to=2017-12-31"), vec![id(&declined)]);
    assert_eq!(list(&format!("person={}", w.pcc_wm)).len(), 2);
    w.app
        .get("/api/v1/gifts-and-hospitality?received_from=2017-04-01&received_to=2017-01-01")
        .send()
        .expect_problem(422, "out_of_range");
    let changed = w
        .app
        .patch(&format!("/api/v1/gifts-and-hospitality/{}", id(&accepted)))
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"outcome": "declined", "estimated_value_pence": 5000}))
        .expect(200)
        .json();
    assert_eq!(
        (changed["outcome"].clone(), changed["estimated_value_pence"].clone()),
        (json!("declined"), json!(5000))
    );
    // A blank giver is refused as such even with a stale If-Match, and nothing changes.
    let gift = format!("/api/v1/gifts-and-hospitality/{}", id(&accepted));
    let blank = w.app.patch(&gift).token(&w.secretary).if_match(1).json(&json!({"giver": " "}));
    assert_eq!(blank.status, 422, "{}", blank.text);
    assert_eq!(blank.json()["errors"][0]["pointer"], "/giver", "{}", blank.text);
    assert_eq!(get(&w, &gift, Some(&w.secretary))["version"], 2);
}

/// The public register: per policing body, the same for every caller and cacheable, withheld
/// entries as their notice, people named only where the public knows of them; Atom feeds.
fn the_public_register_lists_the_registers_naming_only_people_the_public_knows(backend: Backend) {
    let w = world(backend);
    // The PCC holds an office: named. A member of staff in no public post: not named.
    let staff = person(&w.app, &w.admin, "Pat Assistant");
    create(&w.app, &w.secretary, "/api/v1/interests", interest(&w, &w.pcc_wm, "Restorative Solutions"));
    let mut withheld = interest(&w, &staff, "Acme Estates Ltd");
    withheld["status"] = json!("withheld");
    withheld["withheld_reason"] = json!("A sensitive interest.");
    let withheld = create(&w.app, &w.secretary, "/api/v1/interests", withheld);
    create(&w.app, &w.secretary, "/api/v1/gifts-and-hospitality", gift(&w, &w.pcc_wm));

    let path = format!("/api/v1/public/interests?corporation_sole={}", w.wm.pcc);
    let response = w.app.get(&path).send();
    assert_eq!(response.header("cache-control"), Some("public, max-age=60"));
    let tag = response.header("etag").map(str::to_string).unwrap_or_else(|| panic!("no ETag"));
    let register = response.expect(200).json();
    let items = register["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2, "{register}");
    let named = items.iter().find(|i| i["id"] != withheld["id"]).cloned().unwrap_or_default();
    assert_eq!(named["person_name"], "John Campion", "{named}");
    assert_eq!(named["interest_body"], "Restorative Solutions");
    let notice = items.iter().find(|i| i["id"] == withheld["id"]).cloned().unwrap_or_default();
    assert_eq!(
        (notice["person_name"].clone(), notice["description"].clone(), notice["interest_body"].clone()),
        (Value::Null, Value::Null, Value::Null),
        "{notice}"
    );
    assert_eq!(notice["withheld_reason"], "A sensitive interest.");
    assert_eq!(w.app.get(&path).header("If-None-Match", &tag).send().status, 304);
    assert_eq!(get(&w, &path, Some(&w.secretary)), register, "the same for every caller");
    let elsewhere = get(&w, &format!("/api/v1/public/interests?corporation_sole={}", w.wk.pcc), None);
    assert_eq!(elsewhere["items"], json!([]));
    assert!(get(&w, "/api/v1/public/interests?limit=1", None)["next_cursor"].is_string());

    let gifts = get(&w, "/api/v1/public/gifts-and-hospitality", None);
    assert_eq!(gifts["items"][0]["giver"], "Midlands Business Crime Partnership", "{gifts}");
    assert_eq!(gifts["items"][0]["person_name"], "John Campion");

    let feed = w.app.get("/api/v1/public/interests.atom").send().expect(200);
    assert!(feed.header("content-type").is_some_and(|t| t.starts_with("application/atom+xml")));
    assert!(feed.text.contains("<title>Registers of interests</title>"), "{}", feed.text);
    assert!(feed.text.contains("John Campion"));
    assert!(feed.text.contains("Withheld: A sensitive interest."));
    assert!(!feed.text.contains("Acme Estates") && !feed.text.contains("Pat Assistant"), "{}", feed.text);
    let feed = w.app.get("/api/v1/public/gifts-and-hospitality.atom?limit=5").send().expect(200);
    assert!(feed.text.contains("about £45.00"), "{}", feed.text);
    w.app.get("/api/v1/public/gifts-and-hospitality.atom?limit=0").send().expect_problem(400, "validation.failed");
}

fn warnings(meeting: &Value) -> Vec<Value> {
    meeting["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["code"] == "interests.undeclared")
        .cloned()
        .collect()
}

/// An agenda item naming an organisation in a present member's register, with no declaration,
/// is a warning on the meeting (for those who may see the entry); a declaration for the item, or
/// citing the entry, clears it; a declaration cites only the declarer's own entry.
fn a_meeting_warns_of_an_undeclared_interest_and_a_declaration_cites_the_register(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let m = id(&meeting(&w, &b, "2017-07-26"));
    attend(&w, &m, &w.chair_wm, "present", &w.wm.pcc);
    attend(&w, &m, &w.chair_wk, "present", &w.wk.pcc);
    let items = format!("/api/v1/meetings/{m}/agenda-items");
    let item = create(
        &w.app,
        &w.secretary,
        &items,
        json!({"label": "9.6", "title": "Restorative justice: extension of the contract with RESTORATIVE SOLUTIONS CIC"}),
    );
    let other =
        create(&w.app, &w.secretary, &items, json!({"label": "9.7", "title": "Estates: the Acme Estates Ltd lease"}));
    let meeting_path = format!("/api/v1/meetings/{m}");
    // No register entry yet: no warning.
    assert!(warnings(&get(&w, &meeting_path, Some(&w.secretary))).is_empty());

    let entry = create(&w.app, &w.secretary, "/api/v1/interests", interest(&w, &w.chair_wm, "Restorative Solutions"));
    let mut hidden = interest(&w, &w.chair_wk, "Acme Estates Ltd");
    hidden["status"] = json!("withheld");
    hidden["withheld_reason"] = json!("A sensitive interest.");
    let hidden = create(&w.app, &w.secretary, "/api/v1/interests", hidden);
    // An entry of someone absent, or one ended before the meeting, warns of nothing.
    let absent = person(&w.app, &w.admin, "Absent Member");
    create(&w.app, &w.secretary, "/api/v1/interests", interest(&w, &absent, "Restorative Solutions"));
    let mut ended = interest(&w, &w.chair_wk, "Restorative Solutions");
    ended["to_on"] = json!("2016-12-31");
    create(&w.app, &w.secretary, "/api/v1/interests", ended);

    let read = get(&w, &meeting_path, Some(&w.secretary));
    let found = warnings(&read);
    assert_eq!(found.len(), 2, "{read}");
    assert_eq!(found[0]["pointer"], "/agenda/0");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains(&id(&entry)) && message.contains(&w.chair_wm) && message.contains("9.6"), "{message}");
    assert_eq!(found[1]["pointer"], "/agenda/1");
    assert!(found[1]["message"].as_str().unwrap_or_default().contains(&id(&hidden)));
    // Outside the keeping organisation the withheld entry is not seen, so neither is its warning.
    for token in [None, Some(w.wk_approver.as_str())] {
        let shown = warnings(&get(&w, &meeting_path, token));
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert_eq!(shown[0]["pointer"], "/agenda/0");
    }

    // A declaration cites only the declarer's own entry; refusals store nothing.
    let declarations = format!("{meeting_path}/declarations");
    let head = w.app.audit_head();
    let refused = w
        .app
        .post(&declarations)
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wk, "agenda_item_id": id(&item), "interest": "Director",
                      "register_entry_id": id(&entry)}))
        .expect_problem(422, "interests.citation");
    assert_eq!(refused["errors"][0]["pointer"], "/register_entry_id");
    w.app
        .post(&declarations)
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wm, "interest": "Director",
                      "register_entry_id": "0192fbab-257d-7013-bde9-efe6f97a1dfd"}))
        .expect_problem(422, "unknown_reference");
    assert_eq!(w.app.audit_head(), head, "refusals store nothing");

    let declared = create(
        &w.app,
        &w.secretary,
        &declarations,
        json!({"person_id": w.chair_wm, "interest": "Director of Restorative Solutions CIC", "withdrew": true,
               "register_entry_id": id(&entry)}),
    );
    assert_eq!(declared["declarations"][0]["register_entry_id"], entry["id"]);
    let remaining = warnings(&declared);
    assert_eq!(remaining.len(), 1, "{remaining:?}");
    assert_eq!(remaining[0]["pointer"], "/agenda/1");
    // Declared for the item: no warning left.
    create(
        &w.app,
        &w.secretary,
        &declarations,
        json!({"person_id": w.chair_wk, "agenda_item_id": id(&other), "interest": "A sensitive interest"}),
    );
    assert!(warnings(&get(&w, &meeting_path, Some(&w.secretary))).is_empty());

    // A decision on no agenda item naming an organisation in a present member's register warns too,
    // for those who may read the decision (its parties until it is agreed).
    create(&w.app, &w.secretary, "/api/v1/interests", interest(&w, &w.chair_wk, "Northgate Public Services"));
    let decision = create(
        &w.app,
        &w.secretary,
        &format!("{meeting_path}/decisions"),
        decision_body(&w, "Extend the Northgate Public Services records contract by a year"),
    );
    let found = warnings(&get(&w, &meeting_path, Some(&w.secretary)));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["pointer"], "/declarations");
    assert!(found[0]["message"].as_str().unwrap_or_default().contains(&id(&decision)), "{found:?}");
    assert!(warnings(&get(&w, &meeting_path, None)).is_empty(), "an unagreed decision is not the public's");
}

on_both_backends!(
    interest_entries_are_kept_by_their_organisation_and_withheld_ones_show_a_notice,
    gifts_and_hospitality_are_registered_with_their_value_and_outcome,
    the_public_register_lists_the_registers_naming_only_people_the_public_knows,
    a_meeting_warns_of_an_undeclared_interest_and_a_declaration_cites_the_register
);
