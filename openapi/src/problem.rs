//! RFC 9457 problem details, the one error schema of the API.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// A problem with one field of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// JSON Pointer (RFC 6901) to the field in the body, or `/query/<name>`, `/header/<name>`, `/path/<name>`.
    pub pointer: String,
    /// Stable code: a rule id such as `R-OR-02`, or e.g. `required`, `invalid`, `unknown_field`.
    pub code: String,
    pub message: String,
}

/// Every error response: `application/problem+json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// URI reference identifying the problem type: the entry of `code` in the rule catalogue
    /// (`/api/v1/rules/{code}`, on `GOVERNANCE_PUBLIC_BASE_URL` when the operator sets one).
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request path the problem occurred on.
    pub instance: String,
    /// Stable machine-readable code, e.g. `not_found`, `validation.failed`, `R-OR-02`.
    pub code: String,
    /// The request id (also in the `X-Request-Id` header), for support.
    pub request_id: String,
    /// Field-level problems; empty when the problem is not about fields.
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem of a code; `type` is derived from the code so it stays stable.
    pub fn new(status: u16, code: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem {
            problem_type: type_uri(code),
            title: title.to_string(),
            status,
            detail: detail.into(),
            instance: String::new(),
            code: code.to_string(),
            request_id: String::new(),
            errors: Vec::new(),
        }
    }

    /// The field errors, the first [`domain::bounds::MAX_ITEMS`] of them (the list's declared bound;
    /// a request breaking more rules than that is told the first ones, in the order checked).
    pub fn with_errors(mut self, mut errors: Vec<FieldError>) -> Problem {
        errors.truncate(domain::bounds::MAX_ITEMS);
        self.errors = errors;
        self
    }
}

static TYPE_BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the base URL problem `type` URIs are built on (the service's public base URL), once at
/// start-up; until then, and when empty, they are relative to the service.
pub fn set_type_base(base: &str) {
    let _ = TYPE_BASE.set(base.trim_end_matches('/').to_string());
}

/// The service's public base URL as set at start-up (no trailing slash); empty when not configured,
/// so links built on it stay relative to the service.
pub fn public_base_url() -> &'static str {
    TYPE_BASE.get().map(String::as_str).unwrap_or("")
}

/// Where a problem code is explained: its entry in the service's rule catalogue.
pub fn type_uri(code: &str) -> String {
    format!("{}/api/v1/rules/{code}", TYPE_BASE.get().map(String::as_str).unwrap_or(""))
}
