//! Service endpoints: health, readiness, metrics, request ids, `/me` and the docs page.

use governance_tests::{on_both_backends, Backend};

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

on_both_backends!(
    health_readiness_metrics_and_request_ids_work,
    me_reports_the_principal_and_its_permissions,
    the_docs_page_is_served_without_any_download,
);
