//! A record's representation as a principal may read it now, by the kind the audit log names it:
//! what each change-feed event and webhook delivery carries, so a consumer needs no follow-up read.
//! Each kind is read by its own get use case, so what an event shows is exactly what a read shows.

use domain::access::Principal;
use persistence::DbConnection;
use serde::Serialize;
use serde_json::value::RawValue;
use uuid::Uuid;

use crate::error::ApiError;
use crate::service::agreements::cache::AgreementCache;
use crate::service::{
    actions, appointments, boards, collaborations, corporations_sole, decisions, delegations, forces, forward_plan,
    interests, meetings, minutes, organisations, people, posts, questions, records_of_decision, succession,
};

/// The record of `kind` and `id` as the principal may read it now; None when it may not, when the
/// record is gone, or when the kind has no representation of its own (e.g. a board membership).
///
/// With `agreements` (a request's reads), an agreement is read as its `GET` reads it, through the
/// cache of agreement reads; without (the webhook worker), from the database.
pub fn read_as(
    conn: &mut DbConnection,
    principal: &Principal,
    kind: &str,
    id: &str,
    agreements: Option<&AgreementCache>,
) -> Result<Option<Box<RawValue>>, ApiError> {
    let Ok(id) = id.parse::<Uuid>() else { return Ok(None) };
    match kind {
        "force" => shown(forces::get_force(conn, principal, id)),
        "corporation_sole" => shown(corporations_sole::get_corporation_sole(conn, principal, id)),
        "organisation" => shown(organisations::get_organisation(conn, principal, id)),
        "person" => shown(people::get_person(conn, principal, id)),
        "post" => shown(posts::get_post(conn, principal, id)),
        "appointment" => shown(appointments::get_appointment(conn, principal, id)),
        "collaboration" => shown(collaborations::get_collaboration(conn, principal, id, None)),
        "function" => shown(delegations::get_function(conn, principal, id)),
        "scheme" => shown(delegations::get_scheme(conn, principal, id)),
        "delegation" => shown(delegations::get_delegation(conn, principal, id)),
        "transfer_order" => shown(succession::get_transfer_order(conn, principal, id)),
        "collaboration_agreement" => match agreements {
            Some(cache) => cached_agreement(conn, principal, id, cache),
            None => agreement(conn, principal, id),
        },
        "board" => shown(boards::get_board(conn, principal, id, None)),
        "meeting" => shown(meetings::get_meeting(conn, principal, id)),
        "agenda_item" => shown(meetings::get_agenda_item(conn, principal, id)),
        "minutes" => shown(minutes::get_minutes(conn, principal, id)),
        "action" => shown(actions::get_action(conn, principal, id)),
        "decision" => shown(decisions::get_decision(conn, principal, id)),
        "question" => shown(questions::get_question(conn, principal, id)),
        "record_of_decision" => shown(records_of_decision::get_record_of_decision(conn, principal, id)),
        "forward_plan_entry" => shown(forward_plan::get_forward_plan_entry(conn, principal, id)),
        "interest_entry" => shown(interests::get_interest_entry(conn, principal, id)),
        "gift_entry" => shown(interests::get_gift_entry(conn, principal, id)),
        _ => Ok(None),
    }
}

fn shown<T: Serialize>(read: Result<T, ApiError>) -> Result<Option<Box<RawValue>>, ApiError> {
    match read {
        Ok(record) => {
            Ok(Some(serde_json::value::to_raw_value(&record).map_err(|e| ApiError::Internal(e.to_string()))?))
        }
        Err(ApiError::NotFound | ApiError::Forbidden(_)) => Ok(None),
        Err(other) => Err(other),
    }
}

/// An agreement reads the same for everyone who may see it.
fn agreement(conn: &mut DbConnection, principal: &Principal, id: Uuid) -> Result<Option<Box<RawValue>>, ApiError> {
    if !crate::service::events::may_see_record(conn, principal, "collaboration_agreement", &id.to_string())? {
        return Ok(None);
    }
    let Some(aggregate) = persistence::agreements::load(conn, id.into())? else { return Ok(None) };
    shown(crate::service::agreements::representation(conn, &aggregate))
}

/// An agreement as its `GET` answers it, from the cache while nothing it was built from changed.
fn cached_agreement(
    conn: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    cache: &AgreementCache,
) -> Result<Option<Box<RawValue>>, ApiError> {
    match crate::service::agreements::drafts::read(conn, principal, id, cache) {
        Ok((body, _)) => {
            let text = String::from_utf8(body.to_vec()).map_err(|e| ApiError::Internal(e.to_string()))?;
            Ok(Some(RawValue::from_string(text).map_err(|e| ApiError::Internal(e.to_string()))?))
        }
        Err(ApiError::NotFound | ApiError::Forbidden(_)) => Ok(None),
        Err(other) => Err(other),
    }
}
