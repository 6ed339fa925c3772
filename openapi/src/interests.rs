//! Registers of interests and of gifts and hospitality (issue 18): dated entries per person (the
//! PCC, deputy, chief officer, statutory officers, board members), kept by the organisation that
//! keeps the person's register, published or withheld with the reason. Every entry is on the public
//! register; a withheld one shows the public only that it exists (its notice), never its detail.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::interests::{GiftKind, GiftOutcome, InterestCategory, RegisterStatus};

use crate::examples as ex;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "person_id": ex::JOHN_CAMPION,
    "organisation_id": ex::WEST_MERCIA_OPCC,
    "category": "membership_of_body",
    "description": "Trustee (unpaid) of a local community safety charity (illustrative).",
    "interest_body": "Shropshire Community Safety Trust",
    "from_on": "2016-05-12"
})))]
pub struct NewInterestEntry {
    /// Whose register: the PCC, deputy, chief officer, a statutory officer or a board member.
    pub person_id: Uuid,
    /// The organisation that keeps the person's register (the OPCC or the force).
    pub organisation_id: Uuid,
    pub category: InterestCategory,
    #[schema(pattern = "\\S", min_length = 1, max_length = 4000)]
    pub description: String,
    /// The organisation or body the interest is in, as named: matched (case-insensitive, whole
    /// words) against agenda items and decisions to warn of undeclared interests.
    #[schema(pattern = "\\S", min_length = 3, max_length = 300)]
    pub interest_body: String,
    /// The first day the interest is held.
    pub from_on: NaiveDate,
    /// The last day it was held; open while held.
    #[serde(default)]
    pub to_on: Option<NaiveDate>,
    /// `published` (the default) or `withheld` (a sensitive interest; give `withheld_reason`).
    #[serde(default = "published")]
    pub status: RegisterStatus,
    /// Why the entry is withheld from the public register (required when withheld).
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub withheld_reason: Option<String>,
}

fn published() -> RegisterStatus {
    RegisterStatus::Published
}

/// A change of an entry: the fields given replace the stored ones. Publishing a withheld entry
/// clears its reason; withholding one needs `withheld_reason`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"to_on": "2018-03-31"})))]
pub struct InterestEntryUpdate {
    #[serde(default)]
    pub category: Option<InterestCategory>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 4000)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 3, max_length = 300)]
    pub interest_body: Option<String>,
    #[serde(default)]
    pub from_on: Option<NaiveDate>,
    /// The day the interest ended; `null` reopens an entry whose end was recorded in error.
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<NaiveDate>, nullable = true)]
    pub to_on: Option<Option<NaiveDate>>,
    #[serde(default)]
    pub status: Option<RegisterStatus>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub withheld_reason: Option<String>,
}

/// A field given, as a value or as `null` (absent: `None`), for the changes where `null` clears.
fn given<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InterestEntry {
    pub id: Uuid,
    pub person_id: Uuid,
    /// The organisation that keeps the register.
    pub organisation_id: Uuid,
    pub category: InterestCategory,
    /// Null when the entry is withheld and the caller is not of the keeping organisation.
    pub description: Option<String>,
    /// Null when the entry is withheld and the caller is not of the keeping organisation.
    pub interest_body: Option<String>,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
    pub status: RegisterStatus,
    pub withheld_reason: Option<String>,
    /// True when the withheld detail is not shown to this caller (only the notice).
    pub redacted: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(InterestEntryList, InterestEntry);

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "person_id": ex::JOHN_CAMPION,
    "organisation_id": ex::WEST_MERCIA_OPCC,
    "kind": "hospitality",
    "received_on": "2017-03-09",
    "giver": "Midlands Business Crime Partnership",
    "description": "Dinner at the partnership's annual awards (illustrative).",
    "estimated_value_pence": 4500,
    "outcome": "accepted"
})))]
pub struct NewGiftEntry {
    pub person_id: Uuid,
    /// The organisation that keeps the person's register (the OPCC or the force).
    pub organisation_id: Uuid,
    pub kind: GiftKind,
    /// The day it was received, or offered when declined.
    pub received_on: NaiveDate,
    /// Who gave or offered it.
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub giver: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 4000)]
    pub description: String,
    /// Estimated value in pence (GBP).
    #[schema(minimum = 0)]
    pub estimated_value_pence: i64,
    pub outcome: GiftOutcome,
    #[serde(default = "published")]
    pub status: RegisterStatus,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub withheld_reason: Option<String>,
}

/// A change of an entry: the fields given replace the stored ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"outcome": "declined"})))]
pub struct GiftEntryUpdate {
    #[serde(default)]
    pub kind: Option<GiftKind>,
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub giver: Option<String>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 4000)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(minimum = 0)]
    pub estimated_value_pence: Option<i64>,
    #[serde(default)]
    pub outcome: Option<GiftOutcome>,
    #[serde(default)]
    pub status: Option<RegisterStatus>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub withheld_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GiftEntry {
    pub id: Uuid,
    pub person_id: Uuid,
    pub organisation_id: Uuid,
    pub kind: GiftKind,
    pub received_on: NaiveDate,
    /// Null when withheld from this caller.
    pub giver: Option<String>,
    /// Null when withheld from this caller.
    pub description: Option<String>,
    /// Null when withheld from this caller.
    pub estimated_value_pence: Option<i64>,
    /// Always `GBP`.
    pub currency: String,
    pub outcome: GiftOutcome,
    pub status: RegisterStatus,
    pub withheld_reason: Option<String>,
    /// True when the withheld detail is not shown to this caller (only the notice).
    pub redacted: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
list_of!(GiftEntryList, GiftEntry);

/// An entry of a register of interests as the public register shows it: the person named only when
/// the public knows of them (an office holder or the holder of a public post).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicInterestEntry {
    pub id: Uuid,
    /// Null when the person holds no office or public post.
    pub person_name: Option<String>,
    pub organisation_id: Uuid,
    /// The keeping organisation's name.
    pub organisation: String,
    pub category: InterestCategory,
    /// Null when withheld.
    pub description: Option<String>,
    /// Null when withheld.
    pub interest_body: Option<String>,
    pub from_on: NaiveDate,
    pub to_on: Option<NaiveDate>,
    pub status: RegisterStatus,
    pub withheld_reason: Option<String>,
    /// The entry in the API.
    pub href: String,
    /// When the entry last changed (the Atom entry's `updated`).
    pub updated_at: DateTime<Utc>,
}
list_of!(PublicInterestRegister, PublicInterestEntry);

/// An entry of a register of gifts and hospitality as the public register shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicGiftEntry {
    pub id: Uuid,
    /// Null when the person holds no office or public post.
    pub person_name: Option<String>,
    pub organisation_id: Uuid,
    pub organisation: String,
    pub kind: GiftKind,
    pub received_on: NaiveDate,
    /// Null when withheld.
    pub giver: Option<String>,
    /// Null when withheld.
    pub description: Option<String>,
    /// Null when withheld.
    pub estimated_value_pence: Option<i64>,
    pub currency: String,
    pub outcome: GiftOutcome,
    pub status: RegisterStatus,
    pub withheld_reason: Option<String>,
    pub href: String,
    pub updated_at: DateTime<Utc>,
}
list_of!(PublicGiftRegister, PublicGiftEntry);
