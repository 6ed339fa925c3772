//! The forward plan of key decisions (issue 18): entries drafted, published, their dates' slips kept
//! with reasons, closed by the record that took the decision or withdrawn; the overdue and slipped
//! reports as at a day; what each caller sees (drafts with the deciders, exempt entries as a notice);
//! the iCalendar feed and the public register.

use governance_tests::{on_both_backends, Backend};
use serde_json::{json, Value};

use crate::boards::{world, World};
use crate::fixtures::*;

fn entry_body(w: &World, title: &str, intended_on: &str) -> Value {
    json!({"deciders": [w.wm.pcc, w.wk.pcc], "title": title,
           "summary": "Whether to dispose of the freehold of the police station site, surplus to operational need.",
           "intended_on": intended_on, "taken_by": "officer",
           "consultation": "The chief constables and the local councils.",
           "documents": ["Estates strategy 2017-2020", "Valuation report"]})
}

fn version(value: &Value) -> i64 {
    value["version"].as_i64().unwrap_or_default()
}

fn ids(list: &Value) -> Vec<String> {
    list["items"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_str().map(String::from)).collect()
}

fn publish(w: &World, entry: &Value, on: &str) -> Value {
    publish_as(w, &w.secretary, entry, on)
}

fn publish_as(w: &World, token: &str, entry: &Value, on: &str) -> Value {
    w.app
        .post(&format!("/api/v1/forward-plan/{}/publication", id(entry)))
        .token(token)
        .if_match(version(entry))
        .json(&json!({"published_on": on}))
        .expect(200)
        .json()
}

/// Drafted, published, slipped with its reason kept, found by the overdue and slipped reports as at a
/// day, closed by the record of decision that took it (once), another withdrawn; each refusal a
/// problem naming the field, storing nothing.
fn an_entry_is_published_slips_and_is_closed_by_its_record(backend: Backend) {
    let w = world(backend);
    let head = w.app.audit_head();
    w.app
        .post("/api/v1/forward-plan")
        .token(&w.outsider)
        .json(&entry_body(&w, "Not ours", "2017-03-01"))
        .expect_problem(403, "forbidden");
    let mut no_board = entry_body(&w, "Board", "2017-03-01");
    no_board["taken_by"] = json!("board");
    let refused =
        w.app.post("/api/v1/forward-plan").token(&w.secretary).json(&no_board).expect_problem(422, "required");
    assert_eq!(refused["errors"][0]["pointer"], "/board_id", "{refused}");
    let mut nobody = entry_body(&w, "Nobody", "2017-03-01");
    nobody["deciders"] = json!([]);
    let refused = w.app.post("/api/v1/forward-plan").token(&w.secretary).json(&nobody).expect_problem(422, "required");
    assert_eq!(refused["errors"][0]["pointer"], "/deciders", "{refused}");
    let mut exempt = entry_body(&w, "Exempt", "2017-03-01");
    exempt["disclosure"] = json!({"level": "exempt"});
    w.app.post("/api/v1/forward-plan").token(&w.secretary).json(&exempt).expect_problem(422, "R-PB-02");
    assert_eq!(w.app.audit_head(), head, "refusals store nothing");

    let draft = create(
        &w.app,
        &w.secretary,
        "/api/v1/forward-plan",
        entry_body(&w, "Disposal of Bottisham police station", "2017-03-01"),
    );
    assert_eq!((draft["status"].clone(), draft["version"].clone()), (json!("draft"), json!(1)));
    let path = format!("/api/v1/forward-plan/{}", id(&draft));
    // A draft stays with the deciders' organisations.
    w.app.get(&path).send().expect_problem(404, "not_found");
    w.app.get(&path).token(&w.outsider).send().expect_problem(404, "not_found");
    w.app.get(&path).token(&w.wk_approver).send().expect(200);
    assert!(!ids(&w.app.get("/api/v1/forward-plan").send().expect(200).json()).contains(&id(&draft)));
    // A draft's date moves freely (nothing is published yet): no slip.
    let moved = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"intended_on": "2017-03-08"}))
        .expect(200)
        .json();
    assert_eq!(moved["slips"], json!([]));
    w.app
        .patch(&path)
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"title": "stale"}))
        .expect_problem(412, "precondition_failed");
    let published = publish(&w, &moved, "2017-01-10");
    assert_eq!(
        (published["status"].clone(), published["published_intended_on"].clone(), published["slipped"].clone()),
        (json!("published"), json!("2017-03-08"), json!(false))
    );
    let public = w.app.get(&path).send().expect(200).json();
    assert_eq!((public["summary"].is_string(), public["redacted"].clone()), (true, json!(false)));
    // A published date moves only with the reason, kept as a slip.
    let refused = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version(&published))
        .json(&json!({"intended_on": "2017-04-05"}))
        .expect_problem(422, "forward_plan.slip_reason");
    assert_eq!(refused["errors"][0]["pointer"], "/reason");
    let slipped = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version(&published))
        .json(&json!({"intended_on": "2017-04-05", "reason": "Awaiting the valuation report."}))
        .expect(200)
        .json();
    assert_eq!(slipped["slips"][0]["from_on"], "2017-03-08");
    assert_eq!(slipped["slips"][0]["to_on"], "2017-04-05");
    assert_eq!(slipped["slips"][0]["reason"], "Awaiting the valuation report.");
    assert_eq!(slipped["slipped"], true);
    // The reports, as at a day.
    let report = |query: &str| ids(&w.app.get(&format!("/api/v1/forward-plan?{query}")).send().expect(200).json());
    assert!(report("slipped=true").contains(&id(&draft)));
    assert!(!report("slipped=false").contains(&id(&draft)));
    assert!(!report("overdue=true&as_of=2017-04-05").contains(&id(&draft)));
    assert!(report("overdue=true&as_of=2017-04-06").contains(&id(&draft)));
    assert!(report("overdue=false&as_of=2017-04-05").contains(&id(&draft)));
    assert!(report(&format!("corporation_sole={}&intended_from=2017-04-01&intended_to=2017-04-30", w.wk.pcc))
        .contains(&id(&draft)));
    assert!(!report("intended_to=2017-03-31").contains(&id(&draft)));
    assert!(report("status=published").contains(&id(&draft)));
    let flagged = w.app.get("/api/v1/forward-plan?overdue=true&as_of=2017-04-06").send().expect(200).json();
    assert_eq!(flagged["items"][0]["overdue"], true);
    w.app
        .get("/api/v1/forward-plan?intended_from=2017-05-01&intended_to=2017-04-01")
        .send()
        .expect_problem(422, "out_of_range");

    // Closed by the record of decision that took it: a record of the deciders, visible to the caller.
    let record = create(
        &w.app,
        &w.secretary,
        "/api/v1/records-of-decision",
        json!({"issuing_corporation_sole_id": w.wm.pcc, "reference": "PCC/D/2017/07", "title": "Disposal of Bottisham police station",
               "summary": "Approved", "deciders": [{"corporation_sole_id": w.wm.pcc}]}),
    );
    let closure = format!("{path}/closure");
    let unknown = w
        .app
        .post(&closure)
        .token(&w.secretary)
        .if_match(version(&slipped))
        .json(&json!({"kind": "board_decision", "target_id": id(&record)}))
        .expect_problem(422, "unknown_reference");
    assert_eq!(unknown["errors"][0]["pointer"], "/target_id");
    let closed = w
        .app
        .post(&closure)
        .token(&w.secretary)
        .if_match(version(&slipped))
        .json(&json!({"kind": "record_of_decision", "target_id": id(&record), "closed_on": "2017-04-05"}))
        .expect(200)
        .json();
    assert_eq!(
        (closed["status"].clone(), closed["closed_by"].clone(), closed["overdue"].clone()),
        (json!("closed"), json!({"kind": "record_of_decision", "target_id": id(&record)}), json!(false))
    );
    w.app
        .post(&closure)
        .token(&w.secretary)
        .if_match(version(&closed))
        .json(&json!({"kind": "record_of_decision", "target_id": id(&record)}))
        .expect_problem(409, "conflict");
    w.app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version(&closed))
        .json(&json!({"title": "late"}))
        .expect_problem(409, "conflict");
    assert!(!report("overdue=true&as_of=2017-04-06").contains(&id(&draft)));

    // A record the caller may see, but of another body, does not close the entry.
    let wk_secretary = w.app.token(&w.wk.opcc_slug, &["secretary"]);
    let theirs = create(
        &w.app,
        &wk_secretary,
        "/api/v1/forward-plan",
        json!({"deciders": [w.wk.pcc], "title": "Warwickshire only",
        "summary": "S", "intended_on": "2017-05-01", "taken_by": "officer"}),
    );
    let theirs = publish_as(&w, &wk_secretary, &theirs, "2017-01-10");
    let refused = w
        .app
        .post(&format!("/api/v1/forward-plan/{}/closure", id(&theirs)))
        .token(&w.admin)
        .if_match(version(&theirs))
        .json(&json!({"kind": "record_of_decision", "target_id": id(&record)}))
        .expect_problem(422, "forward_plan.closing_record");
    assert_eq!(refused["errors"][0]["pointer"], "/target_id");
    // Withdrawn with its reason; then nothing more.
    let withdrawal = format!("/api/v1/forward-plan/{}/withdrawal", id(&theirs));
    let withdrawn = w
        .app
        .post(&withdrawal)
        .token(&wk_secretary)
        .if_match(version(&theirs))
        .json(&json!({"reason": "No longer needed: the site is retained."}))
        .expect(200)
        .json();
    assert_eq!(
        (withdrawn["status"].clone(), withdrawn["withdrawal_reason"].clone()),
        (json!("withdrawn"), json!("No longer needed: the site is retained."))
    );
    w.app
        .post(&withdrawal)
        .token(&wk_secretary)
        .if_match(version(&withdrawn))
        .json(&json!({"reason": "again"}))
        .expect_problem(409, "conflict");
    // Every change is in the change feed as the entry's read.
    let feed =
        w.app.get("/api/v1/events?types=forward_plan_entry.closed").token(&w.secretary).send().expect(200).json();
    assert!(feed["items"].as_array().is_some_and(|items| !items.is_empty()), "{feed}");
}

/// An exempt entry: the public, non-party callers and party readers see the notice (subject, date,
/// deciders); secretaries and approvers serving a decider see its details. The calendar and the
/// public register show what the public may read, cacheable with an ETag.
fn exempt_entries_show_the_public_their_notice_in_reads_the_calendar_and_the_register(backend: Backend) {
    let w = world(backend);
    let mut body = entry_body(&w, "Estates: disposal of the Hindlip site", "2017-06-14");
    body["disclosure"] =
        json!({"level": "exempt", "foi_sections": ["s43"], "reason": "Commercial interests of the sale"});
    let exempt = create(&w.app, &w.secretary, "/api/v1/forward-plan", body);
    let exempt = publish(&w, &exempt, "2017-02-01");
    let draft = create(&w.app, &w.secretary, "/api/v1/forward-plan", entry_body(&w, "Unpublished draft", "2017-06-20"));
    let open =
        create(&w.app, &w.secretary, "/api/v1/forward-plan", entry_body(&w, "Body-worn video, phase 2", "2017-06-28"));
    publish(&w, &open, "2017-02-01");

    let path = format!("/api/v1/forward-plan/{}", id(&exempt));
    let reader = w.app.token(&w.wm.opcc_slug, &["reader"]);
    for token in [None, Some(w.outsider.as_str()), Some(reader.as_str())] {
        let mut request = w.app.get(&path);
        if let Some(token) = token {
            request = request.token(token);
        }
        let shell = request.send().expect(200).json();
        assert_eq!(shell["title"], "Estates: disposal of the Hindlip site");
        assert_eq!(shell["intended_on"], "2017-06-14");
        assert_eq!(
            (
                shell["redacted"].clone(),
                shell["summary"].clone(),
                shell["consultation"].clone(),
                shell["documents"].clone()
            ),
            (json!(true), Value::Null, Value::Null, json!([])),
            "{shell}"
        );
        assert_eq!(shell["disclosure"]["foi_sections"], json!(["s43"]));
    }
    let full = w.app.get(&path).token(&w.wk_approver).send().expect(200).json();
    assert_eq!(
        (full["redacted"].clone(), full["documents"][0].clone()),
        (json!(false), json!("Estates strategy 2017-2020"))
    );
    // The list redacts as the read does.
    let listed = w.app.get("/api/v1/forward-plan").send().expect(200).json();
    let item = listed["items"]
        .as_array()
        .and_then(|i| i.iter().find(|e| e["id"] == exempt["id"]))
        .cloned()
        .unwrap_or_default();
    assert_eq!(item["summary"], Value::Null, "{listed}");
    assert!(!ids(&listed).contains(&id(&draft)));
    assert!(ids(&w.app.get("/api/v1/forward-plan?status=draft").token(&w.wk_approver).send().expect(200).json())
        .contains(&id(&draft)));
    assert!(
        ids(&w.app.get("/api/v1/forward-plan?status=draft").token(&w.outsider).send().expect(200).json()).is_empty()
    );

    // The calendar: the published entries' intended dates, all day; the draft not at all.
    let calendar = w.app.get(&format!("/api/v1/forward-plan.ics?corporation_sole={}", w.wm.pcc)).send().expect(200);
    assert!(calendar.header("content-type").is_some_and(|t| t.starts_with("text/calendar")));
    assert!(
        calendar.text.contains("SUMMARY:Key decision: Estates: disposal of the Hindlip site\r\n"),
        "{}",
        calendar.text
    );
    assert!(calendar.text.contains("DTSTART;VALUE=DATE:20170614\r\n"));
    assert!(calendar.text.contains("Body-worn video"));
    assert!(!calendar.text.contains("Unpublished draft"));
    let tag = calendar.header("etag").map(str::to_string).unwrap_or_default();
    assert_eq!(
        w.app
            .get(&format!("/api/v1/forward-plan.ics?corporation_sole={}", w.wm.pcc))
            .header("If-None-Match", &tag)
            .send()
            .status,
        304
    );

    // The public register: the same for everyone, cacheable; exempt entries as their notice.
    let response = w.app.get("/api/v1/public/forward-plan").send();
    assert_eq!(response.header("cache-control"), Some("public, max-age=60"));
    let tag = response.header("etag").map(str::to_string).unwrap_or_else(|| panic!("no ETag"));
    let register = response.expect(200).json();
    let items = register["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2, "{register}");
    let notice = items.iter().find(|i| i["id"] == exempt["id"]).cloned().unwrap_or_default();
    assert_eq!(
        (notice["exempt"].clone(), notice["summary"].clone(), notice["documents"].clone()),
        (json!(true), Value::Null, json!([]))
    );
    assert_eq!(notice["href"], format!("/api/v1/forward-plan/{}", id(&exempt)));
    let again = w.app.get("/api/v1/public/forward-plan").header("If-None-Match", &tag).send();
    assert_eq!(again.status, 304);
    let signed_in = w.app.get("/api/v1/public/forward-plan").token(&w.wk_approver).send().expect(200).json();
    assert_eq!(signed_in, register, "the register is the same for every caller");
    let paged = w
        .app
        .get(&format!("/api/v1/public/forward-plan?corporation_sole={}&limit=1", w.wk.pcc))
        .send()
        .expect(200)
        .json();
    assert_eq!(paged["items"].as_array().map(Vec::len), Some(1));
    assert!(paged["next_cursor"].is_string());
}

on_both_backends!(
    an_entry_is_published_slips_and_is_closed_by_its_record,
    exempt_entries_show_the_public_their_notice_in_reads_the_calendar_and_the_register
);
