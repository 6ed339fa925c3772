//! Corporations sole (policing bodies and chief officers, each a legal person): creating and changing
//! them, with the R-CA-10 alerts a change of kind raises on their agreements.

use chrono::NaiveDate;
use domain::access::{Action, Principal, ResourceKind};
use domain::rules::{check_slug, check_text};
use openapi::registry::{CorporationSole, CorporationSoleList, CorporationSoleUpdate, NewCorporationSole};
use persistence::ids::{CorporationSoleId, ForceId};
use persistence::registry::{
    self as store, appointment_store, corporation_sole_store, force_store, CorporationSoleFilter, CorporationSoleRow,
    PageRequest,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, end_period, public, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::CorporationSole;

pub fn create_corporation_sole(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewCorporationSole,
) -> Result<Change, ApiError> {
    allow(principal, Action::Create, &public(KIND))?;
    refuse_if_any([check_slug(&new.slug, "/slug"), check_text(&new.name, "/name", 200)])?;
    let force_id = new.force_id.map(ForceId::from);
    if let Some(force) = force_id {
        force_store::find(tx, force)?.ok_or_else(|| ApiError::unknown_reference("/force_id", "force"))?;
    }
    let now = persistence::audit::now();
    let row = CorporationSoleRow {
        id: CorporationSoleId::generate(),
        slug: new.slug,
        name: new.name,
        kind: new.kind,
        force_id,
        starts_on: new.starts_on,
        ends_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    corporation_sole_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/corporations-sole/{}", row.id);
    versioned_change("create", KIND, row.id, row.version, &convert::corporation_sole(row)?, Some(location))
}

pub fn update_corporation_sole(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: CorporationSoleUpdate,
) -> Result<Change, ApiError> {
    let id = CorporationSoleId::from(id);
    let mut row = corporation_sole_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    if let Some(name) = patch.name {
        refuse_if_any([check_text(&name, "/name", 200)])?;
        row.name = name;
    }
    let changed_kind = patch.kind.filter(|kind| *kind != row.kind);
    if let Some(kind) = changed_kind {
        row.kind = kind;
    }
    save(tx, &mut row, expected, corporation_sole_store::update_versioned)?;
    let alerts = match changed_kind {
        Some(kind) => {
            let message = format!("party {} changed kind to {kind}: check it may still be a party (s23C(6))", row.name);
            crate::service::agreements::raise_party_alerts(tx, row.id, &message, chrono::Utc::now().date_naive())?
        }
        None => Vec::new(),
    };
    let mut change = versioned_change("update", KIND, row.id, row.version, &convert::corporation_sole(row)?, None)?;
    change.related = alerts;
    Ok(change)
}

pub fn list_corporations_sole(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: CorporationSoleFilter,
) -> Result<CorporationSoleList, ApiError> {
    allow(principal, Action::Read, &public(KIND))?;
    let page = store::list_corporations_sole(conn, &filter, &page)?;
    Ok(CorporationSoleList {
        items: page.items.into_iter().map(convert::corporation_sole).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_corporation_sole(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
) -> Result<CorporationSole, ApiError> {
    let id = CorporationSoleId::from(id);
    allow(principal, Action::Read, &public(KIND))?;
    convert::corporation_sole(corporation_sole_store::find(conn, id)?.ok_or(ApiError::NotFound)?)
}

pub fn end_corporation_sole(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    ends_on: NaiveDate,
) -> Result<Change, ApiError> {
    let id = CorporationSoleId::from(id);
    let mut row = corporation_sole_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::End, &public(KIND))?;
    end_period(Some(row.starts_on), ends_on)?;
    row.ends_on = Some(ends_on);
    save(tx, &mut row, expected, corporation_sole_store::update_versioned)?;
    let message = format!("party {} ended on {ends_on}: it must cease to be a party (s23C(6))", row.name);
    let mut related = crate::service::agreements::raise_party_alerts(tx, row.id, &message, ends_on)?;
    related.extend(end_holders_appointments(tx, row.id, ends_on)?);
    let mut change = versioned_change("end", KIND, row.id, row.version, &convert::corporation_sole(row)?, None)?;
    change.related = related;
    Ok(change)
}

/// Whoever held an office that ends stops holding it the same day (R-SU-02), and so do the deputies
/// serving it (R-DL-06): each appointment still running after `ends_on` ends then, each as its own
/// audited change.
fn end_holders_appointments(
    tx: &mut DbConnection,
    corporation_sole_id: CorporationSoleId,
    ends_on: NaiveDate,
) -> Result<Vec<Change>, ApiError> {
    let mut ended = Vec::new();
    for mut appointment in persistence::registry::appointments_to(tx, None, Some(corporation_sole_id))? {
        let runs_past = appointment.ends_on.is_none_or(|end| end > ends_on);
        if !runs_past || appointment.starts_on > ends_on {
            continue;
        }
        appointment.ends_on = Some(ends_on);
        let expected = appointment.version;
        save(tx, &mut appointment, expected, appointment_store::update_versioned)?;
        let id = appointment.id;
        ended.push(versioned_change(
            "end",
            ResourceKind::Appointment,
            id,
            appointment.version,
            &convert::appointment(appointment)?,
            None,
        )?);
    }
    // The deputies appointed to serve the office go with it (R-DL-06).
    ended.extend(crate::service::appointments::end_deputies_with_term(tx, corporation_sole_id, ends_on)?);
    Ok(ended)
}
