//! "Who could act for this office on this day?": the reverse of the authority check. The office's
//! holders that day, and every delegate a delegation or consent in force that day names for the
//! function, each judged by the same check (`domain::delegations::decide`) so the two can never
//! disagree. Needed to prove, after a transfer or an election, who could act for whom on which day.

use chrono::NaiveDate;
use domain::access::{list_scope, Principal, ResourceKind};
use domain::delegations::{chain_terms, decide, delegates_in_force, Capacity, DelegateKind, Outcome, Question};
use domain::Period;
use openapi::delegations::{AuthorityHolder, OfficeAuthority, PartyRef, PersonRef};
use persistence::delegations as store;
use persistence::ids::{CorporationSoleId, PostId};
use persistence::registry::{self as registry, corporation_sole_store, person_store, post_store};
use persistence::DbConnection;
use uuid::Uuid;

use crate::error::ApiError;
use crate::service::authority::{capacities, chain_link, links_of, schemes_cited};

/// The question: a day, a function of the catalogue and, optionally, an amount (limits apply).
#[derive(Debug, Clone)]
pub struct OfficeQuestion {
    pub on: NaiveDate,
    pub function: String,
    pub amount: Option<i64>,
}

pub fn who_could_act(
    conn: &mut DbConnection,
    principal: &Principal,
    office_id: Uuid,
    asked: OfficeQuestion,
) -> Result<OfficeAuthority, ApiError> {
    list_scope(principal, ResourceKind::Delegation)?;
    // The question arrives as query parameters: a bad one is a 400 naming it.
    if asked.amount.is_some_and(|a| a < 0) {
        let why = "an amount is a non-negative number of pence";
        return Err(ApiError::invalid_field("/query/amount_pence", "invalid_amount", why));
    }
    let office = corporation_sole_store::find(conn, office_id.into())?.ok_or(ApiError::NotFound)?;
    let function = store::find_function_by_code(conn, &asked.function)?.ok_or_else(|| {
        let why = "no function in the catalogue with this code";
        ApiError::Rules(vec![domain::RuleViolation::new("unknown_reference", "/query/function", why)])
    })?;
    let rows = store::delegations_of(conn, office.id)?;
    let schemes = schemes_cited(conn, &rows)?;
    let links = links_of(conn, &rows, &schemes)?;
    let question = Question {
        corporation_sole_id: office_id,
        corporation_sole_label: office.name.clone(),
        corporation_sole_period: Period::new(office.starts_on, office.ends_on),
        function: function.code.clone(),
        reservation: function.reservation,
        amount: asked.amount,
        already_committed: 0,
        on: asked.on,
        flags: Vec::new(),
    };
    let office_existed = question.corporation_sole_period.contains(asked.on);
    let mut holders = Vec::new();
    if office_existed {
        let office_actor = PartyRef { kind: DelegateKind::CorporationSole, id: office_id };
        let candidates = std::iter::once((office_actor.kind, office_actor.id)).chain(delegates_in_force(
            &links,
            &function.code,
            asked.on,
        ));
        for (kind, id) in candidates {
            let actor = PartyRef { kind, id };
            let capacity = capacities(conn, &actor, asked.on)?;
            let answer = decide(&question, &capacity, &links);
            if answer.outcome == Outcome::Denied {
                continue;
            }
            let terms = chain_terms(&links, &answer.chain, office_id);
            let chain = answer
                .chain
                .iter()
                .filter_map(|link| rows.iter().find(|row| row.id == *link))
                .map(|row| chain_link(row, &schemes))
                .collect::<Result<Vec<_>, _>>()?;
            holders.push(AuthorityHolder {
                actor,
                label: label_of(&capacity, &actor),
                held_by: held_by(conn, principal, &actor, asked.on)?,
                capacity: answer.capacity.unwrap_or_default(),
                chain,
                limit_per_act_pence: terms.limit_per_act,
                limit_total_pence: terms.limit_total,
                referral_conditions: terms.conditions,
                refer_to: terms.refer_to,
            });
        }
    }
    Ok(OfficeAuthority {
        corporation_sole_id: office_id,
        corporation_sole_name: office.name,
        on: asked.on,
        function: function.code,
        amount_pence: asked.amount,
        office_existed,
        holders,
    })
}

/// How the actor itself is named (the first capacity is always the actor).
fn label_of(capacity: &[Capacity], actor: &PartyRef) -> String {
    capacity.iter().find(|c| c.kind == actor.kind && c.id == actor.id).map_or_else(String::new, |c| c.label.clone())
}

/// Who was in the capacity on `day`: the holders of an office, the holders of a post the caller may
/// see, the person named; nobody for a board.
fn held_by(
    conn: &mut DbConnection,
    principal: &Principal,
    actor: &PartyRef,
    day: NaiveDate,
) -> Result<Vec<PersonRef>, ApiError> {
    let appointments = match actor.kind {
        DelegateKind::CorporationSole => {
            registry::appointments_to(conn, None, Some(CorporationSoleId::from(actor.id)))?
        }
        DelegateKind::Post => {
            let Some(post) = post_store::find(conn, PostId::from(actor.id))? else { return Ok(Vec::new()) };
            if !domain::access::can_see(principal, &crate::service::posts::resource(&post)?) {
                return Ok(Vec::new());
            }
            registry::appointments_to(conn, Some(post.id), None)?
        }
        DelegateKind::Person => return Ok(person_ref(conn, actor.id)?.into_iter().collect()),
        DelegateKind::Board => return Ok(Vec::new()),
    };
    let mut people = Vec::new();
    for appointment in appointments.iter().filter(|a| Period::new(a.starts_on, a.ends_on).contains(day)) {
        people.extend(person_ref(conn, appointment.person_id.uuid())?);
    }
    Ok(people)
}

fn person_ref(conn: &mut DbConnection, id: Uuid) -> Result<Option<PersonRef>, ApiError> {
    Ok(person_store::find(conn, id.into())?.map(|p| PersonRef { id: p.id.uuid(), full_name: p.full_name }))
}
