//! The rows each agreement use case writes, built in one place from the request the use case
//! accepted. The bench loader builds its agreements with these same constructors (with its own ids
//! and clock), so a rule about what a row holds reaches the generated data too.

use chrono::NaiveDateTime;
use domain::agreements::{AgreementStatus, ApprovalPurpose};
use openapi::agreements::{
    NewApproval, NewCollaborationAgreement, NewCostSchedule, NewDocument, NewMilestone, NewParty, NewProvision,
    NewPublication, NewSignature, TerminationApproval,
};
use persistence::agreements::{
    AgreementRow, ApprovalRow, DocumentRow, MilestoneRow, PartyRow, ProvisionRow, PublicationRow, ScheduleRow,
    ShareRow, SignatureRow, SubjectRow,
};
use uuid::Uuid;

use persistence::ids::{AgreementId, OrganisationId};

use crate::service::decisions::evidence_columns;

/// Where new ids come from and when the rows are written.
pub struct Stamp<'a> {
    pub ids: Box<dyn FnMut() -> Uuid + 'a>,
    pub now: NaiveDateTime,
}

impl Stamp<'static> {
    /// Fresh time-ordered ids, stamped now: what the use cases write with.
    pub fn live() -> Self {
        Stamp { ids: Box::new(Uuid::now_v7), now: crate::service::now() }
    }
}

impl Stamp<'_> {
    /// The next id, typed as the row's.
    fn id<T: From<Uuid>>(&mut self) -> T {
        T::from((self.ids)())
    }
}

/// A new draft (R-CA-01..04 are checked before it is built), registered by an organisation (None: the
/// platform), the scope in which its reference is unique.
pub fn draft_row(
    stamp: &mut Stamp<'_>,
    new: &NewCollaborationAgreement,
    registered_by: Option<OrganisationId>,
) -> AgreementRow {
    AgreementRow {
        id: stamp.id(),
        reference: new.reference.clone(),
        title: new.title.clone(),
        summary: new.summary.clone(),
        status: AgreementStatus::Draft,
        collaboration_id: new.collaboration_id.map(Into::into),
        lead_force_id: new.lead_force_id.map(Into::into),
        lead_board_id: new.lead_board_id.map(Into::into),
        lead_board_name: new.lead_board_name.clone(),
        liability_basis: new.liability_basis,
        withdrawal_notice_months: new.withdrawal_notice_months.map(i64::from),
        withdrawal_effective_rule: new.withdrawal_effective_rule.clone(),
        review_period_months: i64::from(new.review_period_months),
        planned_commencement: new.planned_commencement,
        in_force_from: None,
        terminated_on: None,
        next_review_due: None,
        parent_id: None,
        baseline_cost_pence: new.baseline_cost_pence,
        savings_target_pence: new.savings_target_pence,
        published: false,
        open_alerts: 0,
        registered_by_organisation_id: registered_by,
        version: 1,
        created_at: stamp.now,
        updated_at: stamp.now,
    }
}

/// The parties, provisions and provision subjects of an agreement, in the request's order.
pub struct CompositionRows {
    pub parties: Vec<PartyRow>,
    pub provisions: Vec<ProvisionRow>,
    pub subjects: Vec<SubjectRow>,
}

pub fn composition_rows(
    stamp: &mut Stamp<'_>,
    agreement_id: AgreementId,
    parties: &[NewParty],
    provisions: &[NewProvision],
) -> CompositionRows {
    let mut rows = CompositionRows { parties: Vec::new(), provisions: Vec::new(), subjects: Vec::new() };
    for (i, party) in parties.iter().enumerate() {
        rows.parties.push(PartyRow {
            id: stamp.id(),
            agreement_id,
            position: i as i64,
            corporation_sole_id: party.corporation_sole_id.map(Into::into),
            other_party_name: party.other_party_name.clone().filter(|_| party.corporation_sole_id.is_none()),
            other_party_kind: party.other_party_kind.map(|k| k.as_str().to_string()),
            withdrawal_notice_on: None,
            withdrawn_on: None,
            joins_on: None,
            succeeds_party_id: None,
            transfer_order_id: None,
        });
    }
    for (i, provision) in provisions.iter().enumerate() {
        let provision_id: persistence::ids::ProvisionId = stamp.id();
        let subjects = provision
            .forces
            .iter()
            .map(|f| (Some((*f).into()), None))
            .chain(provision.policing_bodies.iter().map(|b| (None, Some((*b).into()))));
        for (j, (force_id, corporation_sole_id)) in subjects.enumerate() {
            rows.subjects.push(SubjectRow {
                id: stamp.id(),
                provision_id,
                position: j as i64,
                force_id,
                corporation_sole_id,
            });
        }
        rows.provisions.push(ProvisionRow {
            id: provision_id,
            agreement_id,
            position: i as i64,
            kind: provision.kind.as_str().to_string(),
            function_name: provision.function.clone(),
            direction_and_control_id: provision.direction_and_control.map(Into::into),
        });
    }
    rows
}

pub fn document_row(stamp: &mut Stamp<'_>, agreement_id: AgreementId, new: &NewDocument) -> DocumentRow {
    DocumentRow {
        id: stamp.id(),
        agreement_id,
        title: new.title.clone(),
        version_label: new.version_label.clone(),
        sha256: new.sha256.to_ascii_lowercase(),
        uri: new.uri.clone(),
        dated: new.dated,
        created_at: stamp.now,
    }
}

pub fn milestone_row(stamp: &mut Stamp<'_>, agreement_id: AgreementId, new: &NewMilestone) -> MilestoneRow {
    MilestoneRow {
        id: stamp.id(),
        agreement_id,
        kind: new.kind.as_str().into(),
        reached_on: new.reached_on,
        reviewer: new.reviewer.clone(),
        conclusion: new.conclusion.clone(),
        created_at: stamp.now,
    }
}

/// A schedule and its shares (R-CA-15 is checked before it is built).
pub fn schedule_rows(
    stamp: &mut Stamp<'_>,
    agreement_id: AgreementId,
    new: &NewCostSchedule,
) -> (ScheduleRow, Vec<ShareRow>) {
    let schedule = ScheduleRow {
        id: stamp.id(),
        agreement_id,
        basis: new.basis.as_str().into(),
        effective_from: new.effective_from,
        created_at: stamp.now,
    };
    let shares = new
        .shares
        .iter()
        .map(|share| ShareRow {
            id: stamp.id(),
            schedule_id: schedule.id,
            party_id: share.party_id.into(),
            basis_points: share.basis_points,
        })
        .collect();
    (schedule, shares)
}

/// Who acted and in what capacity, as the use case established it (authority checked, or the
/// paper's words with what the registry shows).
pub struct Actor {
    pub person: Option<uuid::Uuid>,
    pub capacity: String,
    pub recorded_by: String,
}

pub fn approval_row(stamp: &mut Stamp<'_>, agreement_id: AgreementId, new: &NewApproval, actor: Actor) -> ApprovalRow {
    let (evidence_sha256, evidence_locator, evidence_uri) = evidence_columns(new.evidence.as_ref());
    ApprovalRow {
        id: stamp.id(),
        agreement_id,
        party_id: new.party_id.into(),
        purpose: ApprovalPurpose::Execution.as_str().into(),
        approved_on: new.approved_on,
        efficiency_or_effectiveness: new.rationale.efficiency_or_effectiveness.clone(),
        existing_collaboration_considered: new.rationale.existing_collaboration_considered.clone(),
        consistency_considered: new.rationale.consistency_considered.clone(),
        other_opportunities_considered: new.rationale.other_opportunities_considered.clone(),
        record_of_decision: new.record_of_decision.clone(),
        acting_person_id: actor.person.map(Into::into),
        capacity: actor.capacity,
        recorded_by: actor.recorded_by,
        created_at: stamp.now,
        evidence_sha256,
        evidence_locator,
        evidence_uri,
    }
}

/// A party's agreement to a termination (R-CA-14): no rationale is asked for.
pub fn termination_approval_row(
    stamp: &mut Stamp<'_>,
    agreement_id: AgreementId,
    new: &TerminationApproval,
    actor: Actor,
) -> ApprovalRow {
    let (evidence_sha256, evidence_locator, evidence_uri) = evidence_columns(new.evidence.as_ref());
    ApprovalRow {
        id: stamp.id(),
        agreement_id,
        party_id: new.party_id.into(),
        purpose: ApprovalPurpose::Termination.as_str().into(),
        approved_on: new.approved_on,
        efficiency_or_effectiveness: String::new(),
        existing_collaboration_considered: String::new(),
        consistency_considered: String::new(),
        other_opportunities_considered: String::new(),
        record_of_decision: new.record_of_decision.clone(),
        acting_person_id: actor.person.map(Into::into),
        capacity: actor.capacity,
        recorded_by: actor.recorded_by,
        created_at: stamp.now,
        evidence_sha256,
        evidence_locator,
        evidence_uri,
    }
}

pub fn signature_row(
    stamp: &mut Stamp<'_>,
    agreement_id: AgreementId,
    new: &NewSignature,
    actor: Actor,
) -> SignatureRow {
    let (evidence_sha256, evidence_locator, evidence_uri) = evidence_columns(new.evidence.as_ref());
    SignatureRow {
        id: stamp.id(),
        agreement_id,
        party_id: new.party_id.into(),
        signatory_person_id: actor.person.map(Into::into),
        signatory_name: new.signatory_name.clone(),
        capacity: actor.capacity,
        signed_on: new.signed_on,
        recorded_by: actor.recorded_by,
        created_at: stamp.now,
        evidence_sha256,
        evidence_locator,
        evidence_uri,
    }
}

pub fn publication_row(stamp: &mut Stamp<'_>, agreement_id: AgreementId, new: &NewPublication) -> PublicationRow {
    PublicationRow {
        id: stamp.id(),
        agreement_id,
        kind: new.kind.as_str().into(),
        url: new.published_url.clone(),
        published_on: new.published_on,
        created_at: stamp.now,
    }
}
