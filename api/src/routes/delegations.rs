//! `/api/v1/functions`, `/api/v1/schemes`, `/api/v1/delegations`: the functions catalogue, schemes of
//! delegation and consent, and delegations and consents with their revocation. R-DL-01 to R-DL-04
//! are decided in `domain::delegations`; this module loads the facts they need.

use std::collections::HashMap;

use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use domain::access::{list_scope, Action, Resource, ResourceKind};
use domain::delegations::{
    check_delegate, check_reserved, check_source, check_sub_delegation, check_terms, join_codes, split_words,
    CatalogueEntry, Citation, DelegateKind, DelegationKind, Grantor, Holding, Reservation, SchemeFacts, Terms,
};
use domain::registry::{split_roles, CorporationSoleKind, OrganisationKind, StatutoryRole};
use domain::rules::check_text;
use domain::{Period, RuleViolation};
use openapi::delegations::{
    CatalogueFunction, CatalogueFunctionList, Delegation, DelegationList, DelegationRevocation, NewCatalogueFunction,
    NewDelegation, NewScheme, PartyRef, Scheme, SchemeList,
};
use persistence::delegations::{
    self as store, delegation_store, function_store, scheme_store, DelegationFilter, DelegationRow, FunctionFilter,
    FunctionRow, SchemeFilter, SchemeRow,
};
use persistence::registry::{self as registry, corporation_sole_store, organisation_store, person_store, post_store};
use persistence::DbConnection;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{allow, refuse_if_any, save, Paging, LOCATION_PREFIX};
use crate::context::{versioned_change, RequestContext};
use crate::convert;
use crate::error::ApiError;
use crate::extract::{encode_cursor, path_id, JsonBody, QueryParams};

/// The policy's view of a scheme or delegation of a corporation sole: public, kept by the
/// organisations serving that corporation sole.
pub fn resource_of(
    conn: &mut DbConnection,
    kind: ResourceKind,
    corporation_sole_id: &str,
) -> Result<Resource, ApiError> {
    let parties = registry::organisations_serving(conn, corporation_sole_id)?
        .iter()
        .map(|id| convert::uuid(id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Resource::public(kind).with_parties(parties))
}

// ---------------------------------------------------------------------------------------------
// Functions catalogue

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FunctionQuery {
    pub reservation: Option<Reservation>,
    /// Case-insensitive text in the code or name.
    pub q: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/functions", operation_id = "list_functions", tag = "delegations",
    params(FunctionQuery), responses((status = 200, description = "A page of the functions catalogue", body = CatalogueFunctionList)))]
pub async fn list_functions(ctx: RequestContext, query: QueryParams<FunctionQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter = FunctionFilter { reservation: query.reservation.map(|r| r.as_str().to_string()), q: query.q };
    let list = ctx
        .read(move |conn, principal| {
            list_scope(principal, ResourceKind::Function)?;
            let page = store::list_functions(conn, &filter, &page)?;
            Ok(CatalogueFunctionList {
                items: page.items.into_iter().map(convert::catalogue_function).collect::<Result<_, _>>()?,
                next_cursor: encode_cursor(page.next_cursor),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/functions/{id}", operation_id = "get_function", tag = "delegations",
    params(("id" = uuid::Uuid, Path, description = "Function id")),
    responses((status = 200, description = "The function", body = CatalogueFunction)))]
pub async fn get_function(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let found = ctx
        .read(move |conn, principal| {
            let row = function_store::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            allow(principal, Action::Read, &Resource::public(ResourceKind::Function))?;
            convert::catalogue_function(row)
        })
        .await?;
    ctx.resource(&found, found.version)
}

/// A function code: lowercase words joined by underscores, at most 80 characters.
fn check_code(code: &str) -> Vec<RuleViolation> {
    let ok = !code.is_empty()
        && code.len() <= 80
        && code.split('_').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if ok {
        Vec::new()
    } else {
        vec![RuleViolation::new(
            "invalid_code",
            "/code",
            "a code is lowercase words joined by underscores, at most 80 characters",
        )]
    }
}

#[utoipa::path(post, path = "/api/v1/functions", operation_id = "create_function", tag = "delegations",
    request_body = NewCatalogueFunction, responses((status = 201, description = "Added to the catalogue", body = CatalogueFunction)))]
pub async fn create_function(
    ctx: RequestContext,
    body: JsonBody<NewCatalogueFunction>,
) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        allow(principal, Action::Create, &Resource::public(ResourceKind::Function))?;
        refuse_if_any([
            check_code(&new.code),
            check_text(&new.name, "/name", 300),
            domain::delegations::check_reservation_source(
                new.reservation != Reservation::None,
                new.reservation_source.as_deref(),
            ),
        ])?;
        let now = persistence::audit::now();
        let row = FunctionRow {
            id: uuid::Uuid::now_v7().to_string(),
            code: new.code,
            name: new.name,
            reservation: new.reservation.as_str().to_string(),
            reservation_source: new.reservation_source,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        function_store::insert(tx, &row)?;
        let location = format!("{LOCATION_PREFIX}/functions/{}", row.id);
        versioned_change(
            "create",
            ResourceKind::Function,
            &row.id.clone(),
            row.version,
            &convert::catalogue_function(row)?,
            Some(location),
        )
    })
    .await
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
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/schemes", operation_id = "list_schemes", tag = "delegations",
    params(SchemeQuery), responses((status = 200, description = "A page of schemes of delegation and consent", body = SchemeList)))]
pub async fn list_schemes(ctx: RequestContext, query: QueryParams<SchemeQuery>) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let filter =
        SchemeFilter { corporation_sole_id: query.corporation_sole.map(|c| c.to_string()), as_of: query.as_of };
    let list = ctx
        .read(move |conn, principal| {
            list_scope(principal, ResourceKind::Scheme)?;
            let page = store::list_schemes(conn, &filter, &page)?;
            Ok(SchemeList {
                items: page.items.into_iter().map(convert::scheme).collect::<Result<_, _>>()?,
                next_cursor: encode_cursor(page.next_cursor),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/schemes/{id}", operation_id = "get_scheme", tag = "delegations",
    params(("id" = uuid::Uuid, Path, description = "Scheme id")),
    responses((status = 200, description = "The scheme version", body = Scheme)))]
pub async fn get_scheme(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let found = ctx
        .read(move |conn, principal| {
            let row = scheme_store::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            allow(principal, Action::Read, &resource_of(conn, ResourceKind::Scheme, &row.corporation_sole_id)?)?;
            convert::scheme(row)
        })
        .await?;
    ctx.resource(&found, found.version)
}

/// One broken rule as a 422 problem.
fn refused(rule: &'static str, pointer: &str, message: impl Into<String>) -> ApiError {
    ApiError::Rules(vec![RuleViolation::new(rule, pointer, message)])
}

#[utoipa::path(post, path = "/api/v1/schemes", operation_id = "create_scheme", tag = "delegations",
    request_body = NewScheme, responses((status = 201, description = "Adopted (re-adopted when it supersedes a version)", body = Scheme)))]
pub async fn create_scheme(ctx: RequestContext, body: JsonBody<NewScheme>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let corporation_sole_id = new.corporation_sole_id.to_string();
        corporation_sole_store::find(tx, &corporation_sole_id)?
            .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
        allow(principal, Action::Create, &resource_of(tx, ResourceKind::Scheme, &corporation_sole_id)?)?;
        refuse_if_any([
            check_text(&new.title, "/title", 300),
            check_text(&new.scheme_version, "/scheme_version", 80),
            check_text(&new.adopted_by_reference, "/adopted_by_reference", 120),
        ])?;
        let previous = match new.supersedes_scheme_id {
            None if !new.carry_over.is_empty() => {
                return Err(refused("scheme.carry_over", "/carry_over", "carry-over needs supersedes_scheme_id"))
            }
            None => None,
            Some(previous_id) => {
                let previous = scheme_store::find(tx, &previous_id.to_string())?
                    .ok_or_else(|| ApiError::unknown_reference("/supersedes_scheme_id", "scheme"))?;
                if previous.corporation_sole_id != corporation_sole_id {
                    return Err(refused(
                        "scheme.supersedes",
                        "/supersedes_scheme_id",
                        "the superseded scheme belongs to another corporation sole",
                    ));
                }
                if let Some(on) = previous.superseded_on {
                    return Err(ApiError::Conflict(format!("that scheme version was already superseded on {on}")));
                }
                if new.adopted_on <= previous.adopted_on {
                    return Err(refused(
                        "scheme.supersedes",
                        "/adopted_on",
                        format!(
                            "a re-adoption comes after the version it replaces (adopted on {})",
                            previous.adopted_on
                        ),
                    ));
                }
                Some(previous)
            }
        };
        let now = persistence::audit::now();
        let row = SchemeRow {
            id: uuid::Uuid::now_v7().to_string(),
            corporation_sole_id,
            kind: new.kind.as_str().to_string(),
            title: new.title,
            scheme_version: new.scheme_version,
            adopted_on: new.adopted_on,
            adopted_by_reference: new.adopted_by_reference,
            document_uri: new.document_uri,
            document_digest: new.document_digest,
            supersedes_scheme_id: new.supersedes_scheme_id.map(|s| s.to_string()),
            superseded_on: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        scheme_store::insert(tx, &row)?;
        if let Some(mut previous) = previous {
            readopt(tx, &mut previous, &row, &new.carry_over)?;
        }
        let location = format!("{LOCATION_PREFIX}/schemes/{}", row.id);
        versioned_change(
            "create",
            ResourceKind::Scheme,
            &row.id.clone(),
            row.version,
            &convert::scheme(row)?,
            Some(location),
        )
    })
    .await
}

/// Re-adoption: the previous version is superseded from the new one's adoption day; its delegations
/// still in effect then lose effect that day, except those carried over to the new version.
fn readopt(
    tx: &mut DbConnection,
    previous: &mut SchemeRow,
    new: &SchemeRow,
    carry_over: &[uuid::Uuid],
) -> Result<(), ApiError> {
    let standing = store::delegations_under_scheme(tx, &previous.id, new.adopted_on)?;
    let carried: Vec<String> = carry_over.iter().map(|id| id.to_string()).collect();
    for (index, id) in carried.iter().enumerate() {
        if !standing.iter().any(|d| &d.id == id) {
            return Err(refused(
                "scheme.carry_over",
                &format!("/carry_over/{index}"),
                "not a delegation of the superseded version in effect on adopted_on",
            ));
        }
    }
    let expected = previous.version;
    previous.superseded_on = Some(new.adopted_on);
    save(tx, previous, expected, scheme_store::update_versioned)?;
    for mut delegation in standing {
        let expected = delegation.version;
        if carried.contains(&delegation.id) {
            delegation.scheme_id = Some(new.id.clone());
        } else {
            delegation.revoked_on = Some(new.adopted_on);
            delegation.revocation_reason = Some(format!(
                "scheme re-adopted: {} {} adopted on {} by {}, not carried over",
                new.title, new.scheme_version, new.adopted_on, new.adopted_by_reference
            ));
            delegation.revoked_by_scheme_id = Some(new.id.clone());
        }
        save(tx, &mut delegation, expected, delegation_store::update_versioned)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Delegations and consents

/// What the delegate is or holds on `day` (for R-DL-01 and R-DL-02). Unknown references are 422.
pub fn holdings(conn: &mut DbConnection, delegate: &PartyRef, day: NaiveDate) -> Result<Vec<Holding>, ApiError> {
    let id = delegate.id.to_string();
    match delegate.kind {
        DelegateKind::CorporationSole => {
            let office = corporation_sole_store::find(conn, &id)?
                .ok_or_else(|| ApiError::unknown_reference("/delegate/id", "corporation sole"))?;
            Ok(vec![office_holding(office)?])
        }
        DelegateKind::Post => {
            let post =
                post_store::find(conn, &id)?.ok_or_else(|| ApiError::unknown_reference("/delegate/id", "post"))?;
            Ok(vec![post_holding(conn, post)?])
        }
        DelegateKind::Person => {
            person_store::find(conn, &id)?.ok_or_else(|| ApiError::unknown_reference("/delegate/id", "person"))?;
            let mut held = Vec::new();
            for appointment in registry::appointments_of_person_on(conn, &id, day)? {
                if let Some(post) = appointment.post_id.as_deref() {
                    let post = post_store::find(conn, post)?
                        .ok_or_else(|| ApiError::Internal("appointment to a missing post".into()))?;
                    held.push(post_holding(conn, post)?);
                } else if let Some(cs) = appointment.corporation_sole_id.as_deref() {
                    let office = corporation_sole_store::find(conn, cs)?
                        .ok_or_else(|| ApiError::Internal("appointment to a missing corporation sole".into()))?;
                    held.push(office_holding(office)?);
                }
            }
            Ok(held)
        }
        // A board is neither a constable nor staff: it must exist, and holds nothing itself.
        DelegateKind::Board => {
            persistence::boards::board_store::find(conn, &id)?
                .ok_or_else(|| ApiError::unknown_reference("/delegate/id", "board"))?;
            Ok(Vec::new())
        }
    }
}

fn corporation_sole_kind(text: &str) -> Result<CorporationSoleKind, ApiError> {
    CorporationSoleKind::parse(text).ok_or_else(|| ApiError::Internal(format!("stored kind {text:?} is not known")))
}

fn office_holding(office: persistence::registry::CorporationSoleRow) -> Result<Holding, ApiError> {
    Ok(Holding {
        corporation_sole_id: Some(convert::uuid(&office.id)?),
        corporation_sole_kind: Some(corporation_sole_kind(&office.kind)?),
        office: true,
        organisation_kind: None,
        deputy_pcc: false,
        label: office.name,
    })
}

fn post_holding(conn: &mut DbConnection, post: persistence::registry::PostRow) -> Result<Holding, ApiError> {
    let organisation = organisation_store::find(conn, &post.organisation_id)?
        .ok_or_else(|| ApiError::Internal("post of a missing organisation".into()))?;
    let served = match organisation.corporation_sole_id.as_deref() {
        Some(cs) => corporation_sole_store::find(conn, cs)?,
        None => None,
    };
    Ok(Holding {
        corporation_sole_id: served.as_ref().map(|cs| convert::uuid(&cs.id)).transpose()?,
        corporation_sole_kind: served.as_ref().map(|cs| corporation_sole_kind(&cs.kind)).transpose()?,
        office: false,
        organisation_kind: OrganisationKind::parse(&organisation.kind),
        deputy_pcc: split_roles(&post.statutory_roles).contains(&StatutoryRole::DeputyPcc),
        label: format!("{} ({})", post.title, organisation.name),
    })
}

/// The terms of a stored delegation, for R-DL-04 against its sub-delegations.
pub fn stored_terms(row: &DelegationRow) -> Result<Terms, ApiError> {
    Ok(Terms {
        kind: DelegationKind::parse(&row.kind)
            .ok_or_else(|| ApiError::Internal(format!("stored kind {:?}", row.kind)))?,
        functions: split_words(&row.functions),
        limit_per_act: row.limit_per_act_pence,
        limit_total: row.limit_total_pence,
        period: Period::new(row.valid_from, row.valid_to),
        sub_delegation_allowed: row.sub_delegation_allowed,
        revoked_on: row.revoked_on,
    })
}

/// Loads the catalogue entries a delegation names; an unknown code is a 422 naming it.
fn catalogue_entries(conn: &mut DbConnection, codes: &[String]) -> Result<Vec<CatalogueEntry>, ApiError> {
    let mut entries = Vec::with_capacity(codes.len());
    for (index, code) in codes.iter().enumerate() {
        let row = store::find_function_by_code(conn, code)?
            .ok_or_else(|| ApiError::unknown_reference(&format!("/functions/{index}"), "function in the catalogue"))?;
        entries.push(CatalogueEntry {
            code: row.code,
            reservation: Reservation::parse(&row.reservation)
                .ok_or_else(|| ApiError::Internal(format!("stored reservation {:?}", row.reservation)))?,
            reservation_source: row.reservation_source,
        });
    }
    Ok(entries)
}

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
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/delegations", operation_id = "list_delegations", tag = "delegations",
    params(DelegationQuery), responses((status = 200, description = "A page of delegations and consents", body = DelegationList)))]
pub async fn list_delegations(
    ctx: RequestContext,
    query: QueryParams<DelegationQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.0;
    let page = Paging { limit: query.limit, cursor: query.cursor }.request()?;
    let delegate = match (query.delegate_kind, query.delegate) {
        (Some(kind), Some(id)) => Some((kind.as_str().to_string(), id.to_string())),
        (None, None) => None,
        _ => {
            return Err(ApiError::invalid_field(
                "/query/delegate",
                "required",
                "give delegate_kind and delegate together",
            ))
        }
    };
    let filter = DelegationFilter {
        corporation_sole_id: query.corporation_sole.map(|c| c.to_string()),
        delegate,
        parent_delegation_id: query.parent.map(|p| p.to_string()),
        scheme_id: query.scheme.map(|s| s.to_string()),
        function: query.function,
        in_force_on: query.in_force_on,
    };
    let list = ctx
        .read(move |conn, principal| {
            list_scope(principal, ResourceKind::Delegation)?;
            let page = store::list_delegations(conn, &filter, &page)?;
            Ok(DelegationList {
                items: page.items.into_iter().map(convert::delegation).collect::<Result<_, _>>()?,
                next_cursor: encode_cursor(page.next_cursor),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(get, path = "/api/v1/delegations/{id}", operation_id = "get_delegation", tag = "delegations",
    params(("id" = uuid::Uuid, Path, description = "Delegation id")),
    responses((status = 200, description = "The delegation or consent", body = Delegation)))]
pub async fn get_delegation(ctx: RequestContext, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let found = ctx
        .read(move |conn, principal| {
            let row = delegation_store::find(conn, &id)?.ok_or(ApiError::NotFound)?;
            allow(principal, Action::Read, &resource_of(conn, ResourceKind::Delegation, &row.corporation_sole_id)?)?;
            convert::delegation(row)
        })
        .await?;
    ctx.resource(&found, found.version)
}

/// Checks a proposed delegation against R-DL-01 to R-DL-04 and builds its row; nothing is written.
pub fn prepare_delegation(conn: &mut DbConnection, new: NewDelegation) -> Result<DelegationRow, ApiError> {
    let corporation_sole_id = new.corporation_sole_id.to_string();
    let grantor_row = corporation_sole_store::find(conn, &corporation_sole_id)?
        .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
    let grantor = Grantor { id: new.corporation_sole_id, kind: corporation_sole_kind(&grantor_row.kind)? };
    let mut codes: Vec<String> = Vec::new();
    for code in &new.functions {
        if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    let entries = catalogue_entries(conn, &codes)?;
    for (index, target) in new.refer_to.iter().enumerate() {
        corporation_sole_store::find(conn, &target.to_string())?
            .ok_or_else(|| ApiError::unknown_reference(&format!("/refer_to/{index}"), "corporation sole"))?;
    }
    let scheme = match new.source.scheme_id {
        Some(scheme_id) => Some(
            scheme_store::find(conn, &scheme_id.to_string())?
                .ok_or_else(|| ApiError::unknown_reference("/source/scheme_id", "scheme"))?,
        ),
        None => None,
    };
    let citation = Citation {
        scheme: scheme
            .as_ref()
            .map(|s| {
                Ok::<_, ApiError>(SchemeFacts {
                    corporation_sole_id: convert::uuid(&s.corporation_sole_id)?,
                    adopted_on: s.adopted_on,
                    superseded_on: s.superseded_on,
                })
            })
            .transpose()?,
        reference: new.source.reference.clone(),
        paragraph: new.source.paragraph.clone(),
    };
    let parent = match new.parent_delegation_id {
        Some(parent_id) => Some(
            delegation_store::find(conn, &parent_id.to_string())?
                .ok_or_else(|| ApiError::unknown_reference("/parent_delegation_id", "delegation"))?,
        ),
        None => None,
    };
    let terms = Terms {
        kind: new.kind,
        functions: codes.clone(),
        limit_per_act: new.limit_per_act_pence,
        limit_total: new.limit_total_pence,
        period: Period::new(new.valid_from, new.valid_to),
        sub_delegation_allowed: new.sub_delegation_allowed,
        revoked_on: None,
    };
    let delegate = holdings(conn, &new.delegate, new.valid_from)?;
    let mut violations = check_terms(&terms);
    violations.extend(check_source(&grantor, &citation, new.valid_from));
    violations.extend(check_reserved(&grantor, &entries, &delegate, parent.is_some()));
    violations.extend(check_delegate(&grantor, new.kind, &delegate));
    if let Some(parent) = &parent {
        violations.extend(domain::delegations::check_same_grantor(&parent.corporation_sole_id, &corporation_sole_id));
        violations.extend(check_sub_delegation(&stored_terms(parent)?, &terms));
    }
    for (pointer, text) in [("/source/reference", &new.source.reference), ("/source/paragraph", &new.source.paragraph)]
    {
        // Blank citations are R-DL-03's business; here only their length.
        if let Some(text) = text.as_deref().filter(|t| !t.trim().is_empty()) {
            violations.extend(check_text(text, pointer, 120));
        }
    }
    ApiError::check(violations)?;
    let now = persistence::audit::now();
    Ok(DelegationRow {
        id: uuid::Uuid::now_v7().to_string(),
        kind: new.kind.as_str().to_string(),
        corporation_sole_id,
        parent_delegation_id: parent.map(|p| p.id),
        delegate_kind: new.delegate.kind.as_str().to_string(),
        delegate_id: new.delegate.id.to_string(),
        functions: codes.join(","),
        limit_per_act_pence: new.limit_per_act_pence,
        limit_total_pence: new.limit_total_pence,
        referral_conditions: join_codes(&new.referral_conditions, |c| c.as_str()),
        refer_to: new.refer_to.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(","),
        valid_from: new.valid_from,
        valid_to: new.valid_to,
        source_scheme_id: scheme.as_ref().map(|s| s.id.clone()),
        scheme_id: scheme.map(|s| s.id),
        source_reference: new.source.reference,
        source_paragraph: new.source.paragraph,
        sub_delegation_allowed: new.sub_delegation_allowed,
        illustrative: new.illustrative,
        revoked_on: None,
        revocation_reason: None,
        revoked_by_scheme_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    })
}

#[utoipa::path(post, path = "/api/v1/delegations", operation_id = "create_delegation", tag = "delegations",
    request_body = NewDelegation, responses((status = 201, description = "Made (R-DL-01 to R-DL-04 hold)", body = Delegation)))]
pub async fn create_delegation(ctx: RequestContext, body: JsonBody<NewDelegation>) -> Result<HttpResponse, ApiError> {
    let new = body.value;
    ctx.create(&body.digest, move |tx, principal| {
        let corporation_sole_id = new.corporation_sole_id.to_string();
        corporation_sole_store::find(tx, &corporation_sole_id)?
            .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
        allow(principal, Action::Create, &resource_of(tx, ResourceKind::Delegation, &corporation_sole_id)?)?;
        let row = prepare_delegation(tx, new)?;
        delegation_store::insert(tx, &row)?;
        let location = format!("{LOCATION_PREFIX}/delegations/{}", row.id);
        versioned_change(
            "create",
            ResourceKind::Delegation,
            &row.id.clone(),
            row.version,
            &convert::delegation(row)?,
            Some(location),
        )
    })
    .await
}

#[utoipa::path(post, path = "/api/v1/delegations/{id}/revocation", operation_id = "revoke_delegation", tag = "delegations",
    params(("id" = uuid::Uuid, Path, description = "Delegation id")),
    request_body = DelegationRevocation, responses((status = 200, description = "Revoked from effective_on; history keeps it", body = Delegation)))]
pub async fn revoke_delegation(
    ctx: RequestContext,
    id: web::Path<String>,
    body: JsonBody<DelegationRevocation>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id)?.to_string();
    let expected = ctx.expected_version()?;
    let revocation = body.value;
    ctx.change(move |tx, principal| {
        let mut row = delegation_store::find(tx, &id)?.ok_or(ApiError::NotFound)?;
        allow(principal, Action::End, &resource_of(tx, ResourceKind::Delegation, &row.corporation_sole_id)?)?;
        super::check_version(&row, expected)?;
        if let Some(on) = row.revoked_on {
            return Err(ApiError::Conflict(format!("the delegation already has no effect from {on}")));
        }
        let mut violations = check_text(&revocation.reason, "/reason", 500);
        if revocation.effective_on < row.valid_from {
            violations.push(RuleViolation::new(
                "revocation.date",
                "/effective_on",
                format!("the delegation starts on {}; revoke it from then or later", row.valid_from),
            ));
        }
        ApiError::check(violations)?;
        row.revoked_on = Some(revocation.effective_on);
        row.revocation_reason = Some(revocation.reason);
        save(tx, &mut row, expected, delegation_store::update_versioned)?;
        versioned_change(
            "revoke",
            ResourceKind::Delegation,
            &row.id.clone(),
            row.version,
            &convert::delegation(row)?,
            None,
        )
    })
    .await
}

/// How a delegation's source reads in answers: `PCC/D/2017/05 para 4`, or `<scheme> <version> para 3.2`.
pub fn citation_text(row: &DelegationRow, schemes: &HashMap<String, SchemeRow>) -> String {
    let instrument = match row.source_scheme_id.as_ref().and_then(|id| schemes.get(id)) {
        Some(scheme) => format!("{} {}", scheme.title, scheme.scheme_version),
        None => row.source_reference.clone().unwrap_or_else(|| "an uncited instrument".into()),
    };
    match row.source_paragraph.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(paragraph) => format!("{instrument} para {paragraph}"),
        None => instrument,
    }
}
