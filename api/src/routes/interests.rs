//! Registers of interests and of gifts and hospitality (issue 18): dated entries per person, kept by
//! the secretaries of the keeping organisation (the OPCC or the force), published or withheld with
//! the reason (a withheld entry shows everyone else its notice only).

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::interests::{GiftKind, GiftOutcome, InterestCategory, RegisterStatus};
use openapi::interests::{
    GiftEntry, GiftEntryList, GiftEntryUpdate, InterestEntry, InterestEntryList, InterestEntryUpdate, NewGiftEntry,
    NewInterestEntry,
};
use persistence::interests::{GiftFilter, InterestFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, Paging, QueryParams};
use crate::service::interests;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InterestQuery {
    /// Whose register.
    pub person: Option<Uuid>,
    /// The keeping organisation.
    pub organisation: Option<Uuid>,
    pub category: Option<InterestCategory>,
    /// `published` or `withheld`.
    pub status: Option<RegisterStatus>,
    /// Only entries in force on this day (YYYY-MM-DD).
    pub in_force_on: Option<NaiveDate>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/interests", operation_id = "list_interest_entries", tag = "registry",
    summary = "List registers of interests",
    description = "Entries of the registers of interests of the PCC, deputy, chief officer, statutory officers and \
        board members, filtered by person, keeping organisation, category, status and the day they are in force. \
        Open to everyone: a withheld entry shows callers outside the keeping organisation its notice only (person, \
        category, dates and the reason it is withheld; `redacted: true`).",
    params(InterestQuery), responses((status = 200, description = "Entries in id order", body = InterestEntryList)))]
pub async fn list_interest_entries(
    ctx: RequestContext,
    query: QueryParams<InterestQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = InterestFilter {
        person_id: query.person.map(Into::into),
        organisation_id: query.organisation.map(Into::into),
        organisations: None,
        category: query.category,
        status: query.status,
        in_force_on: query.in_force_on,
    };
    let list = ctx.read(move |conn, principal| interests::list_interest_entries(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/interests/{id}", operation_id = "get_interest_entry", tag = "registry",
    summary = "Read one entry of a register of interests",
    description = "One entry. Open to everyone; a withheld entry's description and organisation are shown only to \
        callers acting for the keeping organisation (others see the notice, `redacted: true`).",
    params(("id" = Uuid, Path, description = "Register of interests entry id")),
    responses((status = 200, description = "The entry", body = InterestEntry)))]
pub async fn get_interest_entry(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| interests::get_interest_entry(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/interests", operation_id = "create_interest_entry", tag = "registry",
    summary = "Register an interest",
    description = "Adds a dated entry to a person's register of interests kept by an OPCC or a force \
        (`organisation_id`; refused `interests.keeper` otherwise): its category, description, the organisation or \
        body the interest is in (matched against agendas to warn of undeclared interests) and whether it is \
        published or withheld with the reason (refused `interests.withheld_reason`). For a secretary of the keeping \
        organisation. Audited as `interest_entry.created`.",
    request_body = NewInterestEntry, responses((status = 201, description = "The entry", body = InterestEntry)))]
pub async fn create_interest_entry(
    ctx: RequestContext,
    body: JsonBody<NewInterestEntry>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| interests::create_interest_entry(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/interests/{id}", operation_id = "update_interest_entry", tag = "registry",
    summary = "Change an entry of a register of interests",
    description = "Changes an entry's category, description, organisation, dates or publication (withholding needs \
        `withheld_reason`; publishing clears it). For a secretary of the keeping organisation; needs `If-Match`; \
        audited as `interest_entry.updated`.",
    params(("id" = Uuid, Path, description = "Register of interests entry id")),
    request_body = InterestEntryUpdate, responses((status = 200, description = "The entry as changed", body = InterestEntry)))]
pub async fn update_interest_entry(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<InterestEntryUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let update = body.value;
    ctx.change(move |tx, principal| interests::update_interest_entry(tx, principal, id, expected, update)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GiftQuery {
    /// Whose register.
    pub person: Option<Uuid>,
    /// The keeping organisation.
    pub organisation: Option<Uuid>,
    /// `gift` or `hospitality`.
    pub kind: Option<GiftKind>,
    /// `accepted` or `declined`.
    pub outcome: Option<GiftOutcome>,
    /// `published` or `withheld`.
    pub status: Option<RegisterStatus>,
    /// Received or offered on or after this day (YYYY-MM-DD).
    pub received_from: Option<NaiveDate>,
    /// Received or offered on or before this day (YYYY-MM-DD).
    pub received_to: Option<NaiveDate>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/gifts-and-hospitality", operation_id = "list_gift_entries", tag = "registry",
    summary = "List registers of gifts and hospitality",
    description = "Entries of the registers of gifts and hospitality, filtered by person, keeping organisation, kind, \
        outcome, status and the day received. Open to everyone: a withheld entry shows callers outside the keeping \
        organisation its notice only (person, kind, day, outcome and the reason it is withheld; `redacted: true`).",
    params(GiftQuery), responses(
        (status = 200, description = "Entries in id order", body = GiftEntryList),
        (status = 422, description = "`received_to` is before `received_from` (`out_of_range`)", body = openapi::Problem, content_type = "application/problem+json")))]
pub async fn list_gift_entries(ctx: RequestContext, query: QueryParams<GiftQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = GiftFilter {
        person_id: query.person.map(Into::into),
        organisation_id: query.organisation.map(Into::into),
        organisations: None,
        kind: query.kind,
        outcome: query.outcome,
        status: query.status,
        received: (query.received_from, query.received_to),
    };
    let list = ctx.read(move |conn, principal| interests::list_gift_entries(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/gifts-and-hospitality/{id}", operation_id = "get_gift_entry", tag = "registry",
    summary = "Read one entry of a register of gifts and hospitality",
    description = "One entry. Open to everyone; a withheld entry's giver, description and value are shown only to \
        callers acting for the keeping organisation (others see the notice, `redacted: true`).",
    params(("id" = Uuid, Path, description = "Gifts and hospitality entry id")),
    responses((status = 200, description = "The entry", body = GiftEntry)))]
pub async fn get_gift_entry(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| interests::get_gift_entry(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/gifts-and-hospitality", operation_id = "create_gift_entry", tag = "registry",
    summary = "Register a gift or hospitality",
    description = "Adds a gift or hospitality received (or offered and declined) to a person's register kept by an \
        OPCC or a force: the day, the giver, a description, the estimated value in pence and whether it was accepted; \
        published or withheld with the reason. For a secretary of the keeping organisation. Audited as \
        `gift_entry.created`.",
    request_body = NewGiftEntry, responses((status = 201, description = "The entry", body = GiftEntry)))]
pub async fn create_gift_entry(ctx: RequestContext, body: JsonBody<NewGiftEntry>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| interests::create_gift_entry(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/gifts-and-hospitality/{id}", operation_id = "update_gift_entry", tag = "registry",
    summary = "Change an entry of a register of gifts and hospitality",
    description = "Changes an entry's kind, day, giver, description, value, outcome or publication (withholding needs \
        `withheld_reason`). For a secretary of the keeping organisation; needs `If-Match`; audited as \
        `gift_entry.updated`.",
    params(("id" = Uuid, Path, description = "Gifts and hospitality entry id")),
    request_body = GiftEntryUpdate, responses((status = 200, description = "The entry as changed", body = GiftEntry)))]
pub async fn update_gift_entry(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<GiftEntryUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let update = body.value;
    ctx.change(move |tx, principal| interests::update_gift_entry(tx, principal, id, expected, update)).await
}
