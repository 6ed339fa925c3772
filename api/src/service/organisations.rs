//! Organisations (the units of access: OPCCs, forces, joint units, partners): creating and changing them.

use chrono::NaiveDate;
use domain::access::{Action, Principal, ResourceKind};
use domain::rules::{check_slug, check_text};
use openapi::registry::{NewOrganisation, Organisation, OrganisationList, OrganisationUpdate};
use persistence::ids::{CorporationSoleId, ForceId, OrganisationId};
use persistence::registry::{
    self as store, corporation_sole_store, force_store, organisation_store, OrganisationFilter, OrganisationRow,
    PageRequest,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, end_period, public, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Organisation;

pub fn create_organisation(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewOrganisation,
) -> Result<Change, ApiError> {
    allow(principal, Action::Create, &public(KIND))?;
    refuse_if_any([check_slug(&new.slug, "/slug"), check_text(&new.name, "/name", 200)])?;
    let corporation_sole_id = new.corporation_sole_id.map(CorporationSoleId::from);
    if let Some(cs) = corporation_sole_id {
        corporation_sole_store::find(tx, cs)?
            .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
    }
    let force_id = new.force_id.map(ForceId::from);
    if let Some(force) = force_id {
        force_store::find(tx, force)?.ok_or_else(|| ApiError::unknown_reference("/force_id", "force"))?;
    }
    let now = persistence::audit::now();
    let row = OrganisationRow {
        id: OrganisationId::generate(),
        slug: new.slug,
        name: new.name,
        kind: new.kind,
        corporation_sole_id,
        force_id,
        ends_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    organisation_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/organisations/{}", row.id);
    versioned_change("create", KIND, row.id, row.version, &convert::organisation(row)?, Some(location))
}

pub fn update_organisation(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: OrganisationUpdate,
) -> Result<Change, ApiError> {
    let id = OrganisationId::from(id);
    let mut row = organisation_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    if let Some(name) = patch.name {
        refuse_if_any([check_text(&name, "/name", 200)])?;
        row.name = name;
    }
    save(tx, &mut row, expected, organisation_store::update_versioned)?;
    versioned_change("update", KIND, row.id, row.version, &convert::organisation(row)?, None)
}

pub fn list_organisations(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: OrganisationFilter,
) -> Result<OrganisationList, ApiError> {
    allow(principal, Action::Read, &public(KIND))?;
    let page = store::list_organisations(conn, &filter, &page)?;
    Ok(OrganisationList {
        items: page.items.into_iter().map(convert::organisation).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_organisation(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Organisation, ApiError> {
    let id = OrganisationId::from(id);
    allow(principal, Action::Read, &public(KIND))?;
    convert::organisation(organisation_store::find(conn, id)?.ok_or(ApiError::NotFound)?)
}

pub fn end_organisation(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    ends_on: NaiveDate,
) -> Result<Change, ApiError> {
    let id = OrganisationId::from(id);
    let mut row = organisation_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::End, &public(KIND))?;
    end_period(None, ends_on)?;
    row.ends_on = Some(ends_on);
    save(tx, &mut row, expected, organisation_store::update_versioned)?;
    versioned_change("end", KIND, row.id, row.version, &convert::organisation(row)?, None)
}
