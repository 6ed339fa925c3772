//! Contract types of section 22A collaboration agreements.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::agreements::{
    AgreementStatus, CostBasis, LiabilityBasis, MilestoneKind, OtherPartyKind, ProvisionKind, PublicationKind,
};

use crate::boards::Evidence;
use crate::examples as ex;
use crate::FieldError;

/// A party: a corporation sole, or another person such as a fire authority (R-CA-05).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewParty {
    pub corporation_sole_id: Option<Uuid>,
    /// For a party that is not a corporation sole.
    pub other_party_name: Option<String>,
    pub other_party_kind: Option<OtherPartyKind>,
}

/// One provision (s22A(2)).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProvision {
    pub kind: ProvisionKind,
    /// The function collaborated, e.g. "Firearms and explosives licensing".
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub function: String,
    /// Force ids the provision concerns (FCP, PB&FCP).
    #[serde(default)]
    pub forces: Vec<Uuid>,
    /// Corporation sole ids of the policing bodies concerned (PBCP) or supporting (PB&FCP).
    #[serde(default)]
    pub policing_bodies: Vec<Uuid>,
    /// Corporation sole id of the chief officer with direction and control (FCP, R-CA-11).
    pub direction_and_control: Option<Uuid>,
}

/// A draft agreement (also the body of `validate_collaboration_agreement`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "reference": "BCH-S22A-2015-FEL",
    "title": "Firearms and Explosives Licensing",
    "summary": "A single tri-force unit to manage applications, renewals and revocations of firearms and explosives licences: a saving of £314k (44%) against a baseline of £712k; go-live 1 December 2015.",
    "collaboration_id": ex::BCH_STRATEGIC_ALLIANCE,
    "lead_force_id": ex::FORCE_HERTFORDSHIRE,
    "lead_board_name": "Operational Support Governance Board",
    "liability_basis": "direction_and_control",
    "review_period_months": 12,
    "planned_commencement": "2015-12-01",
    "baseline_cost_pence": 71200000,
    "savings_target_pence": 31400000,
    "parties": [
        {"corporation_sole_id": ex::BEDFORDSHIRE_PCC},
        {"corporation_sole_id": ex::BEDFORDSHIRE_CHIEF_CONSTABLE},
        {"corporation_sole_id": ex::CAMBRIDGESHIRE_PCC},
        {"corporation_sole_id": ex::CAMBRIDGESHIRE_CHIEF_CONSTABLE},
        {"corporation_sole_id": ex::HERTFORDSHIRE_PCC},
        {"corporation_sole_id": ex::HERTFORDSHIRE_CHIEF_CONSTABLE}
    ],
    "provisions": [{
        "kind": "fcp",
        "function": "Firearms and explosives licensing",
        "forces": [ex::FORCE_BEDFORDSHIRE, ex::FORCE_CAMBRIDGESHIRE, ex::FORCE_HERTFORDSHIRE],
        "direction_and_control": ex::HERTFORDSHIRE_CHIEF_CONSTABLE
    }]
})))]
pub struct NewCollaborationAgreement {
    /// Unique reference, e.g. "BCH-S22A-2015-01".
    #[schema(pattern = "\\S", min_length = 1, max_length = 100)]
    pub reference: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub title: String,
    /// Summary and objective.
    #[serde(default)]
    pub summary: String,
    pub collaboration_id: Option<Uuid>,
    /// Lead force / host.
    pub lead_force_id: Option<Uuid>,
    /// Board that holds the collaboration to account (R-CA-13).
    pub lead_board_id: Option<Uuid>,
    /// The lead board's name as written, e.g. "Operational Support Governance Board".
    pub lead_board_name: Option<String>,
    #[serde(default = "direction_and_control")]
    pub liability_basis: LiabilityBasis,
    /// Withdrawal clause: months of notice a party must give (none: no single-party withdrawal).
    #[schema(maximum = 120)]
    pub withdrawal_notice_months: Option<u32>,
    /// Withdrawal clause: when a withdrawal takes effect, as written (e.g. "31 March after the notice").
    pub withdrawal_effective_rule: Option<String>,
    /// Months between reviews (R-CA-19; default 12).
    #[serde(default = "twelve")]
    #[schema(minimum = 1, maximum = 60)]
    pub review_period_months: u32,
    pub planned_commencement: Option<NaiveDate>,
    #[schema(minimum = 0)]
    pub baseline_cost_pence: Option<i64>,
    #[schema(minimum = 0)]
    pub savings_target_pence: Option<i64>,
    pub parties: Vec<NewParty>,
    pub provisions: Vec<NewProvision>,
}

fn direction_and_control() -> LiabilityBasis {
    LiabilityBasis::DirectionAndControl
}

fn twelve() -> u32 {
    12
}

/// Changes to a draft (refused once any party has approved: 409).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "lead_board_name": "Organisational Support Governance Board",
    "planned_commencement": "2015-12-01",
    "baseline_cost_pence": 1380000000,
    "savings_target_pence": 430000000
})))]
pub struct CollaborationAgreementUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub title: Option<String>,
    pub summary: Option<String>,
    pub lead_board_id: Option<Uuid>,
    pub lead_board_name: Option<String>,
    pub planned_commencement: Option<NaiveDate>,
    #[schema(minimum = 0)]
    pub baseline_cost_pence: Option<i64>,
    #[schema(minimum = 0)]
    pub savings_target_pence: Option<i64>,
    #[schema(maximum = 120)]
    pub withdrawal_notice_months: Option<u32>,
    pub withdrawal_effective_rule: Option<String>,
    #[schema(minimum = 1, maximum = 60)]
    pub review_period_months: Option<u32>,
    /// Replaces the parties (and clears any cost schedules).
    pub parties: Option<Vec<NewParty>>,
    pub provisions: Option<Vec<NewProvision>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Party {
    pub id: Uuid,
    pub corporation_sole_id: Option<Uuid>,
    pub other_party_name: Option<String>,
    pub other_party_kind: Option<OtherPartyKind>,
    pub withdrawal_notice_on: Option<NaiveDate>,
    /// The first day the party is no longer one: after its notice of withdrawal (R-CA-09), or the
    /// day its successor took its place under a transfer order (see `succeeded_by_party_id`).
    pub withdrawn_on: Option<NaiveDate>,
    /// The first day the party is one, when it joined later than the agreement was made: a
    /// successor under a transfer order (R-SU-01), from the order's in-force date.
    pub joins_on: Option<NaiveDate>,
    /// The party whose place this one took under a transfer order (its approvals, signatures and
    /// cost shares stay recorded as that party's).
    pub succeeds_party_id: Option<Uuid>,
    /// The party that took this one's place under a transfer order, from this party's `withdrawn_on`.
    pub succeeded_by_party_id: Option<Uuid>,
    /// The transfer order under which this party succeeded another.
    pub transfer_order_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Provision {
    pub id: Uuid,
    pub kind: ProvisionKind,
    pub function: String,
    pub forces: Vec<Uuid>,
    pub policing_bodies: Vec<Uuid>,
    pub direction_and_control: Option<Uuid>,
}

/// A version of the written agreement (R-CA-07).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "title": "Section 22A Collaboration Agreements: report to the Business Coordination Board",
    "version_label": "as presented, 26 November 2015",
    "sha256": ex::D3_SHA256,
    "uri": ex::BCB_PAPERS_URL,
    "dated": "2015-11-26"
})))]
pub struct NewDocument {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub title: String,
    /// e.g. "v1.0 signed".
    #[schema(pattern = "\\S", min_length = 1, max_length = 100)]
    pub version_label: String,
    /// SHA-256 of the document, 64 hex characters.
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    pub sha256: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub uri: String,
    pub dated: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Document {
    pub id: Uuid,
    pub title: String,
    pub version_label: String,
    pub sha256: String,
    pub uri: String,
    pub dated: NaiveDate,
}

/// A business case or assurance milestone.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "kind": "gateway_review",
    "reached_on": "2015-05-12",
    "reviewer": "Concerto LLP",
    "conclusion": "The business case presents a sound analysis of costs and benefits with sufficient evidence to warrant its approval."
})))]
pub struct NewMilestone {
    pub kind: MilestoneKind,
    pub reached_on: NaiveDate,
    pub reviewer: Option<String>,
    pub conclusion: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Milestone {
    pub id: Uuid,
    pub kind: MilestoneKind,
    pub reached_on: NaiveDate,
    pub reviewer: Option<String>,
    pub conclusion: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShare {
    /// The agreement party's id.
    pub party_id: Uuid,
    /// Share in basis points (6900 = 69%).
    #[schema(minimum = 0, maximum = 10000)]
    pub basis_points: i64,
}

/// A cost-share schedule; it replaces earlier ones from its date (R-CA-15).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "basis": "budget_share",
    "effective_from": "2016-04-01",
    "shares": [
        {"party_id": ex::WMW_PARTY_WEST_MERCIA_PCC, "basis_points": 6900},
        {"party_id": ex::WMW_PARTY_WARWICKSHIRE_PCC, "basis_points": 3100}
    ]
})))]
pub struct NewCostSchedule {
    pub basis: CostBasis,
    pub effective_from: NaiveDate,
    pub shares: Vec<NewShare>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Share {
    pub party_id: Uuid,
    #[schema(minimum = 0, maximum = 10000)]
    pub basis_points: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CostSchedule {
    pub id: Uuid,
    pub basis: CostBasis,
    pub effective_from: NaiveDate,
    pub shares: Vec<Share>,
}

/// Why a party approves (R-CA-06): efficiency or effectiveness, having considered the three matters.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rationale {
    pub efficiency_or_effectiveness: String,
    pub existing_collaboration_considered: String,
    pub consistency_considered: String,
    pub other_opportunities_considered: String,
}

/// One party's approval (its recorded decision or agreement).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "party_id": ex::BCH_FEL_PARTY_CAMBRIDGESHIRE_PCC,
    "approved_on": "2015-11-26",
    "rationale": {
        "efficiency_or_effectiveness": "A saving of £314k (44%) against a baseline of £712k; the function will be more effective and resilient and the public can apply online.",
        "existing_collaboration_considered": "Bedfordshire and Hertfordshire had already amalgamated their units; Cambridgeshire's stood alone. The Alliance signed a Memorandum of Understanding in December 2013.",
        "consistency_considered": "The Home Office Manual of Guidance 2014 and the College of Policing Approved Professional Practice on Firearms and Explosives Licensing shaped the operating model.",
        "other_opportunities_considered": "Regional and other police forces with already collaborated FEL units were visited or liaised with."
    },
    "record_of_decision": "Decision Notice to sign the S22A Agreements (Business Coordination Board, 26 November 2015)",
    "acting_person_id": ex::GRAHAM_BRIGHT,
    "capacity": "Cambridgeshire Police and Crime Commissioner",
    "evidence": {
        "sha256": ex::D3_SHA256,
        "locator": "Business Coordination Board minutes, 26 November 2015, item 9.6",
        "uri": ex::BCB_PAPERS_URL
    }
})))]
pub struct NewApproval {
    pub party_id: Uuid,
    pub approved_on: NaiveDate,
    pub rationale: Rationale,
    /// The record of decision that approved it, e.g. "CPCC 2015-025".
    pub record_of_decision: Option<String>,
    /// Who acted for the corporation sole (defaults to the token's person; a token naming a person
    /// records only that person's acts). Required for a corporation sole party unless `evidence` is
    /// given (R-TM-02, 422): a capacity given only as text is refused. The person must hold the
    /// office that day or act under a delegation in force (403 otherwise); the capacity recorded is
    /// then the one the authority check finds.
    pub acting_person_id: Option<Uuid>,
    /// The capacity of a party that is not a corporation sole. Required with `evidence`: the paper's
    /// words.
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub capacity: Option<String>,
    /// The published paper this approval is recorded from (R-TM-05): evidence of an approval given
    /// then, recorded by an editor of a party organisation, not an act in the service. A person it
    /// names must have held the office, or acted under a delegation, on `approved_on`; an office
    /// named alone must have existed that day.
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Approval {
    pub id: Uuid,
    pub party_id: Uuid,
    /// `execution`, or `termination` for approvals of a termination.
    pub purpose: String,
    pub approved_on: NaiveDate,
    pub rationale: Rationale,
    pub record_of_decision: Option<String>,
    pub acting_person_id: Option<Uuid>,
    pub capacity: String,
    /// Token subject that recorded it.
    pub recorded_by: String,
    /// Set when the approval was recorded from a published paper (R-TM-05).
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "party_id": ex::BCH_FEL_PARTY_CAMBRIDGESHIRE_PCC,
    "signatory_person_id": ex::GRAHAM_BRIGHT,
    "signatory_name": "Sir Graham Bright",
    "capacity": "Cambridgeshire Police and Crime Commissioner",
    "signed_on": "2015-11-27",
    "evidence": {
        "sha256": ex::D3_SHA256,
        "locator": "Report on the Section 22A Collaboration Agreements, para 2.4: signed at the Alliance meeting on 27 November 2015"
    }
})))]
pub struct NewSignature {
    pub party_id: Uuid,
    /// Who signed for the corporation sole (defaults to the token's person; a token naming a person
    /// records only that person's signature). Required for a corporation sole party unless
    /// `evidence` is given (R-TM-02, 422). The signatory must hold the office that day or sign under a
    /// delegation in force (403 otherwise); the capacity recorded is then the one the check finds.
    pub signatory_person_id: Option<Uuid>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub signatory_name: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub capacity: String,
    pub signed_on: NaiveDate,
    /// The published paper this signature is recorded from (R-TM-05), recorded by an editor of a
    /// party organisation; a signatory it names must have had authority on `signed_on`.
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Signature {
    pub id: Uuid,
    pub party_id: Uuid,
    pub signatory_person_id: Option<Uuid>,
    pub signatory_name: String,
    pub capacity: String,
    pub signed_on: NaiveDate,
    pub recorded_by: String,
    /// Set when the signature was recorded from a published paper (R-TM-05).
    pub evidence: Option<Evidence>,
}

/// Brings an executed agreement into force (R-CA-12).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"in_force_from": "2015-12-01"})))]
pub struct Commencement {
    pub in_force_from: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "reviewed_on": "2016-11-24",
    "outcome": "Reviewed as a living document: practice follows protocol at service delivery and governance level; no variation needed.",
    "next_review_due": "2017-11-24"
})))]
pub struct NewReview {
    pub reviewed_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 5000)]
    pub outcome: String,
    /// At most `review_period_months` later (R-CA-19).
    pub next_review_due: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Review {
    pub id: Uuid,
    pub reviewed_on: NaiveDate,
    pub outcome: String,
    pub next_review_due: NaiveDate,
}

/// A variation: a new agreement linked to this one, starting as a draft copy (R-CA-08).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "reference": "BCH-S22A-2015-HR-V1",
    "title": "Human Resources and Learning and Development (full implementation)",
    "summary": "Phased full implementation in 2017/18, driven by the availability of the new HR / Finance ICT System."
})))]
pub struct NewVariation {
    #[schema(pattern = "\\S", min_length = 1, max_length = 100)]
    pub reference: String,
    pub title: Option<String>,
    pub summary: Option<String>,
    /// The day the variation is planned to come into force. Its parties are then the agreement's
    /// parties on that day (R-TM-03): after a transfer order executed for an earlier day, the
    /// successor in its predecessor's place. Without it, the parties today, and the agreement's own
    /// planned commencement.
    #[serde(default)]
    pub planned_commencement: Option<NaiveDate>,
}

/// One party leaving under the withdrawal clause (R-CA-09).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "party_id": ex::WMW_PARTY_WEST_MERCIA_PCC,
    "notice_given_on": "2018-10-09",
    "effective_on": "2019-10-08"
})))]
pub struct NewWithdrawal {
    pub party_id: Uuid,
    pub notice_given_on: NaiveDate,
    pub effective_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TerminationApproval {
    pub party_id: Uuid,
    pub approved_on: NaiveDate,
    pub record_of_decision: Option<String>,
    /// Who agreed to the termination for the corporation sole: required for a corporation sole
    /// party unless `evidence` is given (R-TM-02, 422); they must hold the office on `approved_on`
    /// or act under a delegation in force (403 otherwise), and the capacity found is recorded.
    #[serde(default)]
    pub acting_person_id: Option<Uuid>,
    /// The capacity of a party that is not a corporation sole; with `evidence`, the paper's words
    /// (required then).
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub capacity: Option<String>,
    /// The published paper the party's approval is recorded from, where there is one (R-TM-05).
    #[serde(default)]
    pub evidence: Option<Evidence>,
}

/// Termination by all parties (R-CA-09).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "terminates_on": "2020-04-30",
    "approvals": [
        {"party_id": ex::WMW_PARTY_WEST_MERCIA_PCC, "approved_on": "2020-04-30"},
        {"party_id": ex::WMW_PARTY_WARWICKSHIRE_PCC, "approved_on": "2020-04-30"},
        {"party_id": ex::WMW_PARTY_WEST_MERCIA_CHIEF_CONSTABLE, "approved_on": "2020-04-30"},
        {"party_id": ex::WMW_PARTY_WARWICKSHIRE_CHIEF_CONSTABLE, "approved_on": "2020-04-30"}
    ]
})))]
pub struct Termination {
    pub terminates_on: NaiveDate,
    pub approvals: Vec<TerminationApproval>,
}

/// How and where the agreement was published (R-CA-14).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "kind": "redacted",
    "published_url": ex::DECISIONS_URL,
    "published_on": "2015-12-01"
})))]
pub struct NewPublication {
    pub kind: PublicationKind,
    /// Where it is published (`url` is accepted as the former name).
    #[serde(alias = "url")]
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub published_url: String,
    pub published_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Publication {
    pub id: Uuid,
    pub kind: PublicationKind,
    pub published_url: String,
    pub published_on: NaiveDate,
}

/// Something about the agreement that needs attention (R-CA-10, composition after withdrawal).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Alert {
    pub id: Uuid,
    pub rule: String,
    pub message: String,
    pub raised_on: NaiveDate,
    pub resolved_on: Option<NaiveDate>,
    pub resolution: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "resolved_on": "2020-04-30",
    "resolution": "The Home Secretary directed the remaining joint services to continue for six months after West Mercia's withdrawal; the parties ended the alliance in April 2020."
})))]
pub struct AlertResolution {
    pub resolved_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 5000)]
    pub resolution: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VariationRef {
    pub id: Uuid,
    pub status: AgreementStatus,
}

/// A collaboration agreement with everything recorded about it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CollaborationAgreement {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub summary: String,
    pub status: AgreementStatus,
    pub collaboration_id: Option<Uuid>,
    pub lead_force_id: Option<Uuid>,
    pub lead_board_id: Option<Uuid>,
    pub lead_board_name: Option<String>,
    pub liability_basis: LiabilityBasis,
    pub withdrawal_notice_months: Option<i64>,
    pub withdrawal_effective_rule: Option<String>,
    pub review_period_months: i64,
    pub planned_commencement: Option<NaiveDate>,
    pub in_force_from: Option<NaiveDate>,
    pub terminated_on: Option<NaiveDate>,
    pub next_review_due: Option<NaiveDate>,
    /// The agreement this one varies (R-CA-08).
    pub parent_id: Option<Uuid>,
    #[schema(minimum = 0)]
    pub baseline_cost_pence: Option<i64>,
    #[schema(minimum = 0)]
    pub savings_target_pence: Option<i64>,
    /// Always `GBP`.
    pub currency: String,
    /// Present only on a read with `as_of`: the day the agreement is shown as it stood on. Its status is
    /// then the status it had that day; its parties those who were parties that day; its approvals,
    /// signatures, documents, milestones, cost schedules, reviews, publications and alerts those dated on or
    /// before it (an alert resolved later shows as open); a commencement, end, withdrawal or notice dated
    /// later is absent, as is a review due before commencement. `variations` lists every variation with
    /// its status now. A day before anything was approved shows `draft`, whenever the record was entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    pub parties: Vec<Party>,
    pub provisions: Vec<Provision>,
    pub documents: Vec<Document>,
    pub milestones: Vec<Milestone>,
    pub cost_schedules: Vec<CostSchedule>,
    pub approvals: Vec<Approval>,
    pub signatures: Vec<Signature>,
    pub reviews: Vec<Review>,
    pub publications: Vec<Publication>,
    pub alerts: Vec<Alert>,
    pub variations: Vec<VariationRef>,
    /// Rules reported as warnings (e.g. R-CA-13): not refusals.
    pub warnings: Vec<FieldError>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A list entry: the agreement without its parts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CollaborationAgreementSummary {
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub status: AgreementStatus,
    pub collaboration_id: Option<Uuid>,
    pub lead_force_id: Option<Uuid>,
    pub lead_board_id: Option<Uuid>,
    pub in_force_from: Option<NaiveDate>,
    pub next_review_due: Option<NaiveDate>,
    pub parent_id: Option<Uuid>,
    pub published: bool,
    pub open_alerts: i64,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CollaborationAgreementList {
    pub items: Vec<CollaborationAgreementSummary>,
    pub next_cursor: Option<String>,
}

/// Every rule a draft breaks, without storing anything.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ValidationReport {
    /// True when no refusal rule is broken (warnings may remain).
    pub valid: bool,
    pub violations: Vec<FieldError>,
    pub warnings: Vec<FieldError>,
}
