//! Full-text search: the kinds searched and the results.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A kind of record searched, named as the change feed names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    CollaborationAgreement,
    Decision,
    AgendaItem,
    Minutes,
    RecordOfDecision,
}

impl SearchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::CollaborationAgreement => "collaboration_agreement",
            SearchKind::Decision => "decision",
            SearchKind::AgendaItem => "agenda_item",
            SearchKind::Minutes => "minutes",
            SearchKind::RecordOfDecision => "record_of_decision",
        }
    }

    pub fn parse(name: &str) -> Option<SearchKind> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }

    /// Where the record is read.
    pub fn path(self, id: Uuid) -> String {
        let collection = match self {
            SearchKind::CollaborationAgreement => "collaboration-agreements",
            SearchKind::Decision => "decisions",
            SearchKind::AgendaItem => "agenda-items",
            SearchKind::Minutes => "minutes",
            SearchKind::RecordOfDecision => "records-of-decision",
        };
        format!("/api/v1/{collection}/{id}")
    }
}

/// One record that matches, as much of it as anyone who may see the record may read.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: Uuid,
    /// The record's title (for minutes, the board and the meeting's day).
    #[schema(example = "Firearms and explosives licensing")]
    pub title: String,
    /// A passage around the matches: HTML-escaped text with each match in `<mark>` and `</mark>`.
    #[schema(example = "A joint <mark>firearms</mark> and explosives <mark>licensing</mark> unit")]
    pub snippet: String,
    /// The record's day: an agreement's commencement (or planned commencement), a decision's
    /// agreement (or its meeting's day), an item's or minutes' meeting day, a record's decision day.
    pub date: Option<NaiveDate>,
    /// Where to read the record.
    #[schema(example = "/api/v1/collaboration-agreements/01937a4e-5b1c-7d2e-9f00-3c4d5e6f7a8b")]
    pub href: String,
}

/// A page of results, best match first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchResults {
    pub items: Vec<SearchHit>,
    /// Pass as `cursor` for the next page; absent when there are no more results.
    pub next_cursor: Option<String>,
}
