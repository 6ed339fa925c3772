//! Organisations (the units of access: OPCCs, forces, joint units, partners): creating and changing them.

use chrono::NaiveDate;
use domain::access::{Action, Principal, ResourceKind};
use domain::registry::{check_repointing, served_on};
use domain::rules::{check_slug, check_text};
use domain::Period;
use openapi::registry::{
    NewOrganisation, NewRepointing, Organisation, OrganisationList, OrganisationUpdate, Repointing, RepointingList,
};
use persistence::ids::{CorporationSoleId, ForceId, OrganisationId};
use persistence::registry::{
    self as store, corporation_sole_store, force_store, organisation_store, OrganisationFilter,
    OrganisationRepointingId, OrganisationRepointingRow, OrganisationRow, PageRequest,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, check_version, end_period, public, refuse_if_any, save, LOCATION_PREFIX};

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
    get_organisation_on(conn, principal, id, None)
}

/// An organisation, serving the office of `as_of` (read back through later re-pointings) if given.
pub fn get_organisation_on(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    as_of: Option<NaiveDate>,
) -> Result<Organisation, ApiError> {
    let id = OrganisationId::from(id);
    allow(principal, Action::Read, &public(KIND))?;
    let mut organisation = convert::organisation(organisation_store::find(conn, id)?.ok_or(ApiError::NotFound)?)?;
    if let Some(day) = as_of {
        let moves = repointings(&store::repointings_of(conn, id)?);
        organisation.corporation_sole_id = served_on(organisation.corporation_sole_id, &moves, day);
    }
    Ok(organisation)
}

fn repointings(rows: &[OrganisationRepointingRow]) -> Vec<domain::registry::Repointing> {
    rows.iter()
        .map(|r| domain::registry::Repointing {
            from: r.from_corporation_sole_id.map(Uuid::from),
            to: r.to_corporation_sole_id.uuid(),
            effective_on: r.effective_on,
        })
        .collect()
}

fn repointing_view(row: OrganisationRepointingRow) -> Repointing {
    Repointing {
        id: row.id.uuid(),
        organisation_id: row.organisation_id.uuid(),
        from_corporation_sole_id: row.from_corporation_sole_id.map(Uuid::from),
        to_corporation_sole_id: row.to_corporation_sole_id.uuid(),
        effective_on: row.effective_on,
        reason: row.reason,
        recorded_at: convert::instant(row.created_at),
    }
}

/// An organisation's re-pointings, in the order they took effect (public, as the registry is).
pub fn list_repointings(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<RepointingList, ApiError> {
    let id = OrganisationId::from(id);
    allow(principal, Action::Read, &public(KIND))?;
    organisation_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let items = store::repointings_of(conn, id)?.into_iter().map(repointing_view).collect();
    Ok(RepointingList { items, next_cursor: None })
}

/// Re-points an organisation to another corporation sole from a day (an OPCC's staff passing to the
/// successor office): the organisation serves it now, and the re-pointing is kept, so the office it
/// served on an earlier day is still known.
pub fn repoint_organisation(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    new: NewRepointing,
) -> Result<Change, ApiError> {
    let id = OrganisationId::from(id);
    let mut row = organisation_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    check_version(&row, expected)?;
    let to = corporation_sole_store::find(tx, CorporationSoleId::from(new.corporation_sole_id))?
        .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
    let history = store::repointings_of(tx, id)?;
    let change = domain::registry::Repointing {
        from: row.corporation_sole_id.map(Uuid::from),
        to: to.id.uuid(),
        effective_on: new.effective_on,
    };
    refuse_if_any([
        check_text(&new.reason, "/reason", 500),
        check_repointing(
            change.from,
            &change,
            &Period::new(to.starts_on, to.ends_on),
            history.iter().map(|r| r.effective_on).max(),
            crate::service::today(),
        ),
    ])?;
    let now = persistence::audit::now();
    store::organisation_repointing_store::insert(
        tx,
        &OrganisationRepointingRow {
            id: OrganisationRepointingId::generate(),
            organisation_id: id,
            from_corporation_sole_id: row.corporation_sole_id,
            to_corporation_sole_id: to.id,
            effective_on: new.effective_on,
            reason: new.reason.trim().to_string(),
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    row.corporation_sole_id = Some(to.id);
    save(tx, &mut row, expected, organisation_store::update_versioned)?;
    versioned_change("repoint", KIND, row.id, row.version, &convert::organisation(row)?, None)
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
