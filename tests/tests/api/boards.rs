//! Boards, meetings, minutes, actions, decisions and records of decision over HTTP: every lifecycle
//! step and refusal, decision numbering under concurrency, and what members, non-members and
//! anonymous callers see.

use governance_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

use crate::fixtures::*;

/// Two areas owning a board, a third organisation outside it, and tokens for each role.
pub(crate) struct World {
    pub(crate) app: TestApp,
    pub(crate) admin: String,
    pub(crate) wm: Area,
    pub(crate) wk: Area,
    pub(crate) secretary: String,
    pub(crate) wm_approver: String,
    pub(crate) wk_approver: String,
    pub(crate) outsider: String,
    pub(crate) chair_wm: String,
    pub(crate) chair_wk: String,
    /// The holders of the two PCC offices, who approve and sign for them (R-TM-02 needs a person).
    pub(crate) pcc_wm: String,
    pub(crate) pcc_wk: String,
}

impl World {
    /// The holder of one of the two PCC offices.
    pub(crate) fn holder(&self, pcc: &str) -> &str {
        if pcc == self.wk.pcc {
            &self.pcc_wk
        } else {
            &self.pcc_wm
        }
    }
}

pub(crate) fn world(backend: Backend) -> World {
    let app = app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "wm");
    let wk = area(&app, &admin, "wk");
    let essex = area(&app, &admin, "essex");
    let chair_wm = person(&app, &admin, "Tracey Onslow");
    let chair_wk = person(&app, &admin, "Philip Seccombe");
    let hold = |name: &str, pcc: &str| {
        let holder = person(&app, &admin, name);
        create(
            &app,
            &admin,
            "/api/v1/appointments",
            json!({"person_id": holder, "corporation_sole_id": pcc, "basis": "substantive", "starts_on": "2016-05-12"}),
        );
        holder
    };
    let (pcc_wm, pcc_wk) = (hold("John Campion", &wm.pcc), hold("Philip Seccombe", &wk.pcc));
    World {
        secretary: app.token(&wm.opcc_slug, &["secretary"]),
        wm_approver: app.token(&wm.opcc_slug, &["approver"]),
        wk_approver: app.token(&wk.opcc_slug, &["approver"]),
        outsider: app.token(&essex.opcc_slug, &["secretary", "approver", "reader"]),
        app,
        admin,
        wm,
        wk,
        chair_wm,
        chair_wk,
        pcc_wm,
        pcc_wk,
    }
}

pub(crate) fn board(w: &World, public: bool) -> Value {
    create(
        &w.app,
        &w.secretary,
        "/api/v1/boards",
        json!({
            "name": "Alliance Governance Group", "kind": "alliance_governance_group",
            "owners": [w.wm.pcc, w.wk.pcc, w.wm.chief_constable, w.wk.chief_constable],
            "public": public, "established_on": "2016-05-26"
        }),
    )
}

/// A meeting of `board` on `date` co-chaired by both chairs.
pub(crate) fn meeting(w: &World, board: &str, date: &str) -> Value {
    create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/boards/{board}/meetings"),
        json!({"date": date, "start_time": "14:00", "venue": "Willison Room, Hindlip", "chairs": [w.chair_wm, w.chair_wk]}),
    )
}

pub(crate) fn attend(w: &World, meeting: &str, person: &str, kind: &str, cs: &str) {
    w.app
        .post(&format!("/api/v1/meetings/{meeting}/attendance"))
        .token(&w.secretary)
        .json(&json!({"person_id": person, "kind": kind, "capacity": "as minuted", "corporation_sole_id": cs, "voting": true}))
        .expect(201);
}

/// A held, quorate meeting (both policing bodies present).
pub(crate) fn quorate_meeting(w: &World, board: &str, date: &str) -> String {
    let m = id(&meeting(w, board, date));
    attend(w, &m, &w.chair_wm, "present", &w.wm.pcc);
    attend(w, &m, &w.chair_wk, "present", &w.wk.pcc);
    let version = w.app.get(&format!("/api/v1/meetings/{m}")).token(&w.secretary).send().expect(200).json()["version"]
        .as_i64()
        .unwrap_or_default();
    w.app
        .post(&format!("/api/v1/meetings/{m}/held"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({}))
        .expect(200);
    m
}

pub(crate) fn decision_body(w: &World, subject: &str) -> Value {
    json!({"subject": subject, "outcome": "agreed", "required_approvers": [w.wm.pcc, w.wk.pcc], "owner": "ACC Amanda Blakeman"})
}

fn boards_are_created_renamed_and_keep_terms_of_reference_and_memberships(backend: Backend) {
    let w = world(backend);
    w.app
        .post("/api/v1/boards")
        .token(&w.outsider)
        .json(&json!({"name": "Not ours", "kind": "other", "owners": [w.wm.pcc], "established_on": "2016-01-01"}))
        .expect_problem(403, "forbidden");
    // The refusal came after the board's rows were written in the transaction: all rolled back.
    let none = w.app.get("/api/v1/boards?q=not%20ours").token(&w.admin).send().expect(200).json();
    assert_eq!(none["items"], json!([]));
    w.app
        .post("/api/v1/boards")
        .token(&w.secretary)
        .json(&json!({"name": "Counted", "kind": "other", "owners": [w.wm.pcc], "quorum_rule": "voting_members", "established_on": "2016-01-01"}))
        .expect_problem(422, "quorum.count");
    let created = board(&w, true);
    assert_eq!(created["quorum_rule"], "each_owning_policing_body");
    assert_eq!(created["owners"].as_array().map(Vec::len), Some(4));
    assert_eq!(created["last_decision_number"], 0);
    let path = format!("/api/v1/boards/{}", id(&created));
    w.app.patch(&path).token(&w.secretary).if_match(1).json(&json!({"name": "AGG"})).expect_problem(422, "required");
    let renamed = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"name": "Alliance Governance Board", "renamed_on": "2018-01-01"}))
        .expect(200)
        .json();
    assert_eq!(renamed["name"], "Alliance Governance Board");
    assert_eq!(renamed["names"][0]["ends_on"], "2017-12-31");
    assert_eq!(renamed["names"][1]["starts_on"], "2018-01-01");
    w.app
        .post(&format!("{path}/terms-of-reference"))
        .token(&w.secretary)
        .json(&json!({"version_label": "v1", "title": "Terms of reference", "uri": "https://example.org/tor.pdf", "sha256": "xyz", "adopted_on": "2016-05-26"}))
        .expect_problem(422, "invalid_digest");
    let with_terms = w
        .app
        .post(&format!("{path}/terms-of-reference"))
        .token(&w.secretary)
        .json(&json!({"version_label": "v1", "title": "Terms of reference", "uri": "https://example.org/tor.pdf", "sha256": "a".repeat(64), "adopted_on": "2016-05-26"}))
        .expect(201)
        .json();
    assert_eq!(with_terms["terms_of_reference"][0]["version_label"], "v1");
    assert_eq!(with_terms["version"], 3);

    let membership = create(
        &w.app,
        &w.secretary,
        &format!("{path}/memberships"),
        json!({"person_id": w.chair_wm, "role": "co_chair", "corporation_sole_id": w.wm.pcc, "voting": true, "starts_on": "2016-05-12"}),
    );
    w.app
        .post(&format!("{path}/memberships"))
        .token(&w.secretary)
        .json(&json!({"role": "member", "starts_on": "2016-05-12"}))
        .expect_problem(422, "membership.holder");
    let end = format!("{path}/memberships/{}/end", id(&membership));
    w.app
        .post(&end)
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"ends_on": "2016-01-01"}))
        .expect_problem(422, "period.invalid");
    w.app.post(&end).token(&w.secretary).if_match(1).json(&json!({"ends_on": "2020-10-31"})).expect(200);
    // A membership is audited and published as a membership, from its creation to its end (it was
    // published as `board.created` with the membership's id).
    let feed = w
        .app
        .get("/api/v1/events?types=board_membership.created,board_membership.ended&limit=200")
        .token(&w.secretary)
        .send()
        .expect(200)
        .json();
    let events: Vec<(&str, &str)> = feed["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["resource_id"] == membership["id"])
        .filter_map(|e| Some((e["event_type"].as_str()?, e["resource_type"].as_str()?)))
        .collect();
    assert_eq!(
        events,
        [("board_membership.created", "board_membership"), ("board_membership.ended", "board_membership")],
        "{feed}"
    );
    let current =
        w.app.get(&format!("{path}/memberships?as_of=2021-01-01")).token(&w.secretary).send().expect(200).json();
    assert_eq!(current["items"], json!([]));
    let then = w.app.get(&format!("{path}/memberships?as_of=2017-07-26")).token(&w.secretary).send().expect(200).json();
    assert_eq!(then["items"][0]["role"], "co_chair");
    // Memberships page like every other list (issue 14): `limit` and `cursor`.
    create(
        &w.app,
        &w.secretary,
        &format!("{path}/memberships"),
        json!({"person_id": w.chair_wk, "role": "co_chair", "corporation_sole_id": w.wk.pcc, "voting": true, "starts_on": "2016-05-12"}),
    );
    let first = w.app.get(&format!("{path}/memberships?limit=1")).token(&w.secretary).send().expect(200).json();
    assert_eq!(first["items"][0]["person_id"], w.chair_wm.as_str());
    let cursor = first["next_cursor"].as_str().unwrap_or_else(|| panic!("a next page: {first}"));
    let second =
        w.app.get(&format!("{path}/memberships?limit=1&cursor={cursor}")).token(&w.secretary).send().expect(200).json();
    assert_eq!(
        (second["items"][0]["person_id"].as_str(), second["next_cursor"].as_str()),
        (Some(w.chair_wk.as_str()), None)
    );
    w.app
        .get(&format!("{path}/memberships?limit=0"))
        .token(&w.secretary)
        .send()
        .expect_problem(400, "validation.failed");
    // The owners' organisations list the board; another organisation sees it because it is public.
    let listed = w
        .app
        .get(&format!("/api/v1/boards?corporation_sole={}", w.wk.pcc))
        .token(&w.secretary)
        .send()
        .expect(200)
        .json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    // The filter's former name is still accepted (CHANGELOG.md).
    let former = w.app.get(&format!("/api/v1/boards?owner={}", w.wk.pcc)).token(&w.secretary).send().expect(200).json();
    assert_eq!(former["items"], listed["items"]);
}

fn decisions_need_a_quorate_meeting_and_every_required_approval(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let m = id(&meeting(&w, &b, "2017-07-26"));
    let meeting_path = format!("/api/v1/meetings/{m}");
    let decisions = format!("{meeting_path}/decisions");
    // Nobody present: inquorate.
    w.app.post(&decisions).token(&w.secretary).json(&decision_body(&w, "Option 3")).expect_problem(422, "R-BD-01");
    attend(&w, &m, &w.chair_wm, "present", &w.wm.pcc);
    let read = w.app.get(&meeting_path).token(&w.secretary).send().expect(200).json();
    assert_eq!(read["quorum"]["quorate"], false);
    assert_eq!(read["quorum"]["unrepresented"], json!([w.wk.pcc]));
    w.app.post(&decisions).token(&w.secretary).json(&decision_body(&w, "Option 3")).expect_problem(422, "R-BD-01");
    // Apologies do not count; the second PCC present makes it quorate.
    let absent = person(&w.app, &w.admin, "John Campion");
    attend(&w, &m, &absent, "apologies", &w.wm.pcc);
    attend(&w, &m, &w.chair_wk, "present", &w.wk.pcc);
    let read = w.app.get(&meeting_path).token(&w.secretary).send().expect(200).json();
    assert_eq!(read["quorum"]["quorate"], true);
    assert_eq!(read["attendance"].as_array().map(Vec::len), Some(3));
    assert_eq!(read["time_zone"], "Europe/London");
    assert_eq!(read["starts_at"], "2017-07-26T13:00:00Z", "14:00 BST is 13:00 UTC");
    w.app
        .post(&format!("{meeting_path}/attendance"))
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wk, "kind": "present", "capacity": "again"}))
        .expect_problem(409, "conflict");

    let mut outsiders_body = decision_body(&w, "Option 3");
    outsiders_body["required_approvers"] = json!([w.wm.pcc, uuid::Uuid::now_v7()]);
    w.app.post(&decisions).token(&w.secretary).json(&outsiders_body).expect_problem(422, "R-BD-02");
    w.app.post(&decisions).token(&w.wm_approver).json(&decision_body(&w, "Option 3")).expect_problem(403, "forbidden");
    w.app.post(&decisions).token(&w.outsider).json(&decision_body(&w, "Option 3")).expect_problem(404, "not_found");
    let first = create(&w.app, &w.secretary, &decisions, decision_body(&w, "Option 3"));
    let second = create(&w.app, &w.secretary, &decisions, decision_body(&w, "Mobile working"));
    assert_eq!((first["number"].as_i64(), second["number"].as_i64()), (Some(1), Some(2)));
    assert_eq!(first["agreed"], false);

    let approvals = format!("/api/v1/decisions/{}/approvals", id(&first));
    let approval = |cs: &str| json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "capacity": "PCC", "approved_on": "2017-07-26"});
    // An anonymous change is refused for want of a token, the same answer whether or not the decision exists.
    w.app.post(&approvals).json(&approval(&w.wm.pcc)).expect_problem(401, "unauthenticated");
    w.app.post(&approvals).token(&w.secretary).json(&approval(&w.wm.pcc)).expect_problem(403, "forbidden");
    w.app.post(&approvals).token(&w.wk_approver).json(&approval(&w.wm.pcc)).expect_problem(403, "forbidden");
    w.app.post(&approvals).token(&w.outsider).json(&approval(&w.wm.pcc)).expect_problem(404, "not_found");
    // A platform administrator never acts for a corporation sole (finding 2 of the outside test).
    let refused = w.app.post(&approvals).token(&w.admin).json(&approval(&w.wm.pcc)).expect_problem(403, "forbidden");
    assert!(refused["detail"].as_str().unwrap_or_default().contains("platform administrators"), "{refused}");
    w.app
        .post(&approvals)
        .token(&w.wm_approver)
        .json(&approval(&w.wm.chief_constable))
        .expect_problem(403, "forbidden");
    let half = w
        .app
        .post(&approvals)
        .token(&w.wm_approver)
        .header("Idempotency-Key", "approve-wm-1")
        .json(&approval(&w.wm.pcc))
        .expect(201)
        .json();
    let replay = w
        .app
        .post(&approvals)
        .token(&w.wm_approver)
        .header("Idempotency-Key", "approve-wm-1")
        .json(&approval(&w.wm.pcc))
        .expect(201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.json(), half, "a replay answers as the first request did and approves nothing twice");
    assert_eq!(half["agreed"], false);
    let capacity = half["approvals"][0]["capacity"].as_str().unwrap_or_default();
    assert!(capacity.starts_with("PCC (office holder"), "the stated capacity and the authority found: {capacity}");
    // R-TM-02: an approval names who gave it; R-TM-01: dated when it could have been given.
    let mut unnamed = approval(&w.wk.pcc);
    unnamed.as_object_mut().map(|o| o.remove("person_id"));
    w.app.post(&approvals).token(&w.wk_approver).json(&unnamed).expect_problem(422, "R-TM-02");
    for day in ["2017-07-25", "2999-01-01"] {
        let mut misdated = approval(&w.wk.pcc);
        misdated["approved_on"] = json!(day);
        let refused = w.app.post(&approvals).token(&w.wk_approver).json(&misdated).expect_problem(422, "R-TM-01");
        assert_eq!(refused["errors"][0]["pointer"], "/approved_on");
    }
    w.app.post(&approvals).token(&w.wm_approver).json(&approval(&w.wm.pcc)).expect_problem(422, "R-BD-02");
    let mut late = approval(&w.wk.pcc);
    late["approved_on"] = json!("2017-07-28");
    let agreed = w.app.post(&approvals).token(&w.wk_approver).json(&late).expect(201).json();
    assert_eq!(agreed["agreed"], true);
    assert_eq!(agreed["agreed_on"], "2017-07-28");
    let register = w.app.get(&format!("/api/v1/boards/{b}/decisions")).token(&w.secretary).send().expect(200).json();
    let numbers: Vec<i64> =
        register["items"].as_array().into_iter().flatten().filter_map(|d| d["number"].as_i64()).collect();
    assert_eq!(numbers, vec![1, 2]);
    // The register narrowed (issue 14): by number range, meeting, outcome, meeting dates, approver.
    let narrowed = |query: &str| {
        let list =
            w.app.get(&format!("/api/v1/boards/{b}/decisions?{query}")).token(&w.secretary).send().expect(200).json();
        list["items"].as_array().into_iter().flatten().filter_map(|d| d["number"].as_i64()).collect::<Vec<_>>()
    };
    assert_eq!(narrowed("number_from=2"), vec![2]);
    assert_eq!(narrowed("number_to=1"), vec![1]);
    assert_eq!(narrowed(&format!("meeting={m}")), vec![1, 2]);
    assert_eq!(narrowed("outcome=deferred"), Vec::<i64>::new());
    assert_eq!(narrowed("outcome=agreed&from=2017-07-26&to=2017-07-26"), vec![1, 2]);
    assert_eq!(narrowed("from=2017-07-27"), Vec::<i64>::new());
    assert_eq!(narrowed("to=2017-07-25"), Vec::<i64>::new());
    assert_eq!(narrowed(&format!("approved_by={}", w.wk.pcc)), vec![1]);
    w.app
        .get(&format!("/api/v1/boards/{b}/decisions?outcome=maybe"))
        .token(&w.secretary)
        .send()
        .expect_problem(400, "validation.failed");
    // A cancelled meeting takes no decisions.
    let other = id(&meeting(&w, &b, "2017-08-30"));
    // The meeting's own decisions (issue 14): this meeting's, not the board's other meetings'.
    let taken = |meeting: &str, token: &str| {
        let list = w.app.get(&format!("/api/v1/meetings/{meeting}/decisions")).token(token).send().expect(200).json();
        list["items"].as_array().into_iter().flatten().filter_map(|d| d["number"].as_i64()).collect::<Vec<_>>()
    };
    assert_eq!(taken(&m, &w.secretary), vec![1, 2]);
    assert_eq!(taken(&other, &w.secretary), Vec::<i64>::new());
    w.app.get(&format!("/api/v1/meetings/{m}/decisions")).token(&w.outsider).send().expect_problem(404, "not_found");
    // A cancelled meeting never sat, so it has no end time: refused, and the meeting stays as it was.
    w.app
        .post(&format!("/api/v1/meetings/{other}/cancellation"))
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"end_time": "14:35"}))
        .expect_problem(422, "meeting.cancelled_end_time");
    let unchanged = w.app.get(&format!("/api/v1/meetings/{other}")).token(&w.secretary).send().expect(200).json();
    assert_eq!((unchanged["status"].as_str(), unchanged["version"].as_i64()), (Some("scheduled"), Some(1)));
    w.app
        .post(&format!("/api/v1/meetings/{other}/cancellation"))
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({}))
        .expect(200);
    w.app
        .post(&format!("/api/v1/meetings/{other}/held"))
        .token(&w.secretary)
        .if_match(2)
        .json(&json!({}))
        .expect_problem(409, "conflict");
    w.app
        .post(&format!("/api/v1/meetings/{other}/decisions"))
        .token(&w.secretary)
        .json(&decision_body(&w, "x"))
        .expect_problem(409, "conflict");
}

fn two_decisions_created_at_once_get_different_numbers(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let m = quorate_meeting(&w, &b, "2017-07-26");
    let path = format!("/api/v1/meetings/{m}/decisions");
    let numbers: Vec<i64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|n| {
                let (w, path) = (&w, &path);
                scope.spawn(move || {
                    let response =
                        w.app.post(path).token(&w.secretary).json(&decision_body(w, &format!("Decision {n}")));
                    assert_eq!(response.status, 201, "{}", response.text);
                    response.json()["number"].as_i64().unwrap_or_default()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec![1, 2, 3, 4], "numbers taken at once: {numbers:?}");
    let board_now = w.app.get(&format!("/api/v1/boards/{b}")).token(&w.secretary).send().expect(200).json();
    assert_eq!(board_now["last_decision_number"], 4);
}

fn exempt_items_need_sections_and_reasons_and_show_only_their_shell_outside(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let m = id(&meeting(&w, &b, "2017-07-26"));
    let items = format!("/api/v1/meetings/{m}/agenda-items");
    let exempt = |sections: Value, reason: Value, date: Value| {
        json!({"label": "07/26/07/17", "title": "Transactional Service Transformation (Paper) - RESTRICTED", "presenter": "Richard Elkin",
               "disclosure": {"level": "exempt", "foi_sections": sections, "reason": reason, "intended_publication_on": date}})
    };
    let refused = w
        .app
        .post(&items)
        .token(&w.secretary)
        .json(&exempt(json!([]), Value::Null, Value::Null))
        .expect_problem(422, "R-PB-02");
    assert_eq!(refused["errors"].as_array().map(Vec::len), Some(2));
    let refused = w
        .app
        .post(&items)
        .token(&w.secretary)
        .json(&exempt(json!(["s22", "s43"]), json!("future publication; commercial interests"), Value::Null))
        .expect_problem(422, "R-PB-02");
    assert_eq!(refused["errors"][0]["pointer"], "/disclosure/intended_publication_on");
    w.app
        .post(&items)
        .token(&w.secretary)
        .json(&json!({"label": "01", "title": "Apologies", "disclosure": {"level": "public", "foi_sections": ["s43"]}}))
        .expect_problem(422, "R-PB-02");
    let item = create(
        &w.app,
        &w.secretary,
        &items,
        exempt(
            json!(["s22", "s43"]),
            json!("Information intended for future publication; commercial interests"),
            json!("2018-04-01"),
        ),
    );
    w.app
        .post(&items)
        .token(&w.secretary)
        .json(&exempt(json!(["s43"]), json!("again"), Value::Null))
        .expect_problem(409, "conflict");
    let paper = w
        .app
        .post(&format!("/api/v1/agenda-items/{}/papers", id(&item)))
        .token(&w.secretary)
        .json(&json!({"title": "TST paper", "version_label": "1.0", "uri": "https://intranet.example/tst.pdf", "sha256": "b".repeat(64), "dated_on": "2017-07-19"}))
        .expect(201)
        .json();
    assert_eq!(paper["papers"][0]["uri"], "https://intranet.example/tst.pdf");
    let item_path = format!("/api/v1/agenda-items/{}", id(&item));
    let member = w.app.get(&item_path).token(&w.secretary).send().expect(200).json();
    assert_eq!((member["redacted"].as_bool(), member["presenter"].as_str()), (Some(false), Some("Richard Elkin")));
    for token in [Some(w.outsider.as_str()), None] {
        let mut request = w.app.get(&item_path);
        if let Some(token) = token {
            request = request.token(token);
        }
        let shell = request.send().expect(200).json();
        assert_eq!(shell["redacted"], true);
        assert_eq!(shell["presenter"], Value::Null);
        assert_eq!(shell["papers"][0]["uri"], Value::Null);
        assert_eq!(shell["disclosure"]["foi_sections"], json!(["s22", "s43"]));
        assert_eq!(shell["label"], "07/26/07/17");
    }
    w.app
        .patch(&item_path)
        .token(&w.secretary)
        .if_match(2)
        .json(&json!({"disclosure": {"level": "exempt"}}))
        .expect_problem(422, "R-PB-02");
    let public = w
        .app
        .patch(&item_path)
        .token(&w.secretary)
        .if_match(2)
        .json(&json!({"disclosure": {"level": "public"}}))
        .expect(200)
        .json();
    assert_eq!(public["version"], 3);
    // A private board's meetings are not visible outside at all.
    let private = id(&board(&w, false));
    let hidden = id(&meeting(&w, &private, "2017-08-30"));
    w.app.get(&format!("/api/v1/meetings/{hidden}")).token(&w.outsider).send().expect_problem(404, "not_found");
    w.app.get(&format!("/api/v1/meetings/{hidden}")).send().expect_problem(404, "not_found");
    w.app.get(&format!("/api/v1/meetings/{hidden}")).token(&w.wk_approver).send().expect(200);
}

fn minutes_are_approved_later_signed_by_both_co_chairs_and_published(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let june = id(&meeting(&w, &b, "2017-06-29"));
    let item = create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/meetings/{june}/agenda-items"),
        json!({"label": "03/29/06/17", "title": "Money Matters"}),
    );
    let restricted = create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/meetings/{june}/agenda-items"),
        json!({"label": "07/29/06/17", "title": "Restricted", "disclosure": {"level": "exempt", "foi_sections": ["s43"], "reason": "Commercial interests"}}),
    );
    let entries = json!({"entries": [{"agenda_item_id": id(&item), "text": "The report was noted.", "outcome": "noted"},
                                     {"agenda_item_id": id(&restricted), "text": "Supplier terms discussed.", "outcome": "agreed"}]});
    let create_minutes = format!("/api/v1/meetings/{june}/minutes");
    w.app.post(&create_minutes).token(&w.secretary).json(&entries).expect_problem(409, "conflict");
    w.app
        .post(&format!("/api/v1/meetings/{june}/held"))
        .token(&w.secretary)
        .if_match(3)
        .json(&json!({"end_time": "14:35"}))
        .expect(200);
    let minutes = create(&w.app, &w.secretary, &create_minutes, entries.clone());
    assert_eq!((minutes["status"].as_str(), minutes["revision"].as_i64()), (Some("draft"), Some(1)));
    w.app.post(&create_minutes).token(&w.secretary).json(&entries).expect_problem(409, "conflict");
    let path = format!("/api/v1/minutes/{}", id(&minutes));
    // Drafts are for members only.
    w.app.get(&path).token(&w.outsider).send().expect_problem(404, "not_found");
    w.app.get(&path).send().expect_problem(404, "not_found");
    w.app
        .patch(&path)
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"entries": [{"agenda_item_id": id(&item), "text": ""}]}))
        .expect_problem(422, "required");
    w.app.patch(&path).token(&w.secretary).if_match(1).json(&entries).expect(200);
    w.app.patch(&path).token(&w.wm_approver).if_match(2).json(&entries).expect_problem(403, "forbidden");

    w.app
        .post(&format!("{path}/approval"))
        .token(&w.secretary)
        .if_match(2)
        .json(&json!({"approved_at_meeting_id": june}))
        .expect_problem(422, "R-BD-03");
    let july = id(&meeting(&w, &b, "2017-07-26"));
    w.app
        .post(&format!("{path}/approval"))
        .token(&w.secretary)
        .if_match(2)
        .json(&json!({"approved_at_meeting_id": july}))
        .expect_problem(422, "R-BD-03");
    w.app.post(&format!("/api/v1/meetings/{july}/held")).token(&w.secretary).if_match(1).json(&json!({})).expect(200);
    w.app
        .post(&format!("{path}/signatures"))
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wm, "capacity": "DPCC", "signed_on": "2017-07-26"}))
        .expect_problem(409, "conflict");
    // Held but with no attendance recorded, July was not quorate (issue 14): it cannot approve them.
    let refused = w
        .app
        .post(&format!("{path}/approval"))
        .token(&w.secretary)
        .if_match(2)
        .json(&json!({"approved_at_meeting_id": july}))
        .expect_problem(422, "R-BD-03");
    assert!(refused["detail"].as_str().unwrap_or_default().contains("not quorate"), "{refused}");
    attend(&w, &july, &w.chair_wm, "present", &w.wm.pcc);
    attend(&w, &july, &w.chair_wk, "present", &w.wk.pcc);
    let approved = w
        .app
        .post(&format!("{path}/approval"))
        .token(&w.secretary)
        .if_match(2)
        .json(&json!({"approved_at_meeting_id": july, "amendments": "a few minor amendments"}))
        .expect(200)
        .json();
    assert_eq!(approved["status"], "approved");
    w.app.patch(&path).token(&w.secretary).if_match(3).json(&entries).expect_problem(409, "conflict");
    w.app
        .post(&format!("{path}/publication"))
        .token(&w.secretary)
        .if_match(3)
        .json(&json!({"published_on": "2017-08-01", "published_url": "https://example.org/m"}))
        .expect_problem(409, "conflict");
    let stranger = person(&w.app, &w.admin, "Someone Else");
    w.app
        .post(&format!("{path}/signatures"))
        .token(&w.secretary)
        .json(&json!({"person_id": stranger, "capacity": "x", "signed_on": "2017-07-26"}))
        .expect_problem(422, "R-BD-03");
    let one = w
        .app
        .post(&format!("{path}/signatures"))
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wm, "capacity": "Deputy PCC, West Mercia", "signed_on": "2017-07-26"}))
        .expect(201)
        .json();
    assert_eq!(one["status"], "approved", "one co-chair is not enough");
    w.app
        .post(&format!("{path}/signatures"))
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wm, "capacity": "again", "signed_on": "2017-07-26"}))
        .expect_problem(422, "R-BD-03");
    let signed = w
        .app
        .post(&format!("{path}/signatures"))
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wk, "capacity": "PCC, Warwickshire", "signed_on": "2017-07-26"}))
        .expect(201)
        .json();
    assert_eq!(signed["status"], "signed");
    let version = signed["version"].as_i64().unwrap_or_default();
    let published = w
        .app
        .post(&format!("{path}/publication"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"published_on": "2017-08-01", "published_url": "https://example.org/minutes/2017-06-29"}))
        .expect(200)
        .json();
    assert_eq!(published["status"], "published");
    // Published minutes of a public board: everyone reads them, exempt items as their shell.
    for token in [Some(w.outsider.as_str()), None] {
        let mut request = w.app.get(&path);
        if let Some(token) = token {
            request = request.token(token);
        }
        let seen = request.send().expect(200).json();
        assert_eq!(seen["entries"][0]["text"], "The report was noted.");
        assert_eq!(
            (seen["entries"][1]["text"].clone(), seen["entries"][1]["redacted"].clone()),
            (Value::Null, json!(true))
        );
    }
    // R-PB-03: inside the member organisations the exempt item is for the board's secretary, not
    // for an approver the board has not granted.
    assert_eq!(w.app.get(&path).token(&w.wk_approver).send().expect(200).json()["entries"][1]["text"], Value::Null);
    assert_eq!(
        w.app.get(&path).token(&w.secretary).send().expect(200).json()["entries"][1]["text"],
        "Supplier terms discussed."
    );
    // A correction is a new revision, approved the same way.
    let correction = create(&w.app, &w.secretary, &create_minutes, entries);
    assert_eq!((correction["revision"].as_i64(), correction["status"].as_str()), (Some(2), Some("draft")));
    let outside = w.app.get(&create_minutes).send().expect(200).json();
    assert_eq!(outside["items"].as_array().map(Vec::len), Some(1));
}

fn actions_have_owners_updates_and_carry_forward_until_closed(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let june = id(&meeting(&w, &b, "2016-12-21"));
    let owner = person(&w.app, &w.admin, "Chris Singer");
    let ceo = post(&w.app, &w.admin, &w.wm.opcc, "Chief Executive", &["chief_executive"], true);
    let actions = format!("/api/v1/meetings/{june}/actions");
    w.app
        .post(&actions)
        .token(&w.secretary)
        .json(&json!({"text": "x", "owners": [{"person_id": owner, "post_id": ceo}]}))
        .expect_problem(422, "action.owner");
    w.app.post(&actions).token(&w.outsider).json(&json!({"text": "x"})).expect_problem(403, "forbidden");
    let overdue = create(
        &w.app,
        &w.secretary,
        &actions,
        json!({"label": "03", "text": "Standardise report formats", "owners": [{"person_id": owner}, {"post_id": ceo}], "due_on": "2017-02-03"}),
    );
    assert_eq!((overdue["status"].as_str(), overdue["overdue"].as_bool()), (Some("open"), Some(true)));
    let later = create(&w.app, &w.secretary, &actions, json!({"text": "Report back", "due_on": "2999-01-01"}));
    assert_eq!(later["overdue"], false);
    let action_path = format!("/api/v1/actions/{}", id(&overdue));
    let updated = w
        .app
        .post(&format!("{action_path}/updates"))
        .token(&w.secretary)
        .json(&json!({"dated_on": "2017-01-24", "text": "Report formats will be provided to CEOs by February 3rd."}))
        .expect(201)
        .json();
    assert_eq!(updated["updates"][0]["dated_on"], "2017-01-24");

    let mine = w.app.get(&format!("/api/v1/actions?owner={owner}")).token(&w.secretary).send().expect(200).json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    let by_post = w
        .app
        .get(&format!("/api/v1/actions?owner={ceo}&board={b}&status=open&overdue=true"))
        .token(&w.wk_approver)
        .send()
        .expect(200)
        .json();
    assert_eq!(by_post["items"][0]["id"], id(&overdue));
    // The action's board is stored with it (migration 000006) and filters the list.
    assert_eq!(by_post["items"][0]["board_id"], b.as_str());
    let not_overdue = w.app.get("/api/v1/actions?overdue=false").token(&w.secretary).send().expect(200).json();
    assert_eq!(not_overdue["items"][0]["id"], id(&later));
    // Working records: not visible outside the board's parties, even on a public board.
    assert_eq!(w.app.get("/api/v1/actions").token(&w.outsider).send().expect(200).json()["items"], json!([]));
    assert_eq!(w.app.get("/api/v1/actions").send().expect(200).json()["items"], json!([]));
    w.app.get(&action_path).token(&w.outsider).send().expect_problem(404, "not_found");
    w.app.get("/api/v1/actions?colour=red").send().expect_problem(400, "validation.failed");

    let july = id(&meeting(&w, &b, "2017-07-26"));
    let carried = w
        .app
        .get(&format!("/api/v1/meetings/{july}/carried-forward-actions"))
        .token(&w.secretary)
        .send()
        .expect(200)
        .json();
    assert_eq!(carried["items"].as_array().map(Vec::len), Some(2));
    let version = updated["version"].as_i64().unwrap_or_default();
    w.app
        .post(&format!("{action_path}/completion"))
        .token(&w.secretary)
        .json(&json!({"closed_on": "2017-02-03"}))
        .expect_problem(428, "precondition_required");
    let done = w
        .app
        .post(&format!("{action_path}/completion"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"closed_on": "2017-02-03"}))
        .expect(200)
        .json();
    assert_eq!((done["status"].as_str(), done["overdue"].as_bool()), (Some("completed"), Some(false)));
    w.app
        .post(&format!("{action_path}/discharge"))
        .token(&w.secretary)
        .if_match(version + 1)
        .json(&json!({"closed_on": "2017-02-04"}))
        .expect_problem(409, "conflict");
    let carried = w
        .app
        .get(&format!("/api/v1/meetings/{july}/carried-forward-actions"))
        .token(&w.secretary)
        .send()
        .expect(200)
        .json();
    assert_eq!(carried["items"].as_array().map(Vec::len), Some(1));
    // Issue 13, item 5: a meeting's list is as at its own day. A meeting before the completion
    // (and one on its day) still carried the action, not yet overdue then; one after did not.
    let carried_to = |date: &str| {
        let m = id(&meeting(&w, &b, date));
        let list = w.app.get(&format!("/api/v1/meetings/{m}/carried-forward-actions")).token(&w.secretary).send();
        list.expect(200).json()["items"].as_array().cloned().unwrap_or_default()
    };
    let january = carried_to("2017-01-26");
    let carried_then = january.iter().find(|a| a["id"] == json!(id(&overdue)));
    assert_eq!(carried_then.map(|a| a["overdue"].clone()), Some(json!(false)), "{january:?}");
    assert!(carried_to("2017-02-03").iter().any(|a| a["id"] == json!(id(&overdue))));
    assert!(!carried_to("2017-02-06").iter().any(|a| a["id"] == json!(id(&overdue))));
}

fn exempt_decisions_show_their_shell_and_non_members_see_only_agreed_ones(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let m = quorate_meeting(&w, &b, "2017-07-26");
    let mut body = decision_body(&w, "Transactional services: preferred supplier");
    body["disclosure"] = json!({"level": "exempt", "foi_sections": ["s43"], "reason": "Commercial interests"});
    body["owner"] = json!("Richard Elkin");
    let decision = create(&w.app, &w.secretary, &format!("/api/v1/meetings/{m}/decisions"), body);
    let path = format!("/api/v1/decisions/{}", id(&decision));
    let register = format!("/api/v1/boards/{b}/decisions");
    // Not yet agreed: members only.
    w.app.get(&path).token(&w.outsider).send().expect_problem(404, "not_found");
    assert_eq!(w.app.get(&register).send().expect(200).json()["items"], json!([]));
    for (token, cs) in [(&w.wm_approver, &w.wm.pcc), (&w.wk_approver, &w.wk.pcc)] {
        w.app
            .post(&format!("{path}/approvals"))
            .token(token)
            .json(&json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "capacity": "PCC", "approved_on": "2017-07-26", "raw_text": "Agreed by DPCC for West Mercia and PCC for Warwickshire on 26/07/2017."}))
            .expect(201);
    }
    let member = w.app.get(&path).token(&w.secretary).send().expect(200).json();
    assert_eq!(member["subject"], "Transactional services: preferred supplier");
    for token in [Some(w.outsider.as_str()), None] {
        let mut request = w.app.get(&path);
        if let Some(token) = token {
            request = request.token(token);
        }
        let shell = request.send().expect(200).json();
        assert_eq!(shell["subject"], Value::Null);
        assert_eq!(shell["redacted"], true);
        assert_eq!((shell["number"].as_i64(), shell["owner"].as_str()), (Some(1), Some("Richard Elkin")));
        assert_eq!(shell["approvals"].as_array().map(Vec::len), Some(2));
        assert_eq!(shell["disclosure"]["foi_sections"], json!(["s43"]));
    }
    assert_eq!(w.app.get(&register).send().expect(200).json()["items"].as_array().map(Vec::len), Some(1));
}

/// A table changed by hand, the SQL, what of the page shows it and what it should then show.
type Change = (&'static str, String, fn(&Value) -> Value, Value);

/// A decision register page is served again only while nothing it shows has changed (issue 15): each
/// reader gets their own view, every change, through the API or by hand in any table the page shows,
/// is on the next page, and without the revision nothing is remembered.
fn a_register_page_shows_every_change_and_only_its_readers_view(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let m = quorate_meeting(&w, &b, "2017-07-26");
    let taken = format!("/api/v1/meetings/{m}/decisions");
    let item = json!({"label": "07/26/05/17", "title": "Transactional services", "presenter": "Richard Elkin"});
    let item = create(&w.app, &w.secretary, &format!("/api/v1/meetings/{m}/agenda-items"), item);
    let mut exempt = decision_body(&w, "Transactional services: preferred supplier");
    exempt["disclosure"] = json!({"level": "exempt", "foi_sections": ["s43"], "reason": "Commercial interests"});
    exempt["agenda_item_id"] = json!(id(&item));
    let first = create(&w.app, &w.secretary, &taken, exempt);
    let second = create(&w.app, &w.secretary, &taken, decision_body(&w, "Mobile working"));
    let register = format!("/api/v1/boards/{b}/decisions");
    let page = |token: Option<&str>, path: &str| {
        let mut request = w.app.get(path);
        if let Some(token) = token {
            request = request.token(token);
        }
        request.send().expect(200).json()
    };
    let subjects = |page: &Value| -> Vec<Value> {
        page["items"].as_array().map(|items| items.iter().map(|i| i["subject"].clone()).collect()).unwrap_or_default()
    };
    let supplier = json!("Transactional services: preferred supplier");

    // Not yet agreed: members see both, the public neither, each the same when asked again.
    for _ in 0..2 {
        assert_eq!(subjects(&page(Some(&w.secretary), &register)), vec![supplier.clone(), json!("Mobile working")]);
        // In a member organisation without exempt access: the same decisions, the exempt one's shell.
        assert_eq!(subjects(&page(Some(&w.wm_approver), &register)), vec![Value::Null, json!("Mobile working")]);
        assert_eq!(page(None, &register)["items"], json!([]));
    }
    for decision in [&first, &second] {
        for (token, cs) in [(&w.wm_approver, &w.wm.pcc), (&w.wk_approver, &w.wk.pcc)] {
            let body = json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "capacity": "PCC", "approved_on": "2017-07-26", "raw_text": "Agreed."});
            w.app.post(&format!("/api/v1/decisions/{}/approvals", id(decision))).token(token).json(&body).expect(201);
        }
    }
    // Agreed: the public and outsiders see the exempt one as its shell, members its subject, whoever asks first.
    for _ in 0..2 {
        assert_eq!(subjects(&page(None, &register)), vec![Value::Null, json!("Mobile working")]);
        assert_eq!(subjects(&page(Some(&w.outsider), &register)), vec![Value::Null, json!("Mobile working")]);
        assert_eq!(subjects(&page(Some(&w.secretary), &register)), vec![supplier.clone(), json!("Mobile working")]);
    }
    assert_eq!(subjects(&page(None, &taken)), vec![Value::Null, json!("Mobile working")]);
    assert_eq!(subjects(&page(Some(&w.secretary), &taken)), vec![supplier.clone(), json!("Mobile working")]);
    let narrowed = format!("{register}?number_from=2");
    assert_eq!(subjects(&page(Some(&w.secretary), &narrowed)), vec![json!("Mobile working")]);

    // Corrected through the API: the outcome and the correction on the next page; the public loses it.
    let deferred =
        json!({"outcome": "deferred", "reason": "the minutes record it deferred", "corrected_on": "2017-08-30"});
    let corrections = format!("/api/v1/decisions/{}/outcome-corrections", id(&second));
    w.app.post(&corrections).token(&w.secretary).if_match(3).json(&deferred).expect(200);
    let corrected = page(Some(&w.secretary), &register);
    assert_eq!(corrected["items"][1]["outcome"], "deferred");
    assert_eq!(corrected["items"][1]["corrections"].as_array().map(Vec::len), Some(1));
    assert_eq!(subjects(&page(None, &register)), vec![Value::Null]);
    assert_eq!(page(Some(&w.secretary), &narrowed)["items"][0]["outcome"], "deferred");

    // Served again while its revision stands: a change whose revision is put back by hand is not seen
    // until the revision moves.
    let owner = page(Some(&w.secretary), &register)["items"][0]["owner"].clone();
    let standing = w.app.decisions_revision();
    w.app.execute_sql("UPDATE decisions SET owner = 'Not yet seen'");
    w.app.execute_sql(&format!("UPDATE read_revisions SET revision = {standing} WHERE scope = 'decisions'"));
    assert_eq!(page(Some(&w.secretary), &register)["items"][0]["owner"], owner, "read again at the same revision");
    w.app.execute_sql(&format!("UPDATE read_revisions SET revision = {} WHERE scope = 'decisions'", standing + 1));
    assert_eq!(page(Some(&w.secretary), &register)["items"][0]["owner"], "Not yet seen");

    // Changed by hand in each table the page shows: each moves the revision and is on the next page.
    let later = format!("{register}?from=2017-07-27");
    assert_eq!(page(Some(&w.secretary), &later)["items"], json!([]));
    let chief = &w.wm.chief_constable;
    let changes: [Change; 7] = [
        (
            "decision_texts",
            "UPDATE decision_texts SET recommendation = 'By hand'".into(),
            |p| p["items"][0]["recommendation"].clone(),
            json!("By hand"),
        ),
        (
            "decisions",
            "UPDATE decisions SET owner = 'By hand'".into(),
            |p| p["items"][0]["owner"].clone(),
            json!("By hand"),
        ),
        (
            "agenda_items",
            "UPDATE agenda_items SET label = 'BY/HAND'".into(),
            |p| p["items"][0]["agenda_item_label"].clone(),
            json!("BY/HAND"),
        ),
        (
            "decision_approvals",
            "UPDATE decision_approvals SET raw_text = 'By hand'".into(),
            |p| p["items"][0]["approvals"][0]["raw_text"].clone(),
            json!("By hand"),
        ),
        (
            "decision_approvers",
            format!(
                "UPDATE decision_approvers SET corporation_sole_id = '{chief}' WHERE corporation_sole_id = '{}'",
                w.wk.pcc
            ),
            |p| p["items"][0]["required_approvers"][1].clone(),
            json!(chief),
        ),
        (
            "meetings",
            format!("UPDATE meetings SET starts_at = '2017-07-27 10:00:00' WHERE id = '{m}'"),
            |p| p["items"][0]["meeting_date"].clone(),
            json!("2017-07-27"),
        ),
        (
            "corrections",
            "UPDATE corrections SET reason = 'By hand'".into(),
            |p| p["items"][1]["corrections"][0]["reason"].clone(),
            json!("By hand"),
        ),
    ];
    for (table, sql, shown, expected) in changes {
        assert_ne!(shown(&page(Some(&w.secretary), &register)), expected, "{table} before");
        let before = w.app.decisions_revision();
        assert!(w.app.execute_sql(&sql) > 0, "{sql}");
        assert!(w.app.decisions_revision() > before, "a change to {table} left the decisions revision at {before}");
        assert_eq!(shown(&page(Some(&w.secretary), &register)), expected, "{table} after");
    }
    assert_eq!(page(Some(&w.secretary), &later)["items"].as_array().map(Vec::len), Some(2), "the meeting moved");
    let before = w.app.decisions_revision();
    assert!(w.app.execute_sql("DELETE FROM corrections") > 0);
    assert!(w.app.decisions_revision() > before, "a deletion left the decisions revision at {before}");
    assert_eq!(page(Some(&w.secretary), &register)["items"][1]["corrections"], json!([]));

    // The count started again (a database restored) and climbed back to a number a page was read at:
    // that page is not served for what is stored now.
    let reached = w.app.decisions_revision();
    let both = format!("{register}?number_to=2");
    for path in [&register, &both] {
        assert_eq!(page(Some(&w.secretary), path)["items"][0]["owner"], "By hand");
    }
    w.app.execute_sql("UPDATE read_revisions SET revision = 0 WHERE scope = 'decisions'");
    assert_eq!(page(Some(&w.secretary), &register)["items"][0]["owner"], "By hand");
    w.app.execute_sql("UPDATE decisions SET owner = 'Restored'");
    w.app.execute_sql(&format!("UPDATE read_revisions SET revision = {reached} WHERE scope = 'decisions'"));
    for path in [&register, &both] {
        assert_eq!(page(Some(&w.secretary), path)["items"][0]["owner"], "Restored", "{path}");
    }

    // Without the revision (its migration undone by hand), nothing is remembered: each page reads afresh.
    w.app.execute_sql("DELETE FROM read_revisions WHERE scope = 'decisions'");
    assert_eq!(page(Some(&w.secretary), &register)["items"][0]["owner"], "Restored");
    w.app.execute_sql("UPDATE decisions SET owner = 'Read afresh'");
    assert_eq!(page(Some(&w.secretary), &register)["items"][0]["owner"], "Read afresh");
}

fn records_of_decision_are_signed_by_each_decider_then_published(backend: Backend) {
    let w = world(backend);
    let record = json!({
        "issuing_corporation_sole_id": w.wm.pcc, "reference": "PCC/D/2017/05", "title": "Mobilising Transformational Change",
        "summary": "Twin-track approach", "deciders": [{"corporation_sole_id": w.wm.pcc}, {"corporation_sole_id": w.wk.pcc}],
        "proposals": ["That the investment of £4m is approved", "That the investment is funded from the Invest to save reserve"],
        "financial_comments": "Funded from the Invest to save reserve.", "significant_public_interest": true,
        "part_two": {"text": "Supplier detail", "foi_sections": ["s43"], "reason": "Commercial interests"}
    });
    w.app.post("/api/v1/records-of-decision").token(&w.outsider).json(&record).expect_problem(403, "forbidden");
    let mut no_sections = record.clone();
    no_sections["part_two"]["foi_sections"] = json!([]);
    w.app.post("/api/v1/records-of-decision").token(&w.secretary).json(&no_sections).expect_problem(422, "R-PB-02");
    let created = create(&w.app, &w.secretary, "/api/v1/records-of-decision", record.clone());
    assert_eq!((created["status"].as_str(), created["fully_signed"].as_bool()), (Some("draft"), Some(false)));
    w.app.post("/api/v1/records-of-decision").token(&w.secretary).json(&record).expect_problem(409, "conflict");
    let path = format!("/api/v1/records-of-decision/{}", id(&created));
    w.app.get(&path).token(&w.outsider).send().expect_problem(404, "not_found");
    w.app.get(&path).send().expect_problem(404, "not_found");
    w.app
        .post(&format!("{path}/officer-approvals"))
        .token(&w.secretary)
        .json(&json!({"role": "chief_executive", "name": "Andy Champness", "approved_on": "2017-02-15"}))
        .expect(201);
    let sign = |token: &str, cs: &str| {
        w.app.post(&format!("{path}/signatures")).token(token).json(
            &json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "signed_name": "PCC", "capacity": "Police and Crime Commissioner"}),
        )
    };
    sign(&w.wm_approver, &w.wk.pcc).expect_problem(403, "forbidden");
    sign(&w.wm_approver, &w.wm.chief_constable).expect_problem(403, "forbidden");
    let half = sign(&w.wm_approver, &w.wm.pcc).expect(201).json();
    let version = half["version"].as_i64().unwrap_or_default();
    let publication = json!({"published_on": "2017-02-20", "published_url": "https://www.westmercia-pcc.gov.uk/decisions/pcc-d-2017-05"});
    w.app
        .post(&format!("{path}/publication"))
        .token(&w.secretary)
        .if_match(version)
        .json(&publication)
        .expect_problem(409, "conflict");
    let signed = sign(&w.wk_approver, &w.wk.pcc).expect(201).json();
    assert_eq!(signed["fully_signed"], true);
    let version = signed["version"].as_i64().unwrap_or_default();
    w.app
        .post(&format!("{path}/publication"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"published_on": "2017-02-20", "published_url": " "}))
        .expect_problem(422, "R-PB-01");
    w.app.post(&format!("{path}/publication")).token(&w.secretary).if_match(version).json(&publication).expect(200);
    let public = w.app.get(&path).send().expect(200).json();
    assert_eq!(public["reference"], "PCC/D/2017/05");
    assert_eq!(
        (public["part_two"]["text"].clone(), public["part_two"]["redacted"].clone()),
        (Value::Null, json!(true))
    );
    assert_eq!(w.app.get(&path).token(&w.wk_approver).send().expect(200).json()["part_two"]["text"], "Supplier detail");
    let found = w.app.get("/api/v1/records-of-decision?reference=PCC/D/2017/05").send().expect(200).json();
    assert_eq!(found["items"].as_array().map(Vec::len), Some(1));
}

/// Issue 18: records of decision found by text, the day decided, significant public interest and
/// status; drafts stay with the deciders' organisations whatever the filter.
fn records_of_decision_filter_by_text_dates_interest_and_status(backend: Backend) {
    let w = world(backend);
    let record = |reference: &str, title: &str, decided_on: &str, significant: bool| {
        json!({"issuing_corporation_sole_id": w.wm.pcc, "reference": reference, "title": title,
               "summary": "Decision of the Police and Crime Commissioner", "decided_on": decided_on,
               "deciders": [{"corporation_sole_id": w.wm.pcc}], "proposals": ["That it is approved"],
               "significant_public_interest": significant})
    };
    let estates = create(
        &w.app,
        &w.secretary,
        "/api/v1/records-of-decision",
        record("PCC/D/2017/05", "Estates strategy: Hindlip", "2017-02-15", true),
    );
    create(
        &w.app,
        &w.secretary,
        "/api/v1/records-of-decision",
        record("PCC/D/2017/09", "ICT refresh", "2017-06-01", false),
    );
    create(
        &w.app,
        &w.secretary,
        "/api/v1/records-of-decision",
        record("PCC/D/2018/02", "Estates disposal: Bromsgrove", "2018-03-10", true),
    );
    let references = |query: &str, token: Option<&str>| -> Vec<String> {
        let mut request = w.app.get(&format!("/api/v1/records-of-decision?{query}"));
        if let Some(token) = token {
            request = request.token(token);
        }
        let list = request.send().expect(200).json();
        let mut found: Vec<String> = list["items"]
            .as_array()
            .map(|items| items.iter().filter_map(|r| r["reference"].as_str().map(String::from)).collect())
            .unwrap_or_default();
        found.sort();
        found
    };
    let member = Some(w.secretary.as_str());
    assert_eq!(references("q=ESTATES", member), ["PCC/D/2017/05", "PCC/D/2018/02"]);
    assert_eq!(references("q=2017%2F09", member), ["PCC/D/2017/09"]);
    assert_eq!(references("decided_from=2017-03-01&decided_to=2017-12-31", member), ["PCC/D/2017/09"]);
    assert_eq!(references("decided_from=2017-06-01", member), ["PCC/D/2017/09", "PCC/D/2018/02"]);
    assert_eq!(references("significant_public_interest=false", member), ["PCC/D/2017/09"]);
    assert_eq!(
        references("q=estates&significant_public_interest=true&decided_to=2017-12-31", member),
        ["PCC/D/2017/05"]
    );
    assert_eq!(references("status=draft", member).len(), 3);
    assert!(references("status=published", member).is_empty());
    // Drafts are the deciders' own: no filter shows them to anyone else.
    assert!(references("q=estates", Some(&w.outsider)).is_empty());
    assert!(references("status=draft", None).is_empty());
    // Published, a record is found by everyone.
    let path = format!("/api/v1/records-of-decision/{}", id(&estates));
    let signed = w
        .app
        .post(&format!("{path}/signatures"))
        .token(&w.wm_approver)
        .json(&json!({"corporation_sole_id": w.wm.pcc, "person_id": w.holder(&w.wm.pcc), "signed_name": "PCC", "capacity": "Police and Crime Commissioner", "signed_on": "2017-02-15"}))
        .expect(201)
        .json();
    w.app
        .post(&format!("{path}/publication"))
        .token(&w.secretary)
        .if_match(signed["version"].as_i64().unwrap_or_default())
        .json(&json!({"published_on": "2017-02-20", "published_url": "https://www.westmercia-pcc.gov.uk/decisions/pcc-d-2017-05"}))
        .expect(200);
    assert_eq!(references("q=estates&status=published", None), ["PCC/D/2017/05"]);
    assert_eq!(references("q=estates&status=published", Some(&w.outsider)), ["PCC/D/2017/05"]);
    w.app
        .get("/api/v1/records-of-decision?decided_from=2018-01-01&decided_to=2017-01-01")
        .send()
        .expect_problem(422, "out_of_range");
    w.app.get("/api/v1/records-of-decision?status=withdrawn").send().expect_problem(400, "validation.failed");
}

fn a_public_boards_calendar_is_valid_icalendar_and_private_ones_need_membership(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, true));
    let m = meeting(&w, &b, "2017-07-26");
    meeting(&w, &b, "2017-11-29");
    let version = m["version"].as_i64().unwrap_or_default();
    w.app
        .patch(&format!("/api/v1/meetings/{}", id(&m)))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"end_time": "14:35", "venue": "Willison Room, Hindlip; the long way round, past the conference centre and its café"}))
        .expect(200);
    let response = w.app.get(&format!("/api/v1/boards/{b}/meetings.ics")).send().expect(200);
    assert!(response.header("content-type").unwrap_or_default().starts_with("text/calendar"));
    let etag = response.header("etag").unwrap_or_default().to_string();
    w.app.get(&format!("/api/v1/boards/{b}/meetings.ics")).header("If-None-Match", &etag).send().expect(304);
    for line in response.text.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
    }
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(response.text.as_bytes()));
    let calendar =
        parser.next().unwrap_or_else(|| panic!("no calendar")).unwrap_or_else(|e| panic!("invalid iCalendar: {e}"));
    assert!(parser.next().is_none());
    assert_eq!(calendar.events.len(), 2);
    assert_eq!(calendar.timezones.len(), 1);
    let property = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
        event.properties.iter().find(|p| p.name == name).cloned().unwrap_or_else(|| panic!("no {name}"))
    };
    let start = property(&calendar.events[0], "DTSTART");
    assert_eq!(start.value.as_deref(), Some("20170726T140000"));
    assert_eq!(start.params, Some(vec![("TZID".to_string(), vec!["Europe/London".to_string()])]));
    assert_eq!(property(&calendar.events[0], "DTEND").value.as_deref(), Some("20170726T143500"));
    let location = property(&calendar.events[0], "LOCATION").value.unwrap_or_default();
    assert_eq!(location, "Willison Room\\, Hindlip\\; the long way round\\, past the conference centre and its café");
    let private = id(&board(&w, false));
    w.app.get(&format!("/api/v1/boards/{private}/meetings.ics")).send().expect_problem(404, "not_found");
    w.app
        .get(&format!("/api/v1/boards/{private}/meetings.ics"))
        .token(&w.outsider)
        .send()
        .expect_problem(404, "not_found");
    w.app.get(&format!("/api/v1/boards/{private}/meetings.ics")).token(&w.wk_approver).send().expect(200);
}

fn malformed_board_input_is_a_problem_and_writes_nothing(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let meetings = format!("/api/v1/boards/{b}/meetings");
    w.app
        .post(&meetings)
        .token(&w.secretary)
        .json(&json!({"date": "2017-07-26", "start_time": "2pm", "venue": "Hindlip"}))
        .expect_problem(422, "invalid_time");
    w.app
        .post(&meetings)
        .token(&w.secretary)
        .json(&json!({"date": "2017-07-26", "start_time": "14:00", "venue": "Hindlip", "colour": "red"}))
        .expect_problem(400, "validation.failed");
    w.app
        .post(&meetings)
        .token(&w.secretary)
        .json(&json!({"date": "2017-07-26", "start_time": "14:00", "end_time": "13:00", "venue": "Hindlip"}))
        .expect_problem(422, "period.invalid");
    w.app
        .post(&meetings)
        .token(&w.secretary)
        .json(
            &json!({"date": "2017-07-26", "start_time": "14:00", "venue": "Hindlip", "chairs": [uuid::Uuid::now_v7()]}),
        )
        .expect_problem(422, "unknown_reference");
    assert_eq!(w.app.get(&meetings).token(&w.secretary).send().expect(200).json()["items"], json!([]));
    w.app.get("/api/v1/boards/not-a-uuid").send().expect_problem(404, "not_found");
    w.app.get(&format!("/api/v1/meetings/{}", uuid::Uuid::now_v7())).send().expect_problem(404, "not_found");
    w.app
        .post("/api/v1/boards")
        .token(&w.secretary)
        .json(&json!({"name": "X", "kind": "committee", "owners": [], "established_on": "2016-01-01"}))
        .expect_problem(400, "validation.failed");
    w.app
        .post("/api/v1/boards")
        .token(&w.secretary)
        .json(&json!({"name": "X", "kind": "other", "owners": [], "established_on": "2016-01-01"}))
        .expect_problem(422, "required");
}

fn meetings_record_declarations_next_meetings_and_a_counted_quorum(backend: Backend) {
    let w = world(backend);
    let counted = create(
        &w.app,
        &w.secretary,
        "/api/v1/boards",
        json!({"name": "Finance Sub-Group", "kind": "sub_group", "owners": [w.wm.pcc], "quorum_rule": "voting_members",
               "quorum_count": 2, "established_on": "2015-06-25"}),
    );
    let b = id(&counted);
    let m = meeting(&w, &b, "2015-09-30");
    let path = format!("/api/v1/meetings/{}", id(&m));
    attend(&w, &id(&m), &w.chair_wm, "present", &w.wm.pcc);
    let one = w.app.get(&path).token(&w.secretary).send().expect(200).json();
    assert_eq!((one["quorum"]["quorate"].as_bool(), one["quorum"]["voting_present"].as_i64()), (Some(false), Some(1)));
    w.app
        .post(&format!("{path}/decisions"))
        .token(&w.secretary)
        .json(&json!({"subject": "x", "outcome": "agreed", "required_approvers": [w.wm.pcc]}))
        .expect_problem(422, "R-BD-01");
    attend(&w, &id(&m), &w.chair_wk, "present", &w.wk.pcc);
    assert_eq!(w.app.get(&path).token(&w.secretary).send().expect(200).json()["quorum"]["quorate"], true);
    let item = create(
        &w.app,
        &w.secretary,
        &format!("{path}/agenda-items"),
        json!({"label": "2", "title": "Declarations of Interest", "standing_item": "declarations_of_interest"}),
    );
    w.app
        .post(&format!("{path}/declarations"))
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wm, "agenda_item_id": uuid::Uuid::now_v7(), "interest": "x"}))
        .expect_problem(422, "unknown_reference");
    let declared = w
        .app
        .post(&format!("{path}/declarations"))
        .token(&w.secretary)
        .json(&json!({"person_id": w.chair_wm, "agenda_item_id": id(&item), "interest": "Trustee of a bidding charity", "withdrew": true}))
        .expect(201)
        .json();
    assert_eq!(declared["declarations"][0]["withdrew"], true);
    let next = meeting(&w, &b, "2015-10-28");
    let version = declared["version"].as_i64().unwrap_or_default();
    let earlier = meeting(&w, &b, "2015-08-27");
    w.app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"next_meeting_id": id(&earlier)}))
        .expect_problem(422, "unknown_reference");
    let linked = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"next_meeting_id": id(&next), "chairs": [w.chair_wk], "start_time": "10:00"}))
        .expect(200)
        .json();
    assert_eq!(
        (linked["next_meeting_id"].as_str(), linked["start_time"].as_str()),
        (Some(id(&next).as_str()), Some("10:00"))
    );
    assert_eq!(linked["chairs"], json!([w.chair_wk]));
    w.app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"venue": "Stale"}))
        .expect_problem(412, "precondition_failed");
}

fn lists_return_exactly_what_each_caller_may_see(backend: Backend) {
    let w = world(backend);
    let public = id(&board(&w, true));
    let private = id(&board(&w, false));
    let names = |token: Option<&str>, path: &str| -> Vec<String> {
        let mut request = w.app.get(path);
        if let Some(token) = token {
            request = request.token(token);
        }
        let mut ids: Vec<String> =
            request.send().expect(200).json()["items"].as_array().into_iter().flatten().map(id).collect();
        ids.sort();
        ids
    };
    let mut both = vec![public.clone(), private.clone()];
    both.sort();
    assert_eq!(names(Some(&w.secretary), "/api/v1/boards"), both, "a member organisation sees its private board");
    assert_eq!(names(Some(&w.wk_approver), "/api/v1/boards"), both, "every owner's organisation is a party");
    assert_eq!(names(Some(&w.outsider), "/api/v1/boards"), vec![public.clone()]);
    assert_eq!(names(None, "/api/v1/boards"), vec![public.clone()]);
    assert_eq!(names(Some(&w.admin), "/api/v1/boards"), both);
    w.app.get(&format!("/api/v1/boards/{private}")).token(&w.outsider).send().expect_problem(404, "not_found");
    w.app.get(&format!("/api/v1/boards/{private}/decisions")).send().expect_problem(404, "not_found");

    let record = json!({"issuing_corporation_sole_id": w.wm.pcc, "reference": "PCC/D/2017/01", "title": "T", "summary": "S",
                        "deciders": [{"corporation_sole_id": w.wm.pcc}]});
    let draft = id(&create(&w.app, &w.secretary, "/api/v1/records-of-decision", record));
    assert_eq!(names(Some(&w.secretary), "/api/v1/records-of-decision"), vec![draft.clone()]);
    assert_eq!(names(Some(&w.wk_approver), "/api/v1/records-of-decision"), Vec::<String>::new(), "not a decider");
    assert_eq!(names(Some(&w.outsider), "/api/v1/records-of-decision"), Vec::<String>::new());
    assert_eq!(names(None, "/api/v1/records-of-decision"), Vec::<String>::new());
}

fn records_follow_their_issuers_reference_scheme(backend: Backend) {
    let w = world(backend);
    let scheme = json!({"corporation_sole_id": w.wm.pcc, "pattern": "PCC/D/{YYYY}/{NN}"});
    w.app.post("/api/v1/reference-schemes").token(&w.outsider).json(&scheme).expect_problem(403, "forbidden");
    w.app
        .post("/api/v1/reference-schemes")
        .token(&w.secretary)
        .json(&json!({"corporation_sole_id": w.wm.pcc, "pattern": "PCC/D/{YYYY}"}))
        .expect_problem(422, "reference_scheme.invalid");
    let created = create(&w.app, &w.secretary, "/api/v1/reference-schemes", scheme.clone());
    w.app.post("/api/v1/reference-schemes").token(&w.secretary).json(&scheme).expect_problem(409, "conflict");
    let record = |reference: Value, decided_on: &str| {
        json!({"issuing_corporation_sole_id": w.wm.pcc, "reference": reference, "title": "T", "summary": "S",
               "deciders": [{"corporation_sole_id": w.wm.pcc}], "decided_on": decided_on})
    };
    w.app
        .post("/api/v1/records-of-decision")
        .token(&w.secretary)
        .json(&record(json!("Decision 2017/30"), "2017-02-15"))
        .expect_problem(422, "reference.scheme");
    let given =
        create(&w.app, &w.secretary, "/api/v1/records-of-decision", record(json!("PCC/D/2017/05"), "2017-02-15"));
    assert_eq!(given["reference"], "PCC/D/2017/05");
    let next = create(&w.app, &w.secretary, "/api/v1/records-of-decision", record(Value::Null, "2017-03-01"));
    assert_eq!(next["reference"], "PCC/D/2017/06");
    let new_year = create(&w.app, &w.secretary, "/api/v1/records-of-decision", record(Value::Null, "2018-01-10"));
    assert_eq!(new_year["reference"], "PCC/D/2018/01");
    let mut unnumbered = record(Value::Null, "2017-03-01");
    unnumbered["issuing_corporation_sole_id"] = json!(w.wk.pcc);
    unnumbered["deciders"] = json!([{"corporation_sole_id": w.wk.pcc}]);
    w.app.post("/api/v1/records-of-decision").token(&w.wk_approver).json(&unnumbered).expect_problem(403, "forbidden");
    let wk_secretary = w.app.token(&w.wk.opcc_slug, &["secretary"]);
    w.app.post("/api/v1/records-of-decision").token(&wk_secretary).json(&unnumbered).expect_problem(422, "required");
    let path = format!("/api/v1/reference-schemes/{}", id(&created));
    let changed = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(1)
        .json(&json!({"pattern": "WM/{YY}-{NNN}"}))
        .expect(200)
        .json();
    assert_eq!(changed["pattern"], "WM/{YY}-{NNN}");
    let listed = w.app.get("/api/v1/reference-schemes").send().expect(200).json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    let next = create(&w.app, &w.secretary, "/api/v1/records-of-decision", record(Value::Null, "2019-05-01"));
    assert_eq!(next["reference"], "WM/19-001");
}

fn a_named_deputy_approves_a_decision_only_under_a_delegation_in_force(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let m = id(&meeting(&w, &b, "2017-07-26"));
    attend(&w, &m, &w.chair_wm, "present", &w.wm.pcc);
    attend(&w, &m, &w.chair_wk, "present", &w.wk.pcc);
    let decision =
        create(&w.app, &w.secretary, &format!("/api/v1/meetings/{m}/decisions"), decision_body(&w, "Option 3"));
    let approvals = format!("/api/v1/decisions/{}/approvals", id(&decision));
    let by_deputy = json!({"corporation_sole_id": w.wm.pcc, "person_id": w.chair_wm, "capacity": "DPCC for West Mercia", "approved_on": "2017-07-27"});
    // Not the office holder and no delegation yet: refused with the reason (issue 5).
    let refused = w.app.post(&approvals).token(&w.wm_approver).json(&by_deputy).expect_problem(403, "forbidden");
    assert!(refused["detail"].as_str().unwrap_or_default().contains("approve_board_decision"), "{refused}");
    let org_admin = w.app.token(&w.wm.opcc_slug, &["org_admin"]);
    create(
        &w.app,
        &org_admin,
        "/api/v1/delegations",
        json!({"kind": "delegation", "corporation_sole_id": w.wm.pcc, "delegate": {"kind": "person", "id": w.chair_wm},
               "functions": ["approve_board_decision"], "valid_from": "2017-07-27",
               "source": {"reference": "PCC/D/2017/01", "paragraph": "3"}}),
    );
    // Before the delegation took effect the same approval is still refused.
    let mut too_early = by_deputy.clone();
    too_early["approved_on"] = json!("2017-07-26");
    w.app.post(&approvals).token(&w.wm_approver).json(&too_early).expect_problem(403, "forbidden");
    let approved = w.app.post(&approvals).token(&w.wm_approver).json(&by_deputy).expect(201).json();
    assert!(approved.to_string().contains("PCC/D/2017/01"), "the capacity records the authority: {approved}");
}

/// Issue 13, item 1: an owning office that had ended before the meeting is not waited for (nobody
/// could represent it that day); before its end it still is.
fn an_owner_that_had_ended_does_not_count_towards_quorum(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let version = w.app.get(&format!("/api/v1/corporations-sole/{}", w.wk.pcc)).send().expect(200).json()["version"]
        .as_i64()
        .unwrap_or_default();
    w.app
        .post(&format!("/api/v1/corporations-sole/{}/end", w.wk.pcc))
        .token(&w.admin)
        .if_match(version)
        .json(&json!({"ends_on": "2028-05-10"}))
        .expect(200);
    let quorum_on = |date: &str| {
        let m = id(&meeting(&w, &b, date));
        attend(&w, &m, &w.chair_wm, "present", &w.wm.pcc);
        w.app.get(&format!("/api/v1/meetings/{m}")).token(&w.secretary).send().expect(200).json()["quorum"].clone()
    };
    let before = quorum_on("2028-05-10");
    assert_eq!(before["quorate"], false, "{before}");
    assert_eq!(before["unrepresented"], json!([w.wk.pcc]));
    let after = quorum_on("2028-06-01");
    assert_eq!(after["quorate"], true, "{after}");
    assert_eq!(after["unrepresented"], json!([]));
}

/// The SHA-256 of the paper a historical entry cites (any 64 lowercase hex characters).
pub(crate) const PAPER: &str = "3db10acdb60a713928b58cf04a3d8ac7549647d01dd1c3d35d20a1e70e6a0e59";

/// R-TM-05 (issue 14): a secretary records, from a published paper, a decision taken at a meeting
/// whose attendance is not recorded, with the paper's own number, and the approvals the paper shows;
/// the entries cite the paper and still pass the date rules; a deferred decision is never agreed.
fn a_secretary_records_decisions_and_approvals_from_a_published_paper(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let m = id(&meeting(&w, &b, "2016-05-26"));
    let decisions = format!("/api/v1/meetings/{m}/decisions");
    let evidence =
        |locator: &str| json!({"sha256": PAPER, "locator": locator, "uri": "https://example.org/agg-2016-05-26.pdf"});
    let historical = |subject: &str, number: &str, outcome: &str| {
        let mut body = decision_body(&w, subject);
        body["outcome"] = json!(outcome);
        body["paper_number"] = json!(number);
        body["evidence"] = evidence(&format!("Decision summary table, decision {number}"));
        body
    };
    // Without the paper, a meeting with no attendance recorded cannot decide (R-BD-01).
    w.app.post(&decisions).token(&w.secretary).json(&decision_body(&w, "Outturn")).expect_problem(422, "R-BD-01");
    let mut bad = historical("Outturn", "2", "agreed");
    bad["evidence"]["sha256"] = json!("not a digest");
    let refused = w.app.post(&decisions).token(&w.secretary).json(&bad).expect_problem(422, "invalid_digest");
    assert_eq!(refused["errors"][0]["pointer"], "/evidence/sha256");
    w.app
        .post(&decisions)
        .token(&w.wm_approver)
        .json(&historical("Outturn", "2", "agreed"))
        .expect_problem(403, "forbidden");
    let recorded = create(&w.app, &w.secretary, &decisions, historical("Outturn", "2", "agreed"));
    assert_eq!((recorded["number"].as_i64(), recorded["paper_number"].as_str()), (Some(1), Some("2")));
    assert_eq!(recorded["evidence"], evidence("Decision summary table, decision 2"));
    // A meeting still to come has no papers to record from.
    let future = id(&meeting(&w, &b, "2999-01-06"));
    w.app
        .post(&format!("/api/v1/meetings/{future}/decisions"))
        .token(&w.secretary)
        .json(&historical("Later", "1", "agreed"))
        .expect_problem(422, "R-TM-05");

    // The approvals as the paper shows them: by capacity only, or naming the holder; the secretary
    // records them without any authority to act for the offices, and cannot do so without the paper.
    let approvals = format!("/api/v1/decisions/{}/approvals", id(&recorded));
    let by_capacity = json!({"corporation_sole_id": w.wm.pcc, "capacity": "PCC for West Mercia", "approved_on": "2016-05-26",
                             "raw_text": "Agreed by both PCCs – 26.05.16", "evidence": evidence("Decision summary table, decision 2")});
    let mut unwitnessed = by_capacity.clone();
    unwitnessed.as_object_mut().map(|o| o.remove("evidence"));
    w.app.post(&approvals).token(&w.secretary).json(&unwitnessed).expect_problem(403, "forbidden");
    w.app.post(&approvals).token(&w.wm_approver).json(&by_capacity).expect_problem(403, "forbidden");
    let mut early = by_capacity.clone();
    early["approved_on"] = json!("2016-05-25");
    w.app.post(&approvals).token(&w.secretary).json(&early).expect_problem(422, "R-TM-01");
    let half = w.app.post(&approvals).token(&w.secretary).json(&by_capacity).expect(201).json();
    assert_eq!(half["approvals"][0]["capacity"], "PCC for West Mercia", "as the paper states it");
    assert_eq!(half["approvals"][0]["person_id"], Value::Null);
    assert_eq!(half["approvals"][0]["evidence"], by_capacity["evidence"]);
    assert_eq!(half["agreed"], false);
    // A named person must have held the office (or a delegation) that day: the West Mercia PCC's
    // holder never held the Warwickshire office.
    let mut named = by_capacity.clone();
    named["corporation_sole_id"] = json!(w.wk.pcc);
    named["capacity"] = json!("PCC for Warwickshire");
    named["person_id"] = json!(w.pcc_wm);
    w.app.post(&approvals).token(&w.secretary).json(&named).expect_problem(403, "forbidden");
    named["person_id"] = json!(w.pcc_wk);
    let agreed = w.app.post(&approvals).token(&w.secretary).json(&named).expect(201).json();
    let capacity = agreed["approvals"][1]["capacity"].as_str().unwrap_or_default();
    assert!(capacity.starts_with("PCC for Warwickshire (office holder"), "{capacity}");
    assert_eq!((agreed["agreed"].as_bool(), agreed["agreed_on"].as_str()), (Some(true), Some("2016-05-26")));

    // A deferred decision binds nobody, whatever approvals it has.
    let deferred = create(&w.app, &w.secretary, &decisions, historical("Estates", "3", "deferred"));
    let approvals = format!("/api/v1/decisions/{}/approvals", id(&deferred));
    w.app.post(&approvals).token(&w.secretary).json(&by_capacity).expect(201);
    let all = w.app.post(&approvals).token(&w.secretary).json(&named).expect(201).json();
    assert_eq!((all["agreed"].as_bool(), all["agreed_on"].as_str()), (Some(false), None));
    assert_eq!(all["approvals"].as_array().map(Vec::len), Some(2));
    // With no person named, the office itself must have existed on the day given (R-TM-01): once
    // the Warwickshire PCC ends, a capacity-only entry dated after that is refused, nothing stored.
    let office = format!("/api/v1/corporations-sole/{}", w.wk.pcc);
    let version = w.app.get(&office).token(&w.admin).send().expect(200).json()["version"].as_i64().unwrap_or_default();
    w.app
        .post(&format!("{office}/end"))
        .token(&w.admin)
        .if_match(version)
        .json(&json!({"ends_on": "2016-06-01"}))
        .expect(200);
    let later = create(&w.app, &w.secretary, &decisions, historical("Fleet", "4", "agreed"));
    let approvals = format!("/api/v1/decisions/{}/approvals", id(&later));
    let mut after_the_office = named.clone();
    after_the_office.as_object_mut().map(|o| o.remove("person_id"));
    after_the_office["approved_on"] = json!("2016-06-02");
    let refused = w.app.post(&approvals).token(&w.secretary).json(&after_the_office).expect_problem(422, "R-TM-01");
    assert_eq!(refused["errors"][0]["pointer"], "/approved_on");
    let stored = w.app.get(&format!("/api/v1/decisions/{}", id(&later))).token(&w.secretary).send().expect(200).json();
    assert_eq!(stored["approvals"], json!([]));
}

/// The audit events of one record, by action.
pub(crate) fn audited(w: &World, resource_type: &str, id: &str) -> Vec<String> {
    let path = format!("/api/v1/audit-events?resource_type={resource_type}&resource_id={id}&limit=200");
    let events = w.app.get(&path).token(&w.admin).send().expect(200).json();
    events["items"].as_array().into_iter().flatten().filter_map(|e| e["action"].as_str().map(String::from)).collect()
}

/// R-TM-06 (issue 14): a decision's outcome, an attendance entry, an action's due date and owners
/// are corrected with a dated reason kept as history and audited; a meeting entered in error is
/// voided, kept, and leaves the register; corrections that change nothing or give no reason are
/// refused.
fn corrections_are_dated_with_a_reason_and_kept_as_history(backend: Backend) {
    let w = world(backend);
    let b = id(&board(&w, false));
    let m = quorate_meeting(&w, &b, "2017-07-26");
    let decision =
        create(&w.app, &w.secretary, &format!("/api/v1/meetings/{m}/decisions"), decision_body(&w, "Option 3"));
    let approvals = format!("/api/v1/decisions/{}/approvals", id(&decision));
    for (token, cs) in [(&w.wm_approver, &w.wm.pcc), (&w.wk_approver, &w.wk.pcc)] {
        let body = json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "capacity": "PCC", "approved_on": "2017-07-26"});
        w.app.post(&approvals).token(token).json(&body).expect(201);
    }
    let path = format!("/api/v1/decisions/{}", id(&decision));
    let agreed = w.app.get(&path).token(&w.secretary).send().expect(200).json();
    assert_eq!((agreed["agreed"].as_bool(), agreed["version"].as_i64()), (Some(true), Some(3)));

    // The outcome: the minutes show it was deferred, so it is no longer agreed.
    let corrections = format!("{path}/outcome-corrections");
    let deferred =
        json!({"outcome": "deferred", "reason": "the minutes record it deferred", "corrected_on": "2017-08-30"});
    w.app.post(&corrections).token(&w.wm_approver).if_match(3).json(&deferred).expect_problem(403, "forbidden");
    let refused = w
        .app
        .post(&corrections)
        .token(&w.secretary)
        .if_match(3)
        .json(&json!({"outcome": "deferred", "reason": " "}))
        .expect_problem(422, "R-TM-06");
    assert_eq!(refused["errors"][0]["pointer"], "/reason");
    let mut future = deferred.clone();
    future["corrected_on"] = json!("2999-01-01");
    w.app.post(&corrections).token(&w.secretary).if_match(3).json(&future).expect_problem(422, "R-TM-01");
    let corrected = w.app.post(&corrections).token(&w.secretary).if_match(3).json(&deferred).expect(200).json();
    assert_eq!((corrected["outcome"].as_str(), corrected["agreed"].as_bool()), (Some("deferred"), Some(false)));
    assert_eq!(corrected["agreed_on"], Value::Null);
    let entry = &corrected["corrections"][0];
    assert_eq!(
        (entry["field"].as_str(), entry["previous"].as_str(), entry["corrected"].as_str()),
        (Some("outcome"), Some("agreed"), Some("deferred"))
    );
    assert_eq!(
        (entry["reason"].as_str(), entry["corrected_on"].as_str()),
        (Some("the minutes record it deferred"), Some("2017-08-30"))
    );
    w.app.post(&corrections).token(&w.secretary).if_match(4).json(&deferred).expect_problem(422, "R-TM-06");
    let back = json!({"outcome": "agreed", "reason": "the signed minutes say agreed after all"});
    let again = w.app.post(&corrections).token(&w.secretary).if_match(4).json(&back).expect(200).json();
    assert_eq!((again["agreed"].as_bool(), again["agreed_on"].as_str()), (Some(true), Some("2017-07-26")));
    assert_eq!(again["corrections"].as_array().map(Vec::len), Some(2), "both corrections are kept");
    let actions = audited(&w, "decision", &id(&decision));
    assert_eq!(actions.iter().filter(|a| *a == "correct_outcome").count(), 2, "{actions:?}");

    // Attendance: the Warwickshire PCC sent apologies, so the meeting was not quorate after all.
    let meeting_path = format!("/api/v1/meetings/{m}");
    let version =
        w.app.get(&meeting_path).token(&w.secretary).send().expect(200).json()["version"].as_i64().unwrap_or_default();
    let attendance = format!("{meeting_path}/attendance-corrections");
    let stranger = json!({"person_id": uuid::Uuid::now_v7(), "kind": "apologies", "reason": "x"});
    w.app
        .post(&attendance)
        .token(&w.secretary)
        .if_match(version)
        .json(&stranger)
        .expect_problem(422, "unknown_reference");
    let apologies =
        json!({"person_id": w.chair_wk, "kind": "apologies", "reason": "sent apologies; minuted as present in error"});
    let corrected_meeting =
        w.app.post(&attendance).token(&w.secretary).if_match(version).json(&apologies).expect(200).json();
    assert_eq!(corrected_meeting["quorum"]["quorate"], false);
    let entry = &corrected_meeting["corrections"][0];
    assert_eq!(
        (entry["previous"]["kind"].as_str(), entry["corrected"]["kind"].as_str()),
        (Some("present"), Some("apologies"))
    );
    assert!(audited(&w, "meeting", &m).contains(&"correct_attendance".to_string()));

    // An action's due date and owners.
    let action = create(
        &w.app,
        &w.secretary,
        &format!("{meeting_path}/actions"),
        json!({"text": "Report on mobile working", "due_on": "2017-09-27", "owners": [{"person_id": w.chair_wm}]}),
    );
    let action_path = format!("/api/v1/actions/{}/corrections", id(&action));
    let moved = json!({"due_on": "2017-10-25", "owners": [{"person_id": w.chair_wk}], "reason": "reassigned at the chair's request"});
    let corrected = w.app.post(&action_path).token(&w.secretary).if_match(1).json(&moved).expect(200).json();
    assert_eq!(
        (corrected["due_on"].as_str(), corrected["owners"][0]["person_id"].as_str()),
        (Some("2017-10-25"), Some(w.chair_wk.as_str()))
    );
    let fields: Vec<&str> =
        corrected["corrections"].as_array().into_iter().flatten().filter_map(|c| c["field"].as_str()).collect();
    assert_eq!(fields, ["due_on", "owners"]);
    assert_eq!(corrected["corrections"][1]["previous"][0]["person_id"], w.chair_wm.as_str());
    w.app.post(&action_path).token(&w.secretary).if_match(2).json(&moved).expect_problem(422, "R-TM-06");

    // A meeting entered in error: voided, kept, and out of the register with its decisions.
    let original = format!("/api/v1/meetings/{m}");
    let read = w.app.get(&original).token(&w.secretary).send().expect(200);
    let tag = read.header("etag").map(str::to_string).unwrap_or_default();
    w.app.get(&original).token(&w.secretary).header("If-None-Match", &tag).send().expect(304);
    let duplicate = id(&meeting(&w, &b, "2017-07-26"));
    // The original's warnings changed though its version did not: its tag changed with them, so a
    // client holding the old body is not told it is current.
    let reread = w.app.get(&original).token(&w.secretary).header("If-None-Match", &tag).send().expect(200).json();
    assert_eq!(reread["version"], read.json()["version"]);
    assert!(
        reread["warnings"].as_array().is_some_and(|w| w.len() > read.json()["warnings"].as_array().map_or(0, Vec::len)),
        "{reread}"
    );
    attend(&w, &duplicate, &w.chair_wm, "present", &w.wm.pcc);
    attend(&w, &duplicate, &w.chair_wk, "present", &w.wk.pcc);
    create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/meetings/{duplicate}/decisions"),
        decision_body(&w, "Entered twice"),
    );
    let register = |token: &str| {
        let list = w.app.get(&format!("/api/v1/boards/{b}/decisions")).token(token).send().expect(200).json();
        list["items"].as_array().into_iter().flatten().filter_map(|d| d["number"].as_i64()).collect::<Vec<_>>()
    };
    assert_eq!(register(&w.secretary), vec![1, 2]);
    let void_path = format!("/api/v1/meetings/{duplicate}/void");
    let version = w.app.get(&format!("/api/v1/meetings/{duplicate}")).token(&w.secretary).send().expect(200).json()
        ["version"]
        .as_i64()
        .unwrap_or_default();
    let voided = w
        .app
        .post(&void_path)
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"reason": "entered twice"}))
        .expect(200)
        .json();
    assert_eq!(voided["status"], "void");
    assert_eq!(voided["corrections"][0]["previous"], "scheduled");
    assert_eq!(
        register(&w.secretary),
        vec![1],
        "the void meeting's decision left the register; its number is not reused"
    );
    w.app.get(&format!("/api/v1/meetings/{duplicate}")).token(&w.secretary).send().expect(200);
    w.app
        .post(&format!("/api/v1/meetings/{duplicate}/decisions"))
        .token(&w.secretary)
        .json(&decision_body(&w, "Another"))
        .expect_problem(409, "conflict");
    w.app
        .post(&void_path)
        .token(&w.secretary)
        .if_match(version + 1)
        .json(&json!({"reason": "again"}))
        .expect_problem(409, "conflict");
    assert!(audited(&w, "meeting", &duplicate).contains(&"void".to_string()));
}

on_both_backends!(
    corrections_are_dated_with_a_reason_and_kept_as_history,
    a_secretary_records_decisions_and_approvals_from_a_published_paper,
    an_owner_that_had_ended_does_not_count_towards_quorum,
    a_named_deputy_approves_a_decision_only_under_a_delegation_in_force,
    records_follow_their_issuers_reference_scheme,
    lists_return_exactly_what_each_caller_may_see,
    meetings_record_declarations_next_meetings_and_a_counted_quorum,
    boards_are_created_renamed_and_keep_terms_of_reference_and_memberships,
    decisions_need_a_quorate_meeting_and_every_required_approval,
    two_decisions_created_at_once_get_different_numbers,
    exempt_items_need_sections_and_reasons_and_show_only_their_shell_outside,
    minutes_are_approved_later_signed_by_both_co_chairs_and_published,
    actions_have_owners_updates_and_carry_forward_until_closed,
    exempt_decisions_show_their_shell_and_non_members_see_only_agreed_ones,
    a_register_page_shows_every_change_and_only_its_readers_view,
    records_of_decision_are_signed_by_each_decider_then_published,
    records_of_decision_filter_by_text_dates_interest_and_status,
    a_public_boards_calendar_is_valid_icalendar_and_private_ones_need_membership,
    malformed_board_input_is_a_problem_and_writes_nothing,
);
