//! People who hold or held posts and offices: creating and changing them (names only).

use domain::access::{Action, Principal, Resource, ResourceKind};
use domain::rules::check_text;
use openapi::registry::{NewPerson, Person, PersonList, PersonUpdate};
use persistence::ids::{OrganisationId, PersonId};
use persistence::registry::{self as store, person_store, PageRequest, PersonFilter, PersonRow};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, public, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Person;

pub fn resource(row: &PersonRow) -> Result<Resource, ApiError> {
    Ok(Resource { kind: KIND, owner: Some(row.managing_organisation_id.uuid()), parties: Vec::new(), public: true })
}

pub fn create_person(tx: &mut DbConnection, principal: &Principal, new: NewPerson) -> Result<Change, ApiError> {
    allow(
        principal,
        Action::Create,
        &Resource { kind: KIND, owner: principal.organisation_id, parties: Vec::new(), public: true },
    )?;
    refuse_if_any([check_text(&new.full_name, "/full_name", 200)])?;
    let managing =
        principal.organisation_id.ok_or_else(|| ApiError::Unauthenticated("this needs a bearer token".into()))?;
    Ok(insert_person(tx, new.full_name, managing.into())?.1)
}

/// Stores a new person maintained by `managing` (`create_person`, and a secretary registering an
/// attendee named in a paper) and answers their id with the change that creates them.
pub fn insert_person(
    tx: &mut DbConnection,
    full_name: String,
    managing: OrganisationId,
) -> Result<(PersonId, Change), ApiError> {
    let now = persistence::audit::now();
    let row = PersonRow {
        id: PersonId::generate(),
        full_name,
        managing_organisation_id: managing,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    person_store::insert(tx, &row)?;
    let (id, location) = (row.id, format!("{LOCATION_PREFIX}/people/{}", row.id));
    Ok((id, versioned_change("create", KIND, id, row.version, &convert::person(row)?, Some(location))?))
}

pub fn update_person(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: PersonUpdate,
) -> Result<Change, ApiError> {
    let id = PersonId::from(id);
    let mut row = person_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &resource(&row)?)?;
    if let Some(name) = patch.full_name {
        refuse_if_any([check_text(&name, "/full_name", 200)])?;
        row.full_name = name;
    }
    save(tx, &mut row, expected, person_store::update_versioned)?;
    versioned_change("update", KIND, row.id, row.version, &convert::person(row)?, None)
}

pub fn list_people(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: PersonFilter,
) -> Result<PersonList, ApiError> {
    allow(principal, Action::Read, &public(KIND))?;
    let page = store::list_people(conn, principal.is_anonymous(), &filter, &page)?;
    Ok(PersonList {
        items: page.items.into_iter().map(convert::person).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_person(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Person, ApiError> {
    let id = PersonId::from(id);
    let row = person_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &resource(&row)?)?;
    // Anonymous callers know only people in offices or public posts (staff in other posts are
    // personal data the public register does not publish).
    if principal.is_anonymous() && !store::is_publicly_known(conn, id)? {
        return Err(ApiError::NotFound);
    }
    convert::person(row)
}
