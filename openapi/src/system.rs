//! Service-level contract types: the principal (`/me`) and health.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::access::Role;
pub use domain::catalogue::Confidence;

/// One thing the caller may do, and over which records.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Permission {
    /// e.g. `post`, `appointment`, `audit_event`.
    pub resource: String,
    /// `read`, `create`, `update` or `end`.
    pub action: String,
    /// `all`, `own_organisation`, `party_organisation` (organisations party to or serving the record's
    /// corporation sole), or `visible` (whatever the caller can see).
    pub scope: String,
}

/// The principal as the service understands it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub authenticated: bool,
    /// Token subject; `anonymous` without a token.
    pub subject: String,
    pub organisation_id: Option<Uuid>,
    pub organisation_slug: Option<String>,
    pub roles: Vec<Role>,
    pub person_id: Option<Uuid>,
    pub permissions: Vec<Permission>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` from `/readyz` when the database cannot be used.
    pub status: String,
    pub detail: Option<String>,
}

/// One code the service can answer with (a domain rule, or one of its own request codes).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Rule {
    /// e.g. `R-CA-02`, `required`, `not_found`.
    pub code: String,
    pub statement: String,
    /// The statute, order or practice it comes from.
    pub source: String,
    pub confidence: Confidence,
}
list_of!(RuleList, Rule);
