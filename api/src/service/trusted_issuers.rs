//! The trust registry (issue 16): platform administrators register the identity providers whose
//! tokens the service accepts, with their claim mapping, and link providers' subjects to people.
//! The token path reads the registry through `crate::federation`, which is told after each change.

use std::collections::BTreeMap;

use domain::access::{list_scope, Action, Principal, ResourceKind};
use domain::trust::{check_issuer, IssuerDraft};
use openapi::trust::{
    NewPersonLink, NewTrustedIssuer, PersonLink, PersonLinkList, TrustedIssuer, TrustedIssuerList, TrustedIssuerUpdate,
};
use persistence::registry::{is_person_of, organisation_store, person_store, PageRequest, PersonId};
use persistence::trust::{
    self as store, trusted_issuer_store, PersonLinkId, PersonLinkRow, TrustedIssuerId, TrustedIssuerRow,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, public, save, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::TrustedIssuer;

/// The maps as stored: a JSON object of strings.
fn encode_map<V: ToString>(map: &BTreeMap<String, V>) -> Result<String, ApiError> {
    let strings: BTreeMap<&String, String> = map.iter().map(|(k, v)| (k, v.to_string())).collect();
    serde_json::to_string(&strings).map_err(|e| ApiError::Internal(e.to_string()))
}

pub fn decode_map(text: &str) -> Result<BTreeMap<String, String>, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Internal(format!("stored claim map: {e}")))
}

fn list(text: &str) -> Vec<String> {
    text.split(',').filter(|s| !s.is_empty()).map(String::from).collect()
}

pub fn view(row: &TrustedIssuerRow) -> Result<TrustedIssuer, ApiError> {
    let organisation_map = decode_map(&row.organisation_map)?
        .into_iter()
        .map(|(value, id)| Ok((value, convert::uuid(&id)?)))
        .collect::<Result<_, ApiError>>()?;
    Ok(TrustedIssuer {
        id: row.id.uuid(),
        issuer: row.issuer.clone(),
        name: row.name.clone(),
        jwks_url: row.jwks_url.clone(),
        discovery_url: row.discovery_url.clone(),
        audience: row.audience.clone(),
        algorithms: list(&row.algorithms),
        subject_claim: row.subject_claim.clone(),
        organisation_claim: row.organisation_claim.clone(),
        organisation_map,
        organisation_id: row.fixed_organisation_id.map(|id| id.uuid()),
        roles_claim: row.roles_claim.clone(),
        role_map: decode_map(&row.role_map)?,
        machine_roles: list(&row.machine_roles),
        ended_at: row.ended_at.map(convert::instant),
        version: row.version,
        created_at: convert::instant(row.created_at),
        updated_at: convert::instant(row.updated_at),
    })
}

fn link_view(row: &PersonLinkRow) -> PersonLink {
    PersonLink {
        id: row.id.uuid(),
        trusted_issuer_id: row.trusted_issuer_id.uuid(),
        subject: row.subject.clone(),
        person_id: row.person_id.uuid(),
        created_at: convert::instant(row.created_at),
        ended_at: row.ended_at.map(convert::instant),
    }
}

/// Checks a registration (422 with every violation) and that the organisations it names exist.
fn checked(conn: &mut DbConnection, new: &NewTrustedIssuer) -> Result<(), ApiError> {
    let subject_claim = new.subject_claim.as_deref().unwrap_or("sub");
    let roles_claim = new.roles_claim.as_deref().unwrap_or("roles");
    ApiError::check(check_issuer(&IssuerDraft {
        issuer: &new.issuer,
        name: &new.name,
        jwks_url: new.jwks_url.as_deref(),
        discovery_url: new.discovery_url.as_deref(),
        audience: &new.audience,
        algorithms: &new.algorithms,
        subject_claim,
        organisation_claim: new.organisation_claim.as_deref(),
        organisation_map_len: new.organisation_map.len(),
        fixed_organisation: new.organisation_id.is_some(),
        roles_claim,
        role_map: &new.role_map,
        machine_roles: &new.machine_roles,
    }))?;
    for (value, organisation) in &new.organisation_map {
        if organisation_store::find(conn, (*organisation).into())?.is_none() {
            let pointer = format!("/organisation_map/{}", value.replace('~', "~0").replace('/', "~1"));
            return Err(ApiError::unknown_reference(&pointer, "organisation"));
        }
    }
    if let Some(organisation) = new.organisation_id {
        organisation_store::find(conn, organisation.into())?
            .ok_or_else(|| ApiError::unknown_reference("/organisation_id", "organisation"))?;
    }
    Ok(())
}

/// Writes a registration's fields onto a row (new or replaced).
fn apply(row: &mut TrustedIssuerRow, new: NewTrustedIssuer) -> Result<(), ApiError> {
    row.organisation_map = encode_map(&new.organisation_map)?;
    row.role_map = encode_map(&new.role_map)?;
    row.issuer = new.issuer;
    row.name = new.name;
    row.jwks_url = new.jwks_url;
    row.discovery_url = new.discovery_url;
    row.audience = new.audience;
    row.algorithms = new.algorithms.join(",");
    row.subject_claim = new.subject_claim.unwrap_or_else(|| "sub".into());
    row.organisation_claim = new.organisation_claim;
    row.fixed_organisation_id = new.organisation_id.map(Into::into);
    row.roles_claim = new.roles_claim.unwrap_or_else(|| "roles".into());
    row.machine_roles = new.machine_roles.join(",");
    Ok(())
}

pub fn create_trusted_issuer(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewTrustedIssuer,
) -> Result<Change, ApiError> {
    allow(principal, Action::Create, &public(KIND))?;
    checked(tx, &new)?;
    let now = persistence::audit::now();
    let mut row = TrustedIssuerRow {
        id: TrustedIssuerId::generate(),
        issuer: String::new(),
        name: String::new(),
        jwks_url: None,
        discovery_url: None,
        audience: String::new(),
        algorithms: String::new(),
        subject_claim: String::new(),
        organisation_claim: None,
        organisation_map: String::new(),
        fixed_organisation_id: None,
        roles_claim: String::new(),
        role_map: String::new(),
        machine_roles: String::new(),
        ended_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    apply(&mut row, new)?;
    trusted_issuer_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/trusted-issuers/{}", row.id);
    versioned_change("create", KIND, row.id, row.version, &view(&row)?, Some(location))
}

fn load(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    action: Action,
) -> Result<TrustedIssuerRow, ApiError> {
    allow(principal, action, &public(KIND))?;
    trusted_issuer_store::find(conn, id.into())?.ok_or(ApiError::NotFound)
}

/// The registration with the changes asked for (see [`TrustedIssuerUpdate`] for the exclusive pairs).
fn patched(current: TrustedIssuer, patch: TrustedIssuerUpdate) -> NewTrustedIssuer {
    let mut new = NewTrustedIssuer {
        issuer: patch.issuer.unwrap_or(current.issuer),
        name: patch.name.unwrap_or(current.name),
        jwks_url: current.jwks_url,
        discovery_url: current.discovery_url,
        audience: patch.audience.unwrap_or(current.audience),
        algorithms: patch.algorithms.unwrap_or(current.algorithms),
        subject_claim: Some(patch.subject_claim.unwrap_or(current.subject_claim)),
        organisation_claim: current.organisation_claim,
        organisation_map: current.organisation_map,
        organisation_id: current.organisation_id,
        roles_claim: Some(patch.roles_claim.unwrap_or(current.roles_claim)),
        role_map: patch.role_map.unwrap_or(current.role_map),
        machine_roles: patch.machine_roles.unwrap_or(current.machine_roles),
    };
    // Giving one of a pair replaces the pair; giving both is refused by the checks.
    if patch.jwks_url.is_some() || patch.discovery_url.is_some() {
        (new.jwks_url, new.discovery_url) = (patch.jwks_url, patch.discovery_url);
    }
    if patch.organisation_claim.is_some() || patch.organisation_map.is_some() || patch.organisation_id.is_some() {
        let claim_given = patch.organisation_claim.is_some() || patch.organisation_map.is_some();
        new.organisation_claim = patch.organisation_claim.or(new.organisation_claim.filter(|_| claim_given));
        new.organisation_map =
            patch.organisation_map.unwrap_or(if claim_given { new.organisation_map } else { BTreeMap::new() });
        new.organisation_id = patch.organisation_id;
    }
    new
}

/// Changes a registration (`If-Match`); an ended issuer stays ended.
pub fn update_trusted_issuer(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    patch: TrustedIssuerUpdate,
) -> Result<Change, ApiError> {
    let mut row = load(tx, principal, id, Action::Update)?;
    let new = patched(view(&row)?, patch);
    checked(tx, &new)?;
    apply(&mut row, new)?;
    save(tx, &mut row, expected, trusted_issuer_store::update_versioned)?;
    versioned_change("update", KIND, row.id, row.version, &view(&row)?, None)
}

/// Stops trusting an issuer (`If-Match`): its tokens are refused from then on; the record stays.
pub fn end_trusted_issuer(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
) -> Result<Change, ApiError> {
    let mut row = load(tx, principal, id, Action::End)?;
    if row.ended_at.is_some() {
        return Err(ApiError::Conflict("the issuer is already ended".into()));
    }
    row.ended_at = Some(persistence::audit::now());
    save(tx, &mut row, expected, trusted_issuer_store::update_versioned)?;
    versioned_change("end", KIND, row.id, row.version, &view(&row)?, None)
}

pub fn get_trusted_issuer(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<TrustedIssuer, ApiError> {
    view(&load(conn, principal, id, Action::Read)?)
}

pub fn list_trusted_issuers(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
) -> Result<TrustedIssuerList, ApiError> {
    list_scope(principal, KIND)?;
    let page = store::list_trusted_issuers(conn, &page)?;
    Ok(TrustedIssuerList {
        items: page.items.iter().map(view).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

/// Registers one of the issuer's subjects against a person (the person must exist); a subject is
/// linked once (409 after). Audited as `trusted_issuer.link_person` on the issuer.
pub fn create_person_link(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewPersonLink,
) -> Result<Change, ApiError> {
    let issuer = load(tx, principal, id, Action::Update)?;
    ApiError::check(domain::rules::check_text(&new.subject, "/subject", 300))?;
    let person = person_store::find(tx, PersonId::from(new.person_id))?
        .ok_or_else(|| ApiError::unknown_reference("/person_id", "person"))?;
    // The issuer speaks only for its organisations, and so only for their people.
    let mut organisations: Vec<Uuid> = view(&issuer)?.organisation_map.into_values().collect();
    organisations.extend(issuer.fixed_organisation_id.map(|id| id.uuid()));
    let mut of_issuer = false;
    for organisation in organisations {
        if let Some(row) = organisation_store::find(tx, organisation.into())? {
            of_issuer = of_issuer || is_person_of(tx, &person, &row)?;
        }
    }
    if !of_issuer {
        return Err(ApiError::Rules(vec![domain::RuleViolation::new(
            "trust.person_link",
            "/person_id",
            format!("{} is not one of the people of the organisations this issuer speaks for", person.full_name),
        )]));
    }
    let row = PersonLinkRow {
        id: PersonLinkId::generate(),
        trusted_issuer_id: issuer.id,
        subject: new.subject,
        person_id: new.person_id.into(),
        created_at: persistence::audit::now(),
        ended_at: None,
    };
    store::insert_person_link(tx, &row)?;
    let body = serde_json::to_string(&link_view(&row)).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Change {
        action: "link_person",
        resource_type: KIND.as_str(),
        resource_id: issuer.id.to_string(),
        version: Some(issuer.version),
        status: 201,
        body,
        etag: None,
        location: Some(format!("{LOCATION_PREFIX}/trusted-issuers/{}/person-links", issuer.id)),
        related: Vec::new(),
        extent: Default::default(),
    })
}

/// Ends a link (a leaver, a subject given in error), as a change of the issuer's registration
/// (`If-Match` on the issuer): from the next request its tokens no longer act as the person. The link
/// is kept, ended, for the audit trail; ending is once (409 after), and the subject is not linked
/// again. Audited as `trusted_issuer.unlink_person` on the issuer.
pub fn end_person_link(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    link_id: Uuid,
    expected: i64,
) -> Result<Change, ApiError> {
    let mut issuer = load(tx, principal, id, Action::Update)?;
    crate::service::check_version(&issuer, expected)?;
    let mut link = store::person_link(tx, issuer.id, link_id.into())?.ok_or(ApiError::NotFound)?;
    if link.ended_at.is_some() {
        return Err(ApiError::Conflict("the person link is already ended".into()));
    }
    let at = persistence::audit::now();
    store::end_person_link(tx, link.id, at)?;
    save(tx, &mut issuer, expected, trusted_issuer_store::update_versioned)?;
    link.ended_at = Some(at);
    let body = serde_json::to_string(&link_view(&link)).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Change {
        action: "unlink_person",
        resource_type: KIND.as_str(),
        resource_id: issuer.id.to_string(),
        version: Some(issuer.version),
        status: 200,
        body,
        etag: None,
        location: None,
        related: Vec::new(),
        extent: Default::default(),
    })
}

pub fn list_person_links(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    page: PageRequest,
) -> Result<PersonLinkList, ApiError> {
    let issuer = load(conn, principal, id, Action::Read)?;
    let page = store::list_person_links(conn, issuer.id, &page)?;
    Ok(PersonLinkList {
        items: page.items.iter().map(link_view).collect(),
        next_cursor: encode_cursor(page.next_cursor),
    })
}
