//! Cross-origin requests from force intranet web applications (issue 17): for the origins listed in
//! `GOVERNANCE_CORS_ALLOWED_ORIGINS` (none by default), every response names the request's origin in
//! `Access-Control-Allow-Origin` and exposes the headers clients read, and preflight `OPTIONS`
//! requests are answered at the edge, before the rate limiter and authentication. Other origins get
//! no CORS headers, and their preflights a 403 problem (`cors.origin_not_allowed`). With no origins
//! listed the service sends no CORS headers at all and `OPTIONS` is routed like any other method.
//!
//! Credentials are bearer tokens, never cookies, so `Access-Control-Allow-Credentials` is never sent.
//! Hand-written rather than `actix-cors`: the refusal is a problem+json like every other, the
//! preflight must be answered between the edge's size checks and its rate check, and the edge's own
//! refusals (429 with `Retry-After`) must carry the headers too, so this is called from `edge.rs`.

use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::Method;
use actix_web::HttpResponse;

use crate::error::ApiError;

/// The header a response names the allowed origin in; the OpenAPI document declares it on every
/// response (sent only when the request's `Origin` is allowed).
pub const ALLOW_ORIGIN_HEADER: &str = "Access-Control-Allow-Origin";

/// Its description, for the declaration in the OpenAPI document.
pub const ALLOW_ORIGIN_DESCRIPTION: &str = "The request's `Origin`, when it is one of the origins the service \
     allows (`GOVERNANCE_CORS_ALLOWED_ORIGINS`, none by default); absent otherwise.";

/// Response headers a browser client may read, beyond the CORS-safelisted ones.
pub const EXPOSED_HEADERS: &str =
    "ETag, Location, X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, Deprecation, Sunset, Link";

/// Methods a preflight may ask for: those the API's operations use.
pub const ALLOWED_METHODS: &str = "GET, POST, PATCH, PUT, DELETE";

/// Request headers a preflight may ask for, beyond the CORS-safelisted ones.
pub const ALLOWED_HEADERS: &str = "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id";

/// How long (seconds) a browser may keep a preflight's answer: Chromium's ceiling. A removed origin is
/// still refused meanwhile, since its responses carry no `Access-Control-Allow-Origin`.
pub const MAX_AGE_SECONDS: u32 = 7200;

/// One origin as browsers send it in `Origin` (`scheme://host[:port]`, lowercase, default port
/// left out), from a setting's text; `*`, paths, credentials and other schemes are refused.
pub fn parse_origin(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text == "*" {
        return Err("\"*\" is not allowed: list each origin (scheme://host[:port])".into());
    }
    let refuse = |why: &str| Err(format!("{text:?} is not an origin (scheme://host[:port]): {why}"));
    let url = match url::Url::parse(text) {
        Ok(url) => url,
        Err(e) => return refuse(&e.to_string()),
    };
    if !matches!(url.scheme(), "https" | "http") {
        return refuse("the scheme must be https or http");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("an origin has no user name or password");
    }
    // `Url` writes an empty path as "/", so a single trailing slash cannot be told apart: allowed.
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return refuse("an origin has no path, query or fragment");
    }
    if let Some(url::Host::Domain(domain)) = url.host() {
        if !domain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
            return refuse("the host is not a domain name (no wildcards: list each origin)");
        }
    }
    match url.origin() {
        origin @ url::Origin::Tuple(..) => Ok(origin.ascii_serialization()),
        url::Origin::Opaque(_) => refuse("it has no host"),
    }
}

/// What CORS means for one request: whether the service allows cross-origin calls at all, and the
/// request's `Origin` when it is an allowed one.
pub struct Cors {
    enabled: bool,
    allowed_origin: Option<HeaderValue>,
    preflight: bool,
}

impl Cors {
    /// CORS for `req` under the allowed `origins` (empty: off).
    pub fn for_request(origins: &[String], req: &ServiceRequest) -> Cors {
        if origins.is_empty() {
            return Cors { enabled: false, allowed_origin: None, preflight: false };
        }
        let headers = req.headers();
        let origin = headers.get(header::ORIGIN);
        let preflight = req.method() == Method::OPTIONS
            && origin.is_some()
            && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
        let allowed_origin =
            origin.filter(|origin| origins.iter().any(|allowed| allowed.as_bytes() == origin.as_bytes())).cloned();
        Cors { enabled: true, allowed_origin, preflight }
    }

    /// Not configured: nothing added, nothing answered.
    pub fn off() -> Cors {
        Cors { enabled: false, allowed_origin: None, preflight: false }
    }

    /// The answer to a preflight request: 204 with what may be asked for when its origin is allowed,
    /// a 403 problem when not; `None` for every other request.
    pub fn preflight(&self) -> Option<Result<HttpResponse, ApiError>> {
        if !self.preflight {
            return None;
        }
        if self.allowed_origin.is_none() {
            return Some(Err(ApiError::CorsOriginNotAllowed));
        }
        Some(Ok(HttpResponse::NoContent()
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS))
            .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS.to_string()))
            .finish()))
    }

    /// Adds the CORS headers to a response: for an allowed origin, the origin and the exposed
    /// headers. While CORS is on, every response varies with `Origin` (so caches keep the answers
    /// to different origins apart), whether or not this one was allowed.
    pub fn add_headers(&self, headers: &mut HeaderMap) {
        if !self.enabled {
            return;
        }
        add_vary_origin(headers);
        if let Some(origin) = &self.allowed_origin {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
        }
    }
}

/// `Vary: Origin`, merged into one field with any `Vary` already there (e.g. `Accept-Encoding`).
fn add_vary_origin(headers: &mut HeaderMap) {
    let mut values: Vec<String> =
        headers.get_all(header::VARY).filter_map(|v| v.to_str().ok()).map(str::to_string).collect();
    if values.iter().any(|v| v.split(',').any(|name| name.trim().eq_ignore_ascii_case("origin") || name.trim() == "*"))
    {
        return;
    }
    values.push("Origin".into());
    if let Ok(value) = HeaderValue::from_str(&values.join(", ")) {
        headers.insert(header::VARY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::parse_origin;

    #[test]
    fn origins_are_read_as_browsers_send_them() {
        assert_eq!(
            parse_origin("https://intranet.west-mercia.police.uk").as_deref(),
            Ok("https://intranet.west-mercia.police.uk")
        );
        assert_eq!(parse_origin(" HTTPS://Intranet.Example:443/ ").as_deref(), Ok("https://intranet.example"));
        assert_eq!(parse_origin("http://10.20.1.5:8443").as_deref(), Ok("http://10.20.1.5:8443"));
    }

    #[test]
    fn anything_but_an_origin_is_refused() {
        for text in [
            "*",
            "intranet.example",
            "https://",
            "https://intranet.example/app",
            "https://intranet.example?x=1",
            "https://user@intranet.example",
            "ftp://intranet.example",
            "null",
            "https://*.example",
        ] {
            assert!(parse_origin(text).is_err(), "{text} was accepted");
        }
    }
}
