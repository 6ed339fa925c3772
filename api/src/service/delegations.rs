//! Schemes of delegation and consent, and delegations: the checks that turn a new delegation into a
//! stored row (shared by the handler, the demo loader and the bench loader), office and post holdings
//! on a date, and citations.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::access::{list_scope, Action, Principal, Resource, ResourceKind};
use domain::delegations::{
    check_delegate, check_reserved, check_source, check_sub_delegation, check_terms, join_codes, split_words,
    CatalogueEntry, Citation, DelegateKind, Grantor, Holding, Reservation, SchemeFacts, Terms,
};
use domain::registry::{split_roles, StatutoryRole};
use domain::rules::check_text;
use domain::{Period, RuleViolation};
use openapi::delegations::{
    CatalogueFunction, CatalogueFunctionList, Delegation, DelegationList, DelegationRevocation, NewCatalogueFunction,
    NewDelegation, NewScheme, PartyRef, Scheme, SchemeList,
};
use persistence::delegations::{
    self as store, delegation_store, function_store, scheme_store, DelegationFilter, DelegationId, DelegationRow,
    FunctionFilter, FunctionId, FunctionRow, SchemeFilter, SchemeId, SchemeRow,
};
use persistence::ids::CorporationSoleId;
use persistence::registry::{
    self as registry, corporation_sole_store, organisation_store, person_store, post_store, PageRequest,
};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::{allow, allow_act, refuse_if_any, save, LOCATION_PREFIX};

/// The policy's view of a scheme or delegation of a corporation sole: public, kept by the
/// organisations serving that corporation sole.
pub fn resource_of(
    conn: &mut DbConnection,
    kind: ResourceKind,
    corporation_sole_id: CorporationSoleId,
) -> Result<Resource, ApiError> {
    let parties =
        registry::organisations_serving(conn, corporation_sole_id)?.iter().map(|id| id.uuid()).collect::<Vec<_>>();
    Ok(Resource::public(kind).with_parties(parties))
}

/// A function code: lowercase words joined by underscores, at most 80 characters.
pub fn check_code(code: &str) -> Vec<RuleViolation> {
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

/// One broken rule as a 422 problem.
pub fn refused(rule: &'static str, pointer: &str, message: impl Into<String>) -> ApiError {
    ApiError::Rules(vec![RuleViolation::new(rule, pointer, message)])
}

/// Re-adoption: the previous version is superseded from the new one's adoption day; its delegations
/// still in effect then lose effect that day, except those carried over to the new version.
pub fn readopt(
    tx: &mut DbConnection,
    previous: &mut SchemeRow,
    new: &SchemeRow,
    carry_over: &[uuid::Uuid],
) -> Result<(), ApiError> {
    let standing = store::delegations_under_scheme(tx, previous.id, new.adopted_on)?;
    let carried: Vec<DelegationId> = carry_over.iter().map(|&id| id.into()).collect();
    for (index, id) in carried.iter().enumerate() {
        if !standing.iter().any(|d| d.id == *id) {
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
            delegation.scheme_id = Some(new.id);
        } else {
            delegation.revoked_on = Some(new.adopted_on);
            delegation.revocation_reason = Some(format!(
                "scheme re-adopted: {} {} adopted on {} by {}, not carried over",
                new.title, new.scheme_version, new.adopted_on, new.adopted_by_reference
            ));
            delegation.revoked_by_scheme_id = Some(new.id);
        }
        save(tx, &mut delegation, expected, delegation_store::update_versioned)?;
    }
    Ok(())
}

/// What the delegate is or holds on `day` (for R-DL-01 and R-DL-02). Unknown references are 422.
pub fn holdings(conn: &mut DbConnection, delegate: &PartyRef, day: NaiveDate) -> Result<Vec<Holding>, ApiError> {
    match delegate.kind {
        DelegateKind::CorporationSole => {
            let office = corporation_sole_store::find(conn, delegate.id.into())?
                .ok_or_else(|| ApiError::unknown_reference("/delegate/id", "corporation sole"))?;
            Ok(vec![office_holding(office)?])
        }
        DelegateKind::Post => {
            let post = post_store::find(conn, delegate.id.into())?
                .ok_or_else(|| ApiError::unknown_reference("/delegate/id", "post"))?;
            Ok(vec![post_holding(conn, post)?])
        }
        DelegateKind::Person => {
            person_store::find(conn, delegate.id.into())?
                .ok_or_else(|| ApiError::unknown_reference("/delegate/id", "person"))?;
            let mut held = Vec::new();
            for appointment in registry::appointments_of_person_on(conn, delegate.id.into(), day)? {
                if let Some(post) = appointment.post_id {
                    let post = post_store::find(conn, post)?
                        .ok_or_else(|| ApiError::Internal("appointment to a missing post".into()))?;
                    held.push(post_holding(conn, post)?);
                } else if let Some(cs) = appointment.corporation_sole_id {
                    let office = corporation_sole_store::find(conn, cs)?
                        .ok_or_else(|| ApiError::Internal("appointment to a missing corporation sole".into()))?;
                    held.push(office_holding(office)?);
                }
            }
            Ok(held)
        }
        // A board is neither a constable nor staff: it must exist, and holds nothing itself.
        DelegateKind::Board => {
            persistence::boards::board_store::find(conn, delegate.id.into())?
                .ok_or_else(|| ApiError::unknown_reference("/delegate/id", "board"))?;
            Ok(Vec::new())
        }
    }
}

pub fn office_holding(office: persistence::registry::CorporationSoleRow) -> Result<Holding, ApiError> {
    Ok(Holding {
        corporation_sole_id: Some(office.id.uuid()),
        corporation_sole_kind: Some(office.kind),
        office: true,
        organisation_kind: None,
        deputy_pcc: false,
        label: office.name,
    })
}

pub fn post_holding(conn: &mut DbConnection, post: persistence::registry::PostRow) -> Result<Holding, ApiError> {
    let organisation = organisation_store::find(conn, post.organisation_id)?
        .ok_or_else(|| ApiError::Internal("post of a missing organisation".into()))?;
    let served = match organisation.corporation_sole_id {
        Some(cs) => corporation_sole_store::find(conn, cs)?,
        None => None,
    };
    Ok(Holding {
        corporation_sole_id: served.as_ref().map(|cs| cs.id.uuid()),
        corporation_sole_kind: served.as_ref().map(|cs| cs.kind),
        office: false,
        organisation_kind: Some(organisation.kind),
        deputy_pcc: split_roles(&post.statutory_roles).contains(&StatutoryRole::DeputyPcc),
        label: post_label(&post.title, &organisation.name),
    })
}

/// How a post is named as a holding or a capacity: `Chief Executive (Office of the PCC for West Mercia)`.
pub fn post_label(title: &str, organisation_name: &str) -> String {
    format!("{title} ({organisation_name})")
}

/// The terms of a stored delegation, for R-DL-04 against its sub-delegations.
pub fn stored_terms(row: &DelegationRow) -> Result<Terms, ApiError> {
    Ok(Terms {
        kind: row.kind,
        functions: split_words(&row.functions),
        limit_per_act: row.limit_per_act_pence,
        limit_total: row.limit_total_pence,
        period: Period::new(row.valid_from, row.valid_to),
        sub_delegation_allowed: row.sub_delegation_allowed,
        revoked_on: row.revoked_on,
    })
}

/// Loads the catalogue entries a delegation names; an unknown code is a 422 naming it.
pub fn catalogue_entries(conn: &mut DbConnection, codes: &[String]) -> Result<Vec<CatalogueEntry>, ApiError> {
    let mut entries = Vec::with_capacity(codes.len());
    for (index, code) in codes.iter().enumerate() {
        let row = store::find_function_by_code(conn, code)?
            .ok_or_else(|| ApiError::unknown_reference(&format!("/functions/{index}"), "function in the catalogue"))?;
        entries.push(CatalogueEntry {
            code: row.code,
            reservation: row.reservation,
            reservation_source: row.reservation_source,
        });
    }
    Ok(entries)
}

/// Checks a proposed delegation against R-DL-01 to R-DL-04 and builds its row; nothing is written.
pub fn prepare_delegation(conn: &mut DbConnection, new: NewDelegation) -> Result<DelegationRow, ApiError> {
    let corporation_sole_id = CorporationSoleId::from(new.corporation_sole_id);
    let grantor_row = corporation_sole_store::find(conn, corporation_sole_id)?
        .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
    let grantor = Grantor { id: new.corporation_sole_id, kind: grantor_row.kind };
    let mut codes: Vec<String> = Vec::new();
    for code in &new.functions {
        if !codes.contains(code) {
            codes.push(code.clone());
        }
    }
    let entries = catalogue_entries(conn, &codes)?;
    for (index, target) in new.refer_to.iter().enumerate() {
        corporation_sole_store::find(conn, (*target).into())?
            .ok_or_else(|| ApiError::unknown_reference(&format!("/refer_to/{index}"), "corporation sole"))?;
    }
    let scheme = match new.source.scheme_id {
        Some(scheme_id) => Some(
            scheme_store::find(conn, scheme_id.into())?
                .ok_or_else(|| ApiError::unknown_reference("/source/scheme_id", "scheme"))?,
        ),
        None => None,
    };
    let citation = Citation {
        scheme: scheme.as_ref().map(|s| SchemeFacts {
            corporation_sole_id: s.corporation_sole_id.uuid(),
            adopted_on: s.adopted_on,
            superseded_on: s.superseded_on,
        }),
        reference: new.source.reference.clone(),
        paragraph: new.source.paragraph.clone(),
    };
    let parent = match new.parent_delegation_id {
        Some(parent_id) => Some(
            delegation_store::find(conn, parent_id.into())?
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
    violations.extend(check_collaboration(conn, &new)?);
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
    Ok(delegation_row(DelegationId::generate(), persistence::audit::now(), &new))
}

/// A new delegation or consent as stored from its checked request (`create_delegation` and the
/// bulk loader): its functions once each, in the order given.
pub fn delegation_row(id: DelegationId, now: chrono::NaiveDateTime, new: &NewDelegation) -> DelegationRow {
    let mut codes: Vec<&str> = Vec::new();
    for code in &new.functions {
        if !codes.contains(&code.as_str()) {
            codes.push(code);
        }
    }
    let scheme = new.source.scheme_id.map(SchemeId::from);
    DelegationRow {
        id,
        kind: new.kind,
        corporation_sole_id: new.corporation_sole_id.into(),
        parent_delegation_id: new.parent_delegation_id.map(DelegationId::from),
        delegate_kind: new.delegate.kind,
        delegate_id: new.delegate.id.to_string(),
        functions: codes.join(","),
        limit_per_act_pence: new.limit_per_act_pence,
        limit_total_pence: new.limit_total_pence,
        referral_conditions: join_codes(&new.referral_conditions, |c| c.as_str()),
        refer_to: new.refer_to.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(","),
        valid_from: new.valid_from,
        valid_to: new.valid_to,
        source_scheme_id: scheme,
        scheme_id: scheme,
        source_reference: new.source.reference.clone(),
        source_paragraph: new.source.paragraph.clone(),
        sub_delegation_allowed: new.sub_delegation_allowed,
        illustrative: new.illustrative,
        revoked_on: None,
        revocation_reason: None,
        revoked_by_scheme_id: None,
        source_collaboration_id: new.source.collaboration_id.map(Into::into),
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// A new scheme version as stored (`create_scheme` and the bulk loader).
pub fn scheme_row(id: SchemeId, now: chrono::NaiveDateTime, new: &NewScheme) -> SchemeRow {
    SchemeRow {
        id,
        corporation_sole_id: new.corporation_sole_id.into(),
        kind: new.kind,
        title: new.title.clone(),
        scheme_version: new.scheme_version.clone(),
        adopted_on: new.adopted_on,
        adopted_by_reference: new.adopted_by_reference.clone(),
        document_uri: new.document_uri.clone(),
        document_digest: new.document_digest.clone(),
        supersedes_scheme_id: new.supersedes_scheme_id.map(SchemeId::from),
        superseded_on: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// When the collaboration a delegation stands under stopped carrying it: the collaboration's end
/// or the grantor's leaving it, whichever came first (R-DL-06). `None` for any other instrument.
pub fn instrument_lapse(
    conn: &mut DbConnection,
    row: &DelegationRow,
) -> Result<Option<domain::delegations::Lapse>, ApiError> {
    let Some(collaboration_id) = row.source_collaboration_id else { return Ok(None) };
    let Some(collaboration) = persistence::registry::collaboration_store::find(conn, collaboration_id)? else {
        return Ok(None);
    };
    let membership_ends_on = persistence::registry::collaboration_members_of(conn, collaboration_id, None)?
        .into_iter()
        .find(|m| {
            m.corporation_sole_id == row.corporation_sole_id
                && Period::new(m.starts_on, m.ends_on).contains(row.valid_from)
        })
        .and_then(|m| m.ends_on);
    Ok(domain::delegations::collaboration_lapse(&collaboration.name, collaboration.ends_on, membership_ends_on))
}

/// R-DL-03 for a delegation citing a collaboration: it exists, runs on `valid_from`, and the
/// grantor is one of its members that day.
fn check_collaboration(conn: &mut DbConnection, new: &NewDelegation) -> Result<Vec<RuleViolation>, ApiError> {
    let Some(collaboration_id) = new.source.collaboration_id else { return Ok(Vec::new()) };
    let collaboration = persistence::registry::collaboration_store::find(conn, collaboration_id.into())?
        .ok_or_else(|| ApiError::unknown_reference("/source/collaboration_id", "collaboration"))?;
    let member = persistence::registry::collaboration_members_of(conn, collaboration.id, Some(new.valid_from))?
        .iter()
        .any(|m| uuid::Uuid::from(m.corporation_sole_id) == new.corporation_sole_id);
    Ok(domain::delegations::check_collaboration_source(
        &Period::new(collaboration.starts_on, collaboration.ends_on),
        member,
        new.valid_from,
    ))
}

/// How a delegation's source reads in answers: `PCC/D/2017/05 para 4`, or `<scheme> <version> para 3.2`.
pub fn citation_text(row: &DelegationRow, schemes: &HashMap<SchemeId, SchemeRow>) -> String {
    let instrument = match row.source_scheme_id.and_then(|id| schemes.get(&id)) {
        Some(scheme) => format!("{} {}", scheme.title, scheme.scheme_version),
        None => row.source_reference.clone().unwrap_or_else(|| "an uncited instrument".into()),
    };
    match row.source_paragraph.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(paragraph) => format!("{instrument} para {paragraph}"),
        None => instrument,
    }
}

pub fn create_function(
    tx: &mut DbConnection,
    principal: &Principal,
    new: NewCatalogueFunction,
) -> Result<Change, ApiError> {
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
        id: FunctionId::generate(),
        code: new.code,
        name: new.name,
        reservation: new.reservation,
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
        row.id,
        row.version,
        &convert::catalogue_function(row)?,
        Some(location),
    )
}

pub fn create_scheme(tx: &mut DbConnection, principal: &Principal, new: NewScheme) -> Result<Change, ApiError> {
    let corporation_sole_id = CorporationSoleId::from(new.corporation_sole_id);
    corporation_sole_store::find(tx, corporation_sole_id)?
        .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
    allow_act(principal, Action::Create, &resource_of(tx, ResourceKind::Scheme, corporation_sole_id)?)?;
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
            let previous = scheme_store::find(tx, previous_id.into())?
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
                    format!("a re-adoption comes after the version it replaces (adopted on {})", previous.adopted_on),
                ));
            }
            Some(previous)
        }
    };
    let row = scheme_row(SchemeId::generate(), persistence::audit::now(), &new);
    scheme_store::insert(tx, &row)?;
    if let Some(mut previous) = previous {
        readopt(tx, &mut previous, &row, &new.carry_over)?;
    }
    let location = format!("{LOCATION_PREFIX}/schemes/{}", row.id);
    versioned_change("create", ResourceKind::Scheme, row.id, row.version, &convert::scheme(row)?, Some(location))
}

pub fn revoke_delegation(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    expected: i64,
    revocation: DelegationRevocation,
) -> Result<Change, ApiError> {
    let mut row = delegation_store::find(tx, DelegationId::from(id))?.ok_or(ApiError::NotFound)?;
    allow_act(principal, Action::End, &resource_of(tx, ResourceKind::Delegation, row.corporation_sole_id)?)?;
    crate::service::check_version(&row, expected)?;
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
    versioned_change("revoke", ResourceKind::Delegation, row.id, row.version, &convert::delegation(row)?, None)
}

pub fn list_functions(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: FunctionFilter,
) -> Result<CatalogueFunctionList, ApiError> {
    list_scope(principal, ResourceKind::Function)?;
    let page = store::list_functions(conn, &filter, &page)?;
    Ok(CatalogueFunctionList {
        items: page.items.into_iter().map(convert::catalogue_function).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_function(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<CatalogueFunction, ApiError> {
    let row = function_store::find(conn, FunctionId::from(id))?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &Resource::public(ResourceKind::Function))?;
    convert::catalogue_function(row)
}

pub fn list_schemes(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: SchemeFilter,
) -> Result<SchemeList, ApiError> {
    list_scope(principal, ResourceKind::Scheme)?;
    let page = store::list_schemes(conn, &filter, &page)?;
    Ok(SchemeList {
        items: page.items.into_iter().map(convert::scheme).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_scheme(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Scheme, ApiError> {
    let row = scheme_store::find(conn, SchemeId::from(id))?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &resource_of(conn, ResourceKind::Scheme, row.corporation_sole_id)?)?;
    convert::scheme(row)
}

pub fn list_delegations(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    filter: DelegationFilter,
) -> Result<DelegationList, ApiError> {
    list_scope(principal, ResourceKind::Delegation)?;
    let page = store::list_delegations(conn, &filter, &page)?;
    Ok(DelegationList {
        items: page.items.into_iter().map(convert::delegation).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

pub fn get_delegation(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Delegation, ApiError> {
    let row = delegation_store::find(conn, DelegationId::from(id))?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &resource_of(conn, ResourceKind::Delegation, row.corporation_sole_id)?)?;
    convert::delegation(row)
}

/// A delegation or consent that passes R-DL-01 to R-DL-04.
pub fn create_delegation(tx: &mut DbConnection, principal: &Principal, new: NewDelegation) -> Result<Change, ApiError> {
    let corporation_sole_id = CorporationSoleId::from(new.corporation_sole_id);
    corporation_sole_store::find(tx, corporation_sole_id)?
        .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
    allow_act(principal, Action::Create, &resource_of(tx, ResourceKind::Delegation, corporation_sole_id)?)?;
    let row = prepare_delegation(tx, new)?;
    delegation_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/delegations/{}", row.id);
    versioned_change(
        "create",
        ResourceKind::Delegation,
        row.id,
        row.version,
        &convert::delegation(row)?,
        Some(location),
    )
}
