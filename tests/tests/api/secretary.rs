//! The board secretary's record (issue 14): meetings known only by their date, the warning for a
//! meeting entered twice, and people named in a paper registered by the secretary.

use governance_tests::{on_both_backends, Backend};
use serde_json::{json, Value};

use crate::boards::{audited, board, meeting, world, World};
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
    let refused = w.app.post(&attendees).token(&w.secretary).json(&unknown).expect_problem(422, "validation.failed");
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

on_both_backends!(
    a_meeting_known_only_by_its_date_is_valid_and_a_second_that_day_warns,
    a_secretary_registers_people_a_paper_names_with_their_attendance,
);
