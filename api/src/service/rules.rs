//! The rule catalogue as served: every code the service can answer with.

use domain::catalogue::{self, RuleEntry};
use openapi::system::{Rule, RuleList};

use crate::error::ApiError;

fn view(entry: &RuleEntry) -> Rule {
    Rule {
        code: entry.code.to_string(),
        statement: entry.statement.to_string(),
        source: entry.source.to_string(),
        confidence: entry.confidence,
    }
}

pub fn list_rules() -> RuleList {
    RuleList { items: catalogue::all().map(view).collect(), next_cursor: None }
}

pub fn get_rule(code: &str) -> Result<Rule, ApiError> {
    catalogue::entry(code).map(view).ok_or(ApiError::NotFound)
}
