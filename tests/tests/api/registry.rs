//! The registry: each operation's success path, `as_of`, R-OR-01/02, and access across organisations.

use governance_tests::{on_both_backends, Backend};
use serde_json::json;

use crate::fixtures::*;

fn forces_are_created_read_listed_updated_and_ended(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let created = app
        .post("/api/v1/forces")
        .token(&admin)
        .json(&json!({"slug": "west-mercia", "name": "West Mercia Police", "police_area": "West Mercia"}))
        .expect(201);
    assert!(created.header("etag").is_some_and(|t| t.starts_with("\"1-")), "{:?}", created.headers);
    let force = created.json();
    let location = created.header("location").unwrap_or_default().to_string();
    assert_eq!(location, format!("/api/v1/forces/{}", id(&force)));

    let read = app.get(&location).send().expect(200);
    assert_eq!(read.json()["slug"], "west-mercia");
    // The tag of the answer to the creation is the representation's: a GET of the same bytes is not modified.
    let tag = created.header("etag").unwrap_or_default();
    assert_eq!(read.header("etag"), Some(tag));
    app.get(&location).header("If-None-Match", tag).send().expect(304);

    let listed = app.get("/api/v1/forces?q=mercia").send().expect(200).json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.get("/api/v1/forces?q=nowhere").send().expect(200).json()["items"], json!([]));

    let updated =
        app.patch(&location).token(&admin).if_match(1).json(&json!({"name": "West Mercia Constabulary"})).expect(200);
    assert!(updated.header("etag").is_some_and(|t| t.starts_with("\"2-")), "{:?}", updated.headers);
    assert_eq!(updated.json()["name"], "West Mercia Constabulary");

    let ended = app
        .post(&format!("{location}/end"))
        .token(&admin)
        .if_match(2)
        .json(&json!({"ends_on": "2030-03-31"}))
        .expect(200)
        .json();
    assert_eq!(ended["ends_on"], "2030-03-31");
    assert_eq!(ended["version"], 3);
    // Ended, not deleted: history still resolves.
    app.get(&location).send().expect(200);
}

fn lists_paginate_by_cursor_without_repeats(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    for n in 0..5 {
        create(
            &app,
            &admin,
            "/api/v1/forces",
            json!({"slug": format!("force-{n}"), "name": format!("Force {n}"), "police_area": "A"}),
        );
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/forces?limit=2".to_string();
    loop {
        let page = app.get(&path).send().expect(200).json();
        for item in page["items"].as_array().into_iter().flatten() {
            seen.push(item["slug"].as_str().unwrap_or_default().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/forces?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, vec!["force-0", "force-1", "force-2", "force-3", "force-4"]);
}

fn corporations_sole_change_kind_and_answer_as_of(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "northants");
    let path = format!("/api/v1/corporations-sole/{}", area.pcc);
    let changed = app
        .patch(&path)
        .token(&admin)
        .if_match(1)
        .json(&json!({"kind": "pfcc", "name": "PFCC for Northamptonshire"}))
        .expect(200)
        .json();
    assert_eq!(changed["kind"], "pfcc");
    assert_eq!(changed["policing_body"], true);
    let later = create(
        &app,
        &admin,
        "/api/v1/corporations-sole",
        json!({"slug": "later-office", "name": "Later office", "kind": "mayor", "starts_on": "2024-05-07"}),
    );
    let in_2017 = app.get("/api/v1/corporations-sole?as_of=2017-01-01&limit=200").send().expect(200).json();
    let ids: Vec<&str> = in_2017["items"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_str()).collect();
    assert!(ids.contains(&area.pcc.as_str()));
    assert!(!ids.contains(&id(&later).as_str()));
    let in_area = app.get(&format!("/api/v1/corporations-sole?force={}", area.force)).send().expect(200).json();
    assert_eq!(in_area["items"].as_array().map(Vec::len), Some(2));
    let chiefs = app.get("/api/v1/corporations-sole?kind=chief_constable").send().expect(200).json();
    assert_eq!(chiefs["items"].as_array().map(Vec::len), Some(1));
    app.post(&format!("{path}/end"))
        .token(&admin)
        .if_match(2)
        .json(&json!({"ends_on": "2012-01-01"}))
        .expect_problem(422, "period.invalid");
}

fn appointments_answer_who_held_a_post_on_a_date(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "warwickshire");
    let org_admin = app.token(&area.opcc_slug, &["org_admin"]);
    let chief_executive =
        post(&app, &org_admin, &area.opcc, "Chief Executive", &["chief_executive", "monitoring_officer"], true);
    let first = person(&app, &org_admin, "Neil Hewison");
    let second = person(&app, &org_admin, "Polly Reed");
    let first_appointment = create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": first, "post_id": chief_executive, "starts_on": "2013-01-01", "ends_on": "2018-06-30"}),
    );
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": second, "post_id": chief_executive, "starts_on": "2018-07-01", "basis": "temporary"}),
    );

    let on = |day: &str| {
        let page =
            app.get(&format!("/api/v1/appointments?post={chief_executive}&as_of={day}")).send().expect(200).json();
        page["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| a["person_id"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(on("2017-07-26"), vec![first.clone()]);
    assert_eq!(on("2019-01-01"), vec![second.clone()]);
    assert_eq!(on("2012-01-01"), Vec::<String>::new());

    // The PCC office: elected holders are appointments to the corporation sole.
    let pcc_holder = person(&app, &org_admin, "Philip Seccombe");
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": pcc_holder, "corporation_sole_id": area.pcc, "starts_on": "2016-05-12"}),
    );
    let office = app
        .get(&format!("/api/v1/appointments?corporation_sole={}&as_of=2020-01-01", area.pcc))
        .send()
        .expect(200)
        .json();
    assert_eq!(office["items"][0]["person_id"], pcc_holder.as_str());

    let ended = app
        .post(&format!("/api/v1/appointments/{}/end", id(&first_appointment)))
        .token(&org_admin)
        .if_match(1)
        .json(&json!({"ends_on": "2018-05-31"}))
        .expect(200)
        .json();
    assert_eq!(ended["ends_on"], "2018-05-31");
}

fn overlapping_holders_of_a_single_holder_post_break_r_or_02(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "cambridgeshire");
    let org_admin = app.token(&area.opcc_slug, &["org_admin"]);
    let cfo = post(&app, &org_admin, &area.opcc, "Chief Finance Officer", &["chief_finance_officer"], true);
    let a = person(&app, &org_admin, "Person A");
    let b = person(&app, &org_admin, "Person B");
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": a, "post_id": cfo, "starts_on": "2015-01-01"}),
    );
    let problem = app
        .post("/api/v1/appointments")
        .token(&org_admin)
        .json(&json!({"person_id": b, "post_id": cfo, "starts_on": "2016-01-01"}))
        .expect_problem(422, "R-OR-02");
    assert_eq!(problem["errors"][0]["pointer"], "/starts_on");
    // Not stored: the post still has one holder.
    let holders = app.get(&format!("/api/v1/appointments?post={cfo}")).send().expect(200).json();
    assert_eq!(holders["items"].as_array().map(Vec::len), Some(1));

    // The office of PCC is single-holder by nature.
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": a, "corporation_sole_id": area.pcc, "starts_on": "2012-11-22", "ends_on": "2016-05-11"}),
    );
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": b, "corporation_sole_id": area.pcc, "starts_on": "2016-05-12"}),
    );
    app.post("/api/v1/appointments")
        .token(&org_admin)
        .json(&json!({"person_id": a, "corporation_sole_id": area.pcc, "starts_on": "2020-01-01"}))
        .expect_problem(422, "R-OR-02");

    // A post open to several holders accepts overlaps.
    let acc = id(&create(
        &app,
        &org_admin,
        "/api/v1/posts",
        json!({"organisation_id": area.opcc, "title": "Assistant Chief Constable", "single_holder": false, "starts_on": "2012-11-22"}),
    ));
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": a, "post_id": acc, "starts_on": "2015-01-01"}),
    );
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": b, "post_id": acc, "starts_on": "2015-01-01"}),
    );
}

fn one_person_as_monitoring_officer_and_cfo_breaks_r_or_01(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "bedfordshire");
    let org_admin = app.token(&area.opcc_slug, &["org_admin"]);
    app.post("/api/v1/posts")
        .token(&org_admin)
        .json(&json!({"organisation_id": area.opcc, "title": "Both", "statutory_roles": ["monitoring_officer", "chief_finance_officer"], "starts_on": "2012-11-22"}))
        .expect_problem(422, "R-OR-01");
    let mo = post(&app, &org_admin, &area.opcc, "Chief Executive", &["chief_executive", "monitoring_officer"], true);
    let cfo = post(&app, &org_admin, &area.opcc, "Chief Finance Officer", &["chief_finance_officer"], true);
    let someone = person(&app, &org_admin, "Someone");
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": someone, "post_id": mo, "starts_on": "2015-01-01", "ends_on": "2016-12-31"}),
    );
    app.post("/api/v1/appointments")
        .token(&org_admin)
        .json(&json!({"person_id": someone, "post_id": cfo, "starts_on": "2016-06-01"}))
        .expect_problem(422, "R-OR-01");
    // After the monitoring officer appointment ends, the same person may be CFO.
    create(
        &app,
        &org_admin,
        "/api/v1/appointments",
        json!({"person_id": someone, "post_id": cfo, "starts_on": "2017-01-01"}),
    );
}

fn org_admins_manage_only_their_own_organisations_posts(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let mine = area(&app, &admin, "west-mercia");
    let theirs = area(&app, &admin, "warwickshire");
    let my_admin = app.token(&mine.opcc_slug, &["org_admin"]);
    let their_admin = app.token(&theirs.opcc_slug, &["org_admin"]);
    let public_post = post(&app, &my_admin, &mine.opcc, "Chief Executive", &["chief_executive"], true);
    let internal_post = post(&app, &my_admin, &mine.opcc, "Staff Officer", &[], false);

    // Another organisation may read the public post but not change it.
    app.get(&format!("/api/v1/posts/{public_post}")).token(&their_admin).send().expect(200);
    app.patch(&format!("/api/v1/posts/{public_post}"))
        .token(&their_admin)
        .if_match(1)
        .json(&json!({"title": "Hijacked"}))
        .expect_problem(403, "forbidden");
    app.post("/api/v1/posts")
        .token(&their_admin)
        .json(&json!({"organisation_id": mine.opcc, "title": "Planted", "starts_on": "2020-01-01"}))
        .expect_problem(403, "forbidden");
    // Its internal post does not exist for them, nor for anonymous callers.
    app.get(&format!("/api/v1/posts/{internal_post}")).token(&their_admin).send().expect_problem(404, "not_found");
    app.get(&format!("/api/v1/posts/{internal_post}")).send().expect_problem(404, "not_found");
    app.patch(&format!("/api/v1/posts/{internal_post}"))
        .token(&their_admin)
        .if_match(1)
        .json(&json!({"title": "x"}))
        .expect_problem(404, "not_found");
    let their_list = app.get("/api/v1/posts?limit=200").token(&their_admin).send().expect(200).json();
    let their_ids: Vec<&str> =
        their_list["items"].as_array().into_iter().flatten().filter_map(|p| p["id"].as_str()).collect();
    assert!(their_ids.contains(&public_post.as_str()));
    assert!(!their_ids.contains(&internal_post.as_str()), "an internal post leaked into another organisation's list");
    let anonymous_list = app.get("/api/v1/posts?limit=200").send().expect(200).json();
    assert!(!anonymous_list.to_string().contains(&internal_post));
    // The owner sees both; its holders' appointments follow the post's visibility.
    let mine_list = app.get("/api/v1/posts?limit=200").token(&my_admin).send().expect(200).json();
    assert_eq!(mine_list["items"].as_array().map(Vec::len), Some(2));
    let holder = person(&app, &my_admin, "Hidden Holder");
    let appointment = id(&create(
        &app,
        &my_admin,
        "/api/v1/appointments",
        json!({"person_id": holder, "post_id": internal_post, "starts_on": "2020-01-01"}),
    ));
    app.get(&format!("/api/v1/appointments/{appointment}")).token(&their_admin).send().expect_problem(404, "not_found");
    let their_appointments = app.get("/api/v1/appointments?limit=200").token(&their_admin).send().expect(200).json();
    assert!(!their_appointments.to_string().contains(&appointment));
    // Appointing to another organisation's internal post is as if it did not exist.
    let outsider = person(&app, &their_admin, "Outsider");
    app.post("/api/v1/appointments")
        .token(&their_admin)
        .json(&json!({"person_id": outsider, "post_id": internal_post, "starts_on": "2021-01-01"}))
        .expect_problem(422, "unknown_reference");
    // People are managed by the organisation that created them.
    app.patch(&format!("/api/v1/people/{holder}"))
        .token(&their_admin)
        .if_match(1)
        .json(&json!({"full_name": "Renamed"}))
        .expect_problem(403, "forbidden");
    app.patch(&format!("/api/v1/people/{holder}"))
        .token(&my_admin)
        .if_match(1)
        .json(&json!({"full_name": "Renamed"}))
        .expect(200);
}

fn only_system_admins_change_the_shared_registry(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "hertfordshire");
    let org_admin = app.token(&area.opcc_slug, &["org_admin"]);
    app.post("/api/v1/forces")
        .token(&org_admin)
        .json(&json!({"slug": "x", "name": "X", "police_area": "X"}))
        .expect_problem(403, "forbidden");
    app.post("/api/v1/forces")
        .json(&json!({"slug": "x", "name": "X", "police_area": "X"}))
        .expect_problem(401, "unauthenticated");
    app.post("/api/v1/collaborations")
        .token(&org_admin)
        .json(&json!({"slug": "x", "name": "X", "starts_on": "2020-01-01"}))
        .expect_problem(403, "forbidden");
    app.patch(&format!("/api/v1/corporations-sole/{}", area.pcc))
        .token(&org_admin)
        .if_match(1)
        .json(&json!({"name": "x"}))
        .expect_problem(403, "forbidden");
    let reader = app.token(&area.opcc_slug, &["reader"]);
    app.post("/api/v1/posts")
        .token(&reader)
        .json(&json!({"organisation_id": area.opcc, "title": "X", "starts_on": "2020-01-01"}))
        .expect_problem(403, "forbidden");
}

fn collaborations_keep_members_over_time(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let wm = area(&app, &admin, "west-mercia");
    let wa = area(&app, &admin, "warwickshire");
    let created = create(
        &app,
        &admin,
        "/api/v1/collaborations",
        json!({"slug": "wmw-alliance", "name": "West Mercia and Warwickshire Alliance", "starts_on": "2012-11-22"}),
    );
    let path = format!("/api/v1/collaborations/{}", id(&created));
    for office in [&wm.pcc, &wa.pcc, &wm.chief_constable, &wa.chief_constable] {
        app.post(&format!("{path}/members"))
            .token(&admin)
            .json(&json!({"corporation_sole_id": office, "starts_on": "2012-11-22"}))
            .expect(201);
    }
    app.post(&format!("{path}/members"))
        .token(&admin)
        .json(&json!({"corporation_sole_id": wm.pcc, "starts_on": "2015-01-01"}))
        .expect_problem(422, "membership.overlap");
    let collaboration = app.get(&path).send().expect(200).json();
    assert_eq!(collaboration["members"].as_array().map(Vec::len), Some(4));
    assert_eq!(collaboration["version"], 5);
    let member = collaboration["members"][0]["id"].as_str().unwrap_or_default().to_string();
    let after = app
        .post(&format!("{path}/members/{member}/end"))
        .token(&admin)
        .if_match(5)
        .json(&json!({"ends_on": "2019-10-08"}))
        .expect(200)
        .json();
    assert_eq!(after["version"], 6);
    let in_2020 = app.get(&format!("{path}?as_of=2020-01-01")).send().expect(200).json();
    assert_eq!(in_2020["members"].as_array().map(Vec::len), Some(3));
    let ended = app
        .post(&format!("{path}/end"))
        .token(&admin)
        .if_match(6)
        .json(&json!({"ends_on": "2020-04-30"}))
        .expect(200)
        .json();
    assert_eq!(ended["ends_on"], "2020-04-30");
    let active_2021 = app.get("/api/v1/collaborations?as_of=2021-01-01").send().expect(200).json();
    assert_eq!(active_2021["items"], json!([]));
    let by_member = app.get(&format!("/api/v1/collaborations?corporation_sole={}", wa.pcc)).send().expect(200).json();
    assert_eq!(by_member["items"].as_array().map(Vec::len), Some(1));
}

fn organisations_and_people_are_listed_and_filtered(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    let area = area(&app, &admin, "derbyshire");
    let opccs = app.get("/api/v1/organisations?kind=opcc").send().expect(200).json();
    assert_eq!(opccs["items"].as_array().map(Vec::len), Some(1));
    let serving = app.get(&format!("/api/v1/organisations?corporation_sole={}", area.pcc)).send().expect(200).json();
    assert_eq!(serving["items"][0]["id"], area.opcc.as_str());
    let updated = app
        .patch(&format!("/api/v1/organisations/{}", area.opcc))
        .token(&admin)
        .if_match(1)
        .json(&json!({"name": "Office of the Derbyshire PCC"}))
        .expect(200)
        .json();
    assert_eq!(updated["name"], "Office of the Derbyshire PCC");
    app.post(&format!("/api/v1/organisations/{}/end", area.opcc))
        .token(&admin)
        .if_match(2)
        .json(&json!({"ends_on": "2030-01-01"}))
        .expect(200);
    let org_admin = app.token(&area.opcc_slug, &["org_admin"]);
    let someone = person(&app, &org_admin, "Angelique Foster");
    let found = app.get("/api/v1/people?q=angelique").token(&org_admin).send().expect(200).json();
    assert_eq!(found["items"][0]["id"], someone.as_str());
    assert_eq!(
        app.get(&format!("/api/v1/people/{someone}")).token(&org_admin).send().expect(200).json()["full_name"],
        "Angelique Foster"
    );
    let posts_role = post(&app, &org_admin, &area.opcc, "Chief Finance Officer", &["chief_finance_officer"], true);
    let by_role = app.get("/api/v1/posts?statutory_role=chief_finance_officer").send().expect(200).json();
    assert_eq!(by_role["items"][0]["id"], posts_role.as_str());
    let updated_post = app
        .patch(&format!("/api/v1/posts/{posts_role}"))
        .token(&org_admin)
        .if_match(1)
        .json(&json!({"title": "Treasurer"}))
        .expect(200)
        .json();
    assert_eq!(updated_post["title"], "Treasurer");
    app.post(&format!("/api/v1/posts/{posts_role}/end"))
        .token(&org_admin)
        .if_match(2)
        .json(&json!({"ends_on": "2024-03-31"}))
        .expect(200);
    let current = app.get("/api/v1/posts?as_of=2025-01-01").send().expect(200).json();
    assert!(!current.to_string().contains(&posts_role));
}

on_both_backends!(
    forces_are_created_read_listed_updated_and_ended,
    lists_paginate_by_cursor_without_repeats,
    corporations_sole_change_kind_and_answer_as_of,
    appointments_answer_who_held_a_post_on_a_date,
    overlapping_holders_of_a_single_holder_post_break_r_or_02,
    one_person_as_monitoring_officer_and_cfo_breaks_r_or_01,
    org_admins_manage_only_their_own_organisations_posts,
    only_system_admins_change_the_shared_registry,
    collaborations_keep_members_over_time,
    organisations_and_people_are_listed_and_filtered,
);
