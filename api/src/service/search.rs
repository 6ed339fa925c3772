//! Full-text search across the records people look for by their words: agreements, decisions,
//! agenda items and their papers, minutes and records of decision. The index (`persistence::search`)
//! holds only text anyone who may see a record may read; each result is then shown only to a caller
//! who may see its record, asked as its read asks, a page at a time (`read_probe`).

use chrono::NaiveDate;
use domain::access::Principal;
use openapi::search::{SearchHit, SearchKind, SearchResults};
use persistence::search::{self as index, SearchQuery};
use persistence::DbConnection;
use uuid::Uuid;

use crate::error::ApiError;
use crate::service::read_probe::ReadProbe;

/// How many words of a query count.
const MAX_WORDS: usize = 16;
/// Candidates read per statement, and at most per page, so a caller who may see few of the matches
/// still gets an answer and a cursor to continue from.
const BATCH: i64 = 100;
const SCAN_LIMIT: i64 = 1_000;

/// A search as asked.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub q: String,
    pub kind: Option<SearchKind>,
    pub board_id: Option<Uuid>,
    pub corporation_sole_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub significant_public_interest: Option<bool>,
    pub status: Option<String>,
    /// Where the previous page stopped (a `next_cursor`), or 0.
    pub offset: i64,
    pub limit: usize,
}

pub fn search(
    conn: &mut DbConnection,
    principal: &Principal,
    request: SearchRequest,
) -> Result<SearchResults, ApiError> {
    let mut violations = Vec::new();
    let words = match domain::rules::search_words(&request.q, "/query/q", MAX_WORDS) {
        Ok(words) => words,
        Err(violation) => {
            violations.push(violation);
            Vec::new()
        }
    };
    violations.extend(domain::rules::check_day_range(request.from, request.to, "from", "to"));
    let status = request.status.filter(|s| !s.is_empty());
    if status.as_ref().is_some_and(|s| s.len() > 40 || !s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')) {
        let why = "a status is lower-case letters and underscores, e.g. in_force, published, agreed";
        return Err(ApiError::invalid_field("/query/status", "invalid", why));
    }
    ApiError::check(violations)?;
    let query = SearchQuery {
        words,
        kind: request.kind.map(SearchKind::as_str),
        board_id: request.board_id,
        corporation_sole_id: request.corporation_sole_id,
        from: request.from,
        to: request.to,
        significant_public_interest: request.significant_public_interest,
        status,
    };
    let limit = request.limit.max(1);
    let (mut offset, mut items, mut exhausted) = (request.offset, Vec::new(), false);
    // Where the matches read so far end: at the end of the matches once a short batch was read.
    let mut read_to = offset;
    let mut probe = ReadProbe::new(principal);
    while items.len() < limit && offset - request.offset < SCAN_LIMIT {
        let batch = index::search(conn, &query, offset, BATCH)?;
        exhausted = batch.len() < BATCH as usize;
        read_to = offset + batch.len() as i64;
        // The records are asked about as many at a time as the page still needs, their rows read a
        // statement per kind: a page whose records are all visible reads them once.
        let mut hits = batch.into_iter().peekable();
        'batch: while hits.peek().is_some() {
            let chunk: Vec<index::Hit> = hits.by_ref().take(limit - items.len()).collect();
            let records = || chunk.iter().map(|hit| (hit.kind.as_str(), hit.record_id.as_str()));
            probe.learn(conn, records())?;
            probe.prefetch(conn, records())?;
            for hit in chunk {
                offset += 1;
                let entry = hit.entry;
                if let Some(item) = visible(conn, &mut probe, hit)? {
                    items.push((entry, item));
                    if items.len() == limit {
                        break 'batch;
                    }
                }
            }
        }
        if exhausted {
            break;
        }
    }
    // The passages of the hits shown only, in one statement.
    let entries: Vec<i64> = items.iter().map(|(entry, _)| *entry).collect();
    let mut passages = index::snippets(conn, &query, &entries)?;
    let items = items
        .into_iter()
        .map(|(entry, mut item)| {
            item.snippet = highlighted(&passages.remove(&entry).unwrap_or_default());
            item
        })
        .collect();
    // At the end of the matches there is nothing to continue from: known from the short batch, so
    // no statement is run again to ask.
    let at_end = exhausted && offset == read_to;
    Ok(SearchResults { items, next_cursor: (!at_end).then(|| offset.to_string()) })
}

/// The result, if the caller may see its record.
fn visible(conn: &mut DbConnection, probe: &mut ReadProbe, hit: index::Hit) -> Result<Option<SearchHit>, ApiError> {
    let (Some(kind), Ok(id)) = (SearchKind::parse(&hit.kind), hit.record_id.parse::<Uuid>()) else { return Ok(None) };
    if !probe.may_read(conn, &hit.kind, &hit.record_id)? {
        return Ok(None);
    }
    Ok(Some(SearchHit { kind, id, title: hit.title, snippet: String::new(), date: hit.on_date, href: kind.path(id) }))
}

/// The engine's passage, HTML-escaped, with its match markers (U+E000, U+E001) as `<mark>` tags.
fn highlighted(passage: &str) -> String {
    let mut out = String::with_capacity(passage.len() + 32);
    for c in passage.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{E000}' => out.push_str("<mark>"),
            '\u{E001}' => out.push_str("</mark>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn passages_are_escaped_and_only_the_engines_markers_become_tags() {
        assert_eq!(
            super::highlighted("<b>\u{E000}Firearms\u{E001}</b> & \"x\""),
            "&lt;b&gt;<mark>Firearms</mark>&lt;/b&gt; &amp; &quot;x&quot;"
        );
    }
}
