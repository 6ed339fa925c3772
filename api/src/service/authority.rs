//! The authority check: may this person act for this corporation sole, for this function, amount and
//! date, and on whose authority (office held that day, or a delegation chain in force that day). Used by
//! the authority-check endpoint and by every act for a corporation sole.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use domain::access::{list_scope, Action, Principal, Resource, ResourceKind};
use domain::delegations::{
    decide, Answer, Capacity, DelegateKind, Link, Outcome, Question, ReferralCondition, Reservation,
};
use domain::Period;
use openapi::delegations::{
    AuthorityCheck, AuthorityCheckList, AuthorityCheckRequest, ChainLink, CheckReason, PartyRef,
};
use persistence::delegations::{
    self as store, authority_check_store, AuthorityCheckId, AuthorityCheckRow, DelegationRow, SchemeId, SchemeRow,
};
use persistence::ids::CorporationSoleId;
use persistence::registry::{self as registry, corporation_sole_store, organisation_store, post_store, PageRequest};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::context::versioned_change;
use crate::convert;
use crate::error::ApiError;
use crate::extract::encode_cursor;
use crate::service::authority_cache::AuthorityCache;
use crate::service::delegations::{citation_text, post_label};
use crate::service::{allow, LOCATION_PREFIX};

pub const KIND: ResourceKind = ResourceKind::AuthorityCheck;

/// In what capacity a person may act for a corporation sole on a day, as approvals record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActingCapacity {
    /// True when the person held the office itself that day.
    pub office_holder: bool,
    /// e.g. `office holder (Police and Crime Commissioner for West Mercia)` or
    /// `Deputy Police and Crime Commissioner (Office of the PCC for West Mercia) under <instrument> para 3`.
    pub capacity: String,
    /// Delegation ids from the corporation sole's own down to the one the person acts under.
    pub chain: Vec<uuid::Uuid>,
}

/// The gate for approving, signing or deciding for a corporation sole: `acting_person_id` may act
/// for `corporation_sole_id` in `function_code` on `on` if they held the office that day, or a
/// delegation or consent in force that day (through every link of its chain) covers them without a
/// referral. Otherwise 403 with every reason. Call it inside the approval's write transaction so the
/// capacity it returns is recorded with the approval.
///
/// With `facts`, the facts are remembered ones where nothing they came from changed: pass it only
/// when the transaction has written nothing the `authority` revision watches (see
/// [`AuthorityCache::facts`]).
///
/// ```ignore
/// let acting = require_authority_to_act(tx, None, person_id, corporation_sole_id, "approve_board_decision", decided_on)?;
/// approval.capacity = acting.capacity;
/// ```
pub fn require_authority_to_act(
    conn: &mut DbConnection,
    facts: Option<&AuthorityCache>,
    acting_person_id: uuid::Uuid,
    corporation_sole_id: uuid::Uuid,
    function_code: &str,
    on: NaiveDate,
) -> Result<ActingCapacity, ApiError> {
    let asked = Asked {
        actor: PartyRef { kind: DelegateKind::Person, id: acting_person_id },
        function: function_code.to_string(),
        corporation_sole_id,
        amount: None,
        already_committed: 0,
        on,
        flags: Vec::new(),
    };
    let (answer, _) = answer(conn, &asked, facts)?;
    match answer.outcome {
        Outcome::Allowed => Ok(ActingCapacity {
            office_holder: answer.reasons.iter().any(|r| r.code == "office_holder"),
            capacity: answer.capacity.unwrap_or_default(),
            chain: answer.chain,
        }),
        Outcome::Refer | Outcome::Denied => {
            let reasons = answer.reasons.iter().map(|r| r.message.as_str()).collect::<Vec<_>>().join("; ");
            Err(ApiError::Forbidden(format!(
                "no authority to {function_code} for this corporation sole on {on}: {reasons}"
            )))
        }
    }
}

/// [`require_authority_to_act`] for the person behind a token (its `person_id` claim): a principal
/// whose token names no person cannot show authority to act for a corporation sole (403).
pub fn require_principal_authority_to_act(
    conn: &mut DbConnection,
    principal: &domain::access::Principal,
    corporation_sole_id: uuid::Uuid,
    function_code: &str,
    on: NaiveDate,
) -> Result<ActingCapacity, ApiError> {
    let person = principal.person_id.ok_or_else(|| {
        ApiError::Forbidden("acting for a corporation sole needs a token naming the person who acts (person_id)".into())
    })?;
    require_authority_to_act(conn, None, person, corporation_sole_id, function_code, on)
}

/// A question in the form the check needs.
#[derive(Debug, Clone)]
pub struct Asked {
    pub actor: PartyRef,
    pub function: String,
    pub corporation_sole_id: uuid::Uuid,
    pub amount: Option<i64>,
    pub already_committed: i64,
    pub on: NaiveDate,
    pub flags: Vec<ReferralCondition>,
}

/// The delegations of the corporation sole and the schemes they cite, loaded once per check.
pub struct Loaded {
    pub rows: HashMap<uuid::Uuid, DelegationRow>,
    pub schemes: HashMap<SchemeId, SchemeRow>,
}

/// Everything a check reads from the database for a question: the office and function asked about,
/// who the actor is that day, and the delegations that could reach them. The decision is made from
/// these and the question's amount and flags (see [`crate::service::authority_cache`]).
pub struct Facts {
    pub subject: Arc<Subject>,
    pub actor: Arc<Vec<Capacity>>,
    pub chains: Arc<Chains>,
}

/// The office acted for and the function asked about.
pub struct Subject {
    office_name: String,
    office_period: Period,
    function_code: String,
    reservation: Reservation,
}

/// The delegation chains from an office to a set of delegates (the capacities an actor has on a
/// day), with the schemes and collaborations they cite.
pub struct Chains {
    links: Vec<Link>,
    pub loaded: Loaded,
}

/// Answers `asked` from the database as it stood on `asked.on`. Unknown references are 422. With a
/// cache, the facts are read from it while nothing they were read from has changed.
pub fn answer(
    conn: &mut DbConnection,
    asked: &Asked,
    cache: Option<&AuthorityCache>,
) -> Result<(Answer, Facts), ApiError> {
    let facts = match cache {
        Some(cache) => cache.facts(conn, asked)?,
        None => read_facts(conn, asked)?,
    };
    let subject = &facts.subject;
    let question = Question {
        corporation_sole_id: asked.corporation_sole_id,
        corporation_sole_label: subject.office_name.clone(),
        corporation_sole_period: subject.office_period,
        function: subject.function_code.clone(),
        reservation: subject.reservation,
        amount: asked.amount,
        already_committed: asked.already_committed,
        on: asked.on,
        flags: asked.flags.clone(),
    };
    let answer = decide(&question, &facts.actor, &facts.chains.links);
    Ok((answer, facts))
}

/// Every fact of `asked` as stored now, in the order an unknown reference is refused.
pub fn read_facts(conn: &mut DbConnection, asked: &Asked) -> Result<Facts, ApiError> {
    let subject = Arc::new(read_subject(conn, asked)?);
    let actor = capacities(conn, &asked.actor, asked.on)?;
    let chains = Arc::new(read_chains(conn, asked.corporation_sole_id, &actor)?);
    Ok(Facts { subject, actor: Arc::new(actor), chains })
}

/// The office and function `asked` names, as stored now.
pub fn read_subject(conn: &mut DbConnection, asked: &Asked) -> Result<Subject, ApiError> {
    let office = corporation_sole_store::find(conn, asked.corporation_sole_id.into())?
        .ok_or_else(|| ApiError::unknown_reference("/corporation_sole_id", "corporation sole"))?;
    let function = store::find_function_by_code(conn, &asked.function)?
        .ok_or_else(|| ApiError::unknown_reference("/function", "function in the catalogue"))?;
    Ok(Subject {
        office_name: office.name,
        office_period: Period::new(office.starts_on, office.ends_on),
        function_code: function.code,
        reservation: function.reservation,
    })
}

/// The chains from `corporation_sole_id` to the capacities `actor`, as stored now: only delegations
/// to one of them, and the chains above those, can decide.
pub fn read_chains(conn: &mut DbConnection, corporation_sole_id: Uuid, actor: &[Capacity]) -> Result<Chains, ApiError> {
    let delegates: Vec<(String, String)> =
        actor.iter().map(|c| (c.kind.as_str().to_string(), c.id.to_string())).collect();
    let rows = store::chains_to(conn, corporation_sole_id.into(), &delegates)?;
    let schemes = schemes_cited(conn, &rows)?;
    let links = links_of(conn, &rows, &schemes)?;
    let rows = rows.into_iter().map(|row| (row.id.uuid(), row)).collect();
    Ok(Chains { links, loaded: Loaded { rows, schemes } })
}

/// The schemes the delegations cite, by id, in one statement.
pub fn schemes_cited(
    conn: &mut DbConnection,
    rows: &[DelegationRow],
) -> Result<HashMap<SchemeId, SchemeRow>, ApiError> {
    let mut cited: Vec<SchemeId> = rows.iter().filter_map(|r| r.source_scheme_id).collect();
    cited.sort();
    cited.dedup();
    if cited.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(store::schemes_by_id(conn, &cited)?.into_iter().map(|scheme| (scheme.id, scheme)).collect())
}

/// The stored delegations as the check sees them, each with the lapse of its instrument.
pub fn links_of(
    conn: &mut DbConnection,
    rows: &[DelegationRow],
    schemes: &HashMap<SchemeId, SchemeRow>,
) -> Result<Vec<Link>, ApiError> {
    rows.iter().map(|row| link(row, schemes, crate::service::delegations::instrument_lapse(conn, row)?)).collect()
}

pub fn link(
    row: &DelegationRow,
    schemes: &HashMap<SchemeId, SchemeRow>,
    lapse: Option<domain::delegations::Lapse>,
) -> Result<Link, ApiError> {
    Ok(Link {
        id: row.id.uuid(),
        parent_id: row.parent_delegation_id.map(Uuid::from),
        kind: row.kind,
        delegate_kind: row.delegate_kind,
        delegate_id: convert::uuid(&row.delegate_id)?,
        functions: domain::delegations::split_words(&row.functions),
        limit_per_act: row.limit_per_act_pence,
        limit_total: row.limit_total_pence,
        conditions: convert::codes(&row.referral_conditions, "referral condition", ReferralCondition::parse)?,
        refer_to: convert::uuids(&row.refer_to)?,
        period: Period::new(row.valid_from, row.valid_to),
        revoked_on: row.revoked_on,
        revocation_reason: row.revocation_reason.clone(),
        citation: citation_text(row, schemes),
        lapse,
    })
}

/// Everything the actor is on `day`: a person with the posts and offices they held that day; a post;
/// an office; a board.
pub fn capacities(conn: &mut DbConnection, actor: &PartyRef, day: NaiveDate) -> Result<Vec<Capacity>, ApiError> {
    let id = actor.id.to_string();
    let unknown = |what: &str| ApiError::unknown_reference("/actor/id", what);
    match actor.kind {
        DelegateKind::CorporationSole => {
            let office =
                corporation_sole_store::find(conn, actor.id.into())?.ok_or_else(|| unknown("corporation sole"))?;
            Ok(vec![Capacity { kind: DelegateKind::CorporationSole, id: actor.id, label: office.name }])
        }
        DelegateKind::Post => {
            let post = post_store::find(conn, actor.id.into())?.ok_or_else(|| unknown("post"))?;
            Ok(vec![post_capacity(conn, post)?])
        }
        DelegateKind::Board => {
            Ok(vec![Capacity { kind: DelegateKind::Board, id: actor.id, label: format!("board {id}") }])
        }
        DelegateKind::Person => {
            let (name, holding) =
                registry::person_holding_on(conn, actor.id.into(), day)?.ok_or_else(|| unknown("person"))?;
            let mut held = vec![Capacity { kind: DelegateKind::Person, id: actor.id, label: name }];
            held.extend(holding.into_iter().map(|office| match office {
                registry::HeldOn::Post { id, title, organisation_name } => {
                    Capacity { kind: DelegateKind::Post, id: id.uuid(), label: post_label(&title, &organisation_name) }
                }
                registry::HeldOn::Office { id, name } => {
                    Capacity { kind: DelegateKind::CorporationSole, id: id.uuid(), label: name }
                }
            }));
            Ok(held)
        }
    }
}

pub fn post_capacity(conn: &mut DbConnection, post: persistence::registry::PostRow) -> Result<Capacity, ApiError> {
    let organisation = organisation_store::find(conn, post.organisation_id)?
        .ok_or_else(|| ApiError::Internal("post of a missing organisation".into()))?;
    Ok(Capacity { kind: DelegateKind::Post, id: post.id.uuid(), label: post_label(&post.title, &organisation.name) })
}

pub fn chain_link(row: &DelegationRow, schemes: &HashMap<SchemeId, SchemeRow>) -> Result<ChainLink, ApiError> {
    let delegation = convert::delegation(row.clone())?;
    Ok(ChainLink {
        delegation_id: delegation.id,
        kind: delegation.kind,
        parent_delegation_id: delegation.parent_delegation_id,
        delegate: delegation.delegate,
        citation: citation_text(row, schemes),
        source: delegation.source,
        limit_per_act_pence: delegation.limit_per_act_pence,
        limit_total_pence: delegation.limit_total_pence,
        referral_conditions: delegation.referral_conditions,
        valid_from: delegation.valid_from,
        valid_to: delegation.valid_to,
        revoked_on: delegation.revoked_on,
    })
}

/// The contract form of an answer.
pub fn served(
    request: AuthorityCheckRequest,
    answer: Answer,
    loaded: &Loaded,
    id: Option<uuid::Uuid>,
    organisation_id: Option<uuid::Uuid>,
) -> Result<AuthorityCheck, ApiError> {
    let chain = answer
        .chain
        .iter()
        .map(|id| {
            let row = loaded
                .rows
                .get(id)
                .ok_or_else(|| ApiError::Internal(format!("chain names unknown delegation {id}")))?;
            chain_link(row, &loaded.schemes)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AuthorityCheck {
        id,
        recorded: id.is_some(),
        question: request,
        outcome: answer.outcome,
        capacity: answer.capacity,
        refer_to: answer.refer_to,
        chain,
        reasons: answer
            .reasons
            .into_iter()
            .map(|r| CheckReason { code: r.code.to_string(), message: r.message, delegation_id: r.delegation_id })
            .collect(),
        checked_at: chrono::DateTime::from_naive_utc_and_offset(persistence::audit::now(), chrono::Utc),
        organisation_id,
        version: 1,
    })
}

pub fn asked_from(request: &AuthorityCheckRequest) -> Result<Asked, ApiError> {
    let mut violations = Vec::new();
    for (pointer, amount) in
        [("/amount_pence", request.amount_pence), ("/already_committed_pence", request.already_committed_pence)]
    {
        if amount.is_some_and(|a| a < 0) {
            violations.push(domain::RuleViolation::new(
                "invalid_amount",
                pointer,
                "an amount is a non-negative number of pence",
            ));
        }
    }
    ApiError::check(violations)?;
    Ok(Asked {
        actor: request.actor,
        function: request.function.clone(),
        corporation_sole_id: request.corporation_sole_id,
        amount: request.amount_pence,
        already_committed: request.already_committed_pence.unwrap_or(0),
        on: request.on,
        flags: request.flags.clone(),
    })
}

pub fn get_authority_check(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
) -> Result<AuthorityCheck, ApiError> {
    let row = authority_check_store::find(conn, AuthorityCheckId::from(id))?.ok_or(ApiError::NotFound)?;
    allow(principal, Action::Read, &Resource::owned(KIND, Some(row.organisation_id.uuid()), false))?;
    convert::authority_check(row)
}

pub fn list_authority_checks(
    conn: &mut DbConnection,
    principal: &Principal,
    page: PageRequest,
    corporation_sole: Option<CorporationSoleId>,
) -> Result<AuthorityCheckList, ApiError> {
    let scope = list_scope(principal, KIND)?;
    let page = store::list_authority_checks(conn, scope, corporation_sole, &page)?;
    Ok(AuthorityCheckList {
        items: page.items.into_iter().map(convert::authority_check).collect::<Result<_, _>>()?,
        next_cursor: encode_cursor(page.next_cursor),
    })
}

/// Answers an authority question without recording it.
pub fn check_authority(
    conn: &mut DbConnection,
    principal: &Principal,
    request: AuthorityCheckRequest,
    asked: Asked,
    cache: &AuthorityCache,
) -> Result<AuthorityCheck, ApiError> {
    allow(principal, Action::Create, &Resource::owned(KIND, principal.organisation_id, true))?;
    let (answer, facts) = answer(conn, &asked, Some(cache))?;
    served(request, answer, &facts.chains.loaded, None, principal.organisation_id)
}

/// Answers an authority question and records the question and its answer, as evidence of what the
/// service said on the day.
pub fn record_authority_check(
    tx: &mut DbConnection,
    principal: &Principal,
    request: AuthorityCheckRequest,
    asked: Asked,
    cache: &AuthorityCache,
) -> Result<Change, ApiError> {
    // The question is not secret; the record, once made, is visible to the asking organisation.
    allow(principal, Action::Create, &Resource::owned(KIND, principal.organisation_id, true))?;
    let organisation =
        principal.organisation_id.ok_or_else(|| ApiError::Unauthenticated("this needs a bearer token".into()))?;
    // The transaction has written nothing yet, so the facts it reads are committed ones.
    let (answer, facts) = answer(tx, &asked, Some(cache))?;
    let id = AuthorityCheckId::generate();
    let served = served(request, answer, &facts.chains.loaded, Some(id.uuid()), Some(organisation))?;
    let body = serde_json::to_string(&served).map_err(|e| ApiError::Internal(e.to_string()))?;
    let now = persistence::audit::now();
    let row = AuthorityCheckRow {
        id,
        organisation_id: organisation.into(),
        asked_by: principal.subject.clone(),
        actor_kind: served.question.actor.kind,
        actor_id: served.question.actor.id.to_string(),
        function_code: served.question.function.clone(),
        corporation_sole_id: served.question.corporation_sole_id.into(),
        amount_pence: served.question.amount_pence,
        on_date: served.question.on,
        flags: domain::delegations::join_codes(&served.question.flags, |f| f.as_str()),
        outcome: served.outcome,
        answer: body,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    authority_check_store::insert(tx, &row)?;
    let location = format!("{LOCATION_PREFIX}/authority-checks/{id}");
    versioned_change("create", KIND, row.id, row.version, &served, Some(location))
}
