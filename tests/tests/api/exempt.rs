//! R-PB-03 (issue 14): exempt content is for people with a need to know. Every role, in a member
//! organisation and outside, against each kind of exempt content: an exempt decision's subject, an
//! exempt agenda item, a Part 2 paper, the Part 2 of a record of decision, a question on an exempt
//! item.

use governance_tests::{on_both_backends, Backend};
use serde_json::{json, Value};

use crate::boards::{board, decision_body, quorate_meeting, world, World, PAPER};
use crate::fixtures::*;

const EXEMPT: &str = r#"{"level": "exempt", "foi_sections": ["s43"], "reason": "Commercial interests"}"#;

/// The exempt records of one public board and one record of decision.
struct Exempt {
    board: String,
    decision: String,
    item: String,
    paper_item: String,
    record: String,
    question: String,
}

fn exempt_records(w: &World) -> Exempt {
    let exempt: Value = serde_json::from_str(EXEMPT).unwrap_or_default();
    let b = id(&board(w, true));
    let m = quorate_meeting(w, &b, "2017-07-26");
    let items = format!("/api/v1/meetings/{m}/agenda-items");
    let item = id(&create(
        &w.app,
        &w.secretary,
        &items,
        json!({"label": "7", "title": "Transactional services", "presenter": "Richard Elkin", "disclosure": exempt, "title_withheld": true}),
    ));
    let paper_item = id(&create(&w.app, &w.secretary, &items, json!({"label": "8", "title": "Fleet"})));
    create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/agenda-items/{paper_item}/papers"),
        json!({"title": "Fleet costs (Part 2)", "version_label": "v1", "uri": "https://example.org/part2.pdf",
               "sha256": PAPER, "dated_on": "2017-07-20", "disclosure": exempt}),
    );
    let mut body = decision_body(w, "Preferred supplier: Supplier X");
    body["disclosure"] = exempt.clone();
    let decision = id(&create(&w.app, &w.secretary, &format!("/api/v1/meetings/{m}/decisions"), body));
    for (token, cs) in [(&w.wm_approver, &w.wm.pcc), (&w.wk_approver, &w.wk.pcc)] {
        let approved = w
            .app
            .post(&format!("/api/v1/decisions/{decision}/approvals"))
            .token(token)
            .json(&json!({"corporation_sole_id": cs, "person_id": w.holder(cs), "capacity": "PCC", "approved_on": "2017-07-26"}))
            .expect(201)
            .json();
        // The answer to a write shows what a read would: an approver the board has not granted
        // exempt access approves the decision without reading its subject (R-PB-03).
        assert_eq!((approved["subject"].clone(), approved["redacted"].clone()), (Value::Null, json!(true)));
    }
    let question = id(&create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/meetings/{m}/questions"),
        json!({"agenda_item_id": item, "asked_by_person_id": w.pcc_wm, "put_to_corporation_sole_id": w.wm.chief_constable,
               "topic": "Supplier", "text": "Which supplier offered the lowest price?"}),
    ));
    let record = id(&create(
        &w.app,
        &w.secretary,
        "/api/v1/records-of-decision",
        json!({"issuing_corporation_sole_id": w.wm.pcc, "reference": "PCC/D/2017/07", "title": "Fleet",
               "summary": "Fleet contract", "deciders": [{"corporation_sole_id": w.wm.pcc}, {"corporation_sole_id": w.wk.pcc}],
               "part_two": {"text": "Supplier X's price", "foi_sections": ["s43"], "reason": "Commercial interests"}}),
    ));
    Exempt { board: b, decision, item, paper_item, record, question }
}

/// Which exempt content the caller sees, in the order of [`Exempt`]'s kinds; `None` where the
/// record itself is hidden from the caller.
fn seen(w: &World, e: &Exempt, token: Option<&str>) -> Vec<Option<bool>> {
    let get = |path: String| {
        let mut request = w.app.get(&path);
        if let Some(token) = token {
            request = request.token(token);
        }
        let response = request.send();
        match response.status {
            200 => Some(response.json()),
            404 => None,
            other => panic!("{path}: {other} {}", response.text),
        }
    };
    vec![
        get(format!("/api/v1/decisions/{}", e.decision)).map(|d| d["subject"].is_string()),
        get(format!("/api/v1/agenda-items/{}", e.item)).map(|i| i["presenter"].is_string()),
        get(format!("/api/v1/agenda-items/{}", e.paper_item)).map(|i| i["papers"][0]["uri"].is_string()),
        get(format!("/api/v1/records-of-decision/{}", e.record)).map(|r| r["part_two"]["text"].is_string()),
        get(format!("/api/v1/questions/{}", e.question)).map(|q| q["text"].is_string()),
    ]
}

/// Every role in a member organisation, in another organisation and on the platform; a board member
/// in person; anonymous. Then the board widens its grant to approvers.
fn exempt_content_is_for_granted_roles_and_board_members_only(backend: Backend) {
    let w = world(backend);
    let e = exempt_records(&w);
    let all = vec![Some(true); 5];
    let shell = vec![Some(false); 5];
    // Outside the board's organisations the record of decision is a draft (hidden) and the question's
    // minutes are unpublished (hidden); the board's agreed records show their shell.
    let outside = vec![Some(false), Some(false), Some(false), None, None];
    for role in ["reader", "contributor", "secretary", "approver", "org_admin"] {
        let member = w.app.token(&w.wm.opcc_slug, &[role]);
        let expected = match role {
            "secretary" => all.clone(),
            // The Part 2 of a record is also for those who sign it.
            "approver" => vec![Some(false), Some(false), Some(false), Some(true), Some(false)],
            _ => shell.clone(),
        };
        assert_eq!(seen(&w, &e, Some(&member)), expected, "{role} of a member organisation");
        let stranger = w.app.token("essex-opcc", &[role]);
        assert_eq!(seen(&w, &e, Some(&stranger)), outside, "{role} of another organisation");
    }
    assert_eq!(seen(&w, &e, None), outside, "anonymous");
    let platform = seen(&w, &e, Some(&w.admin));
    assert_eq!(platform, shell, "the platform administers; it does not need to know");

    // A board member in person sees the board's exempt content with any role of a member
    // organisation (not the record of decision, which is no board's).
    let mut claims = w.app.claims(&w.wk.opcc_slug, &["reader"]);
    claims["person_id"] = json!(w.chair_wk);
    let member_in_person = w.app.sign(&claims);
    assert_eq!(seen(&w, &e, Some(&member_in_person)), shell, "not yet a member");
    create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/boards/{}/memberships", e.board),
        json!({"person_id": w.chair_wk, "role": "member", "corporation_sole_id": w.wk.pcc, "starts_on": "2016-05-26"}),
    );
    assert_eq!(
        seen(&w, &e, Some(&member_in_person)),
        vec![Some(true), Some(true), Some(true), Some(false), Some(true)]
    );
    // A membership held through a post counts for whoever holds the post today.
    let officer = person(&w.app, &w.admin, "Policy Officer");
    let post_id = post(&w.app, &w.admin, &w.wk.opcc, "Policy Officer", &[], true);
    create(
        &w.app,
        &w.admin,
        "/api/v1/appointments",
        json!({"person_id": officer, "post_id": post_id, "basis": "substantive", "starts_on": "2016-01-01"}),
    );
    let mut claims = w.app.claims(&w.wk.opcc_slug, &["reader"]);
    claims["person_id"] = json!(officer);
    let by_post = w.app.sign(&claims);
    assert_eq!(seen(&w, &e, Some(&by_post)), shell);
    create(
        &w.app,
        &w.secretary,
        &format!("/api/v1/boards/{}/memberships", e.board),
        json!({"post_id": post_id, "role": "attendee", "corporation_sole_id": w.wk.pcc, "starts_on": "2016-05-26"}),
    );
    assert_eq!(seen(&w, &e, Some(&by_post)), vec![Some(true), Some(true), Some(true), Some(false), Some(true)]);

    // The board grants approvers too; a platform role cannot be granted.
    let path = format!("/api/v1/boards/{}", e.board);
    let version =
        w.app.get(&path).token(&w.secretary).send().expect(200).json()["version"].as_i64().unwrap_or_default();
    let refused = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"exempt_access_roles": ["secretary", "system_admin"]}))
        .expect_problem(422, "R-PB-03");
    assert_eq!(refused["errors"][0]["pointer"], "/exempt_access_roles/1");
    let widened = w
        .app
        .patch(&path)
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"exempt_access_roles": ["secretary", "approver"]}))
        .expect(200)
        .json();
    assert_eq!(widened["exempt_access_roles"], json!(["secretary", "approver"]));
    assert_eq!(seen(&w, &e, Some(&w.wk_approver)), all);
    assert_eq!(seen(&w, &e, Some(&w.app.token(&w.wm.opcc_slug, &["reader"]))), shell);
}

/// R-PB-03: an exempt item's title, withheld by the secretary, shows only with exempt access (as do the
/// topics of questions under it); a public item has no title to withhold.
fn a_withheld_title_shows_only_with_exempt_access(backend: Backend) {
    let w = world(backend);
    let e = exempt_records(&w);
    let item = format!("/api/v1/agenda-items/{}", e.item);
    let title = |token: Option<&str>| {
        let mut request = w.app.get(&item);
        if let Some(token) = token {
            request = request.token(token);
        }
        request.send().expect(200).json()["title"].clone()
    };
    let reader = w.app.token(&w.wm.opcc_slug, &["reader"]);
    assert_eq!(title(Some(&w.secretary)), "Transactional services");
    for caller in [Some(reader.as_str()), Some(w.outsider.as_str()), None] {
        assert_eq!(title(caller), "Exempt item (title withheld)");
    }
    let question = format!("/api/v1/questions/{}", e.question);
    assert_eq!(w.app.get(&question).token(&reader).send().expect(200).json()["topic"], Value::Null);
    assert_eq!(w.app.get(&question).token(&w.secretary).send().expect(200).json()["topic"], "Supplier");
    let public = format!("/api/v1/agenda-items/{}", e.paper_item);
    let version =
        w.app.get(&public).token(&w.secretary).send().expect(200).json()["version"].as_i64().unwrap_or_default();
    let refused = w
        .app
        .patch(&public)
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"title_withheld": true}))
        .expect_problem(422, "R-PB-03");
    assert_eq!(refused["errors"][0]["pointer"], "/title_withheld");
    assert_eq!(w.app.get(&public).token(&w.secretary).send().expect(200).json()["title_withheld"], false);
}

on_both_backends!(
    exempt_content_is_for_granted_roles_and_board_members_only,
    a_withheld_title_shows_only_with_exempt_access
);
