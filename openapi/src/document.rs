//! Document metadata every linter and generator expects: info, license, servers, security schemes.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContactBuilder, InfoBuilder, LicenseBuilder, OpenApi, ServerBuilder};

pub const BEARER_SCHEME: &str = "bearer";

/// Fills in the document-level metadata on an assembled document.
pub fn finish(mut doc: OpenApi) -> OpenApi {
    doc.info = InfoBuilder::new()
        .title("Police collaboration governance API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Registry of forces, corporations sole, posts and office holders; section 22A \
             collaboration agreements; boards and decisions; delegations. Errors are RFC 9457 \
             problem+json. Changes need `If-Match`; creates accept `Idempotency-Key`.",
        ))
        .license(Some(LicenseBuilder::new().name("MIT").identifier(Some("MIT")).build()))
        .contact(Some(ContactBuilder::new().name(Some("Collaboration governance service")).build()))
        .build();
    // The document is served by each deployment about itself; partners outside the operator call it.
    let server = ServerBuilder::new()
        .url("/")
        .description(Some("This service: the production, staging or local deployment serving this document"))
        .extensions(Some([("x-internal".to_string(), serde_json::json!(false))].into_iter().collect()))
        .build();
    doc.servers = Some(vec![server]);
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        BEARER_SCHEME,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "A JWT with `sub`, `org` (organisation slug), `roles`, `iss`, `aud`, `exp`, `nbf`, \
                     verified as the JWT best current practices (RFC8725) ask: one configured algorithm (never \
                     `none`, never taken from the token), issuer, audience and lifetime always checked. \
                     Locally: `governance token --org <slug> --roles reader`.",
                ))
                .build(),
        ),
    );
    apply_conventions(&mut doc);
    crate::bounds::declare(&mut doc);
    doc
}

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder, Type};

/// Whether an operation id names a known kind of POST/PATCH (a test requires it of every one).
pub fn is_classified_write(operation_id: &str) -> bool {
    shape(operation_id) != Shape::Read
}

/// What an operation is, judged from its stable operation id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Read,
    Create,
    Change,
    /// A POST that answers a question and may record it (`check_`): an optional `Idempotency-Key`,
    /// 200 when nothing is stored, 201 with `Location` and `ETag` when the answer is recorded.
    Evaluate,
    /// See [`COMMAND_PREFIXES`].
    Command,
}

/// Operation id prefixes of creating POSTs (`Idempotency-Key`, 201 with `Location`): new records and
/// sub-records that record who did what (`add_decision_approval`, `add_minutes_signature`).
pub const CREATE_PREFIXES: &[&str] = &["create_", "add_"];

/// Operation id prefixes of changes to an existing record's version (`If-Match` required): updates,
/// ends and the state transitions posted as sub-resources (`record_meeting_held`, `cancel_meeting`,
/// `approve_minutes`, `publish_minutes`, `complete_action`, `discharge_action`, `sign_`, `vary_`,
/// `close_forward_plan_entry`...).
pub const CHANGE_PREFIXES: &[&str] = &[
    "update_",
    "end_",
    "revoke_",
    "record_",
    "cancel_",
    "approve_",
    "publish_",
    "complete_",
    "discharge_",
    "sign_",
    "commence_",
    "review_",
    "vary_",
    "withdraw_",
    "close_",
    "correct_",
    "void_",
    "terminate_",
    "attach_",
    "set_",
    "resolve_",
    "resume_",
    "preview_",
    "execute_",
    "change_",
];

/// Operation id prefixes of commands: POSTs that act on a record without changing its version
/// (no `If-Match`, nothing new to replay), e.g. `redeliver_webhook_delivery`.
/// `issue_audit_checkpoint` signs what the log holds now: no body, nothing to replay.
pub const COMMAND_PREFIXES: &[&str] = &["redeliver_", "issue_"];

/// Reads of the audit log's Merkle tree that anyone may make, token or not: checkpoints, their
/// signing key and proofs hold only hashes and are published for partners to keep (issue 16).
pub const PUBLIC_AUDIT_READS: &[&str] = &[
    "list_audit_checkpoints",
    "get_latest_audit_checkpoint",
    "get_audit_log_public_key",
    "get_audit_inclusion_proof",
    "get_audit_consistency_proof",
];

/// Whether an operation changes an existing record under `If-Match`.
pub fn is_change_operation(operation_id: &str) -> bool {
    CHANGE_PREFIXES.iter().any(|prefix| operation_id.starts_with(prefix))
}

fn shape(operation_id: &str) -> Shape {
    if CREATE_PREFIXES.iter().any(|prefix| operation_id.starts_with(prefix)) {
        Shape::Create
    } else if is_change_operation(operation_id) {
        Shape::Change
    } else if operation_id.starts_with("check_") || operation_id.starts_with("validate_") {
        Shape::Evaluate
    } else if COMMAND_PREFIXES.iter().any(|prefix| operation_id.starts_with(prefix)) {
        Shape::Command
    } else {
        Shape::Read
    }
}

fn problem_response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            crate::problem::PROBLEM_CONTENT_TYPE,
            ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
        )
        .header("X-Request-Id", string_header("The request id"))
        .build()
}

fn string_header(description: &str) -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(utoipa::openapi::ObjectBuilder::new().schema_type(Type::String))
        .description(Some(description))
        .build()
}

fn header_parameter(name: &str, required: bool, description: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(if required { Required::True } else { Required::False })
        .description(Some(description))
        .schema(Some(utoipa::openapi::ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

/// A 403 on an operation only some roles may call (reads included: a list of what only an
/// organisation's administrators see answers 403 to anyone else).
pub fn declare_forbidden(operation: &mut Operation) {
    add_problem(operation, "403", "Authenticated but not allowed: `detail` names the role or organisation missing");
}

fn add_problem(operation: &mut Operation, status: &str, description: &str) {
    operation.responses.responses.entry(status.to_string()).or_insert_with(|| problem_response(description).into());
}

/// A one-line summary for an operation without one (linters and generated clients expect it):
/// the operation id in words, `list_collaboration_agreements` -> "List collaboration agreements".
fn summary_from_operation_id(operation_id: &str) -> String {
    let words = operation_id.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// Completes every operation with the conventions of API.md: problem responses for each error it
/// can give, `If-Match` / `Idempotency-Key` / `If-None-Match` headers, response headers, security.
pub fn apply_conventions(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let versioned_api = path.starts_with("/api/v1/") && path != "/api/v1/openapi.json";
        let has_id = path.contains('{');
        let operations = [&mut item.get, &mut item.post, &mut item.patch, &mut item.put, &mut item.delete];
        for operation in operations.into_iter().flatten() {
            let id = operation.operation_id.clone().unwrap_or_default();
            let shape = shape(&id);
            if operation.summary.is_none() && !id.is_empty() {
                operation.summary = Some(summary_from_operation_id(&id));
            }
            add_response_headers(operation, shape, &id, has_id);
            add_problem(operation, "500", "Internal error (a bug): quote the request id");
            add_edge_limits(operation);
            if !versioned_api {
                operation.security = Some(vec![SecurityRequirement::default()]);
                add_edge_headers(operation);
                continue;
            }
            add_edge_problems(operation, has_id);
            operation.parameters.get_or_insert_with(Vec::new);
            match shape {
                Shape::Read => read_conventions(operation, &id, has_id),
                Shape::Command => {
                    add_problem(operation, "403", "Authenticated but not allowed");
                    add_problem(operation, "409", "Conflicts with the current state");
                    operation.security = Some(bearer());
                }
                Shape::Create | Shape::Change | Shape::Evaluate => write_conventions(operation, shape, &id),
            }
            add_edge_headers(operation);
        }
    }
}

/// Headers the edge adds to every answer, whoever produced it: the caller's rate-limit bucket (when
/// limiting is on) and, for a browser calling from an allowed origin, CORS.
fn add_edge_headers(operation: &mut utoipa::openapi::path::Operation) {
    for response in operation.responses.responses.values_mut() {
        let utoipa::openapi::RefOr::T(response) = response else { continue };
        let headers = [
            (
                "RateLimit-Policy",
                "The caller's rate-limit policy (IETF RateLimit headers): `\"<name>\";q=<requests>;w=<seconds>`, \
                 a bucket of q requests refilled at q/w a second; `authenticated` per token, `anonymous` per address",
            ),
            ("RateLimit", "What is left: `\"<name>\";r=<requests left>;t=<seconds until the bucket is full>`"),
            (
                "Access-Control-Allow-Origin",
                "The caller's origin, when a browser calls from an origin the operator allows \
                 (`GOVERNANCE_CORS_ALLOWED_ORIGINS`; none by default)",
            ),
        ];
        for (name, description) in headers {
            response.headers.entry(name.into()).or_insert_with(|| string_header(description));
        }
    }
}

/// What the edge refuses before routing, on every path: long queries, large headers, fast callers.
fn add_edge_limits(operation: &mut utoipa::openapi::path::Operation) {
    add_problem(operation, "414", "The query string is too long");
    add_problem(operation, "431", "The request headers are too large");
    if let utoipa::openapi::RefOr::T(limited) = operation
        .responses
        .responses
        .entry("429".into())
        .or_insert_with(|| problem_response("Too many requests from this token or address: see Retry-After").into())
    {
        limited.headers.insert("Retry-After".into(), string_header("Seconds to wait before trying again"));
    }
}

/// Only a bearer token.
fn bearer() -> Vec<SecurityRequirement> {
    vec![SecurityRequirement::new(BEARER_SCHEME, Vec::<String>::new())]
}

/// Every response's request id, and the version and location headers by the operation's shape.
fn add_response_headers(operation: &mut utoipa::openapi::path::Operation, shape: Shape, id: &str, has_id: bool) {
    for (status, response) in operation.responses.responses.iter_mut() {
        let utoipa::openapi::RefOr::T(response) = response else { continue };
        response.headers.insert("X-Request-Id".into(), string_header("The request id (echoed or generated)"));
        if shape == Shape::Evaluate {
            if status == "201" {
                response.headers.insert("ETag".into(), string_header("The record's version and a digest of the representation (`\"<version>-<digest>\"`), for If-Match"));
                response.headers.insert("Location".into(), string_header("URL of the record"));
            }
            continue;
        }
        let versioned = !id.starts_with("list_") && !id.starts_with("verify_") && !UNTAGGED_READS.contains(&id);
        if (has_id || shape != Shape::Read) && versioned {
            response.headers.insert("ETag".into(), string_header("The record's version and a digest of the representation (`\"<version>-<digest>\"`): send it as If-Match (the version is compared) or If-None-Match (304 only for these very bytes)"));
        }
        if shape == Shape::Create {
            response.headers.insert("Location".into(), string_header("URL of the created or changed resource"));
        }
    }
}

/// What any versioned API call can be answered before or beside its own work.
fn add_edge_problems(operation: &mut utoipa::openapi::path::Operation, has_id: bool) {
    add_problem(operation, "400", "Malformed request: bad query parameter, header or body");
    add_problem(operation, "401", "Missing or invalid bearer token");
    add_problem(operation, "503", "The database is unavailable");
    if has_id {
        add_problem(operation, "404", "No such resource, or it is not visible to you");
    }
}

/// Reads of a path with a parameter that answer no ETag: an export streams every record of its kind,
/// so it has no tag to give before its body.
const UNTAGGED_READS: [&str; 1] = ["export_records"];

/// Reads: conditional on an ETag where they name a record; anonymous or with a token, except audit.
fn read_conventions(operation: &mut utoipa::openapi::path::Operation, id: &str, has_id: bool) {
    if has_id && !UNTAGGED_READS.contains(&id) {
        let parameters = operation.parameters.get_or_insert_with(Vec::new);
        parameters.push(header_parameter("If-None-Match", false, "An ETag you hold; 304 when it is current"));
        operation
            .responses
            .responses
            .entry("304".into())
            .or_insert_with(|| ResponseBuilder::new().description("Not modified: your copy is current").build().into());
    }
    if id.contains("audit") && !PUBLIC_AUDIT_READS.contains(&id) {
        add_problem(operation, "403", "Authenticated but not allowed");
        operation.security = Some(bearer());
    } else {
        // Reads work anonymously (public records) or with a token (more records).
        operation.security =
            Some(vec![SecurityRequirement::default(), SecurityRequirement::new(BEARER_SCHEME, Vec::<String>::new())]);
    }
}

/// Creates, changes and evaluations: replay keys or If-Match, and the refusals a body can earn.
fn write_conventions(operation: &mut utoipa::openapi::path::Operation, shape: Shape, id: &str) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    // Validation stores nothing, so it has no key to replay.
    if shape == Shape::Create || (shape == Shape::Evaluate && !id.starts_with("validate_")) {
        parameters.push(header_parameter(
            "Idempotency-Key",
            false,
            "Replays of the same key and body return the first answer",
        ));
        if shape == Shape::Create {
            // The access policy hides what the caller may not see: creating under it is a 404.
            add_problem(operation, "404", "The organisation or record the body names is not visible to you");
        }
    } else if shape == Shape::Change {
        parameters.push(header_parameter("If-Match", true, "The ETag of the version being changed"));
        add_problem(operation, "412", "If-Match names a stale version: nothing was changed");
        add_problem(operation, "428", "If-Match is missing");
    }
    add_problem(operation, "403", "Authenticated but not allowed");
    if shape != Shape::Evaluate {
        add_problem(operation, "409", "Conflicts with the current state or a unique value");
    }
    add_problem(operation, "413", "The body is too large");
    add_problem(operation, "415", "The body is not application/json");
    add_problem(operation, "422", "A rule is broken: `code` is the rule id, `errors` point at the fields");
    operation.security = Some(bearer());
}
