//! Delegation and consent contract types: the functions catalogue, schemes, delegations and
//! consents, and authority checks. Money is an integer number of pence with `currency: "GBP"`.

use crate::examples as ex;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::delegations::{DelegateKind, DelegationKind, Outcome, ReferralCondition, Reservation};

/// The currency of every amount: pounds sterling, counted in pence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Currency {
    #[default]
    #[serde(rename = "GBP")]
    Gbp,
}

/// A named function of a corporation sole, e.g. `award_contract`, and whether it is reserved.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CatalogueFunction {
    pub id: Uuid,
    /// Stable code used in delegations and checks, lowercase with underscores.
    pub code: String,
    pub name: String,
    pub reservation: Reservation,
    /// True when the function is reserved (R-DL-01).
    pub reserved: bool,
    /// Where the reservation comes from, e.g. `PRSRA 2011 s.18(7)(a)`.
    pub reservation_source: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

list_of!(CatalogueFunctionList, CatalogueFunction);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "code": "award_crime_and_disorder_grant",
    "name": "Award a grant under the crime and disorder reduction grant-making powers",
    "reservation": "none"
})))]
pub struct NewCatalogueFunction {
    pub code: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub name: String,
    pub reservation: Reservation,
    /// Required when the function is reserved.
    pub reservation_source: Option<String>,
}

/// A version of a corporation sole's scheme of delegation or consent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Scheme {
    pub id: Uuid,
    pub corporation_sole_id: Uuid,
    pub kind: DelegationKind,
    pub title: String,
    /// The instrument's own version label, e.g. `2017 v2`.
    pub scheme_version: String,
    pub adopted_on: NaiveDate,
    /// The record of decision that adopted it, e.g. `PCC/D/2021/12`.
    pub adopted_by_reference: String,
    pub document_uri: Option<String>,
    /// SHA-256 of the document, hex.
    pub document_digest: Option<String>,
    /// The version this one re-adopts and replaces.
    pub supersedes_scheme_id: Option<Uuid>,
    /// First day on which a later version replaced this one.
    pub superseded_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

list_of!(SchemeList, Scheme);

/// Adopts a scheme version. With `supersedes_scheme_id` it is a re-adoption (e.g. after an
/// election): the previous version's delegations lose effect on `adopted_on`, except those listed in
/// `carry_over`, which continue under the new version.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "corporation_sole_id": ex::WEST_MERCIA_PCC,
    "kind": "consent",
    "title": "Joint Corporate Governance Framework: scheme of consent",
    "scheme_version": "2016 revision",
    "adopted_on": "2016-12-21",
    "adopted_by_reference": "Alliance Governance Group decision 12 (21/12/16)"
})))]
pub struct NewScheme {
    pub corporation_sole_id: Uuid,
    pub kind: DelegationKind,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub title: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 80)]
    pub scheme_version: String,
    pub adopted_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 120)]
    pub adopted_by_reference: String,
    pub document_uri: Option<String>,
    pub document_digest: Option<String>,
    pub supersedes_scheme_id: Option<Uuid>,
    /// Delegations of the superseded version that continue under this one.
    #[serde(default)]
    pub carry_over: Vec<Uuid>,
}

/// Who receives a delegation or consent, or who acts in an authority check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyRef {
    pub kind: DelegateKind,
    pub id: Uuid,
}

/// The instrument a delegation cites (R-DL-03): a scheme and paragraph, or a record of decision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceInstrument {
    pub scheme_id: Option<Uuid>,
    /// A record of decision, e.g. `PCC/D/2017/05`.
    #[schema(max_length = 120)]
    pub reference: Option<String>,
    /// Paragraph or clause, e.g. `4` or `6.4`.
    #[schema(max_length = 120)]
    pub paragraph: Option<String>,
    /// The collaboration the instrument serves (an alliance's joint record of decision): the
    /// delegation starts while the grantor is a member and lapses when the collaboration, or the
    /// grantor's membership of it, ends (R-DL-06). Null when the instrument stands alone.
    #[serde(default)]
    pub collaboration_id: Option<Uuid>,
}

/// A delegation or consent, with its revocation once revoked.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Delegation {
    pub id: Uuid,
    pub kind: DelegationKind,
    /// The corporation sole whose functions these are.
    pub corporation_sole_id: Uuid,
    /// Set for a sub-delegation: the delegation whose holder passes authority on.
    pub parent_delegation_id: Option<Uuid>,
    pub delegate: PartyRef,
    /// Function codes from the catalogue.
    pub functions: Vec<String>,
    #[schema(minimum = 0)]
    pub limit_per_act_pence: Option<i64>,
    #[schema(minimum = 0)]
    pub limit_total_pence: Option<i64>,
    pub currency: Currency,
    /// Flags that turn an otherwise allowed act into a referral.
    pub referral_conditions: Vec<ReferralCondition>,
    /// Corporations sole a referral goes to (the delegating one when empty).
    pub refer_to: Vec<Uuid>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub source: SourceInstrument,
    /// The scheme version it stands under now (moves when carried over on re-adoption).
    pub scheme_id: Option<Uuid>,
    pub sub_delegation_allowed: bool,
    /// The limits are illustrative (demo or training data), not a real body's figures.
    pub illustrative: bool,
    /// First day without effect (revocation or re-adoption of the scheme without carry-over).
    pub revoked_on: Option<NaiveDate>,
    pub revocation_reason: Option<String>,
    /// Set when a re-adopted scheme ended it.
    pub revoked_by_scheme_id: Option<Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

list_of!(DelegationList, Delegation);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "kind": "consent",
    "corporation_sole_id": ex::WEST_MERCIA_PCC,
    "delegate": {"kind": "corporation_sole", "id": ex::WEST_MERCIA_CHIEF_CONSTABLE},
    "functions": ["use_approved_investment"],
    "limit_total_pence": 400000000,
    "currency": "GBP",
    "referral_conditions": ["novel", "contentious", "repercussive"],
    "refer_to": [ex::WEST_MERCIA_PCC, ex::WARWICKSHIRE_PCC],
    "valid_from": "2017-02-15",
    "source": {"reference": "PCC/D/2017/05", "paragraph": "4", "collaboration_id": ex::WMW_ALLIANCE}
})))]
pub struct NewDelegation {
    pub kind: DelegationKind,
    pub corporation_sole_id: Uuid,
    pub parent_delegation_id: Option<Uuid>,
    pub delegate: PartyRef,
    pub functions: Vec<String>,
    #[schema(minimum = 0)]
    pub limit_per_act_pence: Option<i64>,
    #[schema(minimum = 0)]
    pub limit_total_pence: Option<i64>,
    #[serde(default)]
    pub currency: Currency,
    #[serde(default)]
    pub referral_conditions: Vec<ReferralCondition>,
    #[serde(default)]
    pub refer_to: Vec<Uuid>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// Required in substance (R-DL-03): a scheme and paragraph, or a record of decision.
    #[serde(default)]
    pub source: SourceInstrument,
    #[serde(default)]
    pub sub_delegation_allowed: bool,
    #[serde(default)]
    pub illustrative: bool,
}

/// Revokes a delegation from a day on; history keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "effective_on": "2020-05-01",
    "reason": "The West Mercia and Warwickshire alliance the consent served ended on 30 April 2020."
})))]
pub struct DelegationRevocation {
    /// First day on which the delegation no longer has effect.
    pub effective_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub reason: String,
}

/// "May this actor do this, for this amount, on this date, and on whose authority?"
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "actor": {"kind": "corporation_sole", "id": ex::WEST_MERCIA_CHIEF_CONSTABLE},
    "function": "use_approved_investment",
    "corporation_sole_id": ex::WEST_MERCIA_PCC,
    "amount_pence": 46864900,
    "currency": "GBP",
    "on": "2017-07-26",
    "flags": [],
    "record": true
})))]
pub struct AuthorityCheckRequest {
    /// A person (judged by what they held on `on`), a post, a corporation sole or a board.
    pub actor: PartyRef,
    /// Function code from the catalogue.
    pub function: String,
    /// The corporation sole acted for.
    pub corporation_sole_id: Uuid,
    #[schema(minimum = 0)]
    pub amount_pence: Option<i64>,
    #[serde(default)]
    pub currency: Currency,
    /// Already committed under the same authority before this act (checked against total limits).
    #[schema(minimum = 0)]
    pub already_committed_pence: Option<i64>,
    /// The day of the act: the answer uses what was in force then.
    pub on: NaiveDate,
    /// Referral conditions the proposal meets, e.g. `novel`.
    #[serde(default)]
    pub flags: Vec<ReferralCondition>,
    /// Record the question and answer so an auditor can see them later.
    #[serde(default)]
    pub record: bool,
}

/// One link of the chain of authority.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChainLink {
    pub delegation_id: Uuid,
    pub kind: DelegationKind,
    pub parent_delegation_id: Option<Uuid>,
    pub delegate: PartyRef,
    /// The instrument and paragraph in words, e.g. `PCC/D/2017/05 para 4`.
    pub citation: String,
    pub source: SourceInstrument,
    #[schema(minimum = 0)]
    pub limit_per_act_pence: Option<i64>,
    #[schema(minimum = 0)]
    pub limit_total_pence: Option<i64>,
    /// Flags that send an act under this link back for approval.
    pub referral_conditions: Vec<ReferralCondition>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub revoked_on: Option<NaiveDate>,
}

/// Someone in a capacity, by name.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PersonRef {
    pub id: Uuid,
    pub full_name: String,
}

/// One capacity in which a corporation sole's function could be exercised on the day asked.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuthorityHolder {
    /// The office itself (its holder acts as office holder), or the delegate a chain names.
    pub actor: PartyRef,
    /// e.g. `Deputy Police and Crime Commissioner (Office of the PCC for West Mercia)`.
    pub label: String,
    /// Who was in that capacity that day: the holders of the office or post, or the person named.
    /// Empty for a board, an office or post nobody held that day (the office can still act once filled:
    /// see the appointments), or a post whose holders the caller may not see.
    pub held_by: Vec<PersonRef>,
    /// As an approval would record it: `office holder (...)`, or the capacity under the instrument.
    pub capacity: String,
    /// From the corporation sole's own delegation down to the one the actor holds (empty for the
    /// office holder).
    pub chain: Vec<ChainLink>,
    /// The tightest limits along the chain.
    #[schema(minimum = 0)]
    pub limit_per_act_pence: Option<i64>,
    #[schema(minimum = 0)]
    pub limit_total_pence: Option<i64>,
    /// Every referral condition along the chain: a proposal that meets one goes to `refer_to`.
    pub referral_conditions: Vec<ReferralCondition>,
    pub refer_to: Vec<Uuid>,
}

/// Everyone who could act for a corporation sole on a day, for a function (and amount): the
/// reverse of the authority check, each answer given by the same check.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OfficeAuthority {
    pub corporation_sole_id: Uuid,
    pub corporation_sole_name: String,
    pub on: NaiveDate,
    pub function: String,
    #[schema(minimum = 0)]
    pub amount_pence: Option<i64>,
    /// False when the office did not exist that day: then nobody could act for it.
    pub office_existed: bool,
    pub holders: Vec<AuthorityHolder>,
}

/// One reason behind an answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CheckReason {
    /// `office_holder`, `office_not_in_existence`, `in_force`, `referral`, `R-DL-05` (over a delegated limit), `not_in_force`, `R-DL-06` (lapsed with the collaboration it served),
    /// `function_not_covered`, `no_authority`, `R-DL-01`, `R-DL-04` or `chain_broken`.
    pub code: String,
    pub message: String,
    pub delegation_id: Option<Uuid>,
}

/// The answer to an authority check, as given (and, when recorded, as kept).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuthorityCheck {
    /// Set when the check was recorded.
    pub id: Option<Uuid>,
    pub recorded: bool,
    pub question: AuthorityCheckRequest,
    pub outcome: Outcome,
    /// The capacity in which the actor may act: `office holder (...)`, or the post or office under
    /// the instrument that gives the authority.
    pub capacity: Option<String>,
    /// For `refer`: the corporations sole to refer to.
    pub refer_to: Vec<Uuid>,
    /// From the corporation sole's own delegation down to the one the actor holds; for `denied`, the
    /// first chain considered and refused (empty when nothing names the actor).
    pub chain: Vec<ChainLink>,
    pub reasons: Vec<CheckReason>,
    pub checked_at: DateTime<Utc>,
    /// The asking organisation (recorded checks are visible to it and to system admins).
    pub organisation_id: Option<Uuid>,
    pub version: i64,
}

list_of!(AuthorityCheckList, AuthorityCheck);
