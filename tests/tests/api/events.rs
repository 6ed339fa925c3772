//! The change feed: commit order, cursors, type filters, and only what the caller may see.

use std::collections::BTreeSet;

use governance_tests::{on_both_backends, Backend, TestApp};
use serde_json::{json, Value};

use crate::fixtures::{app, area, create, person, post};

fn the_change_feed_lists_visible_changes_in_order(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let kent = area(&app, &admin, "kent");
    let wm_admin = app.token(&wm.opcc_slug, &["org_admin"]);
    let internal = post(&app, &wm_admin, &wm.opcc, "Staff Officer", &[], false);
    let someone = person(&app, &wm_admin, "Someone");
    create(
        &app,
        &wm_admin,
        "/api/v1/appointments",
        json!({"person_id": someone, "post_id": internal, "starts_on": "2020-01-01"}),
    );
    let force = format!("/api/v1/forces/{}", wm.force);
    app.patch(&force).token(&admin).if_match(1).json(&json!({"name": "West Mercia Police Service"})).expect(200);

    // Everyone sees the public registry's changes, in commit order, with versions.
    let outsider = app.token(&kent.opcc_slug, &["reader"]);
    let feed = app.get("/api/v1/events?limit=200").token(&outsider).send().expect(200).json();
    let items = feed["items"].as_array().cloned().unwrap_or_default();
    let sequences: Vec<i64> = items.iter().filter_map(|e| e["sequence"].as_i64()).collect();
    assert!(sequences.windows(2).all(|w| w[0] < w[1]), "{sequences:?}");
    let updated = items.iter().find(|e| e["event_type"] == "force.updated").cloned().unwrap_or_default();
    assert_eq!(updated["resource_id"], wm.force.as_str());
    assert_eq!(updated["version"], 2);
    // Another organisation never sees events about West Mercia's internal post or its holder.
    assert!(!feed.to_string().contains(&internal), "an internal post leaked into another organisation's feed");
    let own = app.get("/api/v1/events?limit=200").token(&wm_admin).send().expect(200).json();
    assert!(own.to_string().contains(&internal));
    let anonymous = app.get("/api/v1/events?limit=200").send().expect(200).json();
    assert!(!anonymous.to_string().contains(&internal));

    // Filters by type, and pages by cursor without repeats or gaps.
    let only = app.get("/api/v1/events?types=force.updated").token(&outsider).send().expect(200).json();
    assert_eq!(only["items"].as_array().map(Vec::len), Some(1));
    // A name that is no event type (no `<resource>.<past tense>`) matches nothing, and the cursor moves
    // to the end of the feed so a poller does not scan the history again.
    let nothing = app.get("/api/v1/events?types=force").token(&outsider).send().expect(200).json();
    assert_eq!((nothing["items"].clone(), nothing["has_more"].clone()), (json!([]), json!(false)), "{nothing}");
    let head = app.get("/api/v1/events?limit=200").token(&app.admin()).send().expect(200).json();
    assert_eq!(head["has_more"], json!(false), "the whole feed on one page: {head}");
    let last = head["items"].as_array().and_then(|items| items.last()).map(|e| e["sequence"].to_string());
    assert_eq!(nothing["next_cursor"].as_str().map(String::from), last, "{nothing}");
    let mut seen = Vec::new();
    let mut path = "/api/v1/events?limit=3".to_string();
    let last_cursor = loop {
        let page = app.get(&path).token(&wm_admin).send().expect(200).json();
        seen.extend(page["items"].as_array().into_iter().flatten().filter_map(|e| e["sequence"].as_i64()));
        let cursor = page["next_cursor"].as_str().unwrap_or_else(|| panic!("every feed page has a cursor: {page}"));
        if page["has_more"] == false {
            break cursor.to_string();
        }
        path = format!("/api/v1/events?limit=3&after={cursor}");
    };
    let all: Vec<i64> = own["items"].as_array().into_iter().flatten().filter_map(|e| e["sequence"].as_i64()).collect();
    assert_eq!(seen, all);
    // Issue 18: the last page's cursor resumes exactly after it: nothing now, then only what is new.
    let resume = format!("/api/v1/events?after={last_cursor}");
    let quiet = app.get(&resume).token(&wm_admin).send().expect(200).json();
    assert_eq!((quiet["items"].clone(), quiet["has_more"].clone()), (json!([]), json!(false)));
    assert_eq!(quiet["next_cursor"], last_cursor.as_str(), "an empty page keeps the cursor it was given");
    app.patch(&force).token(&admin).if_match(2).json(&json!({"name": "West Mercia Police"})).expect(200);
    let fresh = app.get(&resume).token(&wm_admin).send().expect(200).json();
    let types: Vec<&str> =
        fresh["items"].as_array().into_iter().flatten().filter_map(|e| e["event_type"].as_str()).collect();
    assert_eq!(types, ["force.updated"]);
    assert_eq!(fresh["has_more"], false);
    app.get("/api/v1/events?after=%%%").send().expect_problem(400, "validation.failed");
    // A position is digits only, at most 18 of them, as the document declares: a sign or one digit
    // too many is refused, naming `after` (a `-1` had restarted the feed from its beginning).
    for after in ["-1", "%2B5", "1234567890123456789"] {
        let problem = app.get(&format!("/api/v1/events?after={after}")).send().expect_problem(400, "validation.failed");
        assert_eq!(problem["errors"][0]["pointer"], "/query/after", "{after}");
    }
}

/// Issue 18: for what is recorded at board meetings and for records of decision, the feed shows each
/// caller exactly the records it may read: an event reaches a caller when, and only when, a GET of its
/// record answers that caller 200 (a public board's meetings and agreed decisions reach everyone; a
/// private board's only its members; a published record of decision everyone).
fn the_feed_shows_board_records_and_records_of_decision_as_their_reads_do(backend: Backend) {
    let app = governance_tests::spawn(backend, governance_tests::Options { demo: true, ..Default::default() });
    let member = app.token("west-mercia-opcc", &["reader"]);
    let outsider = app.token("derbyshire-opcc", &["reader"]);
    let admin = app.admin();
    let read_path = |kind: &str, id: &str| -> Option<String> {
        let collection = match kind {
            "meeting" => "meetings",
            "agenda_item" => "agenda-items",
            "decision" => "decisions",
            "minutes" => "minutes",
            "action" => "actions",
            "question" => "questions",
            "record_of_decision" => "records-of-decision",
            _ => return None,
        };
        Some(format!("/api/v1/{collection}/{id}"))
    };
    let records: BTreeSet<(String, String)> = every_item(&app, Some(&admin), "/api/v1/events", "after")
        .iter()
        .filter_map(|e| Some((e["resource_type"].as_str()?.to_string(), e["resource_id"].as_str()?.to_string())))
        .filter(|(kind, id)| read_path(kind, id).is_some())
        .collect();
    let kinds: BTreeSet<&str> = records.iter().map(|(kind, _)| kind.as_str()).collect();
    assert!(
        ["meeting", "decision", "minutes", "action", "record_of_decision"].iter().all(|k| kinds.contains(k)),
        "the demo records changes of each kind: {kinds:?}"
    );
    let mut outcomes = BTreeSet::new();
    for (caller, token) in
        [("member", Some(member.as_str())), ("outsider", Some(outsider.as_str())), ("anonymous", None)]
    {
        let feed = every_item(&app, token, "/api/v1/events", "after");
        let in_feed: BTreeSet<String> =
            feed.iter().filter_map(|e| e["resource_id"].as_str().map(String::from)).collect();
        for (kind, id) in &records {
            let path = read_path(kind, id).unwrap_or_default();
            let mut request = app.get(&path);
            if let Some(token) = token {
                request = request.token(token);
            }
            let response = request.send();
            let status = response.status;
            assert!(status == 200 || status == 404, "{caller} GET {path}: {status}");
            let readable = status == 200;
            // Issue 18: each event carries the record exactly as the caller's read shows it.
            if readable {
                let read = response.json();
                for event in feed.iter().filter(|e| e["resource_id"] == id.as_str()) {
                    assert_eq!(event["resource"], read, "{caller}: the event's {kind} {id} is not its read");
                }
            }
            assert_eq!(
                in_feed.contains(id),
                readable,
                "{caller}: {kind} {id} readable {readable} but in the feed {}",
                !readable
            );
            outcomes.insert((caller, kind.clone(), readable));
        }
    }
    // The comparison met both answers: records some callers may read and others may not.
    assert!(outcomes.iter().any(|(caller, _, readable)| *caller == "anonymous" && *readable), "{outcomes:?}");
    assert!(outcomes.iter().any(|(caller, _, readable)| *caller == "outsider" && !*readable), "{outcomes:?}");
}

/// Issue 18: an export streams, as NDJSON, exactly what each caller's list shows of a kind, and its
/// `Feed-Cursor` is where the feed goes on from: a change made before the export is in it and not
/// after the cursor, a change made after is after the cursor.
fn an_export_is_the_callers_list_and_the_feed_follows_on_from_its_cursor(backend: Backend) {
    let app = governance_tests::spawn(backend, governance_tests::Options { demo: true, ..Default::default() });
    let member = app.token("west-mercia-opcc", &["reader"]);
    let outsider = app.token("derbyshire-opcc", &["reader"]);
    let kinds = [
        ("collaboration-agreements", "/api/v1/collaboration-agreements"),
        ("boards", "/api/v1/boards"),
        ("actions", "/api/v1/actions"),
        ("records-of-decision", "/api/v1/records-of-decision"),
        ("delegations", "/api/v1/delegations"),
        ("schemes", "/api/v1/schemes"),
        ("forces", "/api/v1/forces"),
        ("corporations-sole", "/api/v1/corporations-sole"),
        ("organisations", "/api/v1/organisations"),
        ("people", "/api/v1/people"),
        ("posts", "/api/v1/posts"),
        ("appointments", "/api/v1/appointments"),
        ("interests", "/api/v1/interests"),
        ("gifts-and-hospitality", "/api/v1/gifts-and-hospitality"),
    ];
    let export = |kind: &str, token: Option<&str>| {
        let mut request = app.get(&format!("/api/v1/exports/{kind}"));
        if let Some(token) = token {
            request = request.token(token);
        }
        request.send()
    };
    let mut differs = false;
    for (kind, list) in kinds {
        let mut sizes = Vec::new();
        for token in [Some(member.as_str()), Some(outsider.as_str()), None] {
            let listed = every_item(&app, token, list, "cursor");
            let response = export(kind, token);
            if response.status != 200 {
                // A list the caller may not read is refused alike.
                let mut request = app.get(list);
                if let Some(token) = token {
                    request = request.token(token);
                }
                assert_eq!(request.send().status, response.status, "{kind}: {}", response.text);
                continue;
            }
            assert!(response.header("content-type").unwrap_or_default().starts_with("application/x-ndjson"));
            assert!(response.header("feed-cursor").and_then(|c| c.parse::<i64>().ok()).is_some(), "{kind}");
            let exported: Vec<Value> = response
                .text
                .lines()
                .map(|line| {
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{kind}: not a JSON line {line:?}: {e}"))
                })
                .collect();
            assert_eq!(exported, listed, "{kind}: the export is not what the list shows this caller");
            sizes.push(exported.len());
        }
        differs |= sizes.windows(2).any(|w| w[0] != w[1]);
        assert!(sizes.iter().any(|n| *n > 0), "the demo has {kind}");
    }
    assert!(differs, "some kind is seen differently by different callers");

    // The feed follows on from the export's cursor, with no gap and no duplicate.
    let admin = app.admin();
    let force = every_item(&app, Some(&admin), "/api/v1/forces", "cursor")[0].clone();
    let path = format!("/api/v1/forces/{}", force["id"].as_str().unwrap_or_default());
    let version = force["version"].as_i64().unwrap_or_default();
    let renamed =
        app.patch(&path).token(&admin).if_match(version).json(&json!({"name": "Before the export"})).expect(200).json();
    let snapshot = export("forces", None).expect(200);
    let cursor = snapshot.header("feed-cursor").unwrap_or_default().to_string();
    assert!(snapshot.text.contains("Before the export"));
    let version = renamed["version"].as_i64().unwrap_or_default();
    app.patch(&path).token(&admin).if_match(version).json(&json!({"name": "After the export"})).expect(200);
    let after = app.get(&format!("/api/v1/events?after={cursor}")).send().expect(200).json();
    let versions: Vec<i64> = after["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["resource_id"] == force["id"])
        .filter_map(|e| e["version"].as_i64())
        .collect();
    assert_eq!(versions, [version + 1], "only the change made after the export follows its cursor");
    export("minutes", Some(&member)).expect_problem(404, "not_found");
}

/// Issue 18: names of staff in posts their organisation does not publish (the PA to the Chief
/// Executive in seed 000) are not shown to anonymous callers, in the people list, their read or the
/// feed; office holders and holders of public posts are; signed-in callers see everyone.
fn anonymous_callers_see_only_people_in_offices_or_public_posts(backend: Backend) {
    let app = governance_tests::spawn(backend, governance_tests::Options { demo: true, ..Default::default() });
    let reader = app.token("derbyshire-opcc", &["reader"]);
    let names = |token: Option<&str>| -> Vec<String> {
        every_item(&app, token, "/api/v1/people", "cursor")
            .iter()
            .filter_map(|p| p["full_name"].as_str().map(String::from))
            .collect()
    };
    let (public, signed_in) = (names(None), names(Some(&reader)));
    for name in ["John Campion", "Andy Champness", "Tracey Onslow"] {
        assert!(public.iter().any(|n| n == name), "{name} holds an office or a public post");
    }
    assert!(signed_in.iter().any(|n| n == "Alison Rixom"), "signed-in callers see staff");
    assert!(!public.iter().any(|n| n == "Alison Rixom"), "the PA's name is not published");
    assert!(public.len() < signed_in.len());
    let pa = every_item(&app, Some(&reader), "/api/v1/people", "cursor")
        .into_iter()
        .find(|p| p["full_name"] == "Alison Rixom")
        .unwrap_or_default();
    let path = format!("/api/v1/people/{}", pa["id"].as_str().unwrap_or_default());
    app.get(&path).send().expect_problem(404, "not_found");
    app.get(&path).token(&reader).send().expect(200);
    let feed = every_item(&app, None, "/api/v1/events", "after");
    assert!(!feed.iter().any(|e| e["resource_id"] == pa["id"]), "the feed follows the read");
    assert!(every_item(&app, Some(&reader), "/api/v1/events", "after").iter().any(|e| e["resource_id"] == pa["id"]));
}

/// Every item of a list or of the feed, following its cursors (`cursor` for lists, `after` for the feed).
fn every_item(app: &TestApp, token: Option<&str>, path: &str, cursor: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let page_path = match &next {
            Some(at) => format!("{path}?limit=200&{cursor}={at}"),
            None => format!("{path}?limit=200"),
        };
        let mut request = app.get(&page_path);
        if let Some(token) = token {
            request = request.token(token);
        }
        let page = request.send().expect(200).json();
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        // The feed always answers a cursor and says whether more follow; a list's cursor ends it.
        let more = page.get("has_more").map_or(!page["next_cursor"].is_null(), |m| m == true);
        match page["next_cursor"].as_str() {
            Some(at) if more => next = Some(at.to_string()),
            _ => return items,
        }
    }
}

/// The feed (and so the webhook worker) and the lists filter through the same visibility
/// predicates: for each caller, the posts, appointments, agreements and boards whose changes it
/// sees in the feed are exactly those its lists show.
fn the_feed_shows_each_caller_what_its_lists_show(backend: Backend) {
    let app = governance_tests::spawn(backend, governance_tests::Options { demo: true, ..Default::default() });
    let member = app.token("west-mercia-opcc", &["reader"]);
    let outsider = app.token("derbyshire-opcc", &["reader"]);
    let lists = [
        ("post", "/api/v1/posts"),
        ("appointment", "/api/v1/appointments"),
        ("collaboration_agreement", "/api/v1/collaboration-agreements"),
        ("board", "/api/v1/boards"),
    ];
    // Records that have changes at all (the demo loader may write some without an audit event).
    let admin = app.admin();
    let changed: BTreeSet<String> = every_item(&app, Some(&admin), "/api/v1/events", "after")
        .iter()
        .filter_map(|e| e["resource_id"].as_str().map(String::from))
        .collect();
    let mut seen_by = Vec::new();
    for (caller, token) in
        [("member", Some(member.as_str())), ("outsider", Some(outsider.as_str())), ("anonymous", None)]
    {
        let feed = every_item(&app, token, "/api/v1/events", "after");
        let mut seen = BTreeSet::new();
        for (kind, path) in lists {
            let in_feed: BTreeSet<String> = feed
                .iter()
                .filter(|e| e["resource_type"] == kind)
                .filter_map(|e| e["resource_id"].as_str().map(String::from))
                .collect();
            let listed: BTreeSet<String> = every_item(&app, token, path, "cursor")
                .iter()
                .filter_map(|r| r["id"].as_str().map(String::from))
                .filter(|id| changed.contains(id))
                .collect();
            assert_eq!(in_feed, listed, "{caller}: the {kind} changes in the feed and the {kind} list differ");
            seen.extend(listed.into_iter().map(|id| (kind, id)));
        }
        seen_by.push(seen);
    }
    // The three callers see different things, so the comparison above tested each branch.
    assert!(seen_by[0].is_superset(&seen_by[2]) && seen_by[0] != seen_by[2], "a member sees more than the public");
    assert!(seen_by[1].is_superset(&seen_by[2]) && seen_by[0] != seen_by[1], "a member sees what others do not");
}

/// How many of the feed's events (as `token` sees it) are about the record `id`.
fn events_about(app: &TestApp, token: Option<&str>, id: &str) -> usize {
    every_item(app, token, "/api/v1/events", "after").iter().filter(|e| e["resource_id"] == id).count()
}

/// Issue 18: the feed reads a caller's events from the audiences kept with them. A change of a
/// record's visibility reaches its whole history at once, and the records it keeps: a post's
/// appointments, a board's meetings.
fn a_change_of_visibility_reaches_the_whole_history_in_the_feed(backend: Backend) {
    let w = crate::boards::world(backend);
    let app = &w.app;
    let org_admin = app.token(&w.wm.opcc_slug, &["org_admin"]);
    let outsider = app.token(&w.wk.opcc_slug, &["reader"]);
    let internal = post(app, &org_admin, &w.wm.opcc, "Staff Officer", &[], false);
    let someone = person(app, &org_admin, "Someone");
    let appointment = crate::fixtures::id(&create(
        app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": someone, "post_id": internal, "starts_on": "2020-01-01"}),
    ));
    for token in [None, Some(outsider.as_str())] {
        assert_eq!(events_about(app, token, &internal), 0, "an internal post is its organisation's");
        assert_eq!(events_about(app, token, &appointment), 0);
    }
    assert_eq!(events_about(app, Some(&org_admin), &internal), 1);
    assert_eq!(events_about(app, Some(&org_admin), &appointment), 1);
    let path = format!("/api/v1/posts/{internal}");
    app.patch(&path).token(&org_admin).if_match(1).json(&json!({"public": true})).expect(200);
    for token in [None, Some(outsider.as_str())] {
        assert_eq!(events_about(app, token, &internal), 2, "the post's creation is public now too");
        assert_eq!(events_about(app, token, &appointment), 1, "its appointments follow the post");
    }
    app.patch(&path).token(&org_admin).if_match(2).json(&json!({"public": false})).expect(200);
    assert_eq!(events_about(app, None, &internal), 0, "withdrawn again, from the whole history");
    assert_eq!(events_about(app, None, &appointment), 0);
    assert_eq!(events_about(app, Some(&org_admin), &internal), 3);

    // A private board's meeting reaches the public when the board is made public.
    let board = crate::boards::board(&w, false);
    let board_id = crate::fixtures::id(&board);
    let meeting = crate::fixtures::id(&crate::boards::meeting(&w, &board_id, "2016-03-01"));
    assert_eq!(events_about(app, None, &meeting), 0);
    assert_eq!(events_about(app, Some(&w.outsider), &meeting), 0);
    assert_eq!(events_about(app, Some(&outsider), &meeting), 1, "every owner's organisation sees it");
    let version = board["version"].as_i64().unwrap_or(1);
    app.patch(&format!("/api/v1/boards/{board_id}"))
        .token(&w.secretary)
        .if_match(version)
        .json(&json!({"public": true}))
        .expect(200);
    assert_eq!(events_about(app, None, &meeting), 1, "the board's meetings follow the board");
    assert_eq!(events_about(app, Some(&w.outsider), &meeting), 1);
    assert_eq!(events_about(app, None, &board_id), 2);
}

on_both_backends!(
    the_change_feed_lists_visible_changes_in_order,
    the_feed_shows_board_records_and_records_of_decision_as_their_reads_do,
    an_export_is_the_callers_list_and_the_feed_follows_on_from_its_cursor,
    anonymous_callers_see_only_people_in_offices_or_public_posts,
    the_feed_shows_each_caller_what_its_lists_show,
    a_change_of_visibility_reaches_the_whole_history_in_the_feed
);
