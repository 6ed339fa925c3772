//! Demo agreements from the seed papers: the three BCH section 22A agreements presented to the
//! Cambridgeshire Business Coordination Board on 26 November 2015 and signed at the Strategic
//! Alliance Summit on 27 November 2015 (D3), and the West Mercia / Warwickshire alliance agreement
//! with the 69/31 cost split used in 2016 (D0 decision 7). Where the papers are silent (who signed,
//! the other parties' decision records) the entries say so rather than invent.

use chrono::NaiveDate;
use domain::agreements::{check_composition, AgreementStatus, ApprovalPurpose, LiabilityBasis};
use persistence::agreements::{self as store, AgreementRow};
use persistence::registry::{find_collaboration_by_slug, find_corporation_sole_by_slug, find_force_by_slug};
use persistence::{Database, DbConnection, WriteContext};

use crate::error::ApiError;
use crate::service::agreements::{changed, stored_composition};

/// SHA-256 of the published Business Coordination Board papers (shared/seeds/003_3b99b6a33a4d41cf.txt).
const D3_DIGEST: &str = "3fae6e5aa430d757eccdb2911dc1daf6ac6135b5faaa9a8ed448ab87142b2e52";
/// SHA-256 of the Alliance Governance Group minutes of 26 July 2017 (shared/seeds/000_ec9a41bb566a97dd.txt).
const D0_DIGEST: &str = "2bb0ba3056b124ec1b0c2421321da0cb16b5ebd31d30ac1c2b988825074521ff";

struct Milestone {
    kind: &'static str,
    on: &'static str,
    reviewer: Option<&'static str>,
    conclusion: Option<&'static str>,
}

struct DemoAgreement {
    reference: &'static str,
    title: &'static str,
    summary: &'static str,
    collaboration: &'static str,
    lead_force: &'static str,
    lead_board: &'static str,
    areas: &'static [&'static str],
    function: &'static str,
    baseline_pence: i64,
    savings_pence: i64,
    milestones: &'static [Milestone],
}

const BCH_AREAS: &[&str] = &["bedfordshire", "cambridgeshire", "hertfordshire"];

const BCH: &[DemoAgreement] = &[
    DemoAgreement {
        reference: "BCH-S22A-2015-FEL",
        title: "Firearms and Explosives Licensing",
        summary: "A single tri-force unit to manage applications, renewals and revocations of firearms and explosives licences (D3 5.2): saving £314k (44%) on a £712k baseline; go-live 1 December 2015.",
        collaboration: "bch-strategic-alliance",
        lead_force: "hertfordshire",
        lead_board: "Hertfordshire OPCC Operational Support Governance Board",
        areas: BCH_AREAS,
        function: "Firearms and explosives licensing",
        baseline_pence: 71_200_000,
        savings_pence: 31_400_000,
        milestones: &[
            Milestone { kind: "fbc", on: "2015-02-19", reviewer: Some("Strategic Alliance Summit"), conclusion: Some("approved") },
            Milestone { kind: "go_live", on: "2015-12-01", reviewer: None, conclusion: Some("unit fully operational") },
        ],
    },
    DemoAgreement {
        reference: "BCH-S22A-2015-HR",
        title: "Human Resources and Learning and Development",
        summary: "Collaborated HR and L&D functions (D3 6): saving £4.3m (31%) on a £13.8m baseline; phase 1 live 1 December 2015, full by 2017/18.",
        collaboration: "bch-strategic-alliance",
        lead_force: "cambridgeshire",
        lead_board: "Cambridgeshire OPCC Organisational Support Governance Board",
        areas: BCH_AREAS,
        function: "Human resources and learning and development",
        baseline_pence: 1_380_000_000,
        savings_pence: 430_000_000,
        milestones: &[
            Milestone { kind: "obc", on: "2015-02-19", reviewer: Some("Strategic Alliance Summit"), conclusion: Some("approved") },
            Milestone { kind: "gateway_review", on: "2015-05-12", reviewer: Some("Concerto LLP"), conclusion: Some("the business case presents a sound analysis of costs and benefits with sufficient evidence to warrant its approval") },
            Milestone { kind: "fbc", on: "2015-05-14", reviewer: Some("Strategic Alliance Summit"), conclusion: Some("approved") },
            Milestone { kind: "go_live", on: "2015-12-01", reviewer: None, conclusion: Some("phase 1 live") },
        ],
    },
    DemoAgreement {
        reference: "BCH-S22A-2015-PC",
        title: "Public Contact (Management and Implementation Team)",
        summary: "Collaborated public contact: 101 and 999 calls, incident management, despatch and crime recording (D3 7): saving £4.3m (14%) on a £30.9m baseline; team live 1 December 2015, full by November 2016.",
        collaboration: "bch-strategic-alliance",
        lead_force: "hertfordshire",
        lead_board: "Hertfordshire OPCC Operational Support Governance Board",
        areas: BCH_AREAS,
        function: "Public contact",
        baseline_pence: 3_090_000_000,
        savings_pence: 430_000_000,
        milestones: &[
            Milestone { kind: "obc", on: "2015-01-22", reviewer: Some("Strategic Alliance Summit"), conclusion: Some("approved") },
            Milestone { kind: "gateway_review", on: "2015-06-01", reviewer: Some("Concerto LLP"), conclusion: Some("sufficient evidence to support a decision to proceed, subject to the critical recommendations (FBC review, June 2015; day approximate)") },
            Milestone { kind: "fbc", on: "2015-07-09", reviewer: Some("Strategic Alliance Summit"), conclusion: Some("approved") },
            Milestone { kind: "go_live", on: "2015-12-01", reviewer: None, conclusion: Some("management and implementation team live") },
        ],
    },
];

const WMW: DemoAgreement = DemoAgreement {
    reference: "WMW-ALLIANCE-S22A",
    title: "West Mercia and Warwickshire Strategic Alliance",
    summary: "The alliance of the two forces' functions under one agreement. Costs shared 69/31 in 2016 (D0 decision 7: £42,757 split £29,502 / £13,255). Commencement is approximated by the registry's alliance start; the alliance ended on 30 April 2020 (registry), recorded here as the termination date: the parties' termination decisions are not in the seed papers.",
    collaboration: "wmw-alliance",
    lead_force: "west-mercia",
    lead_board: "Alliance Governance Group",
    areas: &["west-mercia", "warwickshire"],
    function: "Alliance of policing and support functions",
    baseline_pence: 0,
    savings_pence: 0,
    milestones: &[],
};

fn day(text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| ApiError::Internal(format!("demo date {text}: {e}")))
}

fn id_of(found: Option<String>, what: &str) -> Result<String, ApiError> {
    found.ok_or_else(|| ApiError::Internal(format!("demo agreements need the registry's {what}")))
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Writes one agreement with its parties, provision, milestones, approvals and signatures.
fn write(tx: &mut DbConnection, demo: &DemoAgreement, in_force_from: NaiveDate) -> Result<String, ApiError> {
    let now = persistence::audit::now();
    let mut offices = Vec::new();
    let mut forces = Vec::new();
    for area in demo.areas {
        forces.push(id_of(find_force_by_slug(tx, area)?.map(|f| f.id.to_string()), area)?);
        for office in ["pcc", "chief-constable"] {
            let slug = format!("{area}-{office}");
            offices.push(id_of(find_corporation_sole_by_slug(tx, &slug)?.map(|o| o.id.to_string()), &slug)?);
        }
    }
    let lead_force = id_of(find_force_by_slug(tx, demo.lead_force)?.map(|f| f.id.to_string()), demo.lead_force)?;
    let lead_chief = id_of(
        find_corporation_sole_by_slug(tx, &format!("{}-chief-constable", demo.lead_force))?.map(|o| o.id.to_string()),
        demo.lead_force,
    )?;
    let collaboration = find_collaboration_by_slug(tx, demo.collaboration)?.map(|c| c.id.to_string());
    let money = |pence: i64| (pence > 0).then_some(pence);
    let agreement = AgreementRow {
        id: new_id(),
        reference: demo.reference.into(),
        title: demo.title.into(),
        summary: demo.summary.into(),
        status: AgreementStatus::InForce,
        collaboration_id: collaboration,
        lead_force_id: Some(lead_force),
        lead_board_id: None,
        lead_board_name: Some(demo.lead_board.into()),
        liability_basis: LiabilityBasis::DirectionAndControl,
        withdrawal_notice_months: None,
        withdrawal_effective_rule: None,
        review_period_months: 12,
        planned_commencement: Some(in_force_from),
        in_force_from: Some(in_force_from),
        terminated_on: None,
        next_review_due: in_force_from.checked_add_months(chrono::Months::new(12)),
        parent_id: None,
        baseline_cost_pence: money(demo.baseline_pence),
        savings_target_pence: money(demo.savings_pence),
        published: false,
        open_alerts: 0,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    store::agreement_store::insert(tx, &agreement)?;
    let mut parties = Vec::new();
    for (position, office) in offices.iter().enumerate() {
        let party = store::PartyRow {
            id: new_id(),
            agreement_id: agreement.id.clone(),
            position: position as i64,
            corporation_sole_id: Some(office.clone()),
            other_party_name: None,
            other_party_kind: None,
            withdrawal_notice_on: None,
            withdrawn_on: None,
        };
        store::insert_party(tx, &party)?;
        parties.push(party.id);
    }
    let provision = store::ProvisionRow {
        id: new_id(),
        agreement_id: agreement.id.clone(),
        position: 0,
        kind: "fcp".into(),
        function_name: demo.function.into(),
        direction_and_control_id: Some(lead_chief),
    };
    store::insert_provision(tx, &provision)?;
    for (position, force) in forces.iter().enumerate() {
        store::insert_subject(
            tx,
            &store::SubjectRow {
                id: new_id(),
                provision_id: provision.id.clone(),
                position: position as i64,
                force_id: Some(force.clone()),
                corporation_sole_id: None,
            },
        )?;
    }
    for m in demo.milestones {
        store::insert_milestone(
            tx,
            &store::MilestoneRow {
                id: new_id(),
                agreement_id: agreement.id.clone(),
                kind: m.kind.into(),
                reached_on: day(m.on)?,
                reviewer: m.reviewer.map(Into::into),
                conclusion: m.conclusion.map(Into::into),
                created_at: now,
            },
        )?;
    }
    let (document, dated, digest) = if demo.areas == BCH_AREAS {
        ("Section 22A agreement as reported to the Business Coordination Board (D3)", "2015-11-26", D3_DIGEST)
    } else {
        ("Alliance Governance Group minutes recording the 69/31 split (D0)", "2017-07-26", D0_DIGEST)
    };
    store::insert_document(
        tx,
        &store::DocumentRow {
            id: new_id(),
            agreement_id: agreement.id.clone(),
            title: document.into(),
            version_label: "published papers".into(),
            sha256: digest.into(),
            uri: "shared/seeds".into(),
            dated: day(dated)?,
            created_at: now,
        },
    )?;
    let approved_on = if demo.areas == BCH_AREAS { day("2015-11-26")? } else { in_force_from };
    for party in &parties {
        store::insert_approval(
            tx,
            &store::ApprovalRow {
                id: new_id(),
                agreement_id: agreement.id.clone(),
                party_id: party.clone(),
                purpose: ApprovalPurpose::Execution.as_str().into(),
                approved_on,
                efficiency_or_effectiveness:
                    "more effective and resilient service with cashable savings (business case)".into(),
                existing_collaboration_considered: "builds on the strategic alliance already in place".into(),
                consistency_considered: "one operating model and process across the forces".into(),
                other_opportunities_considered: "options appraised in the outline and full business cases".into(),
                record_of_decision: None,
                acting_person_id: None,
                capacity: "party (decision record not in the seed papers)".into(),
                recorded_by: "demo-data".into(),
                created_at: now,
            },
        )?;
        store::insert_signature(
            tx,
            &store::SignatureRow {
                id: new_id(),
                agreement_id: agreement.id.clone(),
                party_id: party.clone(),
                signatory_person_id: None,
                signatory_name: "not named in the seed papers".into(),
                capacity: "for the corporation sole".into(),
                signed_on: if demo.areas == BCH_AREAS { day("2015-11-27")? } else { in_force_from },
                recorded_by: "demo-data".into(),
                created_at: now,
            },
        )?;
    }
    // The demo records must satisfy the same rules the API enforces.
    let aggregate = store::load(tx, &agreement.id)?.ok_or(ApiError::NotFound)?;
    ApiError::check(check_composition(&stored_composition(tx, &aggregate, in_force_from)?))?;
    Ok(agreement.id)
}

/// Loads the demo agreements that are missing; returns how many were written.
pub fn load(db: &Database, context: &WriteContext) -> Result<(usize, usize), ApiError> {
    let (mut written, mut present) = (0, 0);
    for (demo, in_force_from) in BCH.iter().map(|d| (d, "2015-12-01")).chain([(&WMW, "2012-11-22")]) {
        if db.read(|conn| Ok::<_, ApiError>(store::reference_taken(conn, demo.reference)?))? {
            present += 1;
            continue;
        }
        db.write(context, |tx| {
            let id = write(tx, demo, day(in_force_from)?)?;
            if demo.reference == WMW.reference {
                let mut aggregate = store::load(tx, &id)?.ok_or(ApiError::NotFound)?;
                let shares: Vec<(String, i64)> = aggregate
                    .parties
                    .iter()
                    .filter(|p| p.position % 2 == 0)
                    .zip([6900, 3100])
                    .map(|(p, points)| (p.id.clone(), points))
                    .collect();
                let schedule = store::ScheduleRow {
                    id: new_id(),
                    agreement_id: id.clone(),
                    basis: "budget_share".into(),
                    effective_from: day("2016-04-01")?,
                    created_at: persistence::audit::now(),
                };
                store::insert_schedule(tx, &schedule)?;
                for (party, points) in shares {
                    store::insert_share(
                        tx,
                        &store::ShareRow {
                            id: new_id(),
                            schedule_id: schedule.id.clone(),
                            party_id: party,
                            basis_points: points,
                        },
                    )?;
                }
                aggregate.agreement.status = AgreementStatus::Terminated;
                aggregate.agreement.terminated_on = Some(day("2020-04-30")?);
                aggregate.agreement.next_review_due = None;
                crate::service::agreements::touch(tx, &mut aggregate)?;
            }
            changed(tx, &id, "create", true)
        })?;
        written += 1;
    }
    Ok((written, present))
}
