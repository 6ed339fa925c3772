//! The outermost middleware: request ids, one log line per request, metrics, limits, CORS (see
//! `cors.rs`), and the final form of every error response (problem+json with `instance` and
//! `request_id`), whoever produced it.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use openapi::problem::PROBLEM_CONTENT_TYPE;
use openapi::Problem;

use crate::cors::Cors;
use crate::limits::Allowance;
use crate::state::AppState;

/// The request's id, echoed in `X-Request-Id` and every log line and audit event.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

fn acceptable_request_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let ok = !text.is_empty() && text.len() <= 128 && text.bytes().all(|b| b.is_ascii_graphic());
    ok.then(|| text.to_string())
}

/// A problem for a status that arrived without one (e.g. actix's own 404 and 405).
fn generic_problem(status: u16) -> Problem {
    match status {
        404 => Problem::new(404, "not_found", "Not found", "no such resource, or it is not visible to you"),
        405 => Problem::new(405, "method_not_allowed", "Method not allowed", "this path does not accept this method"),
        413 => Problem::new(413, "payload_too_large", "Payload too large", "the request is too large"),
        s if s >= 500 => {
            Problem::new(s, "internal", "Internal error", "an unexpected error occurred; quote the request id")
        }
        s => Problem::new(s, "bad_request", "Bad request", "the request could not be understood"),
    }
}

/// Content policy for the API: JSON only, never framed, nothing loaded.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";
/// Content policy for Swagger UI: its own scripts and styles (it sets inline styles), data: images.
const DOCS_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/// Headers every response carries: no MIME sniffing, no framing, no referrer, a content policy.
fn add_security_headers(headers: &mut actix_web::http::header::HeaderMap, docs: bool) {
    use actix_web::http::header;
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    let policy = if docs { DOCS_POLICY } else { API_POLICY };
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
}

/// What the edge answers itself, before any routing: query and header sizes, then a CORS preflight
/// (before the rate limiter and authentication: a browser sends it without the token), then the
/// caller's rate. `None`: the request goes on to the service. Beside it, what is left of the
/// caller's rate-limit bucket, for the `RateLimit` headers of whatever answer is sent.
fn answer_at_the_edge(
    state: &AppState,
    req: &ServiceRequest,
    cors: &Cors,
) -> (Option<Result<actix_web::HttpResponse, crate::error::ApiError>>, Option<Allowance>) {
    if let Some(refusal) = oversized(state, req) {
        return (Some(Err(refusal)), None);
    }
    if let Some(answer) = cors.preflight() {
        return (Some(answer), None);
    }
    let (refusal, allowance) = rate_limited(state, req);
    (refusal.map(Err), allowance)
}

/// The caller's bucket after this request (IETF `RateLimit-Policy` and `RateLimit`).
fn add_rate_limit_headers(headers: &mut actix_web::http::header::HeaderMap, allowance: &Allowance) {
    for (name, value) in [("ratelimit-policy", allowance.policy_header()), ("ratelimit", allowance.header())] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
}

/// Query string and headers larger than the settings allow.
fn oversized(state: &AppState, req: &ServiceRequest) -> Option<crate::error::ApiError> {
    use crate::error::ApiError;
    let settings = &state.settings;
    if req.query_string().len() > settings.max_query_bytes {
        return Some(ApiError::UriTooLong(format!(
            "the query string is longer than {} bytes",
            settings.max_query_bytes
        )));
    }
    let header_bytes: usize = req.headers().iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    if header_bytes > settings.max_header_bytes {
        return Some(ApiError::HeadersTooLarge(format!(
            "the headers are larger than {} bytes",
            settings.max_header_bytes
        )));
    }
    // The document bounds If-None-Match on every operation, whether or not it reads it.
    let if_none_match = req.headers().get(actix_web::http::header::IF_NONE_MATCH).map_or(0, |v| v.len());
    if if_none_match > openapi::bounds::MAX_IF_NONE_MATCH_CHARS {
        let why = format!("If-None-Match is at most {} characters", openapi::bounds::MAX_IF_NONE_MATCH_CHARS);
        return Some(ApiError::invalid_field("/header/if-none-match", "too_long", why));
    }
    None
}

/// The caller's rate: by token, or by address without one; and what is left of its bucket.
fn rate_limited(state: &AppState, req: &ServiceRequest) -> (Option<crate::error::ApiError>, Option<Allowance>) {
    use crate::error::ApiError;
    let authorization = req.headers().get(actix_web::http::header::AUTHORIZATION).map(|v| v.as_bytes());
    let address = req.peer_addr().map(|a| a.ip().to_string());
    match state.rate_limiter.check(authorization, address.as_deref()) {
        Ok(allowance) => (None, allowance),
        Err(refused) => {
            let retry_after_seconds = refused.wait.as_secs().max(1);
            (Some(ApiError::TooManyRequests { retry_after_seconds }), Some(refused.allowance))
        }
    }
}

pub async fn edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(acceptable_request_id)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let metrics = state.as_ref().map(|state| state.metrics.clone());
    let method = req.method().to_string();
    let path = req.path().to_string();
    let started = Instant::now();
    if let Some(m) = &metrics {
        m.started();
    }

    let cors =
        state.as_ref().map_or_else(Cors::off, |state| Cors::for_request(&state.settings.cors_allowed_origins, &req));
    let (answer, allowance) = match state.as_ref() {
        Some(state) => answer_at_the_edge(state, &req, &cors),
        None => (None, None),
    };
    let response = match answer {
        Some(Ok(response)) => req.into_response(response),
        Some(Err(error)) => {
            use actix_web::ResponseError;
            req.into_response(error.error_response())
        }
        None => next.call(req).await?.map_into_boxed_body(),
    };
    let status = response.status().as_u16();
    let already_problem =
        response.headers().get(CONTENT_TYPE).is_some_and(|v| v.as_bytes() == PROBLEM_CONTENT_TYPE.as_bytes());
    let mut response = if status >= 400 && !already_problem {
        let mut problem =
            response.response().extensions().get::<Problem>().cloned().unwrap_or_else(|| generic_problem(status));
        problem.instance = path.clone();
        problem.request_id = request_id.clone();
        let body = serde_json::to_string(&problem).unwrap_or_default();
        response.map_body(|head, _| {
            head.headers.insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_CONTENT_TYPE));
            BoxBody::new(body)
        })
    } else {
        response
    };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    add_security_headers(response.headers_mut(), path.starts_with("/docs"));
    cors.add_headers(response.headers_mut());
    if let Some(allowance) = allowance {
        add_rate_limit_headers(response.headers_mut(), &allowance);
    }

    let elapsed = started.elapsed();
    if let Some(m) = &metrics {
        m.finished(status, elapsed);
    }
    tracing::info!(
        request_id = %request_id,
        method = %method,
        path = %path,
        status,
        micros = elapsed.as_micros() as u64,
        "request"
    );
    Ok(response)
}
