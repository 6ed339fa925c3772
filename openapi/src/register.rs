//! The public register: what the Elected Local Policing Bodies (Specified Information) Order 2011
//! asks a policing body to publish that the service holds, readable by anyone.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An executed section 22A agreement: its text where published, else a notice that it exists.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegisteredAgreement {
    pub id: Uuid,
    #[schema(example = "BCH-S22A-2015-FEL")]
    pub reference: String,
    #[schema(example = "Firearms and explosives licensing")]
    pub title: String,
    /// `signed`, `in_force`, `superseded`, `terminated` or `expired`.
    #[schema(example = "in_force")]
    pub status: String,
    /// The parties, by name, in the agreement's order.
    pub parties: Vec<String>,
    /// The day the last party signed.
    pub executed_on: Option<NaiveDate>,
    pub in_force_from: Option<NaiveDate>,
    pub terminated_on: Option<NaiveDate>,
    /// false: a notice only; the agreement's text is not (yet) published (R-CA-14).
    pub published: bool,
    /// Where the parties published it.
    pub published_url: Option<String>,
    /// Where to read the agreement itself; absent while it is unpublished.
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgreementRegister {
    pub items: Vec<RegisteredAgreement>,
    pub next_cursor: Option<String>,
}
