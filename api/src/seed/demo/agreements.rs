//! Demo agreements from the seed papers: the three BCH section 22A agreements presented to the
//! Cambridgeshire Business Coordination Board on 26 November 2015 and signed at the Strategic
//! Alliance Summit on 27 November 2015 (D3), and the West Mercia / Warwickshire alliance agreement
//! with the 69/31 cost split used in 2016 (D0 decision 7). Where the papers are silent (who signed,
//! the other parties' decision records) the entries say so rather than invent.
//!
//! Each agreement is made by the use cases a client calls, as a contributor of the lead force's
//! OPCC: drafted, its milestones and paper attached, approved and signed for every party from the
//! paper (R-TM-05, citing it), brought into force; so the rules the API enforces hold for it. One
//! agreement is one transaction: its audit events are the create and each step after it.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::access::{Principal, Role};
use domain::agreements::{CostBasis, LiabilityBasis, MilestoneKind, ProvisionKind};
use openapi::agreements::{
    Commencement, NewApproval, NewCollaborationAgreement, NewCostSchedule, NewDocument, NewMilestone, NewParty,
    NewProvision, NewShare, NewSignature, Rationale, Termination, TerminationApproval,
};
use openapi::boards::Evidence;
use persistence::{Change, DbConnection};
use uuid::Uuid;

use super::{lookup, seed_principal, Loader};
use crate::error::ApiError;
use crate::service::agreements::{drafts, lifecycle};

/// SHA-256 of the published Business Coordination Board papers (shared/seeds/003_3b99b6a33a4d41cf.txt).
const D3_DIGEST: &str = "3fae6e5aa430d757eccdb2911dc1daf6ac6135b5faaa9a8ed448ab87142b2e52";
/// SHA-256 of the Alliance Governance Group minutes of 26 July 2017 (shared/seeds/000_ec9a41bb566a97dd.txt).
/// Seed 004: the West Mercia PCC's monthly assurance meeting of October 2020 that says the alliance separated.
const D4_DIGEST: &str = "5553f3c4b51613e04054a943f9b4394fa6972f2d650a97f3235f5dcca8e11255";
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

fn id(map: &HashMap<String, String>, key: &str, what: &str) -> Result<Uuid, ApiError> {
    let text = lookup(map, key, what)?;
    Uuid::parse_str(text).map_err(|e| ApiError::Internal(format!("demo {what} id {text}: {e}")))
}

/// The registry's ids the demo agreements refer to, by slug.
pub struct Keys<'a> {
    pub forces: &'a HashMap<String, String>,
    pub offices: &'a HashMap<String, String>,
    pub organisations: &'a HashMap<String, String>,
    pub collaborations: &'a HashMap<String, String>,
}

/// The paper each agreement's execution is recorded from, and where in it.
struct Paper {
    document: &'static str,
    dated: &'static str,
    digest: &'static str,
    approved_on: &'static str,
    approval_locator: &'static str,
    signed_on: &'static str,
    signature_locator: &'static str,
}

const D3: Paper = Paper {
    document: "Section 22A agreement as reported to the Business Coordination Board (D3)",
    dated: "2015-11-26",
    digest: D3_DIGEST,
    approved_on: "2015-11-26",
    approval_locator: "item 9.6: approval for the Commissioner to sign the Decision Notice to sign the S22A Agreements, subject to their being agreed at the Alliance meeting on 27 November 2015",
    signed_on: "2015-11-27",
    signature_locator: "report para 2.4: the S22A Agreements to be agreed and signed at the Alliance meeting on 27 November 2015",
};

const D0: Paper = Paper {
    document: "Alliance Governance Group minutes recording the 69/31 split (D0)",
    dated: "2017-07-26",
    digest: D0_DIGEST,
    approved_on: "2012-11-22",
    approval_locator: "decision 7: the alliance's costs shared 69/31 under the alliance agreement (its execution is dated from the alliance's start)",
    signed_on: "2012-11-22",
    signature_locator: "decision 7: the alliance agreement in operation (its signature is dated from the alliance's start)",
};

fn evidence(paper: &Paper, locator: &str) -> Evidence {
    Evidence { sha256: paper.digest.into(), locator: locator.into(), uri: Some("shared/seeds".into()) }
}

/// The draft a client would send: both corporations sole of each area as parties, one force
/// collaboration provision under the lead force's chief officer.
fn draft(keys: &Keys<'_>, demo: &DemoAgreement, planned: NaiveDate) -> Result<NewCollaborationAgreement, ApiError> {
    let mut parties = Vec::new();
    let mut forces = Vec::new();
    for area in demo.areas {
        forces.push(id(keys.forces, area, "force")?);
        for office in ["pcc", "chief-constable"] {
            let office = id(keys.offices, &format!("{area}-{office}"), "corporation sole")?;
            parties.push(NewParty {
                corporation_sole_id: Some(office),
                other_party_name: None,
                other_party_kind: None,
            });
        }
    }
    let lead_chief = id(keys.offices, &format!("{}-chief-constable", demo.lead_force), "corporation sole")?;
    let money = |pence: i64| (pence > 0).then_some(pence);
    Ok(NewCollaborationAgreement {
        reference: demo.reference.into(),
        title: demo.title.into(),
        summary: demo.summary.into(),
        collaboration_id: Some(id(keys.collaborations, demo.collaboration, "collaboration")?),
        lead_force_id: Some(id(keys.forces, demo.lead_force, "force")?),
        lead_board_id: None,
        lead_board_name: Some(demo.lead_board.into()),
        liability_basis: LiabilityBasis::DirectionAndControl,
        withdrawal_notice_months: None,
        withdrawal_effective_rule: None,
        review_period_months: 12,
        planned_commencement: Some(planned),
        baseline_cost_pence: money(demo.baseline_pence),
        savings_target_pence: money(demo.savings_pence),
        parties,
        provisions: vec![NewProvision {
            kind: ProvisionKind::Fcp,
            function: demo.function.into(),
            forces,
            policing_bodies: Vec::new(),
            direction_and_control: Some(lead_chief),
        }],
    })
}

fn rationale() -> Rationale {
    Rationale {
        efficiency_or_effectiveness: "more effective and resilient service with cashable savings (business case)"
            .into(),
        existing_collaboration_considered: "builds on the strategic alliance already in place".into(),
        consistency_considered: "one operating model and process across the forces".into(),
        other_opportunities_considered: "options appraised in the outline and full business cases".into(),
    }
}

/// One agreement's steps, each a use case at the version the last one left; the first change
/// (the create) carries the rest as related changes, each audited in order.
struct Steps<'p> {
    principal: &'p Principal,
    id: Uuid,
    version: i64,
    created: Change,
}

impl Steps<'_> {
    fn then(
        &mut self,
        tx: &mut DbConnection,
        step: impl FnOnce(&mut DbConnection, &Principal, Uuid, i64) -> Result<Change, ApiError>,
    ) -> Result<(), ApiError> {
        let change = step(tx, self.principal, self.id, self.version)?;
        self.version = change.version.unwrap_or(self.version + 1);
        self.created.related.push(change);
        Ok(())
    }
}

/// Drafts, documents, approves, signs and brings one agreement into force (and ends it, where
/// the registry says it ended).
fn make(
    tx: &mut DbConnection,
    principal: &Principal,
    keys: &Keys<'_>,
    demo: &DemoAgreement,
    paper: &Paper,
    in_force_from: NaiveDate,
) -> Result<Change, ApiError> {
    let created = drafts::create(tx, principal, draft(keys, demo, in_force_from)?)?;
    let id = Uuid::parse_str(&created.resource_id).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut steps = Steps { principal, id, version: created.version.unwrap_or(1), created };
    for m in demo.milestones {
        let kind = MilestoneKind::parse(m.kind).ok_or_else(|| ApiError::Internal(format!("milestone {}", m.kind)))?;
        let new = NewMilestone {
            kind,
            reached_on: day(m.on)?,
            reviewer: m.reviewer.map(Into::into),
            conclusion: m.conclusion.map(Into::into),
        };
        steps.then(tx, |tx, p, id, v| lifecycle::attach_milestone(tx, p, id, v, new))?;
    }
    let document = NewDocument {
        title: paper.document.into(),
        version_label: "published papers".into(),
        sha256: paper.digest.into(),
        uri: "shared/seeds".into(),
        dated: day(paper.dated)?,
    };
    steps.then(tx, |tx, p, id, v| lifecycle::attach_document(tx, p, id, v, document))?;
    let parties = party_ids(tx, id)?;
    for party in &parties {
        let new = NewApproval {
            party_id: *party,
            approved_on: day(paper.approved_on)?,
            rationale: rationale(),
            record_of_decision: None,
            acting_person_id: None,
            capacity: Some("party (its decision record is not in the seed papers)".into()),
            evidence: Some(evidence(paper, paper.approval_locator)),
        };
        steps.then(tx, |tx, p, id, v| lifecycle::approve(tx, p, id, v, new, None))?;
    }
    for party in &parties {
        let new = NewSignature {
            party_id: *party,
            signatory_person_id: None,
            signatory_name: "not named in the seed papers".into(),
            capacity: "for the corporation sole".into(),
            signed_on: day(paper.signed_on)?,
            evidence: Some(evidence(paper, paper.signature_locator)),
        };
        steps.then(tx, |tx, p, id, v| lifecycle::sign(tx, p, id, v, new, None))?;
    }
    let commencement = Commencement { in_force_from };
    steps.then(tx, |tx, p, id, v| lifecycle::commence(tx, p, id, v, commencement))?;
    if demo.reference == WMW.reference {
        end_the_alliance(tx, &mut steps, &parties)?;
    }
    Ok(steps.created)
}

/// The agreement's party ids in their order.
fn party_ids(tx: &mut DbConnection, id: Uuid) -> Result<Vec<Uuid>, ApiError> {
    let aggregate = persistence::agreements::load(tx, id.into())?.ok_or(ApiError::NotFound)?;
    Ok(aggregate.parties.iter().map(|p| p.id.uuid()).collect())
}

/// The 69/31 split between the two policing bodies from April 2016 (D0 decision 7), and the end
/// of the alliance on 30 April 2020 (registry). The parties' termination decisions are not in the
/// seed papers, and nobody may be named as having given them (R-TM-02): each is recorded from the
/// paper that says the alliance separated (D4 item 2.2, R-TM-05), in the paper's words.
fn end_the_alliance(tx: &mut DbConnection, steps: &mut Steps<'_>, parties: &[Uuid]) -> Result<(), ApiError> {
    let policing_bodies = parties.iter().step_by(2);
    let schedule = NewCostSchedule {
        basis: CostBasis::BudgetShare,
        effective_from: day("2016-04-01")?,
        shares: policing_bodies
            .zip([6900, 3100])
            .map(|(party, basis_points)| NewShare { party_id: *party, basis_points })
            .collect(),
    };
    steps.then(tx, |tx, p, id, v| lifecycle::set_cost_schedule(tx, p, id, v, schedule))?;
    let ended = day("2020-04-30")?;
    let approvals = parties
        .iter()
        .map(|party| TerminationApproval {
            party_id: *party,
            approved_on: ended,
            record_of_decision: None,
            acting_person_id: None,
            capacity: Some("party (\"once the Alliance separated\"; its decision is not in the seed papers)".into()),
            evidence: Some(Evidence {
                sha256: D4_DIGEST.into(),
                locator: "Monthly Assurance Meeting, 28 October 2020, item 2.2: \"once the Alliance separated\"".into(),
                uri: Some("shared/seeds".into()),
            }),
        })
        .collect();
    let termination = Termination { terminates_on: ended, approvals };
    steps.then(tx, |tx, p, id, v| lifecycle::terminate(tx, p, id, v, termination))
}

/// Loads the demo agreements that are missing, each as a contributor of its lead force's OPCC.
pub fn load(loader: &mut Loader<'_>, keys: &Keys<'_>) -> Result<(), ApiError> {
    for (demo, paper, in_force_from) in BCH.iter().map(|d| (d, &D3, "2015-12-01")).chain([(&WMW, &D0, "2012-11-22")]) {
        let opcc = lookup(keys.organisations, &format!("{}-opcc", demo.lead_force), "organisation")?.clone();
        let principal = seed_principal(Some(&opcc), &[Role::Contributor], None)?;
        let in_force_from = day(in_force_from)?;
        loader.ensure(
            &principal,
            |conn| Ok(persistence::agreements::find_by_reference(conn, demo.reference)?.map(|id| id.to_string())),
            |tx, principal| make(tx, principal, keys, demo, paper, in_force_from),
        )?;
    }
    Ok(())
}
