//! `/api/v1/transfer-orders`: succession of corporations sole (DOMAIN.md section 8), and the
//! preview of what each order changes (R-SU-06).

use actix_web::{web, HttpResponse};
use openapi::succession::{
    impact_csv, HolderChangeImpact, ImpactReport, NewTransferOrder, ReportFormat, TransferExecution, TransferOrder,
    TransferOrderList, TransferPreviewRequest,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::succession;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TransferOrderQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/transfer-orders", operation_id = "list_transfer_orders", tag = "registry",
    summary = "List transfer orders",
    description = "Statutory instruments that move an office's functions to a successor (e.g. PCC functions to a \
        mayor), with their status: draft, previewed or executed. Public.",
    params(TransferOrderQuery), responses((status = 200, description = "A page of transfer orders", body = TransferOrderList)))]
pub async fn list_transfer_orders(
    ctx: RequestContext,
    query: QueryParams<TransferOrderQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = Paging { limit: query.0.limit, cursor: query.0.cursor }.request()?;
    let list = ctx.read(move |conn, principal| succession::list_transfer_orders(conn, principal, page)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/transfer-orders/{id}", operation_id = "get_transfer_order", tag = "registry",
    summary = "Read one transfer order",
    description = "One transfer order with its status and, once previewed or executed, the digest of the impact \
        report it applies. Public.",
    params(("id" = uuid::Uuid, Path, description = "Transfer order id")),
    responses((status = 200, description = "The transfer order", body = TransferOrder)))]
pub async fn get_transfer_order(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| succession::get_transfer_order(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/transfer-orders", operation_id = "create_transfer_order", tag = "registry",
    summary = "Record a transfer order",
    description = "Records a transfer order as a draft: its citation (e.g. SI 2021/112 art 36), the dates it was \
        made and comes into force, the predecessor offices and the successor: one already recorded \
        (`successor_id`), or a new office the order creates (`new_successor`: slug, name, kind such as `mayor` or \
        `policing_and_crime_board`, force), recorded with the order and existing from the in-force date \
        (`successor_created` is then true, and the office's creation is audited too). Naming both or neither is \
        refused `transfer.successor`. Refused R-TM-01 when a predecessor has already ended, or the successor does \
        not exist, on the in-force date. Nothing moves until it is \
        previewed and executed; platform administrators record orders, as they are statutory instruments. Audited \
        as `transfer_order.created`.",
    request_body = NewTransferOrder, responses((status = 201, description = "Recorded as a draft", body = TransferOrder)))]
pub async fn create_transfer_order(
    ctx: RequestContext,
    body: JsonBody<NewTransferOrder>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| succession::create_transfer_order(tx, principal, new)).await
}

#[utoipa::path(post, path = "/api/v1/transfer-orders/{id}/preview", operation_id = "preview_transfer_order", tag = "registry",
    summary = "Preview a transfer order (dry run)",
    description = "The dry run (R-SU-06): for each predecessor, on the transfer date, its agreements, delegations \
        and consents made and received, schemes, boards owned, memberships, open actions of its posts and holders, \
        each with what it becomes and the rule that says so. Nothing else changes; the order becomes `previewed` \
        with the report's digest, which execution must confirm. 409 once executed. Audited as \
        `transfer_order.previewed`.",
    params(("id" = uuid::Uuid, Path, description = "Transfer order id")),
    request_body = TransferPreviewRequest, responses((status = 200, description = "The impact report", body = ImpactReport)))]
pub async fn preview_transfer_order(
    ctx: RequestContext,
    id: web::Path<String>,
    _body: JsonBody<TransferPreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    ctx.change(move |tx, principal| succession::preview_transfer_order(tx, principal, id, expected)).await
}

#[utoipa::path(post, path = "/api/v1/transfer-orders/{id}/execution", operation_id = "execute_transfer_order", tag = "registry",
    summary = "Carry out a previewed transfer order",
    description = "Applies exactly what the last preview listed, in one audited transaction (R-SU-01 to R-SU-05): \
        delegations, consents and schemes pass to the successor from the transfer date, agreements take the \
        successor as party (flagged when the parties are left within one force), board ownership passes, \
        memberships representing the predecessor end, and the predecessor ends the day before the transfer date \
        with its holders and deputies. Refused (409) when the digest is not the last preview's or the records have \
        changed since: preview again. Each changed record is published to the change feed once, and the order too.",
    params(("id" = uuid::Uuid, Path, description = "Transfer order id")),
    request_body = TransferExecution, responses((status = 200, description = "Executed: the order with what it carried out", body = TransferOrder)))]
pub async fn execute_transfer_order(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<TransferExecution>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let digest = body.value.digest;
    ctx.change(move |tx, principal| {
        crate::service::transfer_execution::execute_transfer_order(tx, principal, id, expected, &digest)
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImpactQuery {
    /// `json` (the default) or `csv` (one row per item, for a spreadsheet).
    #[param(inline)]
    pub format: Option<ReportFormat>,
}

#[utoipa::path(get, path = "/api/v1/transfer-orders/{id}/impact", operation_id = "get_transfer_order_impact", tag = "registry",
    summary = "Read a transfer order's impact report",
    description = "The impact report as the records stand now, without previewing (anyone may read it): what a \
        preview would list, as JSON or as CSV for a spreadsheet. The ETag is the report's digest.",
    params(("id" = uuid::Uuid, Path, description = "Transfer order id"), ImpactQuery),
    responses((status = 200, description = "The impact report", content(
        (ImpactReport = "application/json"),
        (String = "text/csv"),
    ))))]
pub async fn get_transfer_order_impact(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<ImpactQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let report = ctx.read(move |conn, principal| succession::impact_report(conn, principal, id)).await?;
    Ok(match query.0.format.unwrap_or_default() {
        ReportFormat::Json => {
            let body = serde_json::to_vec(&report).map_err(|e| ApiError::Internal(e.to_string()))?;
            ctx.tagged(body.into(), format!("\"{}\"", report.digest), "application/json")
        }
        ReportFormat::Csv => {
            let tag = format!("\"{}-csv\"", report.digest);
            ctx.tagged(impact_csv(&report).into(), tag, "text/csv; charset=utf-8")
        }
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HolderChangeQuery {
    /// The last day the person would hold the office or post (YYYY-MM-DD).
    pub ends_on: chrono::NaiveDate,
}

#[utoipa::path(get, path = "/api/v1/appointments/{id}/impact", operation_id = "get_appointment_impact", tag = "registry",
    summary = "Preview what ends with an office holder's term",
    description = "What follows if this holder stops holding the office or post on `ends_on` (an election, a \
        retirement), without changing anything: the deputies whose appointments end with the term (R-DL-06) and the \
        person's board memberships in that capacity, which end and need re-appointment (R-SU-04). Readable by \
        whoever may read the appointment.",
    params(("id" = uuid::Uuid, Path, description = "Appointment id"), HolderChangeQuery),
    responses((status = 200, description = "What the holder change would affect", body = HolderChangeImpact)))]
pub async fn get_appointment_impact(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<HolderChangeQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let ends_on = query.0.ends_on;
    let impact =
        ctx.read(move |conn, principal| succession::holder_change_impact(conn, principal, id, ends_on)).await?;
    // Computed, not stored: the tag is a digest of the answer itself.
    let body = serde_json::to_vec(&impact).map_err(|e| ApiError::Internal(e.to_string()))?;
    let tag = format!("\"{}\"", hex::encode(&<sha2::Sha256 as sha2::Digest>::digest(&body)[..16]));
    Ok(ctx.tagged(body.into(), tag, "application/json"))
}
