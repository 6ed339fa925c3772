//! `GET /api/v1/exports/{kind}`: every record of a kind the caller may see, streamed as NDJSON (or
//! CSV for the tabular kinds) from one snapshot, with the change-feed position to follow on from.

use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};
use openapi::exports::{ExportFormat, ExportKind};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::service::exports::{self, Encoding, ExportChunk};

/// Pages in flight between the database thread and the response: a slow reader holds the export
/// back instead of the service buffering it.
const PAGES_IN_FLIGHT: usize = 4;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `ndjson` (the default, every kind) or `csv` (the tabular kinds: every kind but `boards` and
    /// `records-of-decision`).
    #[param(inline)]
    pub format: Option<ExportFormat>,
}

#[utoipa::path(get, path = "/api/v1/exports/{kind}", operation_id = "export_records", tag = "events",
    summary = "Export every record of a kind you may see",
    description = "Streams every record of one kind that the caller may see, read from one snapshot of the \
        database, in constant memory: one JSON object per line (NDJSON, `format=ndjson`, the default: each as \
        the kind's list shows it to the caller), or for the tabular kinds CSV (`format=csv`: RFC 4180, CRLF \
        line ends, UTF-8, a header row, then one row per record, the same records in the same order). The \
        `Feed-Cursor` header is the change-feed position that snapshot is consistent with: load the export, then \
        read `GET /api/v1/events?after=<Feed-Cursor>` to follow every later change, with no gap and no \
        duplicate. A body cut short (the connection closed before the end of the chunked body) is incomplete: \
        export again. Who may call: anyone who may read the kind's list; each record is shown as that list \
        shows it to the caller.\n\n\
        **CSV.** The columns are the list item's top-level fields in the order the item's schema declares them, \
        a stable list (a field added later is added as the last column). A cell holds text as it is, numbers \
        and booleans as JSON writes them (`true`, `false`), nested values (lists and objects) as compact JSON \
        text, and nothing for null. A cell holding a comma, a quote or a line break is quoted (quotes doubled); \
        a cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage \
        return) is prefixed with `'`. The tabular kinds and their columns:\n\n\
        - `collaboration-agreements`: id, reference, title, status, collaboration_id, lead_force_id, \
        lead_board_id, in_force_from, next_review_due, parent_id, published, open_alerts, version\n\
        - `actions`: id, meeting_id, board_id, agenda_item_id, label, text, owners, due_on, status, closed_on, \
        overdue, updates, corrections, version, created_at, updated_at\n\
        - `delegations`: id, kind, corporation_sole_id, parent_delegation_id, delegate, functions, \
        limit_per_act_pence, limit_total_pence, currency, referral_conditions, refer_to, valid_from, valid_to, \
        source, scheme_id, sub_delegation_allowed, illustrative, revoked_on, revocation_reason, \
        revoked_by_scheme_id, version, created_at, updated_at\n\
        - `schemes`: id, corporation_sole_id, kind, title, scheme_version, adopted_on, adopted_by_reference, \
        document_uri, document_digest, supersedes_scheme_id, superseded_on, version, created_at, updated_at\n\
        - `forces`: id, slug, name, police_area, ends_on, version, created_at, updated_at\n\
        - `corporations-sole`: id, slug, name, kind, policing_body, force_id, starts_on, ends_on, version, \
        created_at, updated_at\n\
        - `organisations`: id, slug, name, kind, corporation_sole_id, force_id, ends_on, version, created_at, \
        updated_at\n\
        - `people`: id, full_name, managing_organisation_id, version, created_at, updated_at\n\
        - `posts`: id, organisation_id, title, statutory_roles, single_holder, public, starts_on, ends_on, \
        version, created_at, updated_at\n\
        - `appointments`: id, person_id, post_id, corporation_sole_id, basis, starts_on, ends_on, version, \
        created_at, updated_at\n\
        - `interests`: id, person_id, organisation_id, category, description, interest_body, from_on, to_on, \
        status, withheld_reason, redacted, version, created_at, updated_at\n\
        - `gifts-and-hospitality`: id, person_id, organisation_id, kind, received_on, giver, description, \
        estimated_value_pence, currency, outcome, status, withheld_reason, redacted, version, created_at, \
        updated_at\n\n\
        A kind is tabular when a row of plain cells says what each record is, a few nested values (lists of \
        ids, roles or functions, a delegation's delegate and instrument, an action's owners and updates) riding \
        along as JSON text. `boards` and `records-of-decision` are not, and are exported as NDJSON only (CSV is \
        refused, 422 `export.not_tabular` naming `/query/format`): a board's substance is its history (names, \
        owners and their changes, terms of reference, who may read exempt items), a record of decision's its \
        sub-records (deciders, proposals, officer approvals, signatures, links, the exempt part), which a \
        spreadsheet would show as opaque JSON.",
    params(("kind" = ExportKind, Path, description = "The kind of record, named as its list's path is"), ExportQuery),
    responses(
        (status = 200, description = "The records: NDJSON, one JSON object per line, or CSV with a header row",
            content(
                (String = "application/x-ndjson"),
                (String = "text/csv"),
            ),
            headers(("Feed-Cursor" = String, description = "The change-feed sequence the export is consistent with: pass it as `after` to `GET /api/v1/events`"))),
        (status = 422, description = "`format=csv` for a kind that is not tabular (`export.not_tabular`)", body = openapi::Problem, content_type = "application/problem+json")))]
pub async fn export_records(
    ctx: RequestContext,
    kind: web::Path<String>,
    query: QueryParams<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let kind = ExportKind::parse(&kind).ok_or(ApiError::NotFound)?;
    let encoding = Encoding::of(kind, query.0.format.unwrap_or_default())?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Result<ExportChunk, ApiError>>(PAGES_IN_FLIGHT);
    let state = ctx.state.clone();
    let principal = ctx.principal.clone();
    // The export runs on a blocking thread for as long as the reader reads; it ends early when the
    // response is dropped (the channel closes).
    actix_web::rt::task::spawn_blocking(move || {
        let mut emit = |chunk: ExportChunk| sender.blocking_send(Ok(chunk)).is_ok();
        let outcome = state.db.snapshot(|conn| exports::export(conn, &principal, kind, encoding, &mut emit));
        if let Err(error) = outcome {
            let _ = sender.blocking_send(Err(error));
        }
    });
    let feed_cursor = match receiver.recv().await {
        Some(Ok(ExportChunk::Started { feed_cursor })) => feed_cursor,
        Some(Err(error)) => return Err(error),
        Some(Ok(ExportChunk::Lines(_))) | None => {
            return Err(ApiError::Internal("the export ended before it started".into()))
        }
    };
    let body = futures_util::stream::unfold(receiver, |mut receiver| async move {
        match receiver.recv().await {
            Some(Ok(ExportChunk::Lines(lines))) => Some((Ok(Bytes::from(lines)), receiver)),
            Some(Ok(ExportChunk::Started { .. })) => Some((Ok(Bytes::new()), receiver)),
            // After an error the stream ends abnormally: the client sees the body cut short.
            Some(Err(error)) => {
                tracing::warn!(error = %error, "an export failed part way");
                Some((Err(error), receiver))
            }
            None => None,
        }
    });
    Ok(HttpResponse::Ok()
        .content_type(encoding.content_type())
        .insert_header(("Feed-Cursor", feed_cursor.to_string()))
        .streaming(body))
}

#[cfg(test)]
mod tests {
    use openapi::exports::ExportKind;

    /// The operation's description lists each tabular kind's CSV columns exactly as the export
    /// writes them, and names no column list for a kind that is not tabular.
    #[test]
    fn the_description_lists_the_csv_columns() {
        let document: serde_json::Value =
            serde_json::from_str(&crate::app::document_json()).unwrap_or_else(|e| panic!("{e}"));
        let description =
            document["paths"]["/api/v1/exports/{kind}"]["get"]["description"].as_str().unwrap_or_default();
        for kind in ExportKind::ALL {
            let line = format!("- `{}`: ", kind.name());
            let listed = description.lines().find_map(|l| l.strip_prefix(&line));
            match kind.csv_columns() {
                Some(columns) => assert_eq!(listed, Some(columns.join(", ").as_str()), "{kind:?}"),
                None => {
                    assert_eq!(listed, None, "{kind:?}");
                    assert!(description.contains(&format!("`{}`", kind.name())), "{kind:?} is named as not tabular");
                }
            }
        }
    }
}
