//! Stored rows to contract types. Stored values the service wrote itself are trusted to parse;
//! if one does not, that is an internal error, never a panic.

use chrono::{DateTime, NaiveDateTime, Utc};
use domain::registry::split_roles;
use openapi::registry as api;
use persistence::registry::*;
use uuid::Uuid;

use crate::error::ApiError;

pub fn uuid(text: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| ApiError::Internal(format!("stored id {text:?} is not a UUID")))
}

pub fn optional_uuid(text: &Option<String>) -> Result<Option<Uuid>, ApiError> {
    text.as_deref().map(uuid).transpose()
}

pub fn instant(at: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(at, Utc)
}

pub fn stored<T>(parsed: Option<T>, what: &str, text: &str) -> Result<T, ApiError> {
    parsed.ok_or_else(|| ApiError::Internal(format!("stored {what} {text:?} is not known")))
}

pub fn force(row: ForceRow) -> Result<api::Force, ApiError> {
    Ok(api::Force {
        id: row.id.uuid(),
        slug: row.slug,
        name: row.name,
        police_area: row.police_area,
        ends_on: row.ends_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn corporation_sole(row: CorporationSoleRow) -> Result<api::CorporationSole, ApiError> {
    let kind = row.kind;
    Ok(api::CorporationSole {
        id: row.id.uuid(),
        slug: row.slug,
        name: row.name,
        kind,
        policing_body: kind.is_policing_body(),
        force_id: row.force_id.map(Uuid::from),
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn organisation(row: OrganisationRow) -> Result<api::Organisation, ApiError> {
    Ok(api::Organisation {
        id: row.id.uuid(),
        slug: row.slug,
        name: row.name,
        kind: row.kind,
        corporation_sole_id: row.corporation_sole_id.map(Uuid::from),
        force_id: row.force_id.map(Uuid::from),
        ends_on: row.ends_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn person(row: PersonRow) -> Result<api::Person, ApiError> {
    Ok(api::Person {
        id: row.id.uuid(),
        full_name: row.full_name,
        managing_organisation_id: row.managing_organisation_id.uuid(),
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn post(row: PostRow) -> Result<api::Post, ApiError> {
    Ok(api::Post {
        id: row.id.uuid(),
        organisation_id: row.organisation_id.uuid(),
        title: row.title,
        statutory_roles: split_roles(&row.statutory_roles),
        single_holder: row.single_holder,
        public: row.public,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn appointment(row: AppointmentRow) -> Result<api::Appointment, ApiError> {
    Ok(api::Appointment {
        id: row.id.uuid(),
        person_id: row.person_id.uuid(),
        post_id: row.post_id.map(Uuid::from),
        corporation_sole_id: row.corporation_sole_id.map(Uuid::from),
        basis: row.basis,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn collaboration_member(row: CollaborationMemberRow) -> Result<api::CollaborationMember, ApiError> {
    Ok(api::CollaborationMember {
        id: row.id.uuid(),
        collaboration_id: row.collaboration_id.uuid(),
        corporation_sole_id: row.corporation_sole_id.uuid(),
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        version: row.version,
    })
}

pub fn collaboration(
    row: CollaborationRow,
    members: Vec<CollaborationMemberRow>,
) -> Result<api::Collaboration, ApiError> {
    Ok(api::Collaboration {
        id: row.id.uuid(),
        slug: row.slug,
        name: row.name,
        description: row.description,
        starts_on: row.starts_on,
        ends_on: row.ends_on,
        members: members.into_iter().map(collaboration_member).collect::<Result<_, _>>()?,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn audit_event(row: persistence::audit::AuditEventRow) -> openapi::audit::AuditEvent {
    openapi::audit::AuditEvent {
        sequence: row.sequence,
        id: row.id,
        occurred_at: instant(row.occurred_at),
        actor: row.actor,
        organisation_id: row.organisation_id,
        action: row.action,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        resource_version: row.resource_version,
        state_digest: row.state_digest,
        request_id: row.request_id,
        previous_hash: row.previous_hash,
        hash: row.hash,
    }
}

/// Ids stored comma-separated (e.g. `refer_to`).
pub fn uuids(stored: &str) -> Result<Vec<Uuid>, ApiError> {
    domain::delegations::split_words(stored).iter().map(|id| uuid(id)).collect()
}

/// Codes stored comma-separated, each parsed by `parse`.
pub fn codes<T>(stored: &str, what: &str, parse: fn(&str) -> Option<T>) -> Result<Vec<T>, ApiError> {
    domain::delegations::split_words(stored).iter().map(|code| self::stored(parse(code), what, code)).collect()
}

pub fn catalogue_function(
    row: persistence::delegations::FunctionRow,
) -> Result<openapi::delegations::CatalogueFunction, ApiError> {
    use domain::delegations::Reservation;
    let reservation = row.reservation;
    Ok(openapi::delegations::CatalogueFunction {
        id: row.id.uuid(),
        code: row.code,
        name: row.name,
        reservation,
        reserved: reservation != Reservation::None,
        reservation_source: row.reservation_source,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn scheme(row: persistence::delegations::SchemeRow) -> Result<openapi::delegations::Scheme, ApiError> {
    Ok(openapi::delegations::Scheme {
        id: row.id.uuid(),
        corporation_sole_id: row.corporation_sole_id.uuid(),
        kind: row.kind,
        title: row.title,
        scheme_version: row.scheme_version,
        adopted_on: row.adopted_on,
        adopted_by_reference: row.adopted_by_reference,
        document_uri: row.document_uri,
        document_digest: row.document_digest,
        supersedes_scheme_id: row.supersedes_scheme_id.map(Uuid::from),
        superseded_on: row.superseded_on,
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

pub fn party(kind: domain::delegations::DelegateKind, id: &str) -> Result<openapi::delegations::PartyRef, ApiError> {
    Ok(openapi::delegations::PartyRef { kind, id: uuid(id)? })
}

pub fn source_instrument(
    row: &persistence::delegations::DelegationRow,
) -> Result<openapi::delegations::SourceInstrument, ApiError> {
    Ok(openapi::delegations::SourceInstrument {
        scheme_id: row.source_scheme_id.map(Uuid::from),
        reference: row.source_reference.clone(),
        paragraph: row.source_paragraph.clone(),
        collaboration_id: row.source_collaboration_id.map(Uuid::from),
    })
}

pub fn delegation(row: persistence::delegations::DelegationRow) -> Result<openapi::delegations::Delegation, ApiError> {
    use domain::delegations::ReferralCondition;
    Ok(openapi::delegations::Delegation {
        id: row.id.uuid(),
        kind: row.kind,
        corporation_sole_id: row.corporation_sole_id.uuid(),
        parent_delegation_id: row.parent_delegation_id.map(Uuid::from),
        delegate: party(row.delegate_kind, &row.delegate_id)?,
        functions: domain::delegations::split_words(&row.functions),
        limit_per_act_pence: row.limit_per_act_pence,
        limit_total_pence: row.limit_total_pence,
        currency: openapi::delegations::Currency::Gbp,
        referral_conditions: codes(&row.referral_conditions, "referral condition", ReferralCondition::parse)?,
        refer_to: uuids(&row.refer_to)?,
        valid_from: row.valid_from,
        valid_to: row.valid_to,
        source: source_instrument(&row)?,
        scheme_id: row.scheme_id.map(Uuid::from),
        sub_delegation_allowed: row.sub_delegation_allowed,
        illustrative: row.illustrative,
        revoked_on: row.revoked_on,
        revocation_reason: row.revocation_reason,
        revoked_by_scheme_id: row.revoked_by_scheme_id.map(Uuid::from),
        version: row.version,
        created_at: instant(row.created_at),
        updated_at: instant(row.updated_at),
    })
}

/// A recorded check is served exactly as it was answered.
pub fn authority_check(
    row: persistence::delegations::AuthorityCheckRow,
) -> Result<openapi::delegations::AuthorityCheck, ApiError> {
    serde_json::from_str(&row.answer).map_err(|e| ApiError::Internal(format!("stored authority check {}: {e}", row.id)))
}
