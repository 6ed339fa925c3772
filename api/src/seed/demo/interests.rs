//! Registers of interests and of gifts and hospitality for the demo: a few entries of the West
//! Mercia and Cambridgeshire PCCs' registers, kept by their OPCCs. The seeds hold no register, so
//! every entry is illustrative (each says so) and deliberately benign: memberships of national
//! bodies, a home withheld for safety, modest hospitality at partnership events.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::interests::{GiftKind, GiftOutcome, InterestCategory, RegisterStatus};
use openapi::interests::{NewGiftEntry, NewInterestEntry};
use persistence::ids::{InterestEntryId, PersonId};
use persistence::interests::{self as store, GiftEntryId};

use super::boards::Keys;
use super::{lookup, parse_id, Loader};
use crate::error::ApiError;
use crate::service::interests::{create_gift_entry, create_interest_entry};

fn id(map: &HashMap<String, String>, key: &str, what: &str) -> Result<uuid::Uuid, ApiError> {
    parse_id(lookup(map, key, what)?)
}

fn day(text: &str) -> Result<NaiveDate, ApiError> {
    text.parse().map_err(|_| ApiError::Internal(format!("demo registers: bad date {text:?}")))
}

/// (person, keeping organisation, category, description, organisation named, from, withheld reason)
type Interest =
    (&'static str, &'static str, InterestCategory, &'static str, &'static str, &'static str, Option<&'static str>);

const INTERESTS: &[Interest] = &[
    (
        "john-campion",
        "west-mercia-opcc",
        InterestCategory::MembershipOfBody,
        "Member of the Association of Police and Crime Commissioners, as PCC (illustrative).",
        "Association of Police and Crime Commissioners",
        "2016-05-12",
        None,
    ),
    (
        "john-campion",
        "west-mercia-opcc",
        InterestCategory::LandAndProperty,
        "Residential property in the police area (illustrative).",
        "Residential property in West Mercia",
        "2016-05-12",
        Some("The address of a home is withheld for the safety of its occupants (illustrative)."),
    ),
    (
        "graham-bright",
        "cambridgeshire-opcc",
        InterestCategory::MembershipOfBody,
        "Member of the Association of Police and Crime Commissioners, as PCC (illustrative).",
        "Association of Police and Crime Commissioners",
        "2012-11-22",
        None,
    ),
];

/// (person, keeping organisation, kind, day, giver, description, value in pence, outcome)
type Gift = (&'static str, &'static str, GiftKind, &'static str, &'static str, &'static str, i64, GiftOutcome);

const GIFTS: &[Gift] = &[
    (
        "john-campion",
        "west-mercia-opcc",
        GiftKind::Hospitality,
        "2017-03-09",
        "Association of Police and Crime Commissioners",
        "Refreshments at the partnership summit (illustrative).",
        1_500,
        GiftOutcome::Accepted,
    ),
    (
        "graham-bright",
        "cambridgeshire-opcc",
        GiftKind::Gift,
        "2015-12-14",
        "A supplier of the Constabulary (illustrative)",
        "A hamper offered at Christmas, declined (illustrative).",
        6_000,
        GiftOutcome::Declined,
    ),
];

/// Loads the demo registers; safe to run again.
pub fn load(loader: &mut Loader, keys: &Keys) -> Result<(), ApiError> {
    let platform = super::boards::platform(keys)?;
    for &(person, keeper, category, description, body, from_on, withheld) in INTERESTS {
        let person_id = id(keys.people, person, "person")?;
        let from_on = day(from_on)?;
        let new = NewInterestEntry {
            person_id,
            organisation_id: id(keys.organisations, keeper, "organisation")?,
            category,
            description: description.to_string(),
            interest_body: body.to_string(),
            from_on,
            to_on: None,
            status: if withheld.is_some() { RegisterStatus::Withheld } else { RegisterStatus::Published },
            withheld_reason: withheld.map(str::to_string),
        };
        let _: InterestEntryId = loader.ensure_typed(
            &platform,
            |c| Ok(store::find_interest(c, PersonId::from(person_id), body, from_on)?.map(|e| e.id)),
            |tx, principal| create_interest_entry(tx, principal, new),
        )?;
    }
    for &(person, keeper, kind, received_on, giver, description, pence, outcome) in GIFTS {
        let person_id = id(keys.people, person, "person")?;
        let received_on = day(received_on)?;
        let new = NewGiftEntry {
            person_id,
            organisation_id: id(keys.organisations, keeper, "organisation")?,
            kind,
            received_on,
            giver: giver.to_string(),
            description: description.to_string(),
            estimated_value_pence: pence,
            outcome,
            status: RegisterStatus::Published,
            withheld_reason: None,
        };
        let _: GiftEntryId = loader.ensure_typed(
            &platform,
            |c| Ok(store::find_gift(c, PersonId::from(person_id), giver, received_on)?.map(|e| e.id)),
            |tx, principal| create_gift_entry(tx, principal, new),
        )?;
    }
    Ok(())
}
