//! How each stored part of an agreement reads in the contract. A stored text that does not parse
//! (an id, a kind) is an internal error, never a panic.

use domain::agreements::{AgreementStatus, MilestoneKind, PublicationKind};
use openapi::agreements as api;
use persistence::agreements::{self as store, Aggregate};
use persistence::ids::AgreementId;

use super::parse;
use crate::error::ApiError;
use crate::service::decisions::stored_evidence;

/// Every row of a part, as the contract shows it.
pub fn each<R, T>(rows: &[R], view: impl Fn(&R) -> Result<T, ApiError>) -> Result<Vec<T>, ApiError> {
    rows.iter().map(view).collect()
}

pub fn provisions(aggregate: &Aggregate) -> Result<Vec<api::Provision>, ApiError> {
    super::stored_provisions(aggregate)?
        .into_iter()
        .zip(&aggregate.provisions)
        .map(|(p, row)| {
            Ok(api::Provision {
                id: row.provision.id.uuid(),
                kind: p.kind,
                function: p.function,
                forces: p.forces,
                policing_bodies: p.policing_bodies,
                direction_and_control: p.direction_and_control,
            })
        })
        .collect()
}

pub fn document(d: &store::DocumentRow) -> Result<api::Document, ApiError> {
    Ok(api::Document {
        id: d.id.uuid(),
        title: d.title.clone(),
        version_label: d.version_label.clone(),
        sha256: d.sha256.clone(),
        uri: d.uri.clone(),
        dated: d.dated,
    })
}

pub fn milestone(m: &store::MilestoneRow) -> Result<api::Milestone, ApiError> {
    Ok(api::Milestone {
        id: m.id.uuid(),
        kind: parse(MilestoneKind::parse(&m.kind), "milestone kind", &m.kind)?,
        reached_on: m.reached_on,
        reviewer: m.reviewer.clone(),
        conclusion: m.conclusion.clone(),
    })
}

pub fn approval(r: &store::ApprovalRow) -> Result<api::Approval, ApiError> {
    Ok(api::Approval {
        id: r.id.uuid(),
        party_id: r.party_id.uuid(),
        purpose: r.purpose.clone(),
        approved_on: r.approved_on,
        rationale: api::Rationale {
            efficiency_or_effectiveness: r.efficiency_or_effectiveness.clone(),
            existing_collaboration_considered: r.existing_collaboration_considered.clone(),
            consistency_considered: r.consistency_considered.clone(),
            other_opportunities_considered: r.other_opportunities_considered.clone(),
        },
        record_of_decision: r.record_of_decision.clone(),
        acting_person_id: r.acting_person_id.map(|p| p.uuid()),
        capacity: r.capacity.clone(),
        recorded_by: r.recorded_by.clone(),
        evidence: stored_evidence(r.evidence_sha256.clone(), r.evidence_locator.clone(), r.evidence_uri.clone()),
    })
}

pub fn signature(s: &store::SignatureRow) -> Result<api::Signature, ApiError> {
    Ok(api::Signature {
        id: s.id.uuid(),
        party_id: s.party_id.uuid(),
        signatory_person_id: s.signatory_person_id.map(|p| p.uuid()),
        signatory_name: s.signatory_name.clone(),
        capacity: s.capacity.clone(),
        signed_on: s.signed_on,
        recorded_by: s.recorded_by.clone(),
        evidence: stored_evidence(s.evidence_sha256.clone(), s.evidence_locator.clone(), s.evidence_uri.clone()),
    })
}

pub fn review(r: &store::ReviewRow) -> Result<api::Review, ApiError> {
    Ok(api::Review {
        id: r.id.uuid(),
        reviewed_on: r.reviewed_on,
        outcome: r.outcome.clone(),
        next_review_due: r.next_review_due,
    })
}

pub fn publication(p: &store::PublicationRow) -> Result<api::Publication, ApiError> {
    Ok(api::Publication {
        id: p.id.uuid(),
        kind: parse(PublicationKind::parse(&p.kind), "publication kind", &p.kind)?,
        published_url: p.url.clone(),
        published_on: p.published_on,
    })
}

pub fn alert(r: &store::AlertRow) -> Result<api::Alert, ApiError> {
    Ok(api::Alert {
        id: r.id.uuid(),
        rule: r.rule.clone(),
        message: r.message.clone(),
        raised_on: r.raised_on,
        resolved_on: r.resolved_on,
        resolution: r.resolution.clone(),
    })
}

pub fn variation((id, status): &(AgreementId, String)) -> Result<api::VariationRef, ApiError> {
    Ok(api::VariationRef { id: id.uuid(), status: parse(AgreementStatus::parse(status), "status", status)? })
}
