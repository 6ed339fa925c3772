//! `/api/v1/appointments`: who held which post or office, when. R-OR-01 and R-OR-02 apply here.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use openapi::registry::{Appointment, AppointmentList, AppointmentUpdate, EndRequest, NewAppointment};
use persistence::registry::AppointmentFilter;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, KnownAtQuery, Paging, QueryParams};
use crate::service::appointments;
use crate::service::history::KeptKind;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AppointmentQuery {
    /// Person id.
    pub person: Option<uuid::Uuid>,
    /// Post id: who held this post.
    pub post: Option<uuid::Uuid>,
    /// Corporation sole id: who held this office.
    pub corporation_sole: Option<uuid::Uuid>,
    /// Only appointments in effect on this day (YYYY-MM-DD): "who held what on that date".
    pub as_of: Option<NaiveDate>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/appointments", operation_id = "list_appointments", tag = "registry",
    summary = "List who held which post or office",
    description = "Appointments of people to posts and to offices, filtered by person, post, corporation sole or \
        date: for example who was PCC for an area on a given day (`as_of`).",
    params(AppointmentQuery), responses((status = 200, description = "A page of the appointments visible to the caller", body = AppointmentList)))]
pub async fn list_appointments(
    ctx: RequestContext,
    query: QueryParams<AppointmentQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = AppointmentFilter {
        person_id: query.person.map(Into::into),
        post_id: query.post.map(Into::into),
        corporation_sole_id: query.corporation_sole.map(Into::into),
        as_of: query.as_of,
    };
    let list = ctx.read(move |conn, principal| appointments::list_appointments(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/appointments/{id}", operation_id = "get_appointment", tag = "registry",
    summary = "Read one appointment",
    description = "One appointment: the person, the post or office, the basis and the dates. With `known_at`, the record as the service held it at that instant (R-TM-06), from the state kept with each audited change; 422 `known_at.not_kept` for an instant before its kept history, 404 if it was not yet recorded then.",
    params(("id" = uuid::Uuid, Path, description = "Appointment id"), KnownAtQuery),
    responses((status = 200, description = "The appointment", body = Appointment)))]
pub async fn get_appointment(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<KnownAtQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    if let Some(at) = query.0.known_at {
        return ctx.known_at(KeptKind::Appointment, id, at).await;
    }
    let found = ctx.read(move |conn, principal| appointments::get_appointment(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/appointments", operation_id = "create_appointment", tag = "registry",
    summary = "Appoint a person to a post or office",
    description = "Records that a person holds a post or a corporation sole from a date, substantively, temporarily \
        or acting. Refused R-OR-02 when it overlaps another person's appointment to a single-holder post or office, \
        R-OR-01 when it would make one person monitoring officer and chief finance officer at once, and R-DL-06 \
        when a deputy PCC's term would outlast the appointing PCC's. Audited as `appointment.created`.",
    request_body = NewAppointment, responses((status = 201, description = "Created", body = Appointment)))]
pub async fn create_appointment(ctx: RequestContext, body: JsonBody<NewAppointment>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| appointments::create_appointment(tx, principal, new)).await
}

#[utoipa::path(patch, path = "/api/v1/appointments/{id}", operation_id = "update_appointment", tag = "registry",
    summary = "Correct an appointment's basis or start date",
    description = "Changes the basis (substantive, temporary, acting) or start date of an appointment; the same \
        rules as for a new appointment are checked again (R-OR-01, R-OR-02, R-DL-06). Needs `If-Match`; audited as \
        `appointment.updated`.",
    params(("id" = uuid::Uuid, Path, description = "Appointment id")),
    request_body = AppointmentUpdate, responses((status = 200, description = "Updated", body = Appointment)))]
pub async fn update_appointment(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<AppointmentUpdate>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let patch = body.value;
    ctx.change(move |tx, principal| appointments::update_appointment(tx, principal, id, expected, patch)).await
}

#[utoipa::path(post, path = "/api/v1/appointments/{id}/end", operation_id = "end_appointment", tag = "registry",
    summary = "Record the end of an appointment",
    description = "Ends an appointment on the day given (an election, a resignation, a retirement). When it is the \
        holder of a policing body, the deputy PCCs appointed to serve it end the same day (R-DL-06), each audited \
        on its own. Needs `If-Match`; audited as `appointment.ended`.",
    params(("id" = uuid::Uuid, Path, description = "Appointment id")),
    request_body = EndRequest, responses((status = 200, description = "Ended", body = Appointment)))]
pub async fn end_appointment(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<EndRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let ends_on = body.value.ends_on;
    ctx.change(move |tx, principal| appointments::end_appointment(tx, principal, id, expected, ends_on)).await
}
