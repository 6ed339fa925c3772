//! The OpenAPI document is the contract: served == committed == printed, ids unique, every route in it.
//! The service serves the committed file; the code's own document must be exactly that file.

use std::collections::HashSet;

use governance_tests::{spawn, Backend, Options};
use serde_json::Value;

const COMMITTED: &str = include_str!("../../../openapi/openapi.json");

#[test]
fn the_served_document_is_the_committed_one_and_the_one_the_code_describes() {
    let app = spawn(Backend::Sqlite, Options::default());
    let served = app.get("/api/v1/openapi.json").send().expect(200).json();
    let committed: Value = serde_json::from_str(COMMITTED).unwrap_or(Value::Null);
    assert!(served == committed, "the service serves openapi/openapi.json as committed");
    // Byte for byte: the file is what `governance openapi` prints (with its final newline).
    assert!(
        COMMITTED.trim_end() == api::app::document_json(),
        "openapi/openapi.json is out of date: regenerate it with `cargo run -q -p governance-api -- openapi > openapi/openapi.json`"
    );
    assert_eq!(served["openapi"], "3.1.0");
}

#[test]
fn operation_ids_are_unique_and_every_operation_documents_its_errors() {
    let document: Value = serde_json::from_str(&api::app::document_json()).unwrap_or(Value::Null);
    let mut ids = HashSet::new();
    let mut count = 0;
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_string()), "duplicate operationId {id}");
            if method != "get" {
                assert!(
                    openapi::document::is_classified_write(id),
                    "{method} {path}: operation id {id} has no known verb prefix, so its headers and errors are undocumented"
                );
            }
            let responses = operation["responses"].as_object().cloned().unwrap_or_default();
            assert!(responses.contains_key("500"), "{id} lacks 500");
            if path.starts_with("/api/v1/") && path != "/api/v1/openapi.json" {
                for status in ["400", "401"] {
                    assert!(responses.contains_key(status), "{id} lacks {status}");
                }
                assert_eq!(
                    responses["400"]["content"]["application/problem+json"]["schema"]["$ref"],
                    "#/components/schemas/Problem"
                );
            }
            if openapi::document::is_change_operation(id) {
                for status in ["412", "428", "422"] {
                    assert!(responses.contains_key(status), "{id} lacks {status}");
                }
            }
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{id} has no summary");
            count += 1;
        }
    }
    // Two Rust types of one name must not share a schema (the last registered would silently win).
    let body = |path: &str| {
        document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].clone()
    };
    let agreement_approval = body("/api/v1/collaboration-agreements/{id}/approvals");
    let decision_approval = body("/api/v1/decisions/{id}/approvals");
    assert_ne!(agreement_approval, decision_approval);
    for (reference, field) in [(agreement_approval, "party_id"), (decision_approval, "corporation_sole_id")] {
        let name = reference.as_str().unwrap_or_default().trim_start_matches("#/components/schemas/").to_string();
        let schema = &document["components"]["schemas"][&name];
        assert!(schema["properties"][field].is_object(), "{name} lacks {field}");
    }
    assert!(count >= 40, "only {count} operations documented");
    // Enumerations are documented with the spellings the API really uses.
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["AppointmentBasis"]["enum"], serde_json::json!(["substantive", "temporary", "acting"]));
    assert!(schemas["AgreementStatus"]["enum"].as_array().is_some_and(|e| e.contains(&serde_json::json!("in_force"))));
}

#[test]
fn every_documented_path_is_routed() {
    let app = spawn(Backend::Sqlite, Options::default());
    let document: Value = serde_json::from_str(&api::app::document_json())
        .unwrap_or_else(|e| panic!("the printed document is not JSON: {e}"));
    let any_id = uuid::Uuid::now_v7().to_string();
    let mut checked = 0;
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        let concrete = any_path_parameter(path, &any_id);
        let mut documented: Vec<String> =
            item.as_object().into_iter().flatten().map(|(m, _)| m.to_uppercase()).collect();
        for method in &documented {
            let method: &'static str = match method.as_str() {
                "GET" => "GET",
                "POST" => "POST",
                "PATCH" => "PATCH",
                other => panic!("unexpected method {other}"),
            };
            let response = app.request(method, &concrete).send();
            // A routed path answers a method it does not route with 405, so a documented method
            // that answers 405 has no handler; a handler never answers 5xx for a made-up id.
            assert_ne!(response.status, 405, "{method} {path} is documented but its handler is not routed");
            assert!(response.status < 500, "{method} {path}: {}", response.text);
            if method == "GET" {
                // HEAD answers as GET does, without the body (RFC 9110 9.3.2).
                let (status, head, body) = app.raw_head(&concrete, &[]);
                assert_eq!(status, response.status, "HEAD {path}: {head}");
                assert!(body.is_empty(), "HEAD {path} sent a body: {body}");
            }
        }
        if documented.iter().any(|m| m == "GET") {
            documented.push("HEAD".into());
        }
        // The router answers a path it does not know with 404, as a handler does for an unknown id,
        // so a 404 cannot tell them apart. A method no path accepts can: a routed path answers it
        // 405 with an Allow header naming the documented methods, an unrouted one 404.
        let response = app.request("DELETE", &concrete).send();
        assert_eq!(response.status, 405, "DELETE {path}: the path is documented but not routed: {}", response.text);
        assert_eq!(response.header("content-type"), Some("application/problem+json"), "{path}");
        assert_eq!(response.json()["code"], "method_not_allowed", "{path}");
        let mut allowed: Vec<String> = response
            .header("allow")
            .unwrap_or_else(|| panic!("DELETE {path}: 405 without an Allow header"))
            .split(',')
            .map(|m| m.trim().to_string())
            .collect();
        allowed.sort();
        documented.sort();
        assert_eq!(allowed, documented, "{path}: Allow differs from the documented methods");
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} paths checked");
    // The signal itself: an unknown path under the API answers the router's 404, not a 405.
    let unknown = app.request("DELETE", &format!("/api/v1/no-such-collection/{any_id}")).send();
    assert_eq!(unknown.status, 404, "{}", unknown.text);
}

/// Replaces every `{name}` path parameter with `value`.
fn any_path_parameter(path: &str, value: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push_str(value);
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Issue 17: a client learns who may call each operation from the contract, not from 403s; the
/// sentence comes from the operation's access row, so it names the role the policy grants.
#[test]
fn every_operation_says_who_may_call_it() {
    let document: Value = serde_json::from_str(&api::app::document_json()).unwrap_or(Value::Null);
    let mut described = 0;
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let text = operation["description"].as_str().unwrap_or_default();
            assert!(text.contains("**Who may call:**"), "{method} {path} does not say who may call it");
            assert!(operation["x-required-roles"].is_array(), "{method} {path} lacks x-required-roles");
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter["name"] == "limit" {
                    let bounds = (parameter["schema"]["minimum"].as_i64(), parameter["schema"]["maximum"].as_i64());
                    assert_eq!(bounds, (Some(1), Some(200)), "{method} {path}: limit is 1 to 200 everywhere");
                }
            }
            described += 1;
        }
    }
    assert!(described > 100);
    let operation = |path: &str, method: &str| {
        document["paths"][path][method]["description"].as_str().unwrap_or_default().to_string()
    };
    assert!(operation("/api/v1/people", "post").contains("The `org_admin` role in any organisation"));
    assert!(operation("/api/v1/boards/{id}/meetings", "post").contains("`secretary`"));
    assert!(operation("/api/v1/transfer-orders", "post").contains("Only platform administrators"));
    assert!(operation("/api/v1/decisions/{id}/approvals", "post").contains("never act for a corporation sole"));
    assert_eq!(
        document["paths"]["/api/v1/people"]["post"]["x-required-roles"],
        serde_json::json!(["org_admin", "system_admin"])
    );
    assert_eq!(
        document["paths"]["/api/v1/decisions/{id}/approvals"]["post"]["x-required-roles"],
        serde_json::json!(["approver", "secretary", "system_admin"]),
        "the act, or its record from a published paper"
    );
}

/// Issue 17: a governance officer reading the document learns from each operation what it does, in
/// its own words before the generated **Who may call:** paragraph; a one-line summary the route
/// declares itself (not the operation id in words, which the document would otherwise fill in); and
/// at least one documented refusal (4xx) answered as an RFC 9457 problem.
#[test]
fn every_operation_has_a_summary_a_description_of_its_own_and_a_documented_problem() {
    const WHO: &str = "**Who may call:**";
    const MIN_OWN_CHARS: usize = 40;
    let document: Value = serde_json::from_str(&api::app::document_json()).unwrap_or(Value::Null);
    let declared = api::routes::doc::declared_summaries();
    let mut failures = Vec::new();
    let mut checked = 0;
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            let named = format!("{id} ({} {path})", method.to_uppercase());
            let description = operation["description"].as_str().unwrap_or_default();
            let own = description.split(WHO).next().unwrap_or_default().trim();
            if own.chars().count() < MIN_OWN_CHARS {
                failures.push(format!(
                    "{named}: no description of its own before {WHO} (at least {MIN_OWN_CHARS} characters; found {own:?})"
                ));
            }
            match declared.get(id).cloned().flatten() {
                None => failures.push(format!("{named}: the route declares no summary")),
                Some(summary) => {
                    let summary = summary.trim();
                    if summary.is_empty() || summary.contains('\n') || summary.chars().count() > 80 {
                        failures.push(format!(
                            "{named}: the summary is not one line of at most 80 characters: {summary:?}"
                        ));
                    }
                    if summary.ends_with('.') {
                        failures.push(format!("{named}: the summary is a title, not a sentence: {summary:?}"));
                    }
                    if operation["summary"].as_str() != Some(summary) {
                        failures.push(format!("{named}: the document's summary is not the declared one"));
                    }
                }
            }
            let problems = operation["responses"].as_object().into_iter().flatten().filter(|(status, response)| {
                let response = match response["$ref"].as_str() {
                    Some(reference) => {
                        let name = reference.trim_start_matches("#/components/responses/");
                        &document["components"]["responses"][name]
                    }
                    None => *response,
                };
                status.starts_with('4') && response["content"]["application/problem+json"].is_object()
            });
            if problems.count() == 0 {
                failures.push(format!("{named}: documents no 4xx response with an application/problem+json body"));
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} operations checked");
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

/// The example a client is shown for an operation's JSON body: the media type's own, else the first
/// of its schema's (following the `$ref` into the components, where the request types put theirs).
fn body_example(document: &Value, operation: &Value) -> Result<Value, String> {
    let media = &operation["requestBody"]["content"]["application/json"];
    if !media.is_object() {
        return Err("its request body is not application/json".into());
    }
    if let Some(example) = media.get("example") {
        return Ok(example.clone());
    }
    if let Some(example) = media["examples"].as_object().and_then(|all| all.values().next()) {
        return Ok(example["value"].clone());
    }
    let mut schema = &media["schema"];
    let mut name = "an inline schema".to_string();
    if let Some(reference) = schema["$ref"].as_str() {
        name = reference.trim_start_matches("#/components/schemas/").to_string();
        schema = &document["components"]["schemas"][&name];
        if !schema.is_object() {
            return Err(format!("its body schema {reference} is not in the components"));
        }
    }
    schema["examples"]
        .get(0)
        .or_else(|| schema.get("example"))
        .cloned()
        .ok_or_else(|| format!("its body schema {name} has no example"))
}

/// Issue 17: every operation with a JSON request body documents a realistic example (taken from the
/// seed papers; it sits on the request type, so generated clients and Swagger UI both show it).
#[test]
fn every_request_body_documents_an_example() {
    let document: Value = serde_json::from_str(&api::app::document_json()).unwrap_or(Value::Null);
    let mut bodies = 0;
    let mut missing = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if operation.get("requestBody").is_none() {
                continue;
            }
            bodies += 1;
            if let Err(problem) = body_example(&document, operation) {
                let id = operation["operationId"].as_str().unwrap_or_default();
                missing.push(format!("{} {path} ({id}): {problem}", method.to_uppercase()));
            }
        }
    }
    assert!(missing.is_empty(), "operations without a request example:\n{}", missing.join("\n"));
    assert!(bodies >= 80, "only {bodies} operations with a request body found");
}

/// Issue 17: each documented request example is one the service reads as its request type. Sent
/// over HTTP to its operation, as a platform administrator with the headers the write conventions
/// ask for, the example must never be refused as malformed JSON or as a body that does not fit the
/// type (a 400, or `validation.failed`); a 404 for the made-up ids, or a 403, 409, 412 or 422 from the
/// rules, is an answer about the data, not the shape. So that this cannot pass because something
/// refused the request before its body was read, the same example with one unknown field added must
/// be refused as exactly that.
#[test]
fn every_request_example_is_accepted_as_its_request_type() {
    let app = spawn(Backend::Sqlite, Options::default());
    let admin = app.admin();
    let document: Value = serde_json::from_str(&api::app::document_json()).unwrap_or(Value::Null);
    let any_id = uuid::Uuid::now_v7().to_string();
    let mut sent = 0;
    let mut failures = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        let concrete = any_path_parameter(path, &any_id);
        for (method, operation) in item.as_object().into_iter().flatten() {
            if operation.get("requestBody").is_none() {
                continue;
            }
            let id = operation["operationId"].as_str().unwrap_or_default();
            let named = format!("{} {path} ({id})", method.to_uppercase());
            let example = match body_example(&document, operation) {
                Ok(example) => example,
                Err(problem) => {
                    failures.push(format!("{named}: {problem}"));
                    continue;
                }
            };
            let method: &'static str = match method.as_str() {
                "post" => "POST",
                "patch" => "PATCH",
                other => panic!("{named}: unexpected method {other}"),
            };
            let headers: Vec<&str> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "header")
                .filter_map(|parameter| parameter["name"].as_str())
                .collect();
            let send = |body: &Value| {
                let mut request = app.request(method, &concrete).token(&admin);
                for header in &headers {
                    request = match *header {
                        "If-Match" => request.if_match(1),
                        "Idempotency-Key" => request.header(header, &uuid::Uuid::now_v7().to_string()),
                        _ => request,
                    };
                }
                request.json(body)
            };

            let answer = send(&example);
            let code =
                serde_json::from_str::<Value>(&answer.text).ok().and_then(|b| b["code"].as_str().map(String::from));
            let refused_as_shape = answer.status == 400
                || answer.status == 413
                || answer.status == 415
                || answer.status >= 500
                || matches!(code.as_deref(), Some("validation.failed" | "malformed_json"));
            if refused_as_shape {
                failures.push(format!("{named}: the example was refused ({}): {}", answer.status, answer.text));
                continue;
            }

            let mut with_unknown = example.clone();
            match with_unknown.as_object_mut() {
                Some(fields) => fields.insert("not_a_documented_field".into(), Value::Bool(true)),
                None => {
                    failures.push(format!("{named}: the example is not a JSON object: {example}"));
                    continue;
                }
            };
            let control = send(&with_unknown);
            let body = serde_json::from_str::<Value>(&control.text).unwrap_or(Value::Null);
            if control.status != 400
                || body["code"] != "validation.failed"
                || body["errors"][0]["pointer"] != "/not_a_documented_field"
            {
                failures.push(format!(
                    "{named}: with an unknown field the example should be refused as such, so the body is read; got {}: {}",
                    control.status, control.text
                ));
                continue;
            }
            sent += 1;
        }
    }
    assert!(failures.is_empty(), "{} request examples failed:\n{}", failures.len(), failures.join("\n"));
    assert!(sent >= 80, "only {sent} request examples sent");
}
