//! Request extractors that turn every malformed input into a problem naming the field:
//! JSON bodies (media type, size, syntax, unknown and missing fields), query strings and path ids.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON request body of type `T`, plus the SHA-256 of its bytes (for idempotency checks).
pub struct JsonBody<T> {
    pub value: T,
    pub digest: String,
}

/// Converts a serde error message into (pointer suffix, code).
fn field_problem(path: &str, message: &str) -> (String, &'static str) {
    let base = if path == "." || path.is_empty() {
        String::new()
    } else {
        format!("/{}", path.replace(['.', '['], "/").replace(']', ""))
    };
    let quoted = message.split('`').nth(1).unwrap_or_default();
    if message.starts_with("unknown field") {
        // The path already ends with the unknown field's name.
        let pointer = if base.ends_with(&format!("/{quoted}")) { base } else { format!("{base}/{quoted}") };
        (pointer, "unknown_field")
    } else if message.starts_with("missing field") {
        (format!("{base}/{quoted}"), "required")
    } else {
        (base, "invalid")
    }
}

/// Why a text value is refused whatever field it is in: PostgreSQL cannot store a NUL character (and
/// no governance text needs one), and a date-shaped value that is not strict ISO 8601 `YYYY-MM-DD`
/// with a year from 0001 to 9999 (`-5000-01-01`, `+10000-01-01`, `2017-1-1`), which the date parser
/// would otherwise read leniently. Refused on both backends alike.
fn refused_text(text: &str) -> Option<&'static str> {
    if text.contains('\0') {
        return Some("text must not contain the NUL character");
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let parts: Vec<&str> = unsigned.split('-').collect();
    let date_shaped =
        parts.len() == 3 && parts.iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    let strict = unsigned.len() == text.len() && parts.iter().map(|p| p.len()).eq([4, 2, 2]) && parts[0] != "0000";
    (date_shaped && !strict).then_some("dates are YYYY-MM-DD with a year from 0001 to 9999")
}

/// The first value in a JSON body refused whatever field it is in, with its pointer and code: text
/// [`refused_text`] refuses (`validation.failed`), text longer than [`MAX_TEXT_CHARS`] or a key longer
/// than [`MAX_KEY_CHARS`] (`too_long`), a list longer than [`MAX_ITEMS`] (`too_many_items`). These are
/// the bounds the document declares on every schema without a tighter one (`openapi::bounds`).
fn refused_value(value: &serde_json::Value) -> Option<(String, &'static str, String)> {
    use domain::bounds::{MAX_ITEMS, MAX_KEY_CHARS, MAX_TEXT_CHARS};
    fn text(text: &str, pointer: &str, max: usize) -> Option<(String, &'static str, String)> {
        if let Some(why) = refused_text(text) {
            return Some((pointer.to_string(), "validation.failed", why.to_string()));
        }
        // Counting characters is only needed when the bytes could be too many.
        (text.len() > max && text.chars().count() > max)
            .then(|| (pointer.to_string(), "too_long", format!("must be at most {max} characters")))
    }
    fn walk(value: &serde_json::Value, pointer: String) -> Option<(String, &'static str, String)> {
        match value {
            serde_json::Value::String(value) => text(value, &pointer, MAX_TEXT_CHARS),
            serde_json::Value::Array(items) if items.len() > MAX_ITEMS => {
                Some((pointer, "too_many_items", format!("must hold at most {MAX_ITEMS} items")))
            }
            serde_json::Value::Array(items) => {
                items.iter().enumerate().find_map(|(i, item)| walk(item, format!("{pointer}/{i}")))
            }
            serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
                let short: String = key.chars().take(MAX_KEY_CHARS).collect();
                let here = format!("{pointer}/{}", short.replace('~', "~0").replace('/', "~1"));
                text(key, &here, MAX_KEY_CHARS).or_else(|| walk(item, here))
            }),
            _ => None,
        }
    }
    walk(value, String::new())
}

/// JSON Schema counts `1096.0` as the integer 1096 (a number with no fractional part); serde does
/// not. Such numbers are rewritten as integers, so every value the document calls an integer is read
/// as one; whether any was rewritten is returned.
fn integral_numbers_as_integers(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Number(number) => {
            let Some(float) = number.as_f64().filter(|_| number.is_f64()) else { return false };
            let integral = float.fract() == 0.0 && float >= i64::MIN as f64 && float < i64::MAX as f64;
            if integral {
                *value = serde_json::Value::from(float as i64);
            }
            integral
        }
        // Every item is visited (no short-circuit): each integral number in the body is rewritten.
        serde_json::Value::Array(items) => {
            items.iter_mut().map(integral_numbers_as_integers).filter(|rewritten| *rewritten).count() > 0
        }
        serde_json::Value::Object(fields) => {
            fields.values_mut().map(integral_numbers_as_integers).filter(|rewritten| *rewritten).count() > 0
        }
        _ => false,
    }
}

/// A body as the typed reader should see it, from one parse: refused if any value breaks the
/// bounds every field has ([`refused_value`]); rewritten if it holds integral numbers written as
/// decimals; otherwise the bytes as sent (so the reader still reports syntax errors and duplicates).
fn checked_body(body: web::BytesMut) -> Result<web::BytesMut, ApiError> {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&body) else { return Ok(body) };
    if let Some((pointer, code, why)) = refused_value(&value) {
        return Err(refused(pointer, code, why));
    }
    if !integral_numbers_as_integers(&mut value) {
        return Ok(body);
    }
    Ok(serde_json::to_vec(&value).map_or(body, |bytes| web::BytesMut::from(&bytes[..])))
}

fn refused(pointer: String, code: &'static str, why: String) -> ApiError {
    ApiError::Rules(vec![domain::RuleViolation::new(code, pointer, why)])
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        let limit = req.app_data::<web::Data<AppState>>().map_or(256 * 1024, |state| state.settings.max_body_bytes);
        let declared_length = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            match content_type.as_deref() {
                Some("application/json") => {}
                Some(other) if other.starts_with("application/") && other.ends_with("+json") => {}
                other => {
                    return Err(ApiError::UnsupportedMediaType(format!(
                        "send the body as application/json (got {})",
                        other.unwrap_or("no Content-Type")
                    )))
                }
            }
            let too_large = || ApiError::PayloadTooLarge(format!("the body is larger than {limit} bytes"));
            if declared_length.is_some_and(|length| length > limit) {
                return Err(too_large());
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = futures_util::StreamExt::next(&mut payload).await {
                let chunk = chunk.map_err(|e| {
                    ApiError::invalid_field("", "malformed_body", format!("could not read the body: {e}"))
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            let digest = domain::audit::state_digest(&body);
            let body = checked_body(body)?;
            let deserializer = &mut serde_json::Deserializer::from_slice(&body);
            let value = serde_path_to_error::deserialize(deserializer).map_err(|error| {
                let message = error.inner().to_string();
                if error.inner().is_syntax() || error.inner().is_eof() {
                    return ApiError::BadRequest {
                        code: "malformed_json",
                        detail: format!("the body is not valid JSON: {message}"),
                        errors: Vec::new(),
                    };
                }
                let (pointer, code) = field_problem(&error.path().to_string(), &message);
                ApiError::BadRequest {
                    code: "validation.failed",
                    detail: message.clone(),
                    errors: vec![openapi::FieldError { pointer, code: code.into(), message }],
                }
            })?;
            Ok(JsonBody { value, digest })
        })
    }
}

/// Query parameters of type `T` (declared with `deny_unknown_fields`, so unknown ones are a 400).
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned> FromRequest for QueryParams<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pairs = serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string()).unwrap_or_default();
        if let Some((name, why)) = pairs.iter().find_map(|(name, value)| refused_text(value).map(|why| (name, why))) {
            return std::future::ready(Err(ApiError::invalid_field(format!("/query/{name}"), "invalid", why)));
        }
        // The bound the document declares on every text in a query (`openapi::bounds`).
        let too_long =
            pairs.iter().find(|(name, value)| value.chars().count() > domain::bounds::query_text_limit(name));
        if let Some((name, _)) = too_long {
            let max = domain::bounds::query_text_limit(name);
            let why = format!("{name} is at most {max} characters");
            return std::future::ready(Err(ApiError::invalid_field(format!("/query/{name}"), "too_long", why)));
        }
        // Read with the path to what failed, so that a value of the wrong type names its parameter.
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(req.query_string().as_bytes()));
        let result = serde_path_to_error::deserialize::<_, T>(deserializer).map(QueryParams).map_err(|error| {
            // A query's parameters are flat: the first segment is the parameter's name, as given.
            let name = error.path().iter().next().map(ToString::to_string);
            let message = error.inner().to_string();
            let (name, message, code) = match name {
                Some(name) if message.starts_with("unknown field") => (name, message, "unknown_field"),
                Some(name) => (name.clone(), format!("{name}: {message}"), "invalid"),
                None => {
                    let (pointer, code) = field_problem("", &message);
                    (pointer.trim_start_matches('/').to_string(), message, code)
                }
            };
            let pointer = match name.as_str() {
                "" => "/query".to_string(),
                name => format!("/query/{}", name.replace('~', "~0").replace('/', "~1")),
            };
            ApiError::BadRequest {
                code: "validation.failed",
                detail: format!("query string: {message}"),
                errors: vec![openapi::FieldError { pointer, code: code.into(), message }],
            }
        });
        std::future::ready(result)
    }
}

/// A resource id from the path; anything that is not a UUID names no resource (404).
pub fn path_id(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::NotFound)
}

/// Page size: default 50, at most 200.
pub fn page_limit(limit: Option<u32>) -> Result<usize, ApiError> {
    match limit {
        None => Ok(50),
        Some(n) if (1..=200).contains(&n) => Ok(n as usize),
        Some(_) => Err(ApiError::invalid_field("/query/limit", "out_of_range", "limit must be between 1 and 200")),
    }
}

/// A cursor from a previous page: the position key the page ended at, letters, digits and hyphens
/// (`openapi::bounds::CURSOR_PATTERN` declares exactly this; empty means the first page). Any such
/// key is a position in the list's order, so every cursor the pattern allows is answered.
pub fn decode_cursor(cursor: Option<&str>) -> Result<Option<persistence::Cursor>, ApiError> {
    let Some(text) = cursor.filter(|c| !c.is_empty()) else { return Ok(None) };
    if text.len() <= 64 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Ok(Some(persistence::Cursor(text.to_string())))
    } else {
        Err(ApiError::invalid_field("/query/cursor", "invalid", "a cursor is a next_cursor this service gave"))
    }
}

/// A change-feed position (`after`): the sequence number of an event, digits only, as the document's
/// pattern declares; none or empty is the beginning of the feed.
pub fn decode_sequence(after: Option<&str>) -> Result<i64, ApiError> {
    let Some(text) = after.filter(|a| !a.is_empty()) else { return Ok(0) };
    let sequence = (text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse::<i64>().ok());
    sequence.flatten().ok_or_else(|| {
        ApiError::invalid_field("/query/after", "invalid", "after is a next_cursor this service gave: digits only")
    })
}

pub fn encode_cursor(cursor: Option<persistence::Cursor>) -> Option<String> {
    cursor.map(|c| c.0)
}

/// `limit` and `cursor`, shared by every list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
pub struct Paging {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Paging {
    pub fn request(&self) -> Result<persistence::registry::PageRequest, ApiError> {
        Ok(persistence::registry::PageRequest {
            after: decode_cursor(self.cursor.as_deref())?,
            limit: page_limit(self.limit)?,
        })
    }
}

/// `limit` and `cursor` only (unknown parameters are refused).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PagingQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// `known_at` only: a record as the service held it at an instant (R-TM-06).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct KnownAtQuery {
    /// Answer the record as the service held it at this instant (RFC 3339), from the state kept with
    /// each audited change: what was recorded by then, not what is now known to have been true then
    /// (for that, see `as_of` where offered). Without it, the record as held now.
    pub known_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_json_text(body: &[u8]) -> Option<(String, &'static str)> {
        refused_value(&serde_json::from_slice(body).ok()?).map(|(pointer, code, _)| (pointer, code))
    }

    #[test]
    fn texts_keys_and_lists_beyond_the_declared_bounds_are_refused_wherever_they_are() {
        use domain::bounds::{MAX_ITEMS, MAX_KEY_CHARS, MAX_TEXT_CHARS};
        let body = |value: serde_json::Value| serde_json::to_vec(&value).unwrap_or_default();
        let longest = "é".repeat(MAX_TEXT_CHARS);
        assert_eq!(refused_json_text(&body(serde_json::json!({"a": [{"b": longest}]}))), None);
        let longer = format!("{longest}x");
        let refusal = refused_json_text(&body(serde_json::json!({"a": [{"b": longer}]})));
        assert_eq!(refusal, Some(("/a/0/b".into(), "too_long")));
        let items = vec![0; MAX_ITEMS];
        assert_eq!(refused_json_text(&body(serde_json::json!({"a": {"b": items}}))), None);
        let more = vec![0; MAX_ITEMS + 1];
        assert_eq!(
            refused_json_text(&body(serde_json::json!({"a": {"b": more}}))),
            Some(("/a/b".into(), "too_many_items"))
        );
        let key = "k".repeat(MAX_KEY_CHARS + 1);
        let refusal = refused_json_text(&body(serde_json::json!({ key.clone(): 1 })));
        assert_eq!(refusal, Some((format!("/{}", &key[..MAX_KEY_CHARS]), "too_long")));
    }

    #[test]
    fn integral_numbers_are_read_as_integers_and_other_bodies_as_sent() {
        let read = |text: &str| checked_body(web::BytesMut::from(text.as_bytes())).unwrap_or_default();
        assert_eq!(&read(r#"{"a":1096.0,"b":[2.0,{"c":1e3}]}"#)[..], br#"{"a":1096,"b":[2,{"c":1000}]}"#);
        assert_eq!(&read(r#"{"a": 2.5, "b": "1.0"}"#)[..], br#"{"a": 2.5, "b": "1.0"}"#);
        assert_eq!(&read(r#"{"a": 1, "a": 2}"#)[..], br#"{"a": 1, "a": 2}"#, "duplicates still reach the reader");
    }

    #[test]
    fn nul_characters_and_signed_year_dates_are_refused_wherever_they_are() {
        assert_eq!(refused_json_text(br#"{"full_name":"a\u0000b"}"#).map(|r| r.0), Some("/full_name".into()));
        assert_eq!(refused_json_text(br#"{"a":[{"b":"x"},{"c":"-5000-01-01"}]}"#).map(|r| r.0), Some("/a/1/c".into()));
        assert_eq!(refused_json_text(br#"{"on":"+10000-01-01"}"#).map(|r| r.0), Some("/on".into()));
        // An escaped backslash before "u0000" is text, not a NUL.
        assert_eq!(refused_json_text(br#"{"a":"C:\\u0000"}"#), None);
        assert_eq!(refused_json_text(br#"{"a":"-5 degrees","b":"2017-07-26","c":-3}"#), None);
        assert_eq!(refused_json_text("{\"a\":\"Ynys Môn\"}".as_bytes()), None);
        assert!(refused_text("2017-07-26").is_none());
        assert!(refused_text("-1").is_none());
    }
}
