//! The sizes the service accepts in any request body, whatever the field: the document declares
//! them on every schema that has no tighter limit of its own, and the JSON extractor refuses
//! anything beyond them before a use case sees it. Tighter limits of a field (a name's 200
//! characters) are checked by its use case and declared on its schema.

/// The most characters any text in a request may hold (the longest governance texts, a record of
/// decision's summary and a minutes entry, allow this many).
pub const MAX_TEXT_CHARS: usize = 100_000;

/// The most characters an object key may hold: no field name is near it, and an unknown field's
/// name is echoed in the error that refuses it.
pub const MAX_KEY_CHARS: usize = 100;

/// The most items any list in a request may hold (parties, provisions, minutes entries, roles).
pub const MAX_ITEMS: usize = 500;

/// The most items a page of a list holds (`limit` is 1 to this).
pub const MAX_PAGE_ITEMS: usize = 200;

/// Codes of violations a client could have caught from the document alone (a length, a range, a
/// blank where the schema's pattern wants text). A dry run (`validate_`) refuses these with 422,
/// as the real request would, and reports only the rules a schema cannot state.
pub const DECLARED_BOUND_CODES: &[&str] =
    &["too_long", "too_many_items", "required", "out_of_range", "invalid_amount", "invalid_slug", "validation.failed"];

/// Whether a violation's code is one of [`DECLARED_BOUND_CODES`].
pub fn breaks_declared_bound(code: &str) -> bool {
    DECLARED_BOUND_CODES.contains(&code)
}

/// The most characters a text in a query string may hold (`q`, names, references).
pub const MAX_QUERY_TEXT_CHARS: usize = 200;

/// The most characters the query parameter `name` may hold: a list of event types is longer.
pub fn query_text_limit(name: &str) -> usize {
    match name {
        "types" => 1_000,
        _ => MAX_QUERY_TEXT_CHARS,
    }
}
