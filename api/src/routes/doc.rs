//! The OpenAPI document: every registered operation (`super::operations`), assembled once at
//! start-up, then completed with the responses, headers and security every operation shares
//! (`openapi::document`).

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    components(schemas(openapi::Problem, openapi::FieldError, openapi::exports::ExportKind, openapi::search::SearchKind)),
    tags(
        (name = "registry", description = "Forces, corporations sole, organisations, people, posts, appointments and collaborations"),
        (name = "agreements", description = "Section 22A collaboration agreements, from draft to termination"),
        (name = "delegations", description = "The functions catalogue, schemes of delegation and consent, delegations and consents, and authority checks"),
        (name = "events", description = "The change feed, for systems that keep in step with the service"),
        (name = "boards", description = "Boards, memberships, meetings, agenda, minutes, actions, decisions and records of decision"),
        (name = "webhooks", description = "Webhook subscriptions: signed POSTs of the change feed (headers `X-Governance-Event`, `X-Governance-Delivery` and `X-Governance-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\" keyed with the subscription's secret>`), retried with exponential backoff and jitter, paused after repeated failure"),
        (name = "trust", description = "The trust registry: each organisation's identity provider whose tokens the service accepts, with its keys, audience, algorithms and claim mapping, and the subjects linked to people"),
        (name = "audit", description = "The hash-chained audit log"),
        (name = "service", description = "The caller, health, metrics and this document"),
    )
)]
struct ApiDoc;

/// The complete document, as served at `/api/v1/openapi.json` and printed by `governance openapi`.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(super::operations::OperationPaths::openapi());
    state_who_may_call(&mut doc);
    openapi::document::finish(doc)
}

/// Adds to every operation's description who may call it, in words generated from its access row
/// (`domain::access::describe`), so a client learns the role from the contract, not from 403s.
fn state_who_may_call(doc: &mut utoipa::openapi::OpenApi) {
    let rows: std::collections::HashMap<&str, domain::access::operations::Governs> =
        super::operations::REGISTRATIONS.iter().map(|r| (r.operation.id, r.operation.governs)).collect();
    for item in doc.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in operations.into_iter().flatten() {
            let Some(governs) = operation.operation_id.as_deref().and_then(|id| rows.get(id)) else { continue };
            let who = format!("**Who may call:** {}", domain::access::describe::who_may_call(governs));
            let roles: Vec<&str> =
                domain::access::describe::required_roles(governs).iter().map(|role| role.as_str()).collect();
            if !roles.is_empty() {
                openapi::document::declare_forbidden(operation);
            }
            let extensions = operation.extensions.get_or_insert_with(Default::default);
            extensions.insert("x-required-roles".into(), serde_json::json!(roles));
            operation.description = Some(match operation.description.take() {
                Some(text) => format!("{text}\n\n{who}"),
                None => who,
            });
        }
    }
}

/// Operation id -> the summary its route declares, read before `openapi::document::finish` fills a
/// missing one from the operation id: the contract test requires every route to declare its own.
pub fn declared_summaries() -> std::collections::BTreeMap<String, Option<String>> {
    let doc = super::operations::OperationPaths::openapi();
    let mut found = std::collections::BTreeMap::new();
    for item in doc.paths.paths.values() {
        let operations = [&item.get, &item.post, &item.put, &item.patch, &item.delete];
        for operation in operations.into_iter().flatten() {
            if let Some(id) = &operation.operation_id {
                found.insert(id.clone(), operation.summary.clone());
            }
        }
    }
    found
}

/// The committed document, served as it is: building the document takes about 60 MB at its peak, which the
/// process would hold long after start-up (bench/README.md, "Memory at rest"). Tests fail if it is not
/// exactly what [`document_json`] prints.
pub const COMMITTED_DOCUMENT: &str = include_str!("../../../openapi/openapi.json");

/// The document as pretty JSON (the committed `openapi/openapi.json` is exactly this).
pub fn document_json() -> String {
    document().to_pretty_json().unwrap_or_default()
}

/// Path pattern -> the methods it accepts (e.g. `"GET, HEAD, POST"`), as the routing table serves them.
pub fn allowed_methods(routing_table: &[super::operations::PathRoutes]) -> std::collections::HashMap<String, String> {
    routing_table
        .iter()
        .map(|(path, routes)| {
            // A GET route answers HEAD too (`app::resource_with`).
            let methods: Vec<&str> = routes
                .iter()
                .flat_map(|(method, _)| match *method {
                    actix_web::http::Method::GET => vec!["GET", "HEAD"],
                    ref other => vec![other.as_str()],
                })
                .collect();
            (path.clone(), methods.join(", "))
        })
        .collect()
}
