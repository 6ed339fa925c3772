//! `GET /api/v1/search`: full-text search across agreements, decisions, agenda items and their papers,
//! minutes and records of decision, as far as the caller may see them.

use actix_web::HttpResponse;
use chrono::NaiveDate;
use openapi::search::{SearchKind, SearchResults};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{decode_cursor, page_limit, QueryParams};
use crate::service::search::{self, SearchRequest};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The words to find, e.g. `firearms licensing`: every word must match, in any form ("licensing"
    /// finds "licensed" and "licenses"); anything but letters and digits separates words.
    #[param(min_length = 1, max_length = 200)]
    pub q: String,
    /// Only records of this kind.
    pub kind: Option<SearchKind>,
    /// Only decisions, agenda items and minutes of this board.
    pub board: Option<Uuid>,
    /// Only records of decision this corporation sole issued and agreements it is a party to.
    pub corporation_sole: Option<Uuid>,
    /// Only records of this day or later (YYYY-MM-DD; the day each result shows as `date`).
    pub from: Option<NaiveDate>,
    /// Only records of this day or earlier (YYYY-MM-DD).
    pub to: Option<NaiveDate>,
    /// Only records of decision of significant public interest (true) or the others (false).
    pub significant_public_interest: Option<bool>,
    /// Only records in this status, as their own representation names it, e.g. `in_force`, `agreed`,
    /// `published`, `approved`.
    #[param(pattern = "^[a-z_]{1,40}$")]
    pub status: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/search", operation_id = "search_records", tag = "service", params(SearchQuery),
    summary = "Search the records by their words",
    description = "Full-text search (English stemming) across agreements (title, reference, summary, functions), \
        decisions (subject, recommendation, options, conditions), agenda items (title, presenter, papers' titles), \
        minutes (their entries) and records of decision (title, reference, Part 1 summary), best match first: a \
        match in the title weighs more than one in the text. Each result carries a passage with the matches in \
        `<mark>`. Results are exactly the records the caller may read: exempt items, decisions and minute entries \
        and withheld titles are never searched, and drafts, private boards and unpublished records appear only to \
        those who may see them. Filter by kind, board, corporation sole, the record's day, significant public \
        interest or status. A search ranks the 1,000 most recent matching records (by the record's day): a word \
        found in more records than that answers the best of the most recent 1,000, so narrow it by `from`/`to`, \
        kind or board to reach older ones.",
    responses(
        (status = 200, description = "Matching records the caller may read, best first", body = SearchResults),
        (status = 422, description = "`q` has no word, `to` is before `from`, or `cursor` is not one this service gave", body = openapi::Problem, content_type = "application/problem+json")))]
pub async fn search_records(ctx: RequestContext, query: QueryParams<SearchQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    // Empty is what the document's `minLength` forbids (400); words that are all separators are a 422.
    if query.q.is_empty() {
        return Err(ApiError::invalid_field("/query/q", "required", "q is at least one character"));
    }
    if query.q.chars().count() > 200 {
        return Err(ApiError::invalid_field("/query/q", "too_long", "q is at most 200 characters"));
    }
    let limit = page_limit(query.limit)?;
    let offset = decode_cursor(query.cursor.as_deref())?
        .map(|c| {
            // Any cursor the document's pattern allows is answered: one this service did not give is
            // a 422 naming it, not a malformed request.
            c.0.parse::<i64>().map_err(|_| {
                let why = "cursor is not a next_cursor this service gave";
                ApiError::Rules(vec![domain::RuleViolation::new("invalid", "/query/cursor", why)])
            })
        })
        .transpose()?
        .unwrap_or(0);
    let request = SearchRequest {
        q: query.q,
        kind: query.kind,
        board_id: query.board,
        corporation_sole_id: query.corporation_sole,
        from: query.from,
        to: query.to,
        significant_public_interest: query.significant_public_interest,
        status: query.status,
        offset,
        limit,
    };
    // One snapshot: the window a national search dates first is the one its ranked statement reads.
    let results = ctx.read_snapshot(move |conn, principal| search::search(conn, principal, request)).await?;
    Ok(HttpResponse::Ok().json(results))
}
