//! The public register (issue 18): what a policing body must publish under the Specified
//! Information Order that the service holds, the same for every caller. Executed agreements are
//! listed whether or not their text is published: the public learns that an agreement exists, with
//! its title, parties and dates, while its text stays with the parties until published (R-CA-14).
//! Published records of decision (their Part 1 and a notice of any Part 2) and the meetings of public
//! boards with their published minutes are listed as anonymous callers may read them, naming only
//! people the public knows of (office holders and holders of public posts). Each page has its Atom
//! feed of the most recently changed records.

use domain::access::{list_scope, Principal, ResourceKind};
use domain::boards::{split_sections, RecordStatus};
use openapi::register::{
    AgreementRegister, MeetingRegister, PartTwoNotice, RecordOfDecisionRegister, RegisteredAgreement,
    RegisteredMeeting, RegisteredMinutes, RegisteredOfficerApproval, RegisteredRecordOfDecision, RegisteredSignature,
};
use persistence::agreements::{executed_register, RegisterEntry};
use persistence::boards::{self as boards_store, MinutesRow, RecordFilter, RecordRow};
use persistence::ids::{CorporationSoleId, PersonId};
use persistence::register::{self as store, MeetingRegisterFilter};
use persistence::registry::is_publicly_known;
use persistence::repository::Window;
use persistence::DbConnection;

use crate::atom::Entry;
use crate::convert::instant;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{forward_plan, interests, LOCATION_PREFIX};

/// Executed agreements, optionally those a corporation sole is party to, a page at a time.
pub fn agreement_register(
    conn: &mut DbConnection,
    party: Option<CorporationSoleId>,
    window: Window,
) -> Result<AgreementRegister, ApiError> {
    let page = executed_register(conn, party, &window)?;
    Ok(AgreementRegister {
        items: page.items.into_iter().map(entry).collect(),
        next_cursor: encode_cursor(page.next_cursor),
    })
}

fn entry(e: RegisterEntry) -> RegisteredAgreement {
    let a = e.agreement;
    RegisteredAgreement {
        id: a.id.uuid(),
        reference: a.reference,
        title: a.title,
        status: a.status.as_str().to_string(),
        parties: e.parties,
        executed_on: e.executed_on,
        in_force_from: a.in_force_from,
        terminated_on: a.terminated_on,
        published: a.published,
        published_url: e.published_url,
        href: a.published.then(|| format!("{}/collaboration-agreements/{}", crate::service::LOCATION_PREFIX, a.id)),
        updated_at: crate::convert::instant(a.updated_at),
    }
}

/// The newest `limit` executed agreements as feed entries.
pub fn agreement_feed(
    conn: &mut DbConnection,
    party: Option<CorporationSoleId>,
    limit: usize,
) -> Result<Vec<Entry>, ApiError> {
    let register = agreement_register(conn, party, Window::Newest(limit))?;
    Ok(register
        .items
        .into_iter()
        .map(|a| {
            let executed = a.executed_on.map(|d| format!(", executed on {d}")).unwrap_or_default();
            let text = if a.published { "published" } else { "its text is not published" };
            Entry {
                id: a.id,
                title: format!("{}: {}", a.reference, a.title),
                updated: a.updated_at,
                summary: format!(
                    "Section 22A agreement, {}{executed}, {text}; parties: {}.",
                    a.status,
                    a.parties.join(", ")
                ),
                alternate: a.href,
                related: a.published_url,
            }
        })
        .collect())
}

/// The newest `limit` published forward plan entries as feed entries.
pub fn forward_plan_feed(
    conn: &mut DbConnection,
    decider: Option<CorporationSoleId>,
    limit: usize,
) -> Result<Vec<Entry>, ApiError> {
    let plan = forward_plan::public_forward_plan(conn, decider, Window::Newest(limit))?;
    Ok(plan
        .items
        .into_iter()
        .map(|e| {
            let summary = e.summary.map(|s| format!(" {s}")).unwrap_or_default();
            Entry {
                id: e.id,
                title: format!("Key decision: {}", e.title),
                updated: e.updated_at,
                summary: format!("Intended on {} ({}).{summary}", e.intended_on, e.status.as_str()),
                alternate: Some(e.href),
                related: None,
            }
        })
        .collect())
}

#[derive(Debug, Clone, Default)]
pub struct RecordRegisterFilter {
    /// Records this corporation sole decided.
    pub corporation_sole: Option<CorporationSoleId>,
    pub significant_public_interest: Option<bool>,
}

/// Published records of decision, a page in id order (or the most recently changed).
pub fn record_register(
    conn: &mut DbConnection,
    filter: RecordRegisterFilter,
    window: Window,
) -> Result<RecordOfDecisionRegister, ApiError> {
    // Only what anyone may read: the anonymous caller's scope, and published records only.
    let scope = list_scope(&Principal::anonymous(), ResourceKind::RecordOfDecision)?;
    let filter = RecordFilter {
        corporation_sole_id: filter.corporation_sole,
        significant_public_interest: filter.significant_public_interest,
        status: Some(RecordStatus::Published),
        ..RecordFilter::default()
    };
    let page = boards_store::list_records(conn, scope, &filter, &window)?;
    let mut items = Vec::new();
    for row in page.items {
        items.push(registered_record(conn, row)?);
    }
    Ok(RecordOfDecisionRegister { items, next_cursor: encode_cursor(page.next_cursor) })
}

/// A person's name as the public register shows it: only someone the public knows of (an office
/// holder or the holder of a public post); nobody named without a person to check.
fn public_name(conn: &mut DbConnection, person: Option<PersonId>, name: String) -> Result<Option<String>, ApiError> {
    Ok(match person {
        Some(person) if is_publicly_known(conn, person)? => Some(name),
        _ => None,
    })
}

fn registered_record(conn: &mut DbConnection, row: RecordRow) -> Result<RegisteredRecordOfDecision, ApiError> {
    let deciders =
        boards_store::record_deciders_of(conn, row.id)?.into_iter().map(|d| d.corporation_sole_id.uuid()).collect();
    let mut proposals: Vec<(i64, String)> =
        boards_store::record_proposals_of(conn, row.id)?.into_iter().map(|p| (p.position, p.text)).collect();
    proposals.sort_by_key(|p| p.0);
    let mut officer_approvals = Vec::new();
    for o in boards_store::record_officer_approvals_of(conn, row.id)? {
        officer_approvals.push(RegisteredOfficerApproval {
            role: o.role,
            name: public_name(conn, o.person_id, o.name)?,
            approved_on: o.approved_on,
        });
    }
    let mut signatures = Vec::new();
    for s in boards_store::record_signatures_of(conn, row.id)? {
        signatures.push(RegisteredSignature {
            corporation_sole_id: s.corporation_sole_id.uuid(),
            capacity: s.capacity,
            signed_name: public_name(conn, s.person_id, s.signed_name)?,
            signed_on: s.signed_on,
        });
    }
    // Part 2 is exempt: the public learns that it exists and why, never its text.
    let has_part2_text = boards_store::record_texts_of(conn, row.id)?.iter().any(|t| t.part2_text.is_some());
    let part_two = (has_part2_text || !row.part2_foi_sections.is_empty()).then(|| PartTwoNotice {
        foi_sections: split_sections(&row.part2_foi_sections),
        reason: row.part2_reason.clone(),
    });
    Ok(RegisteredRecordOfDecision {
        id: row.id.uuid(),
        issuing_corporation_sole_id: row.issuing_corporation_sole_id.uuid(),
        reference: row.reference,
        title: row.title,
        summary: row.summary,
        deciders,
        proposals: proposals.into_iter().map(|p| p.1).collect(),
        significant_public_interest: row.significant_public_interest,
        part_two,
        officer_approvals,
        signatures,
        decided_on: row.decided_on,
        published_on: row.published_on,
        published_url: row.published_url,
        href: format!("{LOCATION_PREFIX}/records-of-decision/{}", row.id),
        updated_at: instant(row.updated_at),
    })
}

/// The newest `limit` published records of decision as feed entries.
pub fn record_feed(
    conn: &mut DbConnection,
    filter: RecordRegisterFilter,
    limit: usize,
) -> Result<Vec<Entry>, ApiError> {
    let register = record_register(conn, filter, Window::Newest(limit))?;
    Ok(register
        .items
        .into_iter()
        .map(|r| {
            let significant =
                if r.significant_public_interest { " A decision of significant public interest." } else { "" };
            let decided = r.decided_on.map(|d| format!(" Decided on {d}.")).unwrap_or_default();
            Entry {
                id: r.id,
                title: format!("{}: {}", r.reference, r.title),
                updated: r.updated_at,
                summary: format!("{}{decided}{significant}", r.summary),
                alternate: Some(r.href),
                related: r.published_url,
            }
        })
        .collect())
}

/// Meetings of public boards with their published minutes, a page in id order (or the most
/// recently changed).
pub fn meeting_register(
    conn: &mut DbConnection,
    filter: MeetingRegisterFilter,
    window: Window,
) -> Result<MeetingRegister, ApiError> {
    let page = store::meetings(conn, &filter, &window)?;
    let items = page
        .items
        .into_iter()
        .map(|m| {
            let meeting = m.meeting;
            RegisteredMeeting {
                id: meeting.id.uuid(),
                board_id: meeting.board_id.uuid(),
                board: m.board,
                date: meeting.starts_at.date(),
                start_time: meeting.start_time_recorded.then(|| meeting.starts_at.format("%H:%M").to_string()),
                venue: meeting.venue,
                status: meeting.status,
                minutes: m.minutes.map(registered_minutes),
                href: format!("{LOCATION_PREFIX}/meetings/{}", meeting.id),
                updated_at: instant(meeting.updated_at),
            }
        })
        .collect();
    Ok(MeetingRegister { items, next_cursor: encode_cursor(page.next_cursor) })
}

fn registered_minutes(row: MinutesRow) -> RegisteredMinutes {
    RegisteredMinutes {
        id: row.id.uuid(),
        revision: row.revision,
        published_on: row.published_on,
        published_url: row.published_url,
        href: format!("{LOCATION_PREFIX}/minutes/{}", row.id),
        updated_at: instant(row.updated_at),
    }
}

/// The newest `limit` changes to the meetings register as feed entries: meetings, and the
/// publication of their minutes (an entry of its own, so a reader learns of it), newest first.
pub fn meeting_feed(
    conn: &mut DbConnection,
    filter: MeetingRegisterFilter,
    limit: usize,
) -> Result<Vec<Entry>, ApiError> {
    let minutes = store::newest_minutes(conn, &filter, limit)?;
    let meetings = meeting_register(conn, filter, Window::Newest(limit))?;
    let mut entries: Vec<Entry> = meetings
        .items
        .into_iter()
        .map(|m| {
            let at = m.start_time.as_deref().map(|t| format!(" at {t}")).unwrap_or_default();
            let published = match &m.minutes {
                Some(minutes) => format!(" Minutes published{}.", on(minutes.published_on)),
                None => String::new(),
            };
            Entry {
                id: m.id,
                title: format!("{}: meeting of {}", m.board, m.date),
                updated: m.updated_at,
                summary: format!(
                    "Meeting of {} on {}{at}, {}; {}.{published}",
                    m.board,
                    m.date,
                    m.venue,
                    m.status.as_str()
                ),
                alternate: Some(m.href),
                related: m.minutes.and_then(|minutes| minutes.published_url),
            }
        })
        .collect();
    entries.extend(minutes.into_iter().map(|r| {
        let date = r.meeting.starts_at.date();
        let minutes = registered_minutes(r.minutes);
        Entry {
            id: minutes.id,
            title: format!("{}: minutes of the meeting of {date}", r.board),
            updated: minutes.updated_at,
            summary: format!(
                "Minutes (revision {}) of the meeting of {} on {date}, published{}.",
                minutes.revision,
                r.board,
                on(minutes.published_on)
            ),
            alternate: Some(minutes.href),
            related: minutes.published_url,
        }
    }));
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(b.id.cmp(&a.id)));
    entries.truncate(limit);
    Ok(entries)
}

fn on(day: Option<chrono::NaiveDate>) -> String {
    day.map(|d| format!(" on {d}")).unwrap_or_default()
}

/// Who an entry of a person's register is of, as the public register shows it.
fn whose(name: &Option<String>, organisation: &str) -> String {
    match name {
        Some(name) => format!("{name} ({organisation})"),
        None => format!("A post holder ({organisation})"),
    }
}

/// The newest `limit` entries of the registers of interests as feed entries.
pub fn interest_feed(
    conn: &mut DbConnection,
    office: Option<CorporationSoleId>,
    limit: usize,
) -> Result<Vec<Entry>, ApiError> {
    let register = interests::public_interests(conn, office, Window::Newest(limit))?;
    Ok(register
        .items
        .into_iter()
        .map(|e| {
            let until = e.to_on.map(|d| format!(" to {d}")).unwrap_or_default();
            let detail = match (&e.description, &e.interest_body) {
                (Some(description), Some(body)) => format!(" {body}: {description}"),
                _ => format!(" Withheld: {}", e.withheld_reason.clone().unwrap_or_default()),
            };
            Entry {
                id: e.id,
                title: format!("Register of interests: {}", whose(&e.person_name, &e.organisation)),
                updated: e.updated_at,
                summary: format!("{} from {}{until}.{detail}", e.category.as_str(), e.from_on),
                alternate: Some(e.href),
                related: None,
            }
        })
        .collect())
}

/// The newest `limit` entries of the registers of gifts and hospitality as feed entries.
pub fn gift_feed(
    conn: &mut DbConnection,
    office: Option<CorporationSoleId>,
    limit: usize,
) -> Result<Vec<Entry>, ApiError> {
    let register = interests::public_gifts(conn, office, Window::Newest(limit))?;
    Ok(register
        .items
        .into_iter()
        .map(|e| {
            let detail = match (&e.giver, &e.description, e.estimated_value_pence) {
                (Some(giver), Some(description), Some(pence)) => {
                    format!(" From {giver}: {description} (about £{}.{:02}).", pence / 100, pence % 100)
                }
                _ => format!(" Withheld: {}", e.withheld_reason.clone().unwrap_or_default()),
            };
            Entry {
                id: e.id,
                title: format!("Gifts and hospitality: {}", whose(&e.person_name, &e.organisation)),
                updated: e.updated_at,
                summary: format!("{} on {}, {}.{detail}", e.kind.as_str(), e.received_on, e.outcome.as_str()),
                alternate: Some(e.href),
                related: None,
            }
        })
        .collect())
}
