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
    /// URI reference identifying the problem type.
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
            problem_type: format!("https://governance.police.uk/problems/{code}"),
            title: title.to_string(),
            status,
            detail: detail.into(),
            instance: String::new(),
            code: code.to_string(),
            request_id: String::new(),
            errors: Vec::new(),
        }
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Problem {
        self.errors = errors;
        self
    }
}
