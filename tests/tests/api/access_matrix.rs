//! The access matrix (issue 6): every operation of the served OpenAPI document, for every role in
//! the owning organisation, a partner party and an unrelated organisation, and anonymously, sent to
//! the real service; the expected outcome is computed from the domain policy's row for the
//! operation (`domain::access::operations`), never written per case.
//!
//! Runs on both backends (a few seconds each): list visibility is decided in SQL, which differs
//! between them.

pub(crate) mod cases;
mod golden;
mod success;
pub(crate) mod world;

use api::app::{operation, operations};
use domain::access::operations::{decide, Governs};
use std::collections::HashMap;

use domain::access::{can_see, list_scope, Denial, ListScope, Principal, Resource, ResourceKind, Role};
use governance_tests::{on_both_backends, Backend, Response};
use serde_json::Value;
use uuid::Uuid;

use world::World;

/// One operation as the served document declares it.
struct Declared {
    method: &'static str,
    path: String,
    id: String,
    success: success::Documented,
}

fn declared_operations(w: &World) -> Vec<Declared> {
    let document = w.app.get("/api/v1/openapi.json").send().expect(200).json();
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, name) in
            [("get", "GET"), ("post", "POST"), ("patch", "PATCH"), ("put", "PUT"), ("delete", "DELETE")]
        {
            if let Some(id) = item[method]["operationId"].as_str() {
                let success = success::documented(&document, path, method);
                out.push(Declared { method: name, path: path.clone(), id: id.to_string(), success });
            }
        }
    }
    out
}

/// Who asks: roles in an organisation related to the world's records in one way, or nobody.
pub(crate) struct Caller {
    pub label: String,
    pub token: Option<String>,
    pub principal: Principal,
    who: golden::Who,
}

/// Anonymous, then in each related organisation (the owner's, the partner's and an unrelated OPCC,
/// and the owner's force organisation, a party to the agreement only): every single role, a token
/// with two roles, and an approver's token naming a person (one without authority to act).
pub(crate) fn callers(w: &World) -> Vec<Caller> {
    let anonymous = golden::Who { rel: None, roles: Vec::new(), person: false };
    let mut out =
        vec![Caller { label: "anonymous".into(), token: None, principal: Principal::anonymous(), who: anonymous }];
    let a_force = w.a_force();
    let organisations = [
        (golden::Rel::Owner, w.a.opcc_slug.as_str(), World::org(&w.a)),
        (golden::Rel::Partner, w.b.opcc_slug.as_str(), World::org(&w.b)),
        (golden::Rel::Force, w.a.force_org_slug.as_str(), a_force),
        (golden::Rel::Unrelated, w.c.opcc_slug.as_str(), World::org(&w.c)),
    ];
    // The person's token first, so that it acts before the plain approver changes the record's state.
    let mut role_sets: Vec<(Vec<Role>, bool)> = vec![(vec![Role::Approver], true)];
    role_sets.extend(Role::ALL.iter().map(|role| (vec![*role], false)));
    role_sets.push((vec![Role::Reader, Role::Approver], false));
    let person = Uuid::parse_str(&w.person).ok();
    for (rel, slug, org) in organisations {
        for (roles, with_person) in &role_sets {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            let mut claims = w.app.claims(slug, &names);
            if *with_person {
                claims["person_id"] = Value::String(w.person.clone());
            }
            out.push(Caller {
                label: format!(
                    "{}{} of {rel:?} ({slug})",
                    names.join("+"),
                    if *with_person { " naming a person" } else { "" }
                ),
                token: Some(w.app.sign(&claims)),
                principal: Principal {
                    subject: format!("{rel:?}:{}", names.join("+")),
                    organisation_id: Some(org),
                    organisation_slug: Some(slug.to_string()),
                    roles: roles.clone(),
                    person_id: if *with_person { person } else { None },
                },
                who: golden::Who { rel: Some(rel), roles: roles.clone(), person: *with_person },
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
    // A value beyond the path's placeholders that starts with `?` is its query string.
    out.extend(values.map(String::as_str).filter(|value| value.starts_with('?')));
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
fn foreign_items(
    w: &World,
    created: &HashMap<String, Resource>,
    governs: Governs,
    caller: &Principal,
    body: &Value,
) -> Vec<String> {
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
            if let Some(record) = item[key].as_str().and_then(|id| w.records.get(id).or_else(|| created.get(id))) {
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

/// The policy's view of a record a create made, from the create's target: drafts, private boards,
/// records of decision and webhook subscriptions are described as visible for the create's sake
/// (a non-party is refused, not told the record is absent), but the record made is not public.
fn created_record(target: &Resource) -> Resource {
    use ResourceKind as K;
    let private = matches!(
        target.kind,
        K::CollaborationAgreement | K::Board | K::RecordOfDecision | K::ForwardPlanEntry | K::WebhookSubscription
    );
    Resource { public: target.public && !private, ..target.clone() }
}

/// Sends an allowed call meant to succeed: the record's current version in `If-Match`.
fn probe(w: &World, declared: &Declared, caller: &Caller, n: usize) -> Response {
    let call = cases::success_call(w, &declared.id, n).unwrap_or_else(|| cases::call_for(w, &declared.id, n));
    let path = fill(&declared.path, &call.params);
    let mut request = w.app.request(declared.method, &path);
    if let Some(token) = &caller.token {
        request = request.token(token);
    }
    if declared.method != "GET" {
        let version = success::versioned_record(&declared.path, &path)
            .map(|record| w.app.get(&record).token(&w.admin).send())
            .filter(|record| record.status == 200)
            .and_then(|record| record.json()["version"].as_i64())
            .unwrap_or(1);
        request = request.if_match(version).header("Idempotency-Key", &format!("probe-{n}"));
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
    assert!(unlisted.is_empty(), "operations without a row in api/src/routes/operations.rs: {unlisted:?}");
    let gone: Vec<&str> = operations().filter(|o| !declared.iter().any(|d| d.id == o.id)).map(|o| o.id).collect();
    assert!(gone.is_empty(), "rows for operations the service no longer declares: {gone:?}");

    let ids: Vec<&str> = declared.iter().map(|d| d.id.as_str()).collect();
    let uncovered = golden::uncovered(&ids);
    assert!(
        uncovered.is_empty(),
        "the golden table (access_matrix/golden.rs) does not cover:\n{}",
        uncovered.join("\n")
    );

    let callers = callers(&w);
    let (mut allowed, mut denied, mut failures, mut n) = (0, 0, Vec::new(), 0);
    let (mut golden_failures, mut stored_failures) = (Vec::new(), Vec::new());
    // Operations that reached their documented success, and for the others a caller allowed both
    // by the policy and by the golden table (to try again with a correct version).
    let mut succeeded = std::collections::HashSet::new();
    let mut may_succeed: Vec<(&Declared, &Caller)> = Vec::new();
    // Records created during the run, as the policy sees them: later lists must not show them to
    // callers who may not see them either.
    let mut created: HashMap<String, Resource> = HashMap::new();
    for declared in &declared {
        let row = operation(&declared.id).unwrap_or_else(|| panic!("checked above"));
        let rule = golden::rule(&declared.id).unwrap_or_else(|| panic!("checked above"));
        // Refused changes first, as one block: none may store anything, so the audit chain's head
        // must be where it was when the block ends (read twice per operation, not per case).
        let target = cases::call_for(&w, &declared.id, 0).target;
        let change = declared.method != "GET";
        let (refused_changes, rest): (Vec<&Caller>, Vec<&Caller>) = callers.iter().partition(|caller| {
            change
                && (decide(&caller.principal, row, false, &target).is_err()
                    || rule.outcome(&caller.who) != golden::Out::Allow)
        });
        let head = change.then(|| w.app.audit_head());
        let ordered: Vec<&Caller> = refused_changes.iter().chain(rest.iter()).copied().collect();
        for (i, caller) in ordered.into_iter().enumerate() {
            n += 1;
            let call = cases::call_for(&w, &declared.id, n);
            let path = fill(&declared.path, &call.params);
            let expected = decide(&caller.principal, row, declared.method == "GET", &call.target);
            let golden = rule.outcome(&caller.who);
            let response = send(&w, declared, &path, caller, &call, n);
            let case = format!("{} {path} ({}) as {}", declared.method, declared.id, caller.label);
            if success::reached(declared.success, &response) && golden == golden::Out::Allow && expected.is_ok() {
                succeeded.insert(declared.id.clone());
            } else if golden == golden::Out::Allow
                && expected.is_ok()
                && !may_succeed.iter().any(|(d, _)| d.id == declared.id)
            {
                may_succeed.push((declared, caller));
            }
            let created_id = (response.status == 201).then(|| response.json()["id"].as_str().map(str::to_string));
            if let (Some(record), Some(Some(id))) = (&call.target.record, created_id) {
                created.insert(id.to_string(), created_record(record));
            }
            let refused = matches!(response.status, 401 | 403)
                || (response.status == 404 && !call.part_absent)
                || response.status >= 500;
            if let (Some(before), true) = (head, i + 1 == refused_changes.len()) {
                let after = w.app.audit_head();
                if after != before {
                    let who: Vec<&str> = refused_changes.iter().map(|c| c.label.as_str()).collect();
                    stored_failures.push(format!(
                        "{} {} ({}): refused changes moved the audit head {before} -> {after}; refused were: {}",
                        declared.method,
                        declared.path,
                        declared.id,
                        who.join(", ")
                    ));
                }
            }
            if !golden::agrees(golden, rule.hidden, call.part_absent, response.status) {
                golden_failures.push(format!("{case}: golden {golden:?}, got {}: {}", response.status, response.text));
            }
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
                    // The policy grants access; the person the token names then lacks authority to act.
                    let no_authority = golden == golden::Out::NoAuthority && response.status == 403;
                    if refused && !no_authority {
                        failures.push(format!("{case}: expected access, got {}: {}", response.status, response.text));
                    } else if (200..300).contains(&response.status)
                        && response.header("content-type").is_some_and(|t| t.starts_with("application/json"))
                    {
                        let foreign = foreign_items(&w, &created, row.governs, &caller.principal, &response.json());
                        if !foreign.is_empty() {
                            failures.push(format!("{case}: lists records it may not see: {foreign:?}"));
                        }
                    }
                }
            }
        }
    }
    // Allowed operations that did not succeed in the matrix: once more with the current version
    // (twice, as a part may be made by an operation declared later).
    let mut last_answer = std::collections::HashMap::new();
    for _ in 0..2 {
        for (declared, caller) in &may_succeed {
            if succeeded.contains(&declared.id) {
                continue;
            }
            n += 1;
            let response = probe(&w, declared, caller, n);
            if success::reached(declared.success, &response) {
                succeeded.insert(declared.id.clone());
            } else {
                let text: String = response.text.chars().take(300).collect();
                let answer = format!("{} as {}: {} {text}", declared.path, caller.label, response.status);
                last_answer.insert(declared.id.clone(), answer);
            }
        }
    }
    let mut success_failures = Vec::new();
    for declared in &declared {
        let excused = success::NO_SUCCESS.iter().find(|(id, _)| *id == declared.id);
        let tried = may_succeed.iter().any(|(d, _)| d.id == declared.id) || succeeded.contains(&declared.id);
        match (tried, succeeded.contains(&declared.id), excused) {
            (true, false, None) => success_failures.push(format!(
                "{}: never answered {} ({:?}); last: {}",
                declared.id,
                declared.success.status,
                declared.success.kind,
                last_answer.get(&declared.id).map_or("-", String::as_str)
            )),
            (_, true, Some(_)) => {
                success_failures.push(format!("{}: succeeded, remove it from success::NO_SUCCESS", declared.id))
            }
            _ => {}
        }
    }
    for (id, _) in success::NO_SUCCESS {
        if !declared.iter().any(|d| d.id == *id) {
            success_failures.push(format!("{id}: in success::NO_SUCCESS but not declared"));
        }
    }

    eprintln!(
        "access matrix: {} operations x {} callers = {} cases ({allowed} allowed, {denied} denied) in {:.1} s",
        declared.len(),
        callers.len(),
        declared.len() * callers.len(),
        started.elapsed().as_secs_f64()
    );
    let mut report = Vec::new();
    if !failures.is_empty() {
        report.push(format!("{} of {n} cases disagree with the policy:\n{}", failures.len(), failures.join("\n")));
    }
    if !golden_failures.is_empty() {
        report.push(format!(
            "{} of {n} cases disagree with the golden table (access_matrix/golden.rs):\n{}",
            golden_failures.len(),
            golden_failures.join("\n")
        ));
    }
    if !success_failures.is_empty() {
        report.push(format!(
            "{} allowed operations never reached their documented success:\n{}",
            success_failures.len(),
            success_failures.join("\n")
        ));
    }
    if !stored_failures.is_empty() {
        report.push(format!(
            "{} refused changes stored something:\n{}",
            stored_failures.len(),
            stored_failures.join("\n")
        ));
    }
    assert!(report.is_empty(), "{}", report.join("\n\n"));
}

on_both_backends!(every_operation_answers_every_caller_as_the_policy_declares);
