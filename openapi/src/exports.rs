//! Bulk export: the kinds of record that can be exported, as NDJSON, and as CSV for the tabular ones.

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

/// How an export is written: NDJSON (every kind), or CSV (the tabular kinds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    #[default]
    Ndjson,
    Csv,
}

impl ExportFormat {
    /// The format a command-line word names (`ndjson` or `csv`), if it is one.
    pub fn parse(name: &str) -> Option<ExportFormat> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }
}

impl ExportKind {
    /// Every kind, in the order the OpenAPI document lists them.
    pub const ALL: [ExportKind; 14] = [
        ExportKind::CollaborationAgreements,
        ExportKind::Boards,
        ExportKind::Actions,
        ExportKind::RecordsOfDecision,
        ExportKind::Delegations,
        ExportKind::Schemes,
        ExportKind::Forces,
        ExportKind::CorporationsSole,
        ExportKind::Organisations,
        ExportKind::People,
        ExportKind::Posts,
        ExportKind::Appointments,
        ExportKind::Interests,
        ExportKind::GiftsAndHospitality,
    ];

    /// The kind a path segment names, if it is one.
    pub fn parse(name: &str) -> Option<ExportKind> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }

    /// The kind's name, as its list's path has it (`gifts-and-hospitality`).
    pub fn name(self) -> &'static str {
        use ExportKind as K;
        match self {
            K::CollaborationAgreements => "collaboration-agreements",
            K::Boards => "boards",
            K::Actions => "actions",
            K::RecordsOfDecision => "records-of-decision",
            K::Delegations => "delegations",
            K::Schemes => "schemes",
            K::Forces => "forces",
            K::CorporationsSole => "corporations-sole",
            K::Organisations => "organisations",
            K::People => "people",
            K::Posts => "posts",
            K::Appointments => "appointments",
            K::Interests => "interests",
            K::GiftsAndHospitality => "gifts-and-hospitality",
        }
    }

    /// The CSV columns of a tabular kind, in this order, or `None` for a kind that is exported as
    /// NDJSON only. The columns are the list item's top-level fields in the order it declares them;
    /// they are part of the contract: a field added to the item is added at the end, and none is
    /// renamed or dropped without a new version.
    ///
    /// A kind is tabular when a row of plain cells says what each record is, a few nested values
    /// (lists of ids, roles or functions, a delegation's delegate and instrument, an action's owners
    /// and updates) riding along as JSON text. Boards and records of decision are not: a board's
    /// substance is its history (names, owners and their changes, terms of reference, who may read
    /// exempt items), a record of decision's is its sub-records (deciders, proposals, officer
    /// approvals, signatures, links, the exempt part); in a spreadsheet they would be opaque JSON.
    pub fn csv_columns(self) -> Option<&'static [&'static str]> {
        use ExportKind as K;
        const TIMES: [&str; 3] = ["version", "created_at", "updated_at"];
        macro_rules! columns {
            ($($name:literal),* $(,)?) => {{
                const COLUMNS: &[&str] = &[$($name,)* TIMES[0], TIMES[1], TIMES[2]];
                Some(COLUMNS)
            }};
        }
        match self {
            K::CollaborationAgreements => {
                const COLUMNS: &[&str] = &[
                    "id",
                    "reference",
                    "title",
                    "status",
                    "collaboration_id",
                    "lead_force_id",
                    "lead_board_id",
                    "in_force_from",
                    "next_review_due",
                    "parent_id",
                    "published",
                    "open_alerts",
                    "version",
                ];
                Some(COLUMNS)
            }
            K::Boards | K::RecordsOfDecision => None,
            K::Actions => columns!(
                "id",
                "meeting_id",
                "board_id",
                "agenda_item_id",
                "label",
                "text",
                "owners",
                "due_on",
                "status",
                "closed_on",
                "overdue",
                "updates",
                "corrections",
            ),
            K::Delegations => columns!(
                "id",
                "kind",
                "corporation_sole_id",
                "parent_delegation_id",
                "delegate",
                "functions",
                "limit_per_act_pence",
                "limit_total_pence",
                "currency",
                "referral_conditions",
                "refer_to",
                "valid_from",
                "valid_to",
                "source",
                "scheme_id",
                "sub_delegation_allowed",
                "illustrative",
                "revoked_on",
                "revocation_reason",
                "revoked_by_scheme_id",
            ),
            K::Schemes => columns!(
                "id",
                "corporation_sole_id",
                "kind",
                "title",
                "scheme_version",
                "adopted_on",
                "adopted_by_reference",
                "document_uri",
                "document_digest",
                "supersedes_scheme_id",
                "superseded_on",
            ),
            K::Forces => columns!("id", "slug", "name", "police_area", "ends_on"),
            K::CorporationsSole => {
                columns!("id", "slug", "name", "kind", "policing_body", "force_id", "starts_on", "ends_on")
            }
            K::Organisations => {
                columns!("id", "slug", "name", "kind", "corporation_sole_id", "force_id", "ends_on")
            }
            K::People => columns!("id", "full_name", "managing_organisation_id"),
            K::Posts => columns!(
                "id",
                "organisation_id",
                "title",
                "statutory_roles",
                "single_holder",
                "public",
                "starts_on",
                "ends_on",
            ),
            K::Appointments => {
                columns!("id", "person_id", "post_id", "corporation_sole_id", "basis", "starts_on", "ends_on")
            }
            K::Interests => columns!(
                "id",
                "person_id",
                "organisation_id",
                "category",
                "description",
                "interest_body",
                "from_on",
                "to_on",
                "status",
                "withheld_reason",
                "redacted",
            ),
            K::GiftsAndHospitality => columns!(
                "id",
                "person_id",
                "organisation_id",
                "kind",
                "received_on",
                "giver",
                "description",
                "estimated_value_pence",
                "currency",
                "outcome",
                "status",
                "withheld_reason",
                "redacted",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ExportKind;
    use utoipa::openapi::{RefOr, Schema};
    use utoipa::PartialSchema;

    fn fields<T: PartialSchema>() -> Vec<String> {
        match T::schema() {
            RefOr::T(Schema::Object(object)) => object.properties.keys().cloned().collect(),
            _ => panic!("not an object schema"),
        }
    }

    /// Each tabular kind's columns are exactly its list item's fields, each once: a field added to
    /// an item fails here until it is given a column (at the end).
    #[test]
    fn csv_columns_are_the_list_items_fields() {
        use crate::{agreements, boards, delegations, interests, registry};
        use ExportKind as K;
        for kind in ExportKind::ALL {
            let expected = match kind {
                K::CollaborationAgreements => fields::<agreements::CollaborationAgreementSummary>(),
                K::Actions => fields::<boards::Action>(),
                K::Delegations => fields::<delegations::Delegation>(),
                K::Schemes => fields::<delegations::Scheme>(),
                K::Forces => fields::<registry::Force>(),
                K::CorporationsSole => fields::<registry::CorporationSole>(),
                K::Organisations => fields::<registry::Organisation>(),
                K::People => fields::<registry::Person>(),
                K::Posts => fields::<registry::Post>(),
                K::Appointments => fields::<registry::Appointment>(),
                K::Interests => fields::<interests::InterestEntry>(),
                K::GiftsAndHospitality => fields::<interests::GiftEntry>(),
                K::Boards | K::RecordsOfDecision => {
                    assert!(kind.csv_columns().is_none());
                    continue;
                }
            };
            let mut columns: Vec<String> =
                kind.csv_columns().unwrap_or_default().iter().map(|c| c.to_string()).collect();
            let count = columns.len();
            columns.sort();
            columns.dedup();
            assert_eq!(columns.len(), count, "{kind:?}: a column twice");
            let mut expected = expected;
            expected.sort();
            assert_eq!(columns, expected, "{kind:?}");
        }
    }

    #[test]
    fn names_are_the_kinds_serde_names() {
        for kind in ExportKind::ALL {
            assert_eq!(ExportKind::parse(kind.name()), Some(kind));
        }
    }
}
