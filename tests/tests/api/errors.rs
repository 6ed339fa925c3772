//! Bad input gets a clear problem with the right status, never a 500, and changes nothing.

use governance_tests::{on_both_backends, spawn, Backend, Options};
use serde_json::json;

use crate::fixtures::{app, create, id};

fn malformed_requests_get_problems_naming_the_field(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    app.post("/api/v1/forces")
        .token(&admin)
        .raw("{\"slug\": ", "application/json")
        .expect_problem(400, "malformed_json");
    app.post("/api/v1/forces")
        .token(&admin)
        .raw("slug=x", "application/x-www-form-urlencoded")
        .expect_problem(415, "unsupported_media_type");
    let unknown = app
        .post("/api/v1/forces")
        .token(&admin)
        .json(&json!({"slug": "x", "name": "X", "police_area": "X", "colour": "blue"}))
        .expect_problem(400, "validation.failed");
    assert_eq!(unknown["errors"][0]["pointer"], "/colour");
    assert_eq!(unknown["errors"][0]["code"], "unknown_field");
    let missing = app
        .post("/api/v1/forces")
        .token(&admin)
        .json(&json!({"slug": "x", "name": "X"}))
        .expect_problem(400, "validation.failed");
    assert_eq!(missing["errors"][0]["pointer"], "/police_area");
    assert_eq!(missing["errors"][0]["code"], "required");
    let wrong_type = app
        .post("/api/v1/corporations-sole")
        .token(&admin)
        .json(&json!({"slug": "x", "name": "X", "kind": "emperor", "starts_on": "2020-01-01"}))
        .expect_problem(400, "validation.failed");
    assert_eq!(wrong_type["errors"][0]["pointer"], "/kind");
    let bad_date = app
        .post("/api/v1/corporations-sole")
        .token(&admin)
        .json(&json!({"slug": "x", "name": "X", "kind": "pcc", "starts_on": "26/07/17"}))
        .expect_problem(400, "validation.failed");
    assert_eq!(bad_date["errors"][0]["pointer"], "/starts_on");
    let bad_slug = app
        .post("/api/v1/forces")
        .token(&admin)
        .json(&json!({"slug": "West Mercia", "name": "X", "police_area": "X"}))
        .expect_problem(422, "invalid_slug");
    assert_eq!(bad_slug["errors"][0]["pointer"], "/slug");
    app.post("/api/v1/forces")
        .token(&admin)
        .json(&json!({"slug": "x", "name": "  ", "police_area": "X"}))
        .expect_problem(422, "required");
    let unknown_reference = app
        .post("/api/v1/corporations-sole")
        .token(&admin)
        .json(&json!({"slug": "x", "name": "X", "kind": "pcc", "starts_on": "2020-01-01", "force_id": uuid::Uuid::now_v7()}))
        .expect_problem(422, "validation.failed");
    assert_eq!(unknown_reference["errors"][0]["pointer"], "/force_id");
    // Nothing of the above was stored.
    assert_eq!(app.get("/api/v1/forces").send().expect(200).json()["items"], json!([]));
}

fn query_and_path_mistakes_are_problems(backend: Backend) {
    let app = app(backend);
    let problem = app.get("/api/v1/forces?colour=blue").send().expect_problem(400, "validation.failed");
    assert_eq!(problem["errors"][0]["pointer"], "/query/colour");
    app.get("/api/v1/forces?limit=0").send().expect_problem(400, "validation.failed");
    app.get("/api/v1/forces?limit=201").send().expect_problem(400, "validation.failed");
    app.get("/api/v1/forces?limit=ten").send().expect_problem(400, "validation.failed");
    app.get("/api/v1/forces?cursor=%%%").send().expect_problem(400, "validation.failed");
    app.get("/api/v1/posts?as_of=yesterday").send().expect_problem(400, "validation.failed");
    app.get("/api/v1/forces/not-a-uuid").send().expect_problem(404, "not_found");
    app.get(&format!("/api/v1/forces/{}", uuid::Uuid::now_v7())).send().expect_problem(404, "not_found");
    app.get("/api/v1/no-such-thing").send().expect_problem(404, "not_found");
    app.get("/nowhere").send().expect_problem(404, "not_found");
    let method = app.request("DELETE", "/api/v1/forces").send();
    assert_eq!(method.header("allow"), Some("GET, POST"));
    let method = method.expect_problem(405, "method_not_allowed");
    assert_eq!(method["instance"], "/api/v1/forces");
    app.request("PUT", "/api/v1/posts").send().expect_problem(405, "method_not_allowed");
}

fn oversized_bodies_are_refused_and_store_nothing(backend: Backend) {
    let app = spawn(
        backend,
        Options {
            demo: false,
            configure: Some(Box::new(|settings| settings.max_body_bytes = 1024)),
            ..Default::default()
        },
    );
    let admin = app.admin();
    let force =
        create(&app, &admin, "/api/v1/forces", json!({"slug": "kent", "name": "Kent Police", "police_area": "Kent"}));
    let huge = "x".repeat(4096);
    app.post("/api/v1/forces")
        .token(&admin)
        .json(&json!({"slug": "big", "name": huge, "police_area": "X"}))
        .expect_problem(413, "payload_too_large");
    app.patch(&format!("/api/v1/forces/{}", id(&force)))
        .token(&admin)
        .if_match(1)
        .json(&json!({"name": huge}))
        .expect_problem(413, "payload_too_large");
    let stored = app.get(&format!("/api/v1/forces/{}", id(&force))).send().expect(200).json();
    assert_eq!(stored["name"], "Kent Police");
    assert_eq!(stored["version"], 1);
    assert_eq!(app.get("/api/v1/forces").send().expect(200).json()["items"].as_array().map(Vec::len), Some(1));
}

fn rate_and_size_limits_answer_429_414_and_431(backend: Backend) {
    let app = spawn(
        backend,
        Options {
            configure: Some(Box::new(|settings| {
                settings.rate_limit_per_second = 2;
                settings.anonymous_rate_limit_per_second = 1;
            })),
            ..Default::default()
        },
    );
    let admin = app.admin();
    // A burst of twice the rate is allowed, then 429 with Retry-After. (Counted rather than timed:
    // on a slow machine the bucket may refill a little between requests.)
    let first_refusal = |token: Option<&str>| {
        for allowed in 0..40 {
            let request = app.get("/api/v1/forces");
            let response = match token {
                Some(token) => request.token(token).send(),
                None => request.send(),
            };
            if response.status == 429 {
                return (allowed, response);
            }
            response.expect(200);
        }
        panic!("40 requests in a row were allowed");
    };
    let (allowed, limited) = first_refusal(Some(&admin));
    assert!(allowed >= 4, "only {allowed} requests before the first 429");
    assert!(limited.header("retry-after").is_some_and(|s| s.parse::<u64>().is_ok_and(|n| n >= 1)), "{limited:?}");
    limited.expect_problem(429, "rate_limited");
    // Anonymous callers are limited by address, separately from tokens.
    let (allowed, limited) = first_refusal(None);
    assert!(allowed >= 2, "only {allowed} anonymous requests before the first 429");
    limited.expect_problem(429, "rate_limited");
    // Finding 5 of the outside test: re-spelling the header gave a fresh bucket, and a fresh junk
    // token per request was never throttled. The admin's bucket is empty however the header is spelt,
    // and junk tokens count against their address (empty too by now).
    for spelling in [format!("Bearer  {admin}"), format!("bearer {admin} "), format!("BEARER\t{admin}")] {
        let response = app.get("/api/v1/forces").header("Authorization", &spelling).send();
        assert_eq!(response.status, 429, "{spelling:?} got a fresh bucket: {}", response.text);
    }
    for n in 0..3 {
        let junk = app.get("/api/v1/forces").header("Authorization", &format!("Bearer junk-{n}")).send();
        junk.expect_problem(429, "rate_limited");
    }
    // Another token has its own bucket.
    app.get("/api/v1/forces").token(&app.token("governance-service", &["reader"])).send().expect(200);
    let long = format!("/api/v1/forces?q={}", "x".repeat(5000));
    app.get(&long).token(&app.token("governance-service", &["contributor"])).send().expect_problem(414, "uri_too_long");
    let big = "y".repeat(20_000);
    app.get("/api/v1/forces")
        .token(&app.token("governance-service", &["approver"]))
        .header("X-Padding", &big)
        .send()
        .expect_problem(431, "headers_too_large");
}

/// Finding 6 of the outside test: on PostgreSQL a NUL in a string and `as_of=-5000-01-01` answered
/// 500, and a cost-share sum overflowed. Each is a clear refusal on both backends, storing nothing.
fn text_dates_and_sums_no_database_can_keep_are_refused(backend: Backend) {
    let app = app(backend);
    let admin = app.admin();
    app.ensure_organisation("west-mercia-opcc", "opcc", None);
    let org_admin = app.token("west-mercia-opcc", &["org_admin"]);
    let nul = app
        .post("/api/v1/people")
        .token(&org_admin)
        .raw(r#"{"full_name": "John\u0000Campion"}"#, "application/json")
        .expect_problem(422, "validation.failed");
    assert_eq!(nul["errors"][0]["pointer"], "/full_name", "{nul}");
    let listed = app.get("/api/v1/people?limit=200").token(&admin).send().expect(200).json();
    assert!(!listed.to_string().contains("Campion"), "a refused person was stored: {listed}");
    for query in
        ["/api/v1/corporations-sole?as_of=-5000-01-01", "/api/v1/corporations-sole?q=%00", "/api/v1/people?q=a%00b"]
    {
        let problem = app.get(query).send().expect_problem(400, "validation.failed");
        assert!(
            problem["errors"][0]["pointer"].as_str().unwrap_or_default().starts_with("/query/"),
            "{query}: {problem}"
        );
    }
    for starts_on in ["+10000-01-01", "-5000-01-01"] {
        let office = app
            .post("/api/v1/corporations-sole")
            .token(&admin)
            .json(&json!({"slug": "x-pcc", "name": "X PCC", "kind": "pcc", "starts_on": starts_on}))
            .expect_problem(422, "validation.failed");
        assert_eq!(office["errors"][0]["pointer"], "/starts_on", "{office}");
    }
}

on_both_backends!(
    text_dates_and_sums_no_database_can_keep_are_refused,
    malformed_requests_get_problems_naming_the_field,
    query_and_path_mistakes_are_problems,
    oversized_bodies_are_refused_and_store_nothing,
    rate_and_size_limits_answer_429_414_and_431,
);
