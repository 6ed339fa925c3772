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
        .expect_problem(422, "unknown_reference");
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
    assert_eq!(method.header("allow"), Some("GET, HEAD, POST"));
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
    // Each answer says what is left of the caller's bucket (IETF RateLimit headers, issue 17).
    let fresh = app.get("/api/v1/forces").token(&app.token("governance-service", &["secretary"])).send().expect(200);
    assert_eq!(fresh.header("ratelimit-policy"), Some("\"authenticated\";q=4;w=2"), "{fresh:?}");
    assert!(fresh.header("ratelimit").is_some_and(|v| v.starts_with("\"authenticated\";r=3;t=")), "{fresh:?}");
    let (allowed, limited) = first_refusal(Some(&admin));
    assert!(allowed >= 4, "only {allowed} requests before the first 429");
    assert!(limited.header("ratelimit").is_some_and(|v| v.starts_with("\"authenticated\";r=0;t=")), "{limited:?}");
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
    let board = uuid::Uuid::nil();
    let numbered = app
        .get(&format!("/api/v1/boards/{board}/decisions?number_from=0"))
        .token(&app.token("governance-service", &["reader", "contributor"]))
        .send()
        .expect_problem(400, "validation.failed");
    assert_eq!(numbered["errors"][0]["pointer"], "/query/number_from", "{numbered}");
    let long = format!("/api/v1/forces?q={}", "x".repeat(17_000));
    app.get(&long).token(&app.token("governance-service", &["contributor"])).send().expect_problem(414, "uri_too_long");
    // Within the query size, each text has its declared bound (issue 17).
    let wordy = format!("/api/v1/forces?q={}", "x".repeat(domain::bounds::MAX_QUERY_TEXT_CHARS + 1));
    let refused = app
        .get(&wordy)
        .token(&app.token("governance-service", &["org_admin"]))
        .send()
        .expect_problem(400, "validation.failed");
    assert_eq!(
        (refused["errors"][0]["pointer"].as_str(), refused["errors"][0]["code"].as_str()),
        (Some("/query/q"), Some("too_long"))
    );
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
    for query in [
        "/api/v1/corporations-sole?as_of=-5000-01-01",
        "/api/v1/corporations-sole?as_of=2017-1-1",
        "/api/v1/corporations-sole?q=%00",
        "/api/v1/people?q=a%00b",
    ] {
        let problem = app.get(query).send().expect_problem(400, "validation.failed");
        assert!(
            problem["errors"][0]["pointer"].as_str().unwrap_or_default().starts_with("/query/"),
            "{query}: {problem}"
        );
    }
    // Issue 16 finding 9: strict ISO 8601 calendar dates only, years 0001 to 9999.
    for starts_on in ["+10000-01-01", "-5000-01-01", "2017-1-1", "0000-01-01"] {
        let office = app
            .post("/api/v1/corporations-sole")
            .token(&admin)
            .json(&json!({"slug": "x-pcc", "name": "X PCC", "kind": "pcc", "starts_on": starts_on}))
            .expect_problem(422, "validation.failed");
        assert_eq!(office["errors"][0]["pointer"], "/starts_on", "{office}");
    }
    let strict = app
        .post("/api/v1/corporations-sole")
        .token(&admin)
        .json(&json!({"slug": "x-pcc", "name": "X PCC", "kind": "pcc", "starts_on": "0001-01-01"}))
        .expect(201)
        .json();
    assert_eq!(strict["starts_on"], "0001-01-01");
}

/// Issue 16, finding 9: requests the HTTP codec cannot parse were answered with an empty, untyped 400
/// before reaching any middleware. Each is now a problem document too, and the service goes on serving.
fn requests_http_cannot_parse_get_problem_documents(backend: Backend) {
    use std::io::{Read, Write};
    let app = app(backend);
    let address = app.base.trim_start_matches("http://").to_string();
    let unparseable: [&[u8]; 6] = [
        b"GET /api/v1/forces HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        b"POST /api/v1/forces HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        b"POST /api/v1/forces HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
        b"GET /api/v1/forces HTTP/1.1\r\nHost: x\r\nBad Header: v\r\n\r\n",
        b"GET /api/v1/forces HTTP/9.9\r\nHost: x\r\n\r\n",
        b"NOT HTTP AT ALL\r\n\r\n",
    ];
    for request in unparseable {
        let mut stream = std::net::TcpStream::connect(&address).unwrap_or_else(|e| panic!("{e}"));
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap_or_else(|e| panic!("{e}"));
        stream.write_all(request).unwrap_or_else(|e| panic!("{e}"));
        let mut answer = String::new();
        // The connection closes after the answer.
        stream.read_to_string(&mut answer).unwrap_or_else(|e| panic!("{e}"));
        let shown = String::from_utf8_lossy(request);
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("{shown}: {answer}"));
        assert!(head.starts_with("HTTP/1.1 400 "), "{shown}: {head}");
        assert!(head.to_ascii_lowercase().contains("content-type: application/problem+json"), "{shown}: {head}");
        let problem: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{shown}: {e}: {body}"));
        assert_eq!((problem["status"].as_u64(), problem["code"].as_str()), (Some(400), Some("malformed_request")));
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("HTTP/1.1")), "{problem}");
    }
    // The code is in the rule catalogue its `type` points to, and the service still answers.
    app.get("/api/v1/rules/malformed_request").send().expect(200);
    app.get("/api/v1/forces").send().expect(200);
}

on_both_backends!(
    requests_http_cannot_parse_get_problem_documents,
    text_dates_and_sums_no_database_can_keep_are_refused,
    malformed_requests_get_problems_naming_the_field,
    query_and_path_mistakes_are_problems,
    oversized_bodies_are_refused_and_store_nothing,
    rate_and_size_limits_answer_429_414_and_431,
    problem_types_resolve_to_the_rule_catalogue,
    several_broken_rules_answer_the_first_as_the_code,
    the_bounds_the_document_declares_are_the_ones_enforced,
);

/// Issue 17: the document declares a bound on every text, list and number; the service enforces
/// exactly those. One field of each kind is tried at its declared bound (accepted) and one past it
/// (refused, naming the field), so the document and the service cannot drift apart unnoticed.
fn the_bounds_the_document_declares_are_the_ones_enforced(backend: Backend) {
    let app = spawn(backend, Options::default());
    let admin = app.admin();
    let document: serde_json::Value = serde_json::from_str(&api::app::document_json()).unwrap_or_default();
    let schemas = &document["components"]["schemas"];
    let declared = |schema: &str, field: &str, bound: &str| {
        let property = &schemas[schema]["properties"][field];
        property[bound]
            .as_u64()
            .or_else(|| property["items"][bound].as_u64())
            .unwrap_or_else(|| panic!("{schema}.{field}"))
    };
    // A field checked by its use case (a force's name) and one bounded only at the edge (a summary).
    let name_max = declared("NewForce", "name", "maxLength") as usize;
    let force = |name: String| json!({"slug": "kent", "name": name, "police_area": "Kent"});
    let refused =
        app.post("/api/v1/forces").token(&admin).json(&force("K".repeat(name_max + 1))).expect_problem(422, "too_long");
    assert_eq!(refused["errors"][0]["pointer"], "/name", "{refused}");
    app.post("/api/v1/forces").token(&admin).json(&force("K".repeat(name_max))).expect(201);
    let summary_max = declared("NewCollaboration", "description", "maxLength") as usize;
    assert_eq!(summary_max, domain::bounds::MAX_TEXT_CHARS);
    let collaboration = |description: String| json!({"slug": "kent-essex", "name": "Kent and Essex", "description": description, "starts_on": "2020-01-01"});
    let refused = app
        .post("/api/v1/collaborations")
        .token(&admin)
        .json(&collaboration("é".repeat(summary_max + 1)))
        .expect_problem(422, "too_long");
    assert_eq!(refused["errors"][0]["pointer"], "/description", "{refused}");
    // A list past the declared bound, and a number past a bound narrower than its type.
    let items_max = declared("NewBoard", "owners", "maxItems") as usize;
    let owners = vec![uuid::Uuid::nil(); items_max + 1];
    let board = json!({"name": "Too many owners", "kind": "other", "owners": owners, "established_on": "2020-01-01"});
    let refused = app.post("/api/v1/boards").token(&admin).json(&board).expect_problem(422, "too_many_items");
    assert_eq!(refused["errors"][0]["pointer"], "/owners", "{refused}");
    let notice_max = declared("NewCollaborationAgreement", "withdrawal_notice_months", "maximum");
    let agreement = json!({"reference": "X/1", "title": "X", "parties": [], "provisions": [], "withdrawal_notice_months": notice_max + 1});
    let refused =
        app.post("/api/v1/collaboration-agreements").token(&admin).json(&agreement).expect_problem(422, "out_of_range");
    let pointers: Vec<&str> =
        refused["errors"].as_array().into_iter().flatten().filter_map(|e| e["pointer"].as_str()).collect();
    assert!(pointers.contains(&"/withdrawal_notice_months"), "{refused}");
}

/// Issue 17: when several rules break, `code` is the first broken in the order the rules are checked
/// (the order of `errors[]`), and `errors[]` lists every one.
fn several_broken_rules_answer_the_first_as_the_code(backend: Backend) {
    let app = spawn(backend, Options::default());
    let owner = uuid::Uuid::now_v7();
    let refused = app
        .post("/api/v1/boards")
        .token(&app.admin())
        .json(&json!({"name": " ", "kind": "other", "owners": [owner, owner], "established_on": "2020-01-01"}))
        .expect_problem(422, "required");
    let codes: Vec<(&str, &str)> = refused["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| Some((e["code"].as_str()?, e["pointer"].as_str()?)))
        .collect();
    assert_eq!(codes, [("required", "/name"), ("duplicate", "/owners/1")]);
}

/// Issue 17: a problem's `type` resolves on the service itself, to its code's entry in the rule
/// catalogue; unknown codes are 404.
fn problem_types_resolve_to_the_rule_catalogue(backend: Backend) {
    let app = spawn(backend, Options::default());
    let missing =
        app.get("/api/v1/forces/00000000-0000-4000-8000-000000000000").send().expect_problem(404, "not_found");
    assert_eq!(missing["type"], "/api/v1/rules/not_found");
    let entry = app.get("/api/v1/rules/not_found").send().expect(200).json();
    assert_eq!((entry["code"].as_str(), entry["confidence"].as_str()), (Some("not_found"), Some("service")));
    let rule = app.get("/api/v1/rules/R-CA-02").send().expect(200).json();
    assert_eq!(
        (rule["confidence"].as_str(), rule["source"].as_str()),
        (Some("verified"), Some("Police Act 1996, s 22A(3)"))
    );
    app.get("/api/v1/rules/R-XX-99").send().expect_problem(404, "not_found");
    let all = app.get("/api/v1/rules").send().expect(200).json();
    let codes: Vec<&str> = all["items"].as_array().into_iter().flatten().filter_map(|r| r["code"].as_str()).collect();
    assert!(codes.contains(&"R-PB-03") && codes.contains(&"validation.failed"), "{codes:?}");
}

/// Issue 17: the catalogue covers every code the service can answer with, collected from the
/// sources of the domain, the contract and the service (rule ids anywhere, and the code argument of
/// every violation, problem and field error they build).
#[test]
fn the_rule_catalogue_covers_every_code_in_the_sources() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["domain/src", "api/src", "openapi/src", "persistence/src"] {
        collect_rust_files(&root.join(dir), &mut files);
    }
    let mut missing = std::collections::BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let code_part = text.split("#[cfg(test)]").next().unwrap_or_default();
        for code in codes_in(code_part) {
            if domain::catalogue::entry(&code).is_none() {
                missing.insert(format!("{code} ({})", file.display()));
            }
        }
    }
    assert!(missing.is_empty(), "codes without a catalogue entry: {missing:?}");
}

fn collect_rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The codes a source file can answer with: every `"R-XX-NN"` literal, and the first string literal
/// after `RuleViolation::new(` and `refused(`, after the status of `Problem::new(`, after the pointer
/// of `invalid_field(`, and after `code: `.
fn codes_in(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let literal_after = |from: usize, skip_args: usize| -> Option<String> {
        let mut rest = &text[from..];
        for _ in 0..skip_args {
            rest = &rest[rest.find(',')? + 1..];
        }
        let rest = rest.trim_start();
        let body = rest.strip_prefix('"')?;
        Some(body[..body.find('"')?].to_string())
    };
    let markers =
        [("RuleViolation::new(", 0), ("Problem::new(", 1), ("invalid_field(", 1), ("code: ", 0), ("refused(", 0)];
    for (marker, skip) in markers {
        let mut at = 0;
        while let Some(found) = text[at..].find(marker) {
            let start = at + found + marker.len();
            if let Some(code) = literal_after(start, skip) {
                if !code.is_empty() && !code.contains(' ') && !code.contains('{') {
                    codes.push(code);
                }
            }
            at = start;
        }
    }
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices("\"R-") {
        let candidate = &text[i + 1..(i + 9).min(text.len())];
        let well_formed = candidate.len() == 8
            && candidate.as_bytes()[4] == b'-'
            && candidate[2..4].bytes().all(|b| b.is_ascii_uppercase())
            && candidate[5..7].bytes().all(|b| b.is_ascii_digit())
            && bytes.get(i + 8) == Some(&b'"');
        if well_formed {
            codes.push(candidate[..7].to_string());
        }
    }
    codes
}
