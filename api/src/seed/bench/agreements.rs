//! Section 22A agreements that pass the composition rules (R-CA-01..04, R-CA-11) as the API
//! checks them: two to six corporations sole as parties, one provision, a lead force and lead
//! board; statuses spread over the lifecycle with what each state implies (approvals from every
//! party once approved, signatures and a document once signed, a cost-share schedule summing to
//! 10,000 basis points (R-CA-15) once approved, commencement, reviews due, publication).
//!
//! Then the approval pool: drafts at version 1 between the bench policing body and its chief
//! constable, which `POST /collaboration-agreements/{id}/approvals` accepts for the bench
//! party, once each.
//!
//! Not generated: milestones, reviews, variations, withdrawals, alerts, collaborations.

use chrono::{Days, Months, NaiveDate};
use domain::agreements::{AgreementStatus, CostBasis, LiabilityBasis, ProvisionKind, PublicationKind};
use openapi::agreements::{
    NewApproval, NewCollaborationAgreement, NewCostSchedule, NewDocument, NewParty, NewProvision, NewPublication,
    NewShare, NewSignature, Rationale,
};
use persistence::agreements::{
    AgreementRow, ApprovalRow, DocumentRow, PublicationRow, ScheduleRow, ShareRow, SignatureRow,
};
use persistence::bulk::Batch;
use persistence::{DbConnection, StoreError};
use serde_json::Value;

use crate::service::agreements::rows::{
    approval_row, composition_rows, document_row, draft_row, publication_row, schedule_rows, signature_row, Actor,
    CompositionRows, Stamp,
};

use super::registry::{Force, Office, Registry};
use super::{date, Gen, Plan, RECORDED_BY};

const FUNCTIONS: [&str; 20] = [
    "Major crime investigation",
    "Firearms and explosives licensing",
    "Forensic services",
    "Roads policing",
    "Armed policing and police dogs",
    "Professional standards",
    "Information technology",
    "Procurement",
    "Human resources",
    "Legal services",
    "Estates and facilities",
    "Vetting",
    "Fleet management",
    "Public contact",
    "Serious and organised crime",
    "Counter terrorism policing",
    "Occupational health",
    "Learning and development",
    "Digital forensics",
    "Criminal justice",
];

/// What the benchmark needs to know about the agreements.
pub struct Made {
    /// (agreement id, party id of the bench policing body) of every pool draft.
    pub pool: Vec<(String, String)>,
    /// An agreement in force with the bench policing body as a party.
    pub sample_agreement: String,
    /// Agreements in force with the bench policing body as a party (the list filter's matches).
    pub in_force_with_bench: usize,
}

/// Who is party to an agreement and what its one provision concerns.
struct Shape<'a> {
    parties: Vec<&'a Office>,
    kind: ProvisionKind,
    forces: Vec<&'a Force>,
    policing_bodies: Vec<&'a Office>,
    direction_and_control: Option<&'a Office>,
}

/// Distinct forces, the first the bench force when `bench`.
fn forces<'a>(gen: &mut Gen, registry: &'a Registry, count: usize, bench: bool) -> Vec<&'a Force> {
    let mut chosen: Vec<&Force> = Vec::new();
    if bench {
        chosen.push(registry.bench());
    }
    while chosen.len() < count {
        let force = gen.rng.pick(&registry.forces);
        if !chosen.iter().any(|f| f.id == force.id) {
            chosen.push(force);
        }
    }
    chosen
}

/// One of six valid shapes: PBCP of two policing bodies; FCP of one, two or three forces (each
/// force's policing body and chief officer parties, the first chief with direction and control);
/// FCP of two forces with a third policing body; PBFCP of one force supported by another's body.
fn shape<'a>(gen: &mut Gen, registry: &'a Registry, bench: bool) -> Shape<'a> {
    let fcp = |forces: Vec<&'a Force>, extra: Option<&'a Office>| {
        let mut parties: Vec<&Office> = forces.iter().flat_map(|f| [&f.policing_body, &f.chief]).collect();
        parties.extend(extra);
        Shape {
            parties,
            kind: ProvisionKind::Fcp,
            direction_and_control: Some(&forces[0].chief),
            forces,
            policing_bodies: Vec::new(),
        }
    };
    match gen.rng.below(6) {
        0 => {
            let f = forces(gen, registry, 2, bench);
            let bodies = vec![&f[0].policing_body, &f[1].policing_body];
            Shape {
                parties: bodies.clone(),
                kind: ProvisionKind::Pbcp,
                forces: Vec::new(),
                policing_bodies: bodies,
                direction_and_control: None,
            }
        }
        n @ 1..=3 => fcp(forces(gen, registry, n, bench), None),
        4 => {
            let f = forces(gen, registry, 3, bench);
            fcp(vec![f[0], f[1]], Some(&f[2].policing_body))
        }
        _ => {
            let f = forces(gen, registry, 2, bench);
            Shape {
                parties: vec![&f[0].policing_body, &f[0].chief, &f[1].policing_body],
                kind: ProvisionKind::Pbfcp,
                forces: vec![f[0]],
                policing_bodies: vec![&f[1].policing_body],
                direction_and_control: None,
            }
        }
    }
}

fn status(gen: &mut Gen) -> AgreementStatus {
    match gen.rng.below(100) {
        0..=14 => AgreementStatus::Draft,
        15..=24 => AgreementStatus::Approved,
        25..=34 => AgreementStatus::Signed,
        35..=84 => AgreementStatus::InForce,
        85..=94 => AgreementStatus::Terminated,
        _ => AgreementStatus::Expired,
    }
}

/// Splits 10,000 basis points over `n` parties: equally, or by random weights; exact either way.
fn shares(gen: &mut Gen, n: usize, basis: CostBasis) -> Vec<i64> {
    let weights: Vec<i64> =
        (0..n).map(|_| if basis == CostBasis::Equal { 1 } else { 1 + gen.rng.below(9) as i64 }).collect();
    let total: i64 = weights.iter().sum();
    let mut points: Vec<i64> = weights.iter().map(|w| 10_000 * w / total).collect();
    points[0] += 10_000 - points.iter().sum::<i64>();
    points
}

fn hex_digest(gen: &mut Gen) -> String {
    (0..4).map(|_| format!("{:016x}", gen.rng.next_u64())).collect()
}

pub fn generate(gen: &mut Gen, conn: &mut DbConnection, registry: &Registry, plan: Plan) -> Result<Made, StoreError> {
    let bench = registry.bench().policing_body.id;
    let mut made = Made { pool: Vec::new(), sample_agreement: String::new(), in_force_with_bench: 0 };
    for n in 0..plan.agreements {
        let with_bench = gen.rng.chance(0.35);
        let shape = shape(gen, registry, with_bench);
        let status = status(gen);
        let (id, _) = agreement(gen, &shape, &format!("BENCH-S22A-{:06}", n + 1), status);
        if status == AgreementStatus::InForce && shape.parties.iter().any(|p| p.id == bench) {
            made.in_force_with_bench += 1;
            if made.sample_agreement.is_empty() {
                made.sample_agreement = id;
            }
        }
        gen.maybe_flush(conn)?;
    }
    let force = registry.bench();
    for n in 0..plan.approval_pool {
        let shape = Shape {
            parties: vec![&force.policing_body, &force.chief],
            kind: ProvisionKind::Fcp,
            forces: vec![force],
            policing_bodies: Vec::new(),
            direction_and_control: Some(&force.chief),
        };
        let (id, parties) = agreement(gen, &shape, &format!("BENCH-POOL-{:06}", n + 1), AgreementStatus::Draft);
        made.pool.push((id, parties.into_iter().next().unwrap_or_default()));
        gen.maybe_flush(conn)?;
    }
    gen.flush(conn)?;
    Ok(made)
}

/// The request a client would send for this shape.
fn request(shape: &Shape<'_>, reference: &str, function: &str, money: (i64, i64)) -> NewCollaborationAgreement {
    let lead = shape.forces.first().copied();
    let areas: Vec<&str> =
        shape.parties.iter().filter(|p| p.kind.is_policing_body()).map(|p| p.name.as_str()).collect();
    NewCollaborationAgreement {
        reference: reference.into(),
        title: format!("{function} collaboration"),
        summary: format!("{function} delivered jointly for {}.", areas.join(", ")),
        collaboration_id: None,
        lead_force_id: lead.map(|f| f.id.uuid()),
        lead_board_id: None,
        lead_board_name: Some(format!("{} Collaboration Governance Board", lead.map_or("Regional", |f| f.area))),
        liability_basis: LiabilityBasis::DirectionAndControl,
        withdrawal_notice_months: Some(12),
        withdrawal_effective_rule: Some("31 March after the notice expires".into()),
        review_period_months: 12,
        planned_commencement: None,
        baseline_cost_pence: Some(money.0),
        savings_target_pence: Some(money.1),
        parties: shape
            .parties
            .iter()
            .map(|o| NewParty {
                corporation_sole_id: Some(o.id.uuid()),
                other_party_name: None,
                other_party_kind: None,
            })
            .collect(),
        provisions: vec![NewProvision {
            kind: shape.kind,
            function: function.into(),
            forces: shape.forces.iter().map(|f| f.id.uuid()).collect(),
            policing_bodies: shape.policing_bodies.iter().map(|b| b.id.uuid()).collect(),
            direction_and_control: shape.direction_and_control.map(|o| o.id.uuid()),
        }],
    }
}

/// The days of an agreement's execution and what its status implies for its row.
struct Lifecycle {
    status: AgreementStatus,
    approved_on: NaiveDate,
    signed_on: NaiveDate,
    in_force_from: NaiveDate,
    next_review_due: Option<NaiveDate>,
    terminated_on: Option<NaiveDate>,
    published: bool,
}

impl Lifecycle {
    fn draw(gen: &mut Gen, status: AgreementStatus) -> Lifecycle {
        use AgreementStatus as S;
        let approved_on = gen.rng.day_between(date(2014, 1, 1), date(2025, 6, 30));
        let in_force_from = approved_on + Days::new(30);
        let next_review_due = match status {
            S::InForce if gen.rng.chance(0.1) => Some(gen.rng.day_between(date(2024, 6, 1), date(2025, 12, 31))),
            S::InForce => Some(gen.rng.day_between(date(2026, 1, 1), date(2027, 6, 30))),
            _ => None,
        };
        let terminated_on = matches!(status, S::Terminated | S::Expired)
            .then(|| (in_force_from + Months::new(24 + gen.rng.below(48) as u32)).min(date(2026, 6, 30)));
        let published = match status {
            S::InForce => gen.rng.chance(0.6),
            S::Terminated | S::Expired => gen.rng.chance(0.5),
            _ => false,
        };
        let signed_on = approved_on + Days::new(14);
        Lifecycle { status, approved_on, signed_on, in_force_from, next_review_due, terminated_on, published }
    }

    /// Whether the agreement has got as far as `stage` (draft, approved, signed, then in force or after).
    fn reached(&self, stage: AgreementStatus) -> bool {
        use AgreementStatus as S;
        let order = |s: S| match s {
            S::Draft => 0,
            S::Approved => 1,
            S::Signed => 2,
            _ => 3,
        };
        order(self.status) >= order(stage)
    }
}

/// Writes one agreement in `status` with everything that status implies, built by the use cases'
/// row constructors from the requests a client would send; returns its id and party ids in order.
fn agreement(gen: &mut Gen, shape: &Shape<'_>, reference: &str, status: AgreementStatus) -> (String, Vec<String>) {
    let function = *gen.rng.pick(&FUNCTIONS);
    let money = ((1 + gen.rng.below(400)) as i64 * 10_000_000, (1 + gen.rng.below(50)) as i64 * 1_000_000);
    let new = request(shape, reference, function, money);
    let life = Lifecycle::draw(gen, status);
    let basis = *gen.rng.pick(&[CostBasis::BudgetShare, CostBasis::Usage, CostBasis::Equal]);
    let points = shares(gen, shape.parties.len(), basis);
    let digest = hex_digest(gen);
    let kind = if gen.rng.chance(0.8) { PublicationKind::Full } else { PublicationKind::Redacted };
    let mut stamp = Stamp { ids: Box::new(|| gen.ids.next_uuid()), now: gen.stamp };
    // Bulk-loaded, as the platform: its references are unique among the platform's registrations.
    let mut row = draft_row(&mut stamp, &new, None);
    row.status = status;
    row.planned_commencement = Some(life.in_force_from);
    row.in_force_from = life.reached(AgreementStatus::InForce).then_some(life.in_force_from);
    row.next_review_due = life.next_review_due;
    row.terminated_on = life.terminated_on;
    row.published = life.published;
    let id = row.id;
    let composition = composition_rows(&mut stamp, id, &new.parties, &new.provisions);
    let party_ids: Vec<String> = composition.parties.iter().map(|p| p.id.to_string()).collect();
    let mut rows = Rows {
        agreement: row,
        composition,
        schedules: Vec::new(),
        shares: Vec::new(),
        approvals: Vec::new(),
        documents: Vec::new(),
        signatures: Vec::new(),
        publications: Vec::new(),
    };
    if life.reached(AgreementStatus::Approved) {
        let parties: Vec<(uuid::Uuid, &Office)> = party_ids
            .iter()
            .map(|p| uuid::Uuid::parse_str(p).unwrap_or_default())
            .zip(shape.parties.iter().copied())
            .collect();
        execution(&mut stamp, &mut rows, &life, &parties, (basis, &points));
        if life.reached(AgreementStatus::Signed) {
            signing(&mut stamp, &mut rows, &life, &parties, digest);
        }
        if life.published {
            let publication = NewPublication {
                kind,
                published_url: format!("https://www.police.example/transparency/{reference}"),
                published_on: life.in_force_from + Days::new(7),
            };
            rows.publications.push(publication_row(&mut stamp, id, &publication));
        }
    }
    drop(stamp);
    rows.into_batch(&mut gen.batch);
    (id.to_string(), party_ids)
}

/// The rows of one generated agreement, before they join the batch.
struct Rows {
    agreement: AgreementRow,
    composition: CompositionRows,
    schedules: Vec<ScheduleRow>,
    shares: Vec<ShareRow>,
    approvals: Vec<ApprovalRow>,
    documents: Vec<DocumentRow>,
    signatures: Vec<SignatureRow>,
    publications: Vec<PublicationRow>,
}

impl Rows {
    fn into_batch(self, batch: &mut Batch) {
        batch.agreements.push(self.agreement);
        batch.parties.extend(self.composition.parties);
        batch.provisions.extend(self.composition.provisions);
        batch.subjects.extend(self.composition.subjects);
        batch.schedules.extend(self.schedules);
        batch.shares.extend(self.shares);
        batch.approvals.extend(self.approvals);
        batch.documents.extend(self.documents);
        batch.signatures.extend(self.signatures);
        batch.publications.extend(self.publications);
    }
}

/// The cost shares (R-CA-15) and every party's approval by its office holder.
fn execution(
    stamp: &mut Stamp<'_>,
    rows: &mut Rows,
    life: &Lifecycle,
    parties: &[(uuid::Uuid, &Office)],
    (basis, points): (CostBasis, &[i64]),
) {
    let id = rows.agreement.id;
    let reference = rows.agreement.reference.clone();
    let schedule = NewCostSchedule {
        basis,
        effective_from: life.in_force_from,
        shares: parties
            .iter()
            .zip(points)
            .map(|((party, _), p)| NewShare { party_id: *party, basis_points: *p })
            .collect(),
    };
    let (schedule, shares) = schedule_rows(stamp, id, &schedule);
    rows.schedules.push(schedule);
    rows.shares.extend(shares);
    for (party, office) in parties {
        let holder = Some(office.holder.uuid());
        let new = NewApproval {
            party_id: *party,
            approved_on: life.approved_on,
            rationale: Rationale {
                efficiency_or_effectiveness: "one service for the parties at lower cost and with more resilience"
                    .into(),
                existing_collaboration_considered: "builds on the existing regional arrangements".into(),
                consistency_considered: "one operating model and process across the forces".into(),
                other_opportunities_considered: "options appraised in the business case".into(),
            },
            record_of_decision: Some(format!("{reference}/D")),
            acting_person_id: holder,
            capacity: None,
            evidence: None,
        };
        let actor = Actor {
            person: holder,
            capacity: format!("office holder ({})", office.name),
            recorded_by: RECORDED_BY.into(),
        };
        rows.approvals.push(approval_row(stamp, id, &new, actor));
    }
}

/// The agreement in writing (R-CA-07) and every party's signature by its office holder.
fn signing(
    stamp: &mut Stamp<'_>,
    rows: &mut Rows,
    life: &Lifecycle,
    parties: &[(uuid::Uuid, &Office)],
    digest: String,
) {
    let id = rows.agreement.id;
    let document = NewDocument {
        title: "Section 22A collaboration agreement".into(),
        version_label: "final".into(),
        sha256: digest,
        uri: format!("https://documents.police.example/agreements/{}.pdf", rows.agreement.reference),
        dated: life.approved_on,
    };
    rows.documents.push(document_row(stamp, id, &document));
    for (party, office) in parties {
        let holder = Some(office.holder.uuid());
        let new = NewSignature {
            party_id: *party,
            signatory_person_id: holder,
            signatory_name: office.holder_name.clone(),
            capacity: format!("for the {}", office.name),
            signed_on: life.signed_on,
            evidence: None,
        };
        let actor = Actor { person: holder, capacity: new.capacity.clone(), recorded_by: RECORDED_BY.into() };
        rows.signatures.push(signature_row(stamp, id, &new, actor));
    }
}

/// The body of a pool approval without `party_id` (the pairs file gives it per agreement): every
/// pool party is the bench force's policing body, approved by its holder (R-TM-02 needs a person).
pub fn approval_body(holder: uuid::Uuid) -> Result<Value, String> {
    let approval = NewApproval {
        party_id: uuid::Uuid::nil(),
        approved_on: date(2026, 6, 1),
        rationale: Rationale {
            efficiency_or_effectiveness: "one service for both corporations sole at lower cost".into(),
            existing_collaboration_considered: "builds on the alliance's existing arrangements".into(),
            consistency_considered: "one operating model across the force".into(),
            other_opportunities_considered: "regional and national options appraised".into(),
        },
        record_of_decision: None,
        acting_person_id: Some(holder),
        capacity: None,
        evidence: None,
    };
    let mut body = serde_json::to_value(approval).map_err(|e| e.to_string())?;
    if let Some(object) = body.as_object_mut() {
        object.remove("party_id");
    }
    Ok(body)
}

/// A valid draft for the bench organisation to create: the bench force and Warwickshire under one
/// force collaboration provision. `reference` must be new on each create (409 otherwise).
pub fn create_body(registry: &Registry) -> NewCollaborationAgreement {
    let bench = registry.bench();
    let partner = registry.forces.iter().find(|f| f.slug == "warwickshire").unwrap_or(bench);
    let party = |office: &Office| NewParty {
        corporation_sole_id: Some(office.id.uuid()),
        other_party_name: None,
        other_party_kind: None,
    };
    let mut forces: Vec<&Force> = vec![bench];
    if partner.id != bench.id {
        forces.push(partner);
    }
    NewCollaborationAgreement {
        reference: "BENCH-CREATE-000001".into(),
        title: "Joint vetting unit".into(),
        summary: "A single vetting unit for both forces.".into(),
        collaboration_id: None,
        lead_force_id: Some(bench.id.uuid()),
        lead_board_id: None,
        lead_board_name: Some(format!("{} Collaboration Governance Board", bench.area)),
        liability_basis: LiabilityBasis::DirectionAndControl,
        withdrawal_notice_months: Some(12),
        withdrawal_effective_rule: None,
        review_period_months: 12,
        planned_commencement: Some(date(2027, 4, 1)),
        baseline_cost_pence: None,
        savings_target_pence: None,
        parties: forces.iter().flat_map(|f| [party(&f.policing_body), party(&f.chief)]).collect(),
        provisions: vec![NewProvision {
            kind: ProvisionKind::Fcp,
            function: "Vetting".into(),
            forces: forces.iter().map(|f| f.id.uuid()).collect(),
            policing_bodies: Vec::new(),
            direction_and_control: Some(bench.chief.id.uuid()),
        }],
    }
}
