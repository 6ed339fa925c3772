//! Registers of interests and of gifts and hospitality (issue 18): entries per person kept by the
//! secretaries of the keeping organisation (the OPCC or the force), published or withheld with the
//! reason. Every entry is readable by everyone; a withheld one shows those outside the keeping
//! organisation only its notice (who, what category or kind, when, and why withheld). The public
//! register lists them with the person named only when the public knows of them.

use domain::access::{list_scope, Action, Principal, Resource, ResourceKind, Role};
use domain::interests::{check_gift_entry, check_interest_entry, check_keeper, check_publication, RegisterStatus};
use domain::rules::check_day_range;
use openapi::interests::{
    GiftEntry, GiftEntryList, GiftEntryUpdate, InterestEntry, InterestEntryList, InterestEntryUpdate, NewGiftEntry,
    NewInterestEntry, PublicGiftEntry, PublicGiftRegister, PublicInterestEntry, PublicInterestRegister,
};
use persistence::ids::{CorporationSoleId, OrganisationId, PersonId};
use persistence::interests::{self as store, *};
use persistence::registry::{organisation_store, person_store, PageRequest};
use persistence::repository::Window;
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert::instant;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, now, refuse_if_any, save, LOCATION_PREFIX};

pub const INTEREST: ResourceKind = ResourceKind::InterestEntry;
pub const GIFT: ResourceKind = ResourceKind::GiftEntry;

/// The policy's facts about an entry: the keeping organisation's; on the public register (a
/// withheld entry as its notice).
fn resource(kind: ResourceKind, keeper: OrganisationId) -> Resource {
    Resource::owned(kind, Some(keeper.uuid()), true)
}

/// Whether the caller sees a withheld entry's detail: anyone acting for the keeping organisation,
/// and the platform's administrators.
pub fn sees_withheld(principal: &Principal, keeper: OrganisationId) -> bool {
    principal.has_role(Role::SystemAdmin) || principal.organisation_id == Some(keeper.uuid())
}

fn redacted(status: RegisterStatus, principal: &Principal, keeper: OrganisationId) -> bool {
    status == RegisterStatus::Withheld && !sees_withheld(principal, keeper)
}

/// The keeping organisation exists and is an OPCC or a force.
fn check_keeping_organisation(conn: &mut DbConnection, id: Uuid) -> Result<OrganisationId, ApiError> {
    let organisation = organisation_store::find(conn, id.into())?
        .ok_or_else(|| ApiError::unknown_reference("/organisation_id", "organisation"))?;
    ApiError::check(check_keeper(organisation.kind))?;
    Ok(organisation.id)
}

fn check_person(conn: &mut DbConnection, id: Uuid) -> Result<PersonId, ApiError> {
    Ok(person_store::find(conn, id.into())?.ok_or_else(|| ApiError::unknown_reference("/person_id", "person"))?.id)
}

/// A withheld entry keeps its trimmed reason; a published one none.
fn reason_for(status: RegisterStatus, reason: Option<String>) -> Option<String> {
    match status {
        RegisterStatus::Withheld => reason.map(|r| r.trim().to_string()),
        RegisterStatus::Published => None,
    }
}

// ---- The register of interests ----

pub fn interest_view(row: InterestEntryRow, principal: &Principal) -> InterestEntry {
    let hidden = redacted(row.status, principal, row.organisation_id);
    InterestEntry {
        id: row.id.uuid(),
        person_id: row.person_id.uuid(),
        organisation_id: row.organisation_id.uuid(),
        category: row.category,
        description: (!hidden).then_some(row.description),
        interest_body: (!hidden).then_some(row.interest_body),
        from_on: row.from_on,
        to_on: row.to_on,
        status: row.status,
        withheld_reason: row.withheld_reason,
        redacted: hidden,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    }
}

fn interest_change(
    principal: &Principal,
    action: &'static str,
    row: InterestEntryRow,
    created: bool,
) -> Result<Change, ApiError> {
    let (id, version) = (row.id, row.version);
    let view = interest_view(row, principal);
    versioned_change(action, INTEREST, id, version, &view, created.then(|| format!("{LOCATION_PREFIX}/interests/{id}")))
}

pub fn create_interest_entry(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewInterestEntry,
) -> Result<Change, ApiError> {
    refuse_if_any([
        check_interest_entry(&new.description, &new.interest_body, new.from_on, new.to_on),
        check_publication(new.status, new.withheld_reason.as_deref()),
    ])?;
    let keeper = check_keeping_organisation(tx, new.organisation_id)?;
    allow(principal, Action::Create, &resource(INTEREST, keeper))?;
    let person = check_person(tx, new.person_id)?;
    let row = insert_interest(tx, person, keeper, new)?;
    interest_change(principal, "create", row, true)
}

/// Stores a checked entry (used by the API and the demo loader).
pub fn insert_interest(
    conn: &mut DbConnection,
    person: PersonId,
    keeper: OrganisationId,
    new: NewInterestEntry,
) -> Result<InterestEntryRow, ApiError> {
    let at = now();
    let row = InterestEntryRow {
        id: InterestEntryId::generate(),
        person_id: person,
        organisation_id: keeper,
        category: new.category,
        description: new.description.trim().to_string(),
        interest_body: new.interest_body.trim().to_string(),
        from_on: new.from_on,
        to_on: new.to_on,
        status: new.status,
        withheld_reason: reason_for(new.status, new.withheld_reason),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    interest_store::insert(conn, &row)?;
    Ok(row)
}

fn load_interest(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    action: Action,
) -> Result<InterestEntryRow, ApiError> {
    let row = interest_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?;
    allow(principal, action, &resource(INTEREST, row.organisation_id))?;
    Ok(row)
}

pub fn update_interest_entry(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    update: InterestEntryUpdate,
) -> Result<Change, ApiError> {
    // What the request itself gets wrong is answered first, whatever version it names (as the other
    // updates do): the version is checked when the row is saved.
    let mut row = load_interest(tx, principal, id, Action::Update)?;
    let description = update.description.unwrap_or_else(|| row.description.clone());
    let body = update.interest_body.unwrap_or_else(|| row.interest_body.clone());
    let from_on = update.from_on.unwrap_or(row.from_on);
    // Absent keeps the end; `null` clears it.
    let to_on = update.to_on.unwrap_or(row.to_on);
    let status = update.status.unwrap_or(row.status);
    // Withholding again keeps the stored reason unless a new one is given.
    let reason = match status {
        RegisterStatus::Withheld => update.withheld_reason.or_else(|| row.withheld_reason.clone()),
        RegisterStatus::Published => update.withheld_reason,
    };
    refuse_if_any([
        check_interest_entry(&description, &body, from_on, to_on),
        check_publication(status, reason.as_deref()),
    ])?;
    if let Some(category) = update.category {
        row.category = category;
    }
    row.description = description.trim().to_string();
    row.interest_body = body.trim().to_string();
    (row.from_on, row.to_on, row.status) = (from_on, to_on, status);
    row.withheld_reason = reason_for(status, reason);
    save(tx, &mut row, expected, interest_store::update_versioned)?;
    interest_change(principal, "update", row, false)
}

pub fn get_interest_entry(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<InterestEntry, ApiError> {
    let row = load_interest(conn, principal, id, Action::Read)?;
    Ok(interest_view(row, principal))
}

pub fn list_interest_entries(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: InterestFilter,
) -> Result<InterestEntryList, ApiError> {
    // Every entry is on the public register: the scope only checks the caller may list at all.
    list_scope(principal, INTEREST)?;
    let page = store::list_interests(conn, &filter, &Window::Page(page))?;
    let items = page.items.into_iter().map(|row| interest_view(row, principal)).collect();
    Ok(InterestEntryList { items, next_cursor: encode_cursor(page.next_cursor) })
}

// ---- The register of gifts and hospitality ----

pub fn gift_view(row: GiftEntryRow, principal: &Principal) -> GiftEntry {
    let hidden = redacted(row.status, principal, row.organisation_id);
    GiftEntry {
        id: row.id.uuid(),
        person_id: row.person_id.uuid(),
        organisation_id: row.organisation_id.uuid(),
        kind: row.kind,
        received_on: row.received_on,
        giver: (!hidden).then_some(row.giver),
        description: (!hidden).then_some(row.description),
        estimated_value_pence: (!hidden).then_some(row.estimated_value_pence),
        currency: "GBP".into(),
        outcome: row.outcome,
        status: row.status,
        withheld_reason: row.withheld_reason,
        redacted: hidden,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    }
}

fn gift_change(
    principal: &Principal,
    action: &'static str,
    row: GiftEntryRow,
    created: bool,
) -> Result<Change, ApiError> {
    let (id, version) = (row.id, row.version);
    let view = gift_view(row, principal);
    versioned_change(
        action,
        GIFT,
        id,
        version,
        &view,
        created.then(|| format!("{LOCATION_PREFIX}/gifts-and-hospitality/{id}")),
    )
}

pub fn create_gift_entry(tx: &mut DbConnection, principal: &Principal, new: NewGiftEntry) -> Result<Change, ApiError> {
    refuse_if_any([
        check_gift_entry(&new.giver, &new.description, new.estimated_value_pence),
        check_publication(new.status, new.withheld_reason.as_deref()),
    ])?;
    let keeper = check_keeping_organisation(tx, new.organisation_id)?;
    allow(principal, Action::Create, &resource(GIFT, keeper))?;
    let person = check_person(tx, new.person_id)?;
    let row = insert_gift(tx, person, keeper, new)?;
    gift_change(principal, "create", row, true)
}

/// Stores a checked entry (used by the API and the demo loader).
pub fn insert_gift(
    conn: &mut DbConnection,
    person: PersonId,
    keeper: OrganisationId,
    new: NewGiftEntry,
) -> Result<GiftEntryRow, ApiError> {
    let at = now();
    let row = GiftEntryRow {
        id: GiftEntryId::generate(),
        person_id: person,
        organisation_id: keeper,
        kind: new.kind,
        received_on: new.received_on,
        giver: new.giver.trim().to_string(),
        description: new.description.trim().to_string(),
        estimated_value_pence: new.estimated_value_pence,
        outcome: new.outcome,
        status: new.status,
        withheld_reason: reason_for(new.status, new.withheld_reason),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    gift_store::insert(conn, &row)?;
    Ok(row)
}

fn load_gift(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    action: Action,
) -> Result<GiftEntryRow, ApiError> {
    let row = gift_store::find(conn, id.into())?.ok_or(ApiError::NotFound)?;
    allow(principal, action, &resource(GIFT, row.organisation_id))?;
    Ok(row)
}

pub fn update_gift_entry(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    update: GiftEntryUpdate,
) -> Result<Change, ApiError> {
    // As an interest's update: the request's own faults first, the version when the row is saved.
    let mut row = load_gift(tx, principal, id, Action::Update)?;
    let giver = update.giver.unwrap_or_else(|| row.giver.clone());
    let description = update.description.unwrap_or_else(|| row.description.clone());
    let value = update.estimated_value_pence.unwrap_or(row.estimated_value_pence);
    let status = update.status.unwrap_or(row.status);
    let reason = match status {
        RegisterStatus::Withheld => update.withheld_reason.or_else(|| row.withheld_reason.clone()),
        RegisterStatus::Published => update.withheld_reason,
    };
    refuse_if_any([check_gift_entry(&giver, &description, value), check_publication(status, reason.as_deref())])?;
    if let Some(kind) = update.kind {
        row.kind = kind;
    }
    if let Some(on) = update.received_on {
        row.received_on = on;
    }
    if let Some(outcome) = update.outcome {
        row.outcome = outcome;
    }
    row.giver = giver.trim().to_string();
    row.description = description.trim().to_string();
    row.estimated_value_pence = value;
    row.status = status;
    row.withheld_reason = reason_for(status, reason);
    save(tx, &mut row, expected, gift_store::update_versioned)?;
    gift_change(principal, "update", row, false)
}

pub fn get_gift_entry(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<GiftEntry, ApiError> {
    let row = load_gift(conn, principal, id, Action::Read)?;
    Ok(gift_view(row, principal))
}

pub fn list_gift_entries(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: GiftFilter,
) -> Result<GiftEntryList, ApiError> {
    list_scope(principal, GIFT)?;
    let (from, to) = filter.received;
    ApiError::check(check_day_range(from, to, "received_from", "received_to"))?;
    let page = store::list_gifts(conn, &filter, &Window::Page(page))?;
    let items = page.items.into_iter().map(|row| gift_view(row, principal)).collect();
    Ok(GiftEntryList { items, next_cursor: encode_cursor(page.next_cursor) })
}

// ---- The public register ----

/// The keeping organisations serving this corporation sole (the public register's `corporation_sole`).
fn keepers_serving(
    conn: &mut DbConnection,
    office: Option<CorporationSoleId>,
) -> Result<Option<Vec<OrganisationId>>, ApiError> {
    match office {
        None => Ok(None),
        Some(office) => Ok(Some(persistence::interests::organisations_serving(conn, office)?)),
    }
}

struct Names {
    organisations: Vec<(OrganisationId, String)>,
}

impl Names {
    fn organisation(&mut self, conn: &mut DbConnection, id: OrganisationId) -> Result<String, ApiError> {
        if let Some((_, name)) = self.organisations.iter().find(|(o, _)| *o == id) {
            return Ok(name.clone());
        }
        let name = organisation_store::find(conn, id)?.map(|o| o.name).unwrap_or_default();
        self.organisations.push((id, name.clone()));
        Ok(name)
    }
}

/// A person's name as the public register shows it: only someone the public knows of.
fn public_name(conn: &mut DbConnection, person: PersonId) -> Result<Option<String>, ApiError> {
    if !persistence::registry::is_publicly_known(conn, person)? {
        return Ok(None);
    }
    Ok(person_store::find(conn, person)?.map(|p| p.full_name))
}

/// The register of interests as anyone may read it, per policing body (entries kept by the
/// organisations serving `corporation_sole`), withheld entries as their notice.
pub fn public_interests(
    conn: &mut DbConnection,
    corporation_sole: Option<CorporationSoleId>,
    window: Window,
) -> Result<PublicInterestRegister, ApiError> {
    let keepers = keepers_serving(conn, corporation_sole)?;
    let filter = InterestFilter { organisations: keepers, ..InterestFilter::default() };
    let page = store::list_interests(conn, &filter, &window)?;
    let mut names = Names { organisations: Vec::new() };
    let mut items = Vec::new();
    for row in page.items {
        let withheld = row.status == RegisterStatus::Withheld;
        items.push(PublicInterestEntry {
            id: row.id.uuid(),
            person_name: public_name(conn, row.person_id)?,
            organisation_id: row.organisation_id.uuid(),
            organisation: names.organisation(conn, row.organisation_id)?,
            category: row.category,
            description: (!withheld).then_some(row.description),
            interest_body: (!withheld).then_some(row.interest_body),
            from_on: row.from_on,
            to_on: row.to_on,
            status: row.status,
            withheld_reason: row.withheld_reason,
            href: format!("{LOCATION_PREFIX}/interests/{}", row.id),
            updated_at: instant(row.updated_at),
        });
    }
    Ok(PublicInterestRegister { items, next_cursor: encode_cursor(page.next_cursor) })
}

/// The register of gifts and hospitality as anyone may read it, per policing body.
pub fn public_gifts(
    conn: &mut DbConnection,
    corporation_sole: Option<CorporationSoleId>,
    window: Window,
) -> Result<PublicGiftRegister, ApiError> {
    let keepers = keepers_serving(conn, corporation_sole)?;
    let filter = GiftFilter { organisations: keepers, ..GiftFilter::default() };
    let page = store::list_gifts(conn, &filter, &window)?;
    let mut names = Names { organisations: Vec::new() };
    let mut items = Vec::new();
    for row in page.items {
        let withheld = row.status == RegisterStatus::Withheld;
        items.push(PublicGiftEntry {
            id: row.id.uuid(),
            person_name: public_name(conn, row.person_id)?,
            organisation_id: row.organisation_id.uuid(),
            organisation: names.organisation(conn, row.organisation_id)?,
            kind: row.kind,
            received_on: row.received_on,
            giver: (!withheld).then_some(row.giver),
            description: (!withheld).then_some(row.description),
            estimated_value_pence: (!withheld).then_some(row.estimated_value_pence),
            currency: "GBP".into(),
            outcome: row.outcome,
            status: row.status,
            withheld_reason: row.withheld_reason,
            href: format!("{LOCATION_PREFIX}/gifts-and-hospitality/{}", row.id),
            updated_at: instant(row.updated_at),
        });
    }
    Ok(PublicGiftRegister { items, next_cursor: encode_cursor(page.next_cursor) })
}

// ---- Meetings: citations and warnings ----

/// A declaration cites an entry of the declaring person's own register of interests, one the
/// caller may read (else 422 `unknown_reference`; another person's: `interests.citation`).
pub fn check_cited_entry(
    conn: &mut DbConnection,
    principal: &Principal,
    declaring: Uuid,
    entry: Uuid,
) -> Result<(), ApiError> {
    let row = interest_store::find(conn, entry.into())?
        .filter(|row| domain::access::can_see(principal, &resource(INTEREST, row.organisation_id)))
        .ok_or_else(|| ApiError::unknown_reference("/register_entry_id", "register of interests entry"))?;
    ApiError::check(domain::interests::check_citation(declaring, Some(row.person_id.uuid())))
}

/// The warnings of a meeting (`interests.undeclared`) as `viewer` may read them: for each present
/// member whose register entry in force on the meeting's day (published, or withheld and the viewer
/// keeps it) names an organisation that an agenda item's title (as shown to the viewer) or a
/// decision's text (one the viewer may read, not exempt from it) names, with no declaration
/// recorded for it.
pub fn meeting_interest_warnings(
    conn: &mut DbConnection,
    meeting: &persistence::boards::MeetingRow,
    agenda: &[openapi::boards::AgendaItem],
    sees_exempt: bool,
    viewer: &Principal,
) -> Result<Vec<domain::RuleViolation>, ApiError> {
    use domain::interests::{undeclared_interests, MeetingText, RecordedDeclaration, RegisteredInterest};
    let day = meeting.starts_at.date();
    let present: Vec<PersonId> = persistence::boards::attendance_of(conn, meeting.id)?
        .into_iter()
        .filter(|a| a.kind == domain::boards::AttendanceKind::Present)
        .map(|a| a.person_id)
        .collect();
    let interests: Vec<RegisteredInterest> = store::interests_in_force(conn, &present, day)?
        .into_iter()
        .filter(|row| !redacted(row.status, viewer, row.organisation_id))
        .map(|row| RegisteredInterest {
            person_id: row.person_id.uuid(),
            entry_id: row.id.uuid(),
            interest_body: row.interest_body,
            from_on: row.from_on,
            to_on: row.to_on,
        })
        .collect();
    if interests.is_empty() {
        return Ok(Vec::new());
    }
    let mut texts: Vec<MeetingText> = agenda
        .iter()
        .map(|item| MeetingText { agenda_item_id: Some(item.id), decision_id: None, text: item.title.clone() })
        .collect();
    let decisions = store::meeting_decision_texts(conn, meeting.id)?;
    // A decision not yet agreed is read only by the board's parties, as its own read says.
    let sees_unagreed = if decisions.iter().any(|d| d.agreed_on.is_none()) {
        let board = crate::service::boards::BoardScope::load(conn, meeting.board_id)?;
        domain::access::can_see(viewer, &board.resource(ResourceKind::Decision, false))
    } else {
        false
    };
    for decision in decisions {
        let exempt = decision.disclosure == domain::boards::Disclosure::Exempt.as_str();
        if (exempt && !sees_exempt) || (decision.agreed_on.is_none() && !sees_unagreed) {
            continue;
        }
        let text = match decision.recommendation {
            Some(recommendation) => format!("{}\n{recommendation}", decision.subject),
            None => decision.subject,
        };
        texts.push(MeetingText {
            agenda_item_id: decision.agenda_item_id.map(Uuid::from),
            decision_id: Some(decision.decision_id.uuid()),
            text,
        });
    }
    let declarations: Vec<RecordedDeclaration> = persistence::boards::declarations_of(conn, meeting.id)?
        .into_iter()
        .map(|d| RecordedDeclaration {
            person_id: d.person_id.uuid(),
            agenda_item_id: d.agenda_item_id.map(Uuid::from),
            register_entry_id: d.register_entry_id.map(Uuid::from),
        })
        .collect();
    Ok(undeclared_interests(day, &interests, &texts, &declarations)
        .into_iter()
        .map(|w| {
            let position = w.agenda_item_id.and_then(|item| agenda.iter().position(|a| a.id == item));
            let (pointer, what) = match (position, w.decision_id) {
                (Some(n), None) => (format!("/agenda/{n}"), format!("agenda item {}", agenda[n].label)),
                (Some(n), Some(decision)) => {
                    (format!("/agenda/{n}"), format!("decision {decision} on agenda item {}", agenda[n].label))
                }
                (None, decision) => ("/declarations".to_string(), format!("decision {}", decision.unwrap_or_default())),
            };
            domain::RuleViolation::new(
                "interests.undeclared",
                pointer,
                format!(
                    "{what} names {}, in the register of interests of present member {} (entry {}); no \
                     declaration is recorded for it",
                    w.interest_body, w.person_id, w.entry_id
                ),
            )
        })
        .collect())
}
