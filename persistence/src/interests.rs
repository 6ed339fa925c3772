//! Registers of interests and of gifts and hospitality: entries per person, kept by one
//! organisation. Every entry is on the public register (a withheld one as its notice), so lists
//! need no visibility filter; what a caller sees of an entry is decided when it is shown.

use diesel::prelude::*;
use domain::interests::{GiftKind, GiftOutcome, InterestCategory, RegisterStatus};

use crate::ids::{CorporationSoleId, OrganisationId, PersonId};
pub use crate::ids::{GiftEntryId, InterestEntryId};
use crate::repository::{row, versioned_repository, windowed, Window};
use crate::schema::*;
use crate::{DbConnection, Page, StoreError};

type Date = chrono::NaiveDate;

row!(InterestEntryRow(InterestEntryId) => interest_entries { person_id: PersonId, organisation_id: OrganisationId, #[diesel(serialize_as = String, deserialize_as = String)] category: InterestCategory, description: String, interest_body: String, from_on: Date, to_on: Option<Date>, #[diesel(serialize_as = String, deserialize_as = String)] status: RegisterStatus, withheld_reason: Option<String> });
row!(GiftEntryRow(GiftEntryId) => gift_entries { person_id: PersonId, organisation_id: OrganisationId, #[diesel(serialize_as = String, deserialize_as = String)] kind: GiftKind, received_on: Date, giver: String, description: String, estimated_value_pence: i64, #[diesel(serialize_as = String, deserialize_as = String)] outcome: GiftOutcome, #[diesel(serialize_as = String, deserialize_as = String)] status: RegisterStatus, withheld_reason: Option<String> });

versioned_repository!(interest_store, interest_entries, InterestEntryRow, InterestEntryId);
versioned_repository!(gift_store, gift_entries, GiftEntryRow, GiftEntryId);

/// Which entries of the register of interests a list asks for.
#[derive(Debug, Clone, Default)]
pub struct InterestFilter {
    pub person_id: Option<PersonId>,
    pub organisation_id: Option<OrganisationId>,
    /// Kept by one of these organisations (the public register's policing body).
    pub organisations: Option<Vec<OrganisationId>>,
    pub category: Option<InterestCategory>,
    pub status: Option<RegisterStatus>,
    /// In force on this day (from on or before it, to on or after it or open).
    pub in_force_on: Option<Date>,
}

/// One page of entries of the register of interests in id order (or the most recently changed).
pub fn list_interests(
    conn: &mut DbConnection,
    filter: &InterestFilter,
    window: &Window,
) -> Result<Page<InterestEntryRow>, StoreError> {
    let mut query = interest_entries::table.select(InterestEntryRow::as_select()).into_boxed();
    if let Some(person) = filter.person_id {
        query = query.filter(interest_entries::person_id.eq(person));
    }
    if let Some(organisation) = filter.organisation_id {
        query = query.filter(interest_entries::organisation_id.eq(organisation));
    }
    if let Some(organisations) = &filter.organisations {
        query = query.filter(interest_entries::organisation_id.eq_any(organisations.clone()));
    }
    if let Some(category) = filter.category {
        query = query.filter(interest_entries::category.eq(category.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(interest_entries::status.eq(status.as_str()));
    }
    if let Some(day) = filter.in_force_on {
        query = query
            .filter(interest_entries::from_on.le(day))
            .filter(interest_entries::to_on.is_null().or(interest_entries::to_on.ge(day)));
    }
    let rows = windowed!(query, interest_entries, window).load(conn)?;
    Ok(window.page_of(rows, |r: &InterestEntryRow| r.id.to_string()))
}

/// The entries of these people's registers in force on `day` (for a meeting's warnings).
pub fn interests_in_force(
    conn: &mut DbConnection,
    people: &[PersonId],
    day: Date,
) -> Result<Vec<InterestEntryRow>, StoreError> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    Ok(interest_entries::table
        .filter(interest_entries::person_id.eq_any(people))
        .filter(interest_entries::from_on.le(day))
        .filter(interest_entries::to_on.is_null().or(interest_entries::to_on.ge(day)))
        .select(InterestEntryRow::as_select())
        .order(interest_entries::id.asc())
        .load(conn)?)
}

/// Which entries of the register of gifts and hospitality a list asks for.
#[derive(Debug, Clone, Default)]
pub struct GiftFilter {
    pub person_id: Option<PersonId>,
    pub organisation_id: Option<OrganisationId>,
    /// Kept by one of these organisations (the public register's policing body).
    pub organisations: Option<Vec<OrganisationId>>,
    pub kind: Option<GiftKind>,
    pub outcome: Option<GiftOutcome>,
    pub status: Option<RegisterStatus>,
    /// Received (or offered) on or after the first day and on or before the second.
    pub received: (Option<Date>, Option<Date>),
}

/// One page of entries of the register of gifts and hospitality in id order (or the most recently changed).
pub fn list_gifts(
    conn: &mut DbConnection,
    filter: &GiftFilter,
    window: &Window,
) -> Result<Page<GiftEntryRow>, StoreError> {
    let mut query = gift_entries::table.select(GiftEntryRow::as_select()).into_boxed();
    if let Some(person) = filter.person_id {
        query = query.filter(gift_entries::person_id.eq(person));
    }
    if let Some(organisation) = filter.organisation_id {
        query = query.filter(gift_entries::organisation_id.eq(organisation));
    }
    if let Some(organisations) = &filter.organisations {
        query = query.filter(gift_entries::organisation_id.eq_any(organisations.clone()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(gift_entries::kind.eq(kind.as_str()));
    }
    if let Some(outcome) = filter.outcome {
        query = query.filter(gift_entries::outcome.eq(outcome.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(gift_entries::status.eq(status.as_str()));
    }
    if let Some(from) = filter.received.0 {
        query = query.filter(gift_entries::received_on.ge(from));
    }
    if let Some(to) = filter.received.1 {
        query = query.filter(gift_entries::received_on.le(to));
    }
    let rows = windowed!(query, gift_entries, window).load(conn)?;
    Ok(window.page_of(rows, |r: &GiftEntryRow| r.id.to_string()))
}

/// The organisations serving a corporation sole (the keepers of its office holders' registers).
pub fn organisations_serving(
    conn: &mut DbConnection,
    office: CorporationSoleId,
) -> Result<Vec<OrganisationId>, StoreError> {
    Ok(organisations::table
        .filter(organisations::corporation_sole_id.eq(office))
        .select(organisations::id)
        .order(organisations::id.asc())
        .load(conn)?)
}

/// A decision of a meeting with one of its texts, as a meeting's warnings read it.
#[derive(Debug, Clone, Queryable)]
pub struct MeetingDecisionText {
    pub decision_id: crate::ids::DecisionId,
    pub agenda_item_id: Option<crate::ids::AgendaItemId>,
    /// `public` or `exempt`, as stored.
    pub disclosure: String,
    pub subject: String,
    pub recommendation: Option<String>,
    /// When every required approver agreed it (until then it is its parties' only).
    pub agreed_on: Option<Date>,
}

/// The texts of the decisions taken at a meeting (not void), in decision id order.
pub fn meeting_decision_texts(
    conn: &mut DbConnection,
    meeting: crate::ids::MeetingId,
) -> Result<Vec<MeetingDecisionText>, StoreError> {
    Ok(decisions::table
        .inner_join(decision_texts::table.on(decision_texts::decision_id.eq(decisions::id)))
        .filter(decisions::meeting_id.eq(meeting))
        .filter(decisions::voided_on.is_null())
        .select((
            decisions::id,
            decisions::agenda_item_id,
            decisions::disclosure,
            decision_texts::subject,
            decision_texts::recommendation,
            decisions::agreed_on,
        ))
        .order((decisions::id.asc(), decision_texts::id.asc()))
        .load(conn)?)
}

/// An entry of a person's register of interests by what it names and from when (the demo loader's
/// natural key).
pub fn find_interest(
    conn: &mut DbConnection,
    person: PersonId,
    interest_body: &str,
    from_on: Date,
) -> Result<Option<InterestEntryRow>, StoreError> {
    Ok(interest_entries::table
        .filter(interest_entries::person_id.eq(person))
        .filter(interest_entries::interest_body.eq(interest_body.to_string()))
        .filter(interest_entries::from_on.eq(from_on))
        .select(InterestEntryRow::as_select())
        .first(conn)
        .optional()?)
}

/// An entry of a person's register of gifts and hospitality by its giver and day (the demo
/// loader's natural key).
pub fn find_gift(
    conn: &mut DbConnection,
    person: PersonId,
    giver: &str,
    received_on: Date,
) -> Result<Option<GiftEntryRow>, StoreError> {
    Ok(gift_entries::table
        .filter(gift_entries::person_id.eq(person))
        .filter(gift_entries::giver.eq(giver.to_string()))
        .filter(gift_entries::received_on.eq(received_on))
        .select(GiftEntryRow::as_select())
        .first(conn)
        .optional()?)
}
