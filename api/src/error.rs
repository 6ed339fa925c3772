//! Every failure becomes an RFC 9457 problem. Handlers return [`ApiError`]; the edge middleware
//! fills in `instance` and `request_id` and writes the body (see `edge.rs`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use domain::access::Denial;
use domain::RuleViolation;
use openapi::{FieldError, Problem};
use persistence::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String, errors: Vec<FieldError> },
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("not found")]
    NotFound,
    /// A CORS preflight from an origin the service does not allow (see `cors.rs`).
    #[error("cross-origin requests from this origin are not allowed")]
    CorsOriginNotAllowed,
    #[error("{0}")]
    Conflict(String),
    #[error("If-Match does not match the current version {current}")]
    PreconditionFailed { current: i64 },
    #[error("If-Match is required")]
    PreconditionRequired,
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("too many requests")]
    TooManyRequests { retry_after_seconds: u64 },
    #[error("{0}")]
    UriTooLong(String),
    #[error("{0}")]
    HeadersTooLarge(String),
    #[error("the request breaks {} rule(s)", .0.len())]
    Rules(Vec<RuleViolation>),
    #[error("{detail}")]
    Unprocessable { code: &'static str, detail: String, errors: Vec<FieldError> },
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// A 400 about one field (`pointer`), e.g. a malformed query parameter.
    pub fn invalid_field(pointer: impl Into<String>, code: &str, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError::BadRequest {
            code: "validation.failed",
            detail: message.clone(),
            errors: vec![FieldError { pointer: pointer.into(), code: code.into(), message }],
        }
    }

    /// A 422 about a reference in the body that names nothing (or nothing the caller may see).
    pub fn unknown_reference(pointer: &str, what: &str) -> ApiError {
        let message = format!("no {what} with this id");
        ApiError::Unprocessable {
            code: "unknown_reference",
            detail: message.clone(),
            errors: vec![FieldError { pointer: pointer.into(), code: "unknown_reference".into(), message }],
        }
    }

    /// The same refusal about a body nested at `prefix` (e.g. `/new_successor`): every field pointer
    /// is moved under it.
    pub fn under(self, prefix: &str) -> ApiError {
        match self {
            ApiError::Rules(violations) => ApiError::Rules(
                violations
                    .into_iter()
                    .map(|mut v| {
                        v.pointer = format!("{prefix}{}", v.pointer);
                        v
                    })
                    .collect(),
            ),
            ApiError::Unprocessable { code, detail, errors } => ApiError::Unprocessable {
                code,
                detail,
                errors: errors
                    .into_iter()
                    .map(|mut e| {
                        e.pointer = format!("{prefix}{}", e.pointer);
                        e
                    })
                    .collect(),
            },
            other => other,
        }
    }

    /// A lifecycle event the domain refused: rules broken (422) or not possible now (409).
    pub fn refused(refusal: domain::agreements::Refusal) -> ApiError {
        match refusal {
            domain::agreements::Refusal::Rules(violations) => ApiError::Rules(violations),
            domain::agreements::Refusal::Conflict(detail) => ApiError::Conflict(detail),
        }
    }

    /// Refuses with every violation when there are any.
    pub fn check(violations: Vec<RuleViolation>) -> Result<(), ApiError> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Rules(violations))
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code().as_u16();
        match self {
            ApiError::BadRequest { code, detail, errors } => {
                Problem::new(status, code, "Bad request", detail.clone()).with_errors(errors.clone())
            }
            ApiError::Unauthenticated(detail) => Problem::new(status, "unauthenticated", "Unauthenticated", detail.clone()),
            ApiError::Forbidden(detail) => Problem::new(status, "forbidden", "Forbidden", detail.clone()),
            ApiError::NotFound => Problem::new(status, "not_found", "Not found", "no such resource, or it is not visible to you"),
            ApiError::CorsOriginNotAllowed => Problem::new(
                status,
                "cors.origin_not_allowed",
                "Origin not allowed",
                "this origin may not call the service from a browser; its operator lists the origins that may (GOVERNANCE_CORS_ALLOWED_ORIGINS)",
            ),
            ApiError::Conflict(detail) => Problem::new(status, "conflict", "Conflict", detail.clone()),
            ApiError::PreconditionFailed { current } => Problem::new(
                status,
                "precondition_failed",
                "Version mismatch",
                format!("If-Match names another version; the current version is {current} (ETag \"{current}\"); nothing was changed"),
            ),
            ApiError::PreconditionRequired => Problem::new(
                status,
                "precondition_required",
                "If-Match required",
                "send If-Match with the ETag of the version you are changing",
            )
            .with_errors(vec![FieldError {
                pointer: "/header/if-match".into(),
                code: "required".into(),
                message: "If-Match is required on changes".into(),
            }]),
            ApiError::PayloadTooLarge(detail) => Problem::new(status, "payload_too_large", "Payload too large", detail.clone()),
            ApiError::UnsupportedMediaType(detail) => {
                Problem::new(status, "unsupported_media_type", "Unsupported media type", detail.clone())
            }
            ApiError::MethodNotAllowed => {
                Problem::new(status, "method_not_allowed", "Method not allowed", "this path does not accept this method")
            }
            ApiError::TooManyRequests { retry_after_seconds } => Problem::new(
                status,
                "rate_limited",
                "Too many requests",
                format!("slow down: try again in {retry_after_seconds} s"),
            ),
            ApiError::UriTooLong(detail) => Problem::new(status, "uri_too_long", "Query too long", detail.clone()),
            ApiError::HeadersTooLarge(detail) => {
                Problem::new(status, "headers_too_large", "Headers too large", detail.clone())
            }
            ApiError::Rules(violations) => {
                // The problem's code is the first rule broken, in the order the rules are checked (the
                // order of `errors[]`), so clients can branch on it; `errors[]` lists every one.
                let code = violations.first().map_or("validation.failed", |v| v.rule);
                let mut detail = violations.iter().take(10).map(|v| v.message.as_str()).collect::<Vec<_>>().join("; ");
                if violations.len() > 10 {
                    detail.push_str(&format!("; and {} more", violations.len() - 10));
                }
                Problem::new(status, code, "Rule violated", detail).with_errors(
                    violations
                        .iter()
                        .map(|v| FieldError { pointer: v.pointer.clone(), code: v.rule.to_string(), message: v.message.clone() })
                        .collect(),
                )
            }
            ApiError::Unprocessable { code, detail, errors } => {
                Problem::new(status, code, "Unprocessable request", detail.clone()).with_errors(errors.clone())
            }
            ApiError::Unavailable(detail) => Problem::new(status, "unavailable", "Service unavailable", detail.clone()),
            ApiError::Internal(_) => Problem::new(status, "internal", "Internal error", "an unexpected error occurred; quote the request id"),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::CorsOriginNotAllowed => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            ApiError::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ApiError::Rules(_) | ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, ApiError::Unauthenticated(_)) {
            response.insert_header(("WWW-Authenticate", "Bearer realm=\"governance\""));
        }
        if let ApiError::TooManyRequests { retry_after_seconds } = self {
            response.insert_header(("Retry-After", retry_after_seconds.to_string()));
        }
        // The edge middleware completes and serialises the problem.
        let mut response = response.finish();
        response.extensions_mut().insert(self.problem());
        response
    }
}

impl From<Denial> for ApiError {
    fn from(denial: Denial) -> ApiError {
        match denial {
            Denial::Unauthenticated => ApiError::Unauthenticated("this needs a bearer token".into()),
            Denial::Forbidden(why) => ApiError::Forbidden(why),
            Denial::NotVisible => ApiError::NotFound,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error {
            StoreError::Pool(why) | StoreError::Connect(why) => {
                ApiError::Unavailable(format!("database unavailable: {why}"))
            }
            StoreError::Database(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                info,
            )) => ApiError::Conflict(format!("a record with the same unique value exists ({})", info.message())),
            // PostgreSQL runs concurrent writers' work in parallel: one that loses a lock cycle or a
            // serialisation check is rolled back whole and may simply be retried.
            StoreError::Database(diesel::result::Error::DatabaseError(kind, info))
                if matches!(kind, diesel::result::DatabaseErrorKind::SerializationFailure)
                    || info.message().contains("deadlock detected") =>
            {
                ApiError::Conflict("a concurrent change conflicted with this one and nothing was stored: retry".into())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> ApiError {
        ApiError::from(StoreError::from(error))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> ApiError {
        ApiError::Internal(error.to_string())
    }
}
