//! The access matrix (issue 6): every operation of the served OpenAPI document, for every role in
//! the owning organisation, a partner party and an unrelated organisation, and anonymously, sent to
//! the real service; the expected outcome is computed from the domain policy's row for the
//! operation (`domain::access::operations`), never written per case.
//!
//! Runs on both backends (a few seconds each): list visibility is decided in SQL, which differs
//! between them.

pub(crate) mod cases;
pub(crate) mod world;

use domain::access::operations::{decide, operation, Governs, OPERATIONS};
use domain::access::{can_see, list_scope, Denial, ListScope, Principal, Role};
use governance_tests::{on_both_backends, Backend, Response};
use serde_json::Value;
use uuid::Uuid;

use world::World;

/// One operation as the served document declares it.
struct Declared {
    method: &'static str,
    path: String,
    id: String,
}

fn declared_operations(w: &World) -> Vec<Declared> {
    let document = w.app.get("/api/v1/openapi.json").send().expect(200).json();
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, name) in
            [("get", "GET"), ("post", "POST"), ("patch", "PATCH"), ("put", "PUT"), ("delete", "DELETE")]
        {
            if let Some(id) = item[method]["operationId"].as_str() {
                out.push(Declared { method: name, path: path.clone(), id: id.to_string() });
            }
        }
    }
    out
}

/// Who asks: a role in an organisation related to the world's records in one way, or nobody.
pub(crate) struct Caller {
    pub label: String,
    pub token: Option<String>,
    pub principal: Principal,
}

pub(crate) fn callers(w: &World) -> Vec<Caller> {
    let mut out = vec![Caller { label: "anonymous".into(), token: None, principal: Principal::anonymous() }];
    for (relation, area) in [("owner", &w.a), ("partner", &w.b), ("unrelated", &w.c)] {
        for role in Role::ALL {
            out.push(Caller {
                label: format!("{role} of the {relation} ({})", area.opcc_slug),
                token: Some(w.token_of(&area.opcc_slug, role.as_str())),
                principal: Principal {
                    subject: format!("{relation}:{role}"),
                    organisation_id: Some(World::org(area)),
                    organisation_slug: Some(area.opcc_slug.clone()),
                    roles: vec![*role],
                    person_id: None,
                },
            });
        }
    }
    out
}

pub(crate) fn fill(path: &str, params: &[String]) -> String {
    let mut out = String::new();
    let mut rest = path;
    let mut values = params.iter();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str(&rest[..open]);
        out.push_str(values.next().unwrap_or_else(|| panic!("{path}: no value for {}", &rest[open..close])));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

fn expected_status(denial: &Denial, hidden_status: u16) -> u16 {
    match denial {
        Denial::Unauthenticated => 401,
        Denial::Forbidden(_) => 403,
        Denial::NotVisible => hidden_status,
    }
}

/// Items of a successful list the caller may not see (by the policy's view of the world's records).
fn foreign_items(w: &World, governs: Governs, caller: &Principal, body: &Value) -> Vec<String> {
    let scope = match governs {
        Governs::List(kind) => list_scope(caller, kind).ok(),
        _ => None,
    };
    let mut out = Vec::new();
    for item in body["items"].as_array().into_iter().flatten() {
        // Audit events are scoped by the acting organisation (below), not by the record they concern.
        let keys: &[&str] = if governs == Governs::List(domain::access::ResourceKind::AuditEvent) {
            &["id"]
        } else {
            &["id", "resource_id", "subscription_id"]
        };
        for key in keys {
            if let Some(record) = item[key].as_str().and_then(|id| w.records.get(id)) {
                if !can_see(caller, record) {
                    out.push(format!("{key} {item}"));
                }
            }
        }
        if let (Some(ListScope::OwnedBy(org)), Some(owner)) = (scope, item["organisation_id"].as_str()) {
            if Uuid::parse_str(owner).ok() != Some(org) {
                out.push(format!("another organisation's {item}"));
            }
        }
    }
    out
}

fn send(w: &World, declared: &Declared, path: &str, caller: &Caller, call: &cases::Call, n: usize) -> Response {
    let mut request = w.app.request(declared.method, path);
    if let Some(token) = &caller.token {
        request = request.token(token);
    }
    if declared.method != "GET" {
        let version = call.current_version_of.as_deref().map_or(1, |record| {
            w.app.get(record).token(&w.admin).send().expect(200).json()["version"].as_i64().unwrap_or(1)
        });
        request = request.if_match(version).header("Idempotency-Key", &format!("matrix-{n}"));
    }
    match &call.body {
        Some(body) => request.json(body),
        None => request.send(),
    }
}

fn every_operation_answers_every_caller_as_the_policy_declares(backend: Backend) {
    let started = std::time::Instant::now();
    let w = world::build(backend);
    let declared = declared_operations(&w);
    let unlisted: Vec<&str> = declared.iter().filter(|d| operation(&d.id).is_none()).map(|d| d.id.as_str()).collect();
    assert!(unlisted.is_empty(), "operations without a row in domain::access::operations::OPERATIONS: {unlisted:?}");
    let gone: Vec<&str> = OPERATIONS.iter().filter(|o| !declared.iter().any(|d| d.id == o.id)).map(|o| o.id).collect();
    assert!(gone.is_empty(), "rows for operations the service no longer declares: {gone:?}");

    let callers = callers(&w);
    let (mut allowed, mut denied, mut failures, mut n) = (0, 0, Vec::new(), 0);
    for declared in &declared {
        let row = operation(&declared.id).unwrap_or_else(|| panic!("checked above"));
        for caller in &callers {
            n += 1;
            let call = cases::call_for(&w, &declared.id, n);
            let path = fill(&declared.path, &call.params);
            let expected = decide(&caller.principal, row, declared.method == "GET", &call.target);
            let response = send(&w, declared, &path, caller, &call, n);
            let case = format!("{} {path} ({}) as {}", declared.method, declared.id, caller.label);
            match expected {
                Err(denial) => {
                    denied += 1;
                    if response.status != expected_status(&denial, call.hidden_status) {
                        failures.push(format!(
                            "{case}: expected {} ({denial:?}), got {}: {}",
                            expected_status(&denial, call.hidden_status),
                            response.status,
                            response.text
                        ));
                    }
                }
                Ok(()) => {
                    allowed += 1;
                    let refused = matches!(response.status, 401 | 403)
                        || (response.status == 404 && !call.part_absent)
                        || response.status >= 500;
                    if refused {
                        failures.push(format!("{case}: expected access, got {}: {}", response.status, response.text));
                    } else if (200..300).contains(&response.status)
                        && response.header("content-type").is_some_and(|t| t.starts_with("application/json"))
                    {
                        let foreign = foreign_items(&w, row.governs, &caller.principal, &response.json());
                        if !foreign.is_empty() {
                            failures.push(format!("{case}: lists records it may not see: {foreign:?}"));
                        }
                    }
                }
            }
        }
    }
    eprintln!(
        "access matrix: {} operations x {} callers = {} cases ({allowed} allowed, {denied} denied) in {:.1} s",
        declared.len(),
        callers.len(),
        declared.len() * callers.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{} of {n} cases disagree with the policy:\n{}", failures.len(), failures.join("\n"));
}

on_both_backends!(every_operation_answers_every_caller_as_the_policy_declares);
