//! A board secretary recording a published paper registers the people it names who have no record
//! yet (R-TM-05): name and organisation only, with their attendance, and no organisation
//! administrator needed. The new person is then maintained by that organisation.

use domain::access::{Action, Principal};
use domain::rules::check_text;
use openapi::boards::{NewAttendance, NewAttendee};
use persistence::ids::OrganisationId;
use persistence::registry::{self as registry, organisation_store};
use persistence::{Change, DbConnection};
use uuid::Uuid;

use crate::error::ApiError;
use crate::service::meetings::{add_attendance_to, MeetingScope};
use crate::service::people::insert_person;
use crate::service::refuse_if_any;

pub fn add_meeting_attendee(
    tx: &mut DbConnection,
    principal: &Principal,
    id: Uuid,
    new: NewAttendee,
) -> Result<Change, ApiError> {
    let scope = MeetingScope::authorized(tx, principal, id.into(), Action::Update)?;
    let full_name = new.full_name.trim().to_string();
    refuse_if_any([check_text(&full_name, "/full_name", 200), check_text(&new.capacity, "/capacity", 300)])?;
    let organisation = OrganisationId::from(new.organisation_id);
    organisation_store::find(tx, organisation)?
        .ok_or_else(|| ApiError::unknown_reference("/organisation_id", "organisation"))?;
    if let Some(existing) = registry::find_person_managed_by(tx, &full_name, organisation)? {
        return Err(ApiError::Conflict(format!(
            "{full_name} is already registered by that organisation as person {}: record their attendance with person_id",
            existing.id
        )));
    }
    let (person_id, person) = insert_person(tx, full_name, organisation)?;
    let attendance = NewAttendance {
        person_id: person_id.uuid(),
        kind: new.kind,
        capacity: new.capacity,
        corporation_sole_id: new.corporation_sole_id,
        voting: new.voting,
    };
    let mut change = add_attendance_to(tx, principal, scope, attendance)?;
    change.location = person.location.clone();
    change.related.insert(0, person);
    Ok(change)
}
