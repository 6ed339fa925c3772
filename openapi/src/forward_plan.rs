//! The forward plan of key decisions (issue 18): what a corporation sole, or a board it owns,
//! intends to decide and when, published ahead of the decision, each slip of its date kept, closed
//! by the record that took it or withdrawn. Published entries are public; an exempt entry shows the
//! public its subject and date, and its details only to those preparing it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::boards::{ClosingKind, DecisionTaker, ForwardPlanStatus};

use crate::boards::DisclosureSpec;
use crate::examples as ex;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "deciders": [ex::CAMBRIDGESHIRE_PCC],
    "title": "Restorative justice provision 2016",
    "summary": "Whether to extend the delivery partnership with Restorative Solutions CIC for twelve months, until December 2016.",
    "intended_on": "2015-12-16",
    "taken_by": "officer",
    "consultation": "The Constabulary's Criminal Justice Unit and the Victims' Hub partners.",
    "documents": ["Restorative Justice Provision in Cambridgeshire (report to the Business Coordination Board)"]
})))]
pub struct NewForwardPlanEntry {
    /// The deciding corporations sole (at least one; a joint decision names each).
    pub deciders: Vec<Uuid>,
    /// The subject of the decision, shown to everyone once published (even when exempt).
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub title: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 10000)]
    pub summary: String,
    /// The day the decision is intended to be taken.
    pub intended_on: NaiveDate,
    /// `board` (name it in `board_id`, a board a decider owns) or `officer` (the corporation sole itself).
    pub taken_by: DecisionTaker,
    #[serde(default)]
    pub board_id: Option<Uuid>,
    /// Who is consulted, and how.
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 10000)]
    pub consultation: Option<String>,
    /// The titles of the documents to be considered.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub documents: Vec<String>,
    /// Public, or exempt under FOI Act sections with a reason (R-PB-02), as for agenda items.
    #[serde(default)]
    pub disclosure: DisclosureSpec,
}

/// A change of an entry's details. Moving a published entry's intended date needs `reason`, and is
/// kept as a slip.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"intended_on": "2016-01-27", "reason": "Awaiting the Ministry of Justice grant allocation for 2016/17."})))]
pub struct ForwardPlanEntryUpdate {
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 500)]
    pub title: Option<String>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 10000)]
    pub summary: Option<String>,
    #[serde(default)]
    pub intended_on: Option<NaiveDate>,
    /// Why the intended date moved (required when a published entry's date changes).
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub reason: Option<String>,
    #[serde(default)]
    #[schema(pattern = "\\S", min_length = 1, max_length = 10000)]
    pub consultation: Option<String>,
    /// Replaces the list of documents to be considered.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub documents: Option<Vec<String>>,
    #[serde(default)]
    pub disclosure: Option<DisclosureSpec>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"published_on": "2015-11-25"})))]
pub struct ForwardPlanPublication {
    /// The day published; today when omitted (not in the future).
    #[serde(default)]
    pub published_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"kind": "record_of_decision", "target_id": "0192fbb0-0a1b-7c2d-8e3f-405162738495"})))]
pub struct ForwardPlanClosure {
    /// What took the decision: a record of decision or a board decision.
    pub kind: ClosingKind,
    /// Its id: it must exist, be visible to the caller and be by (or for) one of the entry's deciders.
    pub target_id: Uuid,
    /// The day closed; today when omitted.
    #[serde(default)]
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"reason": "The decision is no longer needed: the partnership is funded nationally."})))]
pub struct ForwardPlanWithdrawal {
    #[schema(pattern = "\\S", min_length = 1, max_length = 2000)]
    pub reason: String,
    /// The day withdrawn; today when omitted.
    #[serde(default)]
    pub withdrawn_on: Option<NaiveDate>,
}

/// One change of a published entry's intended date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ForwardPlanSlip {
    pub from_on: NaiveDate,
    pub to_on: NaiveDate,
    /// Null when the entry is redacted for the caller.
    pub reason: Option<String>,
    pub recorded_on: NaiveDate,
}

/// The record that took the decision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ForwardPlanClosingRecord {
    pub kind: ClosingKind,
    pub target_id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ForwardPlanEntry {
    pub id: Uuid,
    pub deciders: Vec<Uuid>,
    /// The subject: shown to everyone once published, even for an exempt entry (the notice the law asks for).
    pub title: String,
    /// Null when the entry is exempt and the caller may not see exempt content.
    pub summary: Option<String>,
    pub intended_on: NaiveDate,
    /// The intended date when first published (null for a draft).
    pub published_intended_on: Option<NaiveDate>,
    pub taken_by: DecisionTaker,
    pub board_id: Option<Uuid>,
    /// Null when not given, or redacted.
    pub consultation: Option<String>,
    /// Empty when redacted.
    pub documents: Vec<String>,
    pub disclosure: DisclosureSpec,
    /// True when exempt content is withheld from this caller (only the shell is shown).
    pub redacted: bool,
    pub status: ForwardPlanStatus,
    pub published_on: Option<NaiveDate>,
    /// Each change of the intended date while published, oldest first.
    pub slips: Vec<ForwardPlanSlip>,
    /// The intended date is later than the one first published.
    pub slipped: bool,
    /// Published, not closed, and the intended date has passed (as of today).
    pub overdue: bool,
    pub closed_by: Option<ForwardPlanClosingRecord>,
    pub closed_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
    pub withdrawal_reason: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ForwardPlanEntryList {
    pub items: Vec<ForwardPlanEntry>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// An entry as the public register shows it: the notice, with no names of people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicForwardPlanEntry {
    pub id: Uuid,
    pub deciders: Vec<Uuid>,
    pub title: String,
    /// Null when the entry is exempt.
    pub summary: Option<String>,
    pub intended_on: NaiveDate,
    pub taken_by: DecisionTaker,
    pub board_id: Option<Uuid>,
    /// Empty when exempt.
    pub documents: Vec<String>,
    pub exempt: bool,
    pub status: ForwardPlanStatus,
    pub published_on: Option<NaiveDate>,
    pub slipped: bool,
    pub closed_by: Option<ForwardPlanClosingRecord>,
    /// The entry in the API.
    pub href: String,
    /// When the entry last changed (the Atom entry's `updated`).
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicForwardPlan {
    pub items: Vec<PublicForwardPlanEntry>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}
