//! Registry contract types. Create bodies reject unknown fields; update bodies (PATCH) change only
//! the fields present; `end` bodies give the last day of effect.

use crate::examples as ex;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::registry::{AppointmentBasis, CorporationSoleKind, OrganisationKind, StatutoryRole};

/// Ends a record that history refers to (it is never deleted).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"ends_on": "2020-04-30"})))]
pub struct EndRequest {
    /// The last day on which the record was in effect.
    pub ends_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Force {
    pub id: Uuid,
    /// Stable human key, e.g. `west-mercia`.
    pub slug: String,
    pub name: String,
    pub police_area: String,
    pub ends_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(ForceList, Force);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"slug": "west-mercia", "name": "West Mercia Police", "police_area": "West Mercia"})))]
pub struct NewForce {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    pub slug: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub police_area: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"name": "Warwickshire Police", "police_area": "Warwickshire"})))]
pub struct ForceUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub police_area: Option<String>,
}

/// An office that is a legal person: a policing body or a chief officer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CorporationSole {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub kind: CorporationSoleKind,
    /// True for PCC, PFCC, mayor, MOPAC and the Common Council; false for chief officers.
    pub policing_body: bool,
    /// The force whose area the office covers.
    pub force_id: Option<Uuid>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(CorporationSoleList, CorporationSole);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "slug": "west-mercia-pcc",
    "name": "Police and Crime Commissioner for West Mercia",
    "kind": "pcc",
    "force_id": ex::FORCE_WEST_MERCIA,
    "starts_on": "2012-11-22"
})))]
pub struct NewCorporationSole {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    pub slug: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: String,
    pub kind: CorporationSoleKind,
    pub force_id: Option<Uuid>,
    pub starts_on: NaiveDate,
}

/// A change of name or of kind (e.g. a PCC becoming a PFCC) keeps the same legal person.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"name": "Police, Fire and Crime Commissioner for Northamptonshire", "kind": "pfcc"})))]
pub struct CorporationSoleUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: Option<String>,
    pub kind: Option<CorporationSoleKind>,
}

/// The unit of access: an OPCC, a force, a joint unit, a partner or an external body.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Organisation {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub kind: OrganisationKind,
    /// The corporation sole an OPCC or force serves.
    pub corporation_sole_id: Option<Uuid>,
    pub force_id: Option<Uuid>,
    pub ends_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(OrganisationList, Organisation);

/// A dated re-pointing of an organisation to another corporation sole (e.g. an OPCC's staff passing
/// to the successor office).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Repointing {
    pub id: Uuid,
    pub organisation_id: Uuid,
    /// The office served before (absent if none).
    pub from_corporation_sole_id: Option<Uuid>,
    pub to_corporation_sole_id: Uuid,
    pub effective_on: NaiveDate,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
}
list_of!(RepointingList, Repointing);

/// Re-points an organisation to another corporation sole from a day.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "corporation_sole_id": ex::WEST_YORKSHIRE_MAYOR,
    "effective_on": "2021-05-10",
    "reason": "The OPCC's staff transfer to the mayor's policing office (SI 2021/112)"
})))]
pub struct NewRepointing {
    pub corporation_sole_id: Uuid,
    pub effective_on: NaiveDate,
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "slug": "west-mercia-opcc",
    "name": "Office of the Police and Crime Commissioner for West Mercia",
    "kind": "opcc",
    "corporation_sole_id": ex::WEST_MERCIA_PCC,
    "force_id": ex::FORCE_WEST_MERCIA
})))]
pub struct NewOrganisation {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    pub slug: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: String,
    pub kind: OrganisationKind,
    pub corporation_sole_id: Option<Uuid>,
    pub force_id: Option<Uuid>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"name": "Office of the Police and Crime Commissioner for Cambridgeshire and Peterborough"})))]
pub struct OrganisationUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: Option<String>,
}

/// A person who holds or held a post or office. Only names are stored: no contact details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Person {
    pub id: Uuid,
    pub full_name: String,
    /// The organisation whose administrators maintain this record.
    pub managing_organisation_id: Uuid,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(PersonList, Person);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"full_name": "Tracey Onslow"})))]
pub struct NewPerson {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub full_name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"full_name": "Elizabeth Hall"})))]
pub struct PersonUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub full_name: Option<String>,
}

/// A role in an organisation, e.g. Chief Executive or Chief Finance Officer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Post {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub title: String,
    pub statutory_roles: Vec<StatutoryRole>,
    /// Whether at most one person may hold it at a time (R-OR-02).
    pub single_holder: bool,
    /// Public posts and their holders are visible to everyone; others only to their organisation.
    pub public: bool,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(PostList, Post);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "organisation_id": ex::WEST_MERCIA_OPCC,
    "title": "Deputy Police and Crime Commissioner",
    "statutory_roles": ["deputy_pcc"],
    "single_holder": true,
    "public": true,
    "starts_on": "2016-05-12"
})))]
pub struct NewPost {
    pub organisation_id: Uuid,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    pub statutory_roles: Vec<StatutoryRole>,
    #[serde(default = "yes")]
    pub single_holder: bool,
    #[serde(default = "yes")]
    pub public: bool,
    pub starts_on: NaiveDate,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"title": "Chief Executive", "statutory_roles": ["chief_executive", "monitoring_officer"]})))]
pub struct PostUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub title: Option<String>,
    pub statutory_roles: Option<Vec<StatutoryRole>>,
    pub single_holder: Option<bool>,
    pub public: Option<bool>,
}

/// A person holding a post, or a corporation sole (the office itself), for a period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Appointment {
    pub id: Uuid,
    pub person_id: Uuid,
    /// Set when the appointment is to a post.
    pub post_id: Option<Uuid>,
    /// Set when the appointment is to a corporation sole (e.g. an elected PCC).
    pub corporation_sole_id: Option<Uuid>,
    pub basis: AppointmentBasis,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(AppointmentList, Appointment);

/// Exactly one of `post_id` and `corporation_sole_id`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "person_id": ex::JOHN_CAMPION,
    "corporation_sole_id": ex::WEST_MERCIA_PCC,
    "basis": "substantive",
    "starts_on": "2016-05-12"
})))]
pub struct NewAppointment {
    pub person_id: Uuid,
    pub post_id: Option<Uuid>,
    pub corporation_sole_id: Option<Uuid>,
    #[serde(default = "substantive")]
    pub basis: AppointmentBasis,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

fn substantive() -> AppointmentBasis {
    AppointmentBasis::Substantive
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"basis": "temporary", "starts_on": "2016-12-21"})))]
pub struct AppointmentUpdate {
    pub basis: Option<AppointmentBasis>,
    pub starts_on: Option<NaiveDate>,
}

/// A named grouping of corporations sole: an alliance or programme.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Collaboration {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// Members in effect on the `as_of` day (today unless the request says otherwise).
    pub members: Vec<CollaborationMember>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(CollaborationList, Collaboration);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "slug": "bch-strategic-alliance",
    "name": "Bedfordshire, Cambridgeshire and Hertfordshire (BCH) Strategic Alliance",
    "description": "Strategic alliance of Bedfordshire Police, Cambridgeshire Constabulary and Hertfordshire Constabulary, governed by the Strategic Alliance Summit of the six corporations sole.",
    "starts_on": "2013-12-01"
})))]
pub struct NewCollaboration {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    pub slug: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub starts_on: NaiveDate,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "description": "Strategic alliance of West Mercia Police and Warwickshire Police, governed by the Alliance Governance Group (both PCCs and both chief constables). Ended after West Mercia withdrew."
})))]
pub struct CollaborationUpdate {
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: Option<String>,
    pub description: Option<String>,
}

/// A corporation sole's membership of a collaboration over time.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CollaborationMember {
    pub id: Uuid,
    pub collaboration_id: Uuid,
    pub corporation_sole_id: Uuid,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub version: i64,
}
list_of!(CollaborationMemberList, CollaborationMember);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"corporation_sole_id": ex::HERTFORDSHIRE_PCC, "starts_on": "2013-12-01"})))]
pub struct NewCollaborationMember {
    pub corporation_sole_id: Uuid,
    pub starts_on: NaiveDate,
}
