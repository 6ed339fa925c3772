//! Transfer orders (succession, DOMAIN.md section 8) and their impact report.

use crate::examples as ex;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use domain::succession::{ImpactChange, ImpactKind, TransferStatus};

/// A statutory instrument that ends predecessor corporations sole and passes their functions to a
/// successor, e.g. SI 2021/112 (West Yorkshire, from 10 May 2021).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "citation": "SI 2021/112",
    "title": "The West Yorkshire Combined Authority (Election of Mayor and Functions) Order 2021",
    "made_on": "2021-01-29",
    "in_force_on": "2021-05-10",
    "predecessor_ids": [ex::WEST_YORKSHIRE_PCC],
    "successor_id": ex::WEST_YORKSHIRE_MAYOR
})))]
pub struct NewTransferOrder {
    /// e.g. `SI 2021/112`.
    #[schema(pattern = "\\S", min_length = 1, max_length = 120)]
    pub citation: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 300)]
    pub title: String,
    pub made_on: NaiveDate,
    /// The transfer date: the predecessors' last day is the day before.
    pub in_force_on: NaiveDate,
    /// The corporations sole whose functions transfer (each once).
    #[schema(min_items = 1, max_items = 50)]
    pub predecessor_ids: Vec<Uuid>,
    /// The corporation sole they pass to (e.g. a mayor exercising PCC functions), already recorded.
    /// Give this or `new_successor`, not both.
    pub successor_id: Option<Uuid>,
    /// A successor the order creates (e.g. the new mayoral office of SI 2021/112), recorded with the
    /// order and existing from the transfer date. Give this or `successor_id`, not both.
    pub new_successor: Option<NewSuccessor>,
}

/// A corporation sole a transfer order creates: it exists from the order's in-force date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "slug": "mayor-of-west-yorkshire",
    "name": "Mayor of West Yorkshire",
    "kind": "mayor"
})))]
pub struct NewSuccessor {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 80)]
    pub slug: String,
    #[schema(pattern = "\\S", min_length = 1, max_length = 200)]
    pub name: String,
    pub kind: crate::registry::CorporationSoleKind,
    pub force_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TransferOrder {
    pub id: Uuid,
    pub citation: String,
    pub title: String,
    pub made_on: NaiveDate,
    pub in_force_on: NaiveDate,
    pub predecessor_ids: Vec<Uuid>,
    pub successor_id: Uuid,
    /// Whether the order created its successor (`new_successor`) rather than naming one.
    pub successor_created: bool,
    pub status: TransferStatus,
    /// The digest of the last preview: execution applies exactly what that preview listed.
    pub preview_digest: Option<String>,
    pub previewed_at: Option<DateTime<Utc>>,
    pub executed_at: Option<DateTime<Utc>>,
    /// What the execution carried out, predecessor by predecessor (the preview it applied): the
    /// record of who was party, delegator or owner before the transfer date.
    pub executed: Option<Vec<PredecessorImpact>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

list_of!(TransferOrderList, TransferOrder);

/// One record a predecessor holds, and what it becomes on the transfer date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImpactItem {
    pub kind: ImpactKind,
    pub id: Uuid,
    /// e.g. the agreement's reference and title, or the delegation's functions and citation.
    pub label: String,
    /// The record's own status or dates, as they stand on the transfer date.
    pub status: Option<String>,
    pub becomes: ImpactChange,
    /// The rule that decides it (R-SU-01..05).
    pub rule: String,
}

/// Everything one predecessor holds that the order affects.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PredecessorImpact {
    pub corporation_sole_id: Uuid,
    pub name: String,
    pub items: Vec<ImpactItem>,
}

/// The dry run of a transfer order (R-SU-06), as at its in-force date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImpactReport {
    pub order: TransferOrder,
    pub successor_name: String,
    pub predecessors: Vec<PredecessorImpact>,
    /// SHA-256 of the items: execution refuses (409) if the records have changed since.
    pub digest: String,
}

/// Asks for the impact report (the body is an empty object; the order's ETag goes in `If-Match`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({})))]
pub struct TransferPreviewRequest {}

/// Carries out the last preview: `digest` is the one that preview answered, so the governance team
/// executes exactly what it reviewed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({"digest": "e68670f70242442e9aebec8722c035d839848236570b997c81b3d06dc17df1ae"})))]
pub struct TransferExecution {
    #[schema(pattern = "^[0-9a-f]{64}$", min_length = 64, max_length = 64)]
    pub digest: String,
}

/// What follows when a person stops holding an office or post on a day (an election, a
/// retirement), without transferring anything: the deputies whose appointments end with the term
/// (R-DL-06) and the memberships the person holds in that capacity, which end and need
/// re-appointment (R-SU-04).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HolderChangeImpact {
    pub appointment_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    /// The office or post held, e.g. `Police and Crime Commissioner for West Mercia`.
    pub held: String,
    /// The last day the person would hold it.
    pub ends_on: NaiveDate,
    pub items: Vec<ImpactItem>,
}

/// How the impact report is served: JSON, or CSV for the governance team's spreadsheet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    #[default]
    Json,
    Csv,
}

/// The report as CSV: one row per item, with its predecessor. Cells a spreadsheet would read as a
/// formula are prefixed with `'` ([`crate::csv::csv_cell`]).
pub fn impact_csv(report: &ImpactReport) -> String {
    let mut out = String::new();
    crate::csv::push_row(
        &mut out,
        ["predecessor_id", "predecessor", "kind", "id", "label", "status", "becomes", "rule"],
    );
    for predecessor in &report.predecessors {
        for item in &predecessor.items {
            let cells = [
                predecessor.corporation_sole_id.to_string(),
                predecessor.name.clone(),
                item.kind.to_string(),
                item.id.to_string(),
                item.label.clone(),
                item.status.clone().unwrap_or_default(),
                item.becomes.to_string(),
                item.rule.clone(),
            ];
            crate::csv::push_row(&mut out, cells.iter().map(String::as_str));
        }
    }
    out
}
