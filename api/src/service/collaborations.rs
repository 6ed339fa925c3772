//! Collaborations (alliances and programmes): views with their members over time.

use chrono::NaiveDate;
use domain::access::{Action, Principal, ResourceKind};
use domain::rules::{check_period, check_slug, check_text};
use domain::{Period, RuleViolation};
use openapi::registry::{
    Collaboration, CollaborationList, CollaborationUpdate, NewCollaboration, NewCollaborationMember,
};
use persistence::ids::{CollaborationId, CollaborationMemberId, CorporationSoleId};
use persistence::registry::{
    self as store, collaboration_member_store, collaboration_store, corporation_sole_store, CollaborationFilter,
    CollaborationMemberRow, CollaborationRow, PageRequest, Versioned,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, end_period, public, refuse_if_any, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::Collaboration;

pub fn with_members(
    conn: &mut DbConnection,
    row: CollaborationRow,
    as_of: Option<NaiveDate>,
) -> Result<Collaboration, ApiError> {
    let members = store::collaboration_members_of(conn, row.id, as_of)?;
    convert::collaboration(row, members)
}

/// Moves the collaboration to its next version after a membership change and returns it.
pub fn touch(tx: &mut DbConnection, mut collaboration: CollaborationRow) -> Result<Collaboration, ApiError> {
    let current = collaboration.version();
    save(tx, &mut collaboration, current, collaboration_store::update_versioned)?;
    with_members(tx, collaboration, None)
}

pub fn create_collaboration(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewCollaboration,
) -> Result<Change, ApiError> {
    allow(principal, Action::Create, &public(KIND))?;
    refuse_if_any([check_slug(&new.slug, "/slug"), check_text(&new.name, "/name", 200)])?;
    let now = persistence::audit::now();
    let row = CollaborationRow {
        id: CollaborationId::generate(),
        slug: new.slug,
        name: new.name,
        description: new.description,
        starts_on: new.starts_on,
        ends_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    collaboration_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/collaborations/{}", row.id);
    versioned_change("create", KIND, row.id, row.version, &convert::collaboration(row, Vec::new())?, Some(location))
}

pub fn update_collaboration(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: CollaborationUpdate,
) -> Result<Change, ApiError> {
    let id = CollaborationId::from(id);
    let mut row = collaboration_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    if let Some(name) = patch.name {
        refuse_if_any([check_text(&name, "/name", 200)])?;
        row.name = name;
    }
    if let Some(description) = patch.description {
        row.description = description;
    }
    save(tx, &mut row, expected, collaboration_store::update_versioned)?;
    versioned_change("update", KIND, row.id, row.version, &with_members(tx, row, None)?, None)
}

pub fn add_collaboration_member(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewCollaborationMember,
) -> Result<Change, ApiError> {
    let id = CollaborationId::from(id);
    let collaboration = collaboration_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    let corporation_sole_id = CorporationSoleId::from(new.corporation_sole_id);
    corporation_sole_store::find(tx, corporation_sole_id)?
        .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
    let period = Period::new(new.starts_on, None);
    let overlapping = store::collaboration_members_of(tx, id, None)?
        .into_iter()
        .any(|m| m.corporation_sole_id == corporation_sole_id && Period::new(m.starts_on, m.ends_on).overlaps(&period));
    if overlapping {
        return Err(ApiError::Rules(vec![RuleViolation::new(
            "membership.overlap",
            "/starts_on",
            "this corporation sole is already a member of the collaboration on these dates",
        )]));
    }
    let now = persistence::audit::now();
    let member = CollaborationMemberRow {
        id: CollaborationMemberId::generate(),
        collaboration_id: id,
        corporation_sole_id,
        starts_on: new.starts_on,
        ends_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    collaboration_member_store::insert(tx, &member)?;
    let updated = touch(tx, collaboration)?;
    let location = format!("{LOCATION_PREFIX}/collaborations/{id}");
    versioned_change("add_member", KIND, id, updated.version, &updated, Some(location))
}

pub fn list_collaborations(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: CollaborationFilter,
    as_of: Option<NaiveDate>,
) -> Result<CollaborationList, ApiError> {
    allow(principal, Action::Read, &public(KIND))?;
    let page = store::list_collaborations(conn, &filter, &page)?;
    let next_cursor = encode_cursor(page.next_cursor);
    let items = page.items.into_iter().map(|row| with_members(conn, row, as_of)).collect::<Result<_, _>>()?;
    Ok(CollaborationList { items, next_cursor })
}

pub fn get_collaboration(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    as_of: Option<NaiveDate>,
) -> Result<Collaboration, ApiError> {
    let id = CollaborationId::from(id);
    allow(principal, Action::Read, &public(KIND))?;
    let row = collaboration_store::find(conn, id)?.ok_or(ApiError::NotFound)?;
    with_members(conn, row, as_of)
}

/// The collaboration's last day (its history stays).
pub fn end_collaboration(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    ends_on: NaiveDate,
) -> Result<Change, ApiError> {
    let id = CollaborationId::from(id);
    let mut row = collaboration_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::End, &public(KIND))?;
    end_period(Some(row.starts_on), ends_on)?;
    row.ends_on = Some(ends_on);
    save(tx, &mut row, expected, collaboration_store::update_versioned)?;
    versioned_change("end", KIND, row.id, row.version, &with_members(tx, row, None)?, None)
}

/// A member leaves on `ends_on`; the collaboration moves to its next version.
pub fn end_collaboration_member(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    member_id: Uuid,
    expected: i64,
    ends_on: NaiveDate,
) -> Result<Change, ApiError> {
    let (id, member_id) = (CollaborationId::from(id), CollaborationMemberId::from(member_id));
    let collaboration = collaboration_store::find(tx, id)?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Update, &public(KIND))?;
    crate::service::check_version(&collaboration, expected)?;
    let mut member = collaboration_member_store::find(tx, member_id)?
        .filter(|m| m.collaboration_id == id)
        .ok_or(ApiError::NotFound)?;
    refuse_if_any([check_period(&Period::new(member.starts_on, Some(ends_on)), "")])?;
    member.ends_on = Some(ends_on);
    let member_version = member.version();
    save(tx, &mut member, member_version, collaboration_member_store::update_versioned)?;
    let updated = touch(tx, collaboration)?;
    versioned_change("end_member", KIND, id, updated.version, &updated, None)
}
