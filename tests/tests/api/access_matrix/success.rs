//! What "allowed" must reach: every operation some caller may call must answer its documented
//! success status at least once in the run, with a body of the documented kind.

use governance_tests::Response;
use serde_json::Value;

/// The kind of body a success answers with, from the document's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page: a JSON object with an `items` array.
    Items,
    /// One record: a JSON object with a string `id`.
    Record,
    /// A JSON object whose `id` may be null (an answer that is recorded only on request).
    MaybeRecord,
    /// Some other JSON object.
    Object,
    /// Not JSON (metrics, a calendar) or no body: only the status is checked.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Documented {
    pub status: u16,
    pub kind: Kind,
}

/// The first 2xx response the document declares for `method` on `path`.
pub fn documented(document: &Value, path: &str, method: &str) -> Documented {
    let responses = &document["paths"][path][method]["responses"];
    let status = responses
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(code, _)| code.parse::<u16>().ok())
        .filter(|code| (200..300).contains(code))
        .min()
        .unwrap_or_else(|| panic!("{method} {path} documents no success"));
    let mut schema = &responses[status.to_string()]["content"]["application/json"]["schema"];
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        schema = &document["components"]["schemas"][name];
    }
    let kind = if schema.is_null() {
        Kind::Other
    } else if schema["properties"]["items"].is_object() {
        Kind::Items
    } else if schema["properties"]["id"].is_object() {
        let id = &schema["properties"]["id"];
        let nullable = id["nullable"] == true
            || id["type"].as_array().is_some_and(|types| types.iter().any(|t| t == "null"))
            || id["oneOf"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k["type"] == "null"));
        if nullable {
            Kind::MaybeRecord
        } else {
            Kind::Record
        }
    } else {
        Kind::Object
    };
    Documented { status, kind }
}

/// Whether a response is the documented success.
pub fn reached(documented: Documented, response: &Response) -> bool {
    if response.status != documented.status {
        return false;
    }
    if documented.kind == Kind::Other {
        // Not a JSON answer (the iCalendar feed): its status is the documented success.
        return true;
    }
    let body = response.json();
    match documented.kind {
        Kind::Items => body["items"].is_array(),
        Kind::Record => body["id"].as_str().is_some_and(|id| !id.is_empty()),
        Kind::MaybeRecord => {
            body.get("id").is_some_and(|id| id.is_null() || id.as_str().is_some_and(|s| !s.is_empty()))
        }
        Kind::Object => body.is_object(),
        Kind::Other => true,
    }
}

/// The record whose version a change on `path` must carry: the path up to its first id.
pub fn versioned_record(path_template: &str, path: &str) -> Option<String> {
    let open = path_template.find('{')?;
    let prefix = &path[..open];
    let id_len = path[open..].find('/').unwrap_or(path.len() - open);
    Some(path[..open + id_len].to_string()).filter(|_| !prefix.is_empty())
}

/// Operations an allowed caller cannot bring to success in the matrix world, with the reason.
/// Kept short and honest: the run fails when one of these does succeed (remove it then).
pub const NO_SUCCESS: &[(&str, &str)] = &[(
    "create_reference_scheme",
    "A's PCC already has a reference scheme (the world's, for its other operations); a second is refused 409",
)];
