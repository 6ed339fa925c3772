//! Bulk export (issue 18): every record of one kind that the caller may see, as the kind's list
//! shows it to them, read on one snapshot of the database together with the change-feed position
//! that snapshot is consistent with, so an integrator loads once and then follows the feed from
//! exactly there (no gap, no duplicate). NDJSON for every kind; CSV for the tabular ones
//! ([`ExportKind::csv_columns`]), one row per record with a header row.

use domain::access::Principal;
pub use openapi::exports::{ExportFormat, ExportKind};
use persistence::registry::PageRequest;
use persistence::DbConnection;
use serde::Serialize;

use crate::error::ApiError;
use crate::extract::decode_cursor;
use crate::service::{
    actions, agreements, appointments, boards, corporations_sole, delegations, forces, interests, organisations,
    people, posts, records_of_decision,
};

/// Items read per statement. Ten of the lists' largest pages: each statement pays its visibility
/// predicate's fixed cost again (an organisation's view of the actions hashes the public boards,
/// published minutes and exempt agenda items each time), so 200 rows a statement spent most of an
/// organisation's export there (bench/README.md, issue 18). A page of the largest kind is about 1 MB,
/// four pages in flight: still constant memory.
const PAGE: usize = 10 * domain::bounds::MAX_PAGE_ITEMS;

/// What an export hands on as it goes: first the feed position (once the first page was read, so a
/// refusal is still an ordinary answer), then the records, a page of NDJSON lines or CSV rows at a
/// time (a CSV export's header row first).
pub enum ExportChunk {
    Started { feed_cursor: i64 },
    Lines(Vec<u8>),
}

/// The problem code of a CSV export asked of a kind that is not tabular.
pub const NOT_TABULAR: &str = "export.not_tabular";

/// How the records are written: the format, and a tabular kind's CSV columns.
#[derive(Clone, Copy)]
pub struct Encoding {
    columns: Option<&'static [&'static str]>,
}

impl Encoding {
    /// The encoding of `kind` in `format`; a CSV export of a kind that is not tabular is refused
    /// (422 naming `/query/format`) whoever asks, before anything is read.
    pub fn of(kind: ExportKind, format: ExportFormat) -> Result<Encoding, ApiError> {
        match (format, kind.csv_columns()) {
            (ExportFormat::Ndjson, _) => Ok(Encoding { columns: None }),
            (ExportFormat::Csv, Some(columns)) => Ok(Encoding { columns: Some(columns) }),
            (ExportFormat::Csv, None) => Err(ApiError::Rules(vec![domain::RuleViolation::new(
                NOT_TABULAR,
                "/query/format",
                format!(
                    "{} are not tabular: they are exported as NDJSON only (format=ndjson)",
                    kind.name().replace('-', " ")
                ),
            )])),
        }
    }

    /// The content type the export answers with.
    pub fn content_type(self) -> &'static str {
        match self.columns {
            None => "application/x-ndjson",
            Some(_) => "text/csv; charset=utf-8",
        }
    }

    /// What goes before the first record: a CSV export's header row.
    fn preamble(self) -> Option<Vec<u8>> {
        self.columns.map(|columns| {
            let mut out = String::new();
            openapi::csv::push_row(&mut out, columns.iter().copied());
            out.into_bytes()
        })
    }

    /// Items as NDJSON (one compact JSON object per line) or as CSV rows.
    fn encode<T: Serialize>(self, items: &[T]) -> Result<Vec<u8>, ApiError> {
        let failed = |e: serde_json::Error| ApiError::Internal(format!("export: {e}"));
        let Some(columns) = self.columns else {
            let mut out = Vec::with_capacity(items.len() * 512);
            for item in items {
                serde_json::to_writer(&mut out, item).map_err(failed)?;
                out.push(b'\n');
            }
            return Ok(out);
        };
        let mut out = String::with_capacity(items.len() * 256);
        let mut cells: Vec<String> = Vec::with_capacity(columns.len());
        for item in items {
            let serde_json::Value::Object(mut fields) = serde_json::to_value(item).map_err(failed)? else {
                return Err(ApiError::Internal("export: a record is not a JSON object".into()));
            };
            cells.clear();
            cells.extend(columns.iter().map(|column| csv_text(fields.remove(*column))));
            openapi::csv::push_row(&mut out, cells.iter().map(String::as_str));
        }
        Ok(out.into_bytes())
    }
}

/// A field's CSV cell before escaping: text as it is, numbers and booleans as JSON writes them,
/// nested values as compact JSON, null (or no such field) empty.
fn csv_text(value: Option<serde_json::Value>) -> String {
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text,
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(nested @ (Value::Array(_) | Value::Object(_))) => nested.to_string(),
    }
}

/// Reads the export on `conn`, which must be one snapshot ([`persistence::Database::snapshot`]),
/// handing each chunk to `emit`; stops early when `emit` answers false (the reader went away).
pub fn export(
    conn: &mut DbConnection,
    principal: &Principal,
    kind: ExportKind,
    encoding: Encoding,
    emit: &mut dyn FnMut(ExportChunk) -> bool,
) -> Result<(), ApiError> {
    let feed_cursor = persistence::audit::latest_sequence(conn)?;
    let mut cursor: Option<String> = None;
    let mut started = false;
    loop {
        let page = PageRequest { after: decode_cursor(cursor.as_deref())?, limit: PAGE };
        let (lines, next) = page_of(conn, principal, kind, encoding, page)?;
        if !started {
            started = true;
            if !emit(ExportChunk::Started { feed_cursor }) {
                return Ok(());
            }
            if let Some(preamble) = encoding.preamble() {
                if !emit(ExportChunk::Lines(preamble)) {
                    return Ok(());
                }
            }
        }
        if !lines.is_empty() && !emit(ExportChunk::Lines(lines)) {
            return Ok(());
        }
        match next {
            Some(next) => cursor = Some(next),
            None => return Ok(()),
        }
    }
}

/// One page of the kind's list, as NDJSON lines, and the cursor of the next page.
fn page_of(
    conn: &mut DbConnection,
    principal: &Principal,
    kind: ExportKind,
    encoding: Encoding,
    page: PageRequest,
) -> Result<(Vec<u8>, Option<String>), ApiError> {
    use ExportKind as K;
    match kind {
        K::CollaborationAgreements => {
            let list = agreements::drafts::list(conn, principal, &Default::default(), &page)?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Boards => {
            let list = boards::list_boards(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Actions => {
            let list = actions::list_actions(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::RecordsOfDecision => {
            let list = records_of_decision::list_records_of_decision(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Delegations => {
            let list = delegations::list_delegations(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Schemes => {
            let list = delegations::list_schemes(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Forces => {
            let list = forces::list_forces(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::CorporationsSole => {
            let list = corporations_sole::list_corporations_sole(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Organisations => {
            let list = organisations::list_organisations(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::People => {
            let list = people::list_people(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Posts => {
            let list = posts::list_posts(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Appointments => {
            let list = appointments::list_appointments(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::Interests => {
            let list = interests::list_interest_entries(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
        K::GiftsAndHospitality => {
            let list = interests::list_gift_entries(conn, principal, page, Default::default())?;
            encoded(encoding, &list.items, list.next_cursor)
        }
    }
}

/// A page's items, encoded, with the cursor of the next page.
fn encoded<T: Serialize>(
    encoding: Encoding,
    items: &[T],
    next: Option<String>,
) -> Result<(Vec<u8>, Option<String>), ApiError> {
    Ok((encoding.encode(items)?, next))
}

/// `governance export <kind> [--format csv]`: the whole kind as the platform sees it (a system
/// administrator's view), written as NDJSON or CSV to `out`; answers the feed position it is
/// consistent with.
pub fn operator_export(
    db: &persistence::Database,
    kind: ExportKind,
    format: ExportFormat,
    out: &mut dyn std::io::Write,
) -> Result<i64, String> {
    let encoding = Encoding::of(kind, format).map_err(|e| match e {
        ApiError::Rules(violations) => violations.into_iter().map(|v| v.message).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    })?;
    let operator = Principal {
        subject: "operator:governance-export".into(),
        organisation_id: None,
        organisation_slug: None,
        roles: vec![domain::access::Role::SystemAdmin],
        person_id: None,
    };
    let mut feed_cursor = 0;
    let mut failed: Option<std::io::Error> = None;
    let mut emit = |chunk: ExportChunk| match chunk {
        ExportChunk::Started { feed_cursor: at } => {
            feed_cursor = at;
            true
        }
        ExportChunk::Lines(lines) => match out.write_all(&lines) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        },
    };
    db.snapshot(|conn| export(conn, &operator, kind, encoding, &mut emit)).map_err(|e| e.to_string())?;
    if let Some(e) = failed {
        return Err(format!("writing the export: {e}"));
    }
    out.flush().map_err(|e| format!("writing the export: {e}"))?;
    Ok(feed_cursor)
}
