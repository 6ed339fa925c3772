//! Bulk export (issue 18): every record of one kind that the caller may see, as the kind's list
//! shows it to them, read on one snapshot of the database together with the change-feed position
//! that snapshot is consistent with, so an integrator loads once and then follows the feed from
//! exactly there (no gap, no duplicate).

use domain::access::Principal;
pub use openapi::exports::ExportKind;
use persistence::registry::PageRequest;
use persistence::DbConnection;
use serde::Serialize;

use crate::error::ApiError;
use crate::extract::decode_cursor;
use crate::service::{
    actions, agreements, appointments, boards, corporations_sole, delegations, forces, interests, organisations,
    people, posts, records_of_decision,
};

/// Items read per statement: the lists' largest page.
const PAGE: usize = domain::bounds::MAX_PAGE_ITEMS;

/// What an export hands on as it goes: first the feed position (once the first page was read, so a
/// refusal is still an ordinary answer), then the records, a page of NDJSON lines at a time.
pub enum ExportChunk {
    Started { feed_cursor: i64 },
    Lines(Vec<u8>),
}

/// Reads the export on `conn`, which must be one snapshot ([`persistence::Database::snapshot`]),
/// handing each chunk to `emit`; stops early when `emit` answers false (the reader went away).
pub fn export(
    conn: &mut DbConnection,
    principal: &Principal,
    kind: ExportKind,
    emit: &mut dyn FnMut(ExportChunk) -> bool,
) -> Result<(), ApiError> {
    let feed_cursor = persistence::audit::latest_sequence(conn)?;
    let mut cursor: Option<String> = None;
    let mut started = false;
    loop {
        let page = PageRequest { after: decode_cursor(cursor.as_deref())?, limit: PAGE };
        let (lines, next) = page_of(conn, principal, kind, page)?;
        if !started {
            started = true;
            if !emit(ExportChunk::Started { feed_cursor }) {
                return Ok(());
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
    page: PageRequest,
) -> Result<(Vec<u8>, Option<String>), ApiError> {
    use ExportKind as K;
    match kind {
        K::CollaborationAgreements => {
            let list = agreements::drafts::list(conn, principal, &Default::default(), &page)?;
            lines(&list.items, list.next_cursor)
        }
        K::Boards => {
            let list = boards::list_boards(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::Actions => {
            let list = actions::list_actions(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::RecordsOfDecision => {
            let list = records_of_decision::list_records_of_decision(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::Delegations => {
            let list = delegations::list_delegations(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::Schemes => {
            let list = delegations::list_schemes(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::Forces => {
            let list = forces::list_forces(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::CorporationsSole => {
            let list = corporations_sole::list_corporations_sole(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::Organisations => {
            let list = organisations::list_organisations(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::People => {
            let list = people::list_people(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::Posts => {
            let list = posts::list_posts(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::Appointments => {
            let list = appointments::list_appointments(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::Interests => {
            let list = interests::list_interest_entries(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
        K::GiftsAndHospitality => {
            let list = interests::list_gift_entries(conn, principal, page, Default::default())?;
            lines(&list.items, list.next_cursor)
        }
    }
}

/// Items as NDJSON: one compact JSON object per line.
fn lines<T: Serialize>(items: &[T], next: Option<String>) -> Result<(Vec<u8>, Option<String>), ApiError> {
    let mut out = Vec::with_capacity(items.len() * 512);
    for item in items {
        serde_json::to_writer(&mut out, item).map_err(|e| ApiError::Internal(format!("export: {e}")))?;
        out.push(b'\n');
    }
    Ok((out, next))
}

/// `governance export <kind>`: the whole kind as the platform sees it (a system administrator's
/// view), written as NDJSON to `out`; answers the feed position it is consistent with.
pub fn operator_export(
    db: &persistence::Database,
    kind: ExportKind,
    out: &mut dyn std::io::Write,
) -> Result<i64, String> {
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
    db.snapshot(|conn| export(conn, &operator, kind, &mut emit)).map_err(|e| e.to_string())?;
    if let Some(e) = failed {
        return Err(format!("writing the export: {e}"));
    }
    out.flush().map_err(|e| format!("writing the export: {e}"))?;
    Ok(feed_cursor)
}
