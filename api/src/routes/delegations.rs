//! `/api/v1/functions`, `/api/v1/schemes`, `/api/v1/delegations`: the functions catalogue, schemes of
//! delegation and consent, and delegations and consents with their revocation. R-DL-01 to R-DL-04
//! are decided in `domain::delegations`; this module loads the facts they need.

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::delegations::{DelegateKind, Reservation};
use openapi::delegations::{
    CatalogueFunction, CatalogueFunctionList, Delegation, DelegationList, DelegationRevocation, NewCatalogueFunction,
    NewDelegation, NewScheme, Scheme, SchemeList,
};
use persistence::delegations::{DelegationFilter, FunctionFilter, SchemeFilter};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::context::RequestContext;
use crate::error::ApiError;
use crate::extract::{path_id, JsonBody, KnownAtQuery, Paging, QueryParams};
use crate::service::delegations;
use crate::service::history::KeptKind;

// ---------------------------------------------------------------------------------------------
// Functions catalogue

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FunctionQuery {
    pub reservation: Option<Reservation>,
    /// Case-insensitive text in the code or name.
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/functions", operation_id = "list_functions", tag = "delegations",
    summary = "List the functions that can be delegated",
    description = "The catalogue of functions of a corporation sole (e.g. approving a collaboration agreement, \
        spending approved investment), each marked as reserved to the office holder, to the holder or deputy, or \
        not reserved (R-DL-01). Public.",
    params(FunctionQuery), responses((status = 200, description = "A page of the functions catalogue", body = CatalogueFunctionList)))]
pub async fn list_functions(ctx: RequestContext, query: QueryParams<FunctionQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = FunctionFilter { reservation: query.reservation.map(|r| r.as_str().to_string()), q: query.q };
    let list = ctx.read(move |conn, principal| delegations::list_functions(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/functions/{id}", operation_id = "get_function", tag = "delegations",
    summary = "Read one catalogue function",
    description = "One function of the catalogue with its reservation and the source of it. Public.",
    params(("id" = uuid::Uuid, Path, description = "Function id")),
    responses((status = 200, description = "The function", body = CatalogueFunction)))]
pub async fn get_function(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| delegations::get_function(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/functions", operation_id = "create_function", tag = "delegations",
    summary = "Add a function to the catalogue",
    description = "Adds a function that delegations and authority checks can name, with a code of lowercase words \
        joined by underscores. A reserved function must cite the source of its reservation (refused R-DL-01). \
        Audited as `function.created`.",
    request_body = NewCatalogueFunction, responses((status = 201, description = "Added to the catalogue", body = CatalogueFunction)))]
pub async fn create_function(
    ctx: RequestContext,
    body: JsonBody<NewCatalogueFunction>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| delegations::create_function(tx, principal, new)).await
}

// ---------------------------------------------------------------------------------------------
// Schemes

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SchemeQuery {
    /// Corporation sole id.
    pub corporation_sole: Option<uuid::Uuid>,
    /// Only versions in force on this day (YYYY-MM-DD).
    pub as_of: Option<NaiveDate>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/schemes", operation_id = "list_schemes", tag = "delegations",
    summary = "List schemes of delegation and consent",
    description = "The adopted versions of each corporation sole's scheme of delegation and consent, with their \
        adoption and supersession dates. Public.",
    params(SchemeQuery), responses((status = 200, description = "A page of schemes of delegation and consent", body = SchemeList)))]
pub async fn list_schemes(ctx: RequestContext, query: QueryParams<SchemeQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = SchemeFilter { corporation_sole_id: query.corporation_sole.map(Into::into), as_of: query.as_of };
    let list = ctx.read(move |conn, principal| delegations::list_schemes(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/schemes/{id}", operation_id = "get_scheme", tag = "delegations",
    summary = "Read one scheme version",
    description = "One version of a scheme of delegation and consent: its corporation sole, title, version, \
        adoption reference and dates. Public.",
    params(("id" = uuid::Uuid, Path, description = "Scheme id")),
    responses((status = 200, description = "The scheme version", body = Scheme)))]
pub async fn get_scheme(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let found = ctx.read(move |conn, principal| delegations::get_scheme(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/schemes", operation_id = "create_scheme", tag = "delegations",
    summary = "Adopt a scheme of delegation, or a new version of one",
    description = "Records a scheme version adopted by a corporation sole, citing the decision that adopted it. \
        When it supersedes an earlier version (later adoption date, same corporation sole, refused \
        `scheme.supersedes` otherwise; 409 if already superseded), the delegations under the old version stop \
        having effect on the adoption day unless listed in `carry_over`, which moves them to the new version \
        (R-DL-03). Audited as `scheme.created`.",
    request_body = NewScheme, responses((status = 201, description = "Adopted (re-adopted when it supersedes a version)", body = Scheme)))]
pub async fn create_scheme(ctx: RequestContext, body: JsonBody<NewScheme>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| delegations::create_scheme(tx, principal, new)).await
}

// ---------------------------------------------------------------------------------------------
// Delegations and consents

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DelegationQuery {
    /// Corporation sole id whose functions are delegated.
    pub corporation_sole: Option<uuid::Uuid>,
    /// With `delegate`: the kind of delegate.
    pub delegate_kind: Option<DelegateKind>,
    /// With `delegate_kind`: the delegate's id.
    pub delegate: Option<uuid::Uuid>,
    /// Sub-delegations of this delegation.
    pub parent: Option<uuid::Uuid>,
    /// Delegations standing under this scheme version.
    pub scheme: Option<uuid::Uuid>,
    /// Function code.
    pub function: Option<String>,
    /// Only those with effect on this day (YYYY-MM-DD): within their dates and not revoked.
    pub in_force_on: Option<NaiveDate>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// The delegate a list is filtered to: its kind and id together, or neither.
fn delegate_filter(kind: Option<DelegateKind>, id: Option<uuid::Uuid>) -> Result<Option<(String, String)>, ApiError> {
    match (kind, id) {
        (Some(kind), Some(id)) => Ok(Some((kind.as_str().to_string(), id.to_string()))),
        (None, None) => Ok(None),
        _ => Err(ApiError::Rules(vec![domain::RuleViolation::new(
            "required",
            "/query/delegate",
            "give delegate_kind and delegate together",
        )])),
    }
}

#[utoipa::path(get, path = "/api/v1/delegations", operation_id = "list_delegations", tag = "delegations",
    summary = "List delegations and consents",
    description = "Delegations and consents by corporation sole, delegate, parent, scheme, function or the day they \
        had effect (`in_force_on`). Public: who may act for an office is not secret.",
    params(DelegationQuery), responses(
        (status = 200, description = "A page of delegations and consents", body = DelegationList),
        (status = 422, description = "`delegate_kind` and `delegate` are given one without the other (`required`)", body = openapi::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_delegations(
    ctx: RequestContext,
    query: QueryParams<DelegationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = DelegationFilter {
        corporation_sole_id: query.corporation_sole.map(Into::into),
        delegate: delegate_filter(query.delegate_kind, query.delegate)?,
        parent_delegation_id: query.parent.map(Into::into),
        scheme_id: query.scheme.map(Into::into),
        function: query.function,
        in_force_on: query.in_force_on,
    };
    let list = ctx.read(move |conn, principal| delegations::list_delegations(conn, principal, page, filter)).await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/delegations/{id}", operation_id = "get_delegation", tag = "delegations",
    summary = "Read one delegation or consent",
    description = "One delegation or consent with its functions, limits, conditions, dates, source instrument and, \
        if revoked or lapsed, when and why. Public. With `known_at`, the record as the service held it at that instant (R-TM-06), from the state kept with each audited change; 422 `known_at.not_kept` for an instant before its kept history, 404 if it was not yet recorded then.",
    params(("id" = uuid::Uuid, Path, description = "Delegation id"), KnownAtQuery),
    responses((status = 200, description = "The delegation or consent", body = Delegation)))]
pub async fn get_delegation(
    ctx: RequestContext,
    id: web::Path<String>,
    query: QueryParams<KnownAtQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    if let Some(at) = query.0.known_at {
        return ctx.known_at(KeptKind::Delegation, id, at).await;
    }
    let found = ctx.read(move |conn, principal| delegations::get_delegation(conn, principal, id)).await?;
    ctx.resource(&found, found.version)
}

#[utoipa::path(post, path = "/api/v1/delegations", operation_id = "create_delegation", tag = "delegations",
    summary = "Record a delegation or consent",
    description = "Records that a corporation sole lets a delegate (a person, post, office or board) exercise \
        functions within limits and dates. Refused R-DL-01 for reserved functions, R-DL-02 when a PCC delegates to \
        a constable, another policing body or their staff (a consent is used for the chief constable), R-DL-03 \
        without a source instrument in force on the start date, and R-DL-04 when a sub-delegation exceeds its \
        parent. Audited as `delegation.created`.",
    request_body = NewDelegation, responses((status = 201, description = "Made (R-DL-01 to R-DL-04 hold)", body = Delegation)))]
pub async fn create_delegation(ctx: RequestContext, body: JsonBody<NewDelegation>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| delegations::create_delegation(tx, principal, new)).await
}

#[utoipa::path(post, path = "/api/v1/delegations/{id}/revocation", operation_id = "revoke_delegation", tag = "delegations",
    summary = "Revoke a delegation or consent",
    description = "Ends a delegation or consent from the date given, with a reason; its history stays and authority \
        checks for later dates no longer rely on it. Refused (`revocation.date`) before its start; 409 if it \
        already has no effect. Needs `If-Match`; audited as `delegation.revoked`.",
    params(("id" = uuid::Uuid, Path, description = "Delegation id")),
    request_body = DelegationRevocation, responses((status = 200, description = "Revoked from effective_on; history keeps it", body = Delegation)))]
pub async fn revoke_delegation(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<DelegationRevocation>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?;
    let expected = ctx.expected_version()?;
    let revocation = body.value;
    ctx.change(move |tx, principal| delegations::revoke_delegation(tx, principal, id, expected, revocation)).await
}
