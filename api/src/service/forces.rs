//! Forces (territorial police areas): the use cases that create and change them.

use chrono::NaiveDate;
use domain::access::{Action, Principal, ResourceKind};
use domain::rules::{check_slug, check_text};
use openapi::registry::{Force, ForceList, ForceUpdate, NewForce};
use persistence::ids::ForceId;
use persistence::registry::{self as store, force_store, ForceFilter, ForceRow, PageRequest};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, end_period, public, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Force;

pub fn create_force(tx: &mut DbConnection, principal: &Principal, new: NewForce) -> Result<Change, ApiError> {
    allow(principal, Action::Create, &public(KIND))?;
    refuse_if_any([
        check_slug(&new.slug, "/slug"),
        check_text(&new.name, "/name", 200),
        check_text(&new.police_area, "/police_area", 200),
    ])?;
    let now = persistence::audit::now();
    let row = ForceRow {
        id: ForceId::generate(),
        slug: new.slug,
        name: new.name,
        police_area: new.police_area,
        ends_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    force_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/forces/{}", row.id);
    versioned_change("create", KIND, row.id, row.version, &convert::force(row)?, Some(location))
}

pub fn update_force(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: ForceUpdate,
) -> Result<Change, ApiError> {
    let id = ForceId::from(id);
    let mut row = force_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    if let Some(name) = patch.name {
        refuse_if_any([check_text(&name, "/name", 200)])?;
        row.name = name;
    }
    if let Some(area) = patch.police_area {
        refuse_if_any([check_text(&area, "/police_area", 200)])?;
        row.police_area = area;
    }
    save(tx, &mut row, expected, force_store::update_versioned)?;
    versioned_change("update", KIND, row.id, row.version, &convert::force(row)?, None)
}

pub fn list_forces(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: ForceFilter,
) -> Result<ForceList, ApiError> {
    allow(principal, Action::Read, &public(KIND))?;
    let page = store::list_forces(conn, &filter, &page)?;
    Ok(ForceList {
        items: page.items.into_iter().map(convert::force).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_force(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Force, ApiError> {
    let id = ForceId::from(id);
    allow(principal, Action::Read, &public(KIND))?;
    convert::force(force_store::find(conn, id)?.ok_or(ApiError::NotFound)?)
}

pub fn end_force(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    ends_on: NaiveDate,
) -> Result<Change, ApiError> {
    let id = ForceId::from(id);
    let mut row = force_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::End, &public(KIND))?;
    end_period(None, ends_on)?;
    row.ends_on = Some(ends_on);
    save(tx, &mut row, expected, force_store::update_versioned)?;
    versioned_change("end", KIND, row.id, row.version, &convert::force(row)?, None)
}
