//! The trust registry: identity providers whose tokens the service accepts (issue 16), how their
//! claims map to organisations, roles and people, and the subjects registered against people.

use std::collections::BTreeMap;

use crate::examples as ex;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A trusted identity provider as registered (create) or replaced whole (update). Tokens whose
/// `iss` is exactly `issuer` are verified with its keys, algorithms and audience, and mapped to a
/// principal by its claim mapping.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "issuer": "https://login.microsoftonline.com/7c1a1f0e-2d3b-4c5d-8e9f-0a1b2c3d4e5f/v2.0",
    "name": "West Mercia Police (Entra ID)",
    "jwks_url": "https://login.microsoftonline.com/7c1a1f0e-2d3b-4c5d-8e9f-0a1b2c3d4e5f/discovery/v2.0/keys",
    "audience": "api://governance.police.uk",
    "algorithms": ["RS256"],
    "subject_claim": "oid",
    "organisation_claim": "tid",
    "organisation_map": {"7c1a1f0e-2d3b-4c5d-8e9f-0a1b2c3d4e5f": ex::WEST_MERCIA_OPCC},
    "roles_claim": "roles",
    "role_map": {"Governance.Read": "reader", "Governance.Draft": "contributor", "Governance.Approve": "approver"},
    "machine_roles": ["reader"]
})))]
pub struct NewTrustedIssuer {
    /// The issuer exactly as tokens carry it in `iss` (an https URL).
    #[schema(pattern = "^https://", min_length = 9, max_length = 500)]
    pub issuer: String,
    /// A name for people, e.g. "West Mercia Police (Entra ID)".
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: String,
    /// Where the provider publishes its keys (JWKS, https). Give this or `discovery_url`.
    #[schema(pattern = "^https://", max_length = 500)]
    pub jwks_url: Option<String>,
    /// The provider's OpenID discovery document (https), whose `jwks_uri` names its keys.
    #[schema(pattern = "^https://", max_length = 500)]
    pub discovery_url: Option<String>,
    /// The audience (`aud`) tokens must name: this service's registration at the provider.
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub audience: String,
    /// Accepted JWS algorithms, asymmetric only: RS256, RS384, RS512, PS256, PS384, PS512, ES256,
    /// ES384, EdDSA. HS256 and `none` are refused (`trust.algorithm_refused`).
    #[schema(min_items = 1, max_items = 9)]
    pub algorithms: Vec<String>,
    /// The claim naming the subject (e.g. `oid` for Entra ID); `sub` when left out.
    #[schema(max_length = 100)]
    pub subject_claim: Option<String>,
    /// The claim that selects the organisation (e.g. `tid`), with `organisation_map`; or leave out
    /// and give `organisation_id`.
    #[schema(max_length = 100)]
    pub organisation_claim: Option<String>,
    /// Value of `organisation_claim` -> organisation id. The issuer speaks only for these.
    #[serde(default)]
    pub organisation_map: BTreeMap<String, Uuid>,
    /// The one organisation every token of this issuer acts for (instead of a claim and map).
    pub organisation_id: Option<Uuid>,
    /// The claim carrying roles (a list of strings, or one string); `roles` when left out.
    #[schema(max_length = 100)]
    pub roles_claim: Option<String>,
    /// Claimed role value -> service role (`reader`, `contributor`, `secretary`, `approver`,
    /// `org_admin`; never `system_admin`). Unmapped values are ignored.
    #[serde(default)]
    pub role_map: BTreeMap<String, String>,
    /// The mapped roles a token with no linked person (a machine client, e.g. client credentials)
    /// keeps: `reader` and/or `contributor` only. Empty: machine clients get no role.
    #[serde(default)]
    #[schema(max_items = 2)]
    pub machine_roles: Vec<String>,
}

/// Changes to a registration: each field given replaces the stored one, under the same checks as
/// creating it. Giving `jwks_url` drops `discovery_url` and the reverse; giving `organisation_id`
/// drops the claim and map, and giving `organisation_claim` or `organisation_map` drops
/// `organisation_id`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"jwks_url": "https://login.microsoftonline.com/7c1a1f0e-2d3b-4c5d-8e9f-0a1b2c3d4e5f/discovery/v2.0/keys", "machine_roles": ["reader", "contributor"]})))]
pub struct TrustedIssuerUpdate {
    #[schema(pattern = "^https://", min_length = 9, max_length = 500)]
    pub issuer: Option<String>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[schema(pattern = "^https://", max_length = 500)]
    pub jwks_url: Option<String>,
    #[schema(pattern = "^https://", max_length = 500)]
    pub discovery_url: Option<String>,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub audience: Option<String>,
    #[schema(min_items = 1, max_items = 9)]
    pub algorithms: Option<Vec<String>>,
    #[schema(max_length = 100)]
    pub subject_claim: Option<String>,
    #[schema(max_length = 100)]
    pub organisation_claim: Option<String>,
    pub organisation_map: Option<BTreeMap<String, Uuid>>,
    pub organisation_id: Option<Uuid>,
    #[schema(max_length = 100)]
    pub roles_claim: Option<String>,
    pub role_map: Option<BTreeMap<String, String>>,
    #[schema(max_items = 2)]
    pub machine_roles: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TrustedIssuer {
    pub id: Uuid,
    pub issuer: String,
    pub name: String,
    pub jwks_url: Option<String>,
    pub discovery_url: Option<String>,
    pub audience: String,
    pub algorithms: Vec<String>,
    pub subject_claim: String,
    pub organisation_claim: Option<String>,
    pub organisation_map: BTreeMap<String, Uuid>,
    pub organisation_id: Option<Uuid>,
    pub roles_claim: String,
    pub role_map: BTreeMap<String, String>,
    pub machine_roles: Vec<String>,
    /// Set once the issuer is no longer trusted (its tokens are refused from then on).
    pub ended_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

list_of!(TrustedIssuerList, TrustedIssuer);

/// Registers a subject of the issuer (the value of its `subject_claim`, e.g. an Entra `oid`)
/// against a person: the only way a token of this issuer acts as that person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"subject": "3f2b6c1e-9a7d-4e2f-b1c3-5d6e7f8a9b0c", "person_id": ex::JOHN_CAMPION})))]
pub struct NewPersonLink {
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub subject: String,
    pub person_id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PersonLink {
    pub id: Uuid,
    pub trusted_issuer_id: Uuid,
    pub subject: String,
    pub person_id: Uuid,
    pub created_at: DateTime<Utc>,
    /// When the link was ended: from then on the subject's tokens no longer act as the person.
    pub ended_at: Option<DateTime<Utc>>,
}

list_of!(PersonLinkList, PersonLink);
