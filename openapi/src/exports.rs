//! Bulk export: the kinds of record that can be exported as NDJSON.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A kind of record to export, named as its list's path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ExportKind {
    CollaborationAgreements,
    Boards,
    Actions,
    RecordsOfDecision,
    Delegations,
    Schemes,
    Forces,
    CorporationsSole,
    Organisations,
    People,
    Posts,
    Appointments,
    Interests,
    GiftsAndHospitality,
}

impl ExportKind {
    /// The kind a path segment names, if it is one.
    pub fn parse(name: &str) -> Option<ExportKind> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }
}
