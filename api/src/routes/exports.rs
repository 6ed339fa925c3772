//! `GET /api/v1/exports/{kind}`: every record of a kind the caller may see, streamed as NDJSON from
//! one snapshot, with the change-feed position to follow on from.

use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};
use openapi::exports::ExportKind;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::service::exports::{self, ExportChunk};

/// Pages in flight between the database thread and the response: a slow reader holds the export
/// back instead of the service buffering it.
const PAGES_IN_FLIGHT: usize = 4;

#[utoipa::path(get, path = "/api/v1/exports/{kind}", operation_id = "export_records", tag = "events",
    summary = "Export every record of a kind you may see",
    description = "Streams every record of one kind that the caller may see, one JSON object per line (NDJSON, \
        each as the kind's list shows it to the caller), read from one snapshot of the database, in constant \
        memory. The `Feed-Cursor` header is the change-feed position that snapshot is consistent with: load the \
        export, then read `GET /api/v1/events?after=<Feed-Cursor>` to follow every later change, with no gap and \
        no duplicate. A body cut short (the connection closed before the end of the chunked body) is incomplete: \
        export again. Who may call: anyone who may read the kind's list; each record is shown as that list shows \
        it to the caller.",
    params(("kind" = ExportKind, Path, description = "The kind of record, named as its list's path is")),
    responses((status = 200, description = "The records, one JSON object per line",
        content_type = "application/x-ndjson", body = String,
        headers(("Feed-Cursor" = String, description = "The change-feed sequence the export is consistent with: pass it as `after` to `GET /api/v1/events`")))))]
pub async fn export_records(ctx: RequestContext, kind: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let kind = ExportKind::parse(&kind).ok_or(ApiError::NotFound)?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Result<ExportChunk, ApiError>>(PAGES_IN_FLIGHT);
    let state = ctx.state.clone();
    let principal = ctx.principal.clone();
    // The export runs on a blocking thread for as long as the reader reads; it ends early when the
    // response is dropped (the channel closes).
    actix_web::rt::task::spawn_blocking(move || {
        let mut emit = |chunk: ExportChunk| sender.blocking_send(Ok(chunk)).is_ok();
        let outcome = state.db.snapshot(|conn| exports::export(conn, &principal, kind, &mut emit));
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
        .content_type("application/x-ndjson")
        .insert_header(("Feed-Cursor", feed_cursor.to_string()))
        .streaming(body))
}
