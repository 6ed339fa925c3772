//! The trust registry: identity providers whose tokens the service accepts, and the subjects of
//! each registered against a person.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::ids::{OrganisationId, PersonId};
pub use crate::ids::{PersonLinkId, TrustedIssuerId};
use crate::repository::{page_of, paginate, row, versioned_repository, PageRequest};
use crate::schema::{trusted_issuer_person_links, trusted_issuers};
use crate::{DbConnection, Page, StoreError};

row! {
    /// One trusted issuer. The maps are JSON objects of strings (claim value -> organisation id, or
    /// claim value -> role); `algorithms` and `machine_roles` are comma-separated.
    TrustedIssuerRow(TrustedIssuerId) => trusted_issuers {
        issuer: String,
        name: String,
        jwks_url: Option<String>,
        discovery_url: Option<String>,
        audience: String,
        algorithms: String,
        subject_claim: String,
        organisation_claim: Option<String>,
        organisation_map: String,
        fixed_organisation_id: Option<OrganisationId>,
        roles_claim: String,
        role_map: String,
        machine_roles: String,
        ended_at: Option<NaiveDateTime>,
    }
}

versioned_repository!(trusted_issuer_store, trusted_issuers, TrustedIssuerRow, TrustedIssuerId);

/// A subject of a trusted issuer registered against a person.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = trusted_issuer_person_links)]
pub struct PersonLinkRow {
    pub id: PersonLinkId,
    pub trusted_issuer_id: TrustedIssuerId,
    pub subject: String,
    pub person_id: PersonId,
    pub created_at: NaiveDateTime,
    /// When the link stopped making the subject the person (it is kept for the audit trail).
    pub ended_at: Option<NaiveDateTime>,
}

pub fn list_trusted_issuers(conn: &mut DbConnection, page: &PageRequest) -> Result<Page<TrustedIssuerRow>, StoreError> {
    let mut query = trusted_issuers::table.select(TrustedIssuerRow::as_select()).into_boxed();
    let rows = paginate!(query, trusted_issuers, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}

/// Every issuer still trusted (not ended), for the token path's registry.
pub fn active_trusted_issuers(conn: &mut DbConnection) -> Result<Vec<TrustedIssuerRow>, StoreError> {
    Ok(trusted_issuers::table
        .filter(trusted_issuers::ended_at.is_null())
        .order(trusted_issuers::id.asc())
        .select(TrustedIssuerRow::as_select())
        .load(conn)?)
}

pub fn find_by_issuer(conn: &mut DbConnection, issuer: &str) -> Result<Option<TrustedIssuerRow>, StoreError> {
    Ok(trusted_issuers::table
        .filter(trusted_issuers::issuer.eq(issuer))
        .select(TrustedIssuerRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_person_link(conn: &mut DbConnection, row: &PersonLinkRow) -> Result<(), StoreError> {
    diesel::insert_into(trusted_issuer_person_links::table).values(row).execute(conn)?;
    Ok(())
}

/// One link of an issuer, by its id.
pub fn person_link(
    conn: &mut DbConnection,
    issuer: TrustedIssuerId,
    id: PersonLinkId,
) -> Result<Option<PersonLinkRow>, StoreError> {
    Ok(trusted_issuer_person_links::table
        .filter(trusted_issuer_person_links::trusted_issuer_id.eq(issuer))
        .filter(trusted_issuer_person_links::id.eq(id))
        .select(PersonLinkRow::as_select())
        .first(conn)
        .optional()?)
}

/// Ends a link from `at`.
pub fn end_person_link(conn: &mut DbConnection, id: PersonLinkId, at: NaiveDateTime) -> Result<(), StoreError> {
    diesel::update(trusted_issuer_person_links::table.filter(trusted_issuer_person_links::id.eq(id)))
        .set(trusted_issuer_person_links::ended_at.eq(Some(at)))
        .execute(conn)?;
    Ok(())
}

pub fn find_person_link(
    conn: &mut DbConnection,
    issuer: TrustedIssuerId,
    subject: &str,
) -> Result<Option<PersonLinkRow>, StoreError> {
    Ok(trusted_issuer_person_links::table
        .filter(trusted_issuer_person_links::trusted_issuer_id.eq(issuer))
        .filter(trusted_issuer_person_links::subject.eq(subject))
        .select(PersonLinkRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn list_person_links(
    conn: &mut DbConnection,
    issuer: TrustedIssuerId,
    page: &PageRequest,
) -> Result<Page<PersonLinkRow>, StoreError> {
    let mut query = trusted_issuer_person_links::table
        .filter(trusted_issuer_person_links::trusted_issuer_id.eq(issuer))
        .select(PersonLinkRow::as_select())
        .into_boxed();
    let rows = paginate!(query, trusted_issuer_person_links, page).load(conn)?;
    Ok(page_of(rows, page, |r| r.id.to_string()))
}
