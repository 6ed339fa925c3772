//! Every limit the service enforces, declared on every schema of the document (issue 17): a
//! client generator and a linter see a bound on each text, list and whole number. A field with a
//! tighter limit of its own (a name's 200 characters, checked by its use case) declares it on its
//! type; everything else gets the bound the JSON extractor enforces on any request body
//! (`domain::bounds`), or the bound of its format or its integer type.

use domain::bounds::{query_text_limit, MAX_ITEMS, MAX_KEY_CHARS, MAX_PAGE_ITEMS, MAX_TEXT_CHARS};
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, KnownFormat, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{OpenApi, RefOr, Schema};
use utoipa::Number;

/// The longest text a path names (an id is 36 characters, a rule code fewer): a longer one names
/// nothing, so it is answered 404.
pub const MAX_PATH_TEXT_CHARS: usize = 64;

/// Any text without the NUL character (which no database here can keep; refused with 400).
pub const NO_NUL_PATTERN: &str = "^[^\\u0000]*$";

/// What a list's `cursor` may be: the position key of a `next_cursor` (empty: the first page).
pub const CURSOR_PATTERN: &str = "^[A-Za-z0-9-]{0,64}$";
/// What the change feed's `after` may be: the sequence number of a `next_cursor`.
pub const SEQUENCE_CURSOR_PATTERN: &str = "^[0-9]{0,18}$";

/// What `If-Match` may be: an ETag of a version, strong or weak, as answered by a read (`"3-<digest>"`,
/// the version then 16 hex digits of the representation's digest) or by its version alone (`"3"`, `W/"3"`).
/// Only the version is compared: the digest covers what the version does not count.
pub const IF_MATCH_PATTERN: &str = "^(W/)?\"[0-9]{1,18}(-[0-9a-f]{16})?\"$";
/// The longest `If-Match`: `W/"` + 18 digits + `-` + 16 hex digits + `"`.
pub const MAX_IF_MATCH_CHARS: usize = 39;
/// What `Idempotency-Key` may be: 1 to 255 visible ASCII characters (no spaces).
pub const IDEMPOTENCY_KEY_PATTERN: &str = "^[!-~]{1,255}$";
/// The longest `If-None-Match` (a list of ETags) read.
pub const MAX_IF_NONE_MATCH_CHARS: usize = 1_000;

/// Declares the service's bounds on every schema in `doc` that has none of its own.
pub fn declare(doc: &mut OpenApi) {
    if let Some(components) = doc.components.as_mut() {
        for schema in components.schemas.values_mut() {
            declare_in(schema);
        }
    }
    for item in doc.paths.paths.values_mut() {
        for parameter in item.parameters.iter_mut().flatten() {
            declare_parameter(parameter);
        }
        let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in operations.into_iter().flatten() {
            for parameter in operation.parameters.iter_mut().flatten() {
                declare_parameter(parameter);
            }
            for content in operation.request_body.iter_mut().flat_map(|body| body.content.values_mut()) {
                content.schema.iter_mut().for_each(declare_in);
            }
            for response in operation.responses.responses.values_mut() {
                let RefOr::T(response) = response else { continue };
                for header in response.headers.values_mut() {
                    declare_in(&mut header.schema);
                }
                for content in response.content.values_mut() {
                    content.schema.iter_mut().for_each(declare_in);
                }
            }
        }
    }
}

/// A query text: its cursor form or its length; a header: its form; then the bounds any schema gets.
fn declare_parameter(parameter: &mut Parameter) {
    if let (ParameterIn::Header, Some(RefOr::T(Schema::Object(object)))) =
        (&parameter.parameter_in, parameter.schema.as_mut())
    {
        match parameter.name.as_str() {
            "If-Match" => {
                (object.pattern, object.max_length) = (Some(IF_MATCH_PATTERN.into()), Some(MAX_IF_MATCH_CHARS))
            }
            "Idempotency-Key" => {
                (object.pattern, object.max_length) = (Some(IDEMPOTENCY_KEY_PATTERN.into()), Some(255))
            }
            "If-None-Match" => object.max_length = Some(MAX_IF_NONE_MATCH_CHARS),
            _ => {}
        }
    }
    if let (ParameterIn::Query | ParameterIn::Path, Some(RefOr::T(Schema::Object(object)))) =
        (&parameter.parameter_in, parameter.schema.as_mut())
    {
        let is_text = has_type(&object.schema_type, Type::String) && object.format.is_none();
        if is_text && object.enum_values.is_none() {
            if object.pattern.is_none() {
                object.pattern = Some(NO_NUL_PATTERN.into());
            }
            let limit = match parameter.name.as_str() {
                _ if parameter.parameter_in == ParameterIn::Path => MAX_PATH_TEXT_CHARS,
                "cursor" => {
                    object.pattern = Some(CURSOR_PATTERN.into());
                    64
                }
                "after" => {
                    object.pattern = Some(SEQUENCE_CURSOR_PATTERN.into());
                    18
                }
                name => query_text_limit(name),
            };
            object.max_length = Some(object.max_length.map_or(limit, |own| own.min(limit)));
        }
    }
    parameter.schema.iter_mut().for_each(declare_in);
}

fn declare_in(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            let is_page = object.properties.contains_key("next_cursor");
            for (name, property) in object.properties.iter_mut() {
                if is_page && name == "items" {
                    bound_items(property, MAX_PAGE_ITEMS);
                }
                declare_in(property);
            }
            if let Some(AdditionalProperties::RefOr(additional)) = object.additional_properties.as_deref_mut() {
                declare_in(additional);
            }
            // A map's keys (e.g. a trusted issuer's claim values): any object key's bound.
            if let Some(Schema::Object(names)) = object.property_names.as_deref_mut() {
                if names.max_length.is_none() {
                    names.max_length = Some(MAX_KEY_CHARS);
                }
            }
            if object.enum_values.is_some() {
                return;
            }
            if has_type(&object.schema_type, Type::String) && object.max_length.is_none() {
                object.max_length = Some(text_bound(object.format.as_ref()));
            }
            if has_type(&object.schema_type, Type::Integer) {
                let (lowest, highest) = integer_bounds(object.format.as_ref());
                if object.minimum.is_none() && object.exclusive_minimum.is_none() {
                    object.minimum = Some(Number::Int(lowest));
                }
                if object.maximum.is_none() && object.exclusive_maximum.is_none() {
                    object.maximum = Some(Number::Int(highest));
                }
            }
        }
        Schema::Array(array) => {
            if array.max_items.is_none() {
                array.max_items = Some(MAX_ITEMS);
            }
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                declare_in(items);
            }
        }
        Schema::OneOf(one_of) => one_of.items.iter_mut().for_each(declare_in),
        Schema::AllOf(all_of) => all_of.items.iter_mut().for_each(declare_in),
        Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(declare_in),
        _ => {}
    }
}

/// A page's `items`: at most a page (the `limit` bound), whether inline or nullable.
fn bound_items(property: &mut RefOr<Schema>, max: usize) {
    match property {
        RefOr::T(Schema::Array(array)) => array.max_items = Some(max),
        RefOr::T(Schema::OneOf(one_of)) => one_of.items.iter_mut().for_each(|item| bound_items(item, max)),
        _ => {}
    }
}

fn has_type(schema_type: &SchemaType, wanted: Type) -> bool {
    match schema_type {
        SchemaType::Type(only) => *only == wanted,
        SchemaType::Array(types) => types.contains(&wanted),
        SchemaType::AnyValue => false,
    }
}

/// A text's bound by its format: what the format's own syntax allows (a UUID is 36 characters, a
/// date 10, a timestamp as the service writes it well under 64), else the longest text accepted.
fn text_bound(format: Option<&SchemaFormat>) -> usize {
    match format {
        Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)) => 36,
        Some(SchemaFormat::KnownFormat(KnownFormat::Date)) => 10,
        Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)) => 64,
        _ => MAX_TEXT_CHARS,
    }
}

/// The range of the integer type a field is read into (the JSON reader refuses anything beyond). An
/// unsigned field (`minimum` 0) that may exceed `i32::MAX` declares its own maximum on its type.
fn integer_bounds(format: Option<&SchemaFormat>) -> (isize, isize) {
    match format {
        Some(SchemaFormat::KnownFormat(KnownFormat::Int32)) => (i32::MIN as isize, i32::MAX as isize),
        _ => (isize::MIN, isize::MAX),
    }
}
