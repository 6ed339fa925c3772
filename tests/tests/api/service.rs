//! Service endpoints: health, readiness, metrics, request ids, `/me`, the docs page, and the headers
//! every response carries (security headers, CORS for allowed origins).

use governance_tests::{on_both_backends, spawn, Backend, Options, Response, TestApp};
use serde_json::json;

use crate::fixtures::app;

fn health_readiness_metrics_and_request_ids_work(backend: Backend) {
    let app = app(backend);
    assert_eq!(app.get("/healthz").send().expect(200).json()["status"], "ok");
    assert_eq!(app.get("/readyz").send().expect(200).json()["status"], "ok");
    let echoed = app.get("/api/v1/forces").header("X-Request-Id", "trace-abc-123").send().expect(200);
    assert_eq!(echoed.header("x-request-id"), Some("trace-abc-123"));
    let generated = app.get("/api/v1/nothing-here").send();
    let request_id = generated.header("x-request-id").unwrap_or_default().to_string();
    assert_eq!(generated.expect_problem(404, "not_found")["request_id"], request_id.as_str());
    let metrics = app.get("/metrics").send().expect(200).text;
    assert!(metrics.contains("governance_http_requests_total{class=\"2xx\"}"), "{metrics}");
    assert!(metrics.contains("governance_http_requests_total{class=\"4xx\"} 1"), "{metrics}");
}

fn me_reports_the_principal_and_its_permissions(backend: Backend) {
    let app = app(backend);
    let _ = app.admin();
    app.ensure_organisation("west-mercia-opcc", "opcc", None);
    let me = app.get("/api/v1/me").token(&app.token("west-mercia-opcc", &["org_admin"])).send().expect(200).json();
    assert_eq!(me["organisation_slug"], "west-mercia-opcc");
    assert_eq!(me["roles"], serde_json::json!(["org_admin"]));
    let permissions = me["permissions"].as_array().cloned().unwrap_or_default();
    assert!(permissions
        .iter()
        .any(|p| p["resource"] == "post" && p["action"] == "create" && p["scope"] == "own_organisation"));
    assert!(!permissions.iter().any(|p| p["resource"] == "force" && p["action"] == "create"));
}

fn the_docs_page_is_served_without_any_download(backend: Backend) {
    let app = app(backend);
    let redirect = app.get("/docs").send();
    assert_eq!(redirect.status, 308);
    let page = app.get("/docs/").send().expect(200).text;
    assert!(page.contains("swagger-ui"), "{page}");
    let initializer = app.get("/docs/swagger-initializer.js").send().expect(200).text;
    assert!(initializer.contains("/api/v1/openapi.json"), "{initializer}");
    assert!(!page.contains("https://"), "the docs page must not load assets from elsewhere");
    let docs = app.get("/docs/").send();
    assert_eq!(docs.header("x-frame-options"), Some("DENY"));
    assert!(docs.header("content-security-policy").is_some_and(|p| p.contains("script-src 'self'")));
    let api = app.get("/api/v1/forces").send();
    assert_eq!(api.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(api.header("content-security-policy"), Some("default-src 'none'; frame-ancestors 'none'"));
    let problem = app.get("/api/v1/nowhere").send();
    assert_eq!(problem.header("x-content-type-options"), Some("nosniff"));
}

/// The intranet origin the CORS tests allow.
const INTRANET: &str = "https://intranet.west-mercia.police.uk";

/// A service allowing browser calls from [`INTRANET`] (and rate limits on, to show where preflights
/// come in the edge's checks).
fn app_allowing_the_intranet(backend: Backend) -> TestApp {
    spawn(
        backend,
        Options {
            configure: Some(Box::new(|settings| {
                settings.cors_allowed_origins = vec![INTRANET.into(), "http://localhost:3000".into()];
                settings.anonymous_rate_limit_per_second = 1;
            })),
            ..Default::default()
        },
    )
}

fn preflight<'a>(app: &'a TestApp, path: &str, origin: &str) -> governance_tests::client::Request<'a> {
    app.request("OPTIONS", path)
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key")
}

/// The response's CORS headers (`access-control-*`), by name.
fn cors_headers(response: &Response) -> Vec<(&str, &str)> {
    let mut headers: Vec<(&str, &str)> = response
        .headers
        .iter()
        .filter(|(name, _)| name.starts_with("access-control-"))
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    headers.sort();
    headers
}

fn varies_with_origin(response: &Response) -> bool {
    response.header("vary").is_some_and(|vary| vary.split(',').any(|name| name.trim().eq_ignore_ascii_case("origin")))
}

/// Issue 17: with the default settings no response carries CORS headers and `OPTIONS` is a method
/// like any other (405), whatever the `Origin`.
fn cors_is_off_by_default(backend: Backend) {
    let app = app(backend);
    let read = app.get("/api/v1/forces").header("Origin", INTRANET).send().expect(200);
    assert!(cors_headers(&read).is_empty(), "{read:?}");
    assert!(!varies_with_origin(&read), "{read:?}");
    let asked = preflight(&app, "/api/v1/forces", INTRANET).send();
    assert!(cors_headers(&asked).is_empty(), "{asked:?}");
    asked.expect_problem(405, "method_not_allowed");
}

/// Issue 17: a listed origin gets `Access-Control-Allow-Origin` (its own origin, never `*`), `Vary:
/// Origin` and the headers clients read, on answers and on problems alike, including the edge's own
/// refusals (429 with `Retry-After`); no credentials header (tokens, not cookies).
fn an_allowed_origin_gets_cors_headers_on_answers_and_problems(backend: Backend) {
    let app = app_allowing_the_intranet(backend);
    let admin = app.admin();
    let created = app
        .post("/api/v1/forces")
        .token(&admin)
        .header("Origin", INTRANET)
        .json(&json!({"slug": "city-of-london", "name": "City of London Police", "police_area": "City of London"}))
        .expect(201);
    assert_eq!(created.header("access-control-allow-origin"), Some(INTRANET));
    assert!(created.header("access-control-allow-credentials").is_none(), "{created:?}");
    assert!(varies_with_origin(&created), "{created:?}");
    let exposed: Vec<String> = created
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .split(',')
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    for needed in ["etag", "location", "x-request-id", "ratelimit", "ratelimit-policy", "retry-after"] {
        assert!(exposed.iter().any(|name| name == needed), "{needed} is not exposed: {exposed:?}");
    }
    // Another listed origin gets its own origin back.
    let other = app.get("/api/v1/forces").token(&admin).header("Origin", "http://localhost:3000").send().expect(200);
    assert_eq!(other.header("access-control-allow-origin"), Some("http://localhost:3000"));
    // A problem from a handler, and one from routing.
    let missing =
        app.get("/api/v1/forces/00000000-0000-4000-8000-000000000000").token(&admin).header("Origin", INTRANET).send();
    assert_eq!(missing.header("access-control-allow-origin"), Some(INTRANET));
    assert!(missing.header("access-control-expose-headers").is_some_and(|h| h.contains("X-Request-Id")));
    missing.expect_problem(404, "not_found");
    let nowhere = app.get("/api/v1/nowhere").header("Origin", INTRANET).send();
    assert_eq!(nowhere.header("access-control-allow-origin"), Some(INTRANET));
    nowhere.expect_problem(404, "not_found");
    // The rate limiter's refusal is readable too, so the page can wait for Retry-After.
    let limited = (0..40)
        .map(|_| app.get("/api/v1/forces").header("Origin", INTRANET).send())
        .find(|response| response.status == 429)
        .unwrap_or_else(|| panic!("40 anonymous requests in a row were allowed"));
    assert_eq!(limited.header("access-control-allow-origin"), Some(INTRANET));
    assert!(limited.header("retry-after").is_some(), "{limited:?}");
    limited.expect_problem(429, "rate_limited");
}

/// Issue 17: a preflight from a listed origin is answered 204 at the edge with what may be asked
/// for, before authentication (browsers send it without the token) and without spending the
/// caller's rate; from any other origin it is a 403 problem without CORS headers.
fn preflights_are_answered_for_allowed_origins_only(backend: Backend) {
    let app = app_allowing_the_intranet(backend);
    // Ten preflights at an anonymous rate of one a second (bursts of two): none is limited, and
    // `/me`, which needs a token, answers the preflight all the same.
    for path in [
        "/api/v1/me",
        "/api/v1/forces",
        "/api/v1/collaboration-agreements/00000000-0000-4000-8000-000000000000/approvals",
    ]
    .iter()
    .cycle()
    .take(10)
    {
        let answered = preflight(&app, path, INTRANET).send().expect(204);
        assert_eq!(answered.header("access-control-allow-origin"), Some(INTRANET), "{path}");
        assert!(answered.text.is_empty(), "{path}: {}", answered.text);
        let methods = answered.header("access-control-allow-methods").unwrap_or_default();
        for method in ["GET", "POST", "PATCH", "PUT", "DELETE"] {
            assert!(methods.split(',').any(|m| m.trim() == method), "{method} not allowed: {methods}");
        }
        let headers = answered.header("access-control-allow-headers").unwrap_or_default().to_ascii_lowercase();
        for header in ["authorization", "content-type", "if-match", "if-none-match", "idempotency-key", "x-request-id"]
        {
            assert!(headers.split(',').any(|h| h.trim() == header), "{header} not allowed: {headers}");
        }
        assert!(answered.header("access-control-max-age").is_some_and(|s| s.parse::<u32>().is_ok_and(|n| n > 0)));
        assert!(answered.header("access-control-allow-credentials").is_none());
        assert!(varies_with_origin(&answered));
        assert!(answered.header("x-request-id").is_some());
    }
    // Another origin: its preflight is refused, and its requests are answered without CORS headers
    // (so the browser does not hand the answer to its page).
    let refused = preflight(&app, "/api/v1/forces", "https://elsewhere.example").send();
    assert!(cors_headers(&refused).is_empty(), "{refused:?}");
    assert!(varies_with_origin(&refused), "{refused:?}");
    refused.expect_problem(403, "cors.origin_not_allowed");
    let admin = app.admin();
    for origin in ["https://elsewhere.example", "https://intranet.west-mercia.police.uk.elsewhere.example", "null"] {
        let read = app.get("/api/v1/forces").token(&admin).header("Origin", origin).send().expect(200);
        assert!(cors_headers(&read).is_empty(), "{origin}: {read:?}");
    }
    // A request without an Origin (not from a browser page) is answered as ever.
    let plain = app.get("/api/v1/forces").token(&admin).send().expect(200);
    assert!(cors_headers(&plain).is_empty());
    // OPTIONS that is not a preflight (no Access-Control-Request-Method) is routed as before.
    app.request("OPTIONS", "/api/v1/forces").token(&admin).send().expect_problem(405, "method_not_allowed");
}

on_both_backends!(
    health_readiness_metrics_and_request_ids_work,
    me_reports_the_principal_and_its_permissions,
    the_docs_page_is_served_without_any_download,
    cors_is_off_by_default,
    an_allowed_origin_gets_cors_headers_on_answers_and_problems,
    preflights_are_answered_for_allowed_origins_only,
);
