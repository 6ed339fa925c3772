//! The board secretary's record (issue 14): meetings known only by their date, the warning for a
//! meeting entered twice, and people named in a paper registered by the secretary.

use governance_tests::{on_both_backends, Backend};
use serde_json::{json, Value};

use crate::boards::{attend, audited, board, meeting, world, World, PAPER};
use crate::fixtures::*;

fn version_of(w: &World, path: &str) -> i64 {
    w.app.get(path).token(&w.secretary).send().expect(200).json()["version"].as_i64().unwrap_or_default()
}

fn warnings(meeting: &Value) -> Vec<String> {
    meeting["warnings"].as_array().into_iter().flatten().filter_map(|w| w["code"].as_str().map(String::from)).collect()
}

/// R-TM-05: seed 002's paper gives the date of the meeting and no time; the meeting is valid, its
/// start time null, its calendar entry a date. A second meeting of the board that day is stored
/// with a warning naming the first (both ways) until one is voided.
fn a_meeting_known_only_by_its_date_is_valid_and_a_second_that_day_warns(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let meetings = format!("/api/v1/boards/{b}/meetings");
    let dated = create(&w.app, &w.secretary, &meetings, json!({"date": "2015-12-17", "venue": "as the paper"}));
    assert_eq!(dated["start_time"], Value::Null);
    assert_eq!(dated["date"], "2015-12-17");
    assert_eq!(dated["starts_at"], "2015-12-17T00:00:00Z", "the start of the day in London (GMT)");
    assert!(warnings(&dated).is_empty());
    let first = id(&dated);

    let second = meeting(&w, &b, "2015-12-17");
    assert_eq!(warnings(&second), ["meeting.likely_duplicate"]);
    assert_eq!(second["warnings"][0]["pointer"], "/date");
    assert!(second["warnings"][0]["message"].as_str().unwrap_or_default().contains(&first));
    let first_path = format!("/api/v1/meetings/{first}");
    let again = w.app.get(&first_path).token(&w.secretary).send().expect(200).json();
    assert_eq!(warnings(&again), ["meeting.likely_duplicate"]);
    // Another day is no duplicate.
    assert!(warnings(&meeting(&w, &b, "2015-12-18")).is_empty());

    let calendar = w.app.get(&format!("/api/v1/boards/{b}/meetings.ics")).token(&w.secretary).send().expect(200);
    assert!(calendar.text.contains("DTSTART;VALUE=DATE:20151217\r\n"), "{}", calendar.text);

    let second_path = format!("/api/v1/meetings/{}", id(&second));
    w.app
        .post(&format!("{second_path}/void"))
        .token(&w.secretary)
        .if_match(version_of(&w, &second_path))
        .json(&json!({"reason": "entered twice"}))
        .expect(200);
    let alone = w.app.get(&first_path).token(&w.secretary).send().expect(200).json();
    assert!(warnings(&alone).is_empty(), "a void meeting is no duplicate: {alone}");

    // The time, once known, is recorded; a malformed one is still refused.
    let timed = w
        .app
        .patch(&first_path)
        .token(&w.secretary)
        .if_match(version_of(&w, &first_path))
        .json(&json!({"start_time": "10:30"}))
        .expect(200)
        .json();
    assert_eq!(
        (timed["start_time"].as_str(), timed["starts_at"].as_str()),
        (Some("10:30"), Some("2015-12-17T10:30:00Z"))
    );
    let refused = w
        .app
        .post(&meetings)
        .token(&w.secretary)
        .json(&json!({"date": "2015-12-19", "start_time": "25:00", "venue": "x"}))
        .expect_problem(422, "invalid_time");
    assert_eq!(refused["errors"][0]["pointer"], "/start_time");
}

/// R-TM-05: seed 004 names an intern taking the minutes who has no person record; the secretary
/// registers her by name and organisation with her attendance, no organisation administrator
/// needed. Others cannot, a second registration of the same name is refused, and nothing is
/// half-written.
fn a_secretary_registers_people_a_paper_names_with_their_attendance(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let m = id(&meeting(&w, &b, "2020-10-28"));
    let attendees = format!("/api/v1/meetings/{m}/attendees");
    let body = json!({"full_name": "Ellie Giles", "organisation_id": w.wm.opcc, "kind": "in_attendance",
                      "capacity": "Policy and Commissioning Intern, OPCC"});
    // The general route to a person record still needs an organisation administrator.
    w.app
        .post("/api/v1/people")
        .token(&w.secretary)
        .json(&json!({"full_name": "Ellie Giles"}))
        .expect_problem(403, "forbidden");
    let head = w.app.audit_head();
    w.app.post(&attendees).token(&w.wm_approver).json(&body).expect_problem(403, "forbidden");
    w.app.post(&attendees).token(&w.outsider).json(&body).expect_problem(404, "not_found");
    let mut unknown = body.clone();
    unknown["organisation_id"] = json!("00000000-0000-4000-8000-000000000000");
    let refused = w.app.post(&attendees).token(&w.secretary).json(&unknown).expect_problem(422, "unknown_reference");
    assert_eq!(
        (refused["errors"][0]["pointer"].as_str(), refused["errors"][0]["code"].as_str()),
        (Some("/organisation_id"), Some("unknown_reference"))
    );
    let mut blank = body.clone();
    blank["full_name"] = json!("   ");
    w.app.post(&attendees).token(&w.secretary).json(&blank).expect_problem(422, "required");
    assert_eq!(w.app.audit_head(), head, "refusals store nothing");

    let registered = w.app.post(&attendees).token(&w.secretary).json(&body).expect(201);
    let location = registered.header("location").unwrap_or_default().to_string();
    assert!(location.starts_with("/api/v1/people/"), "{location}");
    let meeting = registered.json();
    let person = w.app.get(&location).token(&w.secretary).send().expect(200).json();
    assert_eq!(
        (person["full_name"].as_str(), person["managing_organisation_id"].as_str()),
        (Some("Ellie Giles"), Some(w.wm.opcc.as_str()))
    );
    let entry = &meeting["attendance"][0];
    assert_eq!((entry["person_id"].as_str(), entry["kind"].as_str()), (person["id"].as_str(), Some("in_attendance")));
    assert_eq!(entry["voting"], false);
    assert!(audited(&w, "person", &id(&person)).contains(&"create".to_string()));

    let twice = w.app.post(&attendees).token(&w.secretary).json(&body).expect_problem(409, "conflict");
    assert!(twice["detail"].as_str().unwrap_or_default().contains(&id(&person)), "{twice}");
    let named = w.app.get("/api/v1/people?q=ellie%20giles").token(&w.admin).send().expect(200).json();
    assert_eq!(named["items"].as_array().map(Vec::len), Some(1));
}

/// Seed 004 (West Mercia monthly assurance meeting, 28 October 2020): the attendance, the questions
/// the PCC put to the chief constable with the answers given, and the actions arising, recorded by
/// the OPCC's secretary alone. Outside the board the questions appear with the published minutes.
fn the_seed_004_holding_to_account_meeting_is_recorded_by_its_secretary(backend: Backend) {
    let w = world(backend);
    let secretary = w.secretary.as_str();
    let board = create(
        &w.app,
        secretary,
        "/api/v1/boards",
        json!({"name": "Monthly Assurance Meeting", "kind": "holding_to_account",
               "owners": [w.wm.pcc, w.wm.chief_constable], "public": true, "established_on": "2016-05-12"}),
    );
    let b = id(&board);
    let m = id(&create(
        &w.app,
        secretary,
        &format!("/api/v1/boards/{b}/meetings"),
        json!({"date": "2020-10-28", "start_time": "10:00", "venue": "Allsop meeting room", "chairs": [w.pcc_wm]}),
    ));
    attend(&w, &m, &w.pcc_wm, "present", &w.wm.pcc);
    attend(&w, &m, &w.chair_wm, "present", &w.wm.pcc);
    let orgs = w
        .app
        .get(&format!("/api/v1/organisations?corporation_sole={}", w.wm.chief_constable))
        .send()
        .expect(200)
        .json();
    let force_org = orgs["items"][0]["id"].as_str().unwrap_or_default().to_string();
    let register = |name: &str, org: &str, kind: &str, capacity: &str| -> String {
        let response = w
            .app
            .post(&format!("/api/v1/meetings/{m}/attendees"))
            .token(secretary)
            .json(&json!({"full_name": name, "organisation_id": org, "kind": kind, "capacity": capacity}))
            .expect(201);
        response.header("location").unwrap_or_default().rsplit('/').next().unwrap_or_default().to_string()
    };
    register("Natasha Noorbakhsh", &w.wm.opcc, "in_attendance", "Policy Officer (PO)");
    let cc = register("Anthony Bangham", &force_org, "present", "Chief Constable (CC)");
    let dcc = register("Julian Moss", &force_org, "present", "Deputy Chief Constable (DCC)");
    register("Catherine Allsopp", &force_org, "in_attendance", "Staff Officer (SO)");
    register("Ellie Giles", &w.wm.opcc, "in_attendance", "Minutes: Policy and Commissioning Intern, OPCC");

    let item = |label: &str, title: &str| {
        id(&create(
            &w.app,
            secretary,
            &format!("/api/v1/meetings/{m}/agenda-items"),
            json!({"label": label, "title": title}),
        ))
    };
    let uplift = item("2.1", "Impact and outcomes associated with investment in additional officers");
    let systems = item("2.2", "Impact and outcomes of investment in systems / infrastructure");
    let performance = item("2.4", "Performance Management");
    let questions = format!("/api/v1/meetings/{m}/questions");
    let ask = |item: &str, topic: &str, text: &str, locator: &str| {
        create(
            &w.app,
            secretary,
            &questions,
            json!({"agenda_item_id": item, "asked_by_person_id": w.pcc_wm, "put_to_corporation_sole_id": w.wm.chief_constable,
                   "put_to_person_id": cc, "topic": topic, "text": text,
                   "evidence": {"sha256": PAPER, "locator": locator}}),
        )
    };
    let q1 = ask(&uplift, "Officer uplift", "The PCC asked the CC to provide his assessment of the force's response to the uplift in officers and how it was progressing.", "item 2.1, paragraph 2");
    let q2 = ask(&systems, "SAAB business case", "The PCC highlighted the lack of a West Mercia-specific business case before SAAB implementation and questioned whether in hindsight this was the right decision.", "item 2.2, paragraph 1");
    let q3 = ask(
        &performance,
        "Performance metrics",
        "The PCC questioned how he is given the reassurance that measures are met.",
        "item 2.4, paragraph 3",
    );
    assert_eq!((q1["position"].as_i64(), q3["position"].as_i64()), (Some(1), Some(3)));
    assert_eq!((q1["status"].as_str(), q1["asked_on"].as_str()), (Some("open"), Some("2020-10-28")));
    // The office held to account must exist on the meeting day; the question needs its text.
    let mut refused = json!({"asked_by_person_id": w.pcc_wm, "put_to_corporation_sole_id": w.wm.chief_constable, "topic": "Covid", "text": " "});
    w.app.post(&questions).token(secretary).json(&refused).expect_problem(422, "required");
    refused["text"] = json!("How is the force coping?");
    w.app.post(&questions).token(&w.wm_approver).json(&refused).expect_problem(403, "forbidden");

    let answer = |q: &Value, text: &str, on: &str| {
        w.app
            .post(&format!("/api/v1/questions/{}/answers", id(q)))
            .token(secretary)
            .json(&json!({"answered_by_person_id": cc, "answered_on": on, "text": text}))
    };
    let answered = answer(&q1, "The CC is now confident that the targets for officer numbers will be achieved by the end of the financial year.", "2020-10-28").expect(201).json();
    assert_eq!(answered["status"], "answered");
    answer(&q2, "Both the CC and DCC agreed a standalone case should have been produced.", "2020-10-28").expect(201);
    let early = answer(&q3, "x", "2020-10-27").expect_problem(422, "R-TM-01");
    assert_eq!(early["errors"][0]["pointer"], "/answered_on");
    let open =
        w.app.get(&format!("/api/v1/boards/{b}/questions?status=open")).token(secretary).send().expect(200).json();
    assert_eq!(
        open["items"].as_array().map(|a| a.iter().map(|q| q["id"].clone()).collect::<Vec<_>>()),
        Some(vec![q3["id"].clone()])
    );
    answer(
        &q3,
        "The CC confirmed that SPI were given responsibility of capturing and monitoring these measures.",
        "2020-10-28",
    )
    .expect(201);
    let open =
        w.app.get(&format!("/api/v1/boards/{b}/questions?status=open")).token(secretary).send().expect(200).json();
    assert_eq!(open["items"], json!([]));

    // The actions arising, raised from the questions under their items.
    let follow_up = |q: &Value, text: &str| {
        create(
            &w.app,
            secretary,
            &format!("/api/v1/questions/{}/follow-up-actions", id(q)),
            json!({"text": text, "owners": [{"person_id": dcc}]}),
        )
    };
    let a1 = follow_up(&q1, "DCC to explore opportunity further and tackle perceptions about roles within the uplift.");
    let a3 = follow_up(
        &q3,
        "DCC to review diary appointments metric for inclusion within the performance management framework.",
    );
    assert_eq!(a1["agenda_item_id"].as_str(), Some(uplift.as_str()));
    let listed = w.app.get(&questions).token(secretary).send().expect(200).json();
    let items = listed["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        items.iter().map(|q| q["topic"].as_str().unwrap_or_default()).collect::<Vec<_>>(),
        ["Officer uplift", "SAAB business case", "Performance metrics"]
    );
    assert_eq!(items[0]["follow_up_action_ids"], json!([a1["id"]]));
    assert_eq!(items[2]["follow_up_action_ids"], json!([a3["id"]]));
    assert_eq!(items[1]["answers"][0]["answered_by_person_id"].as_str(), Some(cc.as_str()));
    assert!(audited(&w, "question", &id(&q1)).contains(&"add_follow_up".to_string()));
    let to_the_cc = format!("/api/v1/corporations-sole/{}/questions", w.wm.chief_constable);
    let office = w.app.get(&to_the_cc).token(secretary).send().expect(200).json();
    assert_eq!(office["items"].as_array().map(Vec::len), Some(3));
    let to_the_pcc = w
        .app
        .get(&format!("/api/v1/boards/{b}/questions?put_to={}", w.wm.pcc))
        .token(secretary)
        .send()
        .expect(200)
        .json();
    assert_eq!(to_the_pcc["items"], json!([]));

    // Outside the board nothing shows until the minutes are published.
    let q1_path = format!("/api/v1/questions/{}", id(&q1));
    w.app.get(&q1_path).send().expect_problem(404, "not_found");
    assert_eq!(w.app.get(&questions).token(&w.outsider).send().expect(200).json()["items"], json!([]));
    let hidden = w.app.get(&format!("{to_the_cc}?limit=1")).send().expect(200).json();
    assert_eq!(
        (hidden["items"].clone(), hidden["next_cursor"].clone()),
        (json!([]), Value::Null),
        "no cursor names a hidden question"
    );
    // Issue 18: so are the actions the minutes record, until then the board's working records.
    let a1_path = format!("/api/v1/actions/{}", id(&a1));
    let board_actions = format!("/api/v1/actions?board={b}");
    w.app.get(&a1_path).send().expect_problem(404, "not_found");
    assert_eq!(w.app.get(&board_actions).send().expect(200).json()["items"], json!([]));
    let next = publish_minutes(&w, &b, &m, &uplift);
    let public = w.app.get(&q1_path).send().expect(200).json();
    assert_eq!(w.app.get(&a1_path).send().expect(200).json()["text"], a1["text"]);
    let listed_actions = w.app.get(&board_actions).token(&w.outsider).send().expect(200).json();
    assert_eq!(listed_actions["items"].as_array().map(Vec::len), Some(2), "{listed_actions}");
    // Still the board's own to change.
    let close = json!({"closed_on": "2020-01-01"});
    w.app
        .post(&format!("{a1_path}/completion"))
        .token(&w.outsider)
        .if_match(1)
        .json(&close)
        .expect_problem(403, "forbidden");
    assert_eq!(public["text"], q1["text"]);
    assert_eq!(
        w.app.get(&questions).token(&w.outsider).send().expect(200).json()["items"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(w.app.get(&to_the_cc).send().expect(200).json()["items"].as_array().map(Vec::len), Some(3));

    // Every list pages the same way: the questions, the minutes, the actions carried forward to the
    // next meeting (both follow-ups are still open on its day).
    let pages = |path: &str| -> Vec<usize> {
        let mut sizes = Vec::new();
        let mut cursor = String::new();
        loop {
            let sep = if path.contains('?') { '&' } else { '?' };
            let page = w.app.get(&format!("{path}{sep}limit=2{cursor}")).token(secretary).send().expect(200).json();
            sizes.push(page["items"].as_array().map(Vec::len).unwrap_or_default());
            match page["next_cursor"].as_str() {
                Some(next) => cursor = format!("&cursor={next}"),
                None => return sizes,
            }
        }
    };
    assert_eq!(pages(&questions), [2, 1]);
    assert_eq!(pages(&format!("/api/v1/meetings/{m}/minutes")), [1]);
    let carried = format!("/api/v1/meetings/{next}/carried-forward-actions");
    assert_eq!(pages(&carried), [2]);
    let one = w.app.get(&format!("{carried}?limit=1")).token(secretary).send().expect(200).json();
    let rest = w
        .app
        .get(&format!("{carried}?limit=1&cursor={}", one["next_cursor"].as_str().unwrap_or_default()))
        .token(secretary)
        .send()
        .expect(200)
        .json();
    let mut both = vec![one["items"][0]["id"].clone(), rest["items"][0]["id"].clone()];
    both.sort_by_key(|v| v.as_str().map(String::from));
    let mut raised = vec![a1["id"].clone(), a3["id"].clone()];
    raised.sort_by_key(|v| v.as_str().map(String::from));
    assert_eq!(both, raised);
    assert_eq!(rest["next_cursor"], Value::Null);
}

/// Minutes of `m` approved at a later quorate meeting, signed by its chair and published; answers the
/// later meeting.
fn publish_minutes(w: &World, b: &str, m: &str, item: &str) -> String {
    let secretary = w.secretary.as_str();
    let held = |meeting: &str| {
        let path = format!("/api/v1/meetings/{meeting}");
        w.app
            .post(&format!("{path}/held"))
            .token(secretary)
            .if_match(version_of(w, &path))
            .json(&json!({}))
            .expect(200);
    };
    held(m);
    let minutes = id(&create(
        &w.app,
        secretary,
        &format!("/api/v1/meetings/{m}/minutes"),
        json!({"entries": [{"agenda_item_id": item, "text": "As minuted."}]}),
    ));
    let next = id(&create(
        &w.app,
        secretary,
        &format!("/api/v1/boards/{b}/meetings"),
        json!({"date": "2020-11-26", "start_time": "10:00", "venue": "Thematic on Covid-19"}),
    ));
    attend(w, &next, &w.pcc_wm, "present", &w.wm.pcc);
    held(&next);
    let path = format!("/api/v1/minutes/{minutes}");
    w.app
        .post(&format!("{path}/approval"))
        .token(secretary)
        .if_match(version_of(w, &path))
        .json(&json!({"approved_at_meeting_id": next}))
        .expect(200);
    w.app
        .post(&format!("{path}/signatures"))
        .token(secretary)
        .if_match(version_of(w, &path))
        .json(&json!({"person_id": w.pcc_wm, "capacity": "PCC", "signed_on": "2020-11-26"}))
        .expect(201);
    w.app
        .post(&format!("{path}/publication"))
        .token(secretary)
        .if_match(version_of(w, &path))
        .json(&json!({"published_on": "2020-12-01", "published_url": "https://example.org/mam-2020-10-28.pdf"}))
        .expect(200);
    next
}

/// Seed 002 (East Midlands, Strategic Alliance Programme Board, 17 December 2015): the date-only
/// meeting and three of its decisions with the paper's own numbers, outcomes and the six sponsors'
/// approvals, recorded by one OPCC secretary from the paper. The registry (areas, offices) is the
/// platform's; everything the paper records is the secretary's.
fn the_seed_002_key_decisions_are_recorded_by_one_secretary_from_the_paper(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let areas: Vec<Area> = ["leics", "northants", "notts"].iter().map(|slug| area(&app, &admin, slug)).collect();
    let secretary = app.token(&areas[0].opcc_slug, &["secretary"]);
    let sponsors: Vec<String> = areas.iter().flat_map(|a| [a.pcc.clone(), a.chief_constable.clone()]).collect();
    let board = create(
        &app,
        &secretary,
        "/api/v1/boards",
        json!({"name": "Strategic Alliance Programme Board", "kind": "programme_board", "owners": sponsors,
               "public": true, "established_on": "2015-08-21"}),
    );
    let meeting = create(
        &app,
        &secretary,
        &format!("/api/v1/boards/{}/meetings", id(&board)),
        json!({"date": "2015-12-17", "venue": "Leicestershire Police Force Headquarters"}),
    );
    assert_eq!(meeting["start_time"], Value::Null);
    let m = id(&meeting);
    let paper =
        |locator: &str| json!({"sha256": PAPER, "locator": locator, "uri": "https://example.org/em-key-decisions.pdf"});
    let decide = |number: &str, subject: &str, outcome: &str| {
        let decision = create(
            &app,
            &secretary,
            &format!("/api/v1/meetings/{m}/decisions"),
            json!({"subject": subject, "outcome": outcome, "required_approvers": sponsors, "paper_number": number,
                   "evidence": paper(&format!("DECISION: Outcome, decision {number}"))}),
        );
        for sponsor in &sponsors {
            app.post(&format!("/api/v1/decisions/{}/approvals", id(&decision)))
                .token(&secretary)
                .json(&json!({"corporation_sole_id": sponsor, "capacity": "sponsor", "approved_on": "2015-12-17",
                              "raw_text": "unanimously agreed", "evidence": paper(&format!("DECISION: Outcome, decision {number}"))}))
                .expect(201);
        }
        app.get(&format!("/api/v1/decisions/{}", id(&decision))).token(&secretary).send().expect(200).json()
    };
    let four = decide("4", "Strategic integration of the three local change teams", "agreed_with_amendment");
    let five = decide("5", "Contact Management as Tranche 1", "deferred");
    let eight = decide("8", "Submission of the Innovation Fund Bid", "agreed");
    let summary =
        |d: &Value| (d["number"].as_i64(), d["paper_number"].as_str().map(String::from), d["agreed"].as_bool());
    assert_eq!(summary(&four), (Some(1), Some("4".into()), Some(true)));
    assert_eq!(summary(&five), (Some(2), Some("5".into()), Some(false)), "deferred: six approvals bind nobody");
    assert_eq!(summary(&eight), (Some(3), Some("8".into()), Some(true)));
    assert_eq!(four["approvals"].as_array().map(Vec::len), Some(6));
    // "since this meeting, Decision 5 has been unanimously accepted": a correction with its reason.
    let corrected = app
        .post(&format!("/api/v1/decisions/{}/outcome-corrections", id(&five)))
        .token(&secretary)
        .if_match(five["version"].as_i64().unwrap_or_default())
        .json(&json!({"outcome": "agreed", "reason": "since this meeting, Decision 5 has been unanimously accepted",
                      "corrected_on": "2016-02-16"}))
        .expect(200)
        .json();
    assert_eq!((corrected["outcome"].as_str(), corrected["agreed"].as_bool()), (Some("agreed"), Some(true)));
    assert_eq!(corrected["corrections"][0]["previous"], "deferred");
    // The public register shows the three as the paper numbers them.
    let register = app.get(&format!("/api/v1/boards/{}/decisions", id(&board))).send().expect(200).json();
    let numbers: Vec<&str> =
        register["items"].as_array().into_iter().flatten().filter_map(|d| d["paper_number"].as_str()).collect();
    assert_eq!(numbers, ["4", "5", "8"]);
}

/// R-TM-05 for records of decision: the signatures a published record shows are recorded by a
/// secretary serving a decider, citing the record; a person named must have held the office (or a
/// delegation) on the day, an office named alone must have existed then.
fn a_secretary_records_a_records_signatures_from_the_published_record(backend: Backend) {
    let w = world(backend);
    let record = create(
        &w.app,
        &w.secretary,
        "/api/v1/records-of-decision",
        json!({"issuing_corporation_sole_id": w.wm.pcc, "reference": "PCC/D/2017/05", "title": "Mobilising Transformational Change",
               "summary": "Twin-track approach", "deciders": [{"corporation_sole_id": w.wm.pcc}, {"corporation_sole_id": w.wk.pcc}]}),
    );
    let signatures = format!("/api/v1/records-of-decision/{}/signatures", id(&record));
    let paper = json!({"sha256": PAPER, "locator": "signature block", "uri": null});
    let signed = |cs: &str, person: Option<&str>, on: &str| {
        let mut body = json!({"corporation_sole_id": cs, "signed_name": "as signed", "capacity": "Police and Crime Commissioner",
                              "signed_on": on, "evidence": paper});
        if let Some(person) = person {
            body["person_id"] = json!(person);
        }
        body
    };
    let head = w.app.audit_head();
    let mut unwitnessed = signed(&w.wm.pcc, Some(&w.pcc_wm), "2017-02-16");
    unwitnessed.as_object_mut().map(|o| o.remove("evidence"));
    w.app.post(&signatures).token(&w.secretary).json(&unwitnessed).expect_problem(403, "forbidden");
    w.app
        .post(&signatures)
        .token(&w.wm_approver)
        .json(&signed(&w.wm.pcc, None, "2017-02-16"))
        .expect_problem(403, "forbidden");
    w.app
        .post(&signatures)
        .token(&w.outsider)
        .json(&signed(&w.wm.pcc, None, "2017-02-16"))
        .expect_problem(404, "not_found");
    // The West Mercia PCC's holder never held the Warwickshire office; no office existed in 2010.
    w.app
        .post(&signatures)
        .token(&w.secretary)
        .json(&signed(&w.wk.pcc, Some(&w.pcc_wm), "2017-02-16"))
        .expect_problem(403, "forbidden");
    let early = w
        .app
        .post(&signatures)
        .token(&w.secretary)
        .json(&signed(&w.wk.pcc, None, "2010-01-01"))
        .expect_problem(422, "R-TM-01");
    assert_eq!(early["errors"][0]["pointer"], "/signed_on");
    // A person named with no day to check them against is refused; the capacity alone is not.
    let mut undated = signed(&w.wm.pcc, Some(&w.pcc_wm), "2017-02-16");
    undated.as_object_mut().map(|o| o.remove("signed_on"));
    let refused = w.app.post(&signatures).token(&w.secretary).json(&undated).expect_problem(422, "R-TM-01");
    assert_eq!(refused["errors"][0]["pointer"], "/signed_on");
    let mut bad_paper = signed(&w.wk.pcc, None, "2017-02-16");
    bad_paper["evidence"]["sha256"] = json!("nope");
    w.app.post(&signatures).token(&w.secretary).json(&bad_paper).expect_problem(422, "invalid_digest");
    assert_eq!(w.app.audit_head(), head, "refusals store nothing");

    let first = w
        .app
        .post(&signatures)
        .token(&w.secretary)
        .json(&signed(&w.wm.pcc, Some(&w.pcc_wm), "2017-02-16"))
        .expect(201)
        .json();
    let capacity = first["signatures"][0]["capacity"].as_str().unwrap_or_default();
    assert!(capacity.starts_with("Police and Crime Commissioner (office holder"), "{capacity}");
    assert_eq!(first["signatures"][0]["evidence"], paper);
    assert_eq!(first["fully_signed"], false);
    let both =
        w.app.post(&signatures).token(&w.secretary).json(&signed(&w.wk.pcc, None, "2017-02-16")).expect(201).json();
    assert_eq!((both["signatures"][1]["person_id"].clone(), both["fully_signed"].clone()), (Value::Null, json!(true)));
}

/// The refusals of the holding-to-account use cases: each a problem naming the field, and none of
/// them stores anything.
fn questions_and_answers_refuse_what_the_record_cannot_hold(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let m = id(&meeting(&w, &b, "2020-10-28"));
    let other = id(&meeting(&w, &b, "2020-11-26"));
    let elsewhere = id(&create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/meetings/{other}/agenda-items"),
        json!({"label": "1", "title": "Elsewhere"}),
    ));
    let questions = format!("/api/v1/meetings/{m}/questions");
    let question = |put_to: &str| json!({"asked_by_person_id": w.pcc_wm, "put_to_corporation_sole_id": put_to, "topic": "Uplift", "text": "How is it going?"});
    // An office that ended before the meeting cannot be held to account at it (R-TM-01).
    let ended = create(
        &w.app,
        &w.admin,
        "/api/v1/corporations-sole",
        json!({"slug": "old-pcc", "name": "Former PCC", "kind": "pcc", "starts_on": "2012-11-22"}),
    );
    w.app
        .post(&format!("/api/v1/corporations-sole/{}/end", id(&ended)))
        .token(&w.admin)
        .if_match(ended["version"].as_i64().unwrap_or_default())
        .json(&json!({"ends_on": "2016-05-11"}))
        .expect(200);
    let head = w.app.audit_head();
    let refused =
        w.app.post(&questions).token(&w.secretary).json(&question(&id(&ended))).expect_problem(422, "R-TM-01");
    assert_eq!(refused["errors"][0]["pointer"], "/put_to_corporation_sole_id");
    let mut misplaced = question(&w.wm.chief_constable);
    misplaced["agenda_item_id"] = json!(elsewhere);
    let refused = w.app.post(&questions).token(&w.secretary).json(&misplaced).expect_problem(422, "unknown_reference");
    assert_eq!(refused["errors"][0]["pointer"], "/agenda_item_id");
    let mut stranger = question(&w.wm.chief_constable);
    stranger["asked_by_person_id"] = json!("00000000-0000-4000-8000-000000000000");
    w.app.post(&questions).token(&w.secretary).json(&stranger).expect_problem(422, "unknown_reference");
    assert_eq!(w.app.audit_head(), head, "refused questions store nothing");

    let asked = create(&w.app, &w.secretary, &questions, question(&w.wm.chief_constable));
    let answers = format!("/api/v1/questions/{}/answers", id(&asked));
    let head = w.app.audit_head();
    let empty = w
        .app
        .post(&answers)
        .token(&w.secretary)
        .json(&json!({"answered_by_person_id": w.chair_wm, "answered_on": "2020-10-28"}))
        .expect_problem(422, "required");
    assert_eq!(empty["errors"][0]["pointer"], "/text");
    let bad_paper = w
        .app
        .post(&answers)
        .token(&w.secretary)
        .json(&json!({"answered_by_person_id": w.chair_wm, "answered_on": "2020-10-28", "paper": {"uri": "https://example.org/note.pdf", "sha256": "nope"}}))
        .expect_problem(422, "invalid_digest");
    assert_eq!(bad_paper["errors"][0]["pointer"], "/paper/sha256");
    w.app
        .post(&answers)
        .token(&w.wm_approver)
        .json(&json!({"answered_by_person_id": w.chair_wm, "answered_on": "2020-10-28", "text": "x"}))
        .expect_problem(403, "forbidden");
    assert_eq!(w.app.audit_head(), head, "refused answers store nothing");
    let kept = w.app.get(&format!("/api/v1/questions/{}", id(&asked))).token(&w.secretary).send().expect(200).json();
    assert_eq!((kept["status"].as_str(), kept["answers"].clone()), (Some("open"), json!([])));

    // A void meeting takes no more questions or attendees.
    let path = format!("/api/v1/meetings/{m}");
    w.app
        .post(&format!("{path}/void"))
        .token(&w.secretary)
        .if_match(version_of(&w, &path))
        .json(&json!({"reason": "entered in error"}))
        .expect(200);
    w.app.post(&questions).token(&w.secretary).json(&question(&w.wm.chief_constable)).expect_problem(409, "conflict");
    w.app
        .post(&format!("{path}/attendees"))
        .token(&w.secretary)
        .json(&json!({"full_name": "Late Arrival", "organisation_id": w.wm.opcc, "kind": "guest", "capacity": "guest"}))
        .expect_problem(409, "conflict");
    let late = w.app.get("/api/v1/people?q=late%20arrival").token(&w.admin).send().expect(200).json();
    assert_eq!(late["items"], json!([]), "a refused attendee leaves no person behind");
}

on_both_backends!(
    questions_and_answers_refuse_what_the_record_cannot_hold,
    a_secretary_records_a_records_signatures_from_the_published_record,
    the_seed_002_key_decisions_are_recorded_by_one_secretary_from_the_paper,
    the_seed_004_holding_to_account_meeting_is_recorded_by_its_secretary,
    a_meeting_known_only_by_its_date_is_valid_and_a_second_that_day_warns,
    a_secretary_registers_people_a_paper_names_with_their_attendance,
);
